#include "bot/session/live_setup.hpp"

#include <cmath>

#include "exchange/number_text.hpp"

namespace hedgebot::bot {

Result<std::vector<std::string>> contract_size_mismatches(const config::Config& config,
                                                          ExchangeClient& venue) {
  std::vector<std::string> mismatches;
  for (const config::HedgeConfig& hedge : config.hedges) {
    if (!hedge.contract_size_explicit) continue;
    Result<Instrument> instrument = venue.instrument(hedge.symbol);
    if (!instrument) return instrument.error();
    // Both sides are short decimals read from text; a relative 1e-9 absorbs only float noise.
    const double venue_size = instrument->contract_size;
    if (std::fabs(venue_size - hedge.contract_size) <= 1e-9 * std::fabs(venue_size)) continue;
    mismatches.push_back(
        hedge.asset + ": the config says contract_size = " + general_text(hedge.contract_size, 15) +
        " but the venue's " + hedge.symbol + " contract is " + general_text(venue_size, 15) + " " +
        instrument->base_asset + ": live trading takes the contract size from the venue, so fix " +
        "`contract_size` or remove it; nothing sent");
  }
  return mismatches;
}

}  // namespace hedgebot::bot
