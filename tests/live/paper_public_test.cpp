// Paper mode on the venue's public data: `mode = "paper"` with no candle files. The real
// hedgebot binary reads klines, premiumIndex, funding history and exchangeInfo from the fake
// venue with no API key, simulates the fills in paper.json, and never sends a signed request
// or an order to the venue.
#include <set>

#include "tests/live/live_fixture.hpp"

namespace hedgebot::live_test {
namespace {

constexpr int64_t kFundingInterval = 8 * kHour;
constexpr double kMark = 60000.0;
constexpr double kRate = 0.0001;
// No key in the environment: public data needs none.
constexpr const char* kNoKeys = "env -u HEDGEBOT_API_KEY -u HEDGEBOT_API_SECRET ";

class PaperPublic : public LiveTest {
 protected:
  void SetUp() override {
    LiveTest::SetUp();
    venue().set_mark_price("BTCUSDT", kMark);
    venue().set_funding_rate(kRate);
  }

  // A paper config without candle files: the market comes from the venue.
  std::string write_paper_config(const std::string& hedge_extra = "",
                                 const std::string& extra = "") {
    std::ostringstream text;
    text << "[bot]\nmode = \"paper\"\ninterval = \"1h\"\nstate_dir = \"" << state_dir()
         << "\"\n\n[exchange]\nfutures_url = \"" << venue().url() << "\"\nspot_url = \""
         << venue().url() << "\"\ntimeout = \"1s\"\nconnect_timeout = \"1s\"\n\n"
         << "[paper]\nbalance = 100000.0\n\n"
         << "[risk]\nmax_order_notional = 1000000.0\nmax_leverage = 10.0\nkill_switch = \""
         << state_dir() << "/STOP\"\n\n"
         << "[[hedge]]\nasset = \"BTC\"\nsymbol = \"BTCUSDT\"\nspot = { fixed = 1.0 }\n"
         << "baseline_ratio = 0.5\nleverage = 3\n"
         << hedge_extra << "\n"
         << extra;
    paper_config_ = write_file("paper.toml", text.str());
    return paper_config_;
  }

  CommandResult run(const std::string& arguments) {
    if (paper_config_.empty()) write_paper_config();
    return run_command(std::string(kNoKeys) + hedgebot::testing::hedgebot_binary() + " " +
                       arguments + " -c " + paper_config_);
  }

  // The venue's clock `ms` further on (a later tick, past funding settlements).
  void move_venue_clock(int64_t ms) {
    skew_ms_ += ms;
    venue().set_clock_skew_ms(skew_ms_);
  }

  // Leaves the venue's clock at half past an hour that is also at least an hour before the next
  // funding settlement, so one test never crosses a settlement by accident.
  void SetUpClock() {
    skew_ms_ = kHour / 2 - wall_ms() % kHour;
    const int64_t venue_now = wall_ms() + skew_ms_;
    if (venue_now % kFundingInterval > kFundingInterval - 2 * kHour) skew_ms_ += 3 * kHour;
    venue().set_clock_skew_ms(skew_ms_);
  }

  std::string paper_path() const { return state_dir() + "/paper.json"; }
  Json paper_state() const { return Json::parse(read_file(paper_path()), nullptr, false); }
  std::string paper_text() const {
    return std::filesystem::exists(paper_path()) ? read_file(paper_path()) : "";
  }

  // Every request the venue received was a public one.
  void expect_only_public_requests() {
    static const std::set<std::string> kPublic = {
        "GET /fapi/v1/time", "GET /fapi/v1/exchangeInfo", "GET /fapi/v1/klines",
        "GET /fapi/v1/premiumIndex", "GET /fapi/v1/fundingRate"};
    const Json stats = venue_stats();
    for (const auto& [name, count] : stats["requests"].items()) {
      EXPECT_TRUE(kPublic.count(name) == 1) << name << " requested " << count << " times";
    }
    EXPECT_EQ(stats["total_orders_placed"].get<int64_t>(), 0);
  }

  Json venue_stats() { return venue().stats(); }

