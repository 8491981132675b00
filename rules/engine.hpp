#pragma once
// The rule engine: pure. Given a snapshot of market and account state and its memory from
// the previous run, it returns one target hedge ratio per hedge and the rules behind it.
// No I/O, no clock (time comes in the snapshot), no randomness, no logging.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "exchange/model.hpp"
#include "rules/rule_spec.hpp"

namespace hedgebot::rules {

// One hedge as the engine sees it at this tick.
struct HedgeInput {
  std::string asset;  // the hedge's name in rules (`hedge = "BTC"`)
  std::string symbol;
  double spot_qty = 0.0;       // base units held, >= 0
  double position_base = 0.0;  // signed futures position in base units (negative = short)
  double mark_price = 0.0;     // futures mark price
  double spot_price = 0.0;     // price of the spot asset (the mark when it is the same asset)
  double index_price = 0.0;    // the venue's spot index behind the mark; 0 when unknown
  int64_t delivery_ms = 0;     // the future's delivery time; 0 for a perpetual
  double beta = 1.0;
  double baseline_ratio = 0.0;  // target when no rule decides
  double min_ratio = 0.0;
  double max_ratio = 1.0;
  int64_t cooldown_ms = 0;            // no target change within this time of the last trade
  std::vector<CandleSeries> candles;  // closed candles per timeframe the rules need, oldest first
  std::vector<FundingRate> funding;   // settled funding, oldest first
  double predicted_funding = 0.0;     // the venue's rate for the running period
  int64_t funding_interval_ms = 8 * kHourMs;
  // The position's liquidation price as the venue reports it (cross margin); 0 when flat or
  // when no price liquidates it.
  double liquidation_price = 0.0;
};

struct Snapshot {
  int64_t now_ms = 0;
  Account account;
  double stable_balance = 0.0;  // quote-currency stablecoins held in spot
  std::vector<HedgeInput> hedges;
};

// A rule that could not be evaluated for a hedge at this tick, and what it lacks
// ("SMA200 on 1d needs 200 closed candles, has 61").
struct NotReady {
  std::string rule;
  std::string lacks;
};

// A transfer rule that fired: the bot checks it against the cap and the wallets and executes it
// (at most once per rule and tick).
struct TransferRequest {
  std::string rule;
  std::string asset;
  double amount = 0.0;
  TransferDirection direction = TransferDirection::ToFutures;
  std::string why;  // the conditions that held
};

struct Decision {
  std::string hedge;                // asset
  double target_ratio = 0.0;        // clamped to min_ratio..max_ratio
  bool hold = false;                // a hold rule fired, or cooldown: do not trade this hedge now
  std::vector<std::string> fired;   // every rule whose conditions held, in evaluation order
  std::string decided_by;           // the rule that set the target; "baseline" when none did
  std::vector<std::string> alerts;  // messages of alert rules that fired
  std::vector<TransferRequest> transfers;  // transfer rules that fired (never move the target)
  std::string why;                  // one human line: "bear-trend: 1d SMA50 < SMA200 -> ratio 1.00"
  std::vector<NotReady> not_ready;  // rules with a condition that cannot be evaluated yet
};

// What one timeframe needs: how many closed candles to warm up from nothing.
struct CandleRequirement {
  int64_t timeframe_ms = kHourMs;
  int warmup_candles = 0;
};

// The engine's memory between runs (engine.json). Plain data so the bot can store it;
// the engine owns what the keys mean.
struct StreamMemory {
  int64_t last_open_ms = 0;    // open time of the last closed candle fed
  std::vector<double> values;  // indicator state

  bool operator==(const StreamMemory&) const = default;
};

struct Memory {
  int version = 1;
  std::map<std::string, StreamMemory> streams;
  std::map<std::string, double> numbers;

  bool operator==(const Memory&) const = default;
};

class RuleEngine {
 public:
  explicit RuleEngine(std::vector<RuleSpec> rules);

  // Timeframes (and warm-up length) the rules for `asset` read; the bot fetches these.
  std::vector<CandleRequirement> requirements(const std::string& asset) const;
  // How many settled funding rates the rules for `asset` read.
  int funding_history_needed(const std::string& asset) const;

  // One decision per hedge of the snapshot, in the snapshot's order. Updates `memory`.
  std::vector<Decision> evaluate(const Snapshot& snapshot, Memory& memory) const;

  // The bot calls this after a hedge traded, for the per-hedge cooldown.
  static void note_trade(Memory& memory, const std::string& asset, int64_t now_ms);

  const std::vector<RuleSpec>& rules() const { return rules_; }

 private:
  std::vector<RuleSpec> rules_;
};

// The hedge ratio the current position represents: -position / (spot * beta * Ps / P).
// 0 when there is no spot.
double actual_ratio(const HedgeInput& hedge);

}  // namespace hedgebot::rules
