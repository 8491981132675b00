#pragma once
// A tiny HTTP/1.1 server on 127.0.0.1 for notifier tests: records every request and answers
// with the status the test chose (or not at all, to provoke a client timeout).

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace hedgebot::testing {

struct ReceivedRequest {
  std::string method;
  std::string path;
  std::string content_type;
  std::string body;
};

class HttpReceiver {
 public:
  HttpReceiver();  // listens on an ephemeral loopback port
  ~HttpReceiver();
  HttpReceiver(const HttpReceiver&) = delete;
  HttpReceiver& operator=(const HttpReceiver&) = delete;

  int port() const { return port_; }
  std::string url(const std::string& path = "/") const;

  void set_status(int status) { status_ = status; }
  // Accept but never answer (the client's timeout must fire).
  void set_silent(bool silent) { silent_ = silent; }

  std::vector<ReceivedRequest> requests() const;

 private:
  void serve();
  int listen_fd_ = -1;
  int wake_pipe_[2] = {-1, -1};
  int port_ = 0;
  std::atomic<int> status_{200};
  std::atomic<bool> silent_{false};
  mutable std::mutex mutex_;
  std::vector<ReceivedRequest> requests_;
  std::vector<int> held_;  // silent connections, closed at the end
  std::thread thread_;
};

// A loopback port with nothing listening on it (connection refused).
int closed_loopback_port();

}  // namespace hedgebot::testing
