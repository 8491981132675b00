#pragma once
// Internal to config/: one parser per config section. Each reads what it can, reports every
// problem into the section's Context, and leaves defaults in place for absent keys.

#include <vector>

#include "config/config.hpp"
#include "config/detail/reader.hpp"

namespace hedgebot::config::detail {

void parse_bot(const Section& section, BotConfig& bot);
void parse_exchange(const Section& section, ExchangeConfig& exchange);
// [venues.NAME] tables (`default` is [exchange]'s name and refused here).
void parse_venues(const Section& section, std::vector<NamedVenue>& venues);
void parse_paper(const Section& section, PaperConfig& paper);
// [paper] futures_assets: each coin is a hedged asset (the simulator prices it from the hedge's
// candles); reported at the coin's key.
void check_paper_futures_assets(const Section& section, const Config& config);
void parse_risk(const Section& section, RiskConfig& risk);
void parse_metrics(const Section& section, MetricsConfig& metrics);
NotifyConfig parse_notify(const Section& section);

HedgeConfig parse_hedge(const Section& section);
// Assets and symbols must be unique across hedges.
void check_unique_hedges(const std::vector<Section>& sections,
                         const std::vector<HedgeConfig>& hedges);
// Every hedge's `venue` and spot `venue` name [exchange] ("default") or a [venues.NAME].
void check_hedge_venues(const std::vector<Section>& sections, const Config& config);

// `hedges` are the parsed hedges, for checking the rule's `hedge`.
rules::RuleSpec parse_rule(const Section& section, const std::vector<HedgeConfig>& hedges);
void check_unique_rules(const std::vector<Section>& sections,
                        const std::vector<rules::RuleSpec>& rules);
// set_exposure rules: `exposure` at most [risk] max_exposure, and above 1 only on hedges whose
// min_ratio lets the futures leg go long.
void check_exposures(const std::vector<Section>& sections, const Config& config);
// A transfer rule needs [risk] max_transfer_per_day above 0.
void check_transfers(const std::vector<Section>& sections, const Config& config);
// A dated contract pays no funding: a rule reading funding may not apply to a dated hedge.
void check_dated_rules(const std::vector<Section>& sections, const Config& config);

}  // namespace hedgebot::config::detail
