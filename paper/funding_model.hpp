#pragma once
// Funding settlement (docs/venues/binance.md, "Market data"). At each settlement the holder of
// `qty` base units receives `-qty × mark × rate`: with a positive rate longs pay and shorts
// receive. Only the position held at the settlement instant is charged.

#include <cstdint>
#include <vector>

#include "exchange/model.hpp"

namespace hedgebot::paper {

// Cash flow to the holder, in quote: positive = received, negative = paid (the model's formula,
// exchange/model.hpp, shared with the what-if forecast).
using hedgebot::funding_cash_flow;

// Index of the first row with funding_time_ms > `time_ms` (rows oldest first); rows.size()
// when there is none.
size_t first_funding_after(const std::vector<FundingRate>& rows, int64_t time_ms);

// The settlement period around `time_ms`: the spacing between the last settlement at or
// before it and the next one after it, else the smallest spacing in the data, else 8 h.
int64_t funding_interval_at(const std::vector<FundingRate>& rows, int64_t time_ms);

}  // namespace hedgebot::paper
