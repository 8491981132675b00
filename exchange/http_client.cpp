#include "exchange/http_client.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <mutex>
#include <stdexcept>

namespace hedgebot::http {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string lowercase(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
      throw std::runtime_error("curl_global_init failed");
    }
  });
}

// The URL without its query string: what error messages show (the query holds the signature).
std::string without_query(std::string_view url) {
  const auto mark = url.find('?');
  return std::string(url.substr(0, mark));
}

struct TransferState {
  Response* response = nullptr;
  size_t max_body_bytes = 0;
  bool too_large = false;
  bool repeat_forbidden = false;  // a POST: never let curl resend it on a fresh connection
  int attempts = 0;
  bool refused_repeat = false;
};

size_t on_body(char* data, size_t size, size_t count, void* user) {
  auto* state = static_cast<TransferState*>(user);
  const size_t bytes = size * count;
  if (state->response->body.size() + bytes > state->max_body_bytes) {
    state->too_large = true;
    return 0;  // aborts the transfer with CURLE_WRITE_ERROR
  }
  state->response->body.append(data, bytes);
  return bytes;
}

size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto* state = static_cast<TransferState*>(user);
  const size_t bytes = size * count;
  std::string_view line(data, bytes);
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.remove_suffix(1);
  if (line.rfind("HTTP/", 0) == 0) {
    state->response->headers.clear();  // a new response (after 100 Continue or a retry)
    return bytes;
  }
  const auto colon = line.find(':');
  if (colon == std::string_view::npos) return bytes;
  std::string_view value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  state->response->headers.emplace_back(std::string(line.substr(0, colon)), std::string(value));
  return bytes;
}

// Called by curl before each attempt to send the request. libcurl silently resends a request
// when a reused connection dies before any response byte arrives; for an order that could
// mean placing it twice, so a second attempt of a POST is refused here.
int on_prerequest(void* user, char*, char*, int, int) {
  auto* state = static_cast<TransferState*>(user);
  ++state->attempts;
  if (state->attempts > 1 && state->repeat_forbidden) {
    state->refused_repeat = true;
    return CURL_PREREQFUNC_ABORT;
  }
  return CURL_PREREQFUNC_OK;
}

}  // namespace

const char* to_string(Method method) {
  switch (method) {
    case Method::Get:
      return "GET";
    case Method::Post:
      return "POST";
    case Method::Put:
      return "PUT";
    case Method::Delete:
      return "DELETE";
  }
  return "GET";
}

std::optional<std::string> Response::header(std::string_view name) const {
  std::optional<std::string> found;
  for (const auto& [key, value] : headers) {
    if (iequals(key, name)) found = value;
  }
  return found;
}

Result<ParsedUrl> parse_url(std::string_view url) {
  const std::string shown(url.substr(0, 200));
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) {
    return make_error(ErrorKind::InvalidInput, "not an absolute URL: '" + shown + "'");
  }
  ParsedUrl parsed;
  parsed.scheme = lowercase(url.substr(0, scheme_end));
  if (parsed.scheme != "http" && parsed.scheme != "https") {
    return make_error(ErrorKind::InvalidInput, "unsupported URL scheme '" + parsed.scheme +
                                                   "' in '" + shown + "' (use https://)");
  }
  const std::string_view rest = url.substr(scheme_end + 3);
  const auto authority_end = rest.find_first_of("/?#");
  const std::string_view authority = rest.substr(0, authority_end);
  if (authority.find('@') != std::string_view::npos) {
    return make_error(ErrorKind::InvalidInput, "credentials in a URL are not accepted");
  }
  std::string_view host = authority;
  if (!host.empty() && host.front() == '[') {
    const auto close = host.find(']');
    if (close == std::string_view::npos) {
      return make_error(ErrorKind::InvalidInput, "bad IPv6 address in '" + shown + "'");
    }
    const std::string_view after = host.substr(close + 1);
    if (!after.empty() && after.front() != ':') {
      return make_error(ErrorKind::InvalidInput, "bad host in '" + shown + "'");
    }
    host = host.substr(1, close - 1);
  } else {
    const auto colon = host.find(':');
    if (colon != std::string_view::npos) {
      const std::string_view port = host.substr(colon + 1);
      unsigned value = 0;
      auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
      if (ec != std::errc() || ptr != port.data() + port.size() || value == 0 || value > 65535) {
        return make_error(ErrorKind::InvalidInput, "bad port in '" + shown + "'");
      }
      host = host.substr(0, colon);
    }
  }
  if (host.empty()) return make_error(ErrorKind::InvalidInput, "no host in '" + shown + "'");
  parsed.host = lowercase(host);
  parsed.origin = parsed.scheme + "://" + lowercase(authority);
  parsed.path_and_query =
      authority_end == std::string_view::npos ? "/" : std::string(rest.substr(authority_end));
  return parsed;
}

