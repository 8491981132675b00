#include "bot/daemon/metrics_server.hpp"

#include <httplib.h>
#include <sys/socket.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include "exchange/http_client.hpp"

namespace hedgebot::bot::daemon {
namespace {

constexpr int kReadTimeoutSeconds = 2;
constexpr const char* kMetricsType = "text/plain; version=0.0.4; charset=utf-8";

}  // namespace

Result<ListenAddress> parse_loopback_listen(const std::string& text) {
  ListenAddress address;
  std::string port_text;
  if (!text.empty() && text.front() == '[') {
    const size_t close = text.find(']');
    if (close == std::string::npos || close + 1 >= text.size() || text[close + 1] != ':') {
      return make_error(ErrorKind::Config,
                        "[metrics] listen: expected \"[::1]:PORT\", was \"" + text + "\"");
    }
    address.host = text.substr(1, close - 1);
    port_text = text.substr(close + 2);
  } else {
    const size_t colon = text.rfind(':');
    if (colon == std::string::npos) {
      return make_error(ErrorKind::Config,
                        "[metrics] listen: expected \"HOST:PORT\", was \"" + text + "\"");
    }
    address.host = text.substr(0, colon);
    port_text = text.substr(colon + 1);
  }
  if (!http::is_loopback_host(address.host)) {
    return make_error(ErrorKind::Config,
                      "[metrics] listen: \"" + text +
                          "\" is not a loopback address; /metrics is served on 127.0.0.1, "
                          "localhost or [::1] only (use the textfile, or a proxy, to expose it)");
  }
  if (port_text.empty() || port_text.size() > 5 ||
      port_text.find_first_not_of("0123456789") != std::string::npos)
    return make_error(ErrorKind::Config, "[metrics] listen: bad port in \"" + text + "\"");
  address.port = std::stoi(port_text);
  if (address.port > 65535)
    return make_error(ErrorKind::Config, "[metrics] listen: bad port in \"" + text + "\"");
  return address;
}

MetricsServer::MetricsServer() = default;

MetricsServer::~MetricsServer() {
  stop();
}

// cpp-httplib serves the one route; it answers 404 for any other path and 400 for a request it
// cannot parse. One worker thread, no keep-alive: a scrape is one short request a minute or so,
// and a client that holds its connection open must not hold the only worker.
Status MetricsServer::start(const ListenAddress& address) {
  stop();
  auto server = std::make_unique<httplib::Server>();
  server->new_task_queue = [] { return new httplib::ThreadPool(1); };
  server->set_keep_alive_max_count(1);
  // SO_REUSEADDR only: httplib's default adds SO_REUSEPORT, which would let a second daemon bind
  // the same port and share the scrapes instead of failing to start.
  server->set_socket_options([](socket_t socket) {
    const int yes = 1;
    ::setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  server->set_read_timeout(kReadTimeoutSeconds, 0);
  server->set_write_timeout(kReadTimeoutSeconds, 0);
  server->Get("/metrics", [this](const httplib::Request&, httplib::Response& response) {
    std::string body;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      body = text_;
    }
    response.set_content(body, kMetricsType);
  });
  server->set_error_handler([](const httplib::Request& request, httplib::Response& response) {
    if (response.status != 404) return;  // 400 and the like: httplib's own answer
    if (request.method != "GET" && request.method != "HEAD") {
      response.status = 405;
      response.set_content("GET /metrics\n", "text/plain");
    } else {
      response.set_content("only /metrics is served\n", "text/plain");
    }
  });
  // "localhost" binds to 127.0.0.1 (not whichever of 127.0.0.1 and ::1 the resolver lists
  // first); every other host is the loopback address the config names.
  const std::string host = address.host == "localhost" ? "127.0.0.1" : address.host;
  errno = 0;
  int port = address.port;
  bool bound = false;
  if (address.port == 0) {
    port = server->bind_to_any_port(host);
    bound = port > 0;
  } else {
    bound = server->bind_to_port(host, address.port);
  }
  if (!bound) {
    const std::string reason = errno != 0 ? std::string(": ") + strerror(errno) : "";
    return make_error(ErrorKind::Config, "[metrics] listen: cannot listen on " + address.host +
                                             ":" + std::to_string(address.port) + reason);
  }
  port_ = port;
  const bool ipv6 = address.host.find(':') != std::string::npos;
  listening_on_ = (ipv6 ? "[" + address.host + "]" : address.host) + ":" + std::to_string(port_);
  server_ = std::move(server);
  finished_ = false;
  thread_ = std::thread([this, server = server_.get()] {
    server->listen_after_bind();
    finished_ = true;
  });
  return ok_status();
}

void MetricsServer::stop() {
  if (thread_.joinable()) {
    // httplib's stop() only closes a server that has entered its accept loop: wait for that
    // (or for the thread to have ended on its own) so a stop right after start is not lost.
    while (!server_->is_running() && !finished_)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    server_->stop();
    thread_.join();
  }
  server_.reset();
}

void MetricsServer::set_text(const std::string& text) {
  std::lock_guard<std::mutex> lock(mutex_);
  text_ = text;
}

}  // namespace hedgebot::bot::daemon
