#pragma once
// Dated (quarterly) contracts on paper, priced from their perpetual's data with the annualised
// basis model: every price of the perpetual x (1 + basis x time to delivery / 365 days), so the
// basis decays linearly to zero at delivery. The market ends at delivery (no candle closes after
// it) and pays no funding.

#include <cstdint>
#include <string>

#include "paper/paper_exchange.hpp"

namespace hedgebot::paper {

// An empty dated market of `perpetual`'s instrument, filters and brackets.
SymbolData dated_market_from(const SymbolData& perpetual, const std::string& symbol,
                             int64_t delivery_ms);

// Brings `dated` up to its perpetual: the perpetual's rows it lacks (candles, mark candles,
// candles of other intervals, the venue's mark), priced with the basis model, up to delivery;
// rows the perpetual has dropped (a replay's passed rows) are dropped too.
void sync_dated_market(const SymbolData& perpetual, double annual_basis, int64_t delivery_ms,
                       SymbolData& dated);

// `perpetual`'s candles priced with the basis model (each at its close time), those closing
// after delivery left out.
CandleSeries dated_candles(const CandleSeries& perpetual, double annual_basis, int64_t delivery_ms);

}  // namespace hedgebot::paper
