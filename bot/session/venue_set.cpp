#include "bot/session/venue_set.hpp"

#include <algorithm>
#include <filesystem>

#include "exchange/venues/venue_factory.hpp"
#include "exchange/venues/venue_kinds.hpp"

namespace hedgebot::bot {
namespace {

template <typename T>
Result<T> named(const std::string& venue, Result<T> result, bool name_it) {
  if (result || !name_it) return result;
  Error error = result.error();
  error.message = "venue `" + venue + "`: " + error.message;
  return error;
}

Status named(const std::string& venue, Status status, bool name_it) {
  if (status || !name_it) return status;
  Error error = status.error();
  error.message = "venue `" + venue + "`: " + error.message;
  return error;
}

// The futures venue shared by every hedge, and the spot venue shared by every hedge whose coins
// are read from an account; a Config error naming two hedges that disagree.
Status pick_venues(const config::Config& config, std::string& futures, std::string& spot) {
  const config::HedgeConfig* futures_by = nullptr;
  const config::HedgeConfig* spot_by = nullptr;
  for (const config::HedgeConfig& hedge : config.hedges) {
    if (futures_by == nullptr) {
      futures_by = &hedge;
      futures = hedge.venue;
    } else if (hedge.venue != futures) {
      return make_error(ErrorKind::Config,
                        futures_by->asset + " is hedged on venue `" + futures + "` and " +
                            hedge.asset + " on `" + hedge.venue +
                            "`: one config trades on one futures venue in this version; run one "
                            "config (and state directory) per futures venue");
    }
    if (hedge.spot_source != config::SpotSource::Account) continue;
    const std::string& coins = config::Config::spot_venue_of(hedge);
    if (spot_by == nullptr) {
      spot_by = &hedge;
      spot = coins;
    } else if (coins != spot) {
      return make_error(ErrorKind::Config,
                        spot_by->asset + "'s coins are read from venue `" + spot + "` and " +
                            hedge.asset + "'s from `" + coins +
                            "`: one config reads the coins of one venue in this version");
    }
  }
  if (spot.empty()) spot = futures;
  return ok_status();
}

}  // namespace

// Futures calls go to the futures venue, spot_balances() to the spot venue.
class VenueSet::Router final : public ExchangeClient {
 public:
  Router(VenueClient& futures, std::string futures_name, VenueClient& spot, std::string spot_name,
         std::string orders_closed)
      : futures_(futures),
        spot_(spot),
        futures_name_(std::move(futures_name)),
        spot_name_(std::move(spot_name)),
        orders_closed_(std::move(orders_closed)),
        name_all_(&futures_ != &spot_) {}

  std::string name() const override {
    return futures_name_ == config::kDefaultVenue ? futures_.name()
                                                  : futures_name_ + " (" + futures_.name() + ")";
  }
  Result<int64_t> now_ms() override { return f(futures_.now_ms()); }
  Result<Instrument> instrument(const std::string& symbol) override {
    return f(futures_.instrument(symbol));
  }
  Result<CandleSeries> closed_candles(const std::string& symbol, int64_t interval_ms,
                                      int limit) override {
    return f(futures_.closed_candles(symbol, interval_ms, limit));
  }
  Result<MarkAndFunding> mark_and_funding(const std::string& symbol) override {
    return f(futures_.mark_and_funding(symbol));
  }
  Result<BookTop> book_top(const std::string& symbol) override {
    return f(futures_.book_top(symbol));
  }
  Result<std::vector<FundingRate>> funding_history(const std::string& symbol, int limit) override {
    return f(futures_.funding_history(symbol, limit));
  }
  Result<Account> account() override { return f(futures_.account()); }
  Result<Position> position(const std::string& symbol) override {
    return f(futures_.position(symbol));
  }
  Result<std::vector<SpotBalance>> spot_balances() override {
    return named(spot_name_, spot_.spot_balances(), name_all_);
  }
  Status prepare_symbol(const std::string& symbol, int leverage) override {
    return named(futures_name_, futures_.prepare_symbol(symbol, leverage), name_all_);
  }
  Result<OrderState> place_order(const OrderRequest& request) override {
    // The tick refuses before it gets here; this keeps any other caller from placing too.
    if (!orders_closed_.empty()) return make_error(ErrorKind::Rejected, orders_closed_);
    return f(futures_.place_order(request));
  }
  Result<std::optional<OrderState>> query_order(const std::string& symbol,
                                                const std::string& client_order_id) override {
    return f(futures_.query_order(symbol, client_order_id));
  }
  Result<OrderState> cancel_order(const std::string& symbol,
                                  const std::string& client_order_id) override {
    return f(futures_.cancel_order(symbol, client_order_id));
  }
  Result<std::vector<OrderState>> open_orders(const std::string& symbol) override {
    return f(futures_.open_orders(symbol));
  }
  int64_t order_validity_ms() const override { return futures_.order_validity_ms(); }
  Result<std::vector<MarginBracket>> margin_brackets(const std::string& symbol) override {
    return f(futures_.margin_brackets(symbol));
  }
  // Between the futures venue's own spot and futures wallets.
  Result<TransferRecord> transfer(const WalletTransfer& request) override {
    return f(futures_.transfer(request));
  }
  Result<std::vector<TransferRecord>> transfer_history(TransferDirection direction,
                                                       int64_t since_ms) override {
    return f(futures_.transfer_history(direction, since_ms));
  }
  Result<std::vector<DatedContract>> dated_contracts(const std::string& perpetual) override {
    return f(futures_.dated_contracts(perpetual));
  }
  VenueLimits limits() const override {
    VenueLimits limits = futures_.limits();
    if (!orders_closed_.empty()) limits.orders_closed = orders_closed_;
    return limits;
  }

