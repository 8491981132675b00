#include "bench/replay_data.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>

#include "tests/support/market_fixtures.hpp"

namespace hedgebot::bench {
namespace {

constexpr long long kStartMs = 1514764800000LL;  // 2018-01-01T00:00:00Z
constexpr long long kMinute = 60000;

const char* const kConfig =
    R"(# Benchmark config: hourly ticks over 1-minute candles (bench/replay_data.cpp).
[bot]
mode = "paper"
interval = "1h"

[paper]
balance = 200000.0
candles = "btcusdt-1m.csv"
funding = "btcusdt-funding.csv"
spot = { BTC = 1.0, USDT = 5000.0 }

[risk]
max_order_notional = 1000000.0
max_leverage = 3.0

[[hedge]]
asset = "BTC"
symbol = "BTCUSDT"
timeframe = "1m"
baseline_ratio = 0.5
max_ratio = 1.0
band = 0.05
cooldown = "4h"
leverage = 2

[[rule]]
name = "margin-guard"
when = "margin_ratio_above"
threshold = 0.6
action = "set_ratio"
ratio = 0.3
priority = 100

[[rule]]
name = "bear-trend"
hedge = "BTC"
when = "price_below_ma"
timeframe = "1d"
ma = "sma"
period = 50
action = "set_ratio"
ratio = 1.0
priority = 10

[[rule]]
name = "momentum"
hedge = "BTC"
when = "macd_cross_up"
timeframe = "4h"
action = "adjust_ratio"
delta = -0.25

[[rule]]
name = "funding-against-us"
when = "funding_below"
threshold = -0.0001
window = 3
action = "adjust_ratio"
delta = -0.2
priority = 5
)";

}  // namespace

Result<ReplayData> ensure_replay_data(const std::string& dir, int years) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) return make_error(ErrorKind::Config, "cannot create " + dir + ": " + error.message());
  ReplayData data;
  const std::string suffix = years == kBenchYears ? "" : "-" + std::to_string(years) + "y";
  data.candles = dir + "/btcusdt-1m" + suffix + ".csv";
  data.funding = dir + "/btcusdt-funding" + suffix + ".csv";
  data.config = dir + "/bench" + suffix + ".toml";
  const long long days = static_cast<long long>(std::llround(years * 365.25));
  data.rows = days * 1440;

  std::string config = kConfig;
  const auto replace = [&config](const std::string& from, const std::string& to) {
    config.replace(config.find(from), from.size(), to);
  };
  replace("btcusdt-1m.csv", std::filesystem::path(data.candles).filename().string());
  replace("btcusdt-funding.csv", std::filesystem::path(data.funding).filename().string());
  std::ofstream(data.config, std::ios::trunc) << config;

  // Reuse files from an earlier run when complete (the marker holds the row count).
  const std::string marker = data.candles + ".rows";
  {
    std::ifstream in(marker);
    long long rows = 0;
    if (in >> rows && rows == data.rows && std::filesystem::exists(data.funding)) return data;
  }
  std::unique_ptr<FILE, int (*)(FILE*)> candles(std::fopen(data.candles.c_str(), "w"),
                                                &std::fclose);
  std::unique_ptr<FILE, int (*)(FILE*)> funding(std::fopen(data.funding.c_str(), "w"),
                                                &std::fclose);
  if (!candles || !funding) return make_error(ErrorKind::Config, "cannot write in " + dir);
  std::setvbuf(candles.get(), nullptr, _IOFBF, 1 << 20);
  std::fputs(testing::kCandleCsvHeader, candles.get());
  std::fputs(testing::kFundingCsvHeader, funding.get());
  testing::SplitMix64 random(20240101);
  double price = 13500.0;  // about BTC on 2018-01-01
  double drift = 0.0;
  for (long long i = 0; i < data.rows; ++i) {
    const long long open_time = kStartMs + i * kMinute;
    if (i % 1440 == 0)
      drift = random.uniform() * 0.00002;  // a new daily drift: trends and reversals
    const double open = price;
    double close = open * (1.0 + drift + random.uniform() * 0.0012);
    close = std::max(close, 100.0);
    const double high = std::max(open, close) * (1.0 + std::fabs(random.uniform()) * 0.0004);
    const double low = std::min(open, close) * (1.0 - std::fabs(random.uniform()) * 0.0004);
    const double volume = 5.0 + std::fabs(random.uniform()) * 40.0;
    const double rounded_open = std::round(open * 10.0) / 10.0;
    const double rounded_close = std::round(close * 10.0) / 10.0;
    std::fprintf(candles.get(), "%lld,%.1f,%.1f,%.1f,%.1f,%.3f\n", open_time, rounded_open,
                 std::max({std::round(high * 10.0) / 10.0, rounded_open, rounded_close}),
                 std::min({std::round(low * 10.0) / 10.0, rounded_open, rounded_close}),
                 rounded_close, volume);
    price = rounded_close;
    if (i % 480 == 0) {
      // Funding: mostly positive, with negative spells (a short then pays).
      const double rate = 0.0001 + 0.0002 * std::sin(static_cast<double>(i) / 480.0 / 40.0);
      std::fprintf(funding.get(), "%lld,%.8f,%.1f\n", open_time, rate, price);
    }
  }
  if (std::ferror(candles.get()) || std::ferror(funding.get())) {
    return make_error(ErrorKind::Internal, "write failed in " + dir);
  }
  std::ofstream(marker, std::ios::trunc) << data.rows << "\n";
  return data;
}

}  // namespace hedgebot::bench
