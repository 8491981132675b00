#pragma once
// Instruments the venue fuzz targets parse positions and orders against: Binance's usual
// 0.001 step and 0.10 tick, and a whole-contract one with a 0.000001 tick.

#include "exchange/instrument.hpp"

namespace hedgebot::fuzz {

inline Instrument btc_instrument() {
  Instrument instrument;
  instrument.symbol = "BTCUSDT";
  instrument.base_asset = "BTC";
  instrument.quote_asset = "USDT";
  instrument.qty_step = Decimal{1, 3};
  instrument.price_tick = Decimal{10, 2};
  instrument.min_notional = 100.0;
  return instrument;
}

inline Instrument whole_contract_instrument() {
  Instrument instrument = btc_instrument();
  instrument.qty_step = Decimal{1, 0};
  instrument.price_tick = Decimal{1, 6};
  return instrument;
}

}  // namespace hedgebot::fuzz
