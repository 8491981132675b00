#pragma once
// What happens after a tick that could place orders (`once`, and every `run` tick): the metrics
// are recorded and written to [metrics] textfile, and the notifications go out. Neither changes
// the tick's exit code: failures are logged (never with a URL or a token).

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "bot/daemon/metrics.hpp"
#include "bot/daemon/notifier.hpp"
#include "bot/session/tick_session.hpp"
#include "config/config.hpp"

namespace hedgebot::bot {

// `once`: publishes one tick, with the counters and rate-limit times kept in the state dir.
void publish_once_tick(const config::Config& config, const TickSessionResult& session,
                       std::chrono::steady_clock::time_point started);

namespace daemon {

// Files under the state dir that carry counters and notification times between runs.
std::string metrics_state_path(const config::Config& config);
std::string notify_state_path(const config::Config& config);

// The notifications of one tick, in the order things happened: paper fills and funding,
// decisions and their alerts, orders, refusals, errors.
std::vector<Notification> notifications_from_tick(const TickSessionResult& session);

// Records one tick (see deploy/README.md for every name). `duration_s` is the tick's wall time;
// `wall_now_ms` when it ended.
void record_tick_metrics(Metrics& metrics, const config::Config& config,
                         const TickSessionResult& session, double duration_s, int64_t wall_now_ms);

// The ErrorKind in a report's error line ("BTC: timeout: no answer" -> "timeout"), as a label
// value; "other" when none is named.
std::string error_kind_of(const std::string& message);

struct PublisherOptions {
  NotifyDispatcher::Transport transport;                  // empty: libcurl
  std::string telegram_api = "https://api.telegram.org";  // tests point it at a local receiver
};

class Publisher {
 public:
  Publisher(const config::Config& config, PublisherOptions options = {});

  // After a reload: new notifiers (their rate-limit times are kept by position and kind).
  void reconfigure(const config::Config& config);

  // Records the tick, writes the textfile and the state files, sends the notifications.
  void publish(const TickSessionResult& session, double duration_s, int64_t wall_now_ms);

  Metrics& metrics() { return metrics_; }
  // Called with the rendered metrics after every publish (the /metrics endpoint).
  std::function<void(const std::string&)> on_metrics;

 private:
  config::Config config_;
  PublisherOptions options_;
  Metrics metrics_;
  std::unique_ptr<NotifyDispatcher> dispatcher_;
};

}  // namespace daemon
}  // namespace hedgebot::bot
