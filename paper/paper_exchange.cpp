// The paper exchange: wires the market data, the clock and the small models (fees, fills,
// funding, positions, margin) into the ExchangeClient port, and keeps the account in a
// PaperState that persists in paper.json.

#include "paper/paper_exchange.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "exchange/number_text.hpp"
#include "paper/bundled_brackets.hpp"
#include "paper/collateral_model.hpp"
#include "paper/dated_market.hpp"
#include "paper/fee_model.hpp"
#include "paper/fill_model.hpp"
#include "paper/funding_model.hpp"
#include "paper/margin_model.hpp"
#include "paper/market_data.hpp"
#include "paper/paper_state.hpp"
#include "paper/position_model.hpp"
#include "storage/atomic_file.hpp"

namespace hedgebot::paper {

struct PaperExchange::State : PaperState {};

namespace {

constexpr int kMaxLeverage = 125;
constexpr size_t kMaxClientOrderIdLength = 36;

// Binance error codes the simulator mimics, so messages read like the venue's.
constexpr int kCodeMinNotional = -4164;
constexpr int kCodeQuantity = -4003;
constexpr int kCodeInsufficientMargin = -2019;
constexpr int kCodeReduceOnly = -2022;
constexpr int kCodeDuplicateClientId = -4116;
constexpr int kCodeUnknownOrder = -2011;

std::string describe_time(int64_t ms) {
  return format_iso8601(ms) + " (" + std::to_string(ms) + ")";
}

// Index of the first candle that closes after `time_ms`: candles before it are closed at
// `time_ms`.
size_t first_open_candle(const CandleSeries& series, int64_t time_ms) {
  const int64_t latest_open = time_ms - series.interval_ms;
  const auto it = std::upper_bound(
      series.candles.begin(), series.candles.end(), latest_open,
      [](int64_t time, const Candle& candle) { return time < candle.open_time_ms; });
  return static_cast<size_t>(it - series.candles.begin());
}

// The last candle closed at `time_ms`, or nullptr.
const Candle* last_closed(const CandleSeries& series, int64_t time_ms) {
  const size_t end = first_open_candle(series, time_ms);
  return end == 0 ? nullptr : &series.candles[end - 1];
}

// The candle of `series` that opened exactly at `open_time_ms`, or nullptr.
const Candle* candle_at(const CandleSeries& series, int64_t open_time_ms) {
  const auto it = std::lower_bound(
      series.candles.begin(), series.candles.end(), open_time_ms,
      [](const Candle& candle, int64_t time) { return candle.open_time_ms < time; });
  return it != series.candles.end() && it->open_time_ms == open_time_ms ? &*it : nullptr;
}

struct PricePoint {
  double price = 0.0;
  int64_t time_ms = 0;  // close time of the candle it came from
};

// Mark price at `time_ms`: the close of the last closed mark candle, unless the mark data is
// older than the last-trade data there (a gap or an earlier end), then the last-trade close;
// the venue's mark (public data) when it was read at or before `time_ms` and is newer still.
std::optional<PricePoint> mark_at(const SymbolData& data, int64_t time_ms) {
  std::optional<PricePoint> point;
  if (const Candle* trade = last_closed(data.candles, time_ms)) {
    point = PricePoint{trade->close, trade->open_time_ms + data.candles.interval_ms};
  }
  if (data.mark) {
    if (const Candle* mark = last_closed(*data.mark, time_ms)) {
      const int64_t close_ms = mark->open_time_ms + data.mark->interval_ms;
      if (!point || close_ms >= point->time_ms) point = PricePoint{mark->close, close_ms};
    }
  }
  if (data.venue_mark && data.venue_mark->time_ms <= time_ms &&
      (!point || data.venue_mark->time_ms >= point->time_ms)) {
    point = PricePoint{data.venue_mark->mark_price, data.venue_mark->time_ms};
  }
  return point;
}

bool valid_client_order_id(const std::string& id) {
  return !id.empty() && id.size() <= kMaxClientOrderIdLength &&
         std::all_of(id.begin(), id.end(), [](char c) {
           return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_';
         });
}

// One step of advance_to(), processed in time order.
struct TimedStep {
  int64_t time_ms = 0;
  int phase = 0;  // 0: funding at time_ms; 1: the candle that opened at time_ms
  size_t market_index = 0;
  size_t row = 0;  // funding row or candle index
  const std::string* symbol = nullptr;
  const SymbolData* data = nullptr;

  bool operator<(const TimedStep& other) const {
    if (time_ms != other.time_ms) return time_ms < other.time_ms;
    if (phase != other.phase) return phase < other.phase;
    return market_index < other.market_index;
  }
};

// The simulator's operations over one account, made on demand by each PaperExchange call.
class Venue {
 public:
  Venue(const PaperSettings& settings, const std::map<std::string, SymbolData>& markets,
        PaperState& state)
      : settings_(settings),
        markets_(markets),
        state_(state),
        fees_{settings.taker_fee, settings.maker_fee} {}

  Result<const SymbolData*> market(const std::string& symbol) const {
    const auto it = markets_.find(symbol);
    if (it != markets_.end()) return &it->second;
    std::string known;
    for (const auto& [name, data] : markets_) known += (known.empty() ? "" : ", ") + name;
    return make_error(ErrorKind::NotFound,
                      "paper: unknown symbol " + symbol +
                          " (market data loaded for: " + (known.empty() ? "none" : known) + ")");
  }

  Result<int64_t> clock() const {
    if (!state_.now_ms) {
      return make_error(ErrorKind::Internal,
                        "paper: the simulated clock is not set yet (call advance_to first)");
    }
    return *state_.now_ms;
  }

  int leverage(const std::string& symbol) const {
    const auto it = state_.leverage.find(symbol);
    return it == state_.leverage.end() ? kDefaultLeverage : it->second;
  }

  HeldPosition held(const std::string& symbol) const {
    const auto it = state_.positions.find(symbol);
    return it == state_.positions.end() ? HeldPosition{} : it->second;
  }

  double mark_or_entry(const std::string& symbol, const HeldPosition& position,
                       int64_t time_ms) const {
    const auto it = markets_.find(symbol);
    if (it == markets_.end()) return position.entry_price;
    const auto point = mark_at(it->second, time_ms);
    return point ? point->price : position.entry_price;
  }

  double open_order_margin() const {
    double total = 0.0;
    for (const PaperOrder& order : state_.orders) {
      if (is_final(order.state.status) || order.state.reduce_only) continue;
      const auto it = markets_.find(order.state.symbol);
      if (it == markets_.end()) continue;
      const Instrument& instrument = it->second.instrument;
      total +=
          std::fabs(instrument.steps_to_base(order.state.qty_steps - order.state.filled_steps)) *
          instrument.ticks_to_price(order.state.price_ticks) / leverage(order.state.symbol);
    }
    return total;
  }

