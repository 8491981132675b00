#pragma once
// The one port the bot trades through. Implemented by the paper simulator (paper/) and by
// the signed REST adapters (exchange/binance/...). Every call may fail with a Result error;
// none of them throws for an expected failure. Adapters translate; they never decide.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "exchange/dated_contract.hpp"
#include "exchange/model.hpp"

namespace hedgebot {

// What one venue accepts, where venues differ. The defaults suit the paper simulator.
struct VenueLimits {
  int max_candles = 1499;       // most closed candles one closed_candles() call may ask for
  int max_funding_rows = 1000;  // most rows one funding_history() call may ask for
  // Client order ids: at most this long, of ASCII letters, digits and these symbols.
  size_t max_client_order_id = 36;
  std::string client_order_id_symbols = "-_";
  // Not empty when this run may not place orders on the venue (`orders_enabled = false`): why,
  // in words for the trader. A live tick then plans as usual and refuses every order (exit 4).
  std::string orders_closed;
  // True when the venue keeps a spot and a futures wallet apart and this adapter moves money
  // between them (transfer(), transfer_history()); false for a unified account.
  bool wallet_transfers = false;

  bool accepts_client_order_id(const std::string& id) const {
    if (id.empty() || id.size() > max_client_order_id) return false;
    for (const char c : id) {
      const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      if (!alnum && client_order_id_symbols.find(c) == std::string::npos) return false;
    }
    return true;
  }
};

class ExchangeClient {
 public:
  virtual ~ExchangeClient() = default;

  // Venue name for messages and metrics ("paper", "binance-usdm").
  virtual std::string name() const = 0;

  // "Now" as the venue sees it: the synchronised wall clock live, the simulated time on paper.
  virtual Result<int64_t> now_ms() = 0;

  virtual Result<Instrument> instrument(const std::string& symbol) = 0;

  // Closed candles only, oldest first, at most `limit`, the last one closing at or before now.
  virtual Result<CandleSeries> closed_candles(const std::string& symbol, int64_t interval_ms,
                                              int limit) = 0;

  virtual Result<MarkAndFunding> mark_and_funding(const std::string& symbol) = 0;

  // The best bid and ask now (where a post-only limit order can rest).
  virtual Result<BookTop> book_top(const std::string& symbol) = 0;

  // Settled funding, oldest first, at most `limit`, settled at or before now.
  virtual Result<std::vector<FundingRate>> funding_history(const std::string& symbol,
                                                           int limit) = 0;

  virtual Result<Account> account() = 0;

  // The signed position in one symbol (qty_steps 0 when flat).
  virtual Result<Position> position(const std::string& symbol) = 0;

  virtual Result<std::vector<SpotBalance>> spot_balances() = 0;

  // Make the symbol ready to trade: one-way position mode, the leverage given, cross margin.
  // Changes only what differs. Idempotent.
  virtual Status prepare_symbol(const std::string& symbol, int leverage) = 0;

  // Places an order. A Timeout / Network / UnknownStatus error means the order MAY exist:
  // the caller must query_order() by its client order id before anything else. A post-only
  // order that would have traded at once is refused with ErrorKind::PostOnlyRejected (nothing
  // was placed, the id is free) or, where the venue records it, comes back Rejected/Expired.
  virtual Result<OrderState> place_order(const OrderRequest& request) = 0;

  // The order with this client order id, or nullopt when the venue has no such order.
  virtual Result<std::optional<OrderState>> query_order(const std::string& symbol,
                                                        const std::string& client_order_id) = 0;

  // Cancels an open order. Cancelling an order that is already final returns its final state.
  virtual Result<OrderState> cancel_order(const std::string& symbol,
                                          const std::string& client_order_id) = 0;

  virtual Result<std::vector<OrderState>> open_orders(const std::string& symbol) = 0;

  // How long after a request left can the venue still execute it, in the venue's time: its
  // validity window (a signed request's receive window) plus the uncertainty of our clock
  // against the venue's. After an order's fate became unknown, nothing is sent for that hedge
  // until this long after the failure, and a look-up after that moment finds no such order.
  // 0 for a venue that answers synchronously (paper).
  virtual int64_t order_validity_ms() const = 0;

  // The symbol's maintenance-margin brackets (notional tiers, lowest first: floor, cap, max
  // leverage, rate, amount), checked with check_brackets() (exchange/margin_brackets.hpp).
  // A venue that does not publish them answers NotFound (the default).
  virtual Result<std::vector<MarginBracket>> margin_brackets(const std::string& symbol) {
    return make_error(ErrorKind::NotFound,
                      name() + " does not publish margin brackets for " + symbol);
  }
  // Moves money between the venue's spot and futures wallets. A transfer carries no client id:
  // a Timeout / Network / UnknownStatus error means it MAY have been done, and the caller must
  // look for it with transfer_history() before anything else, and send it again only once
  // order_validity_ms() has passed since it left. The default: this venue has no separate spot
  // and futures wallets (ErrorKind::Config).
  virtual Result<TransferRecord> transfer(const WalletTransfer& request) {
    return make_error(ErrorKind::Config, no_wallets_message(request.asset));
  }
  // The transfers in `direction` done at or after `since_ms` (venue time), oldest first.
  virtual Result<std::vector<TransferRecord>> transfer_history(TransferDirection direction,
                                                               int64_t since_ms) {
    (void)direction;
    (void)since_ms;
    return make_error(ErrorKind::Config, no_wallets_message(""));
  }
  // The dated (delivery) contracts of the pair whose perpetual is `perpetual` ("BTCUSDT"), trading
  // or not, each with its delivery time and the period the venue gives it (current quarter, next
  // quarter, other). The default: this venue lists no dated contracts (ErrorKind::Config).
  virtual Result<std::vector<DatedContract>> dated_contracts(const std::string& perpetual) {
    return make_error(ErrorKind::Config, name() + " lists no dated futures contracts (" +
                                             perpetual + " can only be hedged with its perpetual)");
  }
  // Page caps and the client-order-id rules of this venue.
  virtual VenueLimits limits() const { return {}; }
  // True for a simulator whose clock is market time and moves only between runs (paper): a
  // limit order cannot fill while a run waits, so the executor leaves it resting with a good-till
  // time in market time (OrderRequest::good_till_ms) and a later run's clock fills or expires it.
  virtual bool market_time_orders() const { return false; }

 private:
  std::string no_wallets_message(const std::string& asset) const {
    return name() + " has no separate spot and futures wallets" +
           (asset.empty() ? std::string() : ": no " + asset + " can be moved between them");
  }
};

}  // namespace hedgebot
