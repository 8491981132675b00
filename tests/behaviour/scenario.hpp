#pragma once
// A scenario for rule-behaviour tests: a config (TOML text or a file), a market and an account
// served by a GoogleMock ExchangeClient, and the real tick (bot::run_tick: snapshot -> rules ->
// planner -> risk guard -> executor -> journal) run against it. The point of each test is which
// orders reach the venue: every place_order call must be expected, with its exact side,
// quantity and reduce-only flag. A call nobody expected fails the test.
//
//   Scenario s(R"(
//     [[hedge]]
//     asset = "BTC"
//     symbol = "BTCUSDT"
//     baseline_ratio = 0.5
//   )");
//   s.set_position("BTCUSDT", "-0.500");               // short 0.5 BTC
//   s.set_candles("BTCUSDT", k4h, rising_closes(...));  // the last one closes at s.now_ms
//   EXPECT_CALL(s.client, place_order(s.sell("0.300"))).Times(1);
//   s.tick();
//
// Market defaults: BTCUSDT (step 0.001, tick 0.1, min notional 100) at 60 000, 1 BTC in spot,
// a 30 000 USDT futures wallet, no position, no funding history, flat hourly candles at the
// mark ending at now (the hedge's base timeframe, which the risk guard checks for staleness).
// Fills are immediate at the mark and move the served position, so a second tick sees the
// first one's orders. The engine's memory goes through engine.json between ticks, as between
// two cron runs.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "bot/pipeline/executor.hpp"
#include "bot/pipeline/journal.hpp"
#include "bot/pipeline/tick.hpp"
#include "bot/session/engine_store.hpp"
#include "config/loader.hpp"
#include "rules/engine.hpp"
#include "tests/support/market_fixtures.hpp"
#include "tests/support/mock_exchange.hpp"
#include "tests/support/temp_dir.hpp"

namespace hedgebot {

// Orders print as "SELL 300 steps BTCUSDT reduce_only=false id=..." in failure messages.
inline void PrintTo(const OrderRequest& order, std::ostream* out) {
  *out << to_string(order.side) << " " << order.qty_steps << " steps " << order.symbol << " "
       << to_string(order.type) << " reduce_only=" << (order.reduce_only ? "true" : "false")
       << " id=" << order.client_order_id;
}

}  // namespace hedgebot

namespace hedgebot::behaviour {

inline constexpr int64_t k1h = kHourMs;
inline constexpr int64_t k4h = 4 * kHourMs;
inline constexpr int64_t k1d = kDayMs;
inline constexpr int64_t k8h = 8 * kHourMs;
// 2024-03-01T00:00:00Z: a whole hour, 4 hours and day, so every timeframe has just closed.
inline constexpr int64_t kStartNowMs = 1709251200000;

// Closes that rise by `growth` per candle (0.002 = 0.2 %) from `first`.
inline std::vector<double> rising_closes(int count, double first, double growth) {
  std::vector<double> closes;
  double close = first;
  for (int i = 0; i < count; ++i) {
    closes.push_back(close);
    close *= 1.0 + growth;
  }
  return closes;
}

// Closes that fall by `decline` per candle.
inline std::vector<double> falling_closes(int count, double first, double decline) {
  return rising_closes(count, first, -decline);
}

// `closes` followed by `count` more candles at the last close (a market that stalls).
inline std::vector<double> then_flat(std::vector<double> closes, int count) {
  const double last = closes.back();
  for (int i = 0; i < count; ++i) closes.push_back(last);
  return closes;
}

// `closes` followed by `count` candles each `decline` under the one before (0.01 = 1 % down).
inline std::vector<double> then_falling(std::vector<double> closes, int count, double decline) {
  for (int i = 0; i < count; ++i) closes.push_back(closes.back() * (1.0 - decline));
  return closes;
}

// `closes` followed by one candle that closes `change` away from the last (-0.01 = 1 % down).
inline std::vector<double> then_move(std::vector<double> closes, double change) {
  closes.push_back(closes.back() * (1.0 + change));
  return closes;
}

// Candles of `timeframe_ms` from closes, oldest first, the last one closing at `last_close_ms`.
// open = previous close; high and low `range` (a fraction of the close) beyond open and close.
inline CandleSeries candles_from(const std::vector<double>& closes, int64_t timeframe_ms,
                                 int64_t last_close_ms, double range = 0.001) {
  const int64_t first_open = last_close_ms - static_cast<int64_t>(closes.size()) * timeframe_ms;
  return testing::candles_from_closes(closes, timeframe_ms, first_open, testing::Wick{range, 0.0});
}

// The first `count` candles of a series, and when its last candle closes.
using testing::close_of_last;
using testing::first_candles;

// The start of a test config: hourly ticks and the BTC hedge's identity. A test appends the
// rest of its [[hedge]] (baseline_ratio, band, cooldown, ...) and then its [[rule]] tables.
inline constexpr const char* kBtcHedge = R"(
[bot]
interval = "1h"

[[hedge]]
asset = "BTC"
symbol = "BTCUSDT"
min_ratio = 0.0
max_ratio = 1.2
)";

