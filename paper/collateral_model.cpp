#include "paper/collateral_model.hpp"

#include <array>
#include <string_view>

namespace hedgebot::paper {
namespace {

struct ModelRate {
  std::string_view asset;
  double rate;
};

constexpr std::array<ModelRate, 8> kModelRates{{{"BTC", 0.95},
                                                {"ETH", 0.95},
                                                {"USDT", 1.0},
                                                {"USDC", 1.0},
                                                {"FDUSD", 1.0},
                                                {"BUSD", 1.0},
                                                {"TUSD", 1.0},
                                                {"DAI", 1.0}}};

}  // namespace

double collateral_rate(const std::string& asset, const std::map<std::string, double>& overrides) {
  if (const auto found = overrides.find(asset); found != overrides.end()) return found->second;
  for (const ModelRate& model : kModelRates) {
    if (model.asset == asset) return model.rate;
  }
  return kOtherCoinCollateralRate;
}

}  // namespace hedgebot::paper
