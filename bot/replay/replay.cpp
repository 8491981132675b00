#include "bot/replay/replay.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <set>

#include "bot/pipeline/journal.hpp"
#include "bot/pipeline/snapshot.hpp"
#include "bot/pipeline/tick.hpp"
#include "bot/session/paper_setup.hpp"
#include "bot/session/tick_session.hpp"
#include "paper/paper_exchange.hpp"
#include "paper/stream_market.hpp"
#include "rules/engine.hpp"

namespace hedgebot::bot::replay {
namespace {

constexpr size_t kMaxLiquidationEvents = 1000;
constexpr double kRatioBucket = 0.05;

// A file written through one stdio buffer; closed on destruction.
class CsvFile {
 public:
  Status open(const std::string& path, const char* header) {
    if (path.empty()) return ok_status();
    file_ = std::fopen(path.c_str(), "w");
    if (file_ == nullptr) {
      return make_error(ErrorKind::Config, "cannot write " + path);
    }
    std::setvbuf(file_, nullptr, _IOFBF, 1 << 16);
    std::fputs(header, file_);
    path_ = path;
    return ok_status();
  }
  ~CsvFile() {
    if (file_ != nullptr) std::fclose(file_);
  }
  CsvFile() = default;
  CsvFile(const CsvFile&) = delete;
  CsvFile& operator=(const CsvFile&) = delete;

  FILE* get() const { return file_; }
  Status close() {
    if (file_ == nullptr) return ok_status();
    const bool failed = std::ferror(file_) != 0;
    const bool closed = std::fclose(file_) == 0;
    file_ = nullptr;
    if (failed || !closed) return make_error(ErrorKind::Internal, "cannot write " + path_);
    return ok_status();
  }

 private:
  FILE* file_ = nullptr;
  std::string path_;
};

// A temporary directory removed on destruction (the journal when no path is given).
class TempDir {
 public:
  Result<std::string> make() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "hedgebot-replay-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
      return make_error(ErrorKind::Config, "cannot create a temporary directory for the journal");
    }
    path_ = pattern;
    return path_;
  }
  ~TempDir() {
    if (!path_.empty()) {
      std::error_code ignored;
      std::filesystem::remove_all(path_, ignored);
    }
  }

 private:
  std::string path_;
};

// Peak, drawdown and daily returns of a value sampled at every tick.
class PortfolioTracker {
 public:
  void update(int64_t time_ms, double value) {
    if (!started_) {
      started_ = true;
      initial_ = value;
      peak_ = value;
      day_ = time_ms / kDayMs;
      day_value_ = value;
    }
    last_ = value;
    peak_ = std::max(peak_, value);
    drawdown_ = peak_ > 0.0 ? 1.0 - value / peak_ : 0.0;
    max_drawdown_ = std::max(max_drawdown_, drawdown_);
    const int64_t day = time_ms / kDayMs;
    if (day != day_) {
      // The value at the first tick of a day closes the day before (Welford's running variance).
      if (day_value_ > 0.0) {
        const double daily = value / day_value_ - 1.0;
        ++days_;
        const double delta = daily - mean_;
        mean_ += delta / static_cast<double>(days_);
        m2_ += delta * (daily - mean_);
      }
      day_ = day;
      day_value_ = value;
    }
  }
  double drawdown() const { return drawdown_; }
  PortfolioSummary summary() const {
    PortfolioSummary out;
    out.initial_value = initial_;
    out.final_value = last_;
    out.total_return = initial_ > 0.0 ? last_ / initial_ - 1.0 : 0.0;
    out.max_drawdown = max_drawdown_;
    out.days = days_;
    out.daily_volatility = days_ > 1 ? std::sqrt(m2_ / static_cast<double>(days_ - 1)) : 0.0;
    return out;
  }

 private:
  bool started_ = false;
  double initial_ = 0.0, last_ = 0.0, peak_ = 0.0, drawdown_ = 0.0, max_drawdown_ = 0.0;
  int64_t day_ = 0;
  double day_value_ = 0.0;
  uint64_t days_ = 0;
  double mean_ = 0.0, m2_ = 0.0;
};

