#include "bot/pipeline/snapshot.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace hedgebot::bot {
namespace {

constexpr std::array<const char*, 6> kStable{"USDT", "USDC", "FDUSD", "BUSD", "TUSD", "DAI"};

Error in_hedge(const config::HedgeConfig& hedge, const Error& error) {
  Error wrapped = error;
  wrapped.message = hedge.asset + " (" + hedge.symbol + "): " + error.message;
  return wrapped;
}

// The median close of up to kPriceHistoryCandles - 1 candles before the newest (no allocation).
void set_reference_close(const std::vector<Candle>& candles, HedgeMarket& market) {
  std::array<double, kPriceHistoryCandles - 1> closes{};
  size_t count = 0;
  for (size_t i = candles.size() - 1; i-- > 0 && count < closes.size();) {
    closes[count++] = candles[i].close;
  }
  if (count == 0) return;
  const auto middle = closes.begin() + static_cast<std::ptrdiff_t>(count / 2);
  std::nth_element(closes.begin(), middle, closes.begin() + static_cast<std::ptrdiff_t>(count));
  double median = *middle;
  if (count % 2 == 0) median = (median + *std::max_element(closes.begin(), middle)) / 2.0;
  market.reference_close = median;
  market.reference_count = static_cast<int>(count);
}

}  // namespace

bool is_stablecoin(const std::string& asset) {
  return std::any_of(kStable.begin(), kStable.end(),
                     [&](const char* name) { return asset == name; });
}

Result<TickSnapshot> take_snapshot(const config::Config& config, ExchangeClient& client,
                                   const rules::RuleEngine& engine, int64_t now_ms) {
  TickSnapshot snapshot;
  snapshot.rules.now_ms = now_ms;

  Result<Account> account = client.account();
  if (!account) return account.error();
  if (!std::isfinite(account->margin_balance) || !std::isfinite(account->maint_margin)) {
    return make_error(ErrorKind::InvalidResponse, "account margin figures are not numbers");
  }
  snapshot.rules.account = *account;

  std::vector<SpotBalance> balances;
  const bool needs_spot = std::any_of(
      config.hedges.begin(), config.hedges.end(),
      [](const auto& hedge) { return hedge.spot_source == config::SpotSource::Account; });
  if (needs_spot) {
    Result<std::vector<SpotBalance>> spot = client.spot_balances();
    if (!spot) return spot.error();
    balances = std::move(*spot);
    for (const SpotBalance& balance : balances) {
      if (!std::isfinite(balance.total()) || balance.total() < 0.0) {
        return make_error(ErrorKind::InvalidResponse,
                          "spot balance of " + balance.asset + " is not a valid amount");
      }
      if (is_stablecoin(balance.asset)) snapshot.rules.stable_balance += balance.total();
    }
  }

  for (const config::HedgeConfig& hedge : config.hedges) {
    HedgeMarket market;
    Result<Instrument> instrument = client.instrument(hedge.symbol);
    if (!instrument) return in_hedge(hedge, instrument.error());
    market.instrument = *instrument;
    if (!market.instrument.trading) {
      return make_error(ErrorKind::Rejected, hedge.symbol + " is not trading on " + client.name());
    }
    Result<Position> position = client.position(hedge.symbol);
    if (!position) return in_hedge(hedge, position.error());
    market.position = *position;
    Result<MarkAndFunding> mark = client.mark_and_funding(hedge.symbol);
    if (!mark) return in_hedge(hedge, mark.error());
    market.mark = *mark;

    rules::HedgeInput input;
    input.asset = hedge.asset;
    input.symbol = hedge.symbol;
    if (hedge.spot_source == config::SpotSource::Fixed) {
      input.spot_qty = hedge.spot_fixed;
    } else {
      for (const SpotBalance& balance : balances) {
        if (balance.asset == hedge.asset) input.spot_qty += balance.total();
      }
      input.spot_qty += hedge.spot_extra;
    }
    input.position_base = market.instrument.steps_to_base(market.position.qty_steps);
    input.mark_price = market.mark.mark_price;
    input.spot_price =
        market.mark.mark_price;  // same-asset hedge: the future's mark prices the spot
    input.beta = hedge.beta;
    input.baseline_ratio = hedge.baseline_ratio;
    input.min_ratio = hedge.min_ratio;
    input.max_ratio = hedge.max_ratio;
    input.cooldown_ms = hedge.cooldown_ms;
    input.predicted_funding = market.mark.predicted_rate;
    input.index_price = market.mark.index_price;
    input.delivery_ms = market.instrument.delivery_ms;
    input.funding_interval_ms = market.mark.funding_interval_ms;
    input.liquidation_price = market.position.liquidation_price;

    // The base timeframe (staleness, price sanity) and every timeframe the rules read.
    std::vector<rules::CandleRequirement> needs = engine.requirements(hedge.asset);
    if (std::none_of(needs.begin(), needs.end(),
                     [&](const auto& need) { return need.timeframe_ms == hedge.timeframe_ms; })) {
      needs.push_back({hedge.timeframe_ms, kPriceHistoryCandles});
    }
    // At most what the venue returns in one request (its page cap).
    const int most = std::max(client.limits().max_candles, kPriceHistoryCandles);
    for (const rules::CandleRequirement& need : needs) {
      const int least = need.timeframe_ms == hedge.timeframe_ms ? kPriceHistoryCandles : 2;
      const int limit = std::clamp(need.warmup_candles, least, most);
      Result<CandleSeries> series = client.closed_candles(hedge.symbol, need.timeframe_ms, limit);
      if (!series) return in_hedge(hedge, series.error());
      if (need.timeframe_ms == hedge.timeframe_ms && !series->candles.empty()) {
        market.newest_close_ms = series->candles.back().open_time_ms + need.timeframe_ms;
        market.last_close = series->candles.back().close;
        set_reference_close(series->candles, market);
      }
      input.candles.push_back(std::move(*series));
    }
    // Settled rates only when a rule reads them; the predicted rate came with the mark price.
    const int funding_needed = engine.funding_history_needed(hedge.asset);
    if (funding_needed > 0) {
      Result<std::vector<FundingRate>> funding =
          client.funding_history(hedge.symbol, funding_needed);
      if (!funding) return in_hedge(hedge, funding.error());
      input.funding = std::move(*funding);
    }

    snapshot.rules.hedges.push_back(std::move(input));
    snapshot.markets.push_back(std::move(market));
  }
  return snapshot;
}

}  // namespace hedgebot::bot
