#pragma once
// The venues hedgebot can trade on, by kind: the names a config may give (`[venues.NAME] kind`,
// `[exchange] venue`) and each one's default URLs. Standard library only, so config/ can check
// a kind without linking an adapter. venue_factory.cpp maps each kind to its adapter; adding a
// venue adds one row here and one branch there.

#include <string>
#include <vector>

namespace hedgebot {

struct VenueKind {
  std::string kind;                  // "binance", "bybit", "bingx", "weex", "mexc"
  std::vector<std::string> aliases;  // older names of the same venue ("binance-usdm")
  std::string futures_url;           // default REST base of the perpetual futures
  std::string spot_url;              // default REST base of the spot balances
  // A third secret signs every private request besides the key and the secret (WEEX's
  // passphrase); read from `api_passphrase_env` / `api_passphrase_file`.
  bool needs_passphrase = false;
  // Whether `orders_enabled` defaults to true. A venue that closed order placement to ordinary
  // API keys defaults to false, and `orders_closed_note` says why and what turning it on means.
  bool orders_by_default = true;
  std::string orders_closed_note{};
  // Coins in the futures wallet can count as margin (`multi_assets = true`): Binance's
  // Multi-Assets mode, Bybit's unified account. Other kinds refuse the key.
  bool coin_collateral = false;
  // The venue lists dated (quarterly) futures the adapter resolves (ExchangeClient::
  // dated_contracts): a hedge on it may set `contract = "quarter"` or `"next_quarter"`.
  bool dated_contracts = false;
};

const std::vector<VenueKind>& venue_kinds();

// The kind named `name` (a kind or one of its aliases); nullptr when there is none.
const VenueKind* find_venue_kind(const std::string& name);

// Every name a config may give, for messages: "binance, binance-usdm, bybit, bybit-linear".
std::vector<std::string> venue_kind_names();

}  // namespace hedgebot
