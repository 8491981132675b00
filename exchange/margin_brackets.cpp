#include "exchange/margin_brackets.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <string>

namespace hedgebot {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

bool is_last(const MarginBrackets& brackets, std::size_t index) {
  return index + 1 == brackets.size();
}

}  // namespace

MarginBrackets flat_brackets(double rate) {
  return {MarginBracket{0.0, kInfinity, 125, rate, 0.0}};
}

Status check_brackets(const MarginBrackets& brackets) {
  if (brackets.empty()) return make_error(ErrorKind::InvalidInput, "no margin brackets");
  for (std::size_t i = 0; i < brackets.size(); ++i) {
    const MarginBracket& b = brackets[i];
    const std::string name = "margin bracket " + std::to_string(i + 1) + ": ";
    const double expected_floor = i == 0 ? 0.0 : brackets[i - 1].notional_cap;
    if (!(b.notional_floor == expected_floor)) {
      return make_error(ErrorKind::InvalidInput,
                        name + "its floor is not the previous bracket's cap (or 0 for the first)");
    }
    if (!(b.notional_cap > b.notional_floor))
      return make_error(ErrorKind::InvalidInput, name + "its cap is not above its floor");
    if (!(b.maint_margin_rate > 0.0 && b.maint_margin_rate < 1.0))
      return make_error(ErrorKind::InvalidInput, name + "maintenance rate not in (0, 1)");
    if (!(b.maint_amount >= 0.0 && std::isfinite(b.maint_amount)))
      return make_error(ErrorKind::InvalidInput, name + "maintenance amount not >= 0");
    if (b.max_leverage < 1)
      return make_error(ErrorKind::InvalidInput, name + "max leverage below 1");
    if (i > 0 && b.maint_margin_rate < brackets[i - 1].maint_margin_rate)
      return make_error(ErrorKind::InvalidInput, name + "maintenance rate below the previous one");
    if (i > 0 && b.max_leverage > brackets[i - 1].max_leverage)
      return make_error(ErrorKind::InvalidInput, name + "max leverage above the previous one");
  }
  return ok_status();
}

const MarginBracket& bracket_for(const MarginBrackets& brackets, double notional) {
  // A dozen brackets at most, and most positions sit in the first few: a linear scan.
  for (std::size_t i = 0; i + 1 < brackets.size(); ++i) {
    if (notional < brackets[i].notional_cap) return brackets[i];
  }
  return brackets.back();
}

double maint_margin(const MarginBrackets& brackets, double notional) {
  const MarginBracket& b = bracket_for(brackets, notional);
  return std::max(0.0, notional * b.maint_margin_rate - b.maint_amount);
}

double max_notional_at_leverage(const MarginBrackets& brackets, int leverage) {
  double cap = 0.0;
  for (const MarginBracket& b : brackets) {
    if (b.max_leverage >= leverage) cap = b.notional_cap;
  }
  return cap;
}

double liquidation_price(double qty_base, double entry_price, double wallet_balance,
                         double others_maint_margin, double others_unrealized_pnl,
                         const MarginBrackets& brackets, double own_coin_collateral) {
  if (qty_base == 0.0 || brackets.empty()) return 0.0;
  const double abs_qty = std::fabs(qty_base);
  const double fixed =
      wallet_balance - others_maint_margin + others_unrealized_pnl - qty_base * entry_price;
  // In bracket b the margin excess at price P is (fixed + amount_b) - P x (|q| x rate_b - q):
  // rising with P for a long, falling for a short. The root lies in the first bracket whose
  // excess at its cap is already >= 0 (long) or <= 0 (short).
  const bool is_long = qty_base > 0.0;
  for (std::size_t i = 0; i < brackets.size(); ++i) {
    const MarginBracket& b = brackets[i];
    const double slope = abs_qty * b.maint_margin_rate - qty_base - own_coin_collateral;
    // A short whose own coin outweighs it: the excess does not fall as the price rises here.
    if (!is_long && slope <= 0.0) continue;
    if (slope == 0.0) return 0.0;
    const double base = fixed + b.maint_amount;
    const bool last = is_last(brackets, i);
    const double cap_price = last ? kInfinity : b.notional_cap / abs_qty;
    if (!last) {
      const double excess_at_cap = base - cap_price * slope;
      if (is_long ? excess_at_cap < 0.0 : excess_at_cap > 0.0) continue;
    }
    double price = base / slope;
    // A venue's amounts may be rounded: keep the answer inside the bracket it was solved for.
    price = std::min(price, cap_price);
    if (i > 0) price = std::max(price, b.notional_floor / abs_qty);
    return is_long ? std::max(0.0, price) : price;
  }
  // Without own-coin collateral the last bracket always answers; with it, a short that no rise
  // liquidates ends here.
  return is_long ? 0.0 : kInfinity;
}

