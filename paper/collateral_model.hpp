#pragma once
// Coins in the paper futures wallet counted as margin (a multi-asset account, `[paper]
// futures_assets`). A coin counts at its price times a collateral rate (the venue's haircut).
//
// The rates are a model, not a venue's table: Binance publishes its own (GET /fapi/v1/assetIndex,
// a haircut that moves with the market), and this fixed table approximates them for a
// simulation: BTC and ETH 0.95, stablecoins 1.0, any other coin 0.9. `[paper]
// collateral_rates` overrides it per asset.

#include <map>
#include <string>

namespace hedgebot::paper {

inline constexpr double kOtherCoinCollateralRate = 0.9;

// The model's rate of `asset`, or its entry in `overrides` when there is one.
double collateral_rate(const std::string& asset, const std::map<std::string, double>& overrides);

}  // namespace hedgebot::paper
