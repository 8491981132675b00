#pragma once
// One tick with everything around it, shared by `once` and `run`: the exchange for the config,
// the paper account settled up to the tick's time, the rules' memory, the journal, run_tick(),
// then the account and the memory saved. The caller holds the run lock and loads the config.

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "bot/pipeline/report_output.hpp"
#include "bot/pipeline/tick.hpp"
#include "bot/session/venue_set.hpp"
#include "config/config.hpp"
#include "paper/paper_exchange.hpp"

namespace hedgebot::bot {

// Live trading needs both `mode = "live"` in the config and --live on the command line.
// Returns the problems (empty when the combination is allowed), each a printable sentence.
std::vector<std::string> live_mode_problems(const config::Config& config, bool live_flag,
                                            bool places_orders);

struct TickSessionOptions {
  bool place_orders = false;  // false for `plan`: nothing is written
  // `plan` / `once` on candle files: the tick's time (ISO-8601 or ms); empty = the data's last
  // close.
  std::string at;
  // `run`: the wall clock (ms). On candle files the tick uses the data's last close at or before
  // it. 0 when not a daemon.
  int64_t wall_now_ms = 0;
  // `run`: when the tick's time would not be after this (no new candle since the last successful
  // tick), nothing runs and `no_new_data` is set. 0 = always run.
  int64_t only_after_ms = 0;
  Sleeper sleep;  // limit-order polling; a real sleep when empty
  // Live: venues that outlive the tick (the daemon keeps them, so their connections and clock
  // offsets are reused). Null: the session opens its own from the config.
  VenueSet* venues = nullptr;
  // Called once the tick ran, with the venue it ran against (still open: paper settled to the
  // tick's time, or the live venue) and its report, before anything is saved: `whatif` reads
  // the account through it. Must not place orders.
  std::function<void(ExchangeClient&, const TickReport&)> inspect;
};

struct TickSessionResult {
  // kExitOk, the report's exit code, or the code of a failure before the tick ran.
  int exit_code = kExitOk;
  bool ran = false;          // run_tick() ran: `report` and `after` are valid
  bool no_new_data = false;  // see TickSessionOptions::only_after_ms
  std::string error;        // why the session could not run the tick (no secret in it), "" when ran
  std::string error_kind;   // ErrorKind name of that failure ("invalid_input"...), "" when none
  int64_t now_ms = 0;       // the tick's time
  int64_t data_end_ms = 0;  // paper on files: the data's last close
  // Live: the venue refuses requests until this wall-clock time (a ban, or a rate limit the
  // client gave up waiting for), 0 when it does not; `run` sleeps until then.
  int64_t retry_at_ms = 0;
  TickReport report;
  std::vector<PositionAfter> after;                // positions after the orders (place_orders only)
  std::vector<paper::PaperEvent> paper_events;     // settled while moving the account to now_ms
  std::optional<paper::PaperTotals> paper_totals;  // paper: after the tick
};

// The tick's outcome (TickReport::outcome: "ok", "pending", "refused", "failed"), or
// "setup_failed" (it could not run), "no_new_data".
const char* tick_outcome_name(const TickSessionResult& result);

// The fields of the journal's `heartbeat` line written after every `once` and `run` tick (its
// `ts` is the wall clock): outcome, exit code, duration and, when it ran, the tick's time and
// counts. `status` reads the newest completed one (tick_completed) as the last successful tick.
nlohmann::json heartbeat_fields(const TickSessionResult& result, double duration_s);

// Writes the paper venue's events (funding, resting fills, liquidations) to the journal, each
// stamped with the time it happened: `funding`, `fill` and `liquidation` lines. `paper` gives
// the instruments for quantities in base units.
void journal_paper_events(Journal& journal, const std::vector<paper::PaperEvent>& events,
                          const config::Config& config, paper::PaperExchange* paper);

// A resting limit order that a candle filled between two ticks is a trade of its hedge: the
// hedge's cooldown runs from that fill's time, as it does from a fill within a tick.
void note_paper_fills(rules::Memory& memory, const std::vector<paper::PaperEvent>& events,
                      const config::Config& config);

// Runs one tick. Never throws for venue, data or file problems: they come back in the result.
TickSessionResult run_tick_session(const config::Config& config, const TickSessionOptions& options);

}  // namespace hedgebot::bot
