#include "bot/whatif/whatif_read.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "bot/pipeline/hedge_margin.hpp"
#include "bot/pipeline/risk_guard.hpp"
#include "bot/pipeline/snapshot.hpp"
#include "exchange/number_text.hpp"

namespace hedgebot::bot {
namespace {

// The most settlements a venue returns in one funding-history request.
constexpr int kMaxFundingRows = 1000;

// The hedge's planned orders of the tick, signed base units (a buy adds).
double planned_change(const TickReport& report, const std::string& asset) {
  double change = 0.0;
  for (const OrderReport& order : report.orders) {
    if (order.hedge != asset || order.status != "PLANNED") continue;
    const double qty = std::strtod(order.qty.c_str(), nullptr);
    change += order.side == "BUY" ? qty : -qty;
  }
  return change;
}

}  // namespace

FilledPosition apply_fill(double qty, double entry, double fill_qty, double price) {
  FilledPosition out{qty, entry, 0.0};
  if (fill_qty == 0.0) return out;
  const double after = qty + fill_qty;
  const bool reduces = qty != 0.0 && (qty > 0.0) != (fill_qty > 0.0);
  if (reduces) {
    const double closed = std::min(std::fabs(fill_qty), std::fabs(qty));
    out.realized_pnl = closed * (price - entry) * (qty > 0.0 ? 1.0 : -1.0);
  }
  if (after == 0.0) {
    out.entry_price = 0.0;
  } else if (!reduces) {
    out.entry_price = (std::fabs(qty) * entry + std::fabs(fill_qty) * price) / std::fabs(after);
  } else if ((after > 0.0) != (qty > 0.0)) {
    out.entry_price = price;  // flipped: the new side entered at the fill
  }
  out.qty = std::fabs(after) < 1e-12 ? 0.0 : after;
  return out;
}

Result<WhatifInput> read_whatif_input(const config::Config& config, ExchangeClient& client,
                                      const TickReport& report, const WhatifReadOptions& options) {
  WhatifInput input;
  input.now_ms = report.now_ms;
  input.before = options.before;
  input.moves = options.moves;
  input.margin_asset = report.account.asset;
  input.wallet_balance = report.account.wallet_balance;
  if (report.account.multi_assets && report.account.collateral.size() > 1) {
    // Not modelled yet: the coins of a multi-asset wallet would move with the marks.
    input.notes.push_back(
        "the futures wallet counts coins as margin (multi-asset account): every move keeps them "
        "at today's collateral value of " +
        fixed_text(report.account.collateral_value(), 2) + " " + report.account.asset +
        ", so the liquidation prices here are approximate");
  }
  input.liquidation_fee_rate = config.paper.liquidation_fee;
  const bool paper = config.bot.mode == config::Mode::Paper;
  const double taker_fee = paper ? config.paper.taker_fee : kLiveTakerFeeEstimate;
  const double slippage = (paper ? config.paper.slippage_bps : kLiveSlippageBpsEstimate) / 1e4;
  if (!paper) {
    input.notes.push_back("a liquidation's clearance fee is taken as " +
                          fixed_text(input.liquidation_fee_rate * 100.0, 2) +
                          " % of the notional (the paper engine's rate)");
  }

  const bool reads_spot = std::any_of(
      config.hedges.begin(), config.hedges.end(),
      [](const config::HedgeConfig& h) { return h.spot_source == config::SpotSource::Account; });
  if (reads_spot) {
    Result<std::vector<SpotBalance>> balances = client.spot_balances();
    if (!balances) return balances.error();
    for (const SpotBalance& balance : *balances)
      if (is_stablecoin(balance.asset)) input.stable_balance += balance.total();
  }

  for (size_t i = 0; i < config.hedges.size() && i < report.hedges.size(); ++i) {
    const config::HedgeConfig& hedge = config.hedges[i];
    const HedgeReport& tick = report.hedges[i];
    WhatifHedgeInput in;
    in.asset = hedge.asset;
    in.symbol = tick.symbol;  // a dated hedge's contract of this tick
    in.spot_qty = tick.spot_qty;
    in.spot_price = tick.mark_price;  // the tick prices the spot at the future's mark
    in.beta = hedge.beta;
    in.mark_price = tick.mark_price;
    in.taker_fee = taker_fee;
    Result<Position> position = client.position(in.symbol);
    if (!position) return position.error();
    in.position_qty = tick.position_base;
    in.entry_price = position->entry_price;

    std::vector<std::string> notes;
    in.brackets = read_margin_brackets(client, in.symbol, notes);
    if (in.brackets.empty()) {
      // No table: the rate the venue's reported maintenance margin implies, else 0.4 %, the
      // first bracket's rate of the large Binance markets.
      const double notional = std::fabs(tick.position_base) * tick.mark_price;
      const double rate = position->maint_margin > 0.0 && notional > 0.0
                              ? position->maint_margin / notional
                              : 0.004;
      in.brackets = flat_brackets(rate);
      notes.push_back(hedge.symbol + ": no maintenance-margin brackets read; a flat rate of " +
                      fixed_text(rate * 100.0, 3) + " % is assumed");
    }
    input.notes.insert(input.notes.end(), notes.begin(), notes.end());

    if (!options.before) {
      const double change = planned_change(report, hedge.asset);
      if (change != 0.0) {
        const double price = tick.mark_price * (1.0 + (change > 0.0 ? slippage : -slippage));
        const FilledPosition filled = apply_fill(in.position_qty, in.entry_price, change, price);
        in.position_qty = filled.qty;
        in.entry_price = filled.entry_price;
        input.wallet_balance += filled.realized_pnl - std::fabs(change) * price * taker_fee;
      }
    }

    Result<MarkAndFunding> mark = client.mark_and_funding(hedge.symbol);
    if (!mark) return mark.error();
    in.predicted_rate = mark->predicted_rate;
    in.funding_interval_ms =
        mark->funding_interval_ms > 0 ? mark->funding_interval_ms : 8 * kHourMs;
    const int wanted = static_cast<int>(
        std::clamp<int64_t>(kFundingWindowMs / in.funding_interval_ms, 1, kMaxFundingRows));
    Result<std::vector<FundingRate>> funding = client.funding_history(hedge.symbol, wanted);
    if (funding) {
      for (const FundingRate& row : *funding)
        if (row.funding_time_ms > report.now_ms - kFundingWindowMs) in.funding.push_back(row);
    } else {
      in.funding_read = false;
      input.notes.push_back(hedge.symbol + ": settled funding not read (" +
                            funding.error().describe() + "): no last or mean rate");
    }
    input.hedges.push_back(std::move(in));
  }
  for (const Refusal& refusal : report.refusals)
    input.notes.push_back("the next tick's plan was refused for " + refusal.hedge + ": " +
                          refusal.reason);
  return input;
}

}  // namespace hedgebot::bot
