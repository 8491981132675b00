#pragma once
// HTTP over libcurl for the venue adapters. One curl handle per origin (scheme://host:port),
// kept for the life of the client, so connections are reused (keep-alive: a daemon makes
// one TLS handshake per host, not one per tick). TLS verification is always on. Plain
// http:// is accepted only for loopback hosts (tests, a local fake venue).
//
// Not thread-safe: one HttpClient per thread.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "exchange/result.hpp"

namespace hedgebot::http {

enum class Method { Get, Post, Put, Delete };
const char* to_string(Method method);

using Headers = std::vector<std::pair<std::string, std::string>>;

struct Request {
  Method method = Method::Get;
  std::string url;   // absolute, with the query string already encoded
  Headers headers;   // extra request headers
  std::string body;  // sent as application/x-www-form-urlencoded when not empty
};

struct Response {
  long status = 0;
  Headers headers;  // as received; look up with header()
  std::string body;

  // The last value of header `name`, compared case-insensitively; nullopt when absent.
  std::optional<std::string> header(std::string_view name) const;
};

struct ClientOptions {
  int64_t connect_timeout_ms = 3000;
  int64_t timeout_ms = 10000;  // whole request
  std::string user_agent = "hedgebot";
  size_t max_body_bytes = 8U << 20U;  // a larger response is an error
};

// Connection and request counts for one origin ("http://127.0.0.1:4321").
struct OriginStats {
  int64_t requests = 0;
  int64_t connections = 0;  // new TCP connections opened (1 when keep-alive works)
};

struct ParsedUrl {
  std::string scheme;  // "http" | "https"
  std::string host;    // without brackets for IPv6
  std::string origin;  // scheme://host[:port]
  std::string path_and_query;
};

// Splits an absolute URL; InvalidInput when it is not http(s)://host[:port][/...].
Result<ParsedUrl> parse_url(std::string_view url);

// True for 127.0.0.0/8, "localhost" and ::1.
bool is_loopback_host(std::string_view host);

// Config error unless the URL is https://, or http:// to a loopback host.
Status check_url_allowed(std::string_view url);

// Transport failures come back as errors:
//   Timeout  - no complete answer in time; the request may have been executed.
//   Network  - could not connect (nothing sent), or the connection dropped; the message says
//              whether the request may have reached the server ("may have been executed").
//   InvalidResponse - a body larger than max_body_bytes, or an undecodable response.
//   Config   - a URL refused by check_url_allowed().
// Any HTTP status (including 4xx/5xx) is a successful Response.
class HttpClient {
 public:
  explicit HttpClient(ClientOptions options);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  Result<Response> send(const Request& request);

  const ClientOptions& options() const { return options_; }
  const std::map<std::string, OriginStats>& origin_stats() const { return stats_; }

 private:
  struct Handle;
  Handle& handle_for(const std::string& origin);

  ClientOptions options_;
  std::map<std::string, std::unique_ptr<Handle>> handles_;
  std::map<std::string, OriginStats> stats_;
};

}  // namespace hedgebot::http
