#pragma once
// A GoogleMock ExchangeClient for rule-behaviour and executor tests: the point is the
// protocol (which calls, in which order, never twice).

#include <gmock/gmock.h>

#include "exchange/exchange_client.hpp"

namespace hedgebot::testing {

class MockExchangeClient : public ExchangeClient {
 public:
  MOCK_METHOD(std::string, name, (), (const, override));
  MOCK_METHOD(Result<int64_t>, now_ms, (), (override));
  MOCK_METHOD(Result<Instrument>, instrument, (const std::string& symbol), (override));
  MOCK_METHOD(Result<CandleSeries>, closed_candles,
              (const std::string& symbol, int64_t interval_ms, int limit), (override));
  MOCK_METHOD(Result<MarkAndFunding>, mark_and_funding, (const std::string& symbol), (override));
  MOCK_METHOD(Result<BookTop>, book_top, (const std::string& symbol), (override));
  MOCK_METHOD(Result<std::vector<FundingRate>>, funding_history,
              (const std::string& symbol, int limit), (override));
  MOCK_METHOD(Result<Account>, account, (), (override));
  MOCK_METHOD(Result<Position>, position, (const std::string& symbol), (override));
  MOCK_METHOD(Result<std::vector<SpotBalance>>, spot_balances, (), (override));
  MOCK_METHOD(Status, prepare_symbol, (const std::string& symbol, int leverage), (override));
  MOCK_METHOD(Result<OrderState>, place_order, (const OrderRequest& request), (override));
  MOCK_METHOD(Result<std::optional<OrderState>>, query_order,
              (const std::string& symbol, const std::string& client_order_id), (override));
  MOCK_METHOD(Result<OrderState>, cancel_order,
              (const std::string& symbol, const std::string& client_order_id), (override));
  MOCK_METHOD(Result<std::vector<OrderState>>, open_orders, (const std::string& symbol),
              (override));
  MOCK_METHOD(int64_t, order_validity_ms, (), (const, override));
  MOCK_METHOD(bool, market_time_orders, (), (const, override));
  MOCK_METHOD(VenueLimits, limits, (), (const, override));
  MOCK_METHOD(Result<std::vector<MarginBracket>>, margin_brackets, (const std::string& symbol),
              (override));
  MOCK_METHOD(Result<TransferRecord>, transfer, (const WalletTransfer& request), (override));
  MOCK_METHOD(Result<std::vector<TransferRecord>>, transfer_history,
              (TransferDirection direction, int64_t since_ms), (override));

  // Unless a test says otherwise, the venue publishes no brackets (as the port's default).
  MockExchangeClient() {
    ON_CALL(*this, margin_brackets(::testing::_))
        .WillByDefault(::testing::Return(Result<std::vector<MarginBracket>>(
            make_error(ErrorKind::NotFound, "mock: no margin brackets"))));
    // Unless a test says otherwise, the port's default page caps and id rules.
    ON_CALL(*this, limits()).WillByDefault(::testing::Return(VenueLimits{}));
    // Unless a test says otherwise, no separate wallets (as the port's default).
    ON_CALL(*this, transfer(::testing::_))
        .WillByDefault(::testing::Return(Result<TransferRecord>(
            make_error(ErrorKind::Config, "mock: no separate spot and futures wallets"))));
    ON_CALL(*this, transfer_history(::testing::_, ::testing::_))
        .WillByDefault(::testing::Return(Result<std::vector<TransferRecord>>(
            make_error(ErrorKind::Config, "mock: no separate spot and futures wallets"))));
  }
};

}  // namespace hedgebot::testing
