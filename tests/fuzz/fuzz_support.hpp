#pragma once
// Helpers shared by the libFuzzer targets: the input as text, a per-process scratch file for
// readers that take a path, and a check that aborts (a finding) when a property breaks.

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace hedgebot::fuzz {

inline std::string_view as_text(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// A file in the temp directory, one per fuzzing process, rewritten for every input.
inline const std::string& scratch_path(const char* name) {
  static const std::string path = [name] {
    const char* directory = std::getenv("TMPDIR");
    return std::string(directory != nullptr && *directory != '\0' ? directory : "/tmp") +
           "/hedgebot-fuzz-" + std::to_string(::getpid()) + "-" + name;
  }();
  return path;
}

inline const std::string& write_scratch(const char* name, std::string_view text) {
  const std::string& path = scratch_path(name);
  FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr) std::abort();
  if (!text.empty() && std::fwrite(text.data(), 1, text.size(), file) != text.size()) std::abort();
  std::fclose(file);
  return path;
}

// A broken property is a finding: print it and abort so libFuzzer saves the input.
inline void require(bool holds, const char* property) {
  if (holds) return;
  std::fprintf(stderr, "property broken: %s\n", property);
  std::abort();
}

}  // namespace hedgebot::fuzz
