#pragma once
// Crash-safe replacement of a small file: the content goes to `<path>.tmp` in the same
// directory, is fsynced, renamed over `path`, and the directory is fsynced. A crash at any
// point leaves either the old or the new content; a leftover `<path>.tmp` is never read.

#include <string>
#include <string_view>

#include "exchange/result.hpp"

namespace hedgebot::paper {

// The temporary file write_file_atomically() uses for `path`.
std::string atomic_temp_path(const std::string& path);

// Replaces `path` with `content`. On failure `path` is untouched and the temp file removed.
Status write_file_atomically(const std::string& path, std::string_view content);

// The whole file. A missing file is ErrorKind::NotFound; other failures InvalidInput, each
// naming the file.
Result<std::string> read_small_file(const std::string& path);

}  // namespace hedgebot::paper
