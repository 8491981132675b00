#pragma once
// A MexcClient wired to an in-process fake MEXC venue, with a recording sleeper.

#include <memory>
#include <string>
#include <vector>

#include "exchange/mexc/mexc_client.hpp"
#include "fakevenue/mexc_venue.hpp"

namespace hedgebot::testing {

struct MexcVenueClient {
  fake::FakeMexcVenue venue;
  std::vector<int64_t> sleeps;  // every wait the client asked for, in ms
  std::unique_ptr<MexcClient> client;

  explicit MexcVenueClient(bool orders_enabled = true, const std::string& cache_dir = "",
                           int64_t timeout_ms = 2000) {
    client = std::make_unique<MexcClient>(settings(orders_enabled, cache_dir, timeout_ms));
  }

  MexcSettings settings(bool orders_enabled = true, const std::string& cache_dir = "",
                        int64_t timeout_ms = 2000) {
    MexcSettings settings;
    settings.base_url = venue.url();
    settings.api_key = Secret(fake::kMexcTestApiKey);
    settings.api_secret = Secret(fake::kMexcTestApiSecret);
    settings.orders_enabled = orders_enabled;
    settings.timeout_ms = timeout_ms;
    settings.connect_timeout_ms = 1000;
    settings.cache_dir = cache_dir;
    settings.request_budget = 0;
    settings.sleep_ms = [this](int64_t ms) { sleeps.push_back(ms); };
    return settings;
  }

  static OrderRequest market(Side side, int64_t steps, const std::string& oid,
                             bool reduce_only = false) {
    OrderRequest request;
    request.symbol = "BTCUSDT";
    request.side = side;
    request.type = OrderType::Market;
    request.qty_steps = steps;
    request.reduce_only = reduce_only;
    request.client_order_id = oid;
    return request;
  }
};

}  // namespace hedgebot::testing