  // The account at `time_ms` with `positions` (the state's unless given), each at its mark,
  // except `priced_symbol` valued at `price`.
  Account account_at(int64_t time_ms, const std::map<std::string, HeldPosition>& positions,
                     double wallet, const std::string& priced_symbol = {},
                     double price = 0.0) const {
    // One buffer per thread, reused: this runs for every candle of a replay.
    thread_local std::vector<MarginLine> lines;
    lines.clear();
    for (const auto& [symbol, position] : positions) {
      const auto it = markets_.find(symbol);
      if (it == markets_.end() || position.qty_steps == 0) continue;
      const double mark =
          symbol == priced_symbol ? price : mark_or_entry(symbol, position, time_ms);
      lines.push_back(MarginLine{position, &it->second.instrument, mark, leverage(symbol),
                                 &it->second.brackets});
    }
    Account account = margin_account(wallet, lines, open_order_margin());
    if (state_.futures_assets.empty()) return account;
    // A multi-asset account: the coins count at their collateral value, as Binance's totals do.
    account.multi_assets = true;
    for (const auto& [asset, quantity] : state_.futures_assets) {
      CollateralAsset coin{asset, quantity, coin_price(asset, time_ms, priced_symbol, price), 0.0};
      coin.collateral_price = coin.price * coin_rate(asset);
      account.collateral.push_back(std::move(coin));
    }
    const double coins = account.collateral_value();
    account.collateral.push_back(CollateralAsset{account.asset, wallet, 1.0, 1.0});
    account.wallet_balance += coins;
    account.margin_balance += coins;
    account.available_balance = std::max(0.0, account.margin_balance - account.initial_margin);
    return account;
  }

  // A futures-wallet coin's price source: the market whose base asset it is; nullptr when none.
  const SymbolData* coin_market(const std::string& asset) const {
    for (const auto& [symbol, data] : markets_) {
      if (data.instrument.base_asset == asset) return &data;
    }
    return nullptr;
  }

  // The coin's price at `time_ms`: its market's mark (`priced_symbol` at `price`); 0 without a
  // market (the config refuses such a coin, so it counts for nothing rather than guessed).
  double coin_price(const std::string& asset, int64_t time_ms,
                    const std::string& priced_symbol = {}, double price = 0.0) const {
    const SymbolData* data = coin_market(asset);
    if (data == nullptr) return 0.0;
    if (!priced_symbol.empty() && data->instrument.symbol == priced_symbol) return price;
    const auto point = mark_at(*data, time_ms);
    return point ? point->price : 0.0;
  }

  double coin_rate(const std::string& asset) const {
    return collateral_rate(asset, settings_.collateral_rates);
  }

  // A USDT shortfall after a liquidation is covered by selling futures-wallet coins at their
  // collateral price (Binance's auto-exchange), before the insurance fund.
  void cover_from_coins(int64_t time_ms) {
    for (auto& [asset, quantity] : state_.futures_assets) {
      if (state_.wallet_balance >= 0.0) return;
      const double unit = coin_price(asset, time_ms) * coin_rate(asset);
      if (!(unit > 0.0) || quantity <= 0.0) continue;
      const double sold = std::min(quantity, -state_.wallet_balance / unit);
      quantity -= sold;
      state_.wallet_balance += sold * unit;
    }
    std::erase_if(state_.futures_assets, [](const auto& held) { return held.second <= 1e-12; });
  }

  Account account_now() const {
    return account_at(state_.now_ms.value_or(0), state_.positions, state_.wallet_balance);
  }

  // The liquidation price of `position` (held in `symbol`), the account's other positions at
  // their marks at `time_ms`.
  double liquidation_price_of(const std::string& symbol, const HeldPosition& position,
                              const SymbolData& data, int64_t time_ms) const {
    double others_maint = 0.0;
    double others_pnl = 0.0;
    for (const auto& [name, other] : state_.positions) {
      if (name == symbol || other.qty_steps == 0) continue;
      const auto it = markets_.find(name);
      if (it == markets_.end()) continue;
      const double mark = mark_or_entry(name, other, time_ms);
      others_maint +=
          maint_margin(it->second.brackets, position_notional(other, mark, it->second.instrument));
      others_pnl += unrealized_pnl(other, mark, it->second.instrument);
    }
    // Coins in the futures wallet: the position's own coin moves with its price (a long of that
    // many base units at entry 0 with no maintenance margin), the others at their marks.
    double coins = 0.0;
    double own_coin = 0.0;
    for (const auto& [asset, quantity] : state_.futures_assets) {
      if (asset == data.instrument.base_asset) {
        own_coin += quantity * coin_rate(asset);
      } else {
        coins += quantity * coin_price(asset, time_ms) * coin_rate(asset);
      }
    }
    return liquidation_price(data.instrument.steps_to_base(position.qty_steps),
                             position.entry_price, state_.wallet_balance + coins, others_maint,
                             others_pnl, data.brackets, own_coin);
  }

  // What filling `fill_steps` (signed) of `symbol` at `price` with `fee` costs in available
  // balance, as the venue checks a new order; nullopt when the order does not grow the
  // position (reductions and closes are always allowed).
  std::optional<OrderCost> growth_cost(const std::string& symbol, const Instrument& instrument,
                                       int64_t fill_steps, double price, double fee) const {
    const int64_t before = held(symbol).qty_steps;
    const int64_t after = before + fill_steps;
    if (std::llabs(after) <= std::llabs(before)) return std::nullopt;
    const bool flips = (before > 0 && after < 0) || (before < 0 && after > 0);
    const int64_t growth = flips ? std::llabs(after) : std::llabs(after) - std::llabs(before);
    const auto it = markets_.find(symbol);
    const auto mark = it == markets_.end() ? std::nullopt : mark_at(it->second, *state_.now_ms);
    return order_cost(fill_steps > 0 ? Side::Buy : Side::Sell,
                      std::fabs(instrument.steps_to_base(growth)), price,
                      mark ? mark->price : price, leverage(symbol), fee);
  }

  // Books a fill of `fill_steps` (signed) of `order` at `price`.
  void fill(PaperOrder& order, const Instrument& instrument, double price, Liquidity liquidity,
            int64_t time_ms, std::vector<PaperEvent>* events) {
    const int64_t fill_steps = signed_steps(order.state.side, order.state.qty_steps);
    const double fee =
        fees_.fee(std::fabs(instrument.steps_to_base(fill_steps)) * price, liquidity);
    const double realized = book_fill(order.state.symbol, instrument, fill_steps, price, fee);
    order.state.status = OrderStatus::Filled;
    order.state.filled_steps = order.state.qty_steps;
    order.state.avg_fill_price = price;
    order.state.fee = fee;
    order.state.realized_pnl = realized;
    order.state.update_ms = time_ms;
    ++state_.totals.orders_filled;
    if (events) {
      events->push_back(PaperEvent{PaperEvent::Kind::Fill, time_ms, order.state.symbol, fee, 0.0,
                                   price, fill_steps, order.state.client_order_id, realized,
                                   held(order.state.symbol).qty_steps, state_.wallet_balance});
    }
  }

