#include "bot/daemon/metrics_server.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "exchange/http_client.hpp"

namespace hedgebot::bot::daemon {
namespace {

constexpr int kReadTimeoutMs = 2000;

void send_all(int fd, const std::string& data) {
  size_t sent = 0;
  while (sent < data.size()) {
    const ssize_t n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) {
      if (n < 0 && errno == EINTR) continue;
      return;
    }
    sent += static_cast<size_t>(n);
  }
}

// Reads the request head (up to the blank line, at most 8 KiB) with a short timeout.
std::string read_head(int fd) {
  std::string head;
  char buffer[1024];
  while (head.size() < 8192 && head.find("\r\n\r\n") == std::string::npos) {
    pollfd entry{fd, POLLIN, 0};
    if (::poll(&entry, 1, kReadTimeoutMs) <= 0) break;
    const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) break;
    head.append(buffer, static_cast<size_t>(n));
  }
  return head;
}

std::string response(const std::string& status, const std::string& type, const std::string& body) {
  return "HTTP/1.1 " + status + "\r\nContent-Type: " + type +
         "\r\nContent-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" +
         body;
}

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

MetricsServer::~MetricsServer() {
  stop();
}

Status MetricsServer::start(const ListenAddress& address) {
  stop();
  const bool ipv6 = address.host.find(':') != std::string::npos;
  const int fd = ::socket(ipv6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return make_error(ErrorKind::Internal, std::string("socket: ") + strerror(errno));
  const int yes = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  int bound = -1;
  if (ipv6) {
    sockaddr_in6 socket_address{};
    socket_address.sin6_family = AF_INET6;
    socket_address.sin6_port = htons(static_cast<uint16_t>(address.port));
    socket_address.sin6_addr = in6addr_loopback;
    bound = ::bind(fd, reinterpret_cast<sockaddr*>(&socket_address), sizeof socket_address);
  } else {
    sockaddr_in socket_address{};
    socket_address.sin_family = AF_INET;
    socket_address.sin_port = htons(static_cast<uint16_t>(address.port));
    // "localhost" and every 127.x address bind to the one the config names (127.0.0.1 for
    // localhost).
    const std::string host = address.host == "localhost" ? "127.0.0.1" : address.host;
    if (::inet_pton(AF_INET, host.c_str(), &socket_address.sin_addr) != 1) {
      ::close(fd);
      return make_error(ErrorKind::Config, "[metrics] listen: bad address " + address.host);
    }
    bound = ::bind(fd, reinterpret_cast<sockaddr*>(&socket_address), sizeof socket_address);
  }
  if (bound != 0 || ::listen(fd, 16) != 0) {
    const std::string reason = strerror(errno);
    ::close(fd);
    return make_error(ErrorKind::Config, "[metrics] listen: cannot listen on " + address.host +
                                             ":" + std::to_string(address.port) + ": " + reason);
  }
  sockaddr_storage actual{};
  socklen_t length = sizeof actual;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&actual), &length);
  port_ = ntohs(ipv6 ? reinterpret_cast<sockaddr_in6*>(&actual)->sin6_port
                     : reinterpret_cast<sockaddr_in*>(&actual)->sin_port);
  listening_on_ = (ipv6 ? "[" + address.host + "]" : address.host) + ":" + std::to_string(port_);
  if (::pipe2(wake_pipe_, O_CLOEXEC) != 0) {
    ::close(fd);
    return make_error(ErrorKind::Internal, std::string("pipe: ") + strerror(errno));
  }
  listen_fd_ = fd;
  thread_ = std::thread([this] { serve(); });
  return ok_status();
}

void MetricsServer::stop() {
  if (thread_.joinable()) {
    const char byte = 'x';
    (void)!::write(wake_pipe_[1], &byte, 1);
    thread_.join();
  }
  for (int* fd : {&listen_fd_, &wake_pipe_[0], &wake_pipe_[1]}) {
    if (*fd >= 0) ::close(*fd);
    *fd = -1;
  }
}

void MetricsServer::set_text(const std::string& text) {
  std::lock_guard<std::mutex> lock(mutex_);
  text_ = text;
}

void MetricsServer::serve() {
  while (true) {
    pollfd entries[2] = {{listen_fd_, POLLIN, 0}, {wake_pipe_[0], POLLIN, 0}};
    if (::poll(entries, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    if (entries[1].revents != 0) return;
    if ((entries[0].revents & POLLIN) == 0) continue;
    const int client = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (client < 0) continue;
    const std::string head = read_head(client);
    const size_t line_end = head.find("\r\n");
    const std::string line = head.substr(0, line_end);
    std::string body;
    if (line.rfind("GET /metrics ", 0) == 0 || line.rfind("GET /metrics?", 0) == 0) {
      {
        std::lock_guard<std::mutex> lock(mutex_);
        body = text_;
      }
      send_all(client, response("200 OK", "text/plain; version=0.0.4; charset=utf-8", body));
    } else if (line.rfind("GET ", 0) == 0) {
      send_all(client, response("404 Not Found", "text/plain", "only /metrics is served\n"));
    } else {
      send_all(client, response("405 Method Not Allowed", "text/plain", "GET /metrics\n"));
    }
    ::close(client);
  }
}

}  // namespace hedgebot::bot::daemon
