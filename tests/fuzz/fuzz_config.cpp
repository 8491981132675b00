// Any text as a config: diagnostics or a Config, never a crash. A Config that loads is
// validated, so its numbers must be finite.
#include <cmath>

#include "config/loader.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using hedgebot::fuzz::require;
  const hedgebot::config::LoadResult result =
      hedgebot::config::load_config_text(hedgebot::fuzz::as_text(data, size), "fuzz.toml");
  require(result.ok() || !result.diagnostics.empty(), "a refused config says why");
  for (const auto& diagnostic : result.diagnostics) (void)diagnostic.to_string();
  if (!result.ok()) return 0;
  const hedgebot::config::Config& config = *result.config;
  const auto finite = [](double value) { return std::isfinite(value); };
  require(finite(config.paper.balance) && finite(config.paper.taker_fee) &&
              finite(config.paper.maker_fee) && finite(config.paper.slippage_bps) &&
              finite(config.paper.maint_margin_rate.value_or(0.0)),
          "paper numbers are finite");
  for (const auto& [asset, quantity] : config.paper.spot) {
    require(finite(quantity) && quantity >= 0, "paper spot quantities are finite, >= 0");
  }
  require(finite(config.risk.max_order_notional) && finite(config.risk.max_position_notional) &&
              finite(config.risk.max_leverage) && finite(config.risk.max_margin_ratio) &&
              finite(config.risk.max_price_deviation),
          "risk limits are finite");
  require(config.bot.interval_ms > 0 && config.risk.stale_after_ms > 0, "durations are positive");
  for (const auto& hedge : config.hedges) {
    require(finite(hedge.baseline_ratio) && finite(hedge.min_ratio) && finite(hedge.max_ratio) &&
                finite(hedge.band) && finite(hedge.beta) && finite(hedge.spot_fixed) &&
                finite(hedge.spot_extra),
            "hedge numbers are finite");
    require(hedge.cooldown_ms >= 0 && hedge.timeframe_ms > 0, "hedge durations are sane");
    require(hedge.min_ratio <= hedge.max_ratio, "min_ratio <= max_ratio");
    require(std::isfinite(hedge.contract_size) && hedge.contract_size > 0,
            "contract_size is positive");
  }
  return 0;
}
