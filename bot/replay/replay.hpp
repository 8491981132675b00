#pragma once
// `hedgebot replay`: the whole bot over history. Simulated time steps from tick to tick (every
// `bot.interval`, or every base candle when the data is coarser), aligned to candle closes as
// `run` aligns them. Each tick advances a PaperExchange fed from streamed files (funding settles,
// resting orders fill, liquidations happen) and runs the real run_tick() with place_orders —
// snapshot, rules, planner, risk guard, executor and journal, as live. Memory does not grow with
// the history: candles are read as streams and the chart series are downsampled to a bounded
// number of points.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bot/pipeline/tick.hpp"
#include "config/config.hpp"
#include "exchange/result.hpp"
#include "paper/stream_csv.hpp"

namespace hedgebot::bot::replay {

struct ReplaySettings {
  // Data files replacing the config's (only for a config with one hedge); empty = the config's.
  std::string candles;
  std::string funding;
  std::string mark;
  std::optional<int64_t> from_ms;  // first tick at or after; earlier candles only warm up rules
  std::optional<int64_t> to_ms;    // last tick at or before
  std::string journal_path;        // empty: a journal in a temporary directory, removed after
  std::string ticks_csv;           // empty: not written
  std::string orders_csv;          // empty: not written
  size_t max_chart_points = 1000;  // per series; the chart's series are downsampled to this
  // Opens a candle file (candles and mark); empty = paper::CandleStream::open. Benchmarks inject
  // pre-parsed candles to time the loop without parsing.
  std::function<Result<std::unique_ptr<paper::CandleStream>>(const std::string& path)> open_candles;
  // Called after every tick with its report and the venue as the tick left it (`hedgebot test`
  // checks its expectations there); empty = nothing called.
  std::function<void(const TickReport& report, ExchangeClient& venue)> on_tick;
};

// A portfolio valued at every tick: spot at the mark + futures margin balance + stablecoins.
struct PortfolioSummary {
  double initial_value = 0.0;
  double final_value = 0.0;
  double total_return = 0.0;      // final / initial - 1
  double max_drawdown = 0.0;      // largest fall from a peak, as a fraction of the peak
  double daily_volatility = 0.0;  // sample standard deviation of daily returns
  uint64_t days = 0;              // daily returns measured
};

struct RatioShare {
  double ratio = 0.0;  // the actual hedge ratio after the tick, rounded to 0.05
  double share = 0.0;  // fraction of the replayed time spent there
};

struct HedgeSummary {
  std::string asset;
  std::string symbol;
  double spot_qty = 0.0;
  double first_price = 0.0;
  double last_price = 0.0;
  double final_ratio = 0.0;
  std::vector<RatioShare> time_at_ratio;  // by ratio, ascending
};

struct LiquidationEvent {
  int64_t time_ms = 0;
  std::string symbol;
  double price = 0.0;
  double fee = 0.0;
};

// A rule that could not be evaluated on some ticks (warming up, no data of its kind).
struct RuleNotReady {
  std::string hedge;
  std::string rule;
  uint64_t ticks = 0;
  std::string first_lacks;  // what it lacked on the first such tick
  int64_t first_ms = 0;
};

struct ReplaySummary {
  std::string config;  // the file it came from
  int64_t start_ms = 0;
  int64_t end_ms = 0;
  uint64_t candles = 0;       // base candles replayed (every symbol, from the first tick)
  uint64_t candles_read = 0;  // including the warm-up before the first tick
  uint64_t ticks = 0;
  uint64_t orders = 0;  // orders placed (accepted by the simulated venue), filled or not
  uint64_t fills = 0;   // fills, each stamped with the market time it executed
  uint64_t refusals = 0;
  uint64_t rolls = 0;            // dated hedges moved to their next contract (both legs filled)
  double roll_basis_cost = 0.0;  // the rolls' basis cost, summed (quote)
  uint64_t errors = 0;           // tick errors (a replay with any exits 1)
  std::string first_error;       // the first of them, as the tick reported it
  int64_t first_error_ms = 0;
  std::vector<RuleNotReady> not_ready;  // per hedge and rule, in the order first seen
  double fees = 0.0;
  double funding = 0.0;  // net: received - paid
  double funding_received = 0.0;
  double funding_paid = 0.0;
  double wallet_balance = 0.0;  // futures wallet at the end
  double realized_pnl = 0.0;    // closed futures PnL over the replay
  int liquidations = 0;
  std::vector<LiquidationEvent> liquidation_events;  // the first 1000
  // Wallet transfers of `transfer` rules: done (confirmed), the amounts moved each way (in the
  // margin asset), and the ones refused (the daily cap, the spot wallet's floor).
  uint64_t transfers = 0;
  double transferred_to_futures = 0.0;
  double transferred_to_spot = 0.0;
  uint64_t transfers_refused = 0;
  PortfolioSummary hedged;
  PortfolioSummary unhedged;
  std::vector<HedgeSummary> hedges;
};

// One downsampled point of the charts.
struct ChartPoint {
  int64_t time_ms = 0;
  double hedged_value = 0.0;
  double unhedged_value = 0.0;
  double hedged_drawdown = 0.0;
  double unhedged_drawdown = 0.0;
  double funding = 0.0;              // cumulative net funding
  std::vector<double> price;         // per hedge
  std::vector<double> actual_ratio;  // per hedge, after the tick
  std::vector<double> target_ratio;  // per hedge
  double fees = 0.0;                 // cumulative fees paid (trading and liquidation clearance)
};

// A fill on the price chart, at the market time it executed and its price.
struct OrderMark {
  int64_t time_ms = 0;
  size_t hedge = 0;
  double price = 0.0;
  bool buy = false;
};

// A tick's refusal, error or alert on the hedge's price chart, at the mark of that tick.
struct EventMark {
  enum class Kind { Refusal, Error, Alert };
  int64_t time_ms = 0;
  size_t hedge = 0;
  double price = 0.0;
  Kind kind = Kind::Refusal;
};

// One order the simulated venue accepted, for the report's orders table.
struct OrderRow {
  int64_t time_ms = 0;
  std::string hedge;
  std::string side;
  std::string qty;
  std::string price;
  bool reduce_only = false;
  std::string status;
};

struct ReplayCharts {
  std::vector<std::string> assets;
  std::vector<ChartPoint> points;
  std::vector<OrderMark> orders;  // fills, downsampled like the points
  uint64_t orders_dropped = 0;    // fills not marked
  std::vector<EventMark> events;  // refusals, errors, alerts, downsampled like the points
  uint64_t refusals = 0;          // every one of each kind, marked or not
  uint64_t errors = 0;
  uint64_t alerts = 0;
  std::vector<OrderRow> order_rows;  // the first kMaxOrderRows orders
  uint64_t orders_not_listed = 0;    // the orders after them (all of them are in orders.csv)
};

inline constexpr size_t kMaxOrderRows = 500;

struct ReplayResult {
  ReplaySummary summary;
  ReplayCharts charts;
};

// Replays one config. Errors: unreadable or malformed data (file:line), no tick in the period.
Result<ReplayResult> run_replay(const config::Config& config, const ReplaySettings& settings);

}  // namespace hedgebot::bot::replay
