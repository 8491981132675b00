#pragma once
// The exchangeInfo symbols on disk, so a cron run within the TTL makes no exchangeInfo
// request. One file per cache directory, tagged with the venue URL it came from.
// Internal to exchange/.

#include <cstdint>
#include <optional>
#include <string>

#include "exchange/binance/json_fields.hpp"

namespace hedgebot::binance {

std::string exchange_info_cache_path(const std::string& cache_dir);

// The cached symbols when the file exists, is readable, came from `source_url` and is younger
// than `ttl_ms` at `now_ms`; nullopt otherwise (a corrupt file is simply refetched).
std::optional<Json> load_cached_symbols(const std::string& path, const std::string& source_url,
                                        int64_t now_ms, int64_t ttl_ms);

// Writes atomically (temporary file, fsync, rename); creates the directory if needed.
Status save_cached_symbols(const std::string& path, const std::string& source_url, int64_t now_ms,
                           const Json& symbols);

}  // namespace hedgebot::binance
