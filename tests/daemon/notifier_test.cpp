#include "bot/daemon/notifier.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <nlohmann/json.hpp>

#include "tests/daemon/http_receiver.hpp"

namespace hedgebot::bot::daemon {
namespace {

using testing::HttpReceiver;

constexpr int64_t kT0 = 1704067200000;
constexpr int64_t kMinute = 60 * 1000;

config::NotifyConfig notify_config(const std::string& kind, const std::string& variable) {
  config::NotifyConfig config;
  config.kind = kind;
  if (kind == "telegram") {
    config.token_env = variable;
    config.chat_id = "-100200300";
  } else {
    config.url_env = variable;
  }
  config.events = {"order", "refusal", "error", "alert"};
  config.min_interval_ms = kMinute;
  return config;
}

NotifyTarget target_for(const std::string& kind, const std::string& secret,
                        const std::string& telegram_api = "https://api.telegram.org") {
  const std::string variable = "HEDGEBOT_TEST_NOTIFY_" + kind;
  ::setenv(variable.c_str(), secret.c_str(), 1);
  Result<NotifyTarget> target = make_notify_target(notify_config(kind, variable), telegram_api);
  EXPECT_TRUE(target) << (target ? "" : target.error().message);
  ::unsetenv(variable.c_str());
  return *target;
}

Notification order(const std::string& text) {
  return {"order", "BTC", text, {{"symbol", "BTCUSDT"}, {"side", "SELL"}, {"qty", "0.330"}}};
}

struct Logged {
  std::vector<std::string> lines;
  NotifyDispatcher::Logger logger() {
    return [this](const std::string& line) { lines.push_back(line); };
  }
};

NotifyDispatcher::Transport short_timeouts() {
  auto client =
      std::make_shared<http::HttpClient>(http::ClientOptions{300, 600, "hedgebot", 65536});
  return [client](const http::Request& request) { return client->send(request); };
}

TEST(Notifier, GenericWebhookPostsTheEventFields) {
  HttpReceiver receiver;
  Logged logged;
  NotifyDispatcher dispatcher({target_for("webhook", receiver.url("/hook?token=s3cret"))},
                              short_timeouts(), logged.logger());
  const DispatchCounts counts =
      dispatcher.dispatch({order("BTC: SELL 0.330 BTCUSDT FILLED")}, "t202401030000", kT0);
  EXPECT_EQ(counts.sent, 1);
  ASSERT_EQ(receiver.requests().size(), 1u);
  const testing::ReceivedRequest request = receiver.requests()[0];
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.path, "/hook?token=s3cret");
  EXPECT_EQ(request.content_type, "application/json");
  const nlohmann::json body = nlohmann::json::parse(request.body);
  EXPECT_EQ(body["source"], "hedgebot");
  EXPECT_EQ(body["event"], "order");
  EXPECT_EQ(body["run_id"], "t202401030000");
  EXPECT_EQ(body["ts"], "2024-01-01T00:00:00Z");
  EXPECT_EQ(body["suppressed"], 0);
  ASSERT_EQ(body["items"].size(), 1u);
  EXPECT_EQ(body["items"][0]["event"], "order");
  EXPECT_EQ(body["items"][0]["hedge"], "BTC");
  EXPECT_EQ(body["items"][0]["symbol"], "BTCUSDT");
  EXPECT_EQ(body["items"][0]["qty"], "0.330");
  EXPECT_NE(body["text"].get<std::string>().find("SELL 0.330"), std::string::npos);
}

TEST(Notifier, TelegramSendMessageWithChatIdAndText) {
  HttpReceiver receiver;
  Logged logged;
  NotifyDispatcher dispatcher({target_for("telegram", "123456:ABC-token", receiver.url(""))},
                              short_timeouts(), logged.logger());
  dispatcher.dispatch({order("BTC: SELL 0.330 BTCUSDT FILLED")}, "t1", kT0);
  ASSERT_EQ(receiver.requests().size(), 1u);
  EXPECT_EQ(receiver.requests()[0].path, "/bot123456:ABC-token/sendMessage");
  const nlohmann::json body = nlohmann::json::parse(receiver.requests()[0].body);
  EXPECT_EQ(body["chat_id"], "-100200300");
  EXPECT_NE(body["text"].get<std::string>().find("BTC: SELL 0.330 BTCUSDT FILLED"),
            std::string::npos);
  EXPECT_EQ(body.size(), 2u);
}

TEST(Notifier, SlackTextAndDiscordContent) {
  HttpReceiver receiver;
  Logged logged;
  NotifyDispatcher dispatcher({target_for("slack", receiver.url("/slack/T000/B000/XXXX")),
                               target_for("discord", receiver.url("/discord/123/abc"))},
                              short_timeouts(), logged.logger());
  Notification long_error{"error", "*", std::string(3000, 'x'), {}};
  dispatcher.dispatch({long_error}, "t1", kT0);
  ASSERT_EQ(receiver.requests().size(), 2u);
  const nlohmann::json slack = nlohmann::json::parse(receiver.requests()[0].body);
  EXPECT_EQ(receiver.requests()[0].path, "/slack/T000/B000/XXXX");
  ASSERT_TRUE(slack.contains("text"));
  EXPECT_EQ(slack.size(), 1u);
  const nlohmann::json discord = nlohmann::json::parse(receiver.requests()[1].body);
  ASSERT_TRUE(discord.contains("content"));
  EXPECT_EQ(discord.size(), 1u);
  EXPECT_LE(discord["content"].get<std::string>().size(), 2000u);  // Discord's limit
}

TEST(Notifier, OnlyTheConfiguredEventsAreSent) {
  HttpReceiver receiver;
  Logged logged;
  NotifyTarget target = target_for("slack", receiver.url("/s"));
  target.config.events = {"error"};
  NotifyDispatcher dispatcher({target}, short_timeouts(), logged.logger());
  dispatcher.dispatch({order("an order"), {"decision", "BTC", "a decision", {}}}, "t1", kT0);
  EXPECT_TRUE(receiver.requests().empty());
}

TEST(Notifier, OneTicksMessagesOfOneKindGoOutTogether) {
  HttpReceiver receiver;
  Logged logged;
  NotifyDispatcher dispatcher({target_for("slack", receiver.url("/s"))}, short_timeouts(),
                              logged.logger());
  const DispatchCounts counts = dispatcher.dispatch(
      {order("close leg"), order("open leg"), {"error", "*", "boom", {}}}, "t1", kT0);
  EXPECT_EQ(counts.sent, 2);
  ASSERT_EQ(receiver.requests().size(), 2u);  // one order message, one error message
  const std::string text = nlohmann::json::parse(receiver.requests()[0].body)["text"];
  EXPECT_NE(text.find("close leg\nopen leg"), std::string::npos) << text;
}

TEST(Notifier, RateLimitHoldsBackThenSaysHowManyWereHeldBack) {
  HttpReceiver receiver;
  Logged logged;
  NotifyDispatcher dispatcher({target_for("slack", receiver.url("/s"))}, short_timeouts(),
                              logged.logger());
  EXPECT_EQ(dispatcher.dispatch({order("first")}, "t1", kT0).sent, 1);
  EXPECT_EQ(dispatcher.dispatch({order("second")}, "t2", kT0 + 10 * 1000).suppressed, 1);
  EXPECT_EQ(dispatcher.dispatch({order("third")}, "t3", kT0 + 30 * 1000).suppressed, 1);
  EXPECT_EQ(receiver.requests().size(), 1u);
  EXPECT_EQ(dispatcher.dispatch({order("fourth")}, "t4", kT0 + kMinute).sent, 1);
  ASSERT_EQ(receiver.requests().size(), 2u);
  const std::string text = nlohmann::json::parse(receiver.requests()[1].body)["text"];
  EXPECT_NE(text.find("fourth"), std::string::npos);
  EXPECT_NE(text.find("2 earlier order message(s) held back"), std::string::npos) << text;
}

TEST(Notifier, TheSameMessageWithinMinIntervalIsSentOnce) {
  HttpReceiver receiver;
  Logged logged;
  NotifyTarget target = target_for("webhook", receiver.url("/h"));
  target.config.min_interval_ms = 60 * kMinute;
  NotifyDispatcher dispatcher({target}, short_timeouts(), logged.logger());
  const Notification error{"error", "*", "snapshot failed: network: connection refused", {}};
  dispatcher.dispatch({error}, "t1", kT0);
  // The same error at every retry and tick for the next hour: not sent again.
  for (int i = 1; i < 12; ++i) dispatcher.dispatch({error}, "t", kT0 + i * 5 * kMinute);
  EXPECT_EQ(receiver.requests().size(), 1u);
  dispatcher.dispatch({error}, "t", kT0 + 61 * kMinute);
  EXPECT_EQ(receiver.requests().size(), 2u);
}

TEST(Notifier, StateCarriesTheRateLimitAcrossProcesses) {
  HttpReceiver receiver;
  Logged logged;
  const NotifyTarget target = target_for("slack", receiver.url("/s"));
  nlohmann::json saved;
  {
    NotifyDispatcher first({target}, short_timeouts(), logged.logger());
    first.dispatch({order("first")}, "t1", kT0);
    saved = first.save_state();
  }
  NotifyDispatcher second({target}, short_timeouts(), logged.logger());
  second.load_state(nlohmann::json::parse(saved.dump()));
  EXPECT_EQ(second.dispatch({order("second")}, "t2", kT0 + 1000).suppressed, 1);
  EXPECT_EQ(receiver.requests().size(), 1u);
}

TEST(Notifier, FailuresAreLoggedWithoutTheUrlOrToken) {
  HttpReceiver receiver;
  receiver.set_status(500);
  Logged logged;
  const std::string dead_port = std::to_string(testing::closed_loopback_port());
  NotifyDispatcher dispatcher(
      {target_for("webhook", receiver.url("/hook/SECRET-PATH")),
       target_for("slack", "http://127.0.0.1:" + dead_port + "/services/SECRET-SLACK"),
       target_for("telegram", "999:SECRET-TOKEN", "http://127.0.0.1:" + dead_port)},
      short_timeouts(), logged.logger());
  const DispatchCounts counts = dispatcher.dispatch({order("an order")}, "t1", kT0);
  EXPECT_EQ(counts.failed, 3);
  EXPECT_EQ(counts.sent, 0);
  ASSERT_EQ(logged.lines.size(), 3u);
  EXPECT_NE(logged.lines[0].find("HTTP 500"), std::string::npos) << logged.lines[0];
  EXPECT_NE(logged.lines[1].find("HEDGEBOT_TEST_NOTIFY_slack"), std::string::npos);
  for (const std::string& line : logged.lines) {
    EXPECT_EQ(line.find("SECRET"), std::string::npos) << line;
    EXPECT_EQ(line.find("127.0.0.1"), std::string::npos) << line;
  }
}

TEST(Notifier, ASilentEndpointTimesOutQuickly) {
  HttpReceiver receiver;
  receiver.set_silent(true);
  Logged logged;
  NotifyDispatcher dispatcher({target_for("slack", receiver.url("/s"))}, short_timeouts(),
                              logged.logger());
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(dispatcher.dispatch({order("x")}, "t1", kT0).failed, 1);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(3));
  ASSERT_EQ(logged.lines.size(), 1u);
  EXPECT_NE(logged.lines[0].find("timeout"), std::string::npos) << logged.lines[0];
}

TEST(Notifier, TargetsRefuseMissingVariablesAndPlainHttpToOtherHosts) {
  ::unsetenv("HEDGEBOT_TEST_NOTIFY_MISSING");
  Result<NotifyTarget> missing =
      make_notify_target(notify_config("slack", "HEDGEBOT_TEST_NOTIFY_MISSING"));
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("HEDGEBOT_TEST_NOTIFY_MISSING is not set"),
            std::string::npos);
  ::setenv("HEDGEBOT_TEST_NOTIFY_PLAIN", "http://hooks.example.com/T/SECRET", 1);
  Result<NotifyTarget> plain =
      make_notify_target(notify_config("slack", "HEDGEBOT_TEST_NOTIFY_PLAIN"));
  ::unsetenv("HEDGEBOT_TEST_NOTIFY_PLAIN");
  ASSERT_FALSE(plain);
  EXPECT_NE(plain.error().message.find("https://"), std::string::npos);
  EXPECT_EQ(plain.error().message.find("SECRET"), std::string::npos);
  EXPECT_EQ(plain.error().message.find("example.com"), std::string::npos);
}

}  // namespace
}  // namespace hedgebot::bot::daemon
