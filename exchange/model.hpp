#pragma once
// The market and account model shared by every folder. Times are Unix milliseconds (UTC).
// Quantities in contracts/steps are signed: negative is short.

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "exchange/instrument.hpp"
#include "exchange/result.hpp"

namespace hedgebot {

constexpr int64_t kSecondMs = 1000;
constexpr int64_t kMinuteMs = 60 * kSecondMs;
constexpr int64_t kHourMs = 60 * kMinuteMs;
constexpr int64_t kDayMs = 24 * kHourMs;

// "30s", "5m", "1h", "4h", "1d", "1w" -> milliseconds. Error on anything else or <= 0.
Result<int64_t> parse_duration_ms(std::string_view text);
// 300000 -> "5m"; 3600000 -> "1h" (the largest whole unit).
std::string format_duration(int64_t ms);
// 1704067200000 -> "2024-01-01T00:00:00Z"
std::string format_iso8601(int64_t ms);
// "2024-01-01", "2024-01-01T08:00", "2024-01-01T08:00:00Z", or digits (ms) -> ms.
Result<int64_t> parse_time_ms(std::string_view text);

// The open time of the `interval_ms` candle that contains `time_ms`, aligned as Binance aligns
// its klines: whole multiples of the interval from the epoch, except weeks, which open on
// Monday 00:00 UTC (the epoch was a Thursday).
// (Inline: a replay calls it for every candle of every timeframe it keeps.)
inline int64_t candle_open_time(int64_t time_ms, int64_t interval_ms) {
  // 1970-01-05, the first Monday, is 4 days after the epoch.
  const int64_t origin = interval_ms == 7 * kDayMs ? 4 * kDayMs : 0;
  const int64_t remainder = (time_ms - origin) % interval_ms;
  return time_ms - (remainder < 0 ? remainder + interval_ms : remainder);
}

struct Candle {
  int64_t open_time_ms = 0;
  double open = 0, high = 0, low = 0, close = 0, volume = 0;
};

// Closed candles of one interval, oldest first. A candle that opened at t closes at t + interval.
struct CandleSeries {
  int64_t interval_ms = kHourMs;
  std::vector<Candle> candles;
};

struct FundingRate {
  int64_t funding_time_ms = 0;
  double rate = 0.0;        // per funding period, as a fraction (0.0001 = 0.01 %)
  double mark_price = 0.0;  // 0 when unknown
};

// Funding received at one settlement by a position of `qty_base` (signed) at `mark_price` and
// `rate`: -qty x mark x rate (a positive rate: longs pay, shorts receive); negative = paid.
// The one formula the paper engine settles with and the what-if forecast uses.
double funding_cash_flow(double qty_base, double mark_price, double rate);

struct MarkAndFunding {
  double mark_price = 0.0;
  double index_price = 0.0;     // 0 when unknown
  double predicted_rate = 0.0;  // the current rate for the period ending at next_funding_ms
  int64_t next_funding_ms = 0;
  int64_t funding_interval_ms = 8 * kHourMs;
  int64_t time_ms = 0;  // when the venue stamped this mark
};

struct Position {
  std::string symbol;
  int64_t qty_steps = 0;  // signed, whole steps of the instrument (negative = short)
  double entry_price = 0.0;
  double unrealized_pnl = 0.0;
  double maint_margin = 0.0;
  int leverage = 0;  // 0 when unknown
  // Mark price at which the position is liquidated, as the venue computes it; 0 when flat,
  // unknown, or when no price liquidates it.
  double liquidation_price = 0.0;
};

// One tier of a symbol's maintenance-margin table (Binance's notional bracket): a position whose
// notional N (quote) is in [notional_floor, notional_cap) needs a maintenance margin of
// N x maint_margin_rate - maint_amount and may be opened at up to max_leverage.
// `maint_amount` (Binance's "cum") makes the margin continuous across tiers.
struct MarginBracket {
  double notional_floor = 0.0;
  double notional_cap = 0.0;
  int max_leverage = 0;
  double maint_margin_rate = 0.0;
  double maint_amount = 0.0;
};

// One asset of the futures wallet counted as margin in a multi-asset account (Binance's
// Multi-Assets mode, Bybit's unified account, paper `futures_assets`): a coin counts at its
// index price less the venue's haircut, a stablecoin at 1.
struct CollateralAsset {
  std::string asset;              // "BTC", "USDT"
  double quantity = 0.0;          // in the asset's own units (its wallet balance)
  double price = 0.0;             // index price in the quote (USD / USDT)
  double collateral_price = 0.0;  // what one unit counts for as margin (price after the haircut)
  double value() const { return quantity * collateral_price; }
  // collateral_price / price: the share of the price that counts (0.95 = a 5 % haircut).
  double rate() const { return price > 0.0 ? collateral_price / price : 0.0; }
};

struct Account {
  std::string asset = "USDT";  // the margin asset
  double wallet_balance = 0.0;
  double unrealized_pnl = 0.0;
  double margin_balance = 0.0;  // wallet + unrealized PnL
  double maint_margin = 0.0;
  double initial_margin = 0.0;
  double available_balance = 0.0;
  // Coins count as margin (multi_assets = true, and the venue confirmed the mode): the balances
  // above are the venue's account-wide sums in the quote, coins at their collateral value.
  bool multi_assets = false;
  std::vector<CollateralAsset> collateral;  // multi_assets only: every asset held, coins first
  // What the trader should know about the account that is not an error (a venue in a margin
  // mode the config did not ask for), one sentence each.
  std::vector<std::string> notes;

