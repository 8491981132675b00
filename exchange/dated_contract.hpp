#pragma once
// Dated (quarterly) futures: which contract a hedge trades, the venue's list of dated contracts
// of a pair, and the quarterly delivery calendar (the last Friday of March, June, September and
// December at 08:00 UTC) the paper simulator lists its contracts on.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "exchange/instrument.hpp"

namespace hedgebot {

// What a hedge trades: the perpetual, or the quarterly contract delivering first (Quarter) or
// second (NextQuarter).
enum class ContractKind { Perpetual, Quarter, NextQuarter };
const char* to_string(ContractKind kind);  // "perpetual", "quarter", "next_quarter"

// The period a venue gives a dated contract: the quarterly delivering first, the one after it,
// or another dated contract (a monthly) that a quarterly hedge never trades.
enum class ContractPeriod { CurrentQuarter, NextQuarter, Other };

struct DatedContract {
  Instrument instrument;  // delivery_ms > 0
  ContractPeriod period = ContractPeriod::Other;
};

// The first quarterly delivery strictly after `time_ms`: the last Friday of Mar/Jun/Sep/Dec at
// 08:00 UTC.
int64_t next_quarterly_delivery_ms(int64_t time_ms);
// True when `delivery_ms` is such a moment.
bool is_quarterly_delivery(int64_t delivery_ms);
// "BTCUSDT" + 2025-12-26 -> "BTCUSDT_251226" (the USDⓈ-M spelling the simulator uses).
std::string dated_symbol(const std::string& perpetual, int64_t delivery_ms);
// The inverse: "BTCUSDT_251226" -> the perpetual and the quarterly delivery it names, or nullopt
// when the text is not that shape or the date is not a quarterly delivery.
struct DatedSymbol {
  std::string perpetual;
  int64_t delivery_ms = 0;
};
std::optional<DatedSymbol> parse_dated_symbol(const std::string& symbol);

// The annualised basis model of a dated contract priced from its perpetual: the perpetual's
// price x (1 + annual_basis x time to delivery / 365 days); the factor is 1 at and after delivery.
double dated_basis_factor(double annual_basis, int64_t time_ms, int64_t delivery_ms);

// The contract a hedge of `kind` trades at `now_ms` among `contracts` (one pair, any order): the
// current quarter, or the next one once `now_ms` is within `roll_before_ms` of the current
// quarter's delivery; for NextQuarter the next quarter. Only trading contracts whose delivery is
// more than `roll_before_ms` away are chosen: an error (ErrorKind::NotFound) says by name why
// none fits.
Result<DatedContract> choose_dated_contract(const std::vector<DatedContract>& contracts,
                                            ContractKind kind, int64_t now_ms,
                                            int64_t roll_before_ms, const std::string& pair);

}  // namespace hedgebot
