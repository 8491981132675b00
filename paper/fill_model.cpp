#include "paper/fill_model.hpp"

#include <algorithm>

namespace hedgebot::paper {

int64_t market_fill_ticks(const Instrument& instrument, Side side, double reference_price,
                          double slippage_bps) {
  const double factor = slippage_bps / 10000.0;
  if (side == Side::Buy) {
    return std::max<int64_t>(
        1, instrument.price_to_ticks(reference_price * (1.0 + factor), PriceRounding::Up));
  }
  return std::max<int64_t>(
      1, instrument.price_to_ticks(reference_price * (1.0 - factor), PriceRounding::Down));
}

bool crosses_now(Side side, double limit_price, double reference_price) {
  return side == Side::Buy ? limit_price >= reference_price : limit_price <= reference_price;
}

bool candle_crosses(Side side, double limit_price, const Candle& candle) {
  return side == Side::Buy ? candle.low <= limit_price : candle.high >= limit_price;
}

}  // namespace hedgebot::paper
