#pragma once
// The paper-trading simulator behind ExchangeClient. Market data comes from files, or is fed
// from a venue's public data through streamed_market(); the account (wallet, positions,
// resting orders, fee and funding totals, spot holdings, the simulated clock) persists in
// paper.json. Deterministic for the same inputs.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "exchange/exchange_client.hpp"
#include "exchange/margin_brackets.hpp"

namespace hedgebot::paper {

struct PaperSettings {
  double initial_balance = 10000.0;            // futures wallet, quote
  std::map<std::string, double> initial_spot;  // asset -> quantity, e.g. {"BTC", 1.0}
  double taker_fee = 0.0004;
  double maker_fee = 0.0002;
  double slippage_bps = 1.0;
  // A flat maintenance margin rate (maintenance margin / notional) for every symbol and size;
  // when absent, each symbol's brackets (SymbolData::brackets) are used.
  std::optional<double> maint_margin_rate;
  // Liquidation clearance fee, a fraction of the liquidated notional (Binance publishes it per
  // symbol as exchangeInfo's liquidationFee); taken from what is left of the margin.
  double liquidation_fee_rate = 0.0125;
  // Coins in the futures wallet counted as margin (a multi-asset account), asset -> quantity.
  // Each is priced at the mark of the market whose base asset it is (a coin without one counts
  // for nothing) times its collateral rate (paper/collateral_model.hpp, with these overrides).
  std::map<std::string, double> initial_futures_assets;
  std::map<std::string, double> collateral_rates;
  // Dated contracts (dated_contracts()) are priced from their perpetual with this annualised
  // basis, decaying linearly to zero at delivery (paper/dated_market.hpp).
  double dated_basis = 0.0;
};

// One symbol's market: its instrument and history.
struct SymbolData {
  Instrument instrument;
  CandleSeries candles;              // last-trade candles, oldest first
  std::vector<FundingRate> funding;  // settled funding, oldest first
  std::optional<CandleSeries> mark;  // mark-price candles; last-trade close when absent
  // Fed from a venue's public data instead of files (empty on files):
  // candles of other intervals, served as they are rather than aggregated from `candles`;
  std::map<int64_t, CandleSeries> by_interval;
  // the venue's mark price and predicted funding as read at `time_ms`: from then on it is the
  // mark, the price market orders fill against, and the predicted rate and next funding time.
  std::optional<MarkAndFunding> venue_mark;
  // Maintenance-margin brackets (the venue's, read with API keys). Empty: the bundled table of
  // the symbol (paper/bundled_brackets.hpp), else flat_brackets(kFallbackMaintRate).
  MarginBrackets brackets;
};

// The flat rate of a symbol with neither its venue's brackets nor a bundled table (the venue's
// lowest bracket for the large perpetuals).
inline constexpr double kFallbackMaintRate = 0.004;

// Where a symbol's maintenance brackets come from, for reports.
enum class BracketSource { FlatOverride, Venue, Bundled, FlatFallback };
const char* to_string(BracketSource source);

// Totals the paper account keeps (also in paper.json).
struct PaperTotals {
  double fees_paid = 0.0;
  double funding_received = 0.0;  // sum of positive funding cash flows
  double funding_paid = 0.0;      // sum of |negative| funding cash flows
  double realized_pnl = 0.0;
  int orders_filled = 0;
  int liquidations = 0;
  // Losses of liquidations beyond the wallet, taken by the insurance fund: the wallet stops
  // at zero. wallet = initial + realized PnL - fees + funding + insurance_covered.
  double insurance_covered = 0.0;
};

// A cash flow or event the simulator produced while advancing (for the journal).
struct PaperEvent {
  // Expiry: a resting limit order reached its good-till time unfilled (qty_steps: the unfilled
  // quantity, signed; price: its limit price).
  enum class Kind { Funding, Fill, Liquidation, Expiry };
  Kind kind = Kind::Funding;
  int64_t time_ms = 0;
  std::string symbol;
  double amount = 0.0;  // funding: signed cash flow; fill and liquidation: fee paid
  double rate = 0.0;    // funding rate
  double price = 0.0;
  int64_t qty_steps = 0;  // position at settlement, or fill size (signed)
  std::string client_order_id;
  double realized_pnl = 0.0;         // fill and liquidation
  int64_t position_after_steps = 0;  // fill and liquidation: the position after it (signed)
  double wallet_after = 0.0;         // the wallet balance after the event
  double insurance_covered = 0.0;    // liquidation: loss beyond the wallet, taken by the fund
};

class PaperExchange : public ExchangeClient {
 public:
  // Markets are keyed by instrument.symbol; a symbol given twice keeps its first data (two
  // hedges may trade the same future). Candle intervals must be positive.
  PaperExchange(PaperSettings settings, std::vector<SymbolData> markets);

  // Loads the account from `path`; a missing file starts a fresh account at the time of the
  // first call to advance_to(). A file that does not parse is an error (never overwritten).
  Status load_state(const std::string& path);
  // Writes the account atomically (temp file in the same directory, fsync, rename, fsync dir).
  Status save_state(const std::string& path) const;

