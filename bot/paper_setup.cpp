#include "bot/paper_setup.hpp"

#include <map>

#include "paper/market_data.hpp"

namespace hedgebot::bot {

Result<std::unique_ptr<paper::PaperExchange>> make_paper_exchange(const config::Config& config) {
  paper::PaperSettings settings;
  settings.initial_balance = config.paper.balance;
  settings.initial_spot = config.paper.spot;
  settings.taker_fee = config.paper.taker_fee;
  settings.maker_fee = config.paper.maker_fee;
  settings.slippage_bps = config.paper.slippage_bps;
  settings.maint_margin_rate = config.paper.maint_margin_rate;

  std::vector<paper::SymbolData> markets;
  for (const config::HedgeConfig& hedge : config.hedges) {
    const std::string candles = hedge.candles.empty() ? config.paper.candles : hedge.candles;
    const std::string funding = hedge.funding.empty() ? config.paper.funding : hedge.funding;
    const std::string mark = hedge.mark.empty() ? config.paper.mark : hedge.mark;
    if (candles.empty()) {
      return make_error(ErrorKind::Config,
                        hedge.asset +
                            ": paper mode needs candle data: set [paper] candles or candles in the "
                            "[[hedge]] (live public data is read by the live adapter)");
    }
    paper::SymbolData data;
    data.instrument = paper::default_instrument(hedge.symbol, hedge.contract_size);
    if (hedge.qty_step) data.instrument.qty_step = *hedge.qty_step;
    if (hedge.price_tick) data.instrument.price_tick = *hedge.price_tick;
    if (hedge.min_notional) data.instrument.min_notional = *hedge.min_notional;
    Result<CandleSeries> series = paper::read_candles_csv(candles);
    if (!series) return series.error();
    data.candles = std::move(*series);
    if (!funding.empty()) {
      Result<std::vector<FundingRate>> rates = paper::read_funding_csv(funding);
      if (!rates) return rates.error();
      data.funding = std::move(*rates);
    }
    if (!mark.empty()) {
      Result<CandleSeries> marks = paper::read_candles_csv(mark);
      if (!marks) return marks.error();
      data.mark = std::move(*marks);
    }
    markets.push_back(std::move(data));
  }
  return std::make_unique<paper::PaperExchange>(settings, std::move(markets));
}

}  // namespace hedgebot::bot
