// [paper]: the simulator's wallet, fees, data files and spot holdings.
#include <cctype>

#include "config/detail/sections.hpp"

namespace hedgebot::config::detail {

void parse_paper(const Section& section, PaperConfig& paper) {
  section.check_keys({"balance", "taker_fee", "maker_fee", "slippage_bps", "candles", "funding",
                      "mark", "spot", "maint_margin_rate", "liquidation_fee", "spot_balance",
                      "dated_basis"});
  section.read_number("balance", paper.balance, at_least(0));
  section.read_number("spot_balance", paper.spot_balance, closed(0, 1e12));
  // A negative fee is a rebate (some venues pay makers).
  section.read_number("taker_fee", paper.taker_fee, closed(-0.01, 0.01));
  section.read_number("maker_fee", paper.maker_fee, closed(-0.01, 0.01));
  section.read_number("slippage_bps", paper.slippage_bps, closed(0, 1000));
  section.read_text("candles", paper.candles);
  section.read_text("funding", paper.funding);
  section.read_text("mark", paper.mark);
  // An explicit flat rate overrides the venue's brackets.
  if (double rate = 0.0; section.read_number("maint_margin_rate", rate, Interval{0, 1, true, true}))
    paper.maint_margin_rate = rate;
  section.read_number("liquidation_fee", paper.liquidation_fee, closed(0, 0.1));
  section.read_number("dated_basis", paper.dated_basis, closed(-1, 1));

  // spot = { BTC = 1.0, USDT = 5000 }: asset -> quantity held.
  if (const auto spot = section.subtable("spot")) {
    std::map<std::string, double> holdings;
    for (const auto& [asset, value] : spot->table()) {
      const std::string name(asset.str());
      double quantity = 0.0;
      std::string upper = name;
      for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      if (name.empty()) {
        spot->error(name, spot->quoted_key(name) + " needs an asset name");
      } else if (upper != name) {
        // Matched against hedge assets and the venue's balances, which are upper case.
        spot->error(name, spot->quoted_key(name) +
                              ": asset names are upper case, as the venue spells them: write " +
                              upper);
      } else if (spot->read_number(name, quantity, at_least(0))) {
        holdings[name] = quantity;
      }
    }
    paper.spot = std::move(holdings);
  }
  if (section.has("spot_balance") && paper.spot.count(std::string(kPaperQuoteAsset)) != 0) {
    section.error("spot_balance", section.quoted_key("spot_balance") + " and `paper.spot." +
                                      std::string(kPaperQuoteAsset) +
                                      "` both set the paper spot wallet's " +
                                      std::string(kPaperQuoteAsset) + ": keep one");
  }
}

}  // namespace hedgebot::config::detail
