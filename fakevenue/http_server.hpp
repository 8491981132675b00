#pragma once
// The fake venues' HTTP/1.1 server: cpp-httplib on a loopback address, one thread per
// connection, keep-alive. The handler decides the reply; a reply can also be delayed or replaced
// by dropping the connection without an answer (fault injection).

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace httplib {
class Server;
}

namespace hedgebot::fake {

struct HttpRequest {
  std::string method;
  std::string path;
  std::string query;  // without '?', as sent (still percent-encoded)
  std::string body;
  std::map<std::string, std::string> headers;  // lowercase names
  int64_t connection_id = 0;                   // the same for every request of one connection
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
  // Binds `host`:`port` (0 = any free port) and starts serving. `host` must be a loopback
  // address (127.x, localhost, ::1); the caller checks, and this throws when it cannot bind.
  explicit LoopbackHttpServer(Handler handler, uint16_t port = 0,
                              const std::string& host = "127.0.0.1");
  ~LoopbackHttpServer();
  LoopbackHttpServer(const LoopbackHttpServer&) = delete;
  LoopbackHttpServer& operator=(const LoopbackHttpServer&) = delete;

  uint16_t port() const { return port_; }
  int64_t connections_accepted() const { return connections_->load(); }
  void stop();

 private:
  void wait_before_reply(int64_t delay_ms);

  Handler handler_;
  uint16_t port_ = 0;
  std::shared_ptr<std::atomic<int64_t>> connections_;
  std::atomic<bool> stopping_{false};
  std::unique_ptr<httplib::Server> server_;
  std::thread listen_thread_;
  std::mutex mutex_;
  std::condition_variable wake_;
};

}  // namespace hedgebot::fake
