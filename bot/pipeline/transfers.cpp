#include "bot/pipeline/transfers.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>

#include "bot/pipeline/request_window.hpp"
#include "bot/pipeline/snapshot.hpp"
#include "exchange/number_text.hpp"

namespace hedgebot::bot {
namespace {

std::string amount_text(double amount, const std::string& asset) {
  return general_text(amount, 12) + " " + asset;
}

std::string quote_text(double value) {
  return fixed_text(value, 2);
}

bool same_amount(double a, double b) {
  return std::fabs(a - b) <= 1e-9 * std::max(1.0, std::fabs(b));
}

// The asset's price in the quote asset: 1 for a stablecoin, the spot price of the hedge of that
// asset otherwise; nullopt when no hedge prices it.
std::optional<double> quote_price(const std::string& asset, const rules::Snapshot& snapshot) {
  if (is_stablecoin(asset)) return 1.0;
  for (const rules::HedgeInput& hedge : snapshot.hedges) {
    if (hedge.asset == asset && hedge.spot_price > 0.0) return hedge.spot_price;
  }
  return std::nullopt;
}

class TransferRun {
 public:
  TransferRun(const config::Config& config, ExchangeClient& client, Journal* journal,
              TransferBook& book, const rules::Snapshot& snapshot, const TransferContext& context)
      : config_(config),
        client_(client),
        journal_(journal),
        book_(book),
        snapshot_(snapshot),
        context_(context) {}

  void handle(const rules::TransferRequest& request) {
    TransferReport report{
        request.rule, request.asset, request.amount, direction_text(request.direction), "", "", ""};
    if (const TransferEntry* earlier = book_.find(request.rule, context_.slot)) {
      if (earlier->done()) {
        report.status = "DONE";
        report.id = earlier->id;
        report.reason = "done earlier in this tick slot (" + earlier->status +
                        "): at most one transfer per rule and tick";
        outcome_.transfers.push_back(report);
        return;
      }
      if (earlier->maybe_done() && context_.place && !settle_earlier(*earlier, report)) return;
    }
    if (const std::string why = refusal(request); !why.empty()) {
      refuse(report, why);
      return;
    }
    if (!context_.place) {
      report.status = "PLANNED";
      outcome_.transfers.push_back(report);
      return;
    }
    send(request, report);
  }

  TransferOutcome take() { return std::move(outcome_); }

 private:
  void journal(const TransferEntry& entry, const std::string& reason) {
    book_.record(entry);
    if (journal_ != nullptr) {
      (void)journal_->append(context_.now_ms, "transfer", "*", transfer_fields(entry, reason));
    }
  }

  void refuse(TransferReport& report, const std::string& why) {
    report.status = "REFUSED";
    report.reason = why;
    const std::string reason = "transfer by rule `" + report.rule + "` of " +
                               amount_text(report.amount, report.asset) + " " + report.direction +
                               " refused: " + why;
    outcome_.refusals.push_back({"*", reason});
    if (journal_ != nullptr) {
      (void)journal_->append(context_.now_ms, "refusal", "*",
                             {{"rule", report.rule}, {"reason", reason}});
    }
    outcome_.transfers.push_back(report);
  }

  void error(TransferReport& report, const std::string& kind, const std::string& message) {
    report.reason = message;
    outcome_.errors.push_back("transfer by rule `" + report.rule + "`: " + message);
    outcome_.error_kinds.push_back(kind);
    outcome_.transfers.push_back(report);
  }

  // The venue's transfer that answers `entry` (same direction, asset and amount, claimed by no
  // other journaled transfer); nullopt when none; an error when the history cannot be read.
  // `sent_ms` is our estimate of the venue's clock, which can run ahead of the venue's by up to
  // the clock's uncertainty: a record stamped a little before it may be ours, and missing it
  // would send the transfer a second time once the validity window has passed. So a record up
  // to order_validity_ms() before the intent counts too; one at or after it is preferred.
  Result<std::optional<TransferRecord>> find_in_history(const TransferEntry& entry) {
    const int64_t earliest = entry.sent_ms - client_.order_validity_ms();
    Result<std::vector<TransferRecord>> history =
        client_.transfer_history(entry.direction, earliest);
    if (!history) return history.error();
    std::optional<TransferRecord> before;
    for (const TransferRecord& record : *history) {
      if (record.status == "FAILED" || record.asset != entry.asset ||
          record.direction != entry.direction || !same_amount(record.amount, entry.amount) ||
          record.time_ms < earliest || book_.knows_id(record.id)) {
        continue;
      }
      if (record.time_ms >= entry.sent_ms) return std::optional<TransferRecord>(record);
      if (!before || record.time_ms > before->time_ms) before = record;
    }
    return before;
  }

