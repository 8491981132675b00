#pragma once
// Shared helpers: a BinanceClient wired to an in-process fake venue, with a recording sleeper.

#include <memory>
#include <string>
#include <vector>

#include "exchange/binance/binance_client.hpp"
#include "fakevenue/fake_venue.hpp"

namespace hedgebot::testing {

struct VenueClient {
  fake::FakeVenue venue;
  std::vector<int64_t> sleeps;  // every wait the client asked for, in ms
  std::unique_ptr<BinanceClient> client;

  explicit VenueClient(int64_t timeout_ms = 2000, const std::string& cache_dir = "",
                       int request_budget = 0) {
    client = std::make_unique<BinanceClient>(settings(timeout_ms, cache_dir, request_budget));
  }

  BinanceSettings settings(int64_t timeout_ms = 2000, const std::string& cache_dir = "",
                           int request_budget = 0) {
    BinanceSettings settings;
    settings.futures_url = venue.url();
    settings.spot_url = venue.url();
    settings.api_key = Secret(fake::kTestApiKey);
    settings.api_secret = Secret(fake::kTestApiSecret);
    settings.timeout_ms = timeout_ms;
    settings.connect_timeout_ms = 1000;
    settings.cache_dir = cache_dir;
    settings.request_budget = request_budget;
    settings.sleep_ms = [this](int64_t ms) { sleeps.push_back(ms); };
    return settings;
  }

  // One market order request with a fresh client id.
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
};

}  // namespace hedgebot::testing
