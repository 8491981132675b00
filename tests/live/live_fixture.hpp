#pragma once
// End-to-end fixture: the real `hedgebot` binary (`once --live`, `plan`, `status`, `check`)
// against the fake Binance venue running in this process on a loopback port.
//
// The venue's clock is shifted so that it reads half past some hour: every run of one test
// then falls in the same hourly tick slot (client order ids derive from the slot, so a re-run
// finds the orders of the run before it), and next_tick() moves the venue one hour on to start
// a new slot without waiting.

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "exchange/binance/binance_client.hpp"
#include "fakevenue/fake_venue.hpp"
#include "tests/support/run_command.hpp"
#include "tests/support/temp_dir.hpp"

namespace hedgebot::live_test {

using Json = nlohmann::json;
using hedgebot::testing::CommandResult;
using hedgebot::testing::read_file;
using hedgebot::testing::run_command;
using hedgebot::testing::TempDir;

inline constexpr int64_t kHour = 3'600'000;

// The hedge of one test config: BTCUSDT, a fixed spot of 1 BTC.
struct HedgeSpec {
  double baseline_ratio = 0.5;
  double min_ratio = 0.0;
  double max_ratio = 1.0;
  double spot = 1.0;
  bool spot_from_account = false;  // read the spot balance from the venue instead
};

inline int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

class LiveTest : public ::testing::Test {
 protected:
  void SetUp() override {
    venue_ = std::make_unique<fake::FakeVenue>(venue_options_);
    venue_->set_wallet_balance(100000.0);
    // Half past the hour on the venue's clock: a test has 30 minutes before its slot ends.
    skew_ms_ = kHour / 2 - wall_ms() % kHour;
    venue_->set_clock_skew_ms(skew_ms_);
    std::filesystem::create_directories(state_dir());
  }

  fake::FakeVenue& venue() { return *venue_; }
  std::string state_dir() const { return dir_.file("state"); }
  std::string journal_path() const { return dir_.file("state/journal.jsonl"); }

  // The venue's clock one hour on: the next run is a new tick.
  void next_tick() { advance_venue_clock(kHour); }

  // The venue's clock `ms` on (within the slot when short): a request sent before it can be
  // past its validity window without the test waiting.
  void advance_venue_clock(int64_t ms) {
    skew_ms_ += ms;
    venue_->set_clock_skew_ms(skew_ms_);
  }

  // Writes the config and returns its path. `extra` is appended verbatim.
  std::string write_config(const HedgeSpec& hedge = {}, const std::string& exchange_extra = "",
                           const std::string& extra = "") {
    std::ostringstream text;
    text << "[bot]\nmode = \"live\"\ninterval = \"1h\"\nstate_dir = \"" << state_dir() << "\"\n\n"
         << "[exchange]\nfutures_url = \"" << venue_->url() << "\"\nspot_url = \"" << venue_->url()
         << "\"\ntimeout = \"1s\"\nconnect_timeout = \"1s\"\nrecv_window = \"5s\"\n"
         << exchange_extra << "\n"
         << "[risk]\nmax_order_notional = 1000000.0\nmax_leverage = 10.0\nkill_switch = \""
         << state_dir() << "/STOP\"\n"
         << risk_extra_ << "\n"
         << "[[hedge]]\nasset = \"BTC\"\nsymbol = \"BTCUSDT\"\nspot = "
         << (hedge.spot_from_account ? std::string("{ source = \"account\" }")
                                     : "{ fixed = " + std::to_string(hedge.spot) + " }")
         << "\nbaseline_ratio = " << hedge.baseline_ratio << "\nmin_ratio = " << hedge.min_ratio
         << "\nmax_ratio = " << hedge.max_ratio << "\nleverage = 3\n\n"
         << extra;
    config_path_ = dir_.write("live.toml", text.str());
    return config_path_;
  }

  // The venue's keys in the environment variables the config names.
  std::string env() const {
    return "HEDGEBOT_API_KEY=" + venue_options_.api_key +
           " HEDGEBOT_API_SECRET=" + venue_options_.api_secret + " ";
  }

  std::string file(const std::string& name) const { return dir_.file(name); }
  std::string write_file(const std::string& name, const std::string& text) const {
    return dir_.write(name, text);
  }
  const std::string& config_path() const { return config_path_; }

  // `hedgebot <arguments> -c <config>` with the fake keys in the environment.
  CommandResult hedgebot(const std::string& arguments, const std::string& environment = "") {
    if (config_path_.empty()) write_config();
    return run_command((environment.empty() ? env() : environment) +
                       hedgebot::testing::hedgebot_binary() + " " + arguments + " -c " +
                       config_path_);
  }

  CommandResult once(const std::string& extra_arguments = "") {
    return hedgebot("once --live --json " + extra_arguments);
  }

  // Every journal line, parsed (a line that does not parse fails the test).
  std::vector<Json> journal() const {
    std::vector<Json> entries;
    std::ifstream in(journal_path());
    std::string line;
    while (std::getline(in, line)) {
      Json entry = Json::parse(line, nullptr, false);
      EXPECT_FALSE(entry.is_discarded()) << "journal line does not parse: " << line;
      if (!entry.is_discarded()) entries.push_back(std::move(entry));
    }
    return entries;
  }

  std::vector<Json> journal_events(const std::string& event) const {
    std::vector<Json> found;
    for (Json& entry : journal()) {
      if (entry.value("event", "") == event) found.push_back(std::move(entry));
    }
    return found;
  }

  double position() const { return venue_->position("BTCUSDT"); }

  // Executed placements per client id must all be 1: no id was ever placed twice.
  void expect_each_id_placed_once() const {
    const Json stats = venue_->stats();
    for (const auto& [id, count] : stats["orders_placed"].items()) {
      EXPECT_EQ(count.get<int64_t>(), 1)
          << "client order id " << id << " placed " << count << " times";
    }
  }

  // The order as the venue holds it, read with the adapter under test (signed GET).
  std::optional<OrderState> venue_order(const std::string& client_id) {
    BinanceSettings settings;
    settings.futures_url = venue_->url();
    settings.spot_url = venue_->url();
    settings.api_key = Secret(venue_options_.api_key);
    settings.api_secret = Secret(venue_options_.api_secret);
    BinanceClient client(std::move(settings));
    Result<std::optional<OrderState>> found = client.query_order("BTCUSDT", client_id);
    EXPECT_TRUE(found) << found.error().describe();
    return found ? *found : std::nullopt;
  }

  int64_t requests(const std::string& name) const { return venue_->requests(name); }

 protected:
  fake::FakeVenueOptions venue_options_;  // set before SetUp() for other keys
  std::string risk_extra_;                // lines added to [risk] by write_config()

 private:
  TempDir dir_;
  std::unique_ptr<fake::FakeVenue> venue_;
  int64_t skew_ms_ = 0;
  std::string config_path_;
};

inline bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace hedgebot::live_test
