// Transfer rules in paper mode through the command line: the paper spot wallet
// ([paper] spot_balance) tops up the futures wallet once per tick, the intent and outcome are
// journaled as live, and over several runs the last 24 h never pass [risk] max_transfer_per_day.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/support/paper_config.hpp"
#include "tests/support/temp_dir.hpp"

namespace hedgebot::bot {
namespace {

using ::testing::HasSubstr;
using testing::read_file;
using testing::run_hedgebot;
using testing::TempDir;

constexpr const char* kTopUp =
    "\n[[rule]]\nname = \"top-up\"\nwhen = \"always\"\naction = \"transfer\"\nasset = \"USDT\"\n"
    "amount = 500\ndirection = \"to_futures\"\n";

class PaperTransferCli : public ::testing::Test {
 protected:
  PaperTransferCli() {
    testing::PaperConfig config;
    config.paper = "spot_balance = 2000\n";
    config.sections = "[risk]\nmax_transfer_per_day = 1200\n";
    config_ = dir_.write("hedgebot.toml", testing::paper_config_text(dir_, config) + kTopUp);
  }

  nlohmann::json once_at(const std::string& at, int expected_exit) {
    const auto run = run_hedgebot("once --json --at " + at + " -c " + config_);
    EXPECT_EQ(run.exit_code, expected_exit) << run.out << run.err;
    const nlohmann::json report = nlohmann::json::parse(run.out, nullptr, false);
    EXPECT_FALSE(report.is_discarded()) << run.out << run.err;
    return report;
  }

  double paper(const std::string& key) {
    const nlohmann::json state = nlohmann::json::parse(read_file(dir_.file("state/paper.json")));
    return key == "spot" ? state["spot"]["USDT"].get<double>() : state[key].get<double>();
  }

  TempDir dir_;
  std::string config_;
};

TEST_F(PaperTransferCli, OncePerTickAndNeverPastTheDailyCapOverSeveralRuns) {
  nlohmann::json report = once_at("2026-04-01T00:00:00Z", 0);
  ASSERT_EQ(report["transfers"].size(), 1u) << report.dump(2);
  EXPECT_EQ(report["transfers"][0]["status"], "CONFIRMED");
  EXPECT_EQ(report["transfers"][0]["id"], "paper-t1");
  EXPECT_DOUBLE_EQ(paper("spot"), 1500.0);

  report = once_at("2026-04-01T00:00:00Z", 0);  // the same tick again
  EXPECT_EQ(report["transfers"][0]["status"], "DONE");
  EXPECT_DOUBLE_EQ(paper("spot"), 1500.0);

  report = once_at("2026-04-01T01:00:00Z", 0);
  EXPECT_EQ(report["transfers"][0]["status"], "CONFIRMED");
  EXPECT_DOUBLE_EQ(paper("spot"), 1000.0);

  report = once_at("2026-04-01T02:00:00Z", 4);  // 1000 + 500 > 1200
  EXPECT_EQ(report["transfers"][0]["status"], "REFUSED");
  ASSERT_EQ(report["refusals"].size(), 1u) << report.dump(2);
  EXPECT_THAT(report["refusals"][0]["reason"].get<std::string>(),
              HasSubstr("max_transfer_per_day 1200.00"));
  EXPECT_DOUBLE_EQ(paper("spot"), 1000.0);

  // A day after the first: only the 01:00 transfer is inside the last 24 h.
  report = once_at("2026-04-02T01:00:00Z", 0);
  EXPECT_EQ(report["transfers"][0]["status"], "CONFIRMED");
  EXPECT_DOUBLE_EQ(paper("spot"), 500.0);

  // The journal holds each intent before its outcome.
  const std::string journal = read_file(dir_.file("state/journal.jsonl"));
  size_t sending = 0;
  size_t confirmed = 0;
  for (size_t at = journal.find("\"event\":\"transfer\""); at != std::string::npos;
       at = journal.find("\"event\":\"transfer\"", at + 1)) {
    const size_t end = journal.find('\n', at);
    const std::string line = journal.substr(at, end - at);
    if (line.find("\"SENDING\"") != std::string::npos) ++sending;
    if (line.find("\"CONFIRMED\"") != std::string::npos) ++confirmed;
  }
  EXPECT_EQ(sending, 3u) << journal;
  EXPECT_EQ(confirmed, 3u) << journal;
}

TEST_F(PaperTransferCli, TheTextReportNamesTheTransfer) {
  const auto run = run_hedgebot("once --at 2026-04-01T00:00:00Z -c " + config_);
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_THAT(run.out,
              HasSubstr("transfers:\n  top-up: 500 USDT to_futures -> CONFIRMED  [paper-t1]"));
}

}  // namespace
}  // namespace hedgebot::bot
