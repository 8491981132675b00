#pragma once
// Notifications: a generic JSON webhook, Telegram's Bot API (sendMessage), Slack and Discord
// incoming webhooks. URLs and tokens come from environment variables named in the config and
// are never printed: messages name the variable instead. A notifier that fails (timeout, HTTP
// 500, DNS) only logs; it never fails or delays a trade (notifications are sent after the
// tick's orders, with short timeouts).
//
// Per notifier and event kind, the notifications of one tick go out as one message. Then:
//   - dedup: a message with the same text as one this notifier sent less than `min_interval`
//     ago is dropped;
//   - rate limit: at most one message per event kind per `min_interval`; what is held back is
//     counted and the count is mentioned in the next message of that kind.
// The times are kept in <state_dir>/notify_state.json, so separate `once` runs share them.

#include <cstdint>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "exchange/http_client.hpp"
#include "exchange/secret.hpp"

namespace hedgebot::bot::daemon {

struct Notification {
  std::string event;  // order | refusal | error | alert | decision | fill | funding
  std::string hedge;  // asset, "*" when none
  std::string text;   // one line for a person
  nlohmann::json fields = nlohmann::json::object();  // the event's own fields (webhook only)
};

// Where one [[notify]] sends: the secret URL (or Telegram token) read from the environment.
struct NotifyTarget {
  config::NotifyConfig config;
  std::string name;  // "slack (HEDGEBOT_SLACK_URL)": safe to print
  Secret url;        // webhook / slack / discord: the full URL; telegram: the bot token
  std::string telegram_api = "https://api.telegram.org";
};

// Reads the target's secret from the environment; Config error naming the variable when it is
// unset or the URL is not https:// (http:// is accepted for loopback hosts only).
Result<NotifyTarget> make_notify_target(
    const config::NotifyConfig& config,
    const std::string& telegram_api = "https://api.telegram.org");

// The HTTP request for one message of one event kind (JSON body):
//   webhook:  {"source":"hedgebot","event","run_id","ts","text","suppressed","items":[{"event",
//              "hedge","text",...fields}]}
//   telegram: POST <api>/bot<token>/sendMessage {"chat_id","text"}
//   slack:    {"text"}        discord: {"content"} (cut to 2000 characters)
http::Request build_notify_request(const NotifyTarget& target, const std::string& event,
                                   const std::vector<Notification>& items, int suppressed,
                                   const std::string& run_id, int64_t now_ms);

struct DispatchCounts {
  int sent = 0;
  int failed = 0;
  int suppressed = 0;  // messages not sent because of the rate limit or dedup
};

// Sends notifications with rate limiting and dedup. The HTTP transport is injectable for tests.
class NotifyDispatcher {
 public:
  using Transport = std::function<Result<http::Response>(const http::Request&)>;
  using Logger = std::function<void(const std::string&)>;

  // `transport` empty: libcurl with a 2 s connect and 5 s total timeout.
  NotifyDispatcher(std::vector<NotifyTarget> targets, Transport transport, Logger log_warning);

  DispatchCounts dispatch(const std::vector<Notification>& notifications, const std::string& run_id,
                          int64_t now_ms);

  nlohmann::json save_state() const;
  void load_state(const nlohmann::json& saved);
  size_t size() const { return targets_.size(); }

 private:
  std::vector<NotifyTarget> targets_;
  Transport transport_;
  Logger log_warning_;
  std::optional<http::HttpClient> client_;
  std::map<std::string, int64_t> last_sent_;  // "<target>|<event>" -> ms
  std::map<std::string, int64_t> last_text_;  // "<target>|<hash of text>" -> ms
  std::map<std::string, int> held_back_;      // "<target>|<event>" -> count
};

}  // namespace hedgebot::bot::daemon
