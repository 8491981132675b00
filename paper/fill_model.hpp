#pragma once
// Fills and slippage. The simulator trades at "the current price": the close of the last
// closed candle, which is the open of the next one. Market orders pay `slippage_bps` against
// that price (buys higher, sells lower) and are rounded to the tick in the adverse direction.
// Resting limit orders fill at their own price when a later candle trades through it.

#include <cstdint>

#include "exchange/instrument.hpp"
#include "exchange/model.hpp"

namespace hedgebot::paper {

// Price of a market fill, in ticks: `reference_price` worsened by `slippage_bps` basis points
// and rounded to the tick against the trader (up for a buy, down for a sell). Never below one
// tick.
int64_t market_fill_ticks(const Instrument& instrument, Side side, double reference_price,
                          double slippage_bps);

// True when a limit order at `limit_price` would trade immediately against `reference_price`
// (a buy at or above it, a sell at or below it): post-only orders are rejected then.
bool crosses_now(Side side, double limit_price, double reference_price);

// True when `candle` traded through a resting limit order: low <= a buy price, high >= a sell
// price.
bool candle_crosses(Side side, double limit_price, const Candle& candle);

}  // namespace hedgebot::paper
