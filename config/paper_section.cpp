// [paper]: the simulator's wallet, fees, data files and spot holdings.
#include <cctype>
#include <map>
#include <string>

#include "config/detail/sections.hpp"

namespace hedgebot::config::detail {

namespace {

// `key = { BTC = 1.0, USDT = 5000 }`: upper-case asset -> number in `range`.
void read_asset_table(const Section& section, const char* key, const Interval& range,
                      std::map<std::string, double>& out) {
  const auto table = section.subtable(key);
  if (!table) return;
  std::map<std::string, double> values;
  for (const auto& [asset, value] : table->table()) {
    const std::string name(asset.str());
    double number = 0.0;
    std::string upper = name;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (name.empty()) {
      table->error(name, table->quoted_key(name) + " needs an asset name");
    } else if (upper != name) {
      // Matched against hedge assets and the venue's balances, which are upper case.
      table->error(name, table->quoted_key(name) +
                             ": asset names are upper case, as the venue spells them: write " +
                             upper);
    } else if (table->read_number(name, number, range)) {
      values[name] = number;
    }
  }
  out = std::move(values);
}

}  // namespace

void parse_paper(const Section& section, PaperConfig& paper) {
  section.check_keys({"balance", "taker_fee", "maker_fee", "slippage_bps", "candles", "funding",
                      "mark", "spot", "maint_margin_rate", "liquidation_fee", "spot_balance",
                      "futures_assets", "collateral_rates", "dated_basis"});
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
  read_asset_table(section, "spot", at_least(0), paper.spot);
  // futures_assets = { BTC = 0.5 }: coins in the futures wallet counted as margin.
  read_asset_table(section, "futures_assets", at_least(0), paper.futures_assets);
  // collateral_rates = { BTC = 0.9 }: the share of a coin's price that counts as margin.
  read_asset_table(section, "collateral_rates", Interval{0, 1, true, false},
                   paper.collateral_rates);
  if (section.has("spot_balance") && paper.spot.count(std::string(kPaperQuoteAsset)) != 0) {
    section.error("spot_balance", section.quoted_key("spot_balance") + " and `paper.spot." +
                                      std::string(kPaperQuoteAsset) +
                                      "` both set the paper spot wallet's " +
                                      std::string(kPaperQuoteAsset) + ": keep one");
  }
}

void check_paper_futures_assets(const Section& section, const Config& config) {
  const auto table = section.subtable("futures_assets");
  if (!table) return;
  for (const auto& [asset, held] : config.paper.futures_assets) {
    (void)held;
    if (asset == kPaperQuoteAsset) {
      table->error(asset, table->quoted_key(asset) + ": the futures wallet's " +
                              std::string(kPaperQuoteAsset) + " is `paper.balance`");
      continue;
    }
    bool hedged = false;
    for (const HedgeConfig& hedge : config.hedges) hedged = hedged || hedge.asset == asset;
    if (!hedged) {
      table->error(asset, table->quoted_key(asset) +
                              ": the paper account prices a futures-wallet coin from the candles "
                              "of its hedge; no [[hedge]] has asset \"" +
                              asset + "\"");
    }
  }
}

}  // namespace hedgebot::config::detail
