#include "bot/daemon/notifier.hpp"

#include <algorithm>
#include <cstdint>
#include <iterator>

#include "exchange/model.hpp"

namespace hedgebot::bot::daemon {
namespace {

constexpr size_t kDiscordLimit = 2000;
constexpr size_t kTelegramLimit = 4096;
constexpr size_t kMaxLines = 20;

// FNV-1a: a hash that is the same in every process (the state file outlives the process).
std::string text_hash(const std::string& text) {
  uint64_t hash = 1469598103934665603ULL;
  for (const char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ULL;
  }
  return std::to_string(hash);
}

std::string target_key(const NotifyTarget& target, size_t index) {
  return std::to_string(index) + ":" + target.config.kind + ":" +
         (target.config.kind == "telegram" ? target.config.token_env : target.config.url_env);
}

// Cuts `text` to at most `limit` bytes without splitting a UTF-8 sequence.
std::string cut(const std::string& text, size_t limit) {
  if (text.size() <= limit) return text;
  size_t end = limit - 3;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end) + "...";
}

std::string message_text(const std::string& event, const std::vector<Notification>& items,
                         int suppressed) {
  std::string text = "hedgebot " + event + ":";
  for (size_t i = 0; i < items.size() && i < kMaxLines; ++i) text += "\n" + items[i].text;
  if (items.size() > kMaxLines)
    text += "\n(" + std::to_string(items.size() - kMaxLines) + " more in the journal)";
  if (suppressed > 0) {
    text += "\n(" + std::to_string(suppressed) + " earlier " + event +
            " message(s) held back by the rate limit)";
  }
  return text;
}

bool wanted(const config::NotifyConfig& config, const std::string& event) {
  for (const std::string& name : config.events) {
    if (name == event) return true;
  }
  return false;
}

}  // namespace

Result<NotifyTarget> make_notify_target(const config::NotifyConfig& config,
                                        const std::string& telegram_api) {
  NotifyTarget target;
  target.config = config;
  target.telegram_api = telegram_api;
  const bool telegram = config.kind == "telegram";
  const std::string variable = telegram ? config.token_env : config.url_env;
  target.name = config.kind + " (" + variable + ")";
  Result<Secret> secret = load_secret_from_env(variable);
  if (!secret) {
    return make_error(ErrorKind::Config, "notify " + target.name + ": environment variable " +
                                             variable + " is not set; this notifier is off");
  }
  target.url = std::move(*secret);
  const std::string url = telegram ? telegram_api : target.url.reveal();
  if (!http::check_url_allowed(url)) {
    return make_error(ErrorKind::Config,
                      "notify " + target.name +
                          ": the URL must be https:// (http:// only for a loopback host); this "
                          "notifier is off");
  }
  return target;
}

http::Request build_notify_request(const NotifyTarget& target, const std::string& event,
                                   const std::vector<Notification>& items, int suppressed,
                                   const std::string& run_id, int64_t now_ms) {
  http::Request request;
  request.method = http::Method::Post;
  request.headers = {{"Content-Type", "application/json"}};
  const std::string text = message_text(event, items, suppressed);
  nlohmann::json body;
  const std::string& kind = target.config.kind;
  if (kind == "telegram") {
    request.url = target.telegram_api + "/bot" + target.url.reveal() + "/sendMessage";
    body = {{"chat_id", target.config.chat_id}, {"text", cut(text, kTelegramLimit)}};
  } else if (kind == "slack") {
    request.url = target.url.reveal();
    body = {{"text", text}};
  } else if (kind == "discord") {
    request.url = target.url.reveal();
    body = {{"content", cut(text, kDiscordLimit)}};
  } else {
    request.url = target.url.reveal();
    nlohmann::json list = nlohmann::json::array();
    for (const Notification& item : items) {
      nlohmann::json entry = item.fields.is_object() ? item.fields : nlohmann::json::object();
      entry["event"] = item.event;
      entry["hedge"] = item.hedge;
      entry["text"] = item.text;
      list.push_back(entry);
    }
    body = {{"source", "hedgebot"}, {"event", event},
            {"run_id", run_id},     {"ts", format_iso8601(now_ms)},
            {"text", text},         {"suppressed", suppressed},
            {"items", list}};
  }
  request.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return request;
}

