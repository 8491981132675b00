#pragma once
// The one place that turns a venue kind into a client. The bot describes a venue with
// VenueSettings (mapped from the config) and holds what comes back only as a VenueClient.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "exchange/secret.hpp"
#include "exchange/venue_client.hpp"
#include "exchange/venues/venue_kinds.hpp"

namespace hedgebot {

struct VenueSettings {
  std::string kind = "binance";   // a kind or alias of venue_kinds()
  std::string futures_url;        // "" = the kind's default
  std::string spot_url;           // "" = the kind's default (one host for both on Bybit)
  std::optional<Secret> api_key;  // absent: a public-only client (market data, no account)
  std::optional<Secret> api_secret;
  std::optional<Secret> api_passphrase;  // the kind's third secret (VenueKind::needs_passphrase)
  int64_t recv_window_ms = 5000;
  int64_t timeout_ms = 10000;
  int64_t connect_timeout_ms = 3000;
  std::string cache_dir;  // the venue's instrument cache and running bans; "" = nothing on disk
  int64_t exchange_info_ttl_ms = kHourMs;
  int request_budget = 60;
  // False: the client refuses every order write itself (MEXC closed its contract order API to
  // ordinary keys); the bot refuses before it too.
  bool orders_enabled = true;
  // Coins in the futures wallet count as margin: the client checks the venue's mode and reports
  // the collateral assets (Account::collateral). Only kinds with VenueKind::coin_collateral.
  bool multi_assets = false;
};

// The client of `settings.kind`, its settings checked (Config error naming the problem: an
// unknown kind, a URL that is not https:// or loopback http://, half of the credentials, numbers
// out of range).
Result<std::unique_ptr<VenueClient>> make_venue(const VenueSettings& settings);

}  // namespace hedgebot
