#pragma once
// A PaperExchange fed from streams (for `hedgebot replay`): candle, mark and funding files are
// read as simulated time advances and handed to the exchange, which settles funding, fills and
// liquidations exactly as it does from whole files. Rows the clock has passed are dropped.
// Closed candles of any whole multiple of a symbol's base interval are served from windows
// aggregated incrementally as candles arrive (the same buckets as aggregate_candles()), so a
// daily SMA(200) over 1-minute data costs no re-aggregation per tick. Memory is bounded by the
// windows, never by the history's length.

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "exchange/exchange_client.hpp"
#include "paper/paper_exchange.hpp"
#include "paper/stream_csv.hpp"

namespace hedgebot::paper {

// The files of one symbol. `funding` and `mark` may be null.
struct StreamedSymbol {
  std::string symbol;
  std::unique_ptr<CandleStream> candles;
  std::unique_ptr<FundingStream> funding;
  std::unique_ptr<CandleStream> mark;
};

// The last closed candles of one timeframe, built from base candles fed oldest first.
class CandleWindow {
 public:
  CandleWindow(int64_t base_interval_ms, int64_t interval_ms, size_t capacity);

  void add(const Candle& base);
  // Up to `limit` candles closed at `now_ms`, oldest first (an incomplete last bucket whose
  // end is <= now_ms counts, as in aggregate_candles()).
  CandleSeries closed(int64_t now_ms, size_t limit) const;
  void reserve(size_t capacity);
  size_t capacity() const { return capacity_; }

 private:
  int64_t base_interval_ms_;
  int64_t interval_ms_;
  size_t capacity_;
  std::deque<Candle> done_;
  std::optional<Candle> current_;  // the bucket still receiving candles
};

class StreamingMarket : public ExchangeClient {
 public:
  // `exchange` holds one market per symbol of `symbols` (candles and mark intervals set to the
  // streams'); the market data it holds is replaced by what the streams feed.
  StreamingMarket(PaperExchange& exchange, std::vector<StreamedSymbol> symbols);

  // Keeps the last `count` closed candles of `timeframe_ms` for `symbol` from now on (call before
  // feeding: history read earlier is not kept). A later request for more grows the window.
  void keep_candles(const std::string& symbol, int64_t timeframe_ms, int count);
  // Keeps the last `count` settled funding rows of `symbol`.
  void keep_funding(const std::string& symbol, int count);

  // Reads every stream up to `time_ms` (candles that close by then, funding settled by then and
  // the next row) without moving the exchange's clock: history that only warms up the windows.
  Status warm_up_to(int64_t time_ms);
  // Reads every stream up to `time_ms`, then advances the exchange there (funding, resting
  // fills, liquidations; events appended to `events`) and drops the rows it has passed.
  Status advance_to(int64_t time_ms, std::vector<PaperEvent>* events);

  // Close time of the newest candle fed for `symbol`, 0 before any.
  int64_t newest_close_ms(const std::string& symbol) const;
  // Close time of the next candle not yet fed (after a read ahead), nullopt at the file's end.
  std::optional<int64_t> next_close_ms(const std::string& symbol) const;
  // Base candles fed so far, every symbol together.
  uint64_t candles_fed() const { return candles_fed_; }
  PaperExchange& exchange() { return exchange_; }

  // ExchangeClient: everything but closed_candles() is the exchange's.
  std::string name() const override { return exchange_.name(); }
  Result<int64_t> now_ms() override { return exchange_.now_ms(); }
  Result<Instrument> instrument(const std::string& symbol) override {
    return exchange_.instrument(symbol);
  }
  Result<CandleSeries> closed_candles(const std::string& symbol, int64_t interval_ms,
                                      int limit) override;
  Result<MarkAndFunding> mark_and_funding(const std::string& symbol) override {
    return exchange_.mark_and_funding(symbol);
  }
  Result<std::vector<FundingRate>> funding_history(const std::string& symbol, int limit) override {
    return exchange_.funding_history(symbol, limit);
  }
  Result<BookTop> book_top(const std::string& symbol) override {
    return exchange_.book_top(symbol);
  }
  Result<Account> account() override { return exchange_.account(); }
  Result<Position> position(const std::string& symbol) override {
    return exchange_.position(symbol);
  }
  Result<std::vector<SpotBalance>> spot_balances() override { return exchange_.spot_balances(); }
  Status prepare_symbol(const std::string& symbol, int leverage) override {
    return exchange_.prepare_symbol(symbol, leverage);
  }
  Result<OrderState> place_order(const OrderRequest& request) override {
    return exchange_.place_order(request);
  }
  Result<std::optional<OrderState>> query_order(const std::string& symbol,
                                                const std::string& client_order_id) override {
    return exchange_.query_order(symbol, client_order_id);
  }
  Result<OrderState> cancel_order(const std::string& symbol,
                                  const std::string& client_order_id) override {
    return exchange_.cancel_order(symbol, client_order_id);
  }
  Result<std::vector<OrderState>> open_orders(const std::string& symbol) override {
    return exchange_.open_orders(symbol);
  }
  int64_t order_validity_ms() const override { return exchange_.order_validity_ms(); }
  bool market_time_orders() const override { return exchange_.market_time_orders(); }
  Result<std::vector<MarginBracket>> margin_brackets(const std::string& symbol) override {
    return exchange_.margin_brackets(symbol);
  }
  VenueLimits limits() const override { return exchange_.limits(); }
  Result<TransferRecord> transfer(const WalletTransfer& request) override {
    return exchange_.transfer(request);
  }
  Result<std::vector<TransferRecord>> transfer_history(TransferDirection direction,
                                                       int64_t since_ms) override {
    return exchange_.transfer_history(direction, since_ms);
  }
  Result<std::vector<DatedContract>> dated_contracts(const std::string& perpetual) override {
    return exchange_.dated_contracts(perpetual);
  }

 private:
  struct Feed {
    StreamedSymbol files;
    SymbolData* data = nullptr;
    std::optional<Candle> next_candle;
    std::optional<Candle> next_mark;
    std::optional<FundingRate> next_funding;
    int64_t newest_close_ms = 0;
    size_t funding_keep = 1;
    std::map<int64_t, CandleWindow> windows;  // by timeframe
  };

  Status feed(Feed& feed, int64_t time_ms, bool trim_as_it_goes);
  void trim(Feed& feed);
  Feed* find(const std::string& symbol);
  const Feed* find(const std::string& symbol) const;

  PaperExchange& exchange_;
  std::vector<Feed> feeds_;
  uint64_t candles_fed_ = 0;
};

}  // namespace hedgebot::paper