  // Returns the realized PnL of the fill.
  double book_fill(const std::string& symbol, const Instrument& instrument, int64_t fill_steps,
                   double price, double fee) {
    const FillOutcome outcome = apply_fill(held(symbol), fill_steps, price, instrument);
    if (outcome.position.qty_steps == 0) {
      state_.positions.erase(symbol);
    } else {
      state_.positions[symbol] = outcome.position;
    }
    state_.wallet_balance += outcome.realized_pnl - fee;
    state_.totals.realized_pnl += outcome.realized_pnl;
    state_.totals.fees_paid += fee;
    return outcome.realized_pnl;
  }

  // Why a reduce-only order cannot execute against the current position, or empty.
  std::string reduce_only_problem(const std::string& symbol, Side side, int64_t qty_steps) const {
    const int64_t position = held(symbol).qty_steps;
    if (position == 0) return "the position is flat";
    if ((position > 0) == (side == Side::Buy)) {
      return std::string("a ") + to_string(side) + " would increase the " +
             (position > 0 ? "long" : "short") + " position";
    }
    if (qty_steps > std::llabs(position)) {
      return "quantity " + std::to_string(qty_steps) + " steps exceeds the position of " +
             std::to_string(std::llabs(position)) + " steps";
    }
    return {};
  }

  PaperOrder& record(const OrderRequest& request, int64_t now) {
    PaperOrder order;
    order.state.symbol = request.symbol;
    order.state.client_order_id = request.client_order_id.empty()
                                      ? "paper-" + std::to_string(state_.next_order_id)
                                      : request.client_order_id;
    order.state.venue_order_id = std::to_string(state_.next_order_id++);
    order.state.side = request.side;
    order.state.type = request.type;
    order.state.status = OrderStatus::New;
    order.state.qty_steps = request.qty_steps;
    order.state.price_ticks = request.type == OrderType::Limit ? request.price_ticks : 0;
    order.state.reduce_only = request.reduce_only;
    order.state.realized_pnl = 0.0;  // nothing filled yet
    order.state.update_ms = now;
    order.placed_ms = now;
    order.post_only = request.post_only;
    order.good_till_ms = request.type == OrderType::Limit ? request.good_till_ms : 0;
    state_.orders.push_back(order);
    return state_.orders.back();
  }

  const PaperOrder* find_order(const std::string& symbol, const std::string& client_id) const {
    for (auto it = state_.orders.rbegin(); it != state_.orders.rend(); ++it) {
      if (it->state.client_order_id == client_id && it->state.symbol == symbol) return &*it;
    }
    return nullptr;
  }

  // The price orders trade against: the last trade price, or the venue's mark when it was read
  // after that candle closed. nullopt before the first closed candle.
  static std::optional<double> reference_price(const SymbolData& data, int64_t now) {
    const Candle* last = last_closed(data.candles, now);
    if (last == nullptr) return std::nullopt;
    const std::optional<MarkAndFunding>& venue_mark = data.venue_mark;
    if (venue_mark && venue_mark->time_ms <= now &&
        venue_mark->time_ms >= last->open_time_ms + data.candles.interval_ms) {
      return venue_mark->mark_price;
    }
    return last->close;
  }

  // The simulated touch: the highest tick strictly below the reference price and the lowest
  // tick strictly above it, so a post-only order at the touch rests and one a tick through it
  // is rejected. No depth is simulated: the quantities are 0.
  Result<BookTop> book_top(const std::string& symbol) const {
    auto now = clock();
    if (!now) return now.error();
    auto data = market(symbol);
    if (!data) return data.error();
    const std::optional<double> reference = reference_price(**data, *now);
    if (!reference) {
      return make_error(ErrorKind::InvalidInput, "paper: " + symbol + " has no closed candle at " +
                                                     describe_time(*now) + " for a book");
    }
    const Instrument& instrument = (*data)->instrument;
    int64_t bid = instrument.price_to_ticks(*reference, PriceRounding::Down);
    if (instrument.ticks_to_price(bid) >= *reference) --bid;
    int64_t ask = instrument.price_to_ticks(*reference, PriceRounding::Up);
    if (instrument.ticks_to_price(ask) <= *reference) ++ask;
    BookTop top;
    top.symbol = symbol;
    top.bid_price = instrument.ticks_to_price(bid);
    top.ask_price = instrument.ticks_to_price(ask);
    top.time_ms = *now;
    return top;
  }

