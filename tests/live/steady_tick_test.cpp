// The requests of a steady `once --live` tick on the fake Binance venue (on target, nothing to
// trade), measured as the Bybit one is in bybit_live_test.cpp, for docs/performance.md.
#include <iostream>

#include "tests/live/live_fixture.hpp"

namespace hedgebot::live_test {
namespace {

class SteadyTick : public LiveTest {};

TEST_F(SteadyTick, ASteadyBinanceTickIsCounted) {
  venue().set_spot_balance("BTC", 1.0);
  write_config({.spot_from_account = true});
  ASSERT_EQ(once().exit_code, 0);
  ASSERT_DOUBLE_EQ(position(), -0.5);
  next_tick();
  const std::vector<std::string> paths = {"GET /fapi/v1/time",
                                          "GET /fapi/v1/exchangeInfo",
                                          "GET /fapi/v1/klines",
                                          "GET /fapi/v1/premiumIndex",
                                          "GET /fapi/v3/account",
                                          "GET /api/v3/account",
                                          "GET /fapi/v3/positionRisk",
                                          "GET /fapi/v1/openOrders",
                                          "GET /fapi/v1/leverageBracket",
                                          "GET /fapi/v1/fundingRate",
                                          "GET /fapi/v1/positionSide/dual",
                                          "GET /fapi/v1/ticker/bookTicker"};
  std::vector<int64_t> counts;
  for (const std::string& path : paths) counts.push_back(requests(path));
  const int64_t before = venue().total_requests();
  const CommandResult steady = once();
  ASSERT_EQ(steady.exit_code, 0) << steady.err << steady.out;
  const int64_t sent = venue().total_requests() - before;
  std::cout << "steady Binance tick: " << sent << " requests\n";
  for (size_t i = 0; i < paths.size(); ++i) {
    if (requests(paths[i]) > counts[i])
      std::cout << "  " << paths[i] << ": " << requests(paths[i]) - counts[i] << "\n";
  }
  EXPECT_LE(sent, 8);
}

}  // namespace
}  // namespace hedgebot::live_test
