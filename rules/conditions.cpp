#include "rules/conditions.hpp"

#include <algorithm>
#include <cmath>

#include "exchange/margin_brackets.hpp"
#include "exchange/number_text.hpp"
#include "rules/candle_stream.hpp"
#include "rules/indicators/atr.hpp"
#include "rules/indicators/ema.hpp"
#include "rules/indicators/macd.hpp"
#include "rules/indicators/rsi.hpp"
#include "rules/indicators/sma.hpp"

namespace hedgebot::rules {
namespace {

const char* ma_name(MaType type) {
  return type == MaType::Sma ? "SMA" : "EMA";
}

// An SMA or an EMA, chosen by the rule's `ma`.
class MovingAverage {
 public:
  MovingAverage(MaType type, int period)
      : type_(type), sma_(type == MaType::Sma ? period : 1), ema_(period) {}
  void update(double value) {
    if (type_ == MaType::Sma) {
      sma_.update(value);
    } else {
      ema_.update(value);
    }
  }
  bool ready() const { return type_ == MaType::Sma ? sma_.ready() : ema_.ready(); }
  double value() const { return type_ == MaType::Sma ? sma_.value() : ema_.value(); }
  void reset() {
    sma_.reset();
    ema_.reset();
  }
  void append_state(std::vector<double>& out) const {
    if (type_ == MaType::Sma) {
      sma_.append_state(out);
    } else {
      ema_.append_state(out);
    }
  }
  bool read_state(StateReader& reader) {
    return type_ == MaType::Sma ? sma_.read_state(reader) : ema_.read_state(reader);
  }