// Keeps every `stride`-th item, halving the kept items and doubling the stride when full, so
// a series of any length ends with between max/2 and max points spread over all of it.
template <typename T>
class Downsampler {
 public:
  explicit Downsampler(size_t max_points) : max_(std::max<size_t>(max_points, 4)) {}
  // True when `count`-th item should be offered to add().
  bool wants(uint64_t index) const { return index % stride_ == 0; }
  void add(T item) {
    items_.push_back(std::move(item));
    if (items_.size() >= max_) {
      size_t kept = 0;
      for (size_t i = 0; i < items_.size(); i += 2, ++kept) {
        if (i != kept) items_[kept] = std::move(items_[i]);  // a self-move would empty it
      }
      items_.resize(kept);
      stride_ *= 2;
      ++halvings_;
    }
  }
  std::vector<T>& items() { return items_; }
  uint64_t stride() const { return stride_; }

 private:
  size_t max_;
  uint64_t stride_ = 1;
  uint64_t halvings_ = 0;
  std::vector<T> items_;
};

struct HedgeState {
  const config::HedgeConfig* config = nullptr;
  Instrument instrument;
  double spot_qty = 0.0;
  double first_price = 0.0;
  double price = 0.0;
  double target_ratio = 0.0;
  double actual_ratio = 0.0;
  double position_base = 0.0;
  int64_t bucket = 0;
  std::map<int64_t, int64_t> time_at_bucket;  // ratio bucket -> ms
};

// The hedge's data files (its own, else [paper]'s), each replaced by the command line's.
HedgeDataFiles replay_files(const config::Config& config, const config::HedgeConfig& hedge,
                            const ReplaySettings& settings) {
  HedgeDataFiles files = hedge_data_files(config, hedge);
  if (!settings.candles.empty()) files.candles = settings.candles;
  if (!settings.funding.empty()) files.funding = settings.funding;
  if (!settings.mark.empty()) files.mark = settings.mark;
  return files;
}

}  // namespace