  Result<OrderState> place(const OrderRequest& request) {
    auto now = clock();
    if (!now) return now.error();
    auto data = market(request.symbol);
    if (!data) return data.error();
    const Instrument& instrument = (*data)->instrument;
    const std::string label = "paper: " + request.symbol + " " + to_string(request.side) + " " +
                              to_string(request.type) + ": ";
    if (!instrument.trading) {
      return make_error(ErrorKind::Rejected, label + "the symbol is not trading");
    }
    if (request.qty_steps <= 0) {
      return make_error(ErrorKind::InvalidInput, label + "quantity must be > 0 steps, was " +
                                                     std::to_string(request.qty_steps));
    }
    if (!request.client_order_id.empty() && !valid_client_order_id(request.client_order_id)) {
      return make_error(ErrorKind::InvalidInput, label + "client order id '" +
                                                     request.client_order_id +
                                                     "' must be 1-36 characters of [A-Za-z0-9_-]");
    }
    if (!request.client_order_id.empty()) {
      for (const PaperOrder& order : state_.orders) {
        if (order.state.client_order_id == request.client_order_id) {
          return make_error(ErrorKind::Rejected,
                            label + "duplicate client order id " + request.client_order_id,
                            kCodeDuplicateClientId);
        }
      }
    }
    if (request.type == OrderType::Limit && request.price_ticks <= 0) {
      return make_error(ErrorKind::InvalidInput, label + "a limit order needs a price > 0 ticks");
    }
    if (request.good_till_ms != 0 && request.good_till_ms <= *now) {
      return make_error(ErrorKind::InvalidInput, label + "good-till time " +
                                                     describe_time(request.good_till_ms) +
                                                     " is not after now " + describe_time(*now));
    }
    if (request.qty_steps < instrument.min_qty_steps ||
        (instrument.max_qty_steps > 0 && request.qty_steps > instrument.max_qty_steps)) {
      return make_error(ErrorKind::Filter,
                        label + "quantity " + instrument.format_qty(request.qty_steps) +
                            " is outside the lot size filter",
                        kCodeQuantity);
    }
    const std::optional<double> found_reference = reference_price(**data, *now);
    if (!found_reference) {
      return make_error(ErrorKind::Rejected,
                        label + "no closed candle at " + describe_time(*now) + " to trade against");
    }
    const double reference = *found_reference;
    const double limit_price =
        request.type == OrderType::Limit ? instrument.ticks_to_price(request.price_ticks) : 0.0;
    const double notional_price = request.type == OrderType::Limit ? limit_price : reference;
    const double notional = std::fabs(instrument.steps_to_base(request.qty_steps)) * notional_price;
    if (!request.reduce_only && notional < instrument.min_notional) {
      return make_error(ErrorKind::Filter,
                        label + "notional " + std::to_string(notional) +
                            " is below the minimum of " + std::to_string(instrument.min_notional),
                        kCodeMinNotional);
    }
    if (request.reduce_only) {
      const std::string problem =
          reduce_only_problem(request.symbol, request.side, request.qty_steps);
      if (!problem.empty()) {
        return make_error(ErrorKind::ReduceOnlyRejected,
                          label + "reduce-only order rejected: " + problem, kCodeReduceOnly);
      }
    }
    const bool marketable =
        request.type == OrderType::Market || crosses_now(request.side, limit_price, reference);
    if (request.type == OrderType::Limit && request.post_only && marketable) {
      PaperOrder& order = record(request, *now);
      order.state.status = OrderStatus::Rejected;  // GTX: would have taken liquidity
      const OrderState result = order.state;
      trim_order_history(state_);
      return result;
    }
    double price = limit_price;
    if (marketable) {
      const int64_t slipped =
          market_fill_ticks(instrument, request.side, reference, settings_.slippage_bps);
      int64_t ticks = slipped;
      if (request.type == OrderType::Limit) {
        ticks = request.side == Side::Buy ? std::min(slipped, request.price_ticks)
                                          : std::max(slipped, request.price_ticks);
      }
      price = instrument.ticks_to_price(ticks);
    }
    const int64_t fill_steps = signed_steps(request.side, request.qty_steps);
    const double fee =
        marketable
            ? fees_.fee(std::fabs(instrument.steps_to_base(fill_steps)) * price, Liquidity::Taker)
            : 0.0;
    if (const auto cost = growth_cost(request.symbol, instrument, fill_steps, price, fee)) {
      const double available = account_now().available_balance;
      if (cost->total() > available) {
        const std::string& quote = instrument.quote_asset;
        return make_error(
            ErrorKind::InsufficientMargin,
            label + "margin is insufficient: the order needs " + fixed_text(cost->total(), 2) +
                " " + quote + " (initial margin " + fixed_text(cost->initial_margin, 2) + " at " +
                std::to_string(leverage(request.symbol)) + "x + open loss " +
                fixed_text(cost->open_loss, 2) + " + fee " + fixed_text(cost->fee, 2) +
                "), available " + fixed_text(available, 2) + " " + quote,
            kCodeInsufficientMargin);
      }
    }
    PaperOrder& order = record(request, *now);
    if (marketable) fill(order, instrument, price, Liquidity::Taker, *now, nullptr);
    const OrderState result = order.state;
    trim_order_history(state_);
    return result;
  }

  void settle_funding(const std::string& symbol, const SymbolData& data, const FundingRate& row,
                      std::vector<PaperEvent>* events) {
    state_.last_funding_ms[symbol] = row.funding_time_ms;
    const HeldPosition position = held(symbol);
    if (position.qty_steps == 0) return;
    double mark = row.mark_price;
    if (mark <= 0.0) {
      const auto point = mark_at(data, row.funding_time_ms);
      mark = point ? point->price : position.entry_price;
    }
    const double flow =
        funding_cash_flow(data.instrument.steps_to_base(position.qty_steps), mark, row.rate);
    state_.wallet_balance += flow;
    if (flow > 0) state_.totals.funding_received += flow;
    if (flow < 0) state_.totals.funding_paid += -flow;
    if (events) {
      events->push_back(PaperEvent{PaperEvent::Kind::Funding,
                                   row.funding_time_ms,
                                   symbol,
                                   flow,
                                   row.rate,
                                   mark,
                                   position.qty_steps,
                                   {},
                                   0.0,
                                   position.qty_steps,
                                   state_.wallet_balance});
    }
  }

  // Resting orders of `symbol` that `candle` traded through fill at their price (maker), in
  // the order they were placed; then the account is checked at the candle's adverse extreme.
  void process_candle(const std::string& symbol, const SymbolData& data, const Candle& candle,
                      std::vector<PaperEvent>* events) {
    const int64_t close_ms = candle.open_time_ms + data.candles.interval_ms;
    const Instrument& instrument = data.instrument;
    for (PaperOrder& order : state_.orders) {
      if (order.state.symbol != symbol || is_final(order.state.status) ||
          order.placed_ms >= close_ms) {
        continue;
      }
      if (order.good_till_ms > 0 && candle.open_time_ms >= order.good_till_ms) {
        expire(order, expiry_ms(order, data.candles.interval_ms), instrument, events);
        continue;
      }
      const double price = instrument.ticks_to_price(order.state.price_ticks);
      if (!candle_crosses(order.state.side, price, candle)) continue;
      if (order.state.reduce_only &&
          !reduce_only_problem(symbol, order.state.side, order.state.qty_steps).empty()) {
        order.state.status = OrderStatus::Expired;  // the position it was reducing is gone
        order.state.update_ms = close_ms;
        continue;
      }
      fill(order, instrument, price, Liquidity::Maker, close_ms, events);
    }
    const HeldPosition position = held(symbol);
    if (position.qty_steps == 0) return;
    const Candle* mark_candle = data.mark ? candle_at(*data.mark, candle.open_time_ms) : nullptr;
    const Candle& marks = mark_candle ? *mark_candle : candle;
    const double liquidation = liquidation_price_of(symbol, position, data, candle.open_time_ms);
    const bool is_long = position.qty_steps > 0;
    const bool reached =
        is_long ? liquidation > 0.0 && marks.low <= liquidation : marks.high >= liquidation;
    if (!reached) return;
    // At the liquidation price, or at the open when the mark opened past it (a gap, or funding
    // settled since the last candle).
    const double price =
        is_long ? std::min(liquidation, marks.open) : std::max(liquidation, marks.open);
    liquidate(symbol, price, candle.open_time_ms, close_ms, events);
  }

  // When a resting order with a good-till time is settled: at the close of the last candle that
  // opened before that time (the last one that could fill it).
  static int64_t expiry_ms(const PaperOrder& order, int64_t interval_ms) {
    const int64_t last = order.good_till_ms - 1;
    const int64_t open = last - ((last % interval_ms) + interval_ms) % interval_ms;
    return open + interval_ms;
  }

