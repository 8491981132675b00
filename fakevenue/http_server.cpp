#include "fakevenue/http_server.hpp"

#include <arpa/inet.h>
#include <dirent.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cctype>
#include <chrono>
#include <cstdlib>
#include <stdexcept>

namespace hedgebot::fake {
namespace {

std::string lowercase(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

int port_of(const sockaddr_storage& address) {
  if (address.ss_family == AF_INET) {
    return ntohs(reinterpret_cast<const sockaddr_in&>(address).sin_port);
  }
  if (address.ss_family == AF_INET6) {
    return ntohs(reinterpret_cast<const sockaddr_in6&>(address).sin6_port);
  }
  return -1;
}

// Shuts down the server side of this process's connections to `local_port` (from `remote_port`
// alone, or every one when it is -1). cpp-httplib does not hand a connection's socket to the
// handler, so the socket is found among the process's descriptors by its two ports: that is how
// a reply becomes a dropped connection, and how stop() ends idle keep-alive connections at once.
void shut_connections(int local_port, int remote_port) {
  DIR* directory = ::opendir("/proc/self/fd");
  if (directory == nullptr) return;
  const int own = ::dirfd(directory);
  while (const dirent* entry = ::readdir(directory)) {
    char* end = nullptr;
    const long fd = std::strtol(entry->d_name, &end, 10);
    if (end == entry->d_name || *end != '\0' || fd == own) continue;
    sockaddr_storage local{};
    sockaddr_storage peer{};
    socklen_t local_length = sizeof local;
    socklen_t peer_length = sizeof peer;
    if (::getsockname(static_cast<int>(fd), reinterpret_cast<sockaddr*>(&local), &local_length) !=
            0 ||
        port_of(local) != local_port) {
      continue;
    }
    if (::getpeername(static_cast<int>(fd), reinterpret_cast<sockaddr*>(&peer), &peer_length) !=
        0) {
      continue;  // the listening socket
    }
    if (remote_port < 0 || port_of(peer) == remote_port)
      ::shutdown(static_cast<int>(fd), SHUT_RDWR);
  }
  ::closedir(directory);
}

// One thread per connection, like a venue that never makes a client wait for a worker; counts
// the connections. Finished threads are joined as new connections arrive; shutdown() ends the
// open connections and joins the rest.
class ThreadPerConnection : public httplib::TaskQueue {
 public:
  ThreadPerConnection(std::shared_ptr<std::atomic<int64_t>> connections,
                      std::function<void()> close_all)
      : connections_(std::move(connections)), close_all_(std::move(close_all)) {}
  ~ThreadPerConnection() override { join_all(); }

  void enqueue(std::function<void()> fn) override {
    ++*connections_;
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto it = workers_.begin(); it != workers_.end();) {
      if (it->done->load()) {
        it->thread.join();
        it = workers_.erase(it);
      } else {
        ++it;
      }
    }
    auto done = std::make_shared<std::atomic<bool>>(false);
    workers_.push_back({std::thread([fn = std::move(fn), done] {
                          fn();
                          done->store(true);
                        }),
                        done});
  }

  void shutdown() override {
    close_all_();
    join_all();
  }

 private:
  struct Worker {
    std::thread thread;
    std::shared_ptr<std::atomic<bool>> done;
  };
  void join_all() {
    std::vector<Worker> workers;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      workers.swap(workers_);
    }
    for (Worker& worker : workers) {
      if (worker.thread.joinable()) worker.thread.join();
    }
  }

  std::shared_ptr<std::atomic<int64_t>> connections_;
  std::function<void()> close_all_;
  std::mutex mutex_;
  std::vector<Worker> workers_;
};

}  // namespace

