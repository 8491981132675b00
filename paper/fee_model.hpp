#pragma once
// Fees: a fraction of the filled notional, taker for orders that take liquidity (market
// orders, limit orders that cross on arrival, liquidations), maker for resting limit fills.

namespace hedgebot::paper {

enum class Liquidity { Maker, Taker };

struct FeeModel {
  double taker_rate = 0.0004;  // fraction of notional (0.0004 = 4 bps)
  double maker_rate = 0.0002;

  // Fee in quote for a fill of `notional` quote (the absolute value is used). Never negative
  // unless a negative (rebate) rate is configured.
  double fee(double notional, Liquidity liquidity) const;
};

}  // namespace hedgebot::paper