  void expire(PaperOrder& order, int64_t time_ms, const Instrument& instrument,
              std::vector<PaperEvent>* events) {
    order.state.status = OrderStatus::Expired;
    order.state.update_ms = time_ms;
    if (!events) return;
    PaperEvent event;
    event.kind = PaperEvent::Kind::Expiry;
    event.time_ms = time_ms;
    event.symbol = order.state.symbol;
    event.price = instrument.ticks_to_price(order.state.price_ticks);
    event.qty_steps =
        signed_steps(order.state.side, order.state.qty_steps - order.state.filled_steps);
    event.client_order_id = order.state.client_order_id;
    event.position_after_steps = held(order.state.symbol).qty_steps;
    event.wallet_after = state_.wallet_balance;
    events->push_back(std::move(event));
  }

  // Resting orders whose every candle that could fill them has closed by `time_ms` expire.
  void expire_resting(int64_t time_ms, std::vector<PaperEvent>* events) {
    for (PaperOrder& order : state_.orders) {
      if (order.good_till_ms <= 0 || is_final(order.state.status)) continue;
      const auto it = markets_.find(order.state.symbol);
      if (it == markets_.end()) continue;
      const int64_t at = expiry_ms(order, it->second.candles.interval_ms);
      if (at <= time_ms) expire(order, at, it->second.instrument, events);
    }
  }

  // Closes every position (`symbol` at `price`, the others at their mark) and cancels every
  // open order. Each close pays the liquidation clearance fee out of what is left of the
  // wallet; a loss beyond the wallet goes to the insurance fund, and the wallet stops at zero.
  void liquidate(const std::string& symbol, double price, int64_t mark_time_ms, int64_t time_ms,
                 std::vector<PaperEvent>* events) {
    const auto positions = state_.positions;
    std::vector<PaperEvent> closes;
    for (const auto& [name, position] : positions) {
      const auto it = markets_.find(name);
      if (it == markets_.end()) continue;
      const Instrument& instrument = it->second.instrument;
      const double close_price =
          name == symbol ? price : mark_or_entry(name, position, mark_time_ms);
      const int64_t fill_steps = -position.qty_steps;
      PaperEvent close{
          PaperEvent::Kind::Liquidation, time_ms, name, 0.0, 0.0, close_price, fill_steps, {}};
      close.realized_pnl = book_fill(name, instrument, fill_steps, close_price, 0.0);
      close.amount = std::fabs(instrument.steps_to_base(fill_steps)) * close_price *
                     settings_.liquidation_fee_rate;  // charged below
      closes.push_back(std::move(close));
      ++state_.totals.liquidations;
    }
    for (PaperEvent& close : closes) {
      close.amount = std::clamp(close.amount, 0.0, std::max(0.0, state_.wallet_balance));
      state_.wallet_balance -= close.amount;
      state_.totals.fees_paid += close.amount;
    }
    if (state_.wallet_balance < 0.0) cover_from_coins(mark_time_ms);
    if (state_.wallet_balance < 0.0) {
      const double covered = -state_.wallet_balance;
      state_.wallet_balance = 0.0;
      state_.totals.insurance_covered += covered;
      if (!closes.empty()) closes.back().insurance_covered = covered;
    }
    for (PaperEvent& close : closes) close.wallet_after = state_.wallet_balance;
    if (events) events->insert(events->end(), closes.begin(), closes.end());
    for (PaperOrder& order : state_.orders) {
      if (is_final(order.state.status)) continue;
      order.state.status = OrderStatus::Canceled;
      order.state.update_ms = time_ms;
    }
  }

  Status advance(int64_t target_ms, std::vector<PaperEvent>* events) {
    if (!state_.now_ms) {
      state_.now_ms = target_ms;  // a fresh account starts here
      return ok_status();
    }
    const int64_t previous = *state_.now_ms;
    if (target_ms < previous) {
      return make_error(ErrorKind::InvalidInput, "paper: the clock cannot move backward from " +
                                                     describe_time(previous) + " to " +
                                                     describe_time(target_ms));
    }
    if (target_ms == previous) return ok_status();

    // One buffer per thread, reused: a replay advances once per tick.
    thread_local std::vector<TimedStep> steps;
    steps.clear();
    size_t market_index = 0;
    for (const auto& [symbol, data] : markets_) {
      int64_t settled = previous;
      if (const auto it = state_.last_funding_ms.find(symbol); it != state_.last_funding_ms.end()) {
        settled = std::max(settled, it->second);
      }
      for (size_t row = first_funding_after(data.funding, settled);
           row < data.funding.size() && data.funding[row].funding_time_ms <= target_ms; ++row) {
        steps.push_back(
            TimedStep{data.funding[row].funding_time_ms, 0, market_index, row, &symbol, &data});
      }
      const size_t end = first_open_candle(data.candles, target_ms);
      for (size_t row = first_open_candle(data.candles, previous); row < end; ++row) {
        steps.push_back(TimedStep{data.candles.candles[row].open_time_ms, 1, market_index, row,
                                  &symbol, &data});
      }
      ++market_index;
    }
    // Keys are unique (time, phase, market), so skipping the sort of an ordered list (one
    // market, no funding in the step) gives the same order.
    if (!std::is_sorted(steps.begin(), steps.end())) std::sort(steps.begin(), steps.end());
    for (const TimedStep& step : steps) {
      const SymbolData& data = *step.data;
      if (step.phase == 0) {
        settle_funding(*step.symbol, data, data.funding[step.row], events);
      } else {
        process_candle(*step.symbol, data, data.candles.candles[step.row], events);
      }
    }
    expire_resting(target_ms, events);
    state_.now_ms = target_ms;
    trim_order_history(state_);
    return ok_status();
  }

