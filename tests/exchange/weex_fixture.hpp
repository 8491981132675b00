#pragma once
// A WeexClient wired to an in-process fake WEEX venue, with a recording sleeper.

#include <memory>
#include <string>
#include <vector>

#include "exchange/weex/weex_client.hpp"
#include "fakevenue/weex_venue.hpp"

namespace hedgebot::testing {

struct WeexVenueClient {
  fake::FakeWeexVenue venue;
  std::vector<int64_t> sleeps;  // every wait the client asked for, in ms
  std::unique_ptr<WeexClient> client;

  explicit WeexVenueClient(int64_t timeout_ms = 2000, const std::string& cache_dir = "") {
    client = std::make_unique<WeexClient>(settings(timeout_ms, cache_dir));
  }

  WeexSettings settings(int64_t timeout_ms = 2000, const std::string& cache_dir = "") {
    WeexSettings settings;
    settings.base_url = venue.url();
    settings.api_key = Secret(fake::kWeexTestApiKey);
    settings.api_secret = Secret(fake::kWeexTestApiSecret);
    settings.api_passphrase = Secret(fake::kWeexTestPassphrase);
    settings.timeout_ms = timeout_ms;
    settings.connect_timeout_ms = 1000;
    settings.cache_dir = cache_dir;
    settings.request_budget = 0;
    settings.sleep_ms = [this](int64_t ms) { sleeps.push_back(ms); };
    return settings;
  }

  static OrderRequest market(Side side, int64_t steps, const std::string& client_id,
                             bool reduce_only = false) {
    OrderRequest request;
    request.symbol = "BTCUSDT";
    request.side = side;
    request.type = OrderType::Market;
    request.qty_steps = steps;
    request.reduce_only = reduce_only;
    request.client_order_id = client_id;
    return request;
  }

  static OrderRequest post_only(Side side, int64_t steps, int64_t price_ticks,
                                const std::string& client_id) {
    OrderRequest request = market(side, steps, client_id);
    request.type = OrderType::Limit;
    request.post_only = true;
    request.price_ticks = price_ticks;
    return request;
  }
};

}  // namespace hedgebot::testing
