#include "bot/session/live_setup.hpp"

#include <cmath>

#include "exchange/number_text.hpp"
#include "exchange/venues/venue_factory.hpp"

namespace hedgebot::bot {

Result<std::unique_ptr<VenueClient>> make_live_client(const config::Config& config,
                                                      bool with_keys) {
  VenueSettings settings;
  settings.kind = config.exchange.venue;
  settings.futures_url = config.exchange.futures_url;
  settings.spot_url = config.exchange.spot_url;
  settings.recv_window_ms = config.exchange.recv_window_ms;
  settings.timeout_ms = config.exchange.timeout_ms;
  settings.connect_timeout_ms = config.exchange.connect_timeout_ms;
  settings.cache_dir = config.bot.state_dir;
  settings.exchange_info_ttl_ms = config.exchange.exchange_info_ttl_ms;
  settings.request_budget = config.exchange.request_budget;
  if (with_keys) {
    Result<ApiCredentials> credentials =
        load_api_credentials(config.exchange.api_key_env, config.exchange.api_secret_env,
                             config.exchange.api_key_file, config.exchange.api_secret_file);
    if (!credentials) return credentials.error();
    settings.api_key = credentials->key;
    settings.api_secret = credentials->secret;
  }
  return make_venue(settings);
}

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