inline Instrument ethusdt() {
  Instrument instrument = testing::btcusdt_instrument();
  instrument.symbol = "ETHUSDT";
  instrument.base_asset = "ETH";
  instrument.price_tick = Decimal{1, 2};
  instrument.min_notional = 20.0;
  return instrument;
}

class Scenario {
 public:
  // What the venue serves for one symbol. Tests change these between ticks.
  struct Market {
    Instrument instrument;
    double mark = 60000.0;
    double predicted_funding = 0.0;           // the running period's rate
    double index = 0.0;                       // the spot index; 0: the mark
    std::vector<FundingRate> funding;         // settled, oldest first
    std::map<int64_t, CandleSeries> candles;  // by timeframe; served as given
    int64_t position_steps = 0;               // signed
    double liquidation_price = 0.0;           // as the venue reports it; 0 = none
  };

  // `config_toml`: the [[hedge]] and [[rule]] tables, plus any [risk] or [bot] settings. The
  // state directory and the kill switch are moved into a temporary directory.
  explicit Scenario(const std::string& config_toml) {
    use(config::load_config_text(config_toml, "scenario.toml"));
  }

  // A config file, e.g. one of config/examples/: its rules and hedges exactly as a run would
  // load them. Its paper data files are not read (the mock is the venue).
  static Scenario from_file(const std::string& path) { return Scenario(FromFile{}, path); }

  Scenario(const Scenario&) = delete;
  Scenario& operator=(const Scenario&) = delete;
  Scenario(Scenario&&) = delete;

  // --- The market and the account -------------------------------------------------------
  Market& market(const std::string& symbol) { return markets_.at(symbol); }

  void set_mark(const std::string& symbol, double mark) { market(symbol).mark = mark; }
  // Signed position in the instrument's quantity text: "-0.500" is 0.5 BTC short.
  void set_position(const std::string& symbol, const std::string& qty) {
    market(symbol).position_steps = steps(symbol, qty);
  }
  void set_candles(const std::string& symbol, CandleSeries series) {
    market(symbol).candles[series.interval_ms] = std::move(series);
  }
  // Settled funding rates, the newest settled at now (8 h apart), oldest first.
  void set_funding(const std::string& symbol, const std::vector<double>& rates) {
    std::vector<FundingRate>& funding = market(symbol).funding;
    funding.clear();
    const int64_t last_settlement = now_ms - (now_ms % k8h);
    for (std::size_t i = 0; i < rates.size(); ++i) {
      const int64_t age = static_cast<int64_t>(rates.size() - 1 - i);
      funding.push_back({last_settlement - age * k8h, rates[i], market(symbol).mark});
    }
  }
  void set_spot(const std::string& asset, double total) {
    for (SpotBalance& balance : spot) {
      if (balance.asset == asset) {
        balance.free = total;
        return;
      }
    }
    spot.push_back({asset, total, 0.0});
  }
  // Margin balance (wallet, no unrealised PnL) and maintenance margin: the margin ratio is
  // maint / balance.
  void set_margin(double margin_balance, double maint_margin) {
    account.wallet_balance = margin_balance;
    account.unrealized_pnl = 0.0;
    account.margin_balance = margin_balance;
    account.maint_margin = maint_margin;
    account.available_balance = margin_balance - maint_margin;
  }

