#pragma once
// Position accounting for one symbol: a signed quantity in whole steps and its average entry
// price. Adding to a position moves the average; reducing realizes PnL against it; a fill
// past zero closes the old side (realizing) and opens the rest at the fill price.

#include <cstdint>

#include "exchange/instrument.hpp"

namespace hedgebot::paper {

struct HeldPosition {
  int64_t qty_steps = 0;     // signed: negative is short
  double entry_price = 0.0;  // average entry, quote per base unit; 0 when flat
};

struct FillOutcome {
  HeldPosition position;      // after the fill
  double realized_pnl = 0.0;  // quote, on the part that reduced the old position
};

// Applies a fill of `fill_steps` (signed: positive buys) at `price`.
FillOutcome apply_fill(const HeldPosition& position, int64_t fill_steps, double price,
                       const Instrument& instrument);

// (mark - entry) × signed base quantity, in quote.
double unrealized_pnl(const HeldPosition& position, double mark_price,
                      const Instrument& instrument);

}  // namespace hedgebot::paper