  int64_t skew_ms_ = 0;
  std::string paper_config_;
};

Json parse_report(const CommandResult& run) {
  Json report = Json::parse(run.out, nullptr, false);
  EXPECT_FALSE(report.is_discarded()) << run.out << run.err;
  return report.is_discarded() ? Json::object() : report;
}

TEST_F(PaperPublic, OnceOpensTheHedgeFromPublicDataWithSimulatedFillsAndNoVenueOrder) {
  SetUpClock();
  CommandResult first = run("once --json");
  ASSERT_EQ(first.exit_code, 0) << first.err << first.out;
  Json report = parse_report(first);
  ASSERT_EQ(report["orders"].size(), 1u) << first.out;
  const Json& order = report["orders"][0];
  EXPECT_EQ(order["side"], "SELL");
  EXPECT_EQ(order["qty"], "0.500");
  EXPECT_EQ(order["status"], "FILLED");
  // Filled by the simulator at the venue's mark less 1 bp of slippage.
  EXPECT_NEAR(std::stod(order["price"].get<std::string>()), kMark * (1 - 0.0001), 0.11)
      << first.out;

  // The fill is in paper.json; the venue saw no order and no signed request.
  Json state = paper_state();
  ASSERT_EQ(state["positions"].size(), 1u) << paper_text();
  EXPECT_EQ(state["positions"][0]["symbol"], "BTCUSDT");
  EXPECT_EQ(state["positions"][0]["qty_steps"].get<int64_t>(), -500);
  EXPECT_GT(state["totals"]["fees_paid"].get<double>(), 0.0);
  EXPECT_DOUBLE_EQ(venue().position("BTCUSDT"), 0.0);
  expect_only_public_requests();
  EXPECT_GE(requests("GET /fapi/v1/klines"), 1);
  EXPECT_GE(requests("GET /fapi/v1/premiumIndex"), 1);
  EXPECT_EQ(requests("GET /fapi/v1/exchangeInfo"), 1);

  // The same slot again: already on target, nothing placed, the account unchanged.
  CommandResult second = run("once --json");
  ASSERT_EQ(second.exit_code, 0) << second.err << second.out;
  EXPECT_TRUE(parse_report(second)["orders"].empty()) << second.out;
  state = paper_state();
  EXPECT_EQ(state["positions"][0]["qty_steps"].get<int64_t>(), -500);
  EXPECT_EQ(state["totals"]["orders_filled"].get<int64_t>(), 1);
  expect_only_public_requests();
  // The filters came from the cache the first run wrote.
  EXPECT_EQ(requests("GET /fapi/v1/exchangeInfo"), 1);
}

TEST_F(PaperPublic, FundingSettlementsFromTheVenueAreCreditedOnceAcrossRuns) {
  SetUpClock();
  ASSERT_EQ(run("once").exit_code, 0);  // opens 0.5 BTC short
  const auto funding_events = [this] { return journal_events("funding"); };
  EXPECT_TRUE(funding_events().empty());

  // One settlement later: exactly one credit of 0.5 × mark × rate to the short.
  move_venue_clock(kFundingInterval);
  CommandResult run2 = run("once");
  ASSERT_EQ(run2.exit_code, 0) << run2.err << run2.out;
  std::vector<Json> events = funding_events();
  ASSERT_EQ(events.size(), 1u);
  const double one = 0.5 * kMark * kRate;
  EXPECT_NEAR(events[0]["amount"].get<double>(), one, 1e-9);
  EXPECT_NEAR(paper_state()["totals"]["funding_received"].get<double>(), one, 1e-9);

  // Again in the same slot: nothing more.
  ASSERT_EQ(run("once").exit_code, 0);
  EXPECT_EQ(funding_events().size(), 1u);
  EXPECT_NEAR(paper_state()["totals"]["funding_received"].get<double>(), one, 1e-9);

  // Two days of skipped runs: the six settlements in between, each once.
  move_venue_clock(6 * kFundingInterval);
  CommandResult late = run("once");
  ASSERT_EQ(late.exit_code, 0) << late.err << late.out;
  events = funding_events();
  ASSERT_EQ(events.size(), 7u);
  std::set<std::string> times;
  for (const Json& event : events) times.insert(event["ts"].get<std::string>());
  EXPECT_EQ(times.size(), 7u) << "a settlement was credited twice";
  EXPECT_NEAR(paper_state()["totals"]["funding_received"].get<double>(), 7 * one, 1e-6);
  expect_only_public_requests();
}

TEST_F(PaperPublic, VenueDownIsExitOneWithAClearMessageAndTheAccountUntouched) {
  SetUpClock();
  // No account yet and bad market data: nothing is written.
  fake::Fault broken;
  broken.kind = fake::FaultKind::MalformedJson;
  broken.path = "/fapi/v1/klines";
  broken.times = 100;
  venue().inject(broken);
  CommandResult bad = run("once");
  EXPECT_EQ(bad.exit_code, 1) << bad.err << bad.out;
  EXPECT_TRUE(contains(bad.err, "public market data for BTCUSDT")) << bad.err;
  EXPECT_EQ(paper_text(), "");
  venue().clear_faults();

  ASSERT_EQ(run("once").exit_code, 0);
  const std::string before = paper_text();
  const std::string engine_before = read_file(state_dir() + "/engine.json");
  ASSERT_FALSE(before.empty());

  // A later tick whose funding history fails: no order, the account as it was.
  move_venue_clock(kFundingInterval);
  fake::Fault unavailable;
  unavailable.kind = fake::FaultKind::Http503Unavailable;
  unavailable.path = "/fapi/v1/fundingRate";
  unavailable.times = 100;
  venue().inject(unavailable);
  bad = run("once --json");
  EXPECT_EQ(bad.exit_code, 1) << bad.err << bad.out;
  EXPECT_TRUE(contains(bad.err + bad.out, "fundingRate")) << bad.err << bad.out;
  EXPECT_EQ(paper_text(), before);
  EXPECT_EQ(read_file(state_dir() + "/engine.json"), engine_before);
  venue().clear_faults();

  // The venue gone altogether.
  venue().stop();
  bad = run("once");
  EXPECT_EQ(bad.exit_code, 1) << bad.err << bad.out;
  EXPECT_TRUE(contains(bad.err, "cannot read the venue's clock")) << bad.err;
  EXPECT_EQ(paper_text(), before);
  bad = run("status");
  EXPECT_EQ(bad.exit_code, 1) << bad.err << bad.out;
  EXPECT_EQ(paper_text(), before);
}

TEST_F(PaperPublic, StatusShowsTheAccountAsTheLastRunLeftIt) {
  SetUpClock();
  CommandResult none = run("status");
  EXPECT_EQ(none.exit_code, 1) << none.err << none.out;
  EXPECT_TRUE(contains(none.err, "no paper account yet")) << none.err;

  ASSERT_EQ(run("once").exit_code, 0);
  CommandResult status = run("status --json");
  ASSERT_EQ(status.exit_code, 0) << status.err << status.out;
  const Json doc = parse_report(status);
  EXPECT_EQ(doc["mode"], "paper");
  ASSERT_EQ(doc["hedges"].size(), 1u) << status.out;
  EXPECT_DOUBLE_EQ(doc["hedges"][0]["position_qty"].get<double>(), -0.5);
  EXPECT_DOUBLE_EQ(doc["hedges"][0]["mark_price"].get<double>(), kMark);
  EXPECT_NEAR(doc["hedges"][0]["actual_ratio"].get<double>(), 0.5, 1e-9);
  const double wallet = doc["account"]["wallet_balance"].get<double>();
  EXPECT_NEAR(wallet, 100000.0 - 0.5 * 59994.0 * 0.0004, 1e-6);  // less the taker fee

  // The price moves: the same account, valued at the venue's mark now (a 0.5 short loses).
  venue().set_mark_price("BTCUSDT", 66000.0);
  status = run("status --json");
  ASSERT_EQ(status.exit_code, 0) << status.err << status.out;
  const Json moved = parse_report(status);
  EXPECT_DOUBLE_EQ(moved["hedges"][0]["mark_price"].get<double>(), 66000.0);
  EXPECT_NEAR(moved["account"]["margin_balance"].get<double>(), wallet - 0.5 * (66000.0 - 59994.0),
              1e-6);
  EXPECT_EQ(read_file(paper_path()).find("66000"), std::string::npos);  // nothing written
  expect_only_public_requests();
}

TEST_F(PaperPublic, PlanPlacesNothingAndWritesNoAccount) {
  SetUpClock();
  CommandResult plan = run("plan --json");
  ASSERT_EQ(plan.exit_code, 0) << plan.err << plan.out;
  const Json report = parse_report(plan);
  ASSERT_EQ(report["orders"].size(), 1u) << plan.out;
  EXPECT_EQ(report["orders"][0]["qty"], "0.500");
  EXPECT_EQ(paper_text(), "");
  EXPECT_FALSE(std::filesystem::exists(journal_path()));
  expect_only_public_requests();
}

TEST_F(PaperPublic, RulesReadTheVenuesCandlesOfTheirOwnTimeframe) {
  SetUpClock();
  // Price above or below its daily SMA-200: fires exactly when 200 closed daily candles are
  // there, read as daily klines (not aggregated from 4800 hourly ones).
  write_paper_config("", R"([[rule]]
name = "trend"
hedge = "BTC"
action = "set_ratio"
ratio = 0.8
[[rule.any]]
when = "price_above_ma"
timeframe = "1d"
period = 200
[[rule.any]]
when = "price_below_ma"
timeframe = "1d"
period = 200
)");
  CommandResult plan = run("plan --json");
  ASSERT_EQ(plan.exit_code, 0) << plan.err << plan.out;
  const Json report = parse_report(plan);
  ASSERT_EQ(report["decisions"].size(), 1u) << plan.out;
  EXPECT_EQ(report["decisions"][0]["decided_by"], "trend") << plan.out;
  EXPECT_DOUBLE_EQ(report["decisions"][0]["target_ratio"].get<double>(), 0.8) << plan.out;
  EXPECT_EQ(requests("GET /fapi/v1/klines"), 2);  // 1h (staleness, fills) and 1d
  expect_only_public_requests();
}

TEST_F(PaperPublic, ConfigsThatMixFilesAndPublicDataAreRefused) {
  SetUpClock();
  write_paper_config("",
                     "[[hedge]]\nasset = \"ETH\"\nsymbol = \"ETHUSDT\"\nspot = { fixed = 1.0 }\n"
                     "candles = \"eth.csv\"\n");
  CommandResult mixed = run("once");
  EXPECT_EQ(mixed.exit_code, 2) << mixed.err << mixed.out;
  EXPECT_TRUE(contains(mixed.err, "one market source for every hedge")) << mixed.err;
  EXPECT_EQ(venue_stats()["total_requests"].get<int64_t>(), 0);
  CommandResult check = run("check");  // said at check time too, without the network
  EXPECT_EQ(check.exit_code, 2) << check.err << check.out;
  EXPECT_TRUE(contains(check.err, "one market source for every hedge")) << check.err;

  // Funding files without candles are a mistake, not a silent switch to public data.
  write_paper_config("funding = \"funding.csv\"\n");
  CommandResult half = run("once");
  EXPECT_EQ(half.exit_code, 2) << half.err << half.out;
  EXPECT_TRUE(contains(half.err, "without candle files")) << half.err;

  // --at names a time in candle files; public data runs at the venue's clock.
  write_paper_config();
  CommandResult valid = run("check");
  EXPECT_EQ(valid.exit_code, 0) << valid.err << valid.out;
  CommandResult at = run("once --at 2026-01-01T00:00:00Z");
  EXPECT_EQ(at.exit_code, 2) << at.err << at.out;
  EXPECT_TRUE(contains(at.err, "--at is for paper runs on candle files")) << at.err;

  // Replay still needs files.
  CommandResult replay = run("replay");
  EXPECT_NE(replay.exit_code, 0) << replay.err << replay.out;
  EXPECT_TRUE(contains(replay.err, "replay needs candle data")) << replay.err;
}

TEST_F(PaperPublic, APlainHttpUrlOffLoopbackIsRefusedBeforeAnyRequest) {
  SetUpClock();
  write_paper_config();
  std::string text = read_file(paper_config_);
  const std::string url = venue().url();
  text.replace(text.find(url), url.size(), "http://example.com");
  write_file("paper.toml", text);
  CommandResult refused = run("once");
  EXPECT_EQ(refused.exit_code, 2) << refused.err << refused.out;
  EXPECT_TRUE(contains(refused.err, "http")) << refused.err;
  EXPECT_EQ(paper_text(), "");
}

}  // namespace
}  // namespace hedgebot::live_test
