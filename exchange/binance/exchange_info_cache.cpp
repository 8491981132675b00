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

Status save_cached_symbols(const std::string& path, const std::string& source_url, int64_t now_ms,
                           const Json& symbols) {
  const std::filesystem::path target(path);
  std::error_code ignored;
  if (target.has_parent_path()) std::filesystem::create_directories(target.parent_path(), ignored);
  const Json document = {{"source", source_url}, {"fetched_ms", now_ms}, {"symbols", symbols}};
  const std::string text = document.dump();
  const std::string temporary = path + ".tmp." + std::to_string(::getpid());
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0)
    return make_error(ErrorKind::Config, "cannot write the exchangeInfo cache " + temporary);
  size_t written = 0;
  while (written < text.size()) {
    const ssize_t count = ::write(fd, text.data() + written, text.size() - written);
    if (count <= 0) {
      ::close(fd);
      ::unlink(temporary.c_str());
      return make_error(ErrorKind::Config, "cannot write the exchangeInfo cache " + temporary);
    }
    written += static_cast<size_t>(count);
  }
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!synced || std::rename(temporary.c_str(), path.c_str()) != 0) {
    ::unlink(temporary.c_str());
    return make_error(ErrorKind::Config, "cannot replace the exchangeInfo cache " + path);
  }
  return ok_status();
}

}  // namespace hedgebot::binance
