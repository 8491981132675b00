#pragma once
// An RAII temporary directory for tests that touch files.

#include <filesystem>
#include <string>

namespace hedgebot::testing {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  // Writes `text` to `name` inside the directory and returns the full path.
  std::string write(const std::string& name, const std::string& text) const;

 private:
  std::filesystem::path path_;
};

std::string read_file(const std::string& path);

// The repository's bundled data folder and source root (for sample files).
std::string source_path(const std::string& relative);

}  // namespace hedgebot::testing