  // --- Orders the venue must see ---------------------------------------------------------
  // A market order in the instrument's quantity text ("0.300" BTC with a 0.001 step).
  ::testing::Matcher<const OrderRequest&> order(Side side, const std::string& qty, bool reduce_only,
                                                const std::string& symbol = "BTCUSDT") {
    using ::testing::AllOf;
    using ::testing::Field;
    return AllOf(Field("symbol", &OrderRequest::symbol, symbol),
                 Field("side", &OrderRequest::side, side),
                 Field("qty_steps", &OrderRequest::qty_steps, steps(symbol, qty)),
                 Field("reduce_only", &OrderRequest::reduce_only, reduce_only),
                 Field("type", &OrderRequest::type, OrderType::Market));
  }
  // Increases of the short: SELL, not reduce-only.
  ::testing::Matcher<const OrderRequest&> sell(const std::string& qty,
                                               const std::string& symbol = "BTCUSDT") {
    return order(Side::Sell, qty, false, symbol);
  }
  // Decreases of the short: BUY, reduce-only.
  ::testing::Matcher<const OrderRequest&> buy_reduce_only(const std::string& qty,
                                                          const std::string& symbol = "BTCUSDT") {
    return order(Side::Buy, qty, true, symbol);
  }

  // Checks that every order expected so far was placed, then expects no order again until a
  // test says otherwise. Call it between ticks.
  void verify_orders() {
    ::testing::Mock::VerifyAndClearExpectations(&client);
    expect_no_orders();
  }

  // --- Running ticks ---------------------------------------------------------------------
  // One `once` tick at now_ms: orders are placed through the mock and journaled.
  bot::TickReport tick() { return run(true); }
  // One `plan` tick: nothing is placed, no journal.
  bot::TickReport plan() { return run(false); }

  // Every journal entry of an event kind ("decision", "order", "refusal", ...), oldest first.
  std::vector<nlohmann::json> journal(const std::string& event) const {
    std::vector<nlohmann::json> entries;
    std::ifstream in(dir_.file("journal.jsonl"));
    std::string line;
    while (std::getline(in, line)) {
      nlohmann::json entry = nlohmann::json::parse(line);
      if (entry["event"] == event) entries.push_back(std::move(entry));
    }
    return entries;
  }

  ::testing::NiceMock<testing::MockExchangeClient> client;
  config::Config config;
  Account account;
  std::vector<SpotBalance> spot{{"BTC", 1.0, 0.0}};
  int64_t now_ms = kStartNowMs;

 private:
  struct FromFile {};
  Scenario(FromFile, const std::string& path) { use(config::load_config_file(path)); }

  void use(const config::LoadResult& loaded) {
    for (const config::Diagnostic& diagnostic : loaded.diagnostics)
      ADD_FAILURE() << diagnostic.to_string();
    if (!loaded.config) throw std::runtime_error("the scenario's config does not load");
    config = *loaded.config;
    config.bot.state_dir = dir_.path().string();
    config.risk.kill_switch = dir_.file("STOP");
    set_margin(30000.0, 0.0);
    for (const config::HedgeConfig& hedge : config.hedges) {
      Market market;
      market.instrument = hedge.symbol == "ETHUSDT" ? ethusdt() : testing::btcusdt_instrument();
      market.instrument.symbol = hedge.symbol;
      market.instrument.contract_size = hedge.contract_size;
      if (hedge.qty_step) market.instrument.qty_step = *hedge.qty_step;
      if (hedge.price_tick) market.instrument.price_tick = *hedge.price_tick;
      if (hedge.min_notional) market.instrument.min_notional = *hedge.min_notional;
      if (hedge.symbol == "ETHUSDT") market.mark = 3000.0;
      markets_.emplace(hedge.symbol, std::move(market));
    }
    install_defaults();
  }

