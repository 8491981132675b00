#include "paper/bundled_brackets.hpp"

namespace hedgebot::paper {
namespace {

// Source: the leverage and margin tiers Binance publishes for its USDⓈ-M perpetuals (the same
// figures its GET /fapi/v1/leverageBracket returns), as listed in 2024. The venue revises them
// from time to time: live mode reads the current table from the venue.
// Columns: notional floor, notional cap (USDT), max initial leverage, maintenance margin rate,
// maintenance amount ("cum" = previous cum + floor x (rate - previous rate)).

const MarginBrackets kBtcUsdt = {
    {0, 50'000, 125, 0.004, 0},
    {50'000, 600'000, 100, 0.005, 50},
    {600'000, 3'000'000, 75, 0.0065, 950},
    {3'000'000, 12'000'000, 50, 0.01, 11'450},
    {12'000'000, 70'000'000, 25, 0.02, 131'450},
    {70'000'000, 100'000'000, 20, 0.025, 481'450},
    {100'000'000, 230'000'000, 10, 0.05, 2'981'450},
    {230'000'000, 480'000'000, 5, 0.1, 14'481'450},
    {480'000'000, 600'000'000, 4, 0.125, 26'481'450},
    {600'000'000, 800'000'000, 3, 0.15, 41'481'450},
    {800'000'000, 1'200'000'000, 2, 0.25, 121'481'450},
    {1'200'000'000, 1'800'000'000, 1, 0.5, 421'481'450},
};

const MarginBrackets kEthUsdt = {
    {0, 50'000, 125, 0.004, 0},
    {50'000, 600'000, 100, 0.005, 50},
    {600'000, 3'000'000, 75, 0.0065, 950},
    {3'000'000, 12'000'000, 50, 0.01, 11'450},
    {12'000'000, 50'000'000, 25, 0.02, 131'450},
    {50'000'000, 65'000'000, 20, 0.025, 381'450},
    {65'000'000, 150'000'000, 10, 0.05, 2'006'450},
    {150'000'000, 320'000'000, 5, 0.1, 9'506'450},
    {320'000'000, 400'000'000, 4, 0.125, 17'506'450},
    {400'000'000, 530'000'000, 3, 0.15, 27'506'450},
    {530'000'000, 800'000'000, 2, 0.25, 80'506'450},
    {800'000'000, 1'200'000'000, 1, 0.5, 280'506'450},
};

}  // namespace

std::optional<MarginBrackets> bundled_brackets(const std::string& symbol) {
  if (symbol == "BTCUSDT") return kBtcUsdt;
  if (symbol == "ETHUSDT") return kEthUsdt;
  return std::nullopt;
}

}  // namespace hedgebot::paper
