#pragma once
// A small HTTP/1.1 server on 127.0.0.1 for tests: one thread per connection, keep-alive,
// Content-Length bodies. The handler decides the reply; a reply can also be delayed or
// replaced by dropping the connection (fault injection).

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace hedgebot::fake {

struct HttpRequest {
  std::string method;
  std::string path;
  std::string query;  // without '?'
  std::string body;
  std::map<std::string, std::string> headers;  // lowercase names
  int64_t connection_id = 0;
};

struct HttpReply {
  int status = 200;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  bool drop_connection = false;  // close the socket without answering
  int64_t delay_ms = 0;          // wait this long before answering
};

using Handler = std::function<HttpReply(const HttpRequest&)>;

class LoopbackHttpServer {
 public:
  // Binds 127.0.0.1:`port` (0 = any free port) and starts serving. Throws when it cannot bind.
  explicit LoopbackHttpServer(Handler handler, uint16_t port = 0);
  ~LoopbackHttpServer();
  LoopbackHttpServer(const LoopbackHttpServer&) = delete;
  LoopbackHttpServer& operator=(const LoopbackHttpServer&) = delete;

  uint16_t port() const { return port_; }
  int64_t connections_accepted() const { return connections_.load(); }
  void stop();

 private:
  void accept_loop();
  void serve(int fd, int64_t connection_id);
  void forget(int fd);

  Handler handler_;
  int listen_fd_ = -1;
  int wake_pipe_[2] = {-1, -1};
  uint16_t port_ = 0;
  std::atomic<int64_t> connections_{0};
  std::atomic<bool> stopping_{false};
  std::thread accept_thread_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::set<int> open_fds_;
  std::vector<std::thread> workers_;
};

}  // namespace hedgebot::fake
