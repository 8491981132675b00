#include "exchange/http_client.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>

#include "fakevenue/http_server.hpp"

namespace hedgebot::http {
namespace {

using fake::HttpReply;
using fake::HttpRequest;
using fake::LoopbackHttpServer;

ClientOptions fast_options() {
  ClientOptions options;
  options.timeout_ms = 1000;
  options.connect_timeout_ms = 500;
  options.user_agent = "hedgebot/test";
  return options;
}

TEST(HttpUrl, RefusesPlainHttpOutsideLoopback) {
  auto refused = check_url_allowed("http://fapi.binance.com");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::Config);
  EXPECT_NE(refused.error().message.find("https://"), std::string::npos);
  EXPECT_FALSE(check_url_allowed("http://10.0.0.1:8080/x").ok());
  EXPECT_FALSE(check_url_allowed("http://127.example.com").ok());
  EXPECT_FALSE(check_url_allowed("ftp://127.0.0.1/").ok());
  EXPECT_FALSE(check_url_allowed("http://user@127.0.0.1/").ok());
  EXPECT_TRUE(check_url_allowed("https://fapi.binance.com").ok());
  EXPECT_TRUE(check_url_allowed("http://127.0.0.1:4321").ok());
  EXPECT_TRUE(check_url_allowed("http://127.1.2.3/").ok());
  EXPECT_TRUE(check_url_allowed("http://localhost:8080/fapi").ok());
  EXPECT_TRUE(check_url_allowed("http://[::1]:9000").ok());
}

TEST(HttpUrl, ParsesOrigins) {
  auto parsed = parse_url("HTTPS://FAPI.binance.com:443/fapi/v1/time?x=1");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->scheme, "https");
  EXPECT_EQ(parsed->host, "fapi.binance.com");
  EXPECT_EQ(parsed->origin, "https://fapi.binance.com:443");
  EXPECT_EQ(parsed->path_and_query, "/fapi/v1/time?x=1");
  EXPECT_EQ(parse_url("http://[::1]:80/")->host, "::1");
  EXPECT_FALSE(parse_url("not a url").ok());
  EXPECT_FALSE(parse_url("http://host:99999/").ok());
}

TEST(HttpClient, SendRefusesPlainHttpToARemoteHostWithoutConnecting) {
  HttpClient client(fast_options());
  auto response = client.send(Request{Method::Get, "http://example.com/", {}, ""});
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().kind, ErrorKind::Config);
  EXPECT_TRUE(client.origin_stats().empty());
}

TEST(HttpClient, ReturnsStatusHeadersAndBodyAndSendsUserAgentAndGzip) {
  HttpRequest seen;
  LoopbackHttpServer server([&](const HttpRequest& request) {
    seen = request;
    return HttpReply{418, R"({"code":-1003})", {{"X-MBX-USED-WEIGHT-1M", "17"}}, false, 0};
  });
  HttpClient client(fast_options());
  const std::string url = "http://127.0.0.1:" + std::to_string(server.port()) + "/a/b?x=1";
  auto response = client.send(Request{Method::Post, url, {{"X-MBX-APIKEY", "k"}}, "p=1"});
  ASSERT_TRUE(response.ok()) << response.error().message;
  EXPECT_EQ(response->status, 418);
  EXPECT_EQ(response->body, R"({"code":-1003})");
  EXPECT_EQ(response->header("x-mbx-used-weight-1m").value_or(""), "17");
  EXPECT_EQ(response->header("X-Mbx-Used-Weight-1M").value_or(""), "17");
  EXPECT_FALSE(response->header("Retry-After").has_value());
  EXPECT_EQ(seen.method, "POST");
  EXPECT_EQ(seen.path, "/a/b");
  EXPECT_EQ(seen.query, "x=1");
  EXPECT_EQ(seen.body, "p=1");
  EXPECT_EQ(seen.headers["user-agent"], "hedgebot/test");
  EXPECT_NE(seen.headers["accept-encoding"].find("gzip"), std::string::npos);
  EXPECT_EQ(seen.headers["x-mbx-apikey"], "k");
}

