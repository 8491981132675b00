#include "exchange/venues/venue_kinds.hpp"

namespace hedgebot {

const std::vector<VenueKind>& venue_kinds() {
  static const std::vector<VenueKind> kinds = {
      {"binance",
       {"binance-usdm"},
       "https://fapi.binance.com",
       "https://api.binance.com",
       false,
       true,
       "",
       true},
      {"bybit",
       {"bybit-linear"},
       "https://api.bybit.com",
       "https://api.bybit.com",
       false,
       true,
       "",
       false},
      {"bingx",
       {"bingx-swap"},
       "https://open-api.bingx.com",
       "https://open-api.bingx.com",
       false,
       true,
       "",
       false},
      {"weex",
       {"weex-contract"},
       "https://api-contract.weex.com",
       "https://api-spot.weex.com",
       true,
       true,
       "",
       false},
      {"mexc",
       {"mexc-contract"},
       "https://contract.mexc.com",
       "https://api.mexc.com",
       false,
       false,
       "MEXC has closed order placement on its contract API to ordinary API keys since 2022; set "
       "orders_enabled = true only for a key MEXC has authorised to trade",
       false},
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
