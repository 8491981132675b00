#pragma once
// Crash-safe file replacement: write a temp file in the same directory, fsync it, rename it
// over the target, fsync the directory. A kill -9 at any moment leaves either the old or the
// new content, never a torn file.

#include <string>

#include "exchange/result.hpp"

namespace hedgebot::bot {

Status write_file_atomically(const std::string& path, const std::string& content);
// Whole file, or an error naming it. A missing file is ErrorKind::NotFound.
Result<std::string> read_whole_file(const std::string& path);

}  // namespace hedgebot::bot
