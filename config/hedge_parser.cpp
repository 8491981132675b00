// [[hedge]]: one hedged asset, its futures symbol, ratios, band and paper instrument.
#include <algorithm>
#include <cctype>
#include <map>
#include <string>
#include <utility>

#include "config/detail/sections.hpp"
#include "config/detail/validate.hpp"
#include "exchange/venues/venue_kinds.hpp"

namespace hedgebot::config::detail {
namespace {

constexpr double kRatioLimit = 5.0;
constexpr int64_t kDefaultRollBeforeMs = 3 * kDayMs;
constexpr int64_t kMaxRollBeforeMs = 60 * kDayMs;

// spot = { source = "account", extra = 0.5 } | { fixed = 3.5 } | { source = "fixed", fixed = 3.5 }
void parse_spot(const Section& hedge_section, HedgeConfig& hedge) {
  const toml::node* value = hedge_section.node("spot");
  if (value != nullptr && !value->is_table()) {
    hedge_section.error("spot", hedge_section.quoted_key("spot") +
                                    " must be a table such as { source = \"account\" } or "
                                    "{ fixed = 3.5 }, was " +
                                    describe_type(*value));
    return;
  }
  const auto spot = hedge_section.subtable("spot");
  if (!spot) return;
  spot->check_keys({"source", "extra", "fixed", "venue"});
  std::string source = spot->has("fixed") && !spot->has("source") ? "fixed" : "account";
  spot->read_choice("source", source, {"account", "fixed"});
  if (source == "fixed") {
    hedge.spot_source = SpotSource::Fixed;
    if (spot->require("fixed")) spot->read_number("fixed", hedge.spot_fixed, at_least(0));
    if (spot->has("extra")) {
      spot->error("extra", spot->quoted_key("extra") +
                               " is only used with source = \"account\"; add it to `fixed`");
    }
    if (spot->has("venue")) {
      spot->error("venue", spot->quoted_key("venue") +
                               " is only used with source = \"account\": a fixed spot is not "
                               "read from a venue");
    }
  } else {
    hedge.spot_source = SpotSource::Account;
    if (spot->has("fixed")) {
      spot->error("fixed", spot->quoted_key("fixed") +
                               " cannot be used with source = \"account\"; use `extra` for "
                               "spot held elsewhere");
    }
    spot->read_number("extra", hedge.spot_extra, at_least(0));
    spot->read_text("venue", hedge.spot_venue);
  }
}

void parse_ratios(const Section& section, HedgeConfig& hedge) {
  const Interval range = closed(-kRatioLimit, kRatioLimit);
  const bool min_ok =
      section.read_number("min_ratio", hedge.min_ratio, range) || !section.has("min_ratio");
  const bool max_ok =
      section.read_number("max_ratio", hedge.max_ratio, range) || !section.has("max_ratio");
  const bool baseline_ok = section.read_number("baseline_ratio", hedge.baseline_ratio, range) ||
                           !section.has("baseline_ratio");
  if (!min_ok || !max_ok) return;
  if (hedge.min_ratio > hedge.max_ratio) {
    section.error(section.has("min_ratio") ? "min_ratio" : "max_ratio",
                  section.quoted_key("min_ratio") + " must be <= `max_ratio` (" +
                      format_number(hedge.max_ratio) + "), was " + format_number(hedge.min_ratio));
    return;
  }
  if (baseline_ok &&
      (hedge.baseline_ratio < hedge.min_ratio || hedge.baseline_ratio > hedge.max_ratio)) {
    section.error("baseline_ratio", section.quoted_key("baseline_ratio") +
                                        " must be between min_ratio and max_ratio [" +
                                        format_number(hedge.min_ratio) + ", " +
                                        format_number(hedge.max_ratio) + "], was " +
                                        format_number(hedge.baseline_ratio));
  }
}

// contract = "perpetual" | "quarter" | "next_quarter"; roll_before = "3d" (dated contracts only)
void parse_contract(const Section& section, HedgeConfig& hedge) {
  std::string contract = "perpetual";
  if (section.read_choice("contract", contract, {"perpetual", "quarter", "next_quarter"})) {
    hedge.contract = contract == "quarter"        ? ContractKind::Quarter
                     : contract == "next_quarter" ? ContractKind::NextQuarter
                                                  : ContractKind::Perpetual;
  }
  if (hedge.contract == ContractKind::Perpetual) {
    if (section.has("roll_before")) {
      section.error("roll_before", section.quoted_key("roll_before") +
                                       " is only used with a dated contract (contract = "
                                       "\"quarter\" or \"next_quarter\"): a perpetual never "
                                       "delivers");
    }
    return;
  }
  hedge.roll_before_ms = kDefaultRollBeforeMs;
  if (section.read_duration("roll_before", hedge.roll_before_ms) &&
      (hedge.roll_before_ms < kHourMs || hedge.roll_before_ms > kMaxRollBeforeMs)) {
    section.error("roll_before", section.quoted_key("roll_before") +
                                     " must be between 1h and 60d, was " +
                                     format_duration(hedge.roll_before_ms));
  }
}

}  // namespace

HedgeConfig parse_hedge(const Section& section) {
  section.check_keys({"asset",          "symbol",    "contract_size", "spot",       "beta",
                      "baseline_ratio", "min_ratio", "max_ratio",     "band",       "cooldown",
                      "leverage",       "order",     "limit_timeout", "timeframe",  "candles",
                      "funding",        "mark",      "qty_step",      "price_tick", "min_notional",
                      "venue",          "contract",  "roll_before"});
  HedgeConfig hedge;
  if (section.require("asset")) section.read_text("asset", hedge.asset);
  if (section.require("symbol")) section.read_text("symbol", hedge.symbol);
  for (const auto& [key, name] :
       {std::pair<const char*, const std::string*>{"asset", &hedge.asset},
        std::pair<const char*, const std::string*>{"symbol", &hedge.symbol}}) {
    std::string upper = *name;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (upper != *name) {
      std::string message = section.quoted_key(key);
      message.append(" \"").append(*name).append("\": names are upper case, as the venue spells ");
      message.append("them: write \"").append(upper).append("\"");
      section.error(key, message);
    }
  }
  hedge.contract_size_explicit =
      section.read_number("contract_size", hedge.contract_size, above(0));
  section.read_text("venue", hedge.venue);
  parse_contract(section, hedge);
  parse_spot(section, hedge);
  section.read_number("beta", hedge.beta, above(0));
  parse_ratios(section, hedge);
  section.read_number("band", hedge.band, Interval{0, 1, false, true});
  section.read_duration("cooldown", hedge.cooldown_ms);
  section.read_int("leverage", hedge.leverage, 1, 125);
  std::string order;
  if (section.read_choice("order", order, {"market", "limit"})) {
    hedge.order = order == "limit" ? OrderStyle::Limit : OrderStyle::Market;
  }
  section.read_duration("limit_timeout", hedge.limit_timeout_ms);
  read_candle_interval(section, "timeframe", hedge.timeframe_ms);
  section.read_text("candles", hedge.candles);
  section.read_text("funding", hedge.funding);
  section.read_text("mark", hedge.mark);
  for (const char* key : {"qty_step", "price_tick"}) {
    std::optional<Decimal> value;
    if (!section.read_decimal(key, value)) continue;
    if (!value->is_positive()) {
      section.error(key, section.quoted_key(key) + " must be > 0, was " + value->to_string());
      continue;
    }
    (std::string_view(key) == "qty_step" ? hedge.qty_step : hedge.price_tick) = value;
  }
  double min_notional = 0.0;
  if (section.read_number("min_notional", min_notional, at_least(0))) {
    hedge.min_notional = min_notional;
  }
  return hedge;
}

namespace {

// A dated contract needs a venue whose adapter lists dated contracts.
void check_dated_venue(const Section& section, const HedgeConfig& hedge, const Config& config) {
  if (hedge.contract == ContractKind::Perpetual) return;
  const ExchangeConfig* venue = config.find_venue(hedge.venue);
  if (venue == nullptr) return;  // reported as a venue that names nothing
  const VenueKind* kind = find_venue_kind(venue->venue);
  if (kind == nullptr || kind->dated_contracts) return;
  section.error("contract", section.quoted_key("contract") + " \"" + to_string(hedge.contract) +
                                "\": venue " + hedge.venue + " (" + kind->kind +
                                ") lists no dated futures hedgebot can trade; use contract = "
                                "\"perpetual\" there, or a Binance venue");
}

}  // namespace

void check_dated_rules(const std::vector<Section>& sections, const Config& config) {
  for (size_t i = 0; i < config.rules.size() && i < sections.size(); ++i) {
    const rules::RuleSpec& rule = config.rules[i];
    const bool reads_funding =
        std::any_of(rule.conditions.begin(), rule.conditions.end(),
                    [](const rules::Condition& c) { return rules::uses_funding(c.kind); });
    if (!reads_funding) continue;
    for (const HedgeConfig& hedge : config.hedges) {
      if (hedge.contract == ContractKind::Perpetual) continue;
      if (rule.hedge != "*" && rule.hedge != hedge.asset) continue;
      const Section& section = sections[i];
      const char* key = section.has("when") ? "when" : section.has("all") ? "all" : "any";
      section.error(key, "rule \"" + rule.name + "\" reads funding, but hedge " + hedge.asset +
                             " trades a dated contract (contract = \"" + to_string(hedge.contract) +
                             "\"), which pays no funding: limit the rule to a perpetual hedge "
                             "(hedge = \"ASSET\") or drop the funding condition");
    }
  }
}

void check_hedge_venues(const std::vector<Section>& sections, const Config& config) {
  std::string known = kDefaultVenue;
  for (const NamedVenue& venue : config.venues) known += ", " + venue.name;
  for (size_t i = 0; i < config.hedges.size() && i < sections.size(); ++i) {
    const HedgeConfig& hedge = config.hedges[i];
    const Section& section = sections[i];
    if (config.find_venue(hedge.venue) == nullptr) {
      section.error("venue", section.quoted_key("venue") + " \"" + hedge.venue +
                                 "\" names no venue: add [venues." + hedge.venue +
                                 "] or use one of " + known);
    }
    check_dated_venue(section, hedge, config);
    if (hedge.spot_venue.empty() || config.find_venue(hedge.spot_venue) != nullptr) continue;
    if (const auto spot = section.subtable("spot")) {
      spot->error("venue", spot->quoted_key("venue") + " \"" + hedge.spot_venue +
                               "\" names no venue: add [venues." + hedge.spot_venue +
                               "] or use one of " + known);
    }
  }
}

void check_unique_hedges(const std::vector<Section>& sections,
                         const std::vector<HedgeConfig>& hedges) {
  std::map<std::string, size_t> assets;
  std::map<std::string, size_t> symbols;
  for (size_t i = 0; i < hedges.size() && i < sections.size(); ++i) {
    const HedgeConfig& hedge = hedges[i];
    if (!hedge.asset.empty()) {
      const auto [it, inserted] = assets.emplace(hedge.asset, i);
      if (!inserted) {
        sections[i].error("asset", sections[i].quoted_key("asset") + " \"" + hedge.asset +
                                       "\" is already hedged by " + sections[it->second].path());
      }
    }
    if (!hedge.symbol.empty()) {
      const auto [it, inserted] = symbols.emplace(hedge.symbol, i);
      if (!inserted) {
        sections[i].error("symbol", sections[i].quoted_key("symbol") + " \"" + hedge.symbol +
                                        "\" is already used by " + sections[it->second].path());
      }
    }
  }
}

}  // namespace hedgebot::config::detail