  // The futures wallet at collateral value, without unrealized PnL: the sum of `collateral`.
  double collateral_value() const;

  // Binance's definition: maintenance margin / margin balance; liquidation at 1.0.
  // Nothing held (no maintenance margin) is 0 whatever the balance; otherwise a margin
  // balance <= 0 is treated as infinitely risky.
  double margin_ratio() const;
};

struct SpotBalance {
  std::string asset;
  double free = 0.0;
  double locked = 0.0;
  double total() const { return free + locked; }
};

// Which way money moves between a venue's spot wallet and its futures wallet.
enum class TransferDirection { ToFutures, ToSpot };

// A request to move `amount` of `asset` (its own units) between the two wallets.
struct WalletTransfer {
  std::string asset;
  double amount = 0.0;
  TransferDirection direction = TransferDirection::ToFutures;
};

// A transfer as the venue records it. `status` is the venue's word ("CONFIRMED", "PENDING",
// "FAILED"); `id` is the venue's transfer id.
struct TransferRecord {
  std::string asset;
  double amount = 0.0;
  TransferDirection direction = TransferDirection::ToFutures;
  std::string status;
  std::string id;
  int64_t time_ms = 0;
};

enum class Side { Buy, Sell };
enum class OrderType { Market, Limit };
enum class OrderStatus { New, PartiallyFilled, Filled, Canceled, Rejected, Expired };

const char* to_string(Side side);
const char* to_string(OrderType type);
const char* to_string(OrderStatus status);
bool is_final(OrderStatus status);

struct OrderRequest {
  std::string symbol;
  Side side = Side::Buy;
  OrderType type = OrderType::Market;
  int64_t qty_steps = 0;    // > 0
  int64_t price_ticks = 0;  // limit orders only
  bool reduce_only = false;
  bool post_only = false;       // limit orders: GTX on Binance
  std::string client_order_id;  // <= 36 chars of [A-Za-z0-9_-]
  // Limit orders on a market-time venue (ExchangeClient::market_time_orders()): the market time
  // at which an unfilled order expires; 0 = good till canceled. Only set for such venues.
  int64_t good_till_ms = 0;
};

struct OrderState {
  std::string symbol;
  std::string client_order_id;
  std::string venue_order_id;
  Side side = Side::Buy;
  OrderType type = OrderType::Market;
  OrderStatus status = OrderStatus::New;
  int64_t qty_steps = 0;
  int64_t filled_steps = 0;
  int64_t price_ticks = 0;
  double avg_fill_price = 0.0;
  // Trading fee of the filled quantity, in the quote asset. When the venue could not tell it (a
  // fill whose trades could not be read, or paid in another asset), `fee_known` is false and
  // `fee` is NaN, never a made-up 0 (a NaN is written as null in JSON).
  double fee = 0.0;
  bool fee_known = true;
  // Realized PnL of the filled quantity, in the quote asset, as the venue booked it (what closing
  // part of a position made or lost, before fees). NaN when the venue did not tell it (an
  // adapter that does not read it, trades that could not be read): never a made-up 0.
  double realized_pnl = std::numeric_limits<double>::quiet_NaN();
  bool reduce_only = false;
  int64_t update_ms = 0;
};

// The touch of the order book: the best bid and the best ask with their quantities (base
// units; 0 when the venue simulates no depth, as paper does). A post-only buy priced at or below
// `bid_price` (a sell at or above `ask_price`) rests; at or through the other side it would
// trade at once and is refused.
struct BookTop {
  std::string symbol;
  double bid_price = 0.0;
  double bid_qty = 0.0;
  double ask_price = 0.0;
  double ask_qty = 0.0;
  int64_t time_ms = 0;  // when the venue stamped it; 0 when unknown
};

// Signed quantity a fill adds to the position, in steps.
inline int64_t signed_steps(Side side, int64_t steps) {
  return side == Side::Buy ? steps : -steps;
}

}  // namespace hedgebot
