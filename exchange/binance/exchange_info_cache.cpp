#include "exchange/binance/exchange_info_cache.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace hedgebot::binance {

std::string exchange_info_cache_path(const std::string& cache_dir) {
  return (std::filesystem::path(cache_dir) / "exchange_info.json").string();
}

std::optional<Json> load_cached_symbols(const std::string& path, const std::string& source_url,
                                        int64_t now_ms, int64_t ttl_ms) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream text;
  text << in.rdbuf();
  Json cached = Json::parse(text.str(), nullptr, false);
  if (cached.is_discarded() || !cached.is_object()) return std::nullopt;
  const auto source = cached.find("source");
  const auto fetched = cached.find("fetched_ms");
  const auto symbols = cached.find("symbols");
  if (source == cached.end() || !source->is_string() || *source != source_url ||
      fetched == cached.end() || !fetched->is_number_integer() || symbols == cached.end() ||
      !symbols->is_array()) {
    return std::nullopt;
  }
  const int64_t age = now_ms - fetched->get<int64_t>();
  if (age < 0 || age >= ttl_ms) return std::nullopt;
  return *symbols;
}

namespace {

// Replaces `path` with `text` (temporary file, fsync, rename); creates the directory if needed.
Status replace_file(const std::string& path, const std::string& text, const std::string& what) {
  const std::filesystem::path target(path);
  std::error_code ignored;
  if (target.has_parent_path()) std::filesystem::create_directories(target.parent_path(), ignored);
  const std::string temporary = path + ".tmp." + std::to_string(::getpid());
  const std::string failure = "cannot write " + what + " " + temporary;
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return make_error(ErrorKind::Config, failure);
  size_t written = 0;
  while (written < text.size()) {
    const ssize_t count = ::write(fd, text.data() + written, text.size() - written);
    if (count <= 0) {
      ::close(fd);
      ::unlink(temporary.c_str());
      return make_error(ErrorKind::Config, failure);
    }
    written += static_cast<size_t>(count);
  }
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!synced || std::rename(temporary.c_str(), path.c_str()) != 0) {
    ::unlink(temporary.c_str());
    return make_error(ErrorKind::Config, "cannot replace " + what + " " + path);
  }
  return ok_status();
}

}  // namespace

Status save_cached_symbols(const std::string& path, const std::string& source_url, int64_t now_ms,
                           const Json& symbols) {
  const Json document = {{"source", source_url}, {"fetched_ms", now_ms}, {"symbols", symbols}};
  return replace_file(path, document.dump(), "the exchangeInfo cache");
}

std::string venue_block_path(const std::string& cache_dir) {
  return (std::filesystem::path(cache_dir) / "venue_block.json").string();
}

std::optional<VenueBlock> load_venue_block(const std::string& path, const std::string& source_url,
                                           int64_t now_ms) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::stringstream text;
  text << in.rdbuf();
  const Json document = Json::parse(text.str(), nullptr, false);
  if (!document.is_object() || text_or(document, "source") != source_url) return std::nullopt;
  const auto until = document.find("until_ms");
  if (until == document.end() || !until->is_number_integer()) return std::nullopt;
  VenueBlock block;
  block.until_ms = until->get<int64_t>();
  if (block.until_ms <= now_ms) return std::nullopt;
  block.kind = text_or(document, "kind") == "banned" ? ErrorKind::Banned : ErrorKind::RateLimited;
  block.reason = text_or(document, "reason");
  return block;
}

Status save_venue_block(const std::string& path, const std::string& source_url,
                        const VenueBlock& block) {
  const Json document = {{"source", source_url},
                         {"until_ms", block.until_ms},
                         {"kind", block.kind == ErrorKind::Banned ? "banned" : "rate_limited"},
                         {"reason", block.reason}};
  return replace_file(path, document.dump(), "the venue block file");
}

}  // namespace hedgebot::binance
