#include "storage/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace hedgebot::paper {
namespace {

Error io_error(const std::string& what, const std::string& path, int error_number) {
  return make_error(ErrorKind::InvalidInput,
                    what + " " + path + ": " + std::strerror(error_number));
}

// Closes a descriptor on scope exit.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int get() const { return fd_; }
  // Closes now and reports the result (close can report a delayed write error).
  int close_now() {
    const int result = ::close(fd_);
    fd_ = -1;
    return result;
  }

 private:
  int fd_;
};

Status write_all(int fd, std::string_view content, const std::string& temp) {
  size_t written = 0;
  while (written < content.size()) {
    const ssize_t count = ::write(fd, content.data() + written, content.size() - written);
    if (count < 0) {
      if (errno == EINTR) continue;
      return io_error("cannot write", temp, errno);
    }
    written += static_cast<size_t>(count);
  }
  return ok_status();
}

Status write_and_sync(const std::string& temp, std::string_view content) {
  FileDescriptor fd(::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
  if (fd.get() < 0) return io_error("cannot create", temp, errno);
  if (auto status = write_all(fd.get(), content, temp); !status) return status;
  if (::fsync(fd.get()) != 0) return io_error("cannot fsync", temp, errno);
  if (fd.close_now() != 0) return io_error("cannot close", temp, errno);
  return ok_status();
}

}  // namespace

std::string atomic_temp_path(const std::string& path) {
  return path + ".tmp";
}

Status write_file_atomically(const std::string& path, std::string_view content) {
  const std::string temp = atomic_temp_path(path);
  if (auto status = write_and_sync(temp, content); !status) {
    std::error_code ignored;
    if (!std::filesystem::is_directory(temp, ignored)) ::unlink(temp.c_str());
    return status;
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    const int rename_errno = errno;
    ::unlink(temp.c_str());
    return io_error("cannot rename " + temp + " to", path, rename_errno);
  }
  std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (parent.empty()) parent = std::filesystem::path(".");
  const std::string directory = parent.string();
  FileDescriptor dir(::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir.get() < 0) return io_error("cannot open directory", directory, errno);
  if (::fsync(dir.get()) != 0) return io_error("cannot fsync directory", directory, errno);
  return ok_status();
}

Result<std::string> read_small_file(const std::string& path) {
  FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) {
    if (errno == ENOENT) return make_error(ErrorKind::NotFound, path + ": no such file");
    return io_error("cannot open", path, errno);
  }
  std::string content;
  char buffer[1 << 14];
  while (true) {
    const ssize_t count = ::read(fd.get(), buffer, sizeof buffer);
    if (count < 0) {
      if (errno == EINTR) continue;
      return io_error("cannot read", path, errno);
    }
    if (count == 0) break;
    content.append(buffer, static_cast<size_t>(count));
  }
  return content;
}

}  // namespace hedgebot::paper
