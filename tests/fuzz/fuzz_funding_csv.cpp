// Any file as a funding CSV: settlements strictly oldest first with finite rates, or an error
// naming the file and line.
#include <cmath>

#include "paper/market_data.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hedgebot;
  using hedgebot::fuzz::require;
  const std::string& path = fuzz::write_scratch("funding.csv", fuzz::as_text(data, size));
  auto rates = paper::read_funding_csv(path);
  if (!rates) {
    require(rates.error().message.rfind(path + ":", 0) == 0, "errors name the file");
    return 0;
  }
  require(!rates->empty(), "at least one settlement");
  for (size_t i = 0; i < rates->size(); ++i) {
    const FundingRate& rate = (*rates)[i];
    require(std::isfinite(rate.rate) && std::isfinite(rate.mark_price) && rate.mark_price >= 0,
            "finite rate and mark price");
    if (i > 0) {
      require(rate.funding_time_ms > (*rates)[i - 1].funding_time_ms, "strictly increasing");
    }
  }
  return 0;
}
