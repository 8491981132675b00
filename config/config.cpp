#include "config/config.hpp"

#include <algorithm>

namespace hedgebot::config {

const HedgeConfig* Config::find_hedge(const std::string& asset) const {
  for (const HedgeConfig& hedge : hedges) {
    if (hedge.asset == asset) return &hedge;
  }
  return nullptr;
}

const ExchangeConfig* Config::find_venue(const std::string& name) const {
  if (name == kDefaultVenue) return &exchange;
  for (const NamedVenue& venue : venues) {
    if (venue.name == name) return &venue.exchange;
  }
  return nullptr;
}

const std::string& Config::spot_venue_of(const HedgeConfig& hedge) {
  return hedge.spot_venue.empty() ? hedge.venue : hedge.spot_venue;
}

std::vector<std::string> Config::venues_in_use() const {
  std::vector<std::string> names;
  const auto add = [&](const std::string& name) {
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  };
  for (const HedgeConfig& hedge : hedges) {
    add(hedge.venue);
    if (hedge.spot_source == SpotSource::Account) add(spot_venue_of(hedge));
  }
  if (names.empty()) names.emplace_back(kDefaultVenue);  // no hedge yet: [exchange]
  return names;
}

}  // namespace hedgebot::config
