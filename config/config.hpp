#pragma once
// The validated, typed configuration (keys: config/REFERENCE.md). Produced by
// load_config_file() / load_config_text() (config/loader.hpp); passed down by value or const
// reference; nothing reads configuration globally.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "exchange/dated_contract.hpp"
#include "exchange/decimal.hpp"
#include "exchange/model.hpp"
#include "rules/rule_spec.hpp"

namespace hedgebot::config {

enum class Mode { Paper, Live };
enum class SpotSource { Account, Fixed };
enum class OrderStyle { Market, Limit };

struct BotConfig {
  Mode mode = Mode::Paper;
  int64_t interval_ms = 5 * kMinuteMs;    // daemon tick
  int64_t tick_delay_ms = 5 * kSecondMs;  // `run`: wait this long after a candle close
  // Paths in a config file (state_dir, data files, kill_switch, key files, metrics textfile) are
  // resolved against the file's directory by load_config_file; load_config_text keeps them.
  std::string state_dir = "state";
};

// One venue: `[exchange]` (the venue named "default") or a `[venues.NAME]` table.
struct ExchangeConfig {
  // The venue's kind (exchange/venues/venue_kinds.hpp): "binance-usdm" | "bybit-linear" in
  // [exchange], `kind` ("binance" | "bybit") in [venues.NAME].
  std::string venue = "binance-usdm";
  std::string futures_url = "https://fapi.binance.com";
  std::string spot_url = "https://api.binance.com";
  std::string api_key_env = "HEDGEBOT_API_KEY";
  std::string api_secret_env = "HEDGEBOT_API_SECRET";
  std::string api_key_file;  // optional: a 0600 file instead of the environment
  std::string api_secret_file;
  // The third secret of a venue kind that signs with a passphrase (VenueKind::needs_passphrase).
  std::string api_passphrase_env = "HEDGEBOT_API_PASSPHRASE";
  std::string api_passphrase_file;
  // false: a live run plans as usual and refuses to place (exit 4). The kind gives the default.
  bool orders_enabled = true;
  // true: coins in the futures wallet count as margin (Binance Multi-Assets mode, Bybit's
  // unified account); the run checks the venue's mode and reports the collateral assets.
  bool multi_assets = false;
  int64_t recv_window_ms = 5000;
  int64_t timeout_ms = 10000;  // whole request
  int64_t connect_timeout_ms = 3000;
  int64_t exchange_info_ttl_ms = kHourMs;
  int request_budget = 60;  // most requests one tick may make
};

inline constexpr const char* kDefaultVenue = "default";  // the name of [exchange]

struct NamedVenue {
  std::string name;  // the NAME of [venues.NAME]
  ExchangeConfig exchange;
};

// The quote asset of the paper account: its futures wallet and `spot_balance` are in it.
inline constexpr std::string_view kPaperQuoteAsset = "USDT";

struct PaperConfig {
  double balance = 10000.0;   // futures wallet, quote currency
  double spot_balance = 0.0;  // spot wallet, kPaperQuoteAsset (what transfer rules move)
  double taker_fee = 0.0004;
  double maker_fee = 0.0002;
  double slippage_bps = 1.0;
  std::string candles;                 // default candle file for hedges that name none
  std::string funding;                 // default funding file
  std::string mark;                    // optional mark-price candles
  std::map<std::string, double> spot;  // paper spot holdings by asset, e.g. BTC = 1.0, USDT = 5000
  // Coins in the paper futures wallet counted as margin (a multi-asset account), asset ->
  // quantity, e.g. BTC = 0.5; each must be a hedged asset (priced from its candles).
  std::map<std::string, double> futures_assets;
  // Collateral rates (share of the price that counts as margin) overriding the model's table
  // (paper/collateral_model.hpp), asset -> rate in (0, 1].
  std::map<std::string, double> collateral_rates;
  // A flat maintenance margin rate (fraction of notional) that overrides the venue's tiered
  // brackets for every symbol and size; absent: the brackets are used.
  std::optional<double> maint_margin_rate;
  double liquidation_fee = 0.0125;  // liquidation clearance fee, fraction of notional
  // Dated contracts priced from the perpetual's candles: their annualised basis over the
  // perpetual, decaying linearly to zero at delivery (docs/dated-futures.md).
  double dated_basis = 0.0;
};

struct RiskConfig {
  double max_order_notional = 50000.0;  // quote, per order
  double max_position_notional = 0.0;   // quote; 0 = no limit
  double max_leverage = 3.0;            // |position notional| / margin balance after the order
  double max_margin_ratio = 0.5;        // no increase above this
  // Highest `exposure` a set_exposure rule may ask for (net crypto exposure as a share of the
  // portfolio; above 1 the futures leg is a net long tilt). In (0, 5].
  double max_exposure = 1.0;
  // Most money transfer rules may move between the spot and futures wallets in any 24 h, in the
  // quote asset; 0 (the default) allows no transfer rule at all.
  double max_transfer_per_day = 0.0;
  int64_t stale_after_ms = 2 * kHourMs;  // newest closed candle older than this -> refuse
  double max_price_deviation = 0.05;     // mark vs last close; larger -> refuse (bad data)
  // Last close vs the median of the closes before it, as a factor either way (3 = more than 3x
  // or under a third); larger -> refuse (bad data).
  double max_price_jump = 3.0;
  std::string kill_switch = "state/STOP";  // default: <bot.state_dir>/STOP
  bool kill_switch_explicit = false;       // set in the file: --state-dir never moves it
};

struct HedgeConfig {
  std::string asset;   // "BTC"
  std::string symbol;  // "BTCUSDT"
  // Base units per contract. Paper: the simulated instrument's. Live: the venue's instrument
  // says it; a value set here is checked against it (a mismatch is a config error).
  double contract_size = 1.0;
  bool contract_size_explicit = false;  // set in the file
  std::string venue = kDefaultVenue;    // where the futures short is
  // The perpetual (`symbol`), or the quarterly contract of its pair the venue lists; a dated
  // contract is closed and the same target opened on the next one `roll_before` its delivery.
  ContractKind contract = ContractKind::Perpetual;
  int64_t roll_before_ms = 0;  // dated contracts only (default 3 days)
  std::string spot_venue;      // where the coins are (source = "account"); "" = `venue`
  SpotSource spot_source = SpotSource::Account;
  double spot_fixed = 0.0;  // { fixed = 3.5 }
  double spot_extra = 0.0;  // { source = "account", extra = 0.5 }: held elsewhere
  double beta = 1.0;
  double baseline_ratio = 0.0;
  double min_ratio = 0.0;
  double max_ratio = 1.0;
  double band = 0.05;  // fraction of spot
  int64_t cooldown_ms = 0;
  int leverage = 2;
  OrderStyle order = OrderStyle::Market;
  int64_t limit_timeout_ms = 30 * kSecondMs;
  int64_t timeframe_ms = kHourMs;  // base candle interval of this hedge's data
  // Paper mode: data files for this hedge (default: [paper] candles / funding / mark).
  std::string candles;
  std::string funding;
  std::string mark;
  // Paper mode: the simulated instrument's filters.
  std::optional<Decimal> qty_step;
  std::optional<Decimal> price_tick;
  std::optional<double> min_notional;
};

struct MetricsConfig {
  std::string textfile;  // empty = no textfile
  std::string listen;    // empty = no endpoint
};

struct NotifyConfig {
  std::string kind;  // webhook | telegram | slack | discord
  std::string url_env;
  std::string token_env;                // telegram bot token
  std::string chat_id;                  // telegram
  std::vector<std::string> events;      // default: order, refusal, error, alert
  int64_t min_interval_ms = kMinuteMs;  // rate limit per event kind
};

struct Config {
  std::string path;  // the file it came from
  BotConfig bot;
  ExchangeConfig exchange;
  PaperConfig paper;
  RiskConfig risk;
  std::vector<HedgeConfig> hedges;
  std::vector<rules::RuleSpec> rules;
  MetricsConfig metrics;
  std::vector<NotifyConfig> notify;

  std::vector<NamedVenue> venues;  // [venues.NAME] tables, in file order

  const HedgeConfig* find_hedge(const std::string& asset) const;
  // The venue named `name` ("default" is [exchange]); nullptr when there is none.
  const ExchangeConfig* find_venue(const std::string& name) const;
  // The venue of `hedge`'s coins (its spot venue, else its futures venue).
  static const std::string& spot_venue_of(const HedgeConfig& hedge);
  // The venues a live run uses, each once, in first-use order: every hedge's futures venue, and
  // the spot venue of every hedge whose spot comes from an account.
  std::vector<std::string> venues_in_use() const;
};

}  // namespace hedgebot::config
