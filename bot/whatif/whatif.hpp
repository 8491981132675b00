#pragma once
// What-if: the account (as the next tick would leave it, or as it is now) under a list of price
// moves, where each hedge is liquidated, and what funding earns or costs. Pure arithmetic over
// what was read (compute_whatif); reading it through the ExchangeClient port is read_whatif_input
// (whatif_read.cpp). The margin and liquidation arithmetic is the model's
// (exchange/margin_brackets.hpp), the one the paper engine liquidates with.
//
// A move m applies to every futures mark at once (one cross-margin account: the positions move
// together), each price becoming mark x (1 + m); each hedge's spot asset moves by beta x m (a
// proxy hedge's spot moves beta times its future).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "exchange/margin_brackets.hpp"
#include "exchange/model.hpp"

namespace hedgebot::bot {

// The default moves: -50 %, -30 %, -20 %, -10 %, -5 %, +5 %, +10 %, +20 %, +30 %, +50 %, +100 %.
std::vector<double> default_whatif_moves();

// The funding window the mean rate is taken over.
inline constexpr int64_t kFundingWindowMs = 7 * 24 * 3600 * 1000LL;

struct WhatifHedgeInput {
  std::string asset;
  std::string symbol;
  double spot_qty = 0.0;
  double spot_price = 0.0;
  double beta = 1.0;
  double position_qty = 0.0;  // signed base units, negative = short
  double entry_price = 0.0;
  double mark_price = 0.0;
  MarginBrackets brackets;  // non-empty
  // Settled funding inside the window, oldest first, and the venue's predicted rate.
  std::vector<FundingRate> funding;
  bool funding_read = true;  // false: the history could not be read (a note says why)
  double predicted_rate = 0.0;
  int64_t funding_interval_ms = 8 * kHourMs;
  double taker_fee = 0.0;  // for the open and close fees the funding must pay back
};

struct WhatifInput {
  int64_t now_ms = 0;
  bool before = false;  // true: the account as it is now; false: as the next tick leaves it
  std::string margin_asset = "USDT";
  double wallet_balance = 0.0;
  double stable_balance = 0.0;           // stablecoins on spot, counted as cash
  double liquidation_fee_rate = 0.0125;  // the clearance fee a liquidation pays
  std::vector<WhatifHedgeInput> hedges;
  std::vector<double> moves;
  std::vector<std::string> notes;  // what the reader had to assume, refusals of the plan
};

struct WhatifHedge {
  std::string asset;
  std::string symbol;
  double mark_price = 0.0;
  double position_qty = 0.0;
  double entry_price = 0.0;
  double notional = 0.0;
  double maint_margin = 0.0;
  // The mark at which the account reaches its maintenance margin with every mark moving
  // together, on the side that hurts this position (rising for a short, falling for a long);
  // nullopt when flat or when no price liquidates it.
  std::optional<double> liquidation_price;
  // |liquidation price - mark| / mark (0.25 = 25 % away); nullopt with no liquidation price.
  std::optional<double> liquidation_distance;
};

struct WhatifScenario {
  double move = 0.0;
  std::vector<std::pair<std::string, double>> prices;  // symbol -> futures mark at the move
  double spot_value = 0.0;
  double futures_pnl = 0.0;     // the move's change of the futures' unrealized PnL
  double hedged_value = 0.0;    // spot + stablecoins + futures margin balance (what is left of
                                // it after a liquidation, clearance fee paid)
  double unhedged_value = 0.0;  // spot + stablecoins + the futures wallet, no position
  double margin_balance = 0.0;  // at the moved prices, positions still open
  double maint_margin = 0.0;
  std::optional<double> margin_ratio;  // nullopt: the margin balance is <= 0 (bankrupt)
  bool liquidated = false;             // the move passes the account's liquidation move on its way
};

struct FundingAtRate {
  std::string basis;            // "last", "mean", "predicted"
  std::optional<double> rate;   // nullopt when unknown (no settled funding read)
  double per_settlement = 0.0;  // received (> 0) or paid (< 0) by the position, quote
  double per_day = 0.0;
  double per_30_days = 0.0;
  // Days of funding that pay the position's open and close fees; nullopt when it does not
  // collect funding at this rate.
  std::optional<double> fee_payback_days;
};

struct WhatifFunding {
  std::string asset;
  std::string symbol;
  double position_qty = 0.0;
  double mark_price = 0.0;
  int64_t interval_ms = 0;
  double settlements_per_day = 0.0;
  int window_settlements = 0;        // settlements the mean is taken over
  double open_close_fees = 0.0;      // taking the position and closing it again at the taker fee
  std::vector<FundingAtRate> rates;  // last, mean, predicted
};

struct WhatifResult {
  WhatifInput input;
  double unrealized_pnl = 0.0;                  // now, at the marks
  CrossMargin now;                              // the account at move 0
  std::optional<double> liquidation_move_up;    // nullopt: no rise liquidates the account
  std::optional<double> liquidation_move_down;  // nullopt: no fall does
  std::vector<WhatifHedge> hedges;
  std::vector<WhatifScenario> scenarios;
  std::vector<WhatifFunding> funding;
  bool moves_together = false;  // more than one position in the account
};

WhatifResult compute_whatif(const WhatifInput& input);

}  // namespace hedgebot::bot