NotifyDispatcher::NotifyDispatcher(std::vector<NotifyTarget> targets, Transport transport,
                                   Logger log_warning)
    : targets_(std::move(targets)),
      transport_(std::move(transport)),
      log_warning_(std::move(log_warning)) {
  if (!transport_) {
    http::ClientOptions options;
    options.connect_timeout_ms = 2000;
    options.timeout_ms = 5000;
    options.max_body_bytes = size_t{64} * 1024;
    client_.emplace(options);
    transport_ = [this](const http::Request& request) { return client_->send(request); };
  }
}

DispatchCounts NotifyDispatcher::dispatch(const std::vector<Notification>& notifications,
                                          const std::string& run_id, int64_t now_ms) {
  DispatchCounts counts;
  for (size_t index = 0; index < targets_.size(); ++index) {
    const NotifyTarget& target = targets_[index];
    const std::string key = target_key(target, index);
    const int64_t window = target.config.min_interval_ms;
    // Group by event kind, keeping the order in which kinds first appear.
    std::vector<std::string> kinds;
    std::map<std::string, std::vector<Notification>> grouped;
    for (const Notification& notification : notifications) {
      if (!wanted(target.config, notification.event)) continue;
      const std::string text_key = key + "|" + text_hash(notification.text);
      const auto seen = last_text_.find(text_key);
      if (seen != last_text_.end() && now_ms - seen->second < window) {
        ++counts.suppressed;
        continue;
      }
      if (grouped.find(notification.event) == grouped.end()) kinds.push_back(notification.event);
      grouped[notification.event].push_back(notification);
    }
    for (const std::string& event : kinds) {
      const std::vector<Notification>& items = grouped[event];
      std::string event_key = key;
      event_key.append("|").append(event);
      const auto last = last_sent_.find(event_key);
      if (last != last_sent_.end() && now_ms - last->second < window) {
        held_back_[event_key] += 1;
        ++counts.suppressed;
        continue;
      }
      const int held = held_back_[event_key];
      const http::Request request =
          build_notify_request(target, event, items, held, run_id, now_ms);
      Result<http::Response> response = transport_(request);
      // Rate-limit failures too: a dead endpoint is not retried on every tick.
      last_sent_[event_key] = now_ms;
      for (const Notification& item : items) last_text_[key + "|" + text_hash(item.text)] = now_ms;
      if (!response) {
        ++counts.failed;
        // The error's message may quote the URL (it holds the token): only its kind is logged.
        log_warning_("notify " + target.name + ": " + event +
                     " message not sent: " + to_string(response.error().kind));
        continue;
      }
      if (response->status < 200 || response->status >= 300) {
        ++counts.failed;
        log_warning_("notify " + target.name + ": " + event + " message not sent: HTTP " +
                     std::to_string(response->status));
        continue;
      }
      held_back_.erase(event_key);
      ++counts.sent;
    }
  }
  // Forget what no window can still suppress.
  int64_t longest = 0;
  for (const NotifyTarget& target : targets_)
    longest = std::max(longest, target.config.min_interval_ms);
  for (auto it = last_text_.begin(); it != last_text_.end();)
    it = now_ms - it->second >= longest ? last_text_.erase(it) : std::next(it);
  return counts;
}

nlohmann::json NotifyDispatcher::save_state() const {
  return {{"last_sent", last_sent_}, {"last_text", last_text_}, {"held_back", held_back_}};
}

void NotifyDispatcher::load_state(const nlohmann::json& saved) {
  if (!saved.is_object()) return;
  try {
    if (saved.contains("last_sent"))
      last_sent_ = saved["last_sent"].get<std::map<std::string, int64_t>>();
    if (saved.contains("last_text"))
      last_text_ = saved["last_text"].get<std::map<std::string, int64_t>>();
    if (saved.contains("held_back"))
      held_back_ = saved["held_back"].get<std::map<std::string, int>>();
  } catch (const nlohmann::json::exception&) {
    // A damaged state file only resets the rate limit.
    last_sent_.clear();
    last_text_.clear();
    held_back_.clear();
  }
}

}  // namespace hedgebot::bot::daemon