  // A transfer of this rule and slot was sent before and its outcome is not known: the history
  // says whether it was done. True when the rule may send (it never executed).
  bool settle_earlier(const TransferEntry& earlier, TransferReport& report) {
    return settle(earlier, report, "an earlier run's transfer");
  }

  bool settle(TransferEntry entry, TransferReport& report, const std::string& what) {
    Result<std::optional<TransferRecord>> found = find_in_history(entry);
    if (!found) {
      report.status = "UNKNOWN";
      error(report, to_string(found.error().kind),
            what +
                " has no known outcome and the venue's transfer history cannot be read, so "
                "nothing is sent: " +
                found.error().describe());
      return false;
    }
    if (found->has_value()) {
      entry.status = "FOUND";
      entry.id = found->value().id;
      entry.deadline_ms = 0;
      journal(entry, what + " found in the venue's transfer history");
      report.status = "FOUND";
      report.id = entry.id;
      report.reason = what + " was done (found in the venue's transfer history); not sent again";
      outcome_.transfers.push_back(report);
      return false;
    }
    Result<int64_t> venue_now = client_.now_ms();
    if (!venue_now) {
      report.status = "UNKNOWN";
      error(report, to_string(venue_now.error().kind),
            what +
                " is not in the venue's transfer history, and the venue's time cannot be "
                "read to tell whether it can still execute: " +
                venue_now.error().describe());
      return false;
    }
    if (entry.deadline_ms == 0) entry.deadline_ms = request_deadline_ms(client_, *venue_now);
    if (request_expired(entry.deadline_ms, *venue_now)) {
      entry.status = "NOT_FOUND";
      journal(entry, "not in the venue's transfer history and its request expired at " +
                         format_iso8601(entry.deadline_ms) + ": it never executed");
      return true;
    }
    entry.status = "UNKNOWN";
    journal(entry, "not in the venue's transfer history yet; the request can still execute until " +
                       format_iso8601(entry.deadline_ms));
    outcome_.retry_at_ms = std::max(outcome_.retry_at_ms, entry.deadline_ms);
    report.status = "UNKNOWN";
    error(report, to_string(ErrorKind::UnknownStatus),
          what +
              " is not in the venue's transfer history yet, but its request can still "
              "execute until " +
              format_iso8601(entry.deadline_ms) +
              " (venue time): nothing is sent before then; retry after that moment");
    return false;
  }

  // Why the request may not be sent; "" when it may.
  std::string refusal(const rules::TransferRequest& request) {
    if (context_.kill_switch) return "kill switch present (" + context_.kill_switch_path + ")";
    if (!context_.orders_closed.empty()) return context_.orders_closed;
    if (!client_.limits().wallet_transfers) {
      return client_.name() + " has no separate spot and futures wallets to move " + request.asset +
             " between";
    }
    const std::optional<double> price = quote_price(request.asset, snapshot_);
    if (!price) {
      return request.asset +
             " cannot be valued in the quote asset (no hedge of it and not a stablecoin), so "
             "[risk] max_transfer_per_day cannot count it";
    }
    value_ = request.amount * *price;
    if (std::string why = over_cap(); !why.empty()) return why;
    if (request.direction == TransferDirection::ToFutures) return spot_floor(request);
    if (request.asset == snapshot_.account.asset &&
        snapshot_.account.available_balance < request.amount) {
      return "the futures wallet has " +
             amount_text(snapshot_.account.available_balance, request.asset) + " available";
    }
    return "";
  }