  // Moves the simulated clock forward to `now_ms` (never backward): settles every funding
  // time in (previous now, now] on the position held at that instant, fills resting limit
  // orders whose price the candles crossed (a candle that opened at or after an order's
  // good-till time expires it instead), and liquidates when the mark reaches a position's
  // liquidation price (at that price, or at the candle's open when the mark opened past it,
  // with the liquidation clearance fee; the wallet never goes below zero).
  // Events produced are appended to `events`, in time order. On a fresh account the first
  // call only sets the clock; until then the ExchangeClient calls that need "now" fail.
  // Within one candle, resting fills come before the liquidation check; a funding time equal
  // to a candle's close is settled after that candle's fills.
  Status advance_to(int64_t now_ms, std::vector<PaperEvent>* events = nullptr);

  // Close time of the last candle in the data: the default "now" of a file-driven run. With
  // several symbols, the earliest of their last closes (so every symbol has data at it).
  int64_t last_close_ms() const;
  int64_t current_time_ms() const;
  const PaperSettings& settings() const { return settings_; }
  const PaperTotals& totals() const;

  // ExchangeClient
  std::string name() const override { return "paper"; }
  Result<int64_t> now_ms() override;
  Result<Instrument> instrument(const std::string& symbol) override;
  Result<CandleSeries> closed_candles(const std::string& symbol, int64_t interval_ms,
                                      int limit) override;
  Result<MarkAndFunding> mark_and_funding(const std::string& symbol) override;
  // The last price (see place_order's reference) one tick down and one tick up, no depth.
  Result<BookTop> book_top(const std::string& symbol) override;
  Result<std::vector<FundingRate>> funding_history(const std::string& symbol, int limit) override;
  Result<Account> account() override;
  Result<Position> position(const std::string& symbol) override;
  Result<std::vector<SpotBalance>> spot_balances() override;
  Status prepare_symbol(const std::string& symbol, int leverage) override;
  Result<OrderState> place_order(const OrderRequest& request) override;
  Result<std::optional<OrderState>> query_order(const std::string& symbol,
                                                const std::string& client_order_id) override;
  Result<OrderState> cancel_order(const std::string& symbol,
                                  const std::string& client_order_id) override;
  Result<std::vector<OrderState>> open_orders(const std::string& symbol) override;
  int64_t order_validity_ms() const override { return 0; }  // answers synchronously
  // The table the simulator uses for the symbol (see SymbolData::brackets).
  Result<std::vector<MarginBracket>> margin_brackets(const std::string& symbol) override;
  // Where that table comes from; NotFound for an unknown symbol.
  Result<BracketSource> bracket_source(const std::string& symbol) const;
  // The clock is market time and moves in advance_to() only: limit orders rest across runs.
  bool market_time_orders() const override { return true; }
  // Moves USDT between the paper spot wallet (spot_balances()) and the futures wallet at once;
  // another asset, or more than the wallet it leaves holds free, is Rejected.
  Result<TransferRecord> transfer(const WalletTransfer& request) override;
  Result<std::vector<TransferRecord>> transfer_history(TransferDirection direction,
                                                       int64_t since_ms) override;
  VenueLimits limits() const override;
  // The perpetual's current and next quarterly contracts ("BTCUSDT_260327", delivering the last
  // Friday of Mar/Jun/Sep/Dec at 08:00 UTC), made from its market on first use, and a delivered
  // one while a position is still held in it (not trading).
  Result<std::vector<DatedContract>> dated_contracts(const std::string& perpetual) override;

  // ---- Streaming hooks, for `hedgebot replay` (paper/stream_market.hpp) -------------------
  // The market data of `symbol`, or nullptr when unknown. A replay appends rows as it reads its
  // files and drops rows the clock has passed, so memory does not grow with history; paper mode
  // on a venue's public data fills it before advance_to(). Rows must stay oldest first; rows not
  // yet processed by advance_to() must not be dropped.
  SymbolData* streamed_market(const std::string& symbol);
  // Forgets every final order (filled, canceled, rejected, expired); open orders stay. A replay
  // records orders itself, and each candle scans the order list.
  void forget_final_orders();

 private:
  struct State;  // defined in paper_exchange.cpp
  PaperSettings settings_;
  std::map<std::string, SymbolData> markets_;
  std::map<std::string, BracketSource> bracket_sources_;
  std::map<std::string, DatedSymbol> dated_;  // dated markets made from a perpetual's
  // Makes the dated market of `perpetual` delivering at `delivery_ms` (once), false when the
  // perpetual has no market.
  bool add_dated(const std::string& perpetual, int64_t delivery_ms);
  void sync_dated();
  std::shared_ptr<State> state_;
};

// Default filters for well-known symbols (BTCUSDT: step 0.001, tick 0.1, min notional 100;
// ETHUSDT: step 0.001, tick 0.01, min notional 20); other symbols get step 0.001, tick 0.01,
// min notional 5. With a contract size other than 1 (a micro contract) the step is one whole
// contract.
Instrument default_instrument(const std::string& symbol, double contract_size);

}  // namespace hedgebot::paper
