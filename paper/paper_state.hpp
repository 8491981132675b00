#pragma once
// The paper account as it persists in paper.json: everything that changes while trading.
// Market data is not part of it (it comes from files on every run).

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "exchange/model.hpp"
#include "paper/paper_exchange.hpp"
#include "paper/position_model.hpp"

namespace hedgebot::paper {

constexpr int kPaperStateVersion = 1;
// Final orders beyond this many are forgotten, oldest first; open orders are always kept.
constexpr size_t kOrderHistoryLimit = 1000;
constexpr int kDefaultLeverage = 20;

// An order the simulator knows, open or final.
struct PaperOrder {
  OrderState state;
  int64_t placed_ms = 0;
  bool post_only = false;
  // Market time at which a resting limit order expires unfilled; 0 = good till canceled. A
  // candle that opened before it can still fill the order (the path inside a candle is unknown).
  int64_t good_till_ms = 0;
};

// A move of money between the paper spot wallet and the futures wallet.
constexpr size_t kTransferHistoryLimit = 1000;  // oldest forgotten beyond this many

struct PaperState {
  std::optional<int64_t> now_ms;                  // unset until the first advance_to()
  double wallet_balance = 0.0;                    // initial balance + realized PnL - fees + funding
  std::map<std::string, HeldPosition> positions;  // only non-flat positions
  std::map<std::string, int> leverage;            // symbols prepared with another leverage
  std::vector<PaperOrder> orders;                 // oldest first, open and final
  PaperTotals totals;
  std::map<std::string, double> spot;  // asset -> quantity
  // Coins in the futures wallet counted as margin, asset -> quantity (a file without them loads
  // as none). A liquidation sells them at their collateral price to cover a USDT shortfall.
  std::map<std::string, double> futures_assets;
  std::map<std::string, int64_t> last_funding_ms;  // last settlement applied, per symbol
  int64_t next_order_id = 1;
  std::vector<TransferRecord> transfers;  // oldest first (a file without them loads as none)
  int64_t next_transfer_id = 1;
};

PaperState fresh_paper_state(const PaperSettings& settings);

// Drops the oldest final orders beyond kOrderHistoryLimit.
void trim_order_history(PaperState& state);

std::string paper_state_to_json(const PaperState& state);
// `source` names the file in errors ("state/paper.json: ...").
Result<PaperState> paper_state_from_json(std::string_view text, const std::string& source);

}  // namespace hedgebot::paper