  int64_t steps(const std::string& symbol, const std::string& qty) {
    const bool negative = !qty.empty() && qty.front() == '-';
    Result<Decimal> decimal = Decimal::parse(negative ? qty.substr(1) : qty);
    Result<int64_t> whole = market(symbol).instrument.qty_to_steps(decimal.value());
    return negative ? -whole.value() : whole.value();
  }

  const config::HedgeConfig& hedge_of(const std::string& symbol) const {
    for (const config::HedgeConfig& hedge : config.hedges) {
      if (hedge.symbol == symbol) return hedge;
    }
    throw std::runtime_error("no hedge trades " + symbol);
  }

  // The hedge's base timeframe when the test did not set it: flat candles at the mark that
  // end at now (fresh data, so the risk guard's staleness and price checks pass).
  CandleSeries base_candles(const std::string& symbol) {
    const Market& data = market(symbol);
    const int64_t timeframe = hedge_of(symbol).timeframe_ms;
    return candles_from(std::vector<double>(48, data.mark), timeframe,
                        now_ms - (now_ms % timeframe));
  }

  void install_defaults() {
    using ::testing::_;
    using ::testing::Invoke;
    using ::testing::Return;
    ON_CALL(client, name()).WillByDefault(Return(std::string("mock")));
    ON_CALL(client, now_ms()).WillByDefault(Invoke([this] { return Result<int64_t>(now_ms); }));
    ON_CALL(client, instrument(_)).WillByDefault(Invoke([this](const std::string& symbol) {
      return Result<Instrument>(market(symbol).instrument);
    }));
    ON_CALL(client, closed_candles(_, _, _))
        .WillByDefault(Invoke([this](const std::string& symbol, int64_t interval, int limit) {
          const Market& data = market(symbol);
          const auto found = data.candles.find(interval);
          CandleSeries series;
          if (found != data.candles.end()) {
            series = found->second;
          } else if (interval == hedge_of(symbol).timeframe_ms) {
            series = base_candles(symbol);
          } else {
            series.interval_ms = interval;
          }
          if (series.candles.size() > static_cast<std::size_t>(limit)) {
            series.candles.erase(series.candles.begin(), series.candles.end() - limit);
          }
          return Result<CandleSeries>(series);
        }));
    ON_CALL(client, mark_and_funding(_)).WillByDefault(Invoke([this](const std::string& symbol) {
      const Market& data = market(symbol);
      MarkAndFunding mark;
      mark.mark_price = data.mark;
      mark.index_price = data.index > 0.0 ? data.index : data.mark;
      mark.predicted_rate = data.predicted_funding;
      mark.next_funding_ms = now_ms - (now_ms % k8h) + k8h;
      mark.funding_interval_ms = k8h;
      mark.time_ms = now_ms;
      return Result<MarkAndFunding>(mark);
    }));
    ON_CALL(client, funding_history(_, _))
        .WillByDefault(Invoke([this](const std::string& symbol, int limit) {
          std::vector<FundingRate> settled;
          for (const FundingRate& rate : market(symbol).funding) {
            if (rate.funding_time_ms <= now_ms) settled.push_back(rate);
          }
          if (settled.size() > static_cast<std::size_t>(limit)) {
            settled.erase(settled.begin(), settled.end() - limit);
          }
          return Result<std::vector<FundingRate>>(settled);
        }));
    ON_CALL(client, account()).WillByDefault(Invoke([this] { return Result<Account>(account); }));
    ON_CALL(client, position(_)).WillByDefault(Invoke([this](const std::string& symbol) {
      Position position;
      position.symbol = symbol;
      position.qty_steps = market(symbol).position_steps;
      position.entry_price = market(symbol).mark;
      position.liquidation_price = market(symbol).liquidation_price;
      return Result<Position>(position);
    }));
    ON_CALL(client, spot_balances()).WillByDefault(Invoke([this] {
      return Result<std::vector<SpotBalance>>(spot);
    }));
    ON_CALL(client, prepare_symbol(_, _)).WillByDefault(Return(ok_status()));
    ON_CALL(client, open_orders(_)).WillByDefault(Invoke([](const std::string&) {
      return Result<std::vector<OrderState>>(std::vector<OrderState>{});
    }));
    ON_CALL(client, query_order(_, _))
        .WillByDefault(Invoke([this](const std::string&, const std::string& id) {
          const auto found = placed_.find(id);
          return Result<std::optional<OrderState>>(
              found == placed_.end() ? std::nullopt : std::optional<OrderState>(found->second));
        }));
    // A market order fills at once at the mark and moves the position.
    ON_CALL(client, place_order(_)).WillByDefault(Invoke([this](const OrderRequest& request) {
      Market& data = market(request.symbol);
      OrderState state;
      state.symbol = request.symbol;
      state.client_order_id = request.client_order_id;
      state.venue_order_id = std::to_string(placed_.size() + 1);
      state.side = request.side;
      state.type = request.type;
      state.status = OrderStatus::Filled;
      state.qty_steps = request.qty_steps;
      state.filled_steps = request.qty_steps;
      state.avg_fill_price = data.mark;
      state.reduce_only = request.reduce_only;
      state.update_ms = now_ms;
      data.position_steps += signed_steps(request.side, request.qty_steps);
      placed_[request.client_order_id] = state;
      return Result<OrderState>(state);
    }));
    expect_no_orders();
  }

