#include "bot/session/public_market.hpp"

#include <algorithm>
#include <map>

#include "bot/session/paper_setup.hpp"
#include "paper/funding_model.hpp"
#include "rules/engine.hpp"

namespace hedgebot::bot {
namespace {

constexpr int kPageSize = 1000;  // most rows per catch-up request (klines and funding)
constexpr int kMaxPages = 500;   // a guard against a venue that never ends; the budget stops first
constexpr int64_t kSettlementSlackMs = kMinuteMs;

// What the hedges on one symbol read: the first hedge gives the base timeframe and the
// instrument's overrides (two hedges on one future share its market, as on files).
struct SymbolNeeds {
  const config::HedgeConfig* hedge = nullptr;
  std::map<int64_t, int> candles;  // timeframe -> most closed candles a rule reads
  int funding = 0;                 // settled rates the rules read
};

std::map<std::string, SymbolNeeds> needs_by_symbol(const config::Config& config) {
  const rules::RuleEngine engine(config.rules);
  std::map<std::string, SymbolNeeds> needs;
  for (const config::HedgeConfig& hedge : config.hedges) {
    SymbolNeeds& need = needs[hedge.symbol];
    if (need.hedge == nullptr) need.hedge = &hedge;
    int& base = need.candles[hedge.timeframe_ms];
    base = std::max(base, 2);
    for (const rules::CandleRequirement& requirement : engine.requirements(hedge.asset)) {
      int& warmup = need.candles[requirement.timeframe_ms];
      warmup = std::max({warmup, requirement.warmup_candles, 2});
    }
    need.funding = std::max(need.funding, engine.funding_history_needed(hedge.asset));
  }
  return needs;
}

// A failed read (or missing data) from the venue, named for the user.
Error about(const std::string& symbol, Error error) {
  error.message = "cannot use the venue's public market data for " + symbol + ": " + error.message;
  return error;
}

// The paper exchange with one market per symbol (the venue's instrument, no data yet) and the
// account from `paper_path`.
Result<std::unique_ptr<paper::PaperExchange>> open_account(
    const config::Config& config, VenueClient& venue, const std::string& paper_path,
    const std::map<std::string, SymbolNeeds>& needs) {
  std::vector<paper::SymbolData> markets;
  for (const auto& [symbol, need] : needs) {
    Result<Instrument> instrument = venue.instrument(symbol);
    if (!instrument) return about(symbol, instrument.error());
    paper::SymbolData data;
    data.instrument = *instrument;
    // The venue's contract size unless the config sets the simulated one.
    if (need.hedge->contract_size_explicit)
      data.instrument.contract_size = need.hedge->contract_size;
    apply_instrument_overrides(*need.hedge, data.instrument);
    data.candles.interval_ms = need.hedge->timeframe_ms;
    markets.push_back(std::move(data));
  }
  auto exchange =
      std::make_unique<paper::PaperExchange>(paper_settings(config), std::move(markets));
  if (const Status loaded = exchange->load_state(paper_path); !loaded) return loaded.error();
  return exchange;
}

// Closed candles opening at or after `start_ms`, page by page up to the venue's now.
Status add_candles_since(VenueClient& venue, const std::string& symbol, int64_t interval_ms,
                         int64_t start_ms, std::map<int64_t, Candle>& into) {
  const int page_size = std::min(kPageSize, venue.limits().max_candles);
  for (int page = 0; page < kMaxPages; ++page) {
    Result<CandleSeries> got = venue.closed_candles_since(symbol, interval_ms, start_ms, page_size);
    if (!got) return got.error();
    for (const Candle& candle : got->candles) {
      if (candle.open_time_ms >= start_ms) into[candle.open_time_ms] = candle;
    }
    if (got->candles.size() < static_cast<size_t>(page_size)) return ok_status();
    const int64_t next = got->candles.back().open_time_ms + interval_ms;
    if (next <= start_ms) break;  // no progress: the venue ignores startTime
    start_ms = next;
  }
  return make_error(ErrorKind::InvalidResponse, "the venue's klines did not end after " +
                                                    std::to_string(kMaxPages) + " pages of " +
                                                    std::to_string(page_size));
}

// Settled funding at or after `start_ms`, page by page up to the venue's now.
Status add_funding_since(VenueClient& venue, const std::string& symbol, int64_t start_ms,
                         std::map<int64_t, FundingRate>& into) {
  const int page_size = std::min(kPageSize, venue.limits().max_funding_rows);
  for (int page = 0; page < kMaxPages; ++page) {
    Result<std::vector<FundingRate>> got = venue.funding_history_since(symbol, start_ms, page_size);
    if (!got) return got.error();
    for (const FundingRate& row : *got) {
      if (row.funding_time_ms >= start_ms) into[row.funding_time_ms] = row;
    }
    if (got->size() < static_cast<size_t>(page_size)) return ok_status();
    const int64_t next = got->back().funding_time_ms + 1;
    if (next <= start_ms) break;
    start_ms = next;
  }
  return make_error(ErrorKind::InvalidResponse, "the venue's funding history did not end after " +
                                                    std::to_string(kMaxPages) + " pages of " +
                                                    std::to_string(page_size));
}

template <typename Row>
std::vector<Row> values_of(const std::map<int64_t, Row>& rows) {
  std::vector<Row> out;
  out.reserve(rows.size());
  for (const auto& [time, row] : rows) out.push_back(row);
  return out;
}

// Fills one market with what moving the account from `since_ms` to `now_ms` and the rules at
// `now_ms` need. `since_ms` 0: a fresh account (nothing to catch up).
Status feed_market(VenueClient& venue, const std::string& symbol, const SymbolNeeds& need,
                   int64_t since_ms, int64_t now_ms, paper::PaperExchange& exchange) {
  paper::SymbolData& data = *exchange.streamed_market(symbol);
  const int64_t base = data.candles.interval_ms;

  // Candles: what the rules read now, per timeframe, and every base candle closed after the
  // account's last run (resting orders and liquidation are checked on each).
  for (const auto& [timeframe, warmup] : need.candles) {
    Result<CandleSeries> recent =
        venue.closed_candles(symbol, timeframe, std::min(warmup, venue.limits().max_candles));
    if (!recent) return recent.error();
    if (timeframe != base) {
      data.by_interval[timeframe] = std::move(*recent);
      continue;
    }
    std::map<int64_t, Candle> rows;
    for (const Candle& candle : recent->candles) rows[candle.open_time_ms] = candle;
    if (since_ms > 0) {
      if (Status caught_up = add_candles_since(venue, symbol, base, since_ms - base + 1, rows);
          !caught_up) {
        return caught_up;
      }
    }
    if (rows.empty()) {
      return make_error(ErrorKind::InvalidResponse,
                        "the venue returned no closed " + format_duration(base) + " candle");
    }
    data.candles.candles = values_of(rows);
  }

  // Funding: the settlements since the last run (each is settled once, on the position held
  // then) and the recent ones the rules read (at least two, for the settlement interval).
  Result<std::vector<FundingRate>> recent =
      venue.funding_history(symbol, std::clamp(need.funding, 2, venue.limits().max_funding_rows));
  if (!recent) return recent.error();
  std::map<int64_t, FundingRate> funding;
  for (const FundingRate& row : *recent) funding[row.funding_time_ms] = row;
  if (since_ms > 0) {
    if (Status caught_up = add_funding_since(venue, symbol, since_ms + 1, funding); !caught_up) {
      return caught_up;
    }
  }
  data.funding = values_of(funding);

  // The venue's mark and predicted funding now (the mark is stamped no later than "now").
  Result<MarkAndFunding> mark = venue.mark_and_funding(symbol);
  if (!mark) return mark.error();
  mark->time_ms = std::min(mark->time_ms, now_ms);
  data.venue_mark = *mark;

  // A settlement the venue has not published yet would be missed for good once the account's
  // clock passes it: refuse the run while a position is held (nothing is traded).
  if (since_ms > 0) {
    Result<Position> held = exchange.position(symbol);
    if (!held) return held.error();
    const int64_t missing = unpublished_settlement_ms(
        data.funding, mark->next_funding_ms, paper::funding_interval_at(data.funding, now_ms),
        since_ms, now_ms);
    if (held->qty_steps != 0 && missing > 0) {
      return make_error(ErrorKind::VenueError,
                        "the venue has not published the funding settlement of " +
                            format_iso8601(missing) +
                            " yet; the paper position would miss it, so nothing is done: run "
                            "again in a minute");
    }
  }
  return ok_status();
}

}  // namespace

Result<PaperDataSource> paper_data_source(const config::Config& config) {
  std::vector<std::string> with_files;
  std::vector<std::string> without;
  for (const config::HedgeConfig& hedge : config.hedges) {
    const HedgeDataFiles files = hedge_data_files(config, hedge);
    if (files.candles.empty() && (!files.funding.empty() || !files.mark.empty())) {
      return make_error(
          ErrorKind::Config,
          hedge.asset +
              ": funding or mark files without candle files: name the candles too "
              "(replay from files), or remove them to run on the venue's public data");
    }
    (files.candles.empty() ? without : with_files).push_back(hedge.asset);
  }
  if (!with_files.empty() && !without.empty()) {
    return make_error(ErrorKind::Config,
                      "paper mode reads one market source for every hedge: " + with_files.front() +
                          " has candle files and " + without.front() +
                          " has none (it would read the venue's public data); name candle files "
                          "for every hedge, or for none");
  }
  return without.empty() ? PaperDataSource::Files : PaperDataSource::Public;
}

Result<std::unique_ptr<paper::PaperExchange>> make_public_paper_exchange(
    const config::Config& config, VenueClient& venue, const std::string& paper_path,
    int64_t now_ms) {
  const std::map<std::string, SymbolNeeds> needs = needs_by_symbol(config);
  Result<std::unique_ptr<paper::PaperExchange>> exchange =
      open_account(config, venue, paper_path, needs);
  if (!exchange) return exchange.error();
  const int64_t since = (*exchange)->current_time_ms();
  if (since > now_ms) {
    // Nothing to read: the caller refuses a clock that went back.
    return exchange;
  }
  for (const auto& [symbol, need] : needs) {
    if (Status fed = feed_market(venue, symbol, need, since, now_ms, **exchange); !fed) {
      return about(symbol, fed.error());
    }
  }
  return exchange;
}

Result<std::unique_ptr<paper::PaperExchange>> make_public_paper_status(
    const config::Config& config, VenueClient& venue, const std::string& paper_path) {
  const std::map<std::string, SymbolNeeds> needs = needs_by_symbol(config);
  Result<std::unique_ptr<paper::PaperExchange>> exchange =
      open_account(config, venue, paper_path, needs);
  if (!exchange) return exchange.error();
  const int64_t at = (*exchange)->current_time_ms();
  if (at <= 0) return exchange;  // no account yet
  for (const auto& entry : needs) {
    const std::string& symbol = entry.first;
    // The venue's mark now, stamped at the account's time so the account is valued at it
    // without moving (no funding is settled, nothing is written).
    Result<MarkAndFunding> mark = venue.mark_and_funding(symbol);
    if (!mark) return about(symbol, mark.error());
    mark->time_ms = at;
    (*exchange)->streamed_market(symbol)->venue_mark = *mark;
  }
  return exchange;
}

int64_t unpublished_settlement_ms(const std::vector<FundingRate>& rows, int64_t next_funding_ms,
                                  int64_t interval_ms, int64_t since_ms, int64_t now_ms) {
  if (next_funding_ms <= 0 || interval_ms <= 0) return 0;
  const int64_t expected = next_funding_ms - interval_ms;
  if (expected <= since_ms || expected > now_ms) return 0;
  const bool published = std::any_of(rows.begin(), rows.end(), [&](const FundingRate& row) {
    return row.funding_time_ms >= expected - kSettlementSlackMs;
  });
  return published ? 0 : expected;
}

}  // namespace hedgebot::bot
