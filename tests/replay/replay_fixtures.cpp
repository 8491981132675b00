#include "tests/replay/replay_fixtures.hpp"

#include <algorithm>
#include <cstdio>

namespace hedgebot::testing {

std::string write_hourly_candles(const TempDir& dir, const std::string& name, int hours,
                                 const std::function<double(int)>& price) {
  std::string text = "open_time_ms,open,high,low,close,volume\n";
  double open = price(0);
  char line[200];
  for (int i = 0; i < hours; ++i) {
    const double close = price(i);
    std::snprintf(line, sizeof line, "%lld,%.2f,%.2f,%.2f,%.2f,10\n",
                  static_cast<long long>(kStartMs + i * kHour), open, std::max(open, close),
                  std::min(open, close), close);
    text += line;
    open = close;
  }
  return dir.write(name, text);
}

std::string write_funding(const TempDir& dir, const std::string& name, int settlements,
                          const std::function<double(int)>& rate, double mark) {
  std::string text = "funding_time_ms,funding_rate,mark_price\n";
  char line[200];
  for (int i = 0; i < settlements; ++i) {
    std::snprintf(line, sizeof line, "%lld,%.6f,%.2f\n",
                  static_cast<long long>(kStartMs + i * 8 * kHour), rate(i), mark);
    text += line;
  }
  return dir.write(name, text);
}

std::string write_btc_config(const TempDir& dir, const std::string& name, double ratio,
                             double balance, bool funding, const std::string& risk_extra,
                             const std::string& hedge_extra) {
  char number[64];
  std::string text = "[bot]\nmode = \"paper\"\ninterval = \"1h\"\nstate_dir = \"state\"\n\n";
  std::snprintf(number, sizeof number, "%.2f", balance);
  text += "[paper]\nbalance = " + std::string(number) + "\ncandles = \"candles.csv\"\n";
  if (funding) text += "funding = \"funding.csv\"\n";
  text += "spot = { BTC = 1.0 }\n\n[risk]\nstale_after = \"2h\"\n" + risk_extra + "\n";
  std::snprintf(number, sizeof number, "%.2f", ratio);
  text +=
      "[[hedge]]\nasset = \"BTC\"\nsymbol = \"BTCUSDT\"\nbaseline_ratio = " + std::string(number) +
      "\nmin_ratio = 0.0\nmax_ratio = 1.0\nband = 0.05\n" + hedge_extra + "\n";
  return dir.write(name, text);
}

}  // namespace hedgebot::testing