  // No order unless a test expects it (a test's own, later EXPECT_CALL takes precedence).
  void expect_no_orders() { EXPECT_CALL(client, place_order(::testing::_)).Times(0); }

  bot::TickReport run(bool place_orders) {
    Result<rules::Memory> memory = bot::load_engine_memory(dir_.file("engine.json"));
    EXPECT_TRUE(memory.ok()) << memory.error().message;
    rules::RuleEngine engine(config.rules);
    bot::TickOptions options;
    options.place_orders = place_orders;
    options.sleep = [](int64_t) {};
    bot::TickReport report;
    if (place_orders) {
      Result<bot::Journal> journal = bot::Journal::open(
          dir_.file("journal.jsonl"), "t" + bot::tick_slot(now_ms, config.bot.interval_ms));
      EXPECT_TRUE(journal.ok()) << journal.error().message;
      report = bot::run_tick(config, client, engine, *memory, &journal.value(), now_ms, options);
      const Status saved = bot::save_engine_memory(dir_.file("engine.json"), *memory);
      EXPECT_TRUE(saved.ok()) << saved.error().message;
    } else {
      report = bot::run_tick(config, client, engine, *memory, nullptr, now_ms, options);
    }
    for (const std::string& error : report.errors) ADD_FAILURE() << "tick error: " << error;
    return report;
  }

  testing::TempDir dir_;
  std::map<std::string, Market> markets_;
  std::map<std::string, OrderState> placed_;
};

// The decision of the first (or the named) hedge of a tick.
inline const rules::Decision& decision_of(const bot::TickReport& report,
                                          const std::string& asset = "BTC") {
  for (const bot::HedgeReport& hedge : report.hedges) {
    if (hedge.asset == asset) return hedge.decision;
  }
  throw std::runtime_error("no decision for " + asset);
}

}  // namespace hedgebot::behaviour
