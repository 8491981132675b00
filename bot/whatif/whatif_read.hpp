#pragma once
// Reads what a what-if needs through the ExchangeClient port only (paper or a venue; nothing is
// placed): after a `plan` tick, the account, each hedge's position and entry, its maintenance
// brackets, its settled funding over the window and the predicted rate, and applies the
// tick's planned orders (unless `before`) at the mark worsened by the slippage, paying the taker
// fee.

#include <vector>

#include "bot/pipeline/tick.hpp"
#include "bot/whatif/whatif.hpp"
#include "config/config.hpp"
#include "exchange/exchange_client.hpp"

namespace hedgebot::bot {

struct WhatifReadOptions {
  bool before = false;
  std::vector<double> moves;
};

Result<WhatifInput> read_whatif_input(const config::Config& config, ExchangeClient& client,
                                      const TickReport& report, const WhatifReadOptions& options);

// One position of `qty` (signed base) entered at `entry` after a fill of `fill_qty` (signed) at
// `price`: the new quantity and entry, and the PnL the fill realized.
struct FilledPosition {
  double qty = 0.0;
  double entry_price = 0.0;
  double realized_pnl = 0.0;
};
FilledPosition apply_fill(double qty, double entry, double fill_qty, double price);

}  // namespace hedgebot::bot