Result<ReplayResult> run_replay(const config::Config& input, const ReplaySettings& settings) {
  config::Config config = input;
  // A STOP file meant for live runs does not stop a replay, and a replay touches no state dir.
  config.risk.kill_switch.clear();
  const bool overrides =
      !settings.candles.empty() || !settings.funding.empty() || !settings.mark.empty();
  if (overrides && config.hedges.size() != 1) {
    return make_error(ErrorKind::InvalidInput,
                      config.path + " has " + std::to_string(config.hedges.size()) +
                          " hedges: --candles, --funding and --mark name one file each; name "
                          "every hedge's files in its [[hedge]] table instead");
  }

  std::vector<paper::SymbolData> markets;
  std::vector<paper::StreamedSymbol> streams;
  std::set<std::string> symbols;
  int64_t base_interval = 0;
  for (const config::HedgeConfig& hedge : config.hedges) {
    if (!symbols.insert(hedge.symbol).second) continue;  // two hedges on one future share it
    const HedgeDataFiles files = replay_files(config, hedge, settings);
    const std::string& candles = files.candles;
    const std::string& funding = files.funding;
    const std::string& mark = files.mark;
    if (candles.empty()) {
      return make_error(ErrorKind::Config, hedge.asset +
                                               ": replay needs candle data: set [paper] candles, "
                                               "candles in the [[hedge]], or --candles");
    }
    paper::StreamedSymbol stream;
    stream.symbol = hedge.symbol;
    const auto open_candles = [&settings](const std::string& path) {
      return settings.open_candles ? settings.open_candles(path) : paper::CandleStream::open(path);
    };
    auto candle_stream = open_candles(candles);
    if (!candle_stream) return candle_stream.error();
    stream.candles = std::move(*candle_stream);
    paper::SymbolData data;
    data.instrument = hedge_instrument(hedge);
    data.candles.interval_ms = stream.candles->interval_ms();
    base_interval = std::max(base_interval, data.candles.interval_ms);
    if (!funding.empty()) {
      auto funding_stream = paper::FundingStream::open(funding);
      if (!funding_stream) return funding_stream.error();
      stream.funding = std::move(*funding_stream);
    }
    if (!mark.empty()) {
      auto mark_stream = open_candles(mark);
      if (!mark_stream) return mark_stream.error();
      stream.mark = std::move(*mark_stream);
      data.mark = CandleSeries{stream.mark->interval_ms(), {}};
    }
    markets.push_back(std::move(data));
    streams.push_back(std::move(stream));
  }

  paper::PaperExchange exchange(paper_settings(config), std::move(markets));
  paper::StreamingMarket market(exchange, std::move(streams));
  const rules::RuleEngine engine(config.rules);
  for (const config::HedgeConfig& hedge : config.hedges) {
    for (const rules::CandleRequirement& need : engine.requirements(hedge.asset)) {
      market.keep_candles(hedge.symbol, need.timeframe_ms, std::max(need.warmup_candles, 2));
    }
    market.keep_candles(hedge.symbol, hedge.timeframe_ms, kPriceHistoryCandles);
    market.keep_funding(hedge.symbol, std::max(engine.funding_history_needed(hedge.asset), 1));
  }

  // Ticks every bot.interval aligned to candle closes (as `run` does), never finer than the data.
  const int64_t step = std::max(config.bot.interval_ms, base_interval);
  if (Status primed = market.warm_up_to(std::numeric_limits<int64_t>::min()); !primed) {
    return primed.error();
  }
  int64_t start = settings.from_ms.value_or(std::numeric_limits<int64_t>::min());
  for (const std::string& symbol : symbols) {
    const std::optional<int64_t> first_close = market.next_close_ms(symbol);
    if (!first_close) return make_error(ErrorKind::InvalidInput, symbol + ": no candles");
    start = std::max(start, *first_close);
  }
  int64_t tick = (start / step + (start % step != 0 ? 1 : 0)) * step;
  if (Status warmed = market.warm_up_to(tick); !warmed) return warmed.error();
  const uint64_t candles_before = market.candles_fed();

  // The journal: run_tick() writes decisions, orders and refusals to it, as live.
  TempDir temp_dir;
  std::string journal_path = settings.journal_path;
  if (journal_path.empty()) {
    auto dir = temp_dir.make();
    if (!dir) return dir.error();
    journal_path = *dir + "/journal.jsonl";
  } else {
    std::error_code ignored;
    std::filesystem::remove(journal_path, ignored);  // a replay's journal starts empty
  }
  // Which ids the simulated account has seen in the current slot (in memory: nothing to recover).
  OrderLedger ledger = OrderLedger::load("", "").value();
  TransferBook transfers;  // the run's transfers, for one per rule and slot and the daily cap
  Result<Journal> journal = Journal::open(journal_path, "replay");
  if (!journal) return journal.error();
  journal->set_sync(false);

  CsvFile ticks_csv;
  CsvFile orders_csv;
  if (Status opened = ticks_csv.open(
          settings.ticks_csv,
          "time,hedge,price,spot_qty,spot_value,position,target_ratio,actual_ratio,wallet,"
          "equity,portfolio_value,unhedged_value,funding\n");
      !opened) {
    return opened.error();
  }
  if (Status opened =
          orders_csv.open(settings.orders_csv,
                          "time,hedge,symbol,side,qty,price,reduce_only,status,client_order_id\n");
      !opened) {
    return opened.error();
  }

  // Spot holdings and stablecoins. The coins are static (the bot trades futures and never moves
  // a coin a hedge counts); the stablecoins change with wallet transfers, so the hedged value
  // reads them again after a tick that moved money, while the unhedged one keeps the start's.
  Result<std::vector<SpotBalance>> balances = exchange.spot_balances();
  if (!balances) return balances.error();
  const auto stablecoins = [](const std::vector<SpotBalance>& held) {
    double total = 0.0;
    for (const SpotBalance& balance : held) {
      if (is_stablecoin(balance.asset)) total += balance.total();
    }
    return total;
  };
  const double stable_start = stablecoins(*balances);
  double stable = stable_start;
  // Coins held in the futures wallet as margin ([paper] futures_assets) are part of the holdings:
  // worth their full price in both portfolios. The margin balance counts them at collateral
  // value (after the haircut), so the hedged value swaps that for the price; the unhedged one
  // holds the starting quantities.
  const auto coins_at = [&](const Account& account, double& at_price, double& at_collateral) {
    at_price = 0.0;
    at_collateral = 0.0;
    for (const CollateralAsset& asset : account.collateral) {
      if (is_stablecoin(asset.asset)) continue;
      at_price += asset.quantity * asset.price;
      at_collateral += asset.value();
    }
  };
  const auto held_coins_value = [&](const std::function<double(const std::string&)>& price_of) {
    double value = 0.0;
    for (const auto& [asset, quantity] : config.paper.futures_assets)
      value += quantity * price_of(asset);
    return value;
  };
  std::vector<HedgeState> hedges(config.hedges.size());
  ReplayResult result;
  for (size_t i = 0; i < config.hedges.size(); ++i) {
    const config::HedgeConfig& hedge = config.hedges[i];
    hedges[i].config = &hedge;
    auto instrument = exchange.instrument(hedge.symbol);
    if (!instrument) return instrument.error();
    hedges[i].instrument = *instrument;
    if (hedge.spot_source == config::SpotSource::Fixed) {
      hedges[i].spot_qty = hedge.spot_fixed;
    } else {
      for (const SpotBalance& balance : *balances) {
        if (balance.asset == hedge.asset) hedges[i].spot_qty += balance.total();
      }
      hedges[i].spot_qty += hedge.spot_extra;
    }
    result.charts.assets.push_back(hedge.asset);
  }

  ReplaySummary& summary = result.summary;
  summary.config = config.path;
  PortfolioTracker hedged_tracker;
  PortfolioTracker unhedged_tracker;
  Downsampler<ChartPoint> points(settings.max_chart_points);
  Downsampler<OrderMark> order_marks(settings.max_chart_points);
  uint64_t order_index = 0;
  Downsampler<EventMark> event_marks(settings.max_chart_points);
  uint64_t event_index = 0;
  std::vector<paper::PaperEvent> events;
  rules::Memory memory;
  int64_t previous_tick = 0;
  std::optional<ChartPoint> last_point;

  const auto hedge_of_symbol = [&](const std::string& symbol) {
    for (size_t i = 0; i < config.hedges.size(); ++i) {
      if (config.hedges[i].symbol == symbol) return i;
    }
    return size_t{0};
  };
  // A fill on the chart, at the time it executed.
  const auto mark_fill = [&](int64_t time_ms, size_t hedge_index, double price, bool buy) {
    if (order_marks.wants(order_index++)) {
      order_marks.add(OrderMark{time_ms, hedge_index, price, buy});
    }
  };
  // A refusal, error or alert on the hedge's price chart (every hedge's for an error of none).
  const auto mark_event = [&](int64_t time_ms, const TickReport& report, const std::string& asset,
                              EventMark::Kind kind) {
    uint64_t& count = kind == EventMark::Kind::Refusal ? result.charts.refusals
                      : kind == EventMark::Kind::Error ? result.charts.errors
                                                       : result.charts.alerts;
    ++count;
    for (size_t i = 0; i < report.hedges.size(); ++i) {
      if (!asset.empty() && report.hedges[i].asset != asset) continue;
      if (event_marks.wants(event_index++))
        event_marks.add(EventMark{time_ms, i, report.hedges[i].mark_price, kind});
    }
  };
  const auto record_events = [&]() {
    if (!events.empty()) journal_paper_events(*journal, events, config, &exchange);
    note_paper_fills(memory, events, config);
    for (const paper::PaperEvent& event : events) {
      if (event.kind == paper::PaperEvent::Kind::Fill) {
        // A resting limit order that a candle filled, at that candle's close.
        mark_fill(event.time_ms, hedge_of_symbol(event.symbol), event.price, event.qty_steps > 0);
      }
      if (event.kind == paper::PaperEvent::Kind::Liquidation &&
          summary.liquidation_events.size() < kMaxLiquidationEvents) {
        summary.liquidation_events.push_back(
            LiquidationEvent{event.time_ms, event.symbol, event.price, event.amount});
      }
    }
    events.clear();
  };

  for (; !settings.to_ms || tick <= *settings.to_ms; tick += step) {
    // The data ends for a symbol when its file has no candle closing at or after this tick.
    bool ended = false;
    for (const std::string& symbol : symbols) {
      if (!market.next_close_ms(symbol) && market.newest_close_ms(symbol) < tick) ended = true;
    }
    if (ended) break;
    if (tick < exchange.current_time_ms()) continue;  // a limit order's wait ran past this tick
    if (Status advanced = market.advance_to(tick, &events); !advanced) return advanced.error();
    record_events();

    if (summary.ticks == 0) {
      // The start value before the first trade, so the opening order's fee is in the return.
      Result<Account> account = market.account();
      if (!account) return account.error();
      double spot_value = 0.0;
      for (const HedgeState& state : hedges) {
        Result<MarkAndFunding> mark = market.mark_and_funding(state.config->symbol);
        if (!mark) return mark.error();
        spot_value += state.spot_qty * mark->mark_price;
      }
      double coins = 0.0;
      double coins_collateral = 0.0;
      coins_at(*account, coins, coins_collateral);
      const double unhedged_coins = held_coins_value([&](const std::string& asset) {
        for (const HedgeState& state : hedges) {
          if (state.config->asset != asset) continue;
          Result<MarkAndFunding> mark = market.mark_and_funding(state.config->symbol);
          if (mark) return mark->mark_price;
        }
        return 0.0;
      });
      hedged_tracker.update(
          tick, spot_value + account->margin_balance - coins_collateral + coins + stable);
      unhedged_tracker.update(tick,
                              spot_value + config.paper.balance + unhedged_coins + stable_start);
    }

    // Limit orders rest in market time on the paper exchange (the executor does not wait); any
    // wait the executor still makes moves the simulated clock, never the wall clock.
    int64_t waited = 0;
    const int64_t now = tick;
    TickOptions options;
    options.place_orders = true;
    options.ledger = &ledger;
    options.transfers = &transfers;
    options.sleep = [&](int64_t ms) {
      waited += ms;
      // The order the executor waits on is the only one open (earlier ones were canceled before
      // planning): when it fills here, the executor journals that fill as it reads it, with its
      // fee, realized PnL and the position after. Only the account's other events (funding, a
      // liquidation) are journaled from here, so no fill is written twice.
      std::vector<paper::PaperEvent> during;
      (void)market.advance_to(now + waited, &during);
      for (paper::PaperEvent& event : during) {
        if (event.kind != paper::PaperEvent::Kind::Fill) events.push_back(std::move(event));
      }
    };
    const TickReport report = run_tick(config, market, engine, memory, &*journal, tick, options);
    record_events();
    if (settings.on_tick) settings.on_tick(report, market);
    for (const TransferReport& transfer : report.transfers) {
      if (transfer.status == "REFUSED") ++summary.transfers_refused;
      if (transfer.status != "CONFIRMED" && transfer.status != "FOUND") continue;
      ++summary.transfers;
      (transfer.direction == "to_futures" ? summary.transferred_to_futures
                                          : summary.transferred_to_spot) += transfer.amount;
    }
    if (!report.transfers.empty()) {
      Result<std::vector<SpotBalance>> now_held = exchange.spot_balances();
      if (!now_held) return now_held.error();
      stable = stablecoins(*now_held);
    }
    ++summary.ticks;
    summary.refusals += report.refusals.size();
    for (const RollReport& roll : report.rolls) {
      if (roll.status != "rolled") continue;
      ++summary.rolls;
      summary.roll_basis_cost += roll.basis_cost.value_or(0.0);
    }
    for (const Refusal& refusal : report.refusals)
      mark_event(tick, report, refusal.hedge, EventMark::Kind::Refusal);
    for (const std::string& error : report.errors) {
      // "BTC: ..." names its hedge; an error of the whole tick goes on every chart.
      std::string asset;
      for (const HedgeReport& hedge : report.hedges)
        if (error.rfind(hedge.asset + ": ", 0) == 0) asset = hedge.asset;
      mark_event(tick, report, asset, EventMark::Kind::Error);
    }
    for (const HedgeReport& hedge : report.hedges)
      for (size_t a = 0; a < hedge.decision.alerts.size(); ++a)
        mark_event(tick, report, hedge.asset, EventMark::Kind::Alert);
    if (summary.errors == 0 && !report.errors.empty()) {
      summary.first_error = report.errors.front();
      summary.first_error_ms = tick;
    }
    summary.errors += report.errors.size();
    for (const HedgeReport& hedge : report.hedges) {
      for (const rules::NotReady& rule : hedge.decision.not_ready) {
        auto found = std::find_if(summary.not_ready.begin(), summary.not_ready.end(),
                                  [&](const RuleNotReady& seen) {
                                    return seen.rule == rule.rule && seen.hedge == hedge.asset;
                                  });
        if (found == summary.not_ready.end()) {
          summary.not_ready.push_back(RuleNotReady{hedge.asset, rule.rule, 0, rule.lacks, tick});
          found = summary.not_ready.end() - 1;
        }
        ++found->ticks;
      }
    }

    // Orders: every order the simulated venue accepted, as placed (a limit order may fill at a
    // later candle: its fill is in the journal and on the chart at that time).
    // The rolls' close legs too (a tick report lists them under its rolls, not its orders).
    std::vector<OrderReport> placed = report.orders;
    for (const RollReport& roll : report.rolls)
      placed.insert(placed.end(), roll.close.begin(), roll.close.end());
    for (const OrderReport& order : placed) {
      if (order.status == "ERROR" || order.status == "REJECTED") continue;
      ++summary.orders;
      if (result.charts.order_rows.size() < kMaxOrderRows) {
        result.charts.order_rows.push_back(OrderRow{tick, order.hedge, order.side, order.qty,
                                                    order.price, order.reduce_only, order.status});
      } else {
        ++result.charts.orders_not_listed;
      }
      if (order.filled_steps > 0) {
        // Filled when placed (a market order): executed at the tick.
        size_t hedge_index = 0;
        for (size_t i = 0; i < config.hedges.size(); ++i) {
          if (config.hedges[i].asset == order.hedge) hedge_index = i;
        }
        mark_fill(tick, hedge_index, std::strtod(order.price.c_str(), nullptr),
                  order.side == "BUY");
      }
      if (FILE* file = orders_csv.get()) {
        std::fprintf(file, "%s,%s,%s,%s,%s,%s,%s,%s,%s\n", format_iso8601(tick).c_str(),
                     order.hedge.c_str(), order.symbol.c_str(), order.side.c_str(),
                     order.qty.c_str(), order.price.c_str(), order.reduce_only ? "true" : "false",
                     order.status.c_str(), order.client_order_id.c_str());
      }
    }
    exchange.forget_final_orders();

    // Valuation after the tick's orders.
    Result<Account> account = market.account();
    if (!account) return account.error();
    double spot_value = 0.0;
    for (size_t i = 0; i < hedges.size(); ++i) {
      HedgeState& state = hedges[i];
      const config::HedgeConfig& hedge = *state.config;
      // The coins are worth the perpetual's mark: a dated hedge's own mark carries the
      // contract's basis over spot, which the coins do not have.
      const bool own_mark = i < report.hedges.size() && report.hedges[i].symbol == hedge.symbol;
      if (i < report.hedges.size()) state.target_ratio = report.hedges[i].decision.target_ratio;
      if (own_mark) {
        state.price = report.hedges[i].mark_price;
      } else {
        Result<MarkAndFunding> mark = market.mark_and_funding(hedge.symbol);
        if (mark) state.price = mark->mark_price;
      }
      if (state.first_price == 0.0) state.first_price = state.price;
      // A dated hedge holds the contract the tick resolved, not the perpetual it names.
      const std::string& held_symbol =
          i < report.hedges.size() ? report.hedges[i].symbol : hedge.symbol;
      Result<Position> position = market.position(held_symbol);
      if (!position) return position.error();
      state.position_base = state.instrument.steps_to_base(position->qty_steps);
      const double hedged_base = state.spot_qty * hedge.beta;
      state.actual_ratio = hedged_base > 0.0 ? -state.position_base / hedged_base : 0.0;
      if (previous_tick != 0) state.time_at_bucket[state.bucket] += tick - previous_tick;
      state.bucket = std::llround(state.actual_ratio / kRatioBucket);
      spot_value += state.spot_qty * state.price;
    }
    previous_tick = tick;
    double coins = 0.0;
    double coins_collateral = 0.0;
    coins_at(*account, coins, coins_collateral);
    const double unhedged_coins = held_coins_value([&](const std::string& asset) {
      for (const HedgeState& state : hedges) {
        if (state.config->asset == asset) return state.price;
      }
      return 0.0;
    });
    const double hedged_value =
        spot_value + account->margin_balance - coins_collateral + coins + stable;
    const double unhedged_value = spot_value + config.paper.balance + unhedged_coins + stable_start;
    hedged_tracker.update(tick, hedged_value);
    unhedged_tracker.update(tick, unhedged_value);
    const paper::PaperTotals& totals = exchange.totals();
    const double funding = totals.funding_received - totals.funding_paid;

    if (FILE* file = ticks_csv.get()) {
      const std::string time = format_iso8601(tick);
      for (const HedgeState& state : hedges) {
        std::fprintf(file, "%s,%s,%.8g,%.8g,%.2f,%.8g,%.4f,%.4f,%.2f,%.2f,%.2f,%.2f,%.2f\n",
                     time.c_str(), state.config->asset.c_str(), state.price, state.spot_qty,
                     state.spot_qty * state.price, state.position_base, state.target_ratio,
                     state.actual_ratio, account->wallet_balance, account->margin_balance,
                     hedged_value, unhedged_value, funding);
      }
    }
    ChartPoint point;
    point.time_ms = tick;
    point.hedged_value = hedged_value;
    point.unhedged_value = unhedged_value;
    point.hedged_drawdown = hedged_tracker.drawdown();
    point.unhedged_drawdown = unhedged_tracker.drawdown();
    point.funding = funding;
    point.fees = totals.fees_paid;
    for (const HedgeState& state : hedges) {
      point.price.push_back(state.price);
      point.actual_ratio.push_back(state.actual_ratio);
      point.target_ratio.push_back(state.target_ratio);
    }
    if (points.wants(summary.ticks - 1)) {
      points.add(point);
      last_point.reset();
    } else {
      last_point = std::move(point);
    }
    if (summary.start_ms == 0) summary.start_ms = tick;
    summary.end_ms = tick;
  }
  if (summary.ticks == 0) {
    return make_error(ErrorKind::InvalidInput,
                      config.path + ": no tick to replay: the data and --from/--to do not overlap");
  }

  const paper::PaperTotals& totals = exchange.totals();
  summary.candles = market.candles_fed() - candles_before;
  summary.candles_read = market.candles_fed();
  summary.fills = static_cast<uint64_t>(totals.orders_filled);
  summary.fees = totals.fees_paid;
  summary.funding_received = totals.funding_received;
  summary.funding_paid = totals.funding_paid;
  summary.funding = totals.funding_received - totals.funding_paid;
  summary.liquidations = totals.liquidations;
  summary.realized_pnl = totals.realized_pnl;
  if (const Result<Account> account = exchange.account(); account) {
    summary.wallet_balance = account->wallet_balance;
  }
  summary.hedged = hedged_tracker.summary();
  summary.unhedged = unhedged_tracker.summary();
  const double replayed_ms = static_cast<double>(summary.end_ms - summary.start_ms);
  for (const HedgeState& state : hedges) {
    HedgeSummary hedge;
    hedge.asset = state.config->asset;
    hedge.symbol = state.config->symbol;
    hedge.spot_qty = state.spot_qty;
    hedge.first_price = state.first_price;
    hedge.last_price = state.price;
    hedge.final_ratio = state.actual_ratio;
    for (const auto& [bucket, ms] : state.time_at_bucket) {
      hedge.time_at_ratio.push_back(RatioShare{static_cast<double>(bucket) * kRatioBucket,
                                               replayed_ms > 0.0 ? ms / replayed_ms : 0.0});
    }
    summary.hedges.push_back(std::move(hedge));
  }
  result.charts.points = std::move(points.items());
  if (last_point) result.charts.points.push_back(std::move(*last_point));
  result.charts.orders = std::move(order_marks.items());
  result.charts.orders_dropped = order_index - result.charts.orders.size();
  result.charts.events = std::move(event_marks.items());
  if (Status flushed = journal->flush(); !flushed) return flushed.error();
  if (Status closed = ticks_csv.close(); !closed) return closed.error();
  if (Status closed = orders_csv.close(); !closed) return closed.error();
  return result;
}

}  // namespace hedgebot::bot::replay