 private:
  MaType type_;
  Sma sma_;
  Ema ema_;
};

// Trackers: the indicators of one condition plus what its edge compares (relation()).
struct MaPairTracker {
  MovingAverage fast, slow;
  void update(const Candle& candle) {
    fast.update(candle.close);
    slow.update(candle.close);
  }
  bool ready() const { return fast.ready() && slow.ready(); }
  double relation() const { return fast.value() - slow.value(); }
  void reset() {
    fast.reset();
    slow.reset();
  }
  void append_state(std::vector<double>& out) const {
    fast.append_state(out);
    slow.append_state(out);
  }
  bool read_state(StateReader& reader) {
    return fast.read_state(reader) && slow.read_state(reader);
  }
};

struct PriceMaTracker {
  MovingAverage average;
  double close = 0.0;
  void update(const Candle& candle) {
    average.update(candle.close);
    close = candle.close;
  }
  bool ready() const { return average.ready(); }
  double relation() const { return close - average.value(); }
  void reset() {
    average.reset();
    close = 0.0;
  }
  void append_state(std::vector<double>& out) const {
    average.append_state(out);
    out.push_back(close);
  }
  bool read_state(StateReader& reader) { return average.read_state(reader) && reader.read(close); }
};

struct MacdTracker {
  Macd macd;
  void update(const Candle& candle) { macd.update(candle.close); }
  bool ready() const { return macd.ready(); }
  double relation() const { return macd.histogram(); }  // line - signal
  void reset() { macd.reset(); }
  void append_state(std::vector<double>& out) const { macd.append_state(out); }
  bool read_state(StateReader& reader) { return macd.read_state(reader); }
};

struct AtrTracker {
  Atr atr;
  double close = 0.0;
  void update(const Candle& candle) {
    atr.update(candle);
    close = candle.close;
  }
  bool ready() const { return atr.ready() && close > 0.0; }
  double relation() const { return 0.0; }  // level only
  void reset() {
    atr.reset();
    close = 0.0;
  }
  void append_state(std::vector<double>& out) const {
    atr.append_state(out);
    out.push_back(close);
  }
  bool read_state(StateReader& reader) { return atr.read_state(reader) && reader.read(close); }
};

struct RsiTracker {
  Rsi rsi;
  void update(const Candle& candle) { rsi.update(candle.close); }
  bool ready() const { return rsi.ready(); }
  double relation() const { return 0.0; }  // level only
  void reset() { rsi.reset(); }
  void append_state(std::vector<double>& out) const { rsi.append_state(out); }
  bool read_state(StateReader& reader) { return rsi.read_state(reader); }
};

const CandleSeries* find_series(const HedgeInput& hedge, int64_t timeframe_ms) {
  for (const CandleSeries& series : hedge.candles) {
    if (series.interval_ms == timeframe_ms) return &series;
  }
  return nullptr;
}

// The part of a stream key that names the indicator and its parameters, so a changed
// parameter starts a fresh stream instead of misreading the old one.
std::string stream_tag(const Condition& condition) {
  const std::string ma = condition.ma == MaType::Sma ? "sma" : "ema";
  if (uses_ma_pair(condition.kind)) {
    return ma + std::to_string(condition.fast) + "-" + ma + std::to_string(condition.slow);
  }
  if (uses_ma_period(condition.kind)) return "close-" + ma + std::to_string(condition.period);
  if (uses_macd(condition.kind)) {
    return "macd" + std::to_string(condition.fast) + "-" + std::to_string(condition.slow) + "-" +
           std::to_string(condition.signal);
  }
  if (condition.kind == ConditionKind::AtrAbove || condition.kind == ConditionKind::AtrBelow) {
    return "atr" + std::to_string(condition.period);
  }
  return "rsi" + std::to_string(condition.period);
}

// "SMA200 on 1d needs 200 closed candles, has 61"
ConditionOutcome not_ready(const std::string& indicator, const std::string& timeframe,
                           const Condition& condition, std::size_t has) {
  return {false,
          indicator + " on " + timeframe + " needs " + std::to_string(ready_candles(condition)) +
              " closed candles, has " + std::to_string(has),
          false};
}

const char* cross_word(bool up) {
  return up ? "crossed above" : "crossed below";
}

// The latch of an edge condition (RESOLUTION.md, "Edges latch") in direction `up`: set by a
// cross in that direction on this run, kept while the level on that side holds (relation > 0
// for up, < 0 for down), cleared as soon as it fails. Kept in Memory.numbers under
// kLatchPrefix + stream key (+1 up, -1 down), only while set. A fresh stream (first run)
// ignores any stored latch: it latches only on a cross of this run, which a first run counts
// on the newest candle only (no latch from history). Returns whether it is latched.
bool latch_edge(Memory& memory, const std::string& key, const StreamFeed& feed, bool up,
                double relation) {
  const std::string latch_key = kLatchPrefix + key;
  const int direction = up ? 1 : -1;
  bool latched = false;
  if (!feed.fresh) {
    const auto found = memory.numbers.find(latch_key);
    latched = found != memory.numbers.end() && found->second == static_cast<double>(direction);
  }
  if (feed.last_cross != 0) latched = feed.last_cross == direction;
  if (up ? !(relation > 0.0) : !(relation < 0.0)) latched = false;
  if (latched) {
    memory.numbers[latch_key] = static_cast<double>(direction);
  } else {
    memory.numbers.erase(latch_key);
  }
  return latched;
}

// An edge condition's outcome. `left` and `right` name the two sides ("1h SMA5" crossed
// above "SMA20").
ConditionOutcome edge_outcome(Memory& memory, const std::string& key, const StreamFeed& feed,
                              bool up, double relation, const std::string& left,
                              const std::string& right) {
  const bool holds = latch_edge(memory, key, feed, up, relation);
  std::string text = left + (holds ? " " : " not ") + cross_word(up) + " " + right;
  if (holds && feed.last_cross != (up ? 1 : -1))
    text += up ? " (latched: still above)" : " (latched: still below)";
  return {holds, text};
}

ConditionOutcome evaluate_candle_condition(const Condition& condition,
                                           const std::string& stream_prefix,
                                           const ConditionContext& context, Memory& memory,
                                           std::vector<std::string>& used_keys) {
  const std::string timeframe = format_duration(condition.timeframe_ms);
  const std::string key = stream_prefix + "/" + timeframe + "/" + stream_tag(condition);
  used_keys.push_back(key);
  const CandleSeries* series = find_series(context.hedge, condition.timeframe_ms);
  if (series == nullptr) return {false, "no " + timeframe + " candles", false};
  const int64_t now = context.snapshot.now_ms;
  const ConditionKind kind = condition.kind;
  const auto lacking = [&](const std::string& indicator) {
    return not_ready(indicator, timeframe, condition, closed_candles(*series, now).size());
  };

  if (uses_ma_pair(kind)) {
    MaPairTracker tracker{MovingAverage(condition.ma, condition.fast),
                          MovingAverage(condition.ma, condition.slow)};
    const StreamFeed feed = feed_stream(tracker, *series, now, memory, key);
    if (feed.fresh) memory.numbers.erase(kLatchPrefix + key);  // no latch from history
    const std::string fast =
        timeframe + " " + ma_name(condition.ma) + std::to_string(condition.fast);
    const std::string slow = std::string(ma_name(condition.ma)) + std::to_string(condition.slow);
    if (!tracker.ready()) {
      return lacking(std::string(ma_name(condition.ma)) + std::to_string(condition.fast) + "/" +
                     slow);
    }
    const double f = tracker.fast.value(), s = tracker.slow.value();
    switch (kind) {
      case ConditionKind::MaAbove:
        return {f > s, fast + " " + general_text(f) + (f > s ? " > " : " <= ") + slow + " " +
                           general_text(s)};
      case ConditionKind::MaBelow:
        return {f < s, fast + " " + general_text(f) + (f < s ? " < " : " >= ") + slow + " " +
                           general_text(s)};
      default:
        return edge_outcome(memory, key, feed, kind == ConditionKind::MaCrossUp, tracker.relation(),
                            fast, slow);
    }
  }
  if (uses_ma_period(kind)) {
    PriceMaTracker tracker{MovingAverage(condition.ma, condition.period)};
    const StreamFeed feed = feed_stream(tracker, *series, now, memory, key);
    if (feed.fresh) memory.numbers.erase(kLatchPrefix + key);  // no latch from history
    const std::string average =
        std::string(ma_name(condition.ma)) + std::to_string(condition.period);
    if (!tracker.ready()) return lacking(average);
    const double close = tracker.close, value = tracker.average.value();
    const std::string head = timeframe + " close " + general_text(close);
    switch (kind) {
      case ConditionKind::PriceAboveMa:
        return {close > value,
                head + (close > value ? " > " : " <= ") + average + " " + general_text(value)};
      case ConditionKind::PriceBelowMa:
        return {close < value,
                head + (close < value ? " < " : " >= ") + average + " " + general_text(value)};
      default:
        return edge_outcome(memory, key, feed, kind == ConditionKind::PriceCrossUpMa,
                            tracker.relation(), timeframe + " close",
                            average + " " + general_text(value));
    }
  }
  if (uses_macd(kind)) {
    MacdTracker tracker{Macd(condition.fast, condition.slow, condition.signal)};
    const StreamFeed feed = feed_stream(tracker, *series, now, memory, key);
    if (feed.fresh) memory.numbers.erase(kLatchPrefix + key);  // no latch from history
    const std::string name = timeframe + " MACD(" + std::to_string(condition.fast) + "," +
                             std::to_string(condition.slow) + "," +
                             std::to_string(condition.signal) + ")";
    if (!tracker.ready()) return lacking(name.substr(timeframe.size() + 1));
    const double line = tracker.macd.line(), signal = tracker.macd.signal();
    const double histogram = tracker.macd.histogram();
    // Appended, not `" " + general_text(...)`: GCC 12 at -O3 gives a false -Wrestrict on
    // "literal" + std::string&& (GCC bug 105329).
    std::string values = " ";
    values += general_text(line);
    values += " signal ";
    values += general_text(signal);
    switch (kind) {
      case ConditionKind::MacdAboveSignal:
        return {line > signal, name + values + (line > signal ? " (above)" : " (not above)")};
      case ConditionKind::MacdBelowSignal:
        return {line < signal, name + values + (line < signal ? " (below)" : " (not below)")};
      case ConditionKind::MacdHistPositive:
        return {histogram > 0.0, name + " histogram " + general_text(histogram)};
      case ConditionKind::MacdHistNegative:
        return {histogram < 0.0, name + " histogram " + general_text(histogram)};
      default:
        return edge_outcome(memory, key, feed, kind == ConditionKind::MacdCrossUp,
                            tracker.relation(), name, "signal" + values);
    }
  }
  if (kind == ConditionKind::AtrAbove || kind == ConditionKind::AtrBelow) {
    AtrTracker tracker{Atr(condition.period)};
    feed_stream(tracker, *series, now, memory, key);
    const std::string name = timeframe + " ATR" + std::to_string(condition.period) + "/close";
    if (!tracker.ready()) return lacking("ATR" + std::to_string(condition.period));
    const double share = tracker.atr.value() / tracker.close;
    const bool above = kind == ConditionKind::AtrAbove;
    const bool holds = above ? share > condition.threshold : share < condition.threshold;
    return {holds, name + " " + general_text(share) +
                       (above ? (holds ? " > " : " <= ") : (holds ? " < " : " >= ")) +
                       general_text(condition.threshold)};
  }
  RsiTracker tracker{Rsi(condition.period)};
  feed_stream(tracker, *series, now, memory, key);
  const std::string name = timeframe + " RSI" + std::to_string(condition.period);
  if (!tracker.ready()) return lacking("RSI" + std::to_string(condition.period));
  const double rsi = tracker.rsi.value();
  const bool above = kind == ConditionKind::RsiAbove;
  const bool holds = above ? rsi > condition.threshold : rsi < condition.threshold;
  return {holds, name + " " + general_text(rsi) +
                     (above ? (holds ? " > " : " <= ") : (holds ? " < " : " >= ")) +
                     general_text(condition.threshold)};
}

// "x > t" / "x <= t" style comparison for the threshold conditions.
ConditionOutcome compare(const std::string& name, double value, bool above, double threshold) {
  const bool holds = above ? value > threshold : value < threshold;
  const char* sign = above ? (holds ? " > " : " <= ") : (holds ? " < " : " >= ");
  return {holds, name + " " + general_text(value) + sign + general_text(threshold)};
}

ConditionOutcome collateral_drop(const Condition& condition, const ConditionContext& context,
                                 const Memory& memory) {
  const int64_t now = context.snapshot.now_ms;
  const Account& account = context.snapshot.account;
  const double current = watched_collateral(account);
  const std::string what = account.multi_assets ? "collateral value" : "margin balance";
  double peak = current;
  if (const auto found = memory.streams.find(kCollateralKey); found != memory.streams.end()) {
    const std::vector<double>& samples = found->second.values;
    for (std::size_t i = 0; i + 1 < samples.size(); i += 2) {
      if (samples[i] >= static_cast<double>(now - condition.lookback_ms) &&
          samples[i] <= static_cast<double>(now))
        peak = std::max(peak, samples[i + 1]);
    }
  }
  const std::string window = format_duration(condition.lookback_ms);
  if (peak <= 0.0) return {false, what + " not positive over " + window};
  const double drop = (peak - current) / peak;
  const bool holds = drop >= condition.threshold;
  return {holds, what + " " + general_text(current) + " is " + general_text(drop * 100.0) +
                     " % under its " + window + " peak " + general_text(peak) +
                     (holds ? " (>= " : " (< ") + general_text(condition.threshold * 100.0) +
                     " %)"};
}

// allocation_above/below with hysteresis: fires past `threshold`, then holds (latched, in
// Memory.numbers under kLatchPrefix + stream_prefix + "/allocation") until the allocation is
// back beyond `release`, so the rule's own trade, which moves the allocation it measures, does
// not undo it at the next tick.
ConditionOutcome allocation(const Condition& condition, const std::string& stream_prefix,
                            const ConditionContext& context, Memory& memory,
                            std::vector<std::string>& used_keys) {
  const bool above = condition.kind == ConditionKind::AllocationAbove;
  const std::string key = stream_prefix + "/allocation";
  used_keys.push_back(key);
  const std::string latch_key = kLatchPrefix + key;
  if (context.portfolio.value <= 0.0) {
    memory.numbers.erase(latch_key);
    return {false, "portfolio value not positive"};
  }
  const double value = context.portfolio.crypto_exposure / context.portfolio.value;
  ConditionOutcome outcome = compare("crypto allocation", value, above, condition.threshold);
  const double release = condition.release.value_or(condition.threshold);
  const bool latched = memory.numbers.count(latch_key) != 0;
  if (!outcome.holds && latched && (above ? value >= release : value <= release)) {
    outcome.holds = true;
    outcome.description += " (latched: releases " + std::string(above ? "under " : "over ") +
                           general_text(release) + ")";
  }
  if (outcome.holds) {
    memory.numbers[latch_key] = 1.0;
  } else {
    memory.numbers.erase(latch_key);
  }
  return outcome;
}

// basis_above/below: (mark - index) / index, or that per year to delivery when annualised
// (dated contracts only). Not ready without an index price, or annualised on a perpetual.
ConditionOutcome basis(const Condition& condition, const ConditionContext& context) {
  const HedgeInput& hedge = context.hedge;
  if (!(hedge.index_price > 0.0)) {
    return {false, "no index price for " + hedge.symbol + " (the venue gave none)", false};
  }
  double value = (hedge.mark_price - hedge.index_price) / hedge.index_price;
  std::string name = "basis";
  if (condition.annualised) {
    const int64_t now = context.snapshot.now_ms;
    if (hedge.delivery_ms <= 0) {
      return {false, "annualised basis needs a dated contract; " + hedge.symbol + " is perpetual",
              false};
    }
    if (hedge.delivery_ms <= now) {
      return {false, "annualised basis: " + hedge.symbol + " is at or past its delivery", false};
    }
    value *= static_cast<double>(365 * kDayMs) / static_cast<double>(hedge.delivery_ms - now);
    name = "annualised basis";
  }
  ConditionOutcome outcome =
      compare(name, value, condition.kind == ConditionKind::BasisAbove, condition.threshold);
  outcome.description += " (mark " + general_text(hedge.mark_price) + ", index " +
                         general_text(hedge.index_price) + ")";
  return outcome;
}

}  // namespace

PortfolioView portfolio_view(const Snapshot& snapshot) {
  PortfolioView view;
  for (const HedgeInput& hedge : snapshot.hedges) {
    const double spot_value = hedge.spot_qty * hedge.spot_price;
    view.spot_value += spot_value;
    view.crypto_exposure += spot_value + hedge.position_base * hedge.mark_price;
  }
  view.value = view.spot_value + snapshot.account.margin_balance + snapshot.stable_balance;
  return view;
}

bool funding_value(const Condition& condition, const HedgeInput& hedge, int64_t now_ms,
                   double& value) {
  if (condition.source == FundingSource::Predicted) {
    value = hedge.predicted_funding;
  } else {
    // Settled rates only (funding_time_ms <= now), the newest `window` of them.
    std::size_t end = hedge.funding.size();
    while (end > 0 && hedge.funding[end - 1].funding_time_ms > now_ms) --end;
    if (end == 0) return false;
    const std::size_t window = static_cast<std::size_t>(std::max(condition.window, 1));
    const bool extreme =
        condition.source == FundingSource::Max || condition.source == FundingSource::Min;
    // The highest or lowest of a window says "every settlement of it": fewer settled rates
    // than the window cannot say that.
    if (extreme && end < window) return false;
    const bool mean = condition.source == FundingSource::Mean ||
                      (condition.source == FundingSource::Last && window > 1);
    const std::size_t count = mean || extreme ? std::min(end, window) : 1;
    double total = 0.0;
    double highest = hedge.funding[end - count].rate;
    double lowest = highest;
    for (std::size_t i = end - count; i < end; ++i) {
      total += hedge.funding[i].rate;
      highest = std::max(highest, hedge.funding[i].rate);
      lowest = std::min(lowest, hedge.funding[i].rate);
    }
    value = condition.source == FundingSource::Max   ? highest
            : condition.source == FundingSource::Min ? lowest
                                                     : total / static_cast<double>(count);
  }
  if (condition.annualised && hedge.funding_interval_ms > 0)
    value *= static_cast<double>(365 * kDayMs) / static_cast<double>(hedge.funding_interval_ms);
  return true;
}

ConditionOutcome evaluate_condition(const Condition& condition, const std::string& stream_prefix,
                                    const ConditionContext& context, Memory& memory,
                                    std::vector<std::string>& used_keys) {
  const ConditionKind kind = condition.kind;
  if (uses_candles(kind))
    return evaluate_candle_condition(condition, stream_prefix, context, memory, used_keys);
  const HedgeInput& hedge = context.hedge;
  switch (kind) {
    case ConditionKind::FundingAbove:
    case ConditionKind::FundingBelow: {
      const std::string window = "(" + std::to_string(condition.window) + ")";
      std::string name = condition.source == FundingSource::Predicted ? "predicted funding"
                         : condition.source == FundingSource::Max     ? "funding max" + window
                         : condition.source == FundingSource::Min     ? "funding min" + window
                         : (condition.source == FundingSource::Mean || condition.window > 1)
                             ? "funding mean" + window
                             : "last funding";
      if (condition.annualised) name += " annualised";
      double value = 0.0;
      if (!funding_value(condition, hedge, context.snapshot.now_ms, value)) {
        const bool extreme =
            condition.source == FundingSource::Max || condition.source == FundingSource::Min;
        if (!extreme) return {false, "no settled funding rate yet", false};
        const auto settled =
            std::count_if(hedge.funding.begin(), hedge.funding.end(), [&](const FundingRate& rate) {
              return rate.funding_time_ms <= context.snapshot.now_ms;
            });
        return {false,
                name + " needs " + std::to_string(condition.window) + " settled rates, has " +
                    std::to_string(settled),
                false};
      }
      return compare(name, value, kind == ConditionKind::FundingAbove, condition.threshold);
    }
    case ConditionKind::BasisAbove:
    case ConditionKind::BasisBelow:
      return basis(condition, context);
    case ConditionKind::MarginRatioAbove:
    case ConditionKind::MarginRatioBelow: {
      // No maintenance margin means no futures risk, whatever the balance.
      const Account& account = context.snapshot.account;
      const double ratio = account.maint_margin <= 0.0 ? 0.0 : account.margin_ratio();
      return compare("margin ratio", ratio, kind == ConditionKind::MarginRatioAbove,
                     condition.threshold);
    }
    case ConditionKind::CollateralDrop:
      return collateral_drop(condition, context, memory);
    case ConditionKind::DriftAbove: {
      const double actual = actual_ratio(hedge);
      ConditionOutcome outcome =
          compare("hedge ratio drift", std::fabs(actual - context.current_target), true,
                  condition.threshold);
      outcome.description += " (actual " + general_text(actual) + ", target " +
                             general_text(context.current_target) + ")";
      return outcome;
    }
    case ConditionKind::AllocationAbove:
    case ConditionKind::AllocationBelow:
      return allocation(condition, stream_prefix, context, memory, used_keys);
    case ConditionKind::LiquidationDistanceBelow: {
      if (hedge.position_base == 0.0) return {false, "no position: no liquidation distance"};
      const std::optional<double> distance =
          liquidation_distance(hedge.liquidation_price, hedge.mark_price);
      if (!distance) return {false, "no price liquidates the position"};
      ConditionOutcome outcome =
          compare("liquidation distance", *distance, false, condition.threshold);
      outcome.description += " (liquidation at " + general_text(hedge.liquidation_price) +
                             ", mark " + general_text(hedge.mark_price) + ")";
      return outcome;
    }
    case ConditionKind::Always:
      return {true, "always"};
    default:
      return {false, "unknown condition"};
  }
}

int ready_candles(const Condition& condition) {
  const ConditionKind kind = condition.kind;
  if (!uses_candles(kind)) return 0;
  if (uses_ma_pair(kind)) return std::max(condition.fast, condition.slow);
  if (uses_ma_period(kind)) return condition.period;
  if (uses_macd(kind)) return condition.slow + condition.signal - 1;
  return condition.period + 1;
}

int warmup_candles(const Condition& condition) {
  const auto ma_warmup = [&](int period) {
    return condition.ma == MaType::Sma ? period + 1 : period + 3 * (period + 1) + 1;
  };
  const ConditionKind kind = condition.kind;
  if (uses_ma_pair(kind)) return std::max(ma_warmup(condition.fast), ma_warmup(condition.slow));
  if (uses_ma_period(kind)) return ma_warmup(condition.period);
  if (uses_macd(kind)) {
    const int slow = std::max(condition.fast, condition.slow);
    return slow + condition.signal + 3 * (slow + 1) + 1;
  }
  if (uses_candles(kind)) return 7 * condition.period + 1;  // RSI, ATR
  return 0;
}

double watched_collateral(const Account& account) {
  return account.multi_assets ? account.collateral_value() : account.margin_balance;
}

void record_collateral(Memory& memory, int64_t now_ms, double margin_balance, int64_t lookback_ms) {
  std::vector<double>& samples = memory.streams[kCollateralKey].values;
  if (samples.size() % 2 != 0) samples.clear();
  const double oldest = static_cast<double>(now_ms - lookback_ms);
  std::size_t keep_from = 0;
  while (keep_from + 1 < samples.size() && samples[keep_from] < oldest) keep_from += 2;
  samples.erase(samples.begin(), samples.begin() + static_cast<std::ptrdiff_t>(keep_from));
  const double spacing = static_cast<double>(std::max<int64_t>(lookback_ms / 512, 1));
  const double now = static_cast<double>(now_ms);
  if (samples.empty() || now - samples[samples.size() - 2] >= spacing) {
    samples.push_back(now);
    samples.push_back(margin_balance);
    memory.streams[kCollateralKey].last_open_ms = now_ms;
  }
}

}  // namespace hedgebot::rules
