#include "paper/position_model.hpp"

#include <cstdlib>

namespace hedgebot::paper {

FillOutcome apply_fill(const HeldPosition& position, int64_t fill_steps, double price,
                       const Instrument& instrument) {
  FillOutcome outcome;
  const int64_t old_qty = position.qty_steps;
  const int64_t new_qty = old_qty + fill_steps;
  if (old_qty == 0 || (old_qty > 0) == (fill_steps > 0)) {
    // Opening or adding: the entry is the step-weighted average.
    const double old_weight = static_cast<double>(std::llabs(old_qty));
    const double fill_weight = static_cast<double>(std::llabs(fill_steps));
    outcome.position.qty_steps = new_qty;
    outcome.position.entry_price = new_qty == 0
                                       ? 0.0
                                       : (old_weight * position.entry_price + fill_weight * price) /
                                             (old_weight + fill_weight);
    return outcome;
  }
  // Reducing, closing or flipping.
  const int64_t closed = std::min(std::llabs(fill_steps), std::llabs(old_qty));
  const double closed_base = instrument.steps_to_base(old_qty > 0 ? closed : -closed);
  outcome.realized_pnl = closed_base * (price - position.entry_price);
  outcome.position.qty_steps = new_qty;
  if (new_qty == 0) {
    outcome.position.entry_price = 0.0;
  } else if ((new_qty > 0) == (old_qty > 0)) {
    outcome.position.entry_price = position.entry_price;  // a reduction keeps the entry
  } else {
    outcome.position.entry_price = price;  // flipped: the remainder opened at this fill
  }
  return outcome;
}

double unrealized_pnl(const HeldPosition& position, double mark_price,
                      const Instrument& instrument) {
  if (position.qty_steps == 0) return 0.0;
  return instrument.steps_to_base(position.qty_steps) * (mark_price - position.entry_price);
}

}  // namespace hedgebot::paper
