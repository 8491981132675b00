// GET /fapi/v1/premiumIndex, /fapi/v1/fundingRate and /fapi/v1/time: any body -> a value or an
// InvalidResponse.
#include <cmath>

#include "exchange/binance/json_fields.hpp"
#include "exchange/binance/parse.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hedgebot;
  using hedgebot::fuzz::require;
  auto body = binance::parse_json(fuzz::as_text(data, size), "GET /fapi/v1/premiumIndex");
  if (!body) return 0;
  if (auto mark = binance::parse_premium_index(*body)) {
    require(std::isfinite(mark->mark_price) && mark->mark_price > 0, "mark price is positive");
    require(std::isfinite(mark->predicted_rate), "funding rate is finite");
  }
  constexpr int64_t kServerNow = 1751284812000;
  if (auto rates = binance::parse_funding_history(*body, kServerNow, 100)) {
    require(rates->size() <= 100, "at most `limit` rates");
    for (const FundingRate& rate : *rates) {
      require(rate.funding_time_ms <= kServerNow && std::isfinite(rate.rate),
              "settled, finite rates");
    }
  }
  if (auto time = binance::parse_server_time(*body)) require(*time > 0, "server time > 0");
  return 0;
}
