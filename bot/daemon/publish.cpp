#include "bot/daemon/publish.hpp"

#include <spdlog/spdlog.h>

#include <cmath>
#include <filesystem>
#include <optional>

#include "bot/daemon/clock.hpp"
#include "bot/session/config_source.hpp"
#include "exchange/margin_brackets.hpp"
#include "storage/atomic_file.hpp"

namespace hedgebot::bot {
namespace daemon {
namespace {

const ErrorKind kAllKinds[] = {ErrorKind::InvalidInput,
                               ErrorKind::Config,
                               ErrorKind::Network,
                               ErrorKind::Timeout,
                               ErrorKind::UnknownStatus,
                               ErrorKind::RateLimited,
                               ErrorKind::Banned,
                               ErrorKind::Auth,
                               ErrorKind::Rejected,
                               ErrorKind::InsufficientMargin,
                               ErrorKind::ReduceOnlyRejected,
                               ErrorKind::PostOnlyRejected,
                               ErrorKind::Filter,
                               ErrorKind::InvalidResponse,
                               ErrorKind::NotFound,
                               ErrorKind::VenueError,
                               ErrorKind::Internal};

std::vector<NotifyTarget> make_targets(const config::Config& config,
                                       const std::string& telegram_api) {
  std::vector<NotifyTarget> targets;
  for (const config::NotifyConfig& notify : config.notify) {
    Result<NotifyTarget> target = make_notify_target(notify, telegram_api);
    if (!target) {
      spdlog::warn("{}", target.error().message);
      continue;
    }
    targets.push_back(std::move(*target));
  }
  return targets;
}

nlohmann::json read_json_file(const std::string& path) {
  Result<std::string> text = paper::read_small_file(path);
  if (!text) return nlohmann::json::object();
  nlohmann::json parsed = nlohmann::json::parse(*text, nullptr, false);
  return parsed.is_discarded() ? nlohmann::json::object() : parsed;
}

}  // namespace

std::string metrics_state_path(const config::Config& config) {
  return (std::filesystem::path(config.bot.state_dir) / "metrics_state.json").string();
}

std::string notify_state_path(const config::Config& config) {
  return (std::filesystem::path(config.bot.state_dir) / "notify_state.json").string();
}

std::string error_kind_of(const std::string& message) {
  size_t best = std::string::npos;
  std::string kind = "other";
  for (const ErrorKind candidate : kAllKinds) {
    const std::string name = std::string(to_string(candidate)) + ": ";
    const size_t at = message.find(name);
    if (at != std::string::npos && (best == std::string::npos || at < best)) {
      best = at;
      kind = label_value(to_string(candidate));
    }
  }
  return kind;
}

std::vector<Notification> notifications_from_tick(const TickSessionResult& session) {
  std::vector<Notification> out;
  if (session.no_new_data) return out;
  for (const paper::PaperEvent& event : session.paper_events) {
    switch (event.kind) {
      case paper::PaperEvent::Kind::Fill:
        out.push_back({"fill",
                       event.symbol,
                       event.symbol + ": resting order " + event.client_order_id + " filled at " +
                           std::to_string(event.price),
                       {{"symbol", event.symbol},
                        {"price", event.price},
                        {"fee", event.amount},
                        {"client_order_id", event.client_order_id}}});
        break;
      case paper::PaperEvent::Kind::Funding:
        out.push_back({"funding",
                       event.symbol,
                       event.symbol + ": funding " + fixed(event.amount, 4) + " at rate " +
                           fixed(event.rate * 100, 4) + " %",
                       {{"symbol", event.symbol}, {"rate", event.rate}, {"amount", event.amount}}});
        break;
      case paper::PaperEvent::Kind::Liquidation:
        out.push_back({"error",
                       event.symbol,
                       event.symbol + ": paper position liquidated at " + fixed(event.price, 2) +
                           ", clearance fee " + fixed(event.amount, 2) + ", wallet after " +
                           fixed(event.wallet_after, 2),
                       {{"symbol", event.symbol},
                        {"kind", "liquidation"},
                        {"price", event.price},
                        {"fee", event.amount},
                        {"wallet_after", event.wallet_after}}});
        break;
      case paper::PaperEvent::Kind::Expiry:
        break;  // journaled; the tick that follows plans from what filled
    }
  }
  if (!session.ran) {
    out.push_back({"error",
                   "*",
                   "tick failed before trading: " + session.error,
                   {{"kind", label_value(session.error_kind)}, {"message", session.error}}});
    return out;
  }
  const TickReport& report = session.report;
  for (const HedgeReport& hedge : report.hedges) {
    out.push_back({"decision",
                   hedge.asset,
                   hedge.asset + ": target ratio " + fixed(hedge.decision.target_ratio, 2) +
                       ", actual " + fixed(hedge.actual_ratio, 2) + " (" +
                       hedge.decision.decided_by + "): " + hedge.decision.why,
                   {{"symbol", hedge.symbol},
                    {"target_ratio", hedge.decision.target_ratio},
                    {"actual_ratio", hedge.actual_ratio},
                    {"decided_by", hedge.decision.decided_by},
                    {"rules", hedge.decision.fired}}});
    for (const std::string& alert : hedge.decision.alerts) {
      out.push_back({"alert",
                     hedge.asset,
                     hedge.asset + ": " + alert,
                     {{"symbol", hedge.symbol}, {"message", alert}}});
    }
  }
  for (const OrderReport& order : report.orders) {
    if (order.status == "ERROR") continue;  // reported with the errors
    nlohmann::json fields = {{"symbol", order.symbol},
                             {"side", order.side},
                             {"qty", order.qty},
                             {"price", order.price},
                             {"reduce_only", order.reduce_only},
                             {"client_order_id", order.client_order_id},
                             {"status", order.status}};
    if (!order.contracts.empty()) fields["contracts"] = order.contracts;
    out.push_back({"order", order.hedge,
                   order.hedge + ": " + order.side + " " + order.qty + " " + order.symbol +
                       (order.contracts.empty() ? "" : " (" + order.contracts + " contracts)") +
                       (order.reduce_only ? " reduce-only" : "") + " " + order.status +
                       (order.price.empty() ? "" : " at " + order.price) + " (" +
                       order.client_order_id + ")",
                   fields});
  }
  for (const Refusal& refusal : report.refusals) {
    out.push_back({"refusal",
                   refusal.hedge,
                   refusal.hedge + ": refused: " + refusal.reason,
                   {{"reason", refusal.reason}}});
  }
  for (const std::string& error : report.errors) {
    out.push_back({"error", "*", error, {{"kind", error_kind_of(error)}, {"message", error}}});
  }
  return out;
}

void record_tick_metrics(Metrics& metrics, const config::Config& config,
                         const TickSessionResult& session, double duration_s, int64_t wall_now_ms) {
  // A tick that did not run keeps the last known hedge and account values.
  if (session.ran) metrics.clear_gauges();
  const std::string mode = config.bot.mode == config::Mode::Live ? "live" : "paper";
  metrics.set_gauge("hedgebot_build_info", "Version and mode of the running hedgebot",
                    {{"version", HEDGEBOT_VERSION}, {"mode", mode}}, 1);
  const std::string outcome = tick_outcome_name(session);
  metrics.add_counter("hedgebot_ticks_total", "Ticks run, by outcome", {{"outcome", outcome}}, 1);
  metrics.set_gauge("hedgebot_tick_duration_seconds", "Wall time of the last tick", {}, duration_s);
  metrics.set_gauge("hedgebot_last_tick_exit_code",
                    "Exit code of the last tick (0 ok, 1 failed or pending, 4 refused)", {},
                    session.exit_code);
  if (tick_completed(outcome)) {
    metrics.set_kept_gauge("hedgebot_last_success_timestamp_seconds",
                           "Wall-clock time the last tick that completed ended (Unix seconds)", {},
                           static_cast<double>(wall_now_ms) / 1000.0);
  }
  if (!session.ran && !session.no_new_data) {
    metrics.add_counter(
        "hedgebot_errors_total", "Errors, by kind",
        {{"kind", label_value(session.error_kind.empty() ? "other" : session.error_kind)}}, 1);
  }
  for (const paper::PaperEvent& event : session.paper_events) {
    if (event.kind == paper::PaperEvent::Kind::Liquidation)
      metrics.add_counter("hedgebot_errors_total", "Errors, by kind", {{"kind", "liquidation"}}, 1);
  }
  if (session.paper_totals) {
    const paper::PaperTotals& totals = *session.paper_totals;
    const std::string asset = session.ran ? session.report.account.asset : "USDT";
    metrics.set_counter("hedgebot_fees_paid_total", "Trading fees paid, quote currency",
                        {{"asset", asset}}, totals.fees_paid);
    metrics.set_counter("hedgebot_funding_received_total", "Funding received, quote currency",
                        {{"asset", asset}}, totals.funding_received);
    metrics.set_counter("hedgebot_funding_paid_total", "Funding paid, quote currency",
                        {{"asset", asset}}, totals.funding_paid);
  }
  if (!session.ran) return;

  const TickReport& report = session.report;
  // Which venue each hedge trades on (the config's name: "default" is [exchange]).
  const auto venue_of = [&config](const std::string& asset) {
    for (const config::HedgeConfig& hedge : config.hedges) {
      if (hedge.asset == asset) return hedge.venue;
    }
    return std::string(config::kDefaultVenue);
  };
  metrics.set_kept_gauge("hedgebot_last_tick_timestamp_seconds",
                         "Market time of the last tick that ran (Unix seconds)", {},
                         static_cast<double>(report.now_ms) / 1000.0);
  for (const HedgeReport& hedge : report.hedges) {
    const Labels labels = {
        {"hedge", hedge.asset}, {"symbol", hedge.symbol}, {"venue", venue_of(hedge.asset)}};
    double position = hedge.position_base;
    double ratio = hedge.actual_ratio;
    double liquidation = hedge.liquidation_price;
    for (const PositionAfter& after : session.after) {
      if (after.asset == hedge.asset) {
        position = after.position_base;
        ratio = after.ratio;
        liquidation = after.liquidation_price;
      }
    }
    metrics.set_gauge("hedgebot_liquidation_price",
                      "Mark price at which the hedge's futures position is liquidated, quote "
                      "currency (0 when flat or none)",
                      labels, liquidation);
    if (const std::optional<double> distance = liquidation_distance(liquidation, hedge.mark_price))
      metrics.set_gauge("hedgebot_liquidation_distance",
                        "How far the mark is from the liquidation price, a fraction of the mark "
                        "(absent when flat or none)",
                        labels, *distance);
    metrics.set_gauge("hedgebot_hedge_target_ratio", "Target hedge ratio the rules decided", labels,
                      hedge.decision.target_ratio);
    metrics.set_gauge("hedgebot_hedge_actual_ratio",
                      "Hedge ratio held after the tick's orders (short futures / spot)", labels,
                      ratio);
    metrics.set_gauge("hedgebot_futures_position",
                      "Signed futures position after the tick's orders, base asset units", labels,
                      position);
    Labels spot_labels = labels;
    for (const config::HedgeConfig& configured : config.hedges) {
      // The venue the coins are read from; a fixed quantity has none.
      if (configured.asset == hedge.asset && configured.spot_source == config::SpotSource::Account)
        spot_labels.push_back({"spot_venue", config::Config::spot_venue_of(configured)});
    }
    metrics.set_gauge("hedgebot_spot_quantity", "Spot quantity hedged, base asset units",
                      spot_labels, hedge.spot_qty);
    metrics.set_gauge("hedgebot_mark_price", "Futures mark price, quote currency", labels,
                      hedge.mark_price);
  }
  // The account is the hedges' futures venue's (one per config).
  const Labels asset = {{"asset", report.account.asset},
                        {"venue", config.hedges.empty() ? std::string(config::kDefaultVenue)
                                                        : config.hedges.front().venue}};
  metrics.set_gauge("hedgebot_wallet_balance", "Futures wallet balance, quote currency", asset,
                    report.account.wallet_balance);
  metrics.set_gauge("hedgebot_margin_balance",
                    "Futures margin balance (wallet + unrealized PnL), quote currency", asset,
                    report.account.margin_balance);
  metrics.set_gauge("hedgebot_maint_margin", "Maintenance margin, quote currency", asset,
                    report.account.maint_margin);
  if (report.account.multi_assets) {
    metrics.set_gauge("hedgebot_collateral_value",
                      "Futures wallet at collateral value (coins after the haircut, stablecoins "
                      "at 1, no unrealized PnL), quote currency; multi-asset accounts only",
                      asset, report.account.collateral_value());
  }
  const double margin_ratio = report.account.margin_ratio();
  if (std::isfinite(margin_ratio)) {
    metrics.set_gauge("hedgebot_margin_ratio",
                      "Maintenance margin / margin balance (liquidation at 1)", {asset.back()},
                      margin_ratio);
  }
  for (const OrderReport& order : report.orders) {
    metrics.add_counter("hedgebot_orders_total", "Orders sent, by outcome (venue status)",
                        {{"hedge", order.hedge},
                         {"symbol", order.symbol},
                         {"venue", venue_of(order.hedge)},
                         {"outcome", label_value(order.status)}},
                        1);
  }
  // Wallet transfers on the account's venue: one count per request by outcome, and the amount
  // moved (only what the venue confirmed or what was found done after a lost answer).
  for (const TransferReport& transfer : report.transfers) {
    Labels labels = {{"asset", transfer.asset},
                     {"direction", transfer.direction},
                     {"venue", asset.back().second}};
    if (transfer.status == "CONFIRMED" || transfer.status == "FOUND") {
      metrics.add_counter("hedgebot_transferred_total",
                          "Amount moved between the spot and futures wallets, in `asset`", labels,
                          transfer.amount);
    }
    labels.emplace_back("outcome", label_value(transfer.status));
    metrics.add_counter("hedgebot_transfers_total",
                        "Wallet transfers the rules asked for, by outcome", labels, 1);
  }
  for (const Refusal& refusal : report.refusals) {
    metrics.add_counter("hedgebot_refusals_total", "Plans refused by the risk guard",
                        {{"hedge", refusal.hedge}}, 1);
  }
  for (const std::string& error : report.errors) {
    metrics.add_counter("hedgebot_errors_total", "Errors, by kind",
                        {{"kind", error_kind_of(error)}}, 1);
  }
}

Publisher::Publisher(const config::Config& config, PublisherOptions options)
    : config_(config), options_(std::move(options)) {
  metrics_ = load_metrics_state(metrics_state_path(config_));
  reconfigure(config);
}

void Publisher::reconfigure(const config::Config& config) {
  const nlohmann::json saved =
      dispatcher_ ? dispatcher_->save_state() : read_json_file(notify_state_path(config));
  config_ = config;
  dispatcher_ = std::make_unique<NotifyDispatcher>(
      make_targets(config_, options_.telegram_api), options_.transport,
      [](const std::string& message) { spdlog::warn("{}", message); });
  dispatcher_->load_state(saved);
}

void Publisher::publish(const TickSessionResult& session, double duration_s, int64_t wall_now_ms) {
  record_tick_metrics(metrics_, config_, session, duration_s, wall_now_ms);
  if (dispatcher_->size() > 0) {
    const std::vector<Notification> notifications = notifications_from_tick(session);
    if (!notifications.empty()) {
      const DispatchCounts counts = dispatcher_->dispatch(
          notifications, session.ran ? session.report.run_id : "", wall_now_ms);
      const char* help = "Notification messages, by outcome";
      if (counts.sent > 0) {
        metrics_.add_counter("hedgebot_notifications_total", help, {{"outcome", "sent"}},
                             counts.sent);
      }
      if (counts.failed > 0) {
        metrics_.add_counter("hedgebot_notifications_total", help, {{"outcome", "failed"}},
                             counts.failed);
      }
      if (counts.suppressed > 0) {
        metrics_.add_counter("hedgebot_notifications_total", help, {{"outcome", "suppressed"}},
                             counts.suppressed);
      }
      const Status saved = paper::write_file_atomically(notify_state_path(config_),
                                                        dispatcher_->save_state().dump() + "\n");
      if (!saved) spdlog::warn("cannot save the notification state: {}", saved.error().message);
    }
  }
  const bool metrics_wanted = !config_.metrics.textfile.empty() || !config_.metrics.listen.empty();
  if (!metrics_wanted) return;
  const std::string text = metrics_.render();
  if (!config_.metrics.textfile.empty()) {
    const Status written = write_metrics_textfile(config_.metrics.textfile, text);
    if (!written) spdlog::warn("cannot write the metrics textfile: {}", written.error().message);
  }
  const Status saved = save_metrics_state(metrics_state_path(config_), metrics_);
  if (!saved) spdlog::warn("cannot save the metrics counters: {}", saved.error().message);
  if (on_metrics) on_metrics(text);
}

}  // namespace daemon

void publish_once_tick(const config::Config& config, const TickSessionResult& session,
                       std::chrono::steady_clock::time_point started) {
  if (config.notify.empty() && config.metrics.textfile.empty()) return;
  const double duration_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  daemon::SystemClock clock;
  daemon::Publisher publisher(config);
  publisher.publish(session, duration_s, clock.now_ms());
}

}  // namespace hedgebot::bot
