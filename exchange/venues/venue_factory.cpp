#include "exchange/venues/venue_factory.hpp"

#include "exchange/binance/binance_client.hpp"
#include "exchange/bingx/bingx_client.hpp"
#include "exchange/bybit/bybit_client.hpp"
#include "exchange/mexc/mexc_client.hpp"
#include "exchange/weex/weex_client.hpp"

namespace hedgebot {
namespace {

std::string joined_kinds() {
  std::string text;
  for (const std::string& name : venue_kind_names()) text += (text.empty() ? "" : ", ") + name;
  return text;
}

Result<std::unique_ptr<VenueClient>> make_binance(const VenueSettings& venue,
                                                  const VenueKind& kind) {
  BinanceSettings settings;
  settings.futures_url = venue.futures_url.empty() ? kind.futures_url : venue.futures_url;
  settings.spot_url = venue.spot_url.empty() ? kind.spot_url : venue.spot_url;
  settings.api_key = venue.api_key;
  settings.api_secret = venue.api_secret;
  settings.recv_window_ms = venue.recv_window_ms;
  settings.timeout_ms = venue.timeout_ms;
  settings.connect_timeout_ms = venue.connect_timeout_ms;
  settings.cache_dir = venue.cache_dir;
  settings.exchange_info_ttl_ms = venue.exchange_info_ttl_ms;
  settings.request_budget = venue.request_budget;
  settings.multi_assets = venue.multi_assets;
  if (const Status valid = validate_settings(settings); !valid) return valid.error();
  return std::unique_ptr<VenueClient>(std::make_unique<BinanceClient>(std::move(settings)));
}

// The fields every single-host adapter's settings share, from the venue's settings.
template <typename Settings>
Settings common_settings(const VenueSettings& venue, const VenueKind& kind) {
  Settings settings;
  settings.base_url = venue.futures_url.empty() ? kind.futures_url : venue.futures_url;
  settings.api_key = venue.api_key;
  settings.api_secret = venue.api_secret;
  settings.timeout_ms = venue.timeout_ms;
  settings.connect_timeout_ms = venue.connect_timeout_ms;
  settings.cache_dir = venue.cache_dir;
  settings.instruments_ttl_ms = venue.exchange_info_ttl_ms;
  settings.request_budget = venue.request_budget;
  return settings;
}

// A venue that serves the coins on the contracts' host (`what`: "the coins and the contracts")
// refuses a spot_url that differs from futures_url.
Status one_host(const VenueSettings& venue, const std::string& base_url, const std::string& label,
                const std::string& what) {
  const std::string spot = venue.spot_url.empty() ? base_url : venue.spot_url;
  if (spot == base_url) return ok_status();
  std::string message = "a " + label;
  message.append(" venue reads ")
      .append(what)
      .append(" on one host: spot_url ")
      .append(spot)
      .append(" differs from futures_url ")
      .append(base_url)
      .append("; give one URL (or leave spot_url out)");
  return make_error(ErrorKind::Config, message);
}

// The client of `settings` once `valid` accepts them.
template <typename Client, typename Settings>
Result<std::unique_ptr<VenueClient>> checked_client(Settings settings, const Status& valid) {
  if (!valid) return valid.error();
  return std::unique_ptr<VenueClient>(std::make_unique<Client>(std::move(settings)));
}

Result<std::unique_ptr<VenueClient>> make_bybit(const VenueSettings& venue, const VenueKind& kind) {
  auto settings = common_settings<BybitSettings>(venue, kind);
  // The unified wallet (the coins) is read on the same host as the contracts.
  if (Status host = one_host(venue, settings.base_url, "Bybit", "the coins and the contracts");
      !host)
    return host.error();
  settings.recv_window_ms = venue.recv_window_ms;
  settings.multi_assets = venue.multi_assets;
  const Status valid = validate_bybit_settings(settings);
  return checked_client<BybitClient>(std::move(settings), valid);
}

Result<std::unique_ptr<VenueClient>> make_bingx(const VenueSettings& venue, const VenueKind& kind) {
  auto settings = common_settings<BingxSettings>(venue, kind);
  if (Status host =
          one_host(venue, settings.base_url, "BingX", "the spot balances and the perpetuals");
      !host)
    return host.error();
  settings.recv_window_ms = venue.recv_window_ms;
  const Status valid = validate_bingx_settings(settings);
  return checked_client<BingxClient>(std::move(settings), valid);
}

// WEEX: the contracts only (spot_url is not read: this version reads no WEEX coins); no
// receive window (WEEX's timestamp window is fixed at 30 s).
Result<std::unique_ptr<VenueClient>> make_weex(const VenueSettings& venue, const VenueKind& kind) {
  auto settings = common_settings<WeexSettings>(venue, kind);
  settings.api_passphrase = venue.api_passphrase;
  const Status valid = validate_weex_settings(settings);
  return checked_client<WeexClient>(std::move(settings), valid);
}

Result<std::unique_ptr<VenueClient>> make_mexc(const VenueSettings& venue, const VenueKind& kind) {
  auto settings = common_settings<MexcSettings>(venue, kind);
  settings.orders_enabled = venue.orders_enabled;
  const Status valid = validate_mexc_settings(settings);
  return checked_client<MexcClient>(std::move(settings), valid);
}

}  // namespace

Result<std::unique_ptr<VenueClient>> make_venue(const VenueSettings& settings) {
  const VenueKind* kind = find_venue_kind(settings.kind);
  if (kind == nullptr) {
    return make_error(ErrorKind::Config, "unknown venue kind `" + settings.kind +
                                             "`; this version knows " + joined_kinds());
  }
  if (settings.multi_assets && !kind->coin_collateral) {
    return make_error(ErrorKind::Config, "multi_assets = true: venue kind `" + kind->kind +
                                             "` cannot count coins in the futures wallet as "
                                             "margin");
  }
  if (kind->kind == "binance") return make_binance(settings, *kind);
  if (kind->kind == "bybit") return make_bybit(settings, *kind);
  if (kind->kind == "bingx") return make_bingx(settings, *kind);
  if (kind->kind == "weex") return make_weex(settings, *kind);
  if (kind->kind == "mexc") return make_mexc(settings, *kind);
  return make_error(ErrorKind::Config,
                    "venue kind `" + kind->kind + "` has no adapter in this version of hedgebot");
}

}  // namespace hedgebot
