#include "exchange/venues/venue_kinds.hpp"

namespace hedgebot {

const std::vector<VenueKind>& venue_kinds() {
  static const std::vector<VenueKind> kinds = {
      {.kind = "binance",
       .aliases = {"binance-usdm"},
       .futures_url = "https://fapi.binance.com",
       .spot_url = "https://api.binance.com",
       .coin_collateral = true,
       .dated_contracts = true},
      {.kind = "bybit",
       .aliases = {"bybit-linear"},
       .futures_url = "https://api.bybit.com",
       .spot_url = "https://api.bybit.com",
       .coin_collateral = true},
      {.kind = "bingx",
       .aliases = {"bingx-swap"},
       .futures_url = "https://open-api.bingx.com",
       .spot_url = "https://open-api.bingx.com"},
      {.kind = "weex",
       .aliases = {"weex-contract"},
       .futures_url = "https://api-contract.weex.com",
       .spot_url = "https://api-spot.weex.com",
       .needs_passphrase = true},
      {.kind = "mexc",
       .aliases = {"mexc-contract"},
       .futures_url = "https://contract.mexc.com",
       .spot_url = "https://api.mexc.com",
       .orders_by_default = false,
       .orders_closed_note =
           "MEXC has closed order placement on its contract API to ordinary API keys since "
           "2022; set orders_enabled = true only for a key MEXC has authorised to trade"},
  };
  return kinds;
}

const VenueKind* find_venue_kind(const std::string& name) {
  for (const VenueKind& kind : venue_kinds()) {
    if (kind.kind == name) return &kind;
    for (const std::string& alias : kind.aliases) {
      if (alias == name) return &kind;
    }
  }
  return nullptr;
}

std::vector<std::string> venue_kind_names() {
  std::vector<std::string> names;
  for (const VenueKind& kind : venue_kinds()) {
    names.push_back(kind.kind);
    names.insert(names.end(), kind.aliases.begin(), kind.aliases.end());
  }
  return names;
}

}  // namespace hedgebot