bool is_loopback_host(std::string_view host) {
  if (iequals(host, "localhost") || host == "::1" || host == "0:0:0:0:0:0:0:1") return true;
  // 127.0.0.0/8 in dotted-quad form.
  int parts = 0;
  size_t pos = 0;
  int first = -1;
  while (pos <= host.size()) {
    const auto dot = host.find('.', pos);
    const std::string_view part =
        host.substr(pos, dot == std::string_view::npos ? std::string_view::npos : dot - pos);
    int value = -1;
    auto [ptr, ec] = std::from_chars(part.data(), part.data() + part.size(), value);
    if (part.empty() || ec != std::errc() || ptr != part.data() + part.size() || value < 0 ||
        value > 255) {
      return false;
    }
    if (parts == 0) first = value;
    ++parts;
    if (dot == std::string_view::npos) break;
    pos = dot + 1;
  }
  return parts == 4 && first == 127;
}

Status check_url_allowed(std::string_view url) {
  auto parsed = parse_url(url);
  if (!parsed) return make_error(ErrorKind::Config, parsed.error().message);
  if (parsed->scheme == "http" && !is_loopback_host(parsed->host)) {
    return make_error(ErrorKind::Config,
                      "refusing plain http:// to '" + parsed->host +
                          "': use https:// (plain http is accepted only for loopback hosts such "
                          "as 127.0.0.1, localhost or [::1], e.g. a local fake venue)");
  }
  return ok_status();
}

struct HttpClient::Handle {
  CURL* easy = nullptr;
  char error_buffer[CURL_ERROR_SIZE] = {};
  ~Handle() {
    if (easy != nullptr) curl_easy_cleanup(easy);
  }
};

HttpClient::HttpClient(ClientOptions options) : options_(std::move(options)) {
  global_init();
}

HttpClient::~HttpClient() = default;

HttpClient::Handle& HttpClient::handle_for(const std::string& origin) {
  auto found = handles_.find(origin);
  if (found != handles_.end()) return *found->second;
  auto handle = std::make_unique<Handle>();
  handle->easy = curl_easy_init();
  if (handle->easy == nullptr) throw std::runtime_error("curl_easy_init failed");
  CURL* easy = handle->easy;
  curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, handle->error_buffer);
  curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options_.connect_timeout_ms));
  curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.timeout_ms));
  curl_easy_setopt(easy, CURLOPT_USERAGENT, options_.user_agent.c_str());
  curl_easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, "gzip");
  curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(easy, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(easy, CURLOPT_TCP_NODELAY, 1L);
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &on_body);
  curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, &on_header);
  curl_easy_setopt(easy, CURLOPT_PREREQFUNCTION, &on_prerequest);
  auto& stored = handles_[origin];
  stored = std::move(handle);
  return *stored;
}

