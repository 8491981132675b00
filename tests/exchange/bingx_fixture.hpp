#pragma once
// A BingxClient wired to an in-process fake BingX venue, with a recording sleeper.

#include <memory>
#include <string>
#include <vector>

#include "exchange/bingx/bingx_client.hpp"
#include "fakevenue/bingx_venue.hpp"

namespace hedgebot::testing {

struct BingxVenueClient {
  fake::FakeBingxVenue venue;
  std::vector<int64_t> sleeps;  // every wait the client asked for, in ms
  std::unique_ptr<BingxClient> client;

  explicit BingxVenueClient(int64_t timeout_ms = 2000, const std::string& cache_dir = "") {
    client = std::make_unique<BingxClient>(settings(timeout_ms, cache_dir));
  }

  BingxSettings settings(int64_t timeout_ms = 2000, const std::string& cache_dir = "") {
    BingxSettings settings;
    settings.base_url = venue.url();
    settings.api_key = Secret(fake::kBingxTestApiKey);
    settings.api_secret = Secret(fake::kBingxTestApiSecret);
    settings.timeout_ms = timeout_ms;
    settings.connect_timeout_ms = 1000;
    settings.cache_dir = cache_dir;
    settings.request_budget = 0;
    settings.sleep_ms = [this](int64_t ms) { sleeps.push_back(ms); };
    return settings;
  }

  static OrderRequest market(Side side, int64_t steps, const std::string& client_id,
                             bool reduce_only = false, const std::string& symbol = "BTCUSDT") {
    OrderRequest request;
    request.symbol = symbol;
    request.side = side;
    request.type = OrderType::Market;
    request.qty_steps = steps;
    request.reduce_only = reduce_only;
    request.client_order_id = client_id;
    return request;
  }

  static OrderRequest limit(Side side, int64_t steps, int64_t price_ticks,
                            const std::string& client_id, bool post_only = false) {
    OrderRequest request = market(side, steps, client_id);
    request.type = OrderType::Limit;
    request.post_only = post_only;
    request.price_ticks = price_ticks;
    return request;
  }
};

}  // namespace hedgebot::testing
