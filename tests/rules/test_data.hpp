#pragma once
// Test data for the rule tests: the bundled real candles and the golden indicator CSV.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "exchange/model.hpp"

namespace hedgebot::testing {

// The first `rows` candles of a bundled `open_time_ms,open,high,low,close,volume` file
// (path relative to the repository root). Fails the current test on a malformed file.
CandleSeries load_candles(const std::string& relative_path, int rows);

// A CSV of numbers keyed by its header; empty cells are nullopt.
struct NumberTable {
  std::vector<std::string> header;
  std::map<std::string, std::vector<std::optional<double>>> columns;
  std::size_t rows = 0;
};
NumberTable load_number_table(const std::string& relative_path);

}  // namespace hedgebot::testing
