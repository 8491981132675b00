#include "bot/session/transfer_checks.hpp"

#include <algorithm>

#include "bot/session/venue_set.hpp"

namespace hedgebot::bot {

std::vector<std::string> transfer_venue_problems(const config::Config& config) {
  std::vector<std::string> problems;
  std::vector<const rules::RuleSpec*> transfers;
  for (const rules::RuleSpec& rule : config.rules) {
    if (rule.action == rules::ActionKind::Transfer) transfers.push_back(&rule);
  }
  if (transfers.empty() || config.bot.mode != config::Mode::Live) return problems;
  // Public clients: only what the adapters can do is asked, nothing is sent.
  Result<std::unique_ptr<VenueSet>> venues = VenueSet::open(config, false);
  if (!venues) {
    problems.push_back("transfer rules cannot be checked: " + venues.error().message);
    return problems;
  }
  const std::string& futures = (*venues)->futures_name();
  VenueClient& client = (*venues)->futures();
  for (const rules::RuleSpec* rule : transfers) {
    if (!client.limits().wallet_transfers) {
      problems.push_back("rule `" + rule->name + "`: action \"transfer\" moves money between a " +
                         "spot and a futures wallet, and venue `" + futures + "` (" +
                         client.name() +
                         ") has no separate spot and futures wallets (a unified account): "
                         "remove the rule or hedge on a venue that has both");
    } else if ((*venues)->spot_name() != futures) {
      problems.push_back("rule `" + rule->name + "`: a transfer moves money within venue `" +
                         futures + "`, but the hedges' coins are read from venue `" +
                         (*venues)->spot_name() +
                         "`: the spot wallet it would take from is not the one the hedges count");
    }
  }
  return problems;
}

}  // namespace hedgebot::bot
