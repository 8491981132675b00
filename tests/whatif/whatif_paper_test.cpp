// One model, two uses: the liquidation price `whatif` reads through the ExchangeClient port is
// where the paper engine liquidates when the market walks there, and its funding forecast is
// what the paper engine settles over the next settlements at a constant rate.
#include <gtest/gtest.h>

#include <cmath>

#include "bot/whatif/whatif.hpp"
#include "bot/whatif/whatif_read.hpp"
#include "tests/paper/paper_fixtures.hpp"

namespace hedgebot::bot {
namespace {

using paper::PaperEvent;
using paper::PaperExchange;
using paper::SymbolData;
using paper::testing::hour;
using paper::testing::hourly_closes;

// `flat` hours at `start`, then a walk up by `step` (a fraction) per hour for `rising` hours.
CandleSeries walk_up(double start, int flat, int rising, double step) {
  std::vector<double> closes(static_cast<size_t>(flat), start);
  double price = start;
  for (int i = 0; i < rising; ++i) closes.push_back(price *= 1.0 + step);
  return hourly_closes(closes);
}

SymbolData market(const std::string& symbol, CandleSeries candles,
                  std::vector<FundingRate> funding = {}) {
  SymbolData data;
  data.instrument = paper::default_instrument(symbol, 1.0);
  data.candles = std::move(candles);
  data.funding = std::move(funding);
  return data;
}

OrderRequest sell(const std::string& symbol, int64_t steps, const std::string& id) {
  OrderRequest request;
  request.symbol = symbol;
  request.side = Side::Sell;
  request.type = OrderType::Market;
  request.qty_steps = steps;
  request.client_order_id = id;
  return request;
}

config::HedgeConfig hedge_config(const std::string& asset, const std::string& symbol, double spot) {
  config::HedgeConfig hedge;
  hedge.asset = asset;
  hedge.symbol = symbol;
  hedge.spot_source = config::SpotSource::Fixed;
  hedge.spot_fixed = spot;
  return hedge;
}

// The tick report a `plan` tick leaves for the hedges of `config`, read from `venue` (nothing
// planned: the account as it is).
TickReport report_of(const config::Config& config, ExchangeClient& venue) {
  TickReport report;
  report.now_ms = *venue.now_ms();
  report.account = *venue.account();
  for (const config::HedgeConfig& hedge : config.hedges) {
    HedgeReport entry;
    entry.asset = hedge.asset;
    entry.symbol = hedge.symbol;
    entry.instrument = *venue.instrument(hedge.symbol);
    entry.spot_qty = hedge.spot_fixed;
    entry.position_base = entry.instrument.steps_to_base(venue.position(hedge.symbol)->qty_steps);
    entry.mark_price = venue.mark_and_funding(hedge.symbol)->mark_price;
    report.hedges.push_back(entry);
  }
  return report;
}

WhatifResult whatif_of(const config::Config& config, ExchangeClient& venue) {
  Result<WhatifInput> input =
      read_whatif_input(config, venue, report_of(config, venue), {true, {0.1}});
  EXPECT_TRUE(input) << input.error().describe();
  return compute_whatif(*input);
}

std::vector<PaperEvent> liquidations(const std::vector<PaperEvent>& events) {
  std::vector<PaperEvent> out;
  for (const PaperEvent& event : events)
    if (event.kind == PaperEvent::Kind::Liquidation) out.push_back(event);
  return out;
}

TEST(WhatifAgainstPaper, LiquidationPriceIsWherePaperLiquidatesOnAGeneratedPath) {
  // A 20 BTC short (1.2 M notional: the third bracket, 0.65 % less 950) on 150 000 USDT, then the
  // market walks up 0.02 % an hour until it dies.
  paper::PaperSettings settings = paper::testing::no_slippage_settings(150000.0);
  PaperExchange venue(settings, {market("BTCUSDT", walk_up(60000.0, 3, 2000, 0.0002))});
  ASSERT_TRUE(venue.advance_to(hour(2)));
  ASSERT_TRUE(venue.prepare_symbol("BTCUSDT", 20));
  ASSERT_TRUE(venue.place_order(sell("BTCUSDT", 20000, "short")));
  config::Config config;
  config.hedges = {hedge_config("BTC", "BTCUSDT", 20.0)};
  const WhatifResult whatif = whatif_of(config, venue);
  ASSERT_EQ(whatif.hedges.size(), 1u);
  ASSERT_TRUE(whatif.hedges[0].liquidation_price);
  const double predicted = *whatif.hedges[0].liquidation_price;
  EXPECT_GT(predicted, 60000.0 * 1.05);

  std::vector<PaperEvent> events;
  ASSERT_TRUE(venue.advance_to(hour(2002), &events));
  const std::vector<PaperEvent> liquidated = liquidations(events);
  ASSERT_EQ(liquidated.size(), 1u);
  EXPECT_NEAR(liquidated[0].price, predicted, predicted * 0.001);
}

TEST(WhatifAgainstPaper, TwoShortsMovingTogetherDieWherePaperLiquidatesThem) {
  // BTC and ETH shorts in one account; both markets walk up together. The price of each is
  // where the whole account reaches its maintenance margin with the other mark moving too,
  // nearer than the venue's one-position price (the other held still).
  paper::PaperSettings settings = paper::testing::no_slippage_settings(15000.0);
  PaperExchange venue(settings, {market("BTCUSDT", walk_up(60000.0, 3, 3000, 0.0002)),
                                 market("ETHUSDT", walk_up(3000.0, 3, 3000, 0.0002))});
  ASSERT_TRUE(venue.advance_to(hour(2)));
  ASSERT_TRUE(venue.prepare_symbol("BTCUSDT", 20));
  ASSERT_TRUE(venue.prepare_symbol("ETHUSDT", 20));
  ASSERT_TRUE(venue.place_order(sell("BTCUSDT", 1000, "btc-short")));
  ASSERT_TRUE(venue.place_order(sell("ETHUSDT", 10000, "eth-short")));
  config::Config config;
  config.hedges = {hedge_config("BTC", "BTCUSDT", 1.0), hedge_config("ETH", "ETHUSDT", 10.0)};
  const WhatifResult whatif = whatif_of(config, venue);
  EXPECT_TRUE(whatif.moves_together);
  ASSERT_EQ(whatif.hedges.size(), 2u);
  ASSERT_TRUE(whatif.hedges[0].liquidation_price);
  ASSERT_TRUE(whatif.hedges[1].liquidation_price);
  EXPECT_LT(*whatif.hedges[0].liquidation_price, venue.position("BTCUSDT")->liquidation_price);

  std::vector<PaperEvent> events;
  ASSERT_TRUE(venue.advance_to(hour(3002), &events));
  const std::vector<PaperEvent> liquidated = liquidations(events);
  ASSERT_EQ(liquidated.size(), 2u);  // the account's positions close together
  for (const PaperEvent& event : liquidated) {
    const double predicted = *whatif.hedges[event.symbol == "BTCUSDT" ? 0 : 1].liquidation_price;
    EXPECT_NEAR(event.price, predicted, predicted * 0.001) << event.symbol;
  }
}

TEST(WhatifAgainstPaper, FundingForecastIsWhatPaperSettlesAtAConstantRate) {
  // Flat at 60 000, funding 0.01 % every 8 h: a 2 BTC short receives 12 a settlement.
  std::vector<double> rates(40, 0.0001);
  paper::PaperSettings settings = paper::testing::no_slippage_settings(50000.0);
  PaperExchange venue(settings, {market("BTCUSDT", paper::testing::flat_hours(400, 60000.0),
                                        paper::testing::funding_every_8h(rates))});
  ASSERT_TRUE(venue.advance_to(hour(50)));  // six settlements already in the window
  ASSERT_TRUE(venue.prepare_symbol("BTCUSDT", 10));
  ASSERT_TRUE(venue.place_order(sell("BTCUSDT", 2000, "short")));
  config::Config config;
  config.hedges = {hedge_config("BTC", "BTCUSDT", 2.0)};
  const WhatifResult whatif = whatif_of(config, venue);
  ASSERT_EQ(whatif.funding.size(), 1u);
  const double before = venue.totals().funding_received - venue.totals().funding_paid;

  const int days = 5;  // 15 settlements: hours 56, 64, ... 168
  ASSERT_TRUE(venue.advance_to(hour(50 + 24 * days)));
  const double settled = venue.totals().funding_received - venue.totals().funding_paid - before;
  EXPECT_NEAR(settled, 15 * 12.0, 1e-9);
  for (const FundingAtRate& rate : whatif.funding[0].rates) {
    ASSERT_TRUE(rate.rate) << rate.basis;
    EXPECT_NEAR(rate.per_day * days, settled, 1e-9) << rate.basis;
    EXPECT_NEAR(rate.per_30_days, settled / days * 30, 1e-9) << rate.basis;
  }
  EXPECT_EQ(whatif.funding[0].window_settlements, 6);
}

}  // namespace
}  // namespace hedgebot::bot
