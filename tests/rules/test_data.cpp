#include "tests/rules/test_data.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "tests/support/temp_dir.hpp"

namespace hedgebot::testing {
namespace {

std::vector<std::string> split_row(const std::string& line) {
  std::vector<std::string> cells;
  std::string cell;
  std::istringstream stream(line);
  while (std::getline(stream, cell, ',')) cells.push_back(cell);
  if (!line.empty() && line.back() == ',') cells.emplace_back();
  return cells;
}

double to_number(const std::string& text) {
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  EXPECT_EQ(*end, '\0') << "not a number: " << text;
  return value;
}

}  // namespace

CandleSeries load_candles(const std::string& relative_path, int rows) {
  std::ifstream file(source_path(relative_path));
  EXPECT_TRUE(file) << relative_path;
  CandleSeries series;
  std::string line;
  std::getline(file, line);  // header
  while (static_cast<int>(series.candles.size()) < rows && std::getline(file, line)) {
    const std::vector<std::string> cells = split_row(line);
    EXPECT_GE(cells.size(), 6u) << line;
    if (cells.size() < 6) break;
    Candle candle;
    candle.open_time_ms = std::strtoll(cells[0].c_str(), nullptr, 10);
    candle.open = to_number(cells[1]);
    candle.high = to_number(cells[2]);
    candle.low = to_number(cells[3]);
    candle.close = to_number(cells[4]);
    candle.volume = to_number(cells[5]);
    series.candles.push_back(candle);
  }
  if (series.candles.size() > 1)
    series.interval_ms = series.candles[1].open_time_ms - series.candles[0].open_time_ms;
  return series;
}

NumberTable load_number_table(const std::string& relative_path) {
  std::ifstream file(source_path(relative_path));
  EXPECT_TRUE(file) << relative_path;
  NumberTable table;
  std::string line;
  if (!std::getline(file, line)) return table;
  table.header = split_row(line);
  while (std::getline(file, line)) {
    const std::vector<std::string> cells = split_row(line);
    EXPECT_EQ(cells.size(), table.header.size()) << line;
    for (std::size_t i = 0; i < table.header.size(); ++i) {
      const std::string cell = i < cells.size() ? cells[i] : "";
      table.columns[table.header[i]].push_back(cell.empty() ? std::nullopt
                                                            : std::optional(to_number(cell)));
    }
    ++table.rows;
  }
  return table;
}

}  // namespace hedgebot::testing