Result<Response> HttpClient::send(const Request& request) {
  if (auto allowed = check_url_allowed(request.url); !allowed) return allowed.error();
  auto parsed = parse_url(request.url);
  if (!parsed) return parsed.error();
  Handle& handle = handle_for(parsed->origin);
  CURL* easy = handle.easy;
  const std::string shown =
      std::string(to_string(request.method)) + " " + without_query(request.url);

  Response response;
  TransferState state;
  state.response = &response;
  state.max_body_bytes = options_.max_body_bytes;
  state.repeat_forbidden = request.method == Method::Post || request.method == Method::Put;

  curl_easy_setopt(easy, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, &state);
  curl_easy_setopt(easy, CURLOPT_HEADERDATA, &state);
  curl_easy_setopt(easy, CURLOPT_PREREQDATA, &state);
  curl_easy_setopt(easy, CURLOPT_NOBODY, 0L);
  curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, nullptr);
  const bool has_body =
      request.method == Method::Post || request.method == Method::Put || !request.body.empty();
  if (has_body) {
    curl_easy_setopt(easy, CURLOPT_POST, 1L);
    curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE, static_cast<long>(request.body.size()));
    curl_easy_setopt(easy, CURLOPT_COPYPOSTFIELDS, request.body.c_str());
  } else {
    curl_easy_setopt(easy, CURLOPT_HTTPGET, 1L);
  }
  if (request.method == Method::Put || request.method == Method::Delete) {
    curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, to_string(request.method));
  }

  curl_slist* header_list = curl_slist_append(nullptr, "Expect:");
  for (const auto& [name, value] : request.headers) {
    std::string line = name + ": ";
    line += value;
    header_list = curl_slist_append(header_list, line.c_str());
  }
  curl_easy_setopt(easy, CURLOPT_HTTPHEADER, header_list);
  handle.error_buffer[0] = '\0';
  const CURLcode code = curl_easy_perform(easy);
  curl_easy_setopt(easy, CURLOPT_HTTPHEADER, nullptr);
  curl_slist_free_all(header_list);

  OriginStats& stats = stats_[parsed->origin];
  ++stats.requests;
  long new_connections = 0;
  curl_easy_getinfo(easy, CURLINFO_NUM_CONNECTS, &new_connections);
  stats.connections += new_connections;

  if (code == CURLE_OK) {
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &response.status);
    return response;
  }

  curl_off_t pretransfer_us = 0;
  curl_easy_getinfo(easy, CURLINFO_PRETRANSFER_TIME_T, &pretransfer_us);
  const bool maybe_sent = pretransfer_us > 0 || state.attempts > 0;
  const std::string detail =
      handle.error_buffer[0] != '\0' ? std::string(handle.error_buffer) : curl_easy_strerror(code);
  const std::string sent_note =
      maybe_sent ? (state.repeat_forbidden
                        ? "; the request was sent, so it may have been executed (status unknown)"
                        : "; the request may have reached the server")
                 : "; nothing was sent";

  if (state.refused_repeat) {
    return make_error(ErrorKind::Network,
                      shown +
                          ": the connection dropped after the request was sent and before "
                          "any answer; it may have been executed (status unknown)");
  }
  switch (code) {
    case CURLE_OPERATION_TIMEDOUT:
      return make_error(ErrorKind::Timeout, shown + ": no answer within " +
                                                std::to_string(options_.timeout_ms) + " ms (" +
                                                detail + ")" + sent_note);
    case CURLE_WRITE_ERROR:
      if (state.too_large) {
        return make_error(
            ErrorKind::InvalidResponse,
            shown + ": response larger than " + std::to_string(options_.max_body_bytes) + " bytes");
      }
      break;
    case CURLE_BAD_CONTENT_ENCODING:
      return make_error(ErrorKind::InvalidResponse,
                        shown + ": undecodable response (" + detail + ")");
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
      return make_error(ErrorKind::Network,
                        shown + ": cannot connect (" + detail + "); nothing was sent");
    default:
      break;
  }
  return make_error(ErrorKind::Network, shown + ": " + detail + sent_note);
}

}  // namespace hedgebot::http
