#include "config/config.hpp"

namespace hedgebot::config {

const HedgeConfig* Config::find_hedge(const std::string& asset) const {
  for (const HedgeConfig& hedge : hedges) {
    if (hedge.asset == asset) return &hedge;
  }
  return nullptr;
}

}  // namespace hedgebot::config