  std::string over_cap() {
    const double cap = config_.risk.max_transfer_per_day;
    const int64_t since = context_.now_ms - kTransferCapWindowMs;
    double counted = book_.value_since(since);
    if (context_.place) {
      for (const TransferDirection direction :
           {TransferDirection::ToFutures, TransferDirection::ToSpot}) {
        Result<std::vector<TransferRecord>> history = client_.transfer_history(direction, since);
        if (!history) {
          return "the venue's transfer history cannot be read to count the last 24 h against "
                 "[risk] max_transfer_per_day: " +
                 history.error().describe();
        }
        for (const TransferRecord& record : *history) {
          if (book_.knows_id(record.id) || record.status == "FAILED") continue;
          const std::optional<double> price = quote_price(record.asset, snapshot_);
          // An asset no hedge prices counts at its amount: never less than nothing.
          counted += record.amount * price.value_or(1.0);
        }
      }
    }
    if (counted + value_ <= cap + 1e-9) return "";
    return "the last 24 h would then total " + quote_text(counted + value_) + " (" +
           quote_text(counted) + " already), above [risk] max_transfer_per_day " + quote_text(cap) +
           "; a transfer is never cut down to fit";
  }

  std::string spot_floor(const rules::TransferRequest& request) {
    Result<std::vector<SpotBalance>> balances = client_.spot_balances();
    if (!balances) {
      return "the spot wallet cannot be read: " + balances.error().describe();
    }
    double free = 0.0;
    double total = 0.0;
    for (const SpotBalance& balance : *balances) {
      if (balance.asset != request.asset) continue;
      free += balance.free;
      total += balance.total();
    }
    if (free < request.amount) {
      return "the spot wallet holds only " + amount_text(free, request.asset) + " free";
    }
    for (const config::HedgeConfig& hedge : config_.hedges) {
      if (hedge.asset != request.asset || hedge.spot_source != config::SpotSource::Account)
        continue;
      return "it would leave " + amount_text(total - request.amount, request.asset) +
             " on spot, below the " + amount_text(total, request.asset) + " hedge " + hedge.asset +
             " counts from the spot wallet";
    }
    return "";
  }

  void send(const rules::TransferRequest& request, TransferReport& report) {
    TransferEntry entry;
    entry.rule = request.rule;
    entry.slot = context_.slot;
    entry.asset = request.asset;
    entry.amount = request.amount;
    entry.direction = request.direction;
    entry.value = value_;
    entry.status = "SENDING";
    entry.sent_ms = context_.now_ms;
    journal(entry, request.why);
    Result<TransferRecord> sent =
        client_.transfer({request.asset, request.amount, request.direction});
    if (sent) {
      entry.status = sent->status.empty() ? "CONFIRMED" : sent->status;
      entry.id = sent->id;
      journal(entry, "");
      report.status = entry.status;
      report.id = entry.id;
      outcome_.transfers.push_back(report);
      return;
    }
    const Error& failure = sent.error();
    if (failure.kind == ErrorKind::Timeout || failure.kind == ErrorKind::Network ||
        failure.kind == ErrorKind::UnknownStatus) {
      // The transfer may have been done: ask the history before anything else.
      (void)settle(entry, report, "the transfer (" + failure.describe() + ")");
      return;
    }
    entry.status = "FAILED";
    journal(entry, failure.describe());
    if (failure.kind == ErrorKind::Config) {
      refuse(report, failure.describe());
      return;
    }
    report.status = "FAILED";
    error(report, to_string(failure.kind), failure.describe());
  }

  const config::Config& config_;
  ExchangeClient& client_;
  Journal* journal_;
  TransferBook& book_;
  const rules::Snapshot& snapshot_;
  const TransferContext& context_;
  TransferOutcome outcome_;
  double value_ = 0.0;  // the request being checked, in the quote asset
};

}  // namespace

TransferOutcome run_transfers(const config::Config& config, ExchangeClient& client,
                              Journal* journal, TransferBook& book, const rules::Snapshot& snapshot,
                              const std::vector<rules::Decision>& decisions,
                              const TransferContext& context) {
  TransferRun run(config, client, journal, book, snapshot, context);
  std::set<std::string> seen;
  for (const rules::Decision& decision : decisions) {
    for (const rules::TransferRequest& request : decision.transfers) {
      // A rule for every hedge fires once per hedge: one transfer per rule and tick.
      if (!seen.insert(request.rule).second) continue;
      run.handle(request);
    }
  }
  return run.take();
}

}  // namespace hedgebot::bot
