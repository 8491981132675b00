#pragma once
// An auditor's ledger: the paper account rebuilt from journal.jsonl alone, independently of the
// simulator. wallet = start + realized PnL - fees + funding (+ what the insurance fund took of a
// liquidation's loss); the position is the sum of the signed fills and liquidations. Every line
// it needs must carry its numbers; a line that does not is listed in `problems`.

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace hedgebot::testing {

struct JournalLedger {
  double realized_pnl = 0.0;
  double fees = 0.0;
  double funding = 0.0;
  double insurance_covered = 0.0;
  std::map<std::string, double> position;  // symbol -> signed base units
  int fills = 0;
  int liquidations = 0;
  int funding_lines = 0;
  std::vector<std::string> problems;

  double wallet(double start) const {
    return start + realized_pnl - fees + funding + insurance_covered;
  }
};

namespace journal_ledger_detail {

// A quantity or amount as the journal writes it: a number, or exact text ("0.500").
inline bool read_number(const nlohmann::json& line, const char* key, double& out) {
  const auto found = line.find(key);
  if (found == line.end()) return false;
  if (found->is_number()) {
    out = found->get<double>();
    return std::isfinite(out);
  }
  if (found->is_string()) {
    const std::string text = found->get<std::string>();
    char* end = nullptr;
    out = std::strtod(text.c_str(), &end);
    return !text.empty() && end == text.c_str() + text.size() && std::isfinite(out);
  }
  return false;  // null: unknown
}

}  // namespace journal_ledger_detail

inline JournalLedger rebuild_from_journal(const std::string& path) {
  using journal_ledger_detail::read_number;
  JournalLedger ledger;
  std::ifstream in(path);
  std::string text;
  int number = 0;
  while (std::getline(in, text)) {
    ++number;
    const nlohmann::json line = nlohmann::json::parse(text, nullptr, false);
    if (line.is_discarded()) {
      ledger.problems.push_back("line " + std::to_string(number) + " does not parse");
      continue;
    }
    const std::string event = line.value("event", "");
    if (event != "fill" && event != "liquidation" && event != "funding") continue;
    const std::string where = "line " + std::to_string(number) + " (" + event + "): ";
    const std::string symbol = line.value("symbol", "");
    if (symbol.empty()) ledger.problems.push_back(where + "no symbol");
    double& position = ledger.position[symbol];
    const auto need = [&](const char* key, double& out) {
      if (!read_number(line, key, out))
        ledger.problems.push_back(where + "no usable `" + key + "`");
    };
    if (event == "funding") {
      ++ledger.funding_lines;
      double amount = 0.0;
      double charged = 0.0;
      need("amount", amount);
      need("position_qty", charged);
      ledger.funding += amount;
      if (std::fabs(charged - position) > 1e-9) {
        ledger.problems.push_back(where + "funding charged on " + std::to_string(charged) +
                                  " but the fills add up to " + std::to_string(position));
      }
      continue;
    }
    const std::string side = line.value("side", "");
    if (side != "BUY" && side != "SELL") ledger.problems.push_back(where + "no side");
    double qty = 0.0;
    double fee = 0.0;
    double realized = 0.0;
    double price = 0.0;
    need("qty", qty);
    need("fee", fee);
    need("realized_pnl", realized);
    need("price", price);
    position += side == "SELL" ? -qty : qty;
    ledger.fees += fee;
    ledger.realized_pnl += realized;
    if (event == "liquidation") {
      ++ledger.liquidations;
      double covered = 0.0;
      need("insurance_covered", covered);
      ledger.insurance_covered += covered;
    } else {
      ++ledger.fills;
      double after = 0.0;
      need("position_after", after);
      if (std::fabs(after - position) > 1e-9) {
        ledger.problems.push_back(where + "position_after " + std::to_string(after) +
                                  " but the fills add up to " + std::to_string(position));
      }
    }
  }
  return ledger;
}

}  // namespace hedgebot::testing
