#include "bot/session/paper_setup.hpp"

#include "paper/market_data.hpp"

namespace hedgebot::bot {

paper::PaperSettings paper_settings(const config::Config& config) {
  paper::PaperSettings settings;
  settings.initial_balance = config.paper.balance;
  settings.initial_spot = config.paper.spot;
  if (config.paper.spot_balance > 0.0) {
    settings.initial_spot[std::string(config::kPaperQuoteAsset)] = config.paper.spot_balance;
  }
  settings.taker_fee = config.paper.taker_fee;
  settings.maker_fee = config.paper.maker_fee;
  settings.slippage_bps = config.paper.slippage_bps;
  settings.maint_margin_rate = config.paper.maint_margin_rate;
  settings.liquidation_fee_rate = config.paper.liquidation_fee;
  settings.initial_futures_assets = config.paper.futures_assets;
  settings.collateral_rates = config.paper.collateral_rates;
  settings.dated_basis = config.paper.dated_basis;
  return settings;
}

void apply_instrument_overrides(const config::HedgeConfig& hedge, Instrument& instrument) {
  if (hedge.qty_step) instrument.qty_step = *hedge.qty_step;
  if (hedge.price_tick) instrument.price_tick = *hedge.price_tick;
  if (hedge.min_notional) instrument.min_notional = *hedge.min_notional;
}

Instrument hedge_instrument(const config::HedgeConfig& hedge) {
  Instrument instrument = paper::default_instrument(hedge.symbol, hedge.contract_size);
  apply_instrument_overrides(hedge, instrument);
  return instrument;
}

HedgeDataFiles hedge_data_files(const config::Config& config, const config::HedgeConfig& hedge) {
  HedgeDataFiles files;
  files.candles = hedge.candles.empty() ? config.paper.candles : hedge.candles;
  files.funding = hedge.funding.empty() ? config.paper.funding : hedge.funding;
  files.mark = hedge.mark.empty() ? config.paper.mark : hedge.mark;
  return files;
}

Result<std::unique_ptr<paper::PaperExchange>> make_paper_exchange(const config::Config& config) {
  std::vector<paper::SymbolData> markets;
  for (const config::HedgeConfig& hedge : config.hedges) {
    const HedgeDataFiles files = hedge_data_files(config, hedge);
    if (files.candles.empty()) {
      return make_error(ErrorKind::Config,
                        hedge.asset +
                            ": paper mode needs candle data: set [paper] candles or candles in the "
                            "[[hedge]] (live public data is read by the live adapter)");
    }
    paper::SymbolData data;
    data.instrument = hedge_instrument(hedge);
    Result<CandleSeries> series = paper::read_candles_csv(files.candles);
    if (!series) return series.error();
    data.candles = std::move(*series);
    if (!files.funding.empty()) {
      Result<std::vector<FundingRate>> rates = paper::read_funding_csv(files.funding);
      if (!rates) return rates.error();
      data.funding = std::move(*rates);
    }
    if (!files.mark.empty()) {
      Result<CandleSeries> marks = paper::read_candles_csv(files.mark);
      if (!marks) return marks.error();
      data.mark = std::move(*marks);
    }
    markets.push_back(std::move(data));
  }
  return std::make_unique<paper::PaperExchange>(paper_settings(config), std::move(markets));
}

}  // namespace hedgebot::bot
