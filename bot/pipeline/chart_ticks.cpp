#include "bot/pipeline/chart_ticks.hpp"

#include <algorithm>
#include <cmath>

#include "bot/pipeline/report_output.hpp"

namespace hedgebot::bot {

std::vector<double> round_ticks(double low, double high, int count) {
  if (!(high > low) || count < 1) return {low};
  const double raw = (high - low) / count;
  const double power = std::pow(10.0, std::floor(std::log10(raw)));
  double step = power * 10.0;
  for (const double factor : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    if (power * factor >= raw) {
      step = power * factor;
      break;
    }
  }
  std::vector<double> ticks;
  const double first = std::floor(low / step);
  for (int i = 0;; ++i) {
    const double tick = (first + i) * step;
    ticks.push_back(std::fabs(tick) < step * 1e-9 ? 0.0 : tick);
    if (tick >= high - step * 1e-9) break;
  }
  return ticks;
}

std::string tick_label(double value, double step, bool percent) {
  if (percent) {
    return tick_label(value * 100.0, step * 100.0, false) + " %";
  }
  const double magnitude = std::max(std::fabs(value), step);
  double scale = 1.0;
  const char* suffix = "";
  if (magnitude >= 1e6) {
    scale = 1e6;
    suffix = "M";
  } else if (magnitude >= 1e4) {
    scale = 1e3;
    suffix = "k";
  }
  // As many decimals as the step has (2.5k apart: one; 0.25 apart: two), at most four.
  const double scaled_step = step / scale;
  int decimals = 0;
  while (decimals < 4) {
    const double shifted = scaled_step * std::pow(10.0, decimals);
    if (std::fabs(shifted - std::round(shifted)) < 1e-6 * std::max(1.0, shifted)) break;
    ++decimals;
  }
  std::string text = fixed(value / scale, decimals);
  if (decimals > 0) {
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
  }
  return text + suffix;
}

}  // namespace hedgebot::bot
