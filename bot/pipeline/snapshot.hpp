#pragma once
// One snapshot per tick: for every hedge, the closed candles its rules need, mark and funding,
// the instrument, the signed position and the spot held; the account once. Read through the
// ExchangeClient with as few requests as the venue allows.

#include <string>
#include <vector>

#include "config/config.hpp"
#include "exchange/exchange_client.hpp"
#include "rules/engine.hpp"

namespace hedgebot::bot {

// Base candles read for the price sanity check: the newest and the ones before it, whose median
// close is the reference a bad print is measured against.
constexpr int kPriceHistoryCandles = 9;

struct HedgeMarket {
  Instrument instrument;
  Position position;
  MarkAndFunding mark;
  int64_t newest_close_ms = 0;  // close time of the newest closed base candle
  double last_close = 0.0;
  double reference_close = 0.0;  // median close of the base candles before the newest; 0: none
  int reference_count = 0;       // how many candles that median is of
};

struct TickSnapshot {
  rules::Snapshot rules;             // what the engine sees
  std::vector<HedgeMarket> markets;  // same order as config.hedges
};

// Stablecoins counted as cash in the portfolio value.
bool is_stablecoin(const std::string& asset);

Result<TickSnapshot> take_snapshot(const config::Config& config, ExchangeClient& client,
                                   const rules::RuleEngine& engine, int64_t now_ms);

}  // namespace hedgebot::bot
