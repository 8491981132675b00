#include "fakevenue/http_server.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <stdexcept>

namespace hedgebot::fake {
namespace {

const char* reason(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 408:
      return "Request Timeout";
    case 418:
      return "I'm a teapot";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    default:
      return "Status";
  }
}

bool send_all(int fd, const std::string& data) {
  size_t sent = 0;
  while (sent < data.size()) {
    const ssize_t count = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (count <= 0) return false;
    sent += static_cast<size_t>(count);
  }
  return true;
}

std::string lowercase(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

}  // namespace

LoopbackHttpServer::LoopbackHttpServer(Handler handler, uint16_t port)
    : handler_(std::move(handler)) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listen_fd_ < 0) throw std::runtime_error("fake venue: socket() failed");
  const int one = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::listen(listen_fd_, 64) != 0) {
    ::close(listen_fd_);
    throw std::runtime_error("fake venue: cannot listen on 127.0.0.1:" + std::to_string(port));
  }
  socklen_t length = sizeof address;
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length);
  port_ = ntohs(address.sin_port);
  if (::pipe2(wake_pipe_, O_CLOEXEC) != 0) throw std::runtime_error("fake venue: pipe() failed");
  accept_thread_ = std::thread([this] { accept_loop(); });
}

LoopbackHttpServer::~LoopbackHttpServer() {
  stop();
}

void LoopbackHttpServer::stop() {
  if (stopping_.exchange(true)) return;
  const char byte = 'x';
  (void)!::write(wake_pipe_[1], &byte, 1);
  if (accept_thread_.joinable()) accept_thread_.join();
  std::vector<std::thread> workers;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const int fd : open_fds_) ::shutdown(fd, SHUT_RDWR);
    workers.swap(workers_);
  }
  wake_.notify_all();
  for (auto& worker : workers) worker.join();
  ::close(listen_fd_);
  ::close(wake_pipe_[0]);
  ::close(wake_pipe_[1]);
}

void LoopbackHttpServer::accept_loop() {
  for (;;) {
    pollfd fds[2] = {{listen_fd_, POLLIN, 0}, {wake_pipe_[0], POLLIN, 0}};
    if (::poll(fds, 2, -1) < 0) continue;
    if (stopping_ || (fds[1].revents & POLLIN) != 0) return;
    if ((fds[0].revents & POLLIN) == 0) continue;
    const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    const int64_t id = ++connections_;
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_) {
      ::close(fd);
      return;
    }
    open_fds_.insert(fd);
    workers_.emplace_back([this, fd, id] { serve(fd, id); });
  }
}

void LoopbackHttpServer::forget(int fd) {
  std::lock_guard<std::mutex> lock(mutex_);
  open_fds_.erase(fd);
  ::close(fd);
}

void LoopbackHttpServer::serve(int fd, int64_t connection_id) {
  std::string buffer;
  char chunk[8192];
  for (;;) {
    // Read one request: headers up to the blank line, then Content-Length bytes of body.
    size_t header_end = std::string::npos;
    while ((header_end = buffer.find("\r\n\r\n")) == std::string::npos) {
      const ssize_t count = ::recv(fd, chunk, sizeof chunk, 0);
      if (count <= 0 || buffer.size() > (1U << 20)) return forget(fd);
      buffer.append(chunk, static_cast<size_t>(count));
    }
    HttpRequest request;
    request.connection_id = connection_id;
    const std::string head = buffer.substr(0, header_end);
    size_t line_end = head.find("\r\n");
    const std::string request_line = head.substr(0, line_end);
    const auto first_space = request_line.find(' ');
    const auto second_space = request_line.find(' ', first_space + 1);
    if (first_space == std::string::npos || second_space == std::string::npos) return forget(fd);
    request.method = request_line.substr(0, first_space);
    const std::string target = request_line.substr(first_space + 1, second_space - first_space - 1);
    const auto question = target.find('?');
    request.path = target.substr(0, question);
    if (question != std::string::npos) request.query = target.substr(question + 1);
    size_t position = line_end == std::string::npos ? head.size() : line_end + 2;
    while (position < head.size()) {
      size_t next = head.find("\r\n", position);
      if (next == std::string::npos) next = head.size();
      const std::string line = head.substr(position, next - position);
      const auto colon = line.find(':');
      if (colon != std::string::npos) {
        size_t value_start = colon + 1;
        while (value_start < line.size() && line[value_start] == ' ') ++value_start;
        request.headers[lowercase(line.substr(0, colon))] = line.substr(value_start);
      }
      position = next + 2;
    }
    size_t content_length = 0;
    if (auto found = request.headers.find("content-length"); found != request.headers.end()) {
      content_length = std::stoul(found->second);
    }
    buffer.erase(0, header_end + 4);
    while (buffer.size() < content_length) {
      const ssize_t count = ::recv(fd, chunk, sizeof chunk, 0);
      if (count <= 0) return forget(fd);
      buffer.append(chunk, static_cast<size_t>(count));
    }
    request.body = buffer.substr(0, content_length);
    buffer.erase(0, content_length);

    HttpReply reply = handler_(request);
    if (reply.delay_ms > 0) {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait_for(lock, std::chrono::milliseconds(reply.delay_ms),
                     [this] { return stopping_.load(); });
    }
    if (reply.drop_connection || stopping_) return forget(fd);
    std::string response = "HTTP/1.1 " + std::to_string(reply.status) + " " + reason(reply.status) +
                           "\r\nContent-Type: application/json\r\nContent-Length: " +
                           std::to_string(reply.body.size()) + "\r\n";
    for (const auto& [name, value] : reply.headers) response += name + ": " + value + "\r\n";
    response += "\r\n";
    response += reply.body;
    if (!send_all(fd, response)) return forget(fd);
    if (auto connection = request.headers.find("connection");
        connection != request.headers.end() && lowercase(connection->second) == "close") {
      return forget(fd);
    }
  }
}

}  // namespace hedgebot::fake
