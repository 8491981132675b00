#pragma once
// `run`: GET /metrics on a loopback address, served by cpp-httplib on one small thread.
// Another path gets 404, another method 405. Only loopback listen addresses are accepted: put a
// reverse proxy or the textfile in front of anything that must be reachable from elsewhere.

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "exchange/result.hpp"

namespace httplib {
class Server;
}

namespace hedgebot::bot::daemon {

struct ListenAddress {
  std::string host;  // "127.0.0.1", "::1" or "localhost"
  int port = 0;      // 0 picks a free port (tests)
};

// Parses "127.0.0.1:9108", "[::1]:9108" or "localhost:9108"; Config error for anything that is
// not a loopback address.
Result<ListenAddress> parse_loopback_listen(const std::string& text);

class MetricsServer {
 public:
  MetricsServer();
  ~MetricsServer();
  MetricsServer(const MetricsServer&) = delete;
  MetricsServer& operator=(const MetricsServer&) = delete;

  // Binds and starts the thread.
  Status start(const ListenAddress& address);
  void stop();
  bool running() const { return thread_.joinable(); }
  int port() const { return port_; }
  const std::string& listening_on() const { return listening_on_; }

  // The body served on /metrics from now on.
  void set_text(const std::string& text);

 private:
  std::unique_ptr<httplib::Server> server_;
  std::atomic<bool> finished_{false};
  int port_ = 0;
  std::string listening_on_;
  std::thread thread_;
  std::mutex mutex_;
  std::string text_;
};

}  // namespace hedgebot::bot::daemon
