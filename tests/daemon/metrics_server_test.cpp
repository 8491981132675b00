// The /metrics server on its own: what it answers to each request, where it binds, and that it
// stops promptly whenever it is stopped.
#include "bot/daemon/metrics_server.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "exchange/http_client.hpp"

namespace hedgebot::bot::daemon {
namespace {

Result<http::Response> request(http::Method method, int port, const std::string& path) {
  http::HttpClient client(http::ClientOptions{});
  return client.send({method, "http://127.0.0.1:" + std::to_string(port) + path, {}, ""});
}

TEST(MetricsServer, ServesTheTextOnMetricsAndNothingElse) {
  MetricsServer server;
  ASSERT_TRUE(server.start({"127.0.0.1", 0}));
  ASSERT_GT(server.port(), 0);
  EXPECT_EQ(server.listening_on(), "127.0.0.1:" + std::to_string(server.port()));
  server.set_text("hedgebot_up 1\n");

  Result<http::Response> metrics = request(http::Method::Get, server.port(), "/metrics");
  ASSERT_TRUE(metrics) << metrics.error().describe();
  EXPECT_EQ(metrics->status, 200);
  EXPECT_EQ(metrics->body, "hedgebot_up 1\n");
  EXPECT_EQ(metrics->header("content-type"), "text/plain; version=0.0.4; charset=utf-8");

  server.set_text("hedgebot_up 2\n");
  Result<http::Response> query = request(http::Method::Get, server.port(), "/metrics?x=1");
  ASSERT_TRUE(query);
  EXPECT_EQ(query->status, 200);
  EXPECT_EQ(query->body, "hedgebot_up 2\n");

  Result<http::Response> other = request(http::Method::Get, server.port(), "/metricsx");
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 404);
  EXPECT_EQ(other->body, "only /metrics is served\n");

  Result<http::Response> post = request(http::Method::Post, server.port(), "/metrics");
  ASSERT_TRUE(post);
  EXPECT_EQ(post->status, 405);
  EXPECT_EQ(post->body.find("hedgebot_up"), std::string::npos);
}

TEST(MetricsServer, LocalhostBindsTheIpv4Loopback) {
  MetricsServer server;
  ASSERT_TRUE(server.start({"localhost", 0}));
  EXPECT_EQ(server.listening_on(), "localhost:" + std::to_string(server.port()));
  server.set_text("x 1\n");
  Result<http::Response> metrics = request(http::Method::Get, server.port(), "/metrics");
  ASSERT_TRUE(metrics) << metrics.error().describe();
  EXPECT_EQ(metrics->body, "x 1\n");
}

TEST(MetricsServer, APortInUseIsAConfigErrorNamingTheAddress) {
  MetricsServer first;
  ASSERT_TRUE(first.start({"127.0.0.1", 0}));
  MetricsServer second;
  const Status started = second.start({"127.0.0.1", first.port()});
  ASSERT_FALSE(started);
  EXPECT_EQ(started.error().kind, ErrorKind::Config);
  EXPECT_NE(
      started.error().message.find("cannot listen on 127.0.0.1:" + std::to_string(first.port())),
      std::string::npos)
      << started.error().message;
  EXPECT_FALSE(second.running());
}

// A stop right after a start (a config reload, a daemon that fails its first tick) must not
// wait for a request that never comes.
TEST(MetricsServer, StopsAtOnceEvenRightAfterStart) {
  const auto begin = std::chrono::steady_clock::now();
  for (int i = 0; i < 20; ++i) {
    MetricsServer server;
    ASSERT_TRUE(server.start({"127.0.0.1", 0}));
    server.stop();
    EXPECT_FALSE(server.running());
  }
  MetricsServer restarted;
  ASSERT_TRUE(restarted.start({"127.0.0.1", 0}));
  ASSERT_TRUE(restarted.start({"127.0.0.1", 0}));  // start() stops the previous server first
  restarted.set_text("y 1\n");
  Result<http::Response> metrics = request(http::Method::Get, restarted.port(), "/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_EQ(metrics->body, "y 1\n");
  EXPECT_LT(std::chrono::steady_clock::now() - begin, std::chrono::seconds(5));
}

}  // namespace
}  // namespace hedgebot::bot::daemon
