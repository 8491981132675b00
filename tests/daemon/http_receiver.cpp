#include "tests/daemon/http_receiver.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <stdexcept>

namespace hedgebot::testing {
namespace {

int listen_loopback(int& port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::listen(fd, 16) != 0)
    throw std::runtime_error("HttpReceiver: cannot listen on 127.0.0.1");
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  port = ntohs(address.sin_port);
  return fd;
}

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

}  // namespace

HttpReceiver::HttpReceiver() {
  listen_fd_ = listen_loopback(port_);
  if (::pipe2(wake_pipe_, O_CLOEXEC) != 0) throw std::runtime_error("pipe");
  thread_ = std::thread([this] { serve(); });
}

HttpReceiver::~HttpReceiver() {
  const char byte = 'x';
  (void)!::write(wake_pipe_[1], &byte, 1);
  thread_.join();
  for (const int fd : held_) ::close(fd);
  ::close(listen_fd_);
  ::close(wake_pipe_[0]);
  ::close(wake_pipe_[1]);
}

std::string HttpReceiver::url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

std::vector<ReceivedRequest> HttpReceiver::requests() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return requests_;
}

void HttpReceiver::serve() {
  while (true) {
    pollfd entries[2] = {{listen_fd_, POLLIN, 0}, {wake_pipe_[0], POLLIN, 0}};
    if (::poll(entries, 2, -1) < 0) continue;
    if (entries[1].revents != 0) return;
    const int client = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (client < 0) continue;
    // Keep-alive: several requests may arrive on one connection.
    std::string buffer;
    while (true) {
      size_t head_end = buffer.find("\r\n\r\n");
      while (head_end == std::string::npos) {
        pollfd entry{client, POLLIN, 0};
        if (::poll(&entry, 1, 2000) <= 0) break;
        char chunk[4096];
        const ssize_t n = ::recv(client, chunk, sizeof chunk, 0);
        if (n <= 0) break;
        buffer.append(chunk, static_cast<size_t>(n));
        head_end = buffer.find("\r\n\r\n");
      }
      if (head_end == std::string::npos) break;
      const std::string head = buffer.substr(0, head_end);
      ReceivedRequest request;
      const size_t first_space = head.find(' ');
      const size_t second_space = head.find(' ', first_space + 1);
      request.method = head.substr(0, first_space);
      request.path = head.substr(first_space + 1, second_space - first_space - 1);
      size_t content_length = 0;
      size_t line_start = head.find("\r\n");
      while (line_start != std::string::npos && line_start < head.size()) {
        const size_t line_end = head.find("\r\n", line_start + 2);
        const std::string line = head.substr(line_start + 2, line_end - line_start - 2);
        const size_t colon = line.find(':');
        if (colon != std::string::npos) {
          const std::string name = lower(line.substr(0, colon));
          std::string value = line.substr(colon + 1);
          while (!value.empty() && value.front() == ' ') value.erase(0, 1);
          if (name == "content-length") content_length = std::stoul(value);
          if (name == "content-type") request.content_type = value;
        }
        line_start = line_end;
      }
      while (buffer.size() < head_end + 4 + content_length) {
        pollfd entry{client, POLLIN, 0};
        if (::poll(&entry, 1, 2000) <= 0) break;
        char chunk[4096];
        const ssize_t n = ::recv(client, chunk, sizeof chunk, 0);
        if (n <= 0) break;
        buffer.append(chunk, static_cast<size_t>(n));
      }
      request.body = buffer.substr(head_end + 4, content_length);
      buffer.erase(0, head_end + 4 + content_length);
      {
        std::lock_guard<std::mutex> lock(mutex_);
        requests_.push_back(request);
      }
      if (silent_) {
        held_.push_back(client);
        break;
      }
      const int status = status_;
      const std::string body = status == 200 ? "{\"ok\":true}" : "{\"ok\":false}";
      const std::string response =
          "HTTP/1.1 " + std::to_string(status) + (status == 200 ? " OK" : " Error") +
          "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
          "\r\n\r\n" + body;
      (void)!::send(client, response.data(), response.size(), MSG_NOSIGNAL);
    }
    if (!silent_) ::close(client);
  }
}

int closed_loopback_port() {
  int port = 0;
  const int fd = listen_loopback(port);
  ::close(fd);
  return port;
}

}  // namespace hedgebot::testing
