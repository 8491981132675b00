#pragma once
// Axis ticks a person reads at a glance (60k, 62.5k, 65k; never 35.1k, 58.3k), for the HTML
// charts of `replay --report` and `whatif --report`.

#include <string>
#include <vector>

namespace hedgebot::bot {

// Ticks 1, 2, 2.5 or 5 x 10^k apart covering [low, high] (the first at or below `low`, the last
// at or above `high`), about `count` of them. {low} when high <= low.
std::vector<double> round_ticks(double low, double high, int count);

// A tick's label with no more decimals than `step` needs, thousands as "k" and millions as "M"
// (62.5k, 1.2M, 0.5); `percent`: the value is a fraction shown in percent ("12 %").
std::string tick_label(double value, double step, bool percent);

}  // namespace hedgebot::bot
