// Transfer rules carried out (bot/pipeline/transfers.cpp) against the GoogleMock ExchangeClient:
// which calls, in which order, and never a second transfer for one rule and tick slot.
#include "bot/pipeline/transfers.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "bot/pipeline/journal_reader.hpp"
#include "tests/support/mock_exchange.hpp"
#include "tests/support/temp_dir.hpp"

namespace hedgebot::bot {
namespace {

using ::testing::_;
using ::testing::HasSubstr;
using ::testing::InSequence;
using testing::MockExchangeClient;
using ::testing::Return;

constexpr int64_t kNow = 1704067200000;  // 2024-01-01T00:00:00Z
constexpr const char* kSlot = "202401010000";

VenueLimits with_wallets() {
  VenueLimits limits;
  limits.wallet_transfers = true;
  return limits;
}

TransferRecord record(const std::string& id, double amount, int64_t time_ms,
                      TransferDirection direction = TransferDirection::ToFutures) {
  return TransferRecord{"USDT", amount, direction, "CONFIRMED", id, time_ms};
}

using History = Result<std::vector<TransferRecord>>;

class TransfersTest : public ::testing::Test {
 protected:
  TransfersTest()
      : journal_(Journal::open(dir_.file("journal.jsonl"), "t" + std::string(kSlot)).value()) {
    config_.risk.max_transfer_per_day = 1000.0;
    config::HedgeConfig hedge;
    hedge.asset = "BTC";
    hedge.symbol = "BTCUSDT";
    hedge.spot_source = config::SpotSource::Account;
    config_.hedges.push_back(hedge);
    rules::HedgeInput input;
    input.asset = "BTC";
    input.symbol = "BTCUSDT";
    input.spot_price = 60000.0;
    snapshot_.hedges.push_back(input);
    snapshot_.account.available_balance = 5000.0;
    ON_CALL(client_, name()).WillByDefault(Return("mock"));
    ON_CALL(client_, limits()).WillByDefault(Return(with_wallets()));
    ON_CALL(client_, now_ms()).WillByDefault(Return(Result<int64_t>(kNow)));
    ON_CALL(client_, order_validity_ms()).WillByDefault(Return(7000));
    ON_CALL(client_, transfer_history(_, _))
        .WillByDefault(Return(History(std::vector<TransferRecord>{})));
    ON_CALL(client_, spot_balances())
        .WillByDefault(Return(Result<std::vector<SpotBalance>>(
            std::vector<SpotBalance>{{"USDT", 2000.0, 0.0}, {"BTC", 1.0, 0.0}})));
  }

  static rules::Decision asking(const std::string& rule, double amount,
                                const std::string& asset = "USDT",
                                TransferDirection direction = TransferDirection::ToFutures) {
    rules::Decision decision;
    decision.hedge = "BTC";
    decision.transfers.push_back({rule, asset, amount, direction, "margin ratio 0.6 > 0.5"});
    return decision;
  }

  TransferOutcome run(const std::vector<rules::Decision>& decisions, int64_t now_ms = kNow,
                      const std::string& slot = kSlot) {
    TransferContext context;
    context.now_ms = now_ms;
    context.slot = slot;
    context.place = true;
    return run_transfers(config_, client_, &journal_, book_, snapshot_, decisions, context);
  }

