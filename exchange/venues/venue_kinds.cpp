#include "exchange/venues/venue_kinds.hpp"

namespace hedgebot {

const std::vector<VenueKind>& venue_kinds() {
  static const std::vector<VenueKind> kinds = {
      {"binance", {"binance-usdm"}, "https://fapi.binance.com", "https://api.binance.com"},
      {"bybit", {"bybit-linear"}, "https://api.bybit.com", "https://api.bybit.com"},
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
