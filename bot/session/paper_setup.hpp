#pragma once
// Builds the paper exchange a config describes: one market per hedge from its data files.
// The pieces (account settings, a hedge's instrument, a hedge's data files) are shared with
// `hedgebot replay` and with paper mode on the venue's public data.

#include <memory>
#include <string>

#include "config/config.hpp"
#include "paper/paper_exchange.hpp"

namespace hedgebot::bot {

// The paper account's settings from [paper]: balance, spot wallet, fees, slippage, margin.
paper::PaperSettings paper_settings(const config::Config& config);

// The hedge's `qty_step`, `price_tick` and `min_notional`, when set, replace the instrument's.
void apply_instrument_overrides(const config::HedgeConfig& hedge, Instrument& instrument);

// The paper instrument of a hedge read from files: paper::default_instrument() for its symbol
// and contract size, with the hedge's filter overrides.
Instrument hedge_instrument(const config::HedgeConfig& hedge);

// The data files of one hedge: its own, else [paper]'s; "" when neither names one.
struct HedgeDataFiles {
  std::string candles;
  std::string funding;
  std::string mark;
};
HedgeDataFiles hedge_data_files(const config::Config& config, const config::HedgeConfig& hedge);

// Reads every data file the config names; an unreadable or malformed file is an error naming
// it. Does not load paper.json.
Result<std::unique_ptr<paper::PaperExchange>> make_paper_exchange(const config::Config& config);

}  // namespace hedgebot::bot
