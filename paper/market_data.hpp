#pragma once
// Market-data files: candles (`open_time_ms,open,high,low,close,volume` with a header, or
// Binance's 12-column kline CSV with or without a header) and funding
// (`funding_time_ms,funding_rate,mark_price`). Rows must be strictly increasing in time;
// a duplicate, unordered row, NaN, negative price or malformed number is an error naming
// the file and line.

#include <string>
#include <vector>

#include "exchange/model.hpp"

namespace hedgebot::paper {

// Reads a whole candle file. The interval is inferred from the smallest spacing between rows.
Result<CandleSeries> read_candles_csv(const std::string& path);
Result<std::vector<FundingRate>> read_funding_csv(const std::string& path);

// Builds `interval_ms` candles from finer closed candles (aligned to multiples of the
// interval from the epoch). Only complete buckets whose close is <= `now_ms` are returned.
CandleSeries aggregate_candles(const CandleSeries& base, int64_t interval_ms, int64_t now_ms);

}  // namespace hedgebot::paper