  testing::TempDir dir_;
  Journal journal_;
  ::testing::NiceMock<MockExchangeClient> client_;
  config::Config config_;
  rules::Snapshot snapshot_;
  TransferBook book_;
};

TEST_F(TransfersTest, SendsOncePerRuleAndSlotAndJournalsTheIntentFirst) {
  EXPECT_CALL(client_, transfer(_)).Times(1).WillOnce([this](const WalletTransfer& request) {
    // The intent is on disk before the request leaves.
    const TransferBook journaled = transfers_from_journal(journal_.path());
    const TransferEntry* intent = journaled.find("top-up", kSlot);
    EXPECT_NE(intent, nullptr);
    if (intent != nullptr) {
      EXPECT_EQ(intent->status, "SENDING");
    }
    EXPECT_EQ(request.asset, "USDT");
    EXPECT_DOUBLE_EQ(request.amount, 500.0);
    EXPECT_EQ(request.direction, TransferDirection::ToFutures);
    return Result<TransferRecord>(record("11", 500.0, kNow));
  });
  // Fired for two hedges: one transfer.
  const TransferOutcome first = run({asking("top-up", 500.0), asking("top-up", 500.0)});
  ASSERT_EQ(first.transfers.size(), 1u);
  EXPECT_EQ(first.transfers[0].status, "CONFIRMED");
  EXPECT_EQ(first.transfers[0].id, "11");
  EXPECT_TRUE(first.refusals.empty());

  // A re-run of the slot, with the book read back from the journal: nothing sent.
  book_ = transfers_from_journal(journal_.path());
  const TransferOutcome again = run({asking("top-up", 500.0)});
  ASSERT_EQ(again.transfers.size(), 1u);
  EXPECT_EQ(again.transfers[0].status, "DONE");
  EXPECT_TRUE(again.errors.empty());
}

TEST_F(TransfersTest, RefusesTheTransferThatWouldPassTheDailyCapWithoutTrimmingIt) {
  // 600 moved 3 h ago by this bot (journal) and 300 by hand (venue history only).
  TransferEntry earlier;
  earlier.rule = "top-up";
  earlier.slot = "202312312100";
  earlier.asset = "USDT";
  earlier.amount = 600.0;
  earlier.value = 600.0;
  earlier.status = "CONFIRMED";
  earlier.id = "7";
  earlier.sent_ms = kNow - 3 * kHourMs;
  book_.record(earlier);
  ON_CALL(client_, transfer_history(TransferDirection::ToSpot, _))
      .WillByDefault(Return(History(
          std::vector<TransferRecord>{record("8", 300.0, kNow - kHourMs, TransferDirection::ToSpot),
                                      record("7", 600.0, kNow - 3 * kHourMs)})));
  EXPECT_CALL(client_, transfer(_)).Times(0);
  const TransferOutcome outcome = run({asking("top-up", 500.0)});
  ASSERT_EQ(outcome.refusals.size(), 1u);
  EXPECT_THAT(outcome.refusals[0].reason, HasSubstr("transfer by rule `top-up`"));
  EXPECT_THAT(outcome.refusals[0].reason, HasSubstr("max_transfer_per_day 1000.00"));
  EXPECT_THAT(outcome.refusals[0].reason, HasSubstr("1400.00"));
  EXPECT_EQ(outcome.transfers.at(0).status, "REFUSED");
}

TEST_F(TransfersTest, ATransferOlderThanADayNoLongerCounts) {
  TransferEntry old;
  old.rule = "top-up";
  old.slot = "202312302300";
  old.asset = "USDT";
  old.amount = 900.0;
  old.value = 900.0;
  old.status = "CONFIRMED";
  old.sent_ms = kNow - 25 * kHourMs;
  book_.record(old);
  EXPECT_CALL(client_, transfer(_))
      .WillOnce(Return(Result<TransferRecord>(record("9", 500, kNow))));
  const TransferOutcome outcome = run({asking("top-up", 500.0)});
  EXPECT_TRUE(outcome.refusals.empty());
  EXPECT_EQ(outcome.transfers.at(0).status, "CONFIRMED");
}

TEST_F(TransfersTest, ALostAnswerFoundInTheHistoryIsNotSentAgain) {
  // The daily cap reads the last 24 h first.
  EXPECT_CALL(client_, transfer_history(_, kNow - kTransferCapWindowMs))
      .Times(::testing::AnyNumber());
  {
    InSequence order;
    EXPECT_CALL(client_, transfer(_))
        .WillOnce(Return(Result<TransferRecord>(make_error(ErrorKind::Timeout, "timed out"))));
    EXPECT_CALL(client_, transfer_history(TransferDirection::ToFutures, kNow - 7000))
        .WillOnce(Return(History(std::vector<TransferRecord>{record("21", 500.0, kNow - 1),
                                                             record("22", 500.0, kNow + 5)})));
  }
  const TransferOutcome outcome = run({asking("top-up", 500.0)});
  ASSERT_EQ(outcome.transfers.size(), 1u);
  EXPECT_EQ(outcome.transfers[0].status, "FOUND");
  EXPECT_EQ(outcome.transfers[0].id, "22");  // the one after the intent before one just before
  EXPECT_TRUE(outcome.errors.empty());
  EXPECT_TRUE(book_.find("top-up", kSlot)->done());
}

// Our clock estimate can run ahead of the venue's: the venue may stamp our transfer a little
// before the intent's time. Missing it would send a second transfer once the window passed.
TEST_F(TransfersTest, ALostAnswerStampedJustBeforeTheIntentIsStillFound) {
  EXPECT_CALL(client_, transfer(_))
      .WillOnce(Return(Result<TransferRecord>(make_error(ErrorKind::Timeout, "timed out"))));
  ON_CALL(client_, transfer_history(TransferDirection::ToFutures, kNow - 7000))
      .WillByDefault(Return(History(std::vector<TransferRecord>{
          record("41", 500.0, kNow - 1500), record("40", 500.0, kNow - 7001)})));
  const TransferOutcome outcome = run({asking("top-up", 500.0)});
  ASSERT_EQ(outcome.transfers.size(), 1u);
  EXPECT_EQ(outcome.transfers[0].status, "FOUND");
  EXPECT_EQ(outcome.transfers[0].id, "41");  // 40 is older than any clock error: not ours
}

TEST_F(TransfersTest, ALostAnswerNotFoundWaitsOutTheValidityWindowThenSendsOnce) {
  EXPECT_CALL(client_, transfer(_))
      .WillOnce(Return(Result<TransferRecord>(make_error(ErrorKind::Network, "connection reset"))))
      .WillOnce(Return(Result<TransferRecord>(record("31", 500.0, kNow + 8000))));
  const TransferOutcome lost = run({asking("top-up", 500.0)});
  ASSERT_EQ(lost.transfers.size(), 1u);
  EXPECT_EQ(lost.transfers[0].status, "UNKNOWN");
  ASSERT_EQ(lost.errors.size(), 1u);
  EXPECT_THAT(lost.errors[0], HasSubstr("can still execute until"));
  EXPECT_EQ(lost.retry_at_ms, kNow + 7000);

  // A re-run inside the window sends nothing.
  book_ = transfers_from_journal(journal_.path());
  ON_CALL(client_, now_ms()).WillByDefault(Return(Result<int64_t>(kNow + 3000)));
  const TransferOutcome early = run({asking("top-up", 500.0)}, kNow);
  EXPECT_EQ(early.transfers.at(0).status, "UNKNOWN");
  EXPECT_EQ(early.retry_at_ms, kNow + 7000);

  // After it, the request has expired unexecuted: the rule sends again, once.
  book_ = transfers_from_journal(journal_.path());
  ON_CALL(client_, now_ms()).WillByDefault(Return(Result<int64_t>(kNow + 7000)));
  const TransferOutcome late = run({asking("top-up", 500.0)}, kNow);
  EXPECT_EQ(late.transfers.at(0).status, "CONFIRMED");
  EXPECT_TRUE(late.errors.empty());
}

TEST_F(TransfersTest, NeverTakesTheCoinsAHedgeCountsFromTheSpotWallet) {
  EXPECT_CALL(client_, transfer(_)).Times(0);
  config_.risk.max_transfer_per_day = 1e9;
  const TransferOutcome coin = run({asking("coin-in", 0.1, "BTC")});
  ASSERT_EQ(coin.refusals.size(), 1u);
  EXPECT_THAT(coin.refusals[0].reason,
              HasSubstr("below the 1 BTC hedge BTC counts from the spot wallet"));
}

TEST_F(TransfersTest, RefusesMoreUsdtThanTheSpotWalletHolds) {
  EXPECT_CALL(client_, transfer(_)).Times(0);
  ON_CALL(client_, spot_balances())
      .WillByDefault(Return(
          Result<std::vector<SpotBalance>>(std::vector<SpotBalance>{{"USDT", 100.0, 50.0}})));
  const TransferOutcome short_wallet = run({asking("top-up2", 500.0)});
  ASSERT_EQ(short_wallet.refusals.size(), 1u);
  EXPECT_THAT(short_wallet.refusals[0].reason, HasSubstr("holds only 100 USDT free"));
}

TEST_F(TransfersTest, AVenueWithoutSeparateWalletsIsRefusedByName) {
  ON_CALL(client_, limits()).WillByDefault(Return(VenueLimits{}));
  ON_CALL(client_, name()).WillByDefault(Return("bybit-linear"));
  EXPECT_CALL(client_, transfer(_)).Times(0);
  const TransferOutcome outcome = run({asking("top-up", 500.0)});
  ASSERT_EQ(outcome.refusals.size(), 1u);
  EXPECT_THAT(outcome.refusals[0].reason,
              HasSubstr("bybit-linear has no separate spot and futures wallets"));
}

TEST_F(TransfersTest, ThePortsDefaultSaysTheVenueHasNoWallets) {
  // A venue adapter that does not override the transfer calls.
  struct Bare : ExchangeClient {
    std::string name() const override { return "bare"; }
    Result<int64_t> now_ms() override { return kNow; }
    Result<Instrument> instrument(const std::string&) override { return Instrument{}; }
    Result<CandleSeries> closed_candles(const std::string&, int64_t, int) override {
      return CandleSeries{};
    }
    Result<MarkAndFunding> mark_and_funding(const std::string&) override {
      return MarkAndFunding{};
    }
    Result<BookTop> book_top(const std::string&) override { return BookTop{}; }
    Result<std::vector<FundingRate>> funding_history(const std::string&, int) override {
      return std::vector<FundingRate>{};
    }
    Result<Account> account() override { return Account{}; }
    Result<Position> position(const std::string&) override { return Position{}; }
    Result<std::vector<SpotBalance>> spot_balances() override { return std::vector<SpotBalance>{}; }
    Status prepare_symbol(const std::string&, int) override { return ok_status(); }
    Result<OrderState> place_order(const OrderRequest&) override { return OrderState{}; }
    Result<std::optional<OrderState>> query_order(const std::string&, const std::string&) override {
      return std::optional<OrderState>{};
    }
    Result<OrderState> cancel_order(const std::string&, const std::string&) override {
      return OrderState{};
    }
    Result<std::vector<OrderState>> open_orders(const std::string&) override {
      return std::vector<OrderState>{};
    }
    int64_t order_validity_ms() const override { return 0; }
  } bare;
  EXPECT_FALSE(bare.limits().wallet_transfers);
  const Result<TransferRecord> sent = bare.transfer({"USDT", 1.0, TransferDirection::ToFutures});
  ASSERT_FALSE(sent);
  EXPECT_EQ(sent.error().kind, ErrorKind::Config);
  EXPECT_THAT(sent.error().message, HasSubstr("bare has no separate spot and futures wallets"));
  EXPECT_FALSE(bare.transfer_history(TransferDirection::ToSpot, 0));
}

TEST_F(TransfersTest, APlanSendsNothing) {
  EXPECT_CALL(client_, transfer(_)).Times(0);
  TransferContext context;
  context.now_ms = kNow;
  context.slot = kSlot;
  const TransferOutcome outcome = run_transfers(config_, client_, nullptr, book_, snapshot_,
                                                {asking("top-up", 500.0)}, context);
  EXPECT_EQ(outcome.transfers.at(0).status, "PLANNED");
}

}  // namespace
}  // namespace hedgebot::bot