 private:
  const PaperSettings& settings_;
  const std::map<std::string, SymbolData>& markets_;
  PaperState& state_;
  FeeModel fees_;
};

}  // namespace

PaperExchange::PaperExchange(PaperSettings settings, std::vector<SymbolData> markets)
    : settings_(std::move(settings)), state_(std::make_shared<State>()) {
  for (SymbolData& data : markets) {
    const bool fed_ok = std::all_of(data.by_interval.begin(), data.by_interval.end(),
                                    [](const auto& fed) { return fed.first > 0; });
    if (data.candles.interval_ms <= 0 || (data.mark && data.mark->interval_ms <= 0) || !fed_ok) {
      throw std::invalid_argument("paper: " + data.instrument.symbol +
                                  ": candle interval must be positive");
    }
    const std::string symbol = data.instrument.symbol;
    if (markets_.count(symbol) != 0) continue;  // a repeated symbol keeps its first data
    // Resolved once here: the per-candle margin checks read the table without a look-up.
    BracketSource source = BracketSource::Venue;
    if (settings_.maint_margin_rate) {
      data.brackets = flat_brackets(*settings_.maint_margin_rate);
      source = BracketSource::FlatOverride;
    } else if (data.brackets.empty()) {
      auto bundled = bundled_brackets(symbol);
      source = bundled ? BracketSource::Bundled : BracketSource::FlatFallback;
      data.brackets = bundled ? std::move(*bundled) : flat_brackets(kFallbackMaintRate);
    }
    if (const Status checked = check_brackets(data.brackets); !checked) {
      throw std::invalid_argument("paper: " + symbol + ": " + checked.error().message);
    }
    bracket_sources_.emplace(symbol, source);
    markets_.emplace(symbol, std::move(data));
  }
  static_cast<PaperState&>(*state_) = fresh_paper_state(settings_);
}

Status PaperExchange::load_state(const std::string& path) {
  auto text = read_small_file(path);
  if (!text) {
    if (text.error().kind == ErrorKind::NotFound) {
      static_cast<PaperState&>(*state_) = fresh_paper_state(settings_);
      return ok_status();
    }
    return text.error();
  }
  auto loaded = paper_state_from_json(*text, path);
  if (!loaded) return loaded.error();
  for (const auto& [symbol, position] : loaded->positions) {
    if (const auto dated = parse_dated_symbol(symbol); dated && markets_.count(symbol) == 0)
      add_dated(dated->perpetual, dated->delivery_ms);
    if (markets_.count(symbol) == 0) {
      std::string message = path;
      message.append(": holds a ")
          .append(symbol)
          .append(" position but no market data is loaded for that symbol");
      return make_error(ErrorKind::InvalidInput, message);
    }
  }
  static_cast<PaperState&>(*state_) = std::move(*loaded);
  return ok_status();
}

Status PaperExchange::save_state(const std::string& path) const {
  return write_file_atomically(path, paper_state_to_json(*state_));
}

Status PaperExchange::advance_to(int64_t now_ms, std::vector<PaperEvent>* events) {
  sync_dated();
  return Venue(settings_, markets_, *state_).advance(now_ms, events);
}

int64_t PaperExchange::last_close_ms() const {
  std::optional<int64_t> earliest;
  for (const auto& [symbol, data] : markets_) {
    if (data.candles.candles.empty() || dated_.count(symbol) != 0) continue;
    const int64_t close = data.candles.candles.back().open_time_ms + data.candles.interval_ms;
    earliest = earliest ? std::min(*earliest, close) : close;
  }
  return earliest.value_or(0);
}

int64_t PaperExchange::current_time_ms() const {
  return state_->now_ms.value_or(0);
}

const PaperTotals& PaperExchange::totals() const {
  return state_->totals;
}

Result<int64_t> PaperExchange::now_ms() {
  return Venue(settings_, markets_, *state_).clock();
}

Result<Instrument> PaperExchange::instrument(const std::string& symbol) {
  auto data = Venue(settings_, markets_, *state_).market(symbol);
  if (!data) return data.error();
  return (*data)->instrument;
}

Result<CandleSeries> PaperExchange::closed_candles(const std::string& symbol, int64_t interval_ms,
                                                   int limit) {
  Venue venue(settings_, markets_, *state_);
  auto now = venue.clock();
  if (!now) return now.error();
  auto data = venue.market(symbol);
  if (!data) return data.error();
  const CandleSeries& base = (*data)->candles;
  if (limit <= 0) {
    return make_error(ErrorKind::InvalidInput,
                      "paper: candle limit must be > 0, was " + std::to_string(limit));
  }
  const bool fed = (*data)->by_interval.count(interval_ms) != 0;
  if (!fed &&
      (interval_ms <= 0 || interval_ms < base.interval_ms || interval_ms % base.interval_ms != 0)) {
    return make_error(ErrorKind::InvalidInput,
                      "paper: " + symbol + " has " + format_duration(base.interval_ms) +
                          " candles; cannot serve " + format_duration(interval_ms) +
                          " candles (the interval must be a whole multiple of the data's)");
  }
  if (fed && interval_ms != base.interval_ms) {
    // Fed as they are (public data): the last `limit` closed at now.
    const CandleSeries& series = (*data)->by_interval.at(interval_ms);
    const std::vector<Candle>& rows = series.candles;
    const size_t fed_end = first_open_candle(series, *now);
    const size_t begin =
        fed_end > static_cast<size_t>(limit) ? fed_end - static_cast<size_t>(limit) : 0;
    return CandleSeries{interval_ms,
                        std::vector<Candle>(rows.begin() + static_cast<std::ptrdiff_t>(begin),
                                            rows.begin() + static_cast<std::ptrdiff_t>(fed_end))};
  }
  const size_t end = first_open_candle(base, *now);
  const auto take_last = [limit](std::vector<Candle>& candles) {
    if (candles.size() > static_cast<size_t>(limit)) {
      candles.erase(candles.begin(), candles.end() - limit);
    }
  };
  CandleSeries out;
  out.interval_ms = interval_ms;
  if (interval_ms == base.interval_ms) {
    const size_t begin = end > static_cast<size_t>(limit) ? end - static_cast<size_t>(limit) : 0;
    out.candles.assign(base.candles.begin() + static_cast<std::ptrdiff_t>(begin),
                       base.candles.begin() + static_cast<std::ptrdiff_t>(end));
    return out;
  }
  // Aggregate only the tail that can make the last `limit` buckets; fall back to the whole
  // series when gaps in the data leave the tail short.
  const int64_t last_bucket_end = candle_open_time(*now, interval_ms);
  const int64_t first_bucket = last_bucket_end - static_cast<int64_t>(limit) * interval_ms;
  const auto begin = std::lower_bound(
      base.candles.begin(), base.candles.begin() + static_cast<std::ptrdiff_t>(end), first_bucket,
      [](const Candle& candle, int64_t time) { return candle.open_time_ms < time; });
  CandleSeries tail;
  tail.interval_ms = base.interval_ms;
  tail.candles.assign(begin, base.candles.begin() + static_cast<std::ptrdiff_t>(end));
  out = aggregate_candles(tail, interval_ms, *now);
  if (out.candles.size() < static_cast<size_t>(limit) && begin != base.candles.begin()) {
    out = aggregate_candles(base, interval_ms, *now);
  }
  take_last(out.candles);
  return out;
}

Result<BookTop> PaperExchange::book_top(const std::string& symbol) {
  return Venue(settings_, markets_, *state_).book_top(symbol);
}

Result<MarkAndFunding> PaperExchange::mark_and_funding(const std::string& symbol) {
  Venue venue(settings_, markets_, *state_);
  auto now = venue.clock();
  if (!now) return now.error();
  auto data = venue.market(symbol);
  if (!data) return data.error();
  const auto mark = mark_at(**data, *now);
  if (!mark) {
    return make_error(ErrorKind::InvalidInput, "paper: " + symbol + " has no closed candle at " +
                                                   describe_time(*now) + " for a mark price");
  }
  const std::vector<FundingRate>& rows = (*data)->funding;
  MarkAndFunding out;
  out.mark_price = mark->price;
  out.time_ms = mark->time_ms;
  out.funding_interval_ms = funding_interval_at(rows, *now);
  const size_t next = first_funding_after(rows, *now);
  if (next < rows.size()) {
    out.predicted_rate = rows[next].rate;
    out.next_funding_ms = rows[next].funding_time_ms;
  } else if (!rows.empty()) {
    out.predicted_rate = rows.back().rate;
    out.next_funding_ms = rows.back().funding_time_ms + out.funding_interval_ms;
    while (out.next_funding_ms <= *now) out.next_funding_ms += out.funding_interval_ms;
  } else {
    out.next_funding_ms = (*now / out.funding_interval_ms + 1) * out.funding_interval_ms;
  }
  if (const auto& venue_mark = (*data)->venue_mark; venue_mark && venue_mark->time_ms <= *now) {
    // The venue's own prediction for the running period (public data).
    out.predicted_rate = venue_mark->predicted_rate;
    out.next_funding_ms = venue_mark->next_funding_ms;
    out.index_price = venue_mark->index_price;
  }
  return out;
}

Result<std::vector<FundingRate>> PaperExchange::funding_history(const std::string& symbol,
                                                                int limit) {
  Venue venue(settings_, markets_, *state_);
  auto now = venue.clock();
  if (!now) return now.error();
  auto data = venue.market(symbol);
  if (!data) return data.error();
  if (limit <= 0) {
    return make_error(ErrorKind::InvalidInput,
                      "paper: funding history limit must be > 0, was " + std::to_string(limit));
  }
  const std::vector<FundingRate>& rows = (*data)->funding;
  const size_t end = first_funding_after(rows, *now);
  const size_t begin = end > static_cast<size_t>(limit) ? end - static_cast<size_t>(limit) : 0;
  return std::vector<FundingRate>(rows.begin() + static_cast<std::ptrdiff_t>(begin),
                                  rows.begin() + static_cast<std::ptrdiff_t>(end));
}

Result<Account> PaperExchange::account() {
  Venue venue(settings_, markets_, *state_);
  auto now = venue.clock();
  if (!now) return now.error();
  return venue.account_now();
}

Result<Position> PaperExchange::position(const std::string& symbol) {
  Venue venue(settings_, markets_, *state_);
  auto now = venue.clock();
  if (!now) return now.error();
  auto data = venue.market(symbol);
  if (!data) return data.error();
  const HeldPosition held = venue.held(symbol);
  Position out;
  out.symbol = symbol;
  out.qty_steps = held.qty_steps;
  out.entry_price = held.entry_price;
  out.leverage = venue.leverage(symbol);
  if (held.qty_steps != 0) {
    const double mark = venue.mark_or_entry(symbol, held, *now);
    out.unrealized_pnl = unrealized_pnl(held, mark, (*data)->instrument);
    out.maint_margin =
        maint_margin((*data)->brackets, position_notional(held, mark, (*data)->instrument));
    // Infinite: held against enough of its own coin that no rise liquidates it (none).
    const double liquidation = venue.liquidation_price_of(symbol, held, **data, *now);
    out.liquidation_price = std::isfinite(liquidation) ? std::max(0.0, liquidation) : 0.0;
  }
  return out;
}

Result<std::vector<MarginBracket>> PaperExchange::margin_brackets(const std::string& symbol) {
  const auto it = markets_.find(symbol);
  if (it == markets_.end())
    return make_error(ErrorKind::NotFound, "paper: unknown symbol " + symbol);
  return it->second.brackets;
}

Result<BracketSource> PaperExchange::bracket_source(const std::string& symbol) const {
  const auto it = bracket_sources_.find(symbol);
  if (it == bracket_sources_.end())
    return make_error(ErrorKind::NotFound, "paper: unknown symbol " + symbol);
  return it->second;
}

const char* to_string(BracketSource source) {
  switch (source) {
    case BracketSource::FlatOverride:
      return "flat [paper] maint_margin_rate";
    case BracketSource::Venue:
      return "the venue's brackets";
    case BracketSource::Bundled:
      return "bundled brackets";
    case BracketSource::FlatFallback:
      return "flat fallback rate (no brackets known for the symbol)";
  }
  return "?";
}

Result<std::vector<SpotBalance>> PaperExchange::spot_balances() {
  std::vector<SpotBalance> out;
  for (const auto& [asset, qty] : state_->spot) out.push_back(SpotBalance{asset, qty, 0.0});
  return out;
}

Status PaperExchange::prepare_symbol(const std::string& symbol, int leverage) {
  auto data = Venue(settings_, markets_, *state_).market(symbol);
  if (!data) return data.error();
  if (leverage < 1 || leverage > kMaxLeverage) {
    return make_error(ErrorKind::InvalidInput, "paper: " + symbol + " leverage must be in 1.." +
                                                   std::to_string(kMaxLeverage) + ", was " +
                                                   std::to_string(leverage));
  }
  state_->leverage[symbol] = leverage;
  return ok_status();
}

Result<OrderState> PaperExchange::place_order(const OrderRequest& request) {
  return Venue(settings_, markets_, *state_).place(request);
}

Result<std::optional<OrderState>> PaperExchange::query_order(const std::string& symbol,
                                                             const std::string& client_order_id) {
  const PaperOrder* order = Venue(settings_, markets_, *state_).find_order(symbol, client_order_id);
  if (order == nullptr) return std::optional<OrderState>{};
  return std::optional<OrderState>{order->state};
}

Result<OrderState> PaperExchange::cancel_order(const std::string& symbol,
                                               const std::string& client_order_id) {
  for (auto it = state_->orders.rbegin(); it != state_->orders.rend(); ++it) {
    if (it->state.client_order_id != client_order_id || it->state.symbol != symbol) continue;
    if (!is_final(it->state.status)) {
      it->state.status = OrderStatus::Canceled;
      it->state.update_ms = state_->now_ms.value_or(0);
    }
    return it->state;
  }
  return make_error(ErrorKind::NotFound,
                    "paper: " + symbol + " has no order with client id " + client_order_id,
                    kCodeUnknownOrder);
}

Result<std::vector<OrderState>> PaperExchange::open_orders(const std::string& symbol) {
  if (!symbol.empty()) {
    auto data = Venue(settings_, markets_, *state_).market(symbol);
    if (!data) return data.error();
  }
  std::vector<OrderState> out;
  for (const PaperOrder& order : state_->orders) {
    if (is_final(order.state.status)) continue;
    if (symbol.empty() || order.state.symbol == symbol) out.push_back(order.state);
  }
  return out;
}

// ---- Dated contracts (paper/dated_market.hpp) ---------------------------------------------

bool PaperExchange::add_dated(const std::string& perpetual, int64_t delivery_ms) {
  const auto base = markets_.find(perpetual);
  if (base == markets_.end()) return false;
  const std::string symbol = dated_symbol(perpetual, delivery_ms);
  if (markets_.count(symbol) != 0) return true;
  SymbolData data = dated_market_from(base->second, symbol, delivery_ms);
  sync_dated_market(base->second, settings_.dated_basis, delivery_ms, data);
  bracket_sources_[symbol] = bracket_sources_[perpetual];
  markets_.emplace(symbol, std::move(data));
  dated_.emplace(symbol, DatedSymbol{perpetual, delivery_ms});
  return true;
}

void PaperExchange::sync_dated() {
  for (const auto& [symbol, dated] : dated_) {
    const auto base = markets_.find(dated.perpetual);
    if (base == markets_.end()) continue;
    sync_dated_market(base->second, settings_.dated_basis, dated.delivery_ms, markets_[symbol]);
  }
}

Result<std::vector<DatedContract>> PaperExchange::dated_contracts(const std::string& perpetual) {
  auto now = Venue(settings_, markets_, *state_).clock();
  if (!now) return now.error();
  const int64_t current = next_quarterly_delivery_ms(*now);
  const int64_t next = next_quarterly_delivery_ms(current);
  if (!add_dated(perpetual, current) || !add_dated(perpetual, next)) {
    return make_error(ErrorKind::NotFound, "paper: no market data for " + perpetual +
                                               ", whose candles price its dated contracts");
  }
  std::vector<DatedContract> out;
  for (const auto& [symbol, dated] : dated_) {
    if (dated.perpetual != perpetual) continue;
    DatedContract contract;
    contract.instrument = markets_.at(symbol).instrument;
    contract.instrument.trading = dated.delivery_ms > *now;
    contract.period = dated.delivery_ms == current ? ContractPeriod::CurrentQuarter
                      : dated.delivery_ms == next  ? ContractPeriod::NextQuarter
                                                   : ContractPeriod::Other;
    const auto held = state_->positions.find(symbol);
    const bool holds = held != state_->positions.end() && held->second.qty_steps != 0;
    if (contract.period == ContractPeriod::Other && !holds) continue;
    out.push_back(std::move(contract));
  }
  return out;
}

// ---- Streaming hooks (replay) ------------------------------------------------------------

SymbolData* PaperExchange::streamed_market(const std::string& symbol) {
  const auto it = markets_.find(symbol);
  return it == markets_.end() ? nullptr : &it->second;
}

void PaperExchange::forget_final_orders() {
  std::erase_if(state_->orders,
                [](const PaperOrder& order) { return is_final(order.state.status); });
}

// -----------------------------------------------------------------------------------------

Instrument default_instrument(const std::string& symbol, double contract_size) {
  Instrument instrument;
  instrument.symbol = symbol;
  instrument.contract_size = contract_size;
  for (const char* quote : {"USDT", "USDC", "BUSD", "USD"}) {
    const std::string suffix(quote);
    if (symbol.size() > suffix.size() &&
        symbol.compare(symbol.size() - suffix.size(), suffix.size(), suffix) == 0) {
      instrument.base_asset = symbol.substr(0, symbol.size() - suffix.size());
      instrument.quote_asset = suffix;
      break;
    }
  }
  if (instrument.quote_asset.empty()) {
    instrument.base_asset = symbol;
    instrument.quote_asset = "USDT";
  }
  // A venue that quotes in contracts of another size (a micro contract) trades whole contracts.
  instrument.qty_step = instrument.quotes_in_contracts() ? Decimal{1, 0} : Decimal{1, 3};
  instrument.min_qty_steps = 1;
  if (symbol == "BTCUSDT") {
    instrument.price_tick = Decimal{1, 1};
    instrument.min_notional = 100.0;
  } else if (symbol == "ETHUSDT") {
    instrument.price_tick = Decimal{1, 2};
    instrument.min_notional = 20.0;
  } else {
    instrument.price_tick = Decimal{1, 2};
    instrument.min_notional = 5.0;
  }
  return instrument;
}

VenueLimits PaperExchange::limits() const {
  VenueLimits limits;
  limits.wallet_transfers = true;
  return limits;
}

Result<TransferRecord> PaperExchange::transfer(const WalletTransfer& request) {
  Result<Account> account = this->account();
  if (!account) return account.error();
  const std::string& asset = account->asset;
  if (request.asset != asset) {
    return make_error(ErrorKind::Rejected, "paper: the futures wallet holds only " + asset +
                                               "; cannot move " + request.asset);
  }
  if (!(request.amount > 0.0)) {
    return make_error(ErrorKind::InvalidInput, "paper: a transfer amount must be above 0");
  }
  const auto held = state_->spot.find(asset);
  const double spot_held = held != state_->spot.end() ? held->second : 0.0;
  if (request.direction == TransferDirection::ToFutures) {
    if (spot_held < request.amount) {
      return make_error(ErrorKind::Rejected, "paper: the spot wallet holds only " +
                                                 general_text(spot_held, 12) + " " + asset);
    }
    state_->spot[asset] = spot_held - request.amount;
    state_->wallet_balance += request.amount;
  } else {
    // Coins count as margin but are not the asset moved: at most the wallet's own balance.
    const double movable = std::min(account->available_balance, state_->wallet_balance);
    if (movable < request.amount) {
      return make_error(ErrorKind::Rejected, "paper: the futures wallet has only " +
                                                 general_text(movable, 12) + " " + asset +
                                                 " available");
    }
    state_->wallet_balance -= request.amount;
    state_->spot[asset] = spot_held + request.amount;
  }
  TransferRecord record;
  record.asset = asset;
  record.amount = request.amount;
  record.direction = request.direction;
  record.status = "CONFIRMED";
  record.id = "paper-t" + std::to_string(state_->next_transfer_id++);
  record.time_ms = state_->now_ms.value_or(0);
  state_->transfers.push_back(record);
  if (state_->transfers.size() > kTransferHistoryLimit)
    state_->transfers.erase(state_->transfers.begin());
  return record;
}

Result<std::vector<TransferRecord>> PaperExchange::transfer_history(TransferDirection direction,
                                                                    int64_t since_ms) {
  std::vector<TransferRecord> found;
  for (const TransferRecord& record : state_->transfers) {
    if (record.direction == direction && record.time_ms >= since_ms) found.push_back(record);
  }
  return found;
}

}  // namespace hedgebot::paper
