// [bot], [exchange], [risk], [metrics] and [[notify]].
#include <cctype>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/detail/sections.hpp"
#include "config/detail/validate.hpp"
#include "config/suggest.hpp"
#include "exchange/venues/venue_kinds.hpp"

namespace hedgebot::config::detail {
namespace {

std::string known_kinds() {
  std::string text;
  for (const VenueKind& kind : venue_kinds()) text += (text.empty() ? "" : ", ") + kind.kind;
  return text;
}

// Everything of a venue table but its kind: URLs (the kind's defaults when absent), keys, timing.
void parse_venue_fields(const Section& section, const VenueKind* kind, ExchangeConfig& exchange) {
  if (kind != nullptr) {
    if (!section.has("futures_url")) exchange.futures_url = kind->futures_url;
    if (!section.has("spot_url")) exchange.spot_url = kind->spot_url;
  }

  read_url(section, "futures_url", exchange.futures_url);
  // A venue that serves the coins on the contracts' host (Bybit) follows futures_url.
  if (kind != nullptr && kind->futures_url == kind->spot_url && !section.has("spot_url"))
    exchange.spot_url = exchange.futures_url;
  read_url(section, "spot_url", exchange.spot_url);
  read_env_name(section, "api_key_env", exchange.api_key_env);
  read_env_name(section, "api_secret_env", exchange.api_secret_env);
  section.read_text("api_key_file", exchange.api_key_file);
  section.read_text("api_secret_file", exchange.api_secret_file);
  for (const char* key : {"api_passphrase_env", "api_passphrase_file"}) {
    if (kind != nullptr && !kind->needs_passphrase && section.has(key)) {
      section.error(key, section.quoted_key(key) +
                             " is only used by venue kinds that sign with a "
                             "passphrase (weex); kind \"" +
                             kind->kind + "\" has none");
    }
  }
  read_env_name(section, "api_passphrase_env", exchange.api_passphrase_env);
  section.read_text("api_passphrase_file", exchange.api_passphrase_file);
  if (kind != nullptr) exchange.orders_enabled = kind->orders_by_default;
  section.read_bool("orders_enabled", exchange.orders_enabled);
  if (section.read_bool("multi_assets", exchange.multi_assets) && exchange.multi_assets &&
      kind != nullptr && !kind->coin_collateral) {
    section.error("multi_assets",
                  section.quoted_key("multi_assets") + " = true: venue kind \"" + kind->kind +
                      "\" cannot count coins in the futures wallet as margin (hedgebot supports "
                      "Binance's Multi-Assets mode and Bybit's unified account)");
    exchange.multi_assets = false;
  }

  struct Limit {
    const char* key;
    int64_t& value;
    int64_t max_ms;
  };
  const Limit limits[] = {
      {"recv_window", exchange.recv_window_ms, 60 * kSecondMs},  // Binance's ceiling
      {"timeout", exchange.timeout_ms, 5 * kMinuteMs},
      {"connect_timeout", exchange.connect_timeout_ms, kMinuteMs},
      {"exchange_info_ttl", exchange.exchange_info_ttl_ms, 7 * kDayMs},
  };
  for (const Limit& limit : limits) {
    int64_t ms = 0;
    if (!section.read_duration(limit.key, ms)) continue;
    if (ms > limit.max_ms) {
      section.error(limit.key, section.quoted_key(limit.key) + " must be at most " +
                                   format_duration(limit.max_ms) + ", was " + format_duration(ms));
      continue;
    }
    limit.value = ms;
  }
  section.read_int("request_budget", exchange.request_budget, 1, 10000);
}

// A kind of venue_kinds() read from `key`; nullptr (reported) when it names none.
const VenueKind* read_kind(const Section& section, const char* key, std::string& out) {
  std::string name;
  if (!section.read_text(key, name)) return nullptr;
  const VenueKind* kind = find_venue_kind(name);
  if (kind == nullptr) {
    const std::vector<std::string> names = venue_kind_names();
    const std::vector<std::string_view> candidates(names.begin(), names.end());
    const std::optional<std::string> near = nearest_name(name, candidates);
    section.error(key, section.quoted_key(key) + " \"" + name +
                           "\" is not a venue kind hedgebot knows (" + known_kinds() + ")" +
                           (near ? " (did you mean \"" + *near + "\"?)" : ""));
    return nullptr;
  }
  out = name;
  return kind;
}

}  // namespace

void parse_bot(const Section& section, BotConfig& bot) {
  section.check_keys({"mode", "interval", "tick_delay", "state_dir"});
  std::string mode;
  if (section.read_choice("mode", mode, {"paper", "live"})) {
    bot.mode = mode == "live" ? Mode::Live : Mode::Paper;
  }
  read_candle_interval(section, "interval", bot.interval_ms);
  if (section.read_duration("tick_delay", bot.tick_delay_ms) &&
      bot.tick_delay_ms >= bot.interval_ms) {
    section.error("tick_delay", section.quoted_key("tick_delay") +
                                    " must be shorter than `interval` (" +
                                    format_duration(bot.interval_ms) + "), was " +
                                    format_duration(bot.tick_delay_ms));
  }
  section.read_text("state_dir", bot.state_dir);
}

void parse_exchange(const Section& section, ExchangeConfig& exchange) {
  section.check_keys({"venue", "futures_url", "spot_url", "api_key_env", "api_secret_env",
                      "api_key_file", "api_secret_file", "api_passphrase_env",
                      "api_passphrase_file", "orders_enabled", "multi_assets", "recv_window",
                      "timeout", "connect_timeout", "exchange_info_ttl", "request_budget"});
  const VenueKind* kind = section.has("venue") ? read_kind(section, "venue", exchange.venue)
                                               : find_venue_kind(exchange.venue);
  parse_venue_fields(section, kind, exchange);
}

void parse_venues(const Section& section, std::vector<NamedVenue>& venues) {
  for (const auto& entry : section.table()) {
    const std::string name(entry.first.str());
    const auto table = section.subtable(name);
    if (!table) continue;
    if (name == kDefaultVenue) {
      table->error_at_header(
          "`venues.default` is the name of [exchange]: describe that venue "
          "in [exchange], or give this one another name");
      continue;
    }
    table->check_keys({"kind", "futures_url", "spot_url", "api_key_env", "api_secret_env",
                       "api_key_file", "api_secret_file", "api_passphrase_env",
                       "api_passphrase_file", "orders_enabled", "multi_assets", "recv_window",
                       "timeout", "connect_timeout", "exchange_info_ttl", "request_budget"});
    NamedVenue venue;
    venue.name = name;
    // The keys' default variables follow the name: [venues.bybit] reads BYBIT_API_KEY.
    std::string upper;
    for (const char c : name) {
      upper += std::isalnum(static_cast<unsigned char>(c)) != 0
                   ? static_cast<char>(std::toupper(static_cast<unsigned char>(c)))
                   : '_';
    }
    venue.exchange.api_key_env = upper + "_API_KEY";
    venue.exchange.api_secret_env = upper + "_API_SECRET";
    venue.exchange.api_passphrase_env = upper + "_API_PASSPHRASE";
    const VenueKind* kind = nullptr;
    if (table->require("kind")) kind = read_kind(*table, "kind", venue.exchange.venue);
    parse_venue_fields(*table, kind, venue.exchange);
    venues.push_back(std::move(venue));
  }
}

void parse_risk(const Section& section, RiskConfig& risk) {
  section.check_keys({"max_order_notional", "max_position_notional", "max_leverage",
                      "max_margin_ratio", "stale_after", "max_price_deviation", "max_price_jump",
                      "kill_switch", "max_exposure", "max_transfer_per_day"});
  // Notional limits in quote units: a trillion is far above any real account and keeps the
  // risk guard's arithmetic in whole steps exact.
  section.read_number("max_order_notional", risk.max_order_notional,
                      Interval{0, 1e12, true, false});
  section.read_number("max_position_notional", risk.max_position_notional, closed(0, 1e12));
  section.read_number("max_leverage", risk.max_leverage, Interval{0, 125, true, false});
  section.read_number("max_margin_ratio", risk.max_margin_ratio, Interval{0, 1, true, false});
  if (!section.read_number("max_exposure", risk.max_exposure, Interval{0, 5, true, false}) &&
      section.has("max_exposure")) {
    // Already an error; judge the rules' exposures against the ceiling, not the default, so the
    // one mistake is reported once.
    risk.max_exposure = 5.0;
  }
  section.read_number("max_transfer_per_day", risk.max_transfer_per_day, closed(0, 1e12));
  section.read_duration("stale_after", risk.stale_after_ms);
  section.read_number("max_price_deviation", risk.max_price_deviation, Interval{0, 1, true, false});
  section.read_number("max_price_jump", risk.max_price_jump, Interval{1, 1000, true, false});
  section.read_text("kill_switch", risk.kill_switch);
}

void parse_metrics(const Section& section, MetricsConfig& metrics) {
  section.check_keys({"textfile", "listen"});
  section.read_text("textfile", metrics.textfile);
  read_listen_address(section, "listen", metrics.listen);
}

NotifyConfig parse_notify(const Section& section) {
  section.check_keys({"kind", "url_env", "token_env", "chat_id", "events", "min_interval"});
  NotifyConfig notify;
  notify.events = {"order", "refusal", "error", "alert"};
  const bool has_kind = section.require("kind");
  if (has_kind &&
      section.read_choice("kind", notify.kind, {"webhook", "telegram", "slack", "discord"})) {
    const bool telegram = notify.kind == "telegram";
    const char* needed[] = {"url_env"};
    const char* needed_by_telegram[] = {"token_env", "chat_id"};
    for (const char* key : needed) {
      if (telegram && section.has(key)) {
        section.error(key, section.quoted_key(key) + " is not used by kind \"telegram\"");
      } else if (!telegram) {
        section.require(key);
      }
    }
    for (const char* key : needed_by_telegram) {
      if (!telegram && section.has(key)) {
        section.error(key, section.quoted_key(key) + " is only used by kind \"telegram\"");
      } else if (telegram) {
        section.require(key);
      }
    }
  }
  read_env_name(section, "url_env", notify.url_env);
  read_env_name(section, "token_env", notify.token_env);
  section.read_text("chat_id", notify.chat_id);

  std::vector<std::string> events;
  if (section.read_string_array("events", events)) {
    static constexpr std::string_view kEvents[] = {"decision", "order", "fill", "refusal",
                                                   "funding",  "error", "alert"};
    bool ok = true;
    if (events.empty()) {
      section.error("events", section.quoted_key("events") + " must list at least one event");
      ok = false;
    }
    for (const std::string& event : events) {
      bool known = false;
      for (const std::string_view name : kEvents) known = known || name == event;
      if (!known) {
        section.error("events", section.quoted_key("events") + " has unknown event \"" + event +
                                    "\" (known: decision, order, fill, refusal, funding, error, "
                                    "alert)");
        ok = false;
      }
    }
    if (ok) notify.events = std::move(events);
  }
  section.read_duration("min_interval", notify.min_interval_ms);
  return notify;
}

}  // namespace hedgebot::config::detail
