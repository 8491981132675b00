// The example configs of config/examples/, loaded from their files exactly as a run loads them,
// driven through the real tick against the mocked venue. This is how a trader tests their own
// config: Scenario::from_file(path), a market, the orders expected.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/behaviour/scenario.hpp"

namespace hedgebot::behaviour {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::string example(const std::string& name) {
  return hedgebot::testing::source_path("config/examples/" + name);
}

// Daily closes that alternate +2 % and -1.5 %: a choppy uptrend, RSI14 around 57.
std::vector<double> choppy_rise(int count, double first) {
  std::vector<double> closes{first};
  while (static_cast<int>(closes.size()) < count)
    closes.push_back(closes.back() * (closes.size() % 2 == 1 ? 1.02 : 0.985));
  return closes;
}

TEST(RegimeSplitExample, BearRegimeHedges70Percent) {
  Scenario s = Scenario::from_file(example("regime-split-70-30.toml"));
  // 220 days falling 0.2 % a day: the 50-day SMA is under the 200-day SMA.
  s.set_candles("BTCUSDT", candles_from(falling_closes(220, 90000.0, 0.002), k1d, s.now_ms));
  EXPECT_CALL(s.client, place_order(s.sell("0.700"))).Times(1);
  EXPECT_EQ(decision_of(s.tick()).decided_by, "bear-regime");
}

TEST(RegimeSplitExample, BullRegimeKeeps70PercentOpen) {
  Scenario s = Scenario::from_file(example("regime-split-70-30.toml"));
  s.set_candles("BTCUSDT", candles_from(rising_closes(220, 30000.0, 0.002), k1d, s.now_ms));
  EXPECT_CALL(s.client, place_order(s.sell("0.300"))).Times(1);
  EXPECT_EQ(decision_of(s.tick()).decided_by, "baseline");
}

// profile-balanced: crypto at 45 % of the portfolio, 60 % on the systematic bull signal.
// 1 BTC at 60 000 + 10 000 USDT + a 30 000 margin balance = 100 000; 45 % -> short 0.25 BTC.
class BalancedProfileExample : public ::testing::Test {
 protected:
  BalancedProfileExample() {
    s.set_spot("USDT", 10000.0);
    s.set_margin(30000.0, 0.0);
    s.set_position("BTCUSDT", "-0.250");
    // Daily closes rising 0.3 % a day: above the 50-day SMA, MACD above its signal.
    s.set_candles("BTCUSDT", candles_from(rising_closes(130, 40000.0, 0.003), k1d, s.now_ms));
  }
  Scenario s = Scenario::from_file(example("profile-balanced.toml"));
};

TEST_F(BalancedProfileExample, SystematicSignalShiftsExposureTo60Percent) {
  // Every settlement of the last 24 h under 0.02 %: the rally is not crowded.
  s.set_funding("BTCUSDT", {0.0001, 0.00015, 0.0001});
  // 60 % of 100 000 is all of the spot: no hedge.
  EXPECT_CALL(s.client, place_order(s.buy_reduce_only("0.250"))).Times(1);
  const rules::Decision decision = decision_of(s.tick());
  EXPECT_EQ(decision.decided_by, "systematic-bull");
  EXPECT_NEAR(decision.target_ratio, 0.0, 1e-9);
}

TEST_F(BalancedProfileExample, CrowdedFundingKeepsTheRestingAllocation) {
  s.set_funding("BTCUSDT", {0.0001, 0.0001, 0.0003});      // 0.03 %: the funding condition fails
  const rules::Decision decision = decision_of(s.tick());  // already at 45 %: no order
  EXPECT_EQ(decision.decided_by, "profile-balanced");
  EXPECT_NEAR(decision.target_ratio, 0.25, 1e-9);
}

// "Remains below 0.02 % for 24 h": the last settlement is low again, but the one 8 h before was
// 0.03 %: the funding condition fails and the resting allocation stays.
TEST_F(BalancedProfileExample, OneCrowdedSettlementInTheLastDayKeepsTheRestingAllocation) {
  s.set_funding("BTCUSDT", {0.0001, 0.0003, 0.0001});
  const rules::Decision decision = decision_of(s.tick());  // already at 45 %: no order
  EXPECT_EQ(decision.decided_by, "profile-balanced");
  EXPECT_NEAR(decision.target_ratio, 0.25, 1e-9);
}

TEST(MicroHedgeExample, FullHedgeOf3Point5BtcIs350Contracts) {
  Scenario s = Scenario::from_file(example("micro-full-hedge.toml"));
  s.set_margin(100000.0, 0.0);
  EXPECT_CALL(s.client, place_order(s.sell("350"))).Times(1);
  s.tick();
  EXPECT_EQ(s.market("BTCUSDT").position_steps, -350);
}

TEST(MicroHedgeExample, HalfHedgeOf3Point5BtcIs175Contracts) {
  Scenario s = Scenario::from_file(example("micro-half-hedge.toml"));
  s.set_margin(50000.0, 0.0);
  EXPECT_CALL(s.client, place_order(s.sell("175"))).Times(1);
  s.tick();
  EXPECT_EQ(s.market("BTCUSDT").position_steps, -175);
}

TEST(DynamicHedgeExample, NoTrendFullyHedged) {
  Scenario s = Scenario::from_file(example("dynamic-hedge.toml"));
  // 1 BTC short at 60 000 and 2x needs 30 000 of initial margin plus its fee.
  s.set_margin(31000.0, 0.0);
  s.set_candles("BTCUSDT", candles_from(falling_closes(220, 90000.0, 0.002), k1d, s.now_ms));
  // The whole 1 BTC at 2x needs all of the default 30 000 margin; the guard keeps 1 % back for
  // the fill's slippage and fee, so the account gets that 1 % more.
  s.set_margin(31000.0, 0.0);
  EXPECT_CALL(s.client, place_order(s.sell("1.000"))).Times(1);
  EXPECT_EQ(decision_of(s.tick()).decided_by, "baseline");
}

TEST(DynamicHedgeExample, UptrendHedgesHalf) {
  Scenario s = Scenario::from_file(example("dynamic-hedge.toml"));
  s.set_position("BTCUSDT", "-1.000");
  s.set_candles("BTCUSDT", candles_from(choppy_rise(220, 30000.0), k1d, s.now_ms));
  EXPECT_CALL(s.client, place_order(s.buy_reduce_only("0.500"))).Times(1);
  const rules::Decision decision = decision_of(s.tick());
  EXPECT_THAT(decision.fired, ElementsAre("uptrend"));
}

TEST(DynamicHedgeExample, OverboughtOverHedges120Percent) {
  Scenario s = Scenario::from_file(example("dynamic-hedge.toml"));
  s.set_position("BTCUSDT", "-1.000");
  s.set_candles("BTCUSDT", candles_from(rising_closes(220, 30000.0, 0.004), k1d, s.now_ms));
  EXPECT_CALL(s.client, place_order(s.sell("0.200"))).Times(1);
  const rules::Decision decision = decision_of(s.tick());
  EXPECT_THAT(decision.fired, ElementsAre("overbought", "uptrend"));
  EXPECT_EQ(decision.decided_by, "overbought");
}

// 1 BTC at 60 000, 2 000 USDT and an 8 000 margin balance: 85.7 % crypto.
TEST(StabiliserExample, Brings85Over15BackTo75Over25) {
  Scenario s = Scenario::from_file(example("stabiliser-75-25.toml"));
  s.set_spot("USDT", 2000.0);
  s.set_margin(8000.0, 0.0);
  // 75 % of 70 000 = 52 500 of net crypto: short 7 500 of BTC = 0.125 BTC.
  EXPECT_CALL(s.client, place_order(s.sell("0.125"))).Times(1);
  EXPECT_EQ(decision_of(s.tick()).decided_by, "rebalance");
  s.verify_orders();

  // After the cooldown: 75 %, inside the corridor: hold.
  s.now_ms += 4 * k1h;
  {
    const rules::Decision decision = decision_of(s.tick());  // no order
    EXPECT_EQ(decision.decided_by, "inside-corridor");
    EXPECT_TRUE(decision.hold);
  }
  s.verify_orders();

  // The trader moves 18 000 USDT in: 52 500 of 88 000 is 59.7 %, under the corridor. 75 % is
  // more than the spot itself, and min_ratio = 0: the hedge is closed.
  s.now_ms += k1h;
  s.set_spot("USDT", 20000.0);
  EXPECT_CALL(s.client, place_order(s.buy_reduce_only("0.125"))).Times(1);
  EXPECT_EQ(decision_of(s.tick()).decided_by, "rebalance");
}

TEST(FundingCollectionExample, RaisesTheShortThenCutsItWhenFundingTurns) {
  Scenario s = Scenario::from_file(example("funding-collection.toml"));
  s.set_position("BTCUSDT", "-0.500");
  // 0.02 % per 8 h = 21.9 % a year > 10 %: collect.
  s.set_funding("BTCUSDT", {0.0002, 0.0002, 0.0002});
  EXPECT_CALL(s.client, place_order(s.sell("0.500"))).Times(1);
  EXPECT_EQ(decision_of(s.tick()).decided_by, "collect-funding");
  s.verify_orders();

  // The next settlement, 8 h later, is negative: the short pays. Cut to 10 %.
  s.now_ms += k8h;
  s.set_funding("BTCUSDT", {0.0002, 0.0002, 0.0002, -0.0001});
  EXPECT_CALL(s.client, place_order(s.buy_reduce_only("0.900"))).Times(1);
  const rules::Decision decision = decision_of(s.tick());
  EXPECT_EQ(decision.decided_by, "funding-turned");
  EXPECT_THAT(decision.fired, ElementsAre("collect-funding", "funding-turned"));
}

TEST(CollateralAlertExample, AlertsOnA15PercentDropWithoutTrading) {
  Scenario s = Scenario::from_file(example("collateral-alert.toml"));
  s.set_position("BTCUSDT", "-0.800");
  s.set_margin(20000.0, 300.0);
  EXPECT_THAT(decision_of(s.tick()).alerts, IsEmpty());
  s.now_ms += 6 * k1h;
  s.set_margin(16800.0, 300.0);                            // 16 % under the peak
  const rules::Decision decision = decision_of(s.tick());  // place_order: Times(0)
  ASSERT_EQ(decision.alerts.size(), 1u);
  EXPECT_EQ(decision.alerts[0],
            "futures collateral down 15 % in a day: top up the margin or reduce the hedge");
}

TEST(BtcEthExample, EachHedgeReadsItsOwnMarket) {
  Scenario s = Scenario::from_file(example("btc-eth.toml"));
  s.set_spot("BTC", 0.5);
  s.set_spot("ETH", 10.0);
  // BTC under its 50-day SMA (fully hedged), ETH above its own (baseline 50 %).
  s.set_candles("BTCUSDT", candles_from(falling_closes(60, 80000.0, 0.005), k1d, s.now_ms));
  s.set_candles("ETHUSDT", candles_from(rising_closes(60, 2000.0, 0.005), k1d, s.now_ms));
  EXPECT_CALL(s.client, place_order(s.sell("0.500", "BTCUSDT"))).Times(1);
  EXPECT_CALL(s.client, place_order(s.sell("5.000", "ETHUSDT"))).Times(1);
  const bot::TickReport report = s.tick();
  EXPECT_EQ(decision_of(report, "BTC").decided_by, "bear-trend");
  EXPECT_EQ(decision_of(report, "ETH").decided_by, "baseline");
}

// collateral-topup: while the liquidation price is less than 30 % of the mark away, 5 000 USDT
// moves from spot to the futures wallet and the hedge stays; under 10 % the guard halves it.
TEST(CollateralTopUpExample, MovesUsdtToFuturesWhenTheLiquidationPriceComesWithin30Pct) {
  using ::testing::_;
  using ::testing::AllOf;
  using ::testing::Field;
  using ::testing::Return;
  Scenario s = Scenario::from_file(example("collateral-topup.toml"));
  s.set_position("BTCUSDT", "-0.800");
  s.set_spot("USDT", 50000.0);
  VenueLimits limits;
  limits.wallet_transfers = true;
  ON_CALL(s.client, limits()).WillByDefault(Return(limits));
  ON_CALL(s.client, transfer_history(_, _))
      .WillByDefault(Return(Result<std::vector<TransferRecord>>(std::vector<TransferRecord>{})));
  EXPECT_CALL(s.client, transfer(_)).Times(0);
  s.market("BTCUSDT").liquidation_price = 80000.0;  // 33 % above the 60 000 mark: quiet
  EXPECT_THAT(s.tick().transfers, IsEmpty());
  ::testing::Mock::VerifyAndClearExpectations(&s.client);

  s.market("BTCUSDT").liquidation_price = 75000.0;  // 25 % away
  EXPECT_CALL(
      s.client,
      transfer(AllOf(Field(&WalletTransfer::asset, "USDT"), Field(&WalletTransfer::amount, 5000.0),
                     Field(&WalletTransfer::direction, TransferDirection::ToFutures))))
      .WillOnce(Return(Result<TransferRecord>(
          TransferRecord{"USDT", 5000.0, TransferDirection::ToFutures, "CONFIRMED", "1", 0})));
  EXPECT_CALL(s.client, place_order(_)).Times(0);
  const bot::TickReport report = s.tick();
  ASSERT_EQ(report.transfers.size(), 1u);
  EXPECT_EQ(report.transfers[0].rule, "top-up");
  EXPECT_EQ(report.transfers[0].status, "CONFIRMED");
  EXPECT_EQ(decision_of(report).decided_by, "baseline");
}

}  // namespace
}  // namespace hedgebot::behaviour
