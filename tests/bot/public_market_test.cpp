// Paper mode on the venue's public data: which configs use it, and the check that refuses to
// move a paper position past a funding settlement the venue has not published yet.
#include "bot/session/public_market.hpp"

#include <gtest/gtest.h>

namespace hedgebot::bot {
namespace {

constexpr int64_t k8h = 8 * kHourMs;
constexpr int64_t kSettlement = 1704096000000;  // 2024-01-01T08:00:00Z

config::Config with_hedges(const std::vector<std::string>& candle_files) {
  config::Config config;
  int n = 0;
  for (const std::string& candles : candle_files) {
    config::HedgeConfig hedge;
    hedge.asset = "A" + std::to_string(n);
    hedge.symbol = "A" + std::to_string(n++) + "USDT";
    hedge.candles = candles;
    config.hedges.push_back(hedge);
  }
  return config;
}

TEST(PaperDataSource, FilesForEveryHedgeOrNoneElseAClearRefusal) {
  EXPECT_EQ(paper_data_source(with_hedges({"a.csv", "b.csv"})).value(), PaperDataSource::Files);
  EXPECT_EQ(paper_data_source(with_hedges({"", ""})).value(), PaperDataSource::Public);

  config::Config shared = with_hedges({"", ""});
  shared.paper.candles = "all.csv";  // [paper] candles serve every hedge
  EXPECT_EQ(paper_data_source(shared).value(), PaperDataSource::Files);

  const Result<PaperDataSource> mixed = paper_data_source(with_hedges({"a.csv", ""}));
  ASSERT_FALSE(mixed);
  EXPECT_EQ(mixed.error().kind, ErrorKind::Config);
  EXPECT_NE(mixed.error().message.find("A0 has candle files and A1 has none"), std::string::npos)
      << mixed.error().message;

  config::Config funding_only = with_hedges({""});
  funding_only.paper.funding = "funding.csv";
  const Result<PaperDataSource> half = paper_data_source(funding_only);
  ASSERT_FALSE(half);
  EXPECT_NE(half.error().message.find("without candle files"), std::string::npos);
}

TEST(UnpublishedSettlement, MissingOnlyWhenTheNewestSettlementSinceTheLastRunIsNotInTheHistory) {
  const std::vector<FundingRate> through_0h = {{kSettlement - 2 * k8h, 0.0001, 0.0},
                                               {kSettlement - k8h, 0.0001, 0.0}};
  std::vector<FundingRate> through_8h = through_0h;
  through_8h.push_back({kSettlement + 5, 0.0001, 0.0});  // stamped a few ms late, as Binance does

  const int64_t since = kSettlement - kHourMs;  // last run at 07:00
  const int64_t now = kSettlement + 30 * kMinuteMs;
  const int64_t next = kSettlement + k8h;  // premiumIndex after the 08:00 settlement
  EXPECT_EQ(unpublished_settlement_ms(through_0h, next, k8h, since, now), kSettlement);
  EXPECT_EQ(unpublished_settlement_ms(through_8h, next, k8h, since, now), 0);
  // The settlement was before the last run (already settled, or not ours to settle).
  EXPECT_EQ(unpublished_settlement_ms(through_0h, next, k8h, kSettlement, now), 0);
  // premiumIndex has not rolled over yet: its implied settlement is the 00:00 one.
  EXPECT_EQ(unpublished_settlement_ms(through_0h, kSettlement, k8h, since, now), 0);
  // Nothing known about the schedule.
  EXPECT_EQ(unpublished_settlement_ms(through_0h, 0, k8h, since, now), 0);
}

}  // namespace
}  // namespace hedgebot::bot