 private:
  template <typename T>
  Result<T> f(Result<T> result) const {
    return named(futures_name_, std::move(result), name_all_);
  }

  VenueClient& futures_;
  VenueClient& spot_;
  std::string futures_name_;
  std::string spot_name_;
  std::string orders_closed_;  // why orders may not be placed; "" when they may
  bool name_all_;              // more than one venue: every error says which
};

// Why the futures venue `name` may not take orders (its `orders_enabled = false`); "" when it may.
std::string orders_closed(const config::Config& config, const std::string& name) {
  const config::ExchangeConfig* venue = config.find_venue(name);
  if (venue == nullptr || venue->orders_enabled) return "";
  std::string text = name == config::kDefaultVenue ? "[exchange]" : "[venues." + name + "]";
  text += " has orders_enabled = false: orders are planned, not placed";
  const VenueKind* kind = find_venue_kind(venue->venue);
  if (kind != nullptr && !kind->orders_closed_note.empty()) {
    text += " (";
    text += kind->orders_closed_note;
    text += ")";
  }
  return text;
}

Status venue_layout_problem(const config::Config& config) {
  std::string futures;
  std::string spot;
  return pick_venues(config, futures, spot);
}

Result<std::unique_ptr<VenueClient>> make_venue_client(const config::Config& config,
                                                       const std::string& name, bool with_keys) {
  const config::ExchangeConfig* venue = config.find_venue(name);
  if (venue == nullptr) {
    return make_error(ErrorKind::Config, "no venue named `" + name + "` in the config");
  }
  VenueSettings settings;
  settings.kind = venue->venue;
  settings.futures_url = venue->futures_url;
  settings.spot_url = venue->spot_url;
  settings.recv_window_ms = venue->recv_window_ms;
  settings.timeout_ms = venue->timeout_ms;
  settings.connect_timeout_ms = venue->connect_timeout_ms;
  settings.cache_dir =
      name == config::kDefaultVenue
          ? config.bot.state_dir
          : (std::filesystem::path(config.bot.state_dir) / "venues" / name).string();
  settings.exchange_info_ttl_ms = venue->exchange_info_ttl_ms;
  settings.request_budget = venue->request_budget;
  settings.orders_enabled = venue->orders_enabled;
  settings.multi_assets = venue->multi_assets;
  if (with_keys) {
    Result<ApiCredentials> credentials = load_api_credentials(
        venue->api_key_env, venue->api_secret_env, venue->api_key_file, venue->api_secret_file);
    if (!credentials)
      return named(name, Result<std::unique_ptr<VenueClient>>(credentials.error()),
                   name != config::kDefaultVenue);
    settings.api_key = credentials->key;
    settings.api_secret = credentials->secret;
    const VenueKind* kind = find_venue_kind(venue->venue);
    if (kind != nullptr && kind->needs_passphrase) {
      Result<Secret> passphrase = venue->api_passphrase_file.empty()
                                      ? load_secret_from_env(venue->api_passphrase_env)
                                      : load_secret_from_file(venue->api_passphrase_file);
      if (!passphrase)
        return named(name, Result<std::unique_ptr<VenueClient>>(passphrase.error()),
                     name != config::kDefaultVenue);
      settings.api_passphrase = std::move(*passphrase);
    }
  }
  return named(name, make_venue(settings), name != config::kDefaultVenue);
}

Result<std::unique_ptr<VenueSet>> VenueSet::open(const config::Config& config, bool with_keys) {
  std::unique_ptr<VenueSet> set(new VenueSet());
  if (Status picked = pick_venues(config, set->futures_name_, set->spot_name_); !picked)
    return picked.error();
  for (const std::string& name : {set->futures_name_, set->spot_name_}) {
    if (set->clients_.count(name) != 0) continue;
    Result<std::unique_ptr<VenueClient>> made = make_venue_client(config, name, with_keys);
    if (!made) return made.error();
    set->clients_[name] = std::move(*made);
  }
  set->router_ = std::make_unique<Router>(*set->clients_[set->futures_name_], set->futures_name_,
                                          *set->clients_[set->spot_name_], set->spot_name_,
                                          orders_closed(config, set->futures_name_));
  return set;
}

Result<std::unique_ptr<VenueSet>> VenueSet::with_clients(
    const config::Config& config, std::map<std::string, std::unique_ptr<VenueClient>> clients) {
  std::unique_ptr<VenueSet> set(new VenueSet());
  if (Status picked = pick_venues(config, set->futures_name_, set->spot_name_); !picked)
    return picked.error();
  set->clients_ = std::move(clients);
  for (const std::string& name : {set->futures_name_, set->spot_name_}) {
    if (set->clients_.count(name) == 0 || !set->clients_[name])
      return make_error(ErrorKind::Config, "no client for venue `" + name + "`");
  }
  set->router_ = std::make_unique<Router>(*set->clients_[set->futures_name_], set->futures_name_,
                                          *set->clients_[set->spot_name_], set->spot_name_,
                                          orders_closed(config, set->futures_name_));
  return set;
}

VenueSet::~VenueSet() = default;

void VenueSet::begin_tick() {
  for (auto& [name, client] : clients_) client->begin_tick();
}

int64_t VenueSet::retry_at_ms() const {
  int64_t latest = 0;
  for (const auto& [name, client] : clients_) latest = std::max(latest, client->retry_at_ms());
  return latest;
}

ExchangeClient& VenueSet::exchange() {
  return *router_;
}

VenueClient& VenueSet::futures() {
  return *clients_.at(futures_name_);
}

}  // namespace hedgebot::bot
