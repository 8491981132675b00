#pragma once
// The venues one run talks to: one client per venue the config's hedges use (each with its own
// connection, clock offset, instrument cache and request budget), and the ExchangeClient a tick
// trades through. That client sends everything about the futures to the hedges' futures venue
// and reads the coins (spot_balances) from their spot venue, so coins held on one venue can be
// hedged on another. Errors of either venue name it when the run uses more than one.
//
// In this version the hedges of one config share one futures venue, and the hedges whose spot
// comes from an account share one spot venue; a config that spreads them wider is refused with a
// Config error naming the hedges.

#include <map>
#include <memory>
#include <string>

#include "config/config.hpp"
#include "exchange/venue_client.hpp"

namespace hedgebot::bot {

class VenueSet {
 public:
  // The venues of `config` (made by exchange/venues/venue_factory). `with_keys` false gives
  // public-only clients (market data: paper mode on the venue's public data).
  static Result<std::unique_ptr<VenueSet>> open(const config::Config& config, bool with_keys);
  // The same over clients made elsewhere (tests inject clocks), by config venue name; each venue
  // the config's hedges use must be there.
  static Result<std::unique_ptr<VenueSet>> with_clients(
      const config::Config& config, std::map<std::string, std::unique_ptr<VenueClient>> clients);

  ~VenueSet();
  VenueSet(const VenueSet&) = delete;
  VenueSet& operator=(const VenueSet&) = delete;

  // Starts a tick on every venue (resets each one's request budget).
  void begin_tick();
  // The latest moment any venue refuses requests until (0 when none does).
  int64_t retry_at_ms() const;

  // What a tick trades through: the futures venue, with the coins read from the spot venue.
  ExchangeClient& exchange();
  // The hedges' futures venue (its public market data feeds paper mode).
  VenueClient& futures();
  const std::string& futures_name() const { return futures_name_; }
  const std::string& spot_name() const { return spot_name_; }
  // Every venue's client by config name ("default" is [exchange]).
  const std::map<std::string, std::unique_ptr<VenueClient>>& clients() const { return clients_; }

 private:
  VenueSet() = default;
  class Router;

  std::map<std::string, std::unique_ptr<VenueClient>> clients_;
  std::string futures_name_;
  std::string spot_name_;
  std::unique_ptr<Router> router_;
};

// The Config error VenueSet::open() would give for how the hedges spread over venues (two
// futures venues, or two spot venues), for `check`; ok when the layout is supported.
Status venue_layout_problem(const config::Config& config);

// The settings the factory gets for the venue `name` of `config` (keys loaded when
// `with_keys`). Default venue: the state directory as its cache; a named one: venues/<name>/
// under it, so two venues never share a cache file.
Result<std::unique_ptr<VenueClient>> make_venue_client(const config::Config& config,
                                                       const std::string& name, bool with_keys);

}  // namespace hedgebot::bot
