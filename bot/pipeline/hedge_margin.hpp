#pragma once
// A hedge's margin as `plan` and `status` show it: notional, leverage, initial margin and
// maintenance margin (the venue's brackets, exchange/margin_brackets.hpp).

#include <string>
#include <vector>

#include "exchange/exchange_client.hpp"
#include "exchange/model.hpp"

namespace hedgebot::bot {

struct HedgeMargin {
  double notional = 0.0;  // |position| x mark, quote
  int leverage = 0;
  double initial_margin = 0.0;  // notional / leverage: 227 500 USDT at 50x needs 4 550
  double maint_margin = 0.0;    // notional x rate - amount of its bracket
  // False when the venue neither reported the maintenance margin nor publishes brackets to
  // compute it from (maint_margin is then 0 and means nothing): shown as unknown, not as 0.
  bool maint_known = true;
};

// The margin of a position of `position_base` at `mark_price` held at `leverage`. The
// maintenance margin is `reported_maint` when the venue reported it (>= 0), else computed from
// `brackets`; unknown (maint_known false) when there are none and the position is not empty.
HedgeMargin hedge_margin(double position_base, double mark_price, int leverage,
                         const std::vector<MarginBracket>& brackets, double reported_maint = -1.0);

// The symbol's maintenance brackets from the venue; empty when it publishes none, or when the
// read failed (then a note saying so is added to `notes`).
std::vector<MarginBracket> read_margin_brackets(ExchangeClient& client, const std::string& symbol,
                                                std::vector<std::string>& notes);

}  // namespace hedgebot::bot
