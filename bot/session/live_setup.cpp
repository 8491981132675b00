#include "bot/session/live_setup.hpp"

namespace hedgebot::bot {

Result<std::unique_ptr<BinanceClient>> make_live_client(const config::Config& config,
                                                        bool with_keys) {
  if (config.exchange.venue != "binance-usdm") {
    return make_error(ErrorKind::Config,
                      "venue `" + config.exchange.venue +
                          "` has no live adapter in this version; use binance-usdm");
  }
  BinanceSettings settings;
  settings.futures_url = config.exchange.futures_url;
  settings.spot_url = config.exchange.spot_url;
  settings.recv_window_ms = config.exchange.recv_window_ms;
  settings.timeout_ms = config.exchange.timeout_ms;
  settings.connect_timeout_ms = config.exchange.connect_timeout_ms;
  settings.cache_dir = config.bot.state_dir;
  settings.exchange_info_ttl_ms = config.exchange.exchange_info_ttl_ms;
  settings.request_budget = config.exchange.request_budget;
  if (with_keys) {
    Result<ApiCredentials> credentials =
        load_api_credentials(config.exchange.api_key_env, config.exchange.api_secret_env,
                             config.exchange.api_key_file, config.exchange.api_secret_file);
    if (!credentials) return credentials.error();
    settings.api_key = credentials->key;
    settings.api_secret = credentials->secret;
  }
  if (const Status valid = validate_settings(settings); !valid) return valid.error();
  return std::make_unique<BinanceClient>(std::move(settings));
}

}  // namespace hedgebot::bot