std::optional<double> liquidation_distance(double liquidation_price, double mark_price) {
  if (!(liquidation_price > 0.0) || !(mark_price > 0.0)) return std::nullopt;
  return std::fabs(liquidation_price - mark_price) / mark_price;
}

std::optional<double> CrossMargin::margin_ratio() const {
  if (maint_margin <= 0.0) return 0.0;
  if (margin_balance <= 0.0) return std::nullopt;
  return maint_margin / margin_balance;
}

CrossMargin cross_margin_at_move(double wallet_balance, const std::vector<CrossPosition>& positions,
                                 double move) {
  CrossMargin out;
  for (const CrossPosition& position : positions) {
    if (position.qty_base == 0.0) continue;
    const double price = position.mark_price * (1.0 + move);
    out.unrealized_pnl += position.qty_base * (price - position.entry_price);
    out.maint_margin += maint_margin(*position.brackets, std::fabs(position.qty_base) * price);
  }
  out.margin_balance = wallet_balance + out.unrealized_pnl;
  return out;
}

namespace {

double margin_excess(double wallet_balance, const std::vector<CrossPosition>& positions,
                     double move) {
  const CrossMargin at = cross_margin_at_move(wallet_balance, positions, move);
  return at.margin_balance - at.maint_margin;
}

}  // namespace

std::optional<double> cross_liquidation_move(double wallet_balance,
                                             const std::vector<CrossPosition>& positions,
                                             bool upward) {
  // The kinks: every move at which a position's notional crosses one of its bracket caps.
  std::vector<double> ends;
  bool held = false;
  for (const CrossPosition& position : positions) {
    if (position.qty_base == 0.0 || position.mark_price <= 0.0) continue;
    held = true;
    const double notional_now = std::fabs(position.qty_base) * position.mark_price;
    for (const MarginBracket& bracket : *position.brackets) {
      if (!std::isfinite(bracket.notional_cap)) continue;
      const double move = bracket.notional_cap / notional_now - 1.0;
      if (upward ? move > 0.0 : (move < 0.0 && move > -1.0)) ends.push_back(move);
    }
  }
  if (!held) return std::nullopt;
  if (upward) {
    std::sort(ends.begin(), ends.end());
  } else {
    std::sort(ends.begin(), ends.end(), std::greater<>());
    ends.push_back(-1.0);
  }
  double from = 0.0;
  double excess_from = margin_excess(wallet_balance, positions, from);
  if (excess_from <= 0.0) return 0.0;  // already at or past its maintenance margin
  for (std::size_t i = 0;; ++i) {
    const bool open_end = i == ends.size();  // upward past the last cap: linear to infinity
    if (open_end && !upward) return std::nullopt;
    const double to = open_end ? from + 1.0 : ends[i];
    const double excess_to = margin_excess(wallet_balance, positions, to);
    if (excess_to <= 0.0 || open_end) {
      const double slope = (excess_to - excess_from) / (to - from);
      if (excess_to > 0.0 && slope >= 0.0) return std::nullopt;  // never falls to zero
      return from - excess_from / slope;
    }
    from = to;
    excess_from = excess_to;
  }
}

}  // namespace hedgebot