TEST(HttpClient, ReusesOneConnectionPerHost) {
  LoopbackHttpServer server([](const HttpRequest&) { return HttpReply{200, "{}", {}, false, 0}; });
  HttpClient client(fast_options());
  const std::string base = "http://127.0.0.1:" + std::to_string(server.port());
  for (int i = 0; i < 10; ++i) {
    const Method method = i % 3 == 0 ? Method::Post : (i % 3 == 1 ? Method::Get : Method::Delete);
    ASSERT_TRUE(client.send(Request{method, base + "/x", {}, ""}).ok());
  }
  EXPECT_EQ(server.connections_accepted(), 1);
  EXPECT_EQ(client.origin_stats().at(base).requests, 10);
  EXPECT_EQ(client.origin_stats().at(base).connections, 1);
}

TEST(HttpClient, RefusesAResponseLargerThanTheCap) {
  LoopbackHttpServer server([](const HttpRequest&) {
    return HttpReply{200, std::string(5000, 'x'), {}, false, 0};
  });
  ClientOptions options = fast_options();
  options.max_body_bytes = 1024;
  HttpClient client(options);
  auto response = client.send(
      Request{Method::Get, "http://127.0.0.1:" + std::to_string(server.port()) + "/", {}, ""});
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().kind, ErrorKind::InvalidResponse);
}

TEST(HttpClient, SlowAnswerIsATimeout) {
  LoopbackHttpServer server([](const HttpRequest&) {
    return HttpReply{200, "{}", {}, false, 400};
  });
  ClientOptions options = fast_options();
  options.timeout_ms = 100;
  HttpClient client(options);
  auto response = client.send(
      Request{Method::Get, "http://127.0.0.1:" + std::to_string(server.port()) + "/", {}, ""});
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().kind, ErrorKind::Timeout);
}

TEST(HttpClient, RefusedConnectionIsNetworkAndNothingWasSent) {
  uint16_t port = 0;
  {
    LoopbackHttpServer server([](const HttpRequest&) { return HttpReply{}; });
    port = server.port();
  }
  HttpClient client(fast_options());
  auto response =
      client.send(Request{Method::Post, "http://127.0.0.1:" + std::to_string(port) + "/", {}, ""});
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().kind, ErrorKind::Network);
  EXPECT_NE(response.error().message.find("nothing was sent"), std::string::npos);
}

// libcurl resends a request by itself when a reused connection dies before any answer. For a
// POST (an order) that would place it twice; the client must refuse and report it instead.
TEST(HttpClient, NeverResendsAPostWhenAReusedConnectionDrops) {
  std::atomic<int> posts{0};
  LoopbackHttpServer server([&](const HttpRequest& request) {
    if (request.method == "POST") {
      ++posts;
      return HttpReply{0, "", {}, true, 0};  // executed, answer lost
    }
    return HttpReply{200, "{}", {}, false, 0};
  });
  HttpClient client(fast_options());
  const std::string base = "http://127.0.0.1:" + std::to_string(server.port());
  ASSERT_TRUE(client.send(Request{Method::Get, base + "/warm", {}, ""}).ok());
  auto response = client.send(Request{Method::Post, base + "/fapi/v1/order", {}, ""});
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().kind, ErrorKind::Network);
  EXPECT_NE(response.error().message.find("may have been executed"), std::string::npos);
  EXPECT_EQ(posts.load(), 1);
}

TEST(HttpClient, RetriesAGetOnAFreshConnectionWhenAReusedOneDrops) {
  std::atomic<int> gets{0};
  LoopbackHttpServer server([&](const HttpRequest& request) {
    if (request.path == "/flaky" && gets++ == 0) return HttpReply{0, "", {}, true, 0};
    return HttpReply{200, "{}", {}, false, 0};
  });
  HttpClient client(fast_options());
  const std::string base = "http://127.0.0.1:" + std::to_string(server.port());
  ASSERT_TRUE(client.send(Request{Method::Get, base + "/warm", {}, ""}).ok());
  auto response = client.send(Request{Method::Get, base + "/flaky", {}, ""});
  ASSERT_TRUE(response.ok()) << response.error().message;
  EXPECT_EQ(gets.load(), 2);
}

}  // namespace
}  // namespace hedgebot::http
