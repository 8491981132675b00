#include "bot/pipeline/collateral_report.hpp"

#include "exchange/number_text.hpp"

namespace hedgebot::bot {

nlohmann::ordered_json collateral_json(const Account& account) {
  if (!account.multi_assets) return nullptr;
  nlohmann::ordered_json assets = nlohmann::ordered_json::array();
  for (const CollateralAsset& held : account.collateral) {
    assets.push_back({{"asset", held.asset},
                      {"quantity", held.quantity},
                      {"price", held.price},
                      {"rate", held.rate()},
                      {"collateral_price", held.collateral_price},
                      {"value", held.value()}});
  }
  return {{"value", account.collateral_value()}, {"assets", assets}};
}

std::string collateral_text(const Account& account) {
  std::string text;
  if (account.multi_assets) {
    text = "collateral " + fixed_text(account.collateral_value(), 2) + " " + account.asset + ":";
    bool first = true;
    for (const CollateralAsset& held : account.collateral) {
      text += first ? " " : ", ";
      first = false;
      if (held.price == 1.0 && held.collateral_price == 1.0) {
        text += held.asset + " " + fixed_text(held.quantity, 2);
        continue;
      }
      text += held.asset + " " + fixed_text(held.quantity, 4) + " x " + fixed_text(held.price, 2) +
              " at " + fixed_text(held.rate(), 2) + " = " + fixed_text(held.value(), 2);
    }
    if (account.collateral.empty()) text += " none held";
    text += "\n";
  }
  for (const std::string& note : account.notes) text += "note: " + note + "\n";
  return text;
}

}  // namespace hedgebot::bot
