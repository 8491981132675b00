#pragma once
// What the adapter keeps on disk between runs, in its cache directory (the state directory),
// each file tagged with the venue URL it came from:
// - the exchangeInfo symbols, so a cron run within the TTL makes no exchangeInfo request;
// - a ban or rate limit still running (venue_block.json), so a cron run during a ban sends
//   nothing (a request during a ban only makes the venue ban longer).
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

struct VenueBlock {
  int64_t until_ms = 0;  // local wall clock
  ErrorKind kind = ErrorKind::Banned;
  std::string reason;
};

std::string venue_block_path(const std::string& cache_dir);
// The block when the file exists, came from `source_url` and still runs at `now_ms`.
std::optional<VenueBlock> load_venue_block(const std::string& path, const std::string& source_url,
                                           int64_t now_ms);
Status save_venue_block(const std::string& path, const std::string& source_url,
                        const VenueBlock& block);

}  // namespace hedgebot::binance