LoopbackHttpServer::LoopbackHttpServer(Handler handler, uint16_t port, const std::string& host)
    : handler_(std::move(handler)),
      connections_(std::make_shared<std::atomic<int64_t>>(0)),
      server_(std::make_unique<httplib::Server>()) {
  server_->new_task_queue = [this] {
    return new ThreadPerConnection(connections_, [this] { shut_connections(port_, -1); });
  };
  // Keep-alive as long as the client wants it (the adapters' connection reuse is under test).
  server_->set_keep_alive_max_count(1000000);
  server_->set_keep_alive_timeout(60);
  server_->set_tcp_nodelay(true);
  // SO_REUSEADDR only: httplib's default adds SO_REUSEPORT, which would let two venues share a
  // port instead of the second one failing to start.
  server_->set_socket_options([](socket_t socket) {
    const int yes = 1;
    ::setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  const auto route = [this](const httplib::Request& in, httplib::Response& out) {
    HttpRequest request;
    request.method = in.method;
    request.path = in.path;
    if (const size_t question = in.target.find('?'); question != std::string::npos) {
      request.query = in.target.substr(question + 1);
    }
    request.body = in.body;
    for (const auto& [name, value] : in.headers) request.headers[lowercase(name)] = value;
    request.connection_id = in.remote_port;
    // cpp-httplib does not read the body of a GET: the request still says it carried one.
    const bool unread_body = request.body.empty() && in.method == "GET" &&
                             std::atol(in.get_header_value("Content-Length").c_str()) > 0;
    if (unread_body) request.body = "(a body cpp-httplib did not read)";

    HttpReply reply = handler_(request);
    if (reply.delay_ms > 0) wait_before_reply(reply.delay_ms);
    if (reply.drop_connection || stopping_) {
      shut_connections(port_, in.remote_port);
      return;
    }
    out.status = reply.status;
    std::string content_type = "application/json";
    for (const auto& [name, value] : reply.headers) {
      if (lowercase(name) == "content-type") {
        content_type = value;
      } else {
        out.set_header(name, value);
      }
    }
    if (unread_body) out.set_header("Connection", "close");
    out.set_content(reply.body, content_type);
  };
  // cpp-httplib 0.11 reads the body of a POST, PUT, PATCH or DELETE that has no Content-Length
  // until the client closes the connection, and never reads a GET's body. A request without a
  // body (or a GET) is therefore answered here, before cpp-httplib reads any content.
  server_->set_pre_routing_handler([route](const httplib::Request& in, httplib::Response& out) {
    const std::string length = in.get_header_value("Content-Length");
    if (in.has_header("Transfer-Encoding")) return httplib::Server::HandlerResponse::Unhandled;
    if (in.method == "GET" || in.method == "HEAD" || length.empty() || length == "0") {
      route(in, out);
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });
  const std::string any = ".*";
  server_->Get(any, route);
  server_->Post(any, route);
  server_->Put(any, route);
  server_->Delete(any, route);
  server_->Patch(any, route);
  server_->Options(any, route);

  const std::string bind_host = host == "localhost" ? "127.0.0.1" : host;
  if (port == 0) {
    const int bound = server_->bind_to_any_port(bind_host);
    if (bound <= 0) throw std::runtime_error("fake venue: cannot listen on " + host + ":0");
    port_ = static_cast<uint16_t>(bound);
  } else {
    if (!server_->bind_to_port(bind_host, port)) {
      throw std::runtime_error("fake venue: cannot listen on " + host + ":" + std::to_string(port) +
                               " (in use?)");
    }
    port_ = port;
  }
  listen_thread_ = std::thread([this] { server_->listen_after_bind(); });
  // stop() only stops a server that has started listening.
  while (!server_->is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

LoopbackHttpServer::~LoopbackHttpServer() {
  stop();
}

void LoopbackHttpServer::stop() {
  if (stopping_.exchange(true)) return;
  { std::lock_guard<std::mutex> lock(mutex_); }
  wake_.notify_all();
  server_->stop();
  if (listen_thread_.joinable()) listen_thread_.join();
}

void LoopbackHttpServer::wait_before_reply(int64_t delay_ms) {
  std::unique_lock<std::mutex> lock(mutex_);
  wake_.wait_for(lock, std::chrono::milliseconds(delay_ms), [this] { return stopping_.load(); });
}

}  // namespace hedgebot::fake
