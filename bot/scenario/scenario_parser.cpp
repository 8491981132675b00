// load_scenario: a scenario file -> the config it names with the scenario's market data and
// [paper] overrides, and its expectations. Read with config/'s readers, so every problem is
// reported at once as file:line:column and unknown keys suggest the nearest known key.
#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "bot/scenario/scenario.hpp"
#include "config/detail/reader.hpp"
#include "config/detail/sections.hpp"
#include "config/detail/validate.hpp"
#include "paper/stream_csv.hpp"

namespace hedgebot::bot::scenario {
namespace {

namespace fs = std::filesystem;
using config::detail::Context;
using config::detail::Place;
using config::detail::Section;

constexpr int64_t kFundingPeriodMs = 8 * kHourMs;
constexpr int64_t kFundingHistoryMs = 7 * kDayMs;

// The market of one hedge as the scenario gives it: files, or candles written in the file.
struct MarketData {
  std::string candles;  // path
  std::string funding;  // path, "" for none
  std::string mark;     // path, "" for none
};

std::string resolve(const fs::path& base, const std::string& path) {
  if (path.empty() || fs::path(path).is_absolute()) return path;
  return (base / path).lexically_normal().string();
}

bool readable(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  return static_cast<bool>(file);
}

// Reads a file-valued key, resolved against the scenario's directory; reports a missing file.
bool read_file_key(const Section& section, std::string_view key, const fs::path& base,
                   std::string& out) {
  std::string text;
  if (!section.read_text(key, text)) return false;
  const std::string path = resolve(base, text);
  if (!readable(path)) {
    section.error(key, section.quoted_key(key) + ": cannot read " + path);
    return false;
  }
  out = path;
  return true;
}

bool read_time(const Section& section, std::string_view key, int64_t& out) {
  std::string text;
  if (!section.read_text(key, text)) return false;
  const Result<int64_t> parsed = parse_time_ms(text);
  if (!parsed) {
    section.error(key, section.quoted_key(key) + ": " + parsed.error().message);
    return false;
  }
  out = *parsed;
  return true;
}

// An array of positive numbers (closes) or of [open, high, low, close(, volume)] rows.
bool read_numbers(const Section& section, const toml::node& node, const std::string& what,
                  std::vector<double>& out) {
  const auto* array = node.as_array();
  if (array == nullptr) {
    section.context().error(
        config::detail::place_of(node.source()),
        what + " must be an array of numbers, was " + config::detail::describe_type(node));
    return false;
  }
  bool ok = true;
  for (size_t i = 0; i < array->size(); ++i) {
    const toml::node& element = *array->get(i);
    const std::optional<double> value = element.value<double>();
    if (!value || !std::isfinite(*value) || *value <= 0.0) {
      section.context().error(config::detail::place_of(element.source()),
                              what + "[" + std::to_string(i) + "] must be a price > 0");
      ok = false;
      continue;
    }
    out.push_back(*value);
  }
  return ok;
}

std::string number_text(double value) {
  return config::detail::format_number(value);
}

// Candles written in the scenario: `start`, `interval` and `closes` (open = the close before,
// high and low = the larger and smaller of the two) or `rows` of open, high, low, close.
bool read_inline_candles(const Section& market, CandleSeries& series) {
  const bool has_start = market.require("start");
  const bool has_interval = market.require("interval");
  bool ok = has_start && has_interval;
  int64_t start = 0;
  ok = read_time(market, "start", start) && ok;
  ok = config::detail::read_candle_interval(market, "interval", series.interval_ms) && ok;
  if (!ok) return false;
  if (start % series.interval_ms != 0) {
    market.error("start",
                 market.quoted_key("start") + " must be on the interval's grid (" +
                     format_iso8601(start - start % series.interval_ms) + " or " +
                     format_iso8601(start - start % series.interval_ms + series.interval_ms) + ")");
    return false;
  }
  const bool has_closes = market.has("closes");
  const bool has_rows = market.has("rows");
  if (has_closes == has_rows) {
    market.error_at_header(market.path() + ": give either `closes` or `rows`");
    return false;
  }
  if (has_closes) {
    std::vector<double> closes;
    if (!read_numbers(market, *market.node("closes"), market.key_path("closes"), closes)) {
      return false;
    }
    double previous = closes.empty() ? 0.0 : closes.front();
    for (size_t i = 0; i < closes.size(); ++i) {
      Candle candle;
      candle.open_time_ms = start + static_cast<int64_t>(i) * series.interval_ms;
      candle.open = previous;
      candle.close = closes[i];
      candle.high = std::max(candle.open, candle.close);
      candle.low = std::min(candle.open, candle.close);
      candle.volume = 1.0;
      series.candles.push_back(candle);
      previous = closes[i];
    }
  } else {
    const auto* rows = market.node("rows")->as_array();
    if (rows == nullptr) {
      market.error(
          "rows", market.quoted_key("rows") + " must be an array of [open, high, low, close] rows");
      return false;
    }
    for (size_t i = 0; i < rows->size(); ++i) {
      const std::string what = market.key_path("rows") + "[" + std::to_string(i) + "]";
      std::vector<double> row;
      if (!read_numbers(market, *rows->get(i), what, row)) {
        ok = false;
        continue;
      }
      const Place place = config::detail::place_of(rows->get(i)->source());
      if (row.size() != 4 && row.size() != 5) {
        market.context().error(place, what +
                                          " must be [open, high, low, close] or [open, high, "
                                          "low, close, volume], has " +
                                          std::to_string(row.size()) + " numbers");
        ok = false;
        continue;
      }
      Candle candle{start + static_cast<int64_t>(i) * series.interval_ms,
                    row[0],
                    row[1],
                    row[2],
                    row[3],
                    row.size() == 5 ? row[4] : 1.0};
      if (candle.high < std::max(candle.open, candle.close) ||
          candle.low > std::min(candle.open, candle.close)) {
        market.context().error(place, what +
                                          ": high must be the largest price and low the "
                                          "smallest");
        ok = false;
        continue;
      }
      series.candles.push_back(candle);
    }
  }
  if (ok && series.candles.empty()) {
    market.error(has_closes ? "closes" : "rows", market.path() + " has no candles");
    return false;
  }
  return ok;
}

bool write_text(const std::string& path, const std::string& text) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file << text;
  file.close();
  return static_cast<bool>(file);
}

std::string candles_csv(const CandleSeries& series) {
  std::ostringstream out;
  out << "open_time_ms,open,high,low,close,volume\n";
  for (const Candle& candle : series.candles) {
    out << candle.open_time_ms << ',' << number_text(candle.open) << ',' << number_text(candle.high)
        << ',' << number_text(candle.low) << ',' << number_text(candle.close) << ','
        << number_text(candle.volume) << '\n';
  }
  return out.str();
}

// The open time of the first candle and the close of the last one of a candle file.
Result<std::pair<int64_t, int64_t>> candle_range(const std::string& path) {
  auto stream = paper::CandleStream::open(path);
  if (!stream) return stream.error();
  Candle candle;
  int64_t first = 0;
  int64_t last = 0;
  bool any = false;
  while (true) {
    Result<bool> more = (*stream)->next(candle);
    if (!more) return more.error();
    if (!*more) break;
    if (!any) first = candle.open_time_ms;
    any = true;
    last = candle.open_time_ms + (*stream)->interval_ms();
  }
  if (!any) return make_error(ErrorKind::InvalidInput, path + ": no candles");
  return std::make_pair(first, last);
}

// One [market] table (or [market.ASSET] for a config with several hedges).
std::optional<MarketData> parse_market(const Section& market, const fs::path& base,
                                       const std::string& work_dir, const std::string& asset,
                                       bool nested) {
  if (nested) {
    market.check_keys(
        {"candles", "funding", "funding_rate", "mark", "start", "interval", "closes", "rows"});
  }
  MarketData data;
  bool ok = true;
  std::optional<std::pair<int64_t, int64_t>> range;
  const bool inline_candles =
      market.has("closes") || market.has("rows") || market.has("start") || market.has("interval");
  if (market.has("candles") && inline_candles) {
    market.error("candles", market.path() +
                                ": give `candles` (a file) or `start`, `interval` "
                                "and `closes` (or `rows`), not both");
    ok = false;
  } else if (market.has("candles")) {
    ok = read_file_key(market, "candles", base, data.candles) && ok;
    if (ok && market.has("funding_rate")) {
      auto found = candle_range(data.candles);
      if (!found) {
        market.error("candles", found.error().message);
        ok = false;
      } else {
        range = *found;
      }
    }
  } else if (inline_candles) {
    CandleSeries series;
    if (read_inline_candles(market, series)) {
      data.candles = (fs::path(work_dir) / (asset + "-candles.csv")).string();
      if (!write_text(data.candles, candles_csv(series))) {
        market.error_at_header("cannot write " + data.candles);
        ok = false;
      }
      range = std::make_pair(series.candles.front().open_time_ms,
                             series.candles.back().open_time_ms + series.interval_ms);
    } else {
      ok = false;
    }
  } else {
    market.error_at_header(market.path() +
                           " needs `candles` (a file) or `start`, `interval` and "
                           "`closes` (or `rows`)");
    ok = false;
  }

  if (market.has("funding") && market.has("funding_rate")) {
    market.error("funding_rate", market.path() +
                                     ": give `funding` (a file) or `funding_rate`, "
                                     "not both");
    ok = false;
  } else if (market.has("funding")) {
    ok = read_file_key(market, "funding", base, data.funding) && ok;
  } else if (market.has("funding_rate")) {
    double rate = 0.0;
    if (market.read_number("funding_rate", rate, config::detail::closed(-0.1, 0.1)) && range) {
      // One settlement every 8 hours (00:00, 08:00, 16:00 UTC) over the candles.
      std::ostringstream out;
      out << "funding_time_ms,funding_rate\n";
      const int64_t first =
          (range->first + kFundingPeriodMs - 1) / kFundingPeriodMs * kFundingPeriodMs;
      for (int64_t time = first; time <= range->second; time += kFundingPeriodMs) {
        out << time << ',' << number_text(rate) << '\n';
      }
      data.funding = (fs::path(work_dir) / (asset + "-funding.csv")).string();
      if (!write_text(data.funding, out.str())) {
        market.error("funding_rate", "cannot write " + data.funding);
        ok = false;
      }
    } else {
      ok = false;
    }
  }
  if (market.has("mark")) ok = read_file_key(market, "mark", base, data.mark) && ok;
  if (!ok) return std::nullopt;
  return data;
}

void parse_orders(const Section& expect, std::vector<ExpectedOrder>& orders) {
  for (const Section& order : expect.table_array("orders")) {
    order.check_keys({"side", "qty", "reduce_only"});
    ExpectedOrder expected;
    order.require("side");
    order.require("qty");
    order.read_choice("side", expected.side, {"BUY", "SELL"});
    std::optional<Decimal> qty;
    if (order.read_decimal("qty", qty) && qty) {
      if (qty->to_string().find_first_not_of("0.") == std::string::npos ||
          qty->to_string().front() == '-') {
        order.error("qty", order.quoted_key("qty") + " must be > 0 (the side says the direction)");
      } else {
        expected.qty = qty->to_string();
      }
    }
    bool reduce_only = false;
    if (order.read_bool("reduce_only", reduce_only)) expected.reduce_only = reduce_only;
    orders.push_back(expected);
  }
}

void parse_transfers(const Section& expect, std::vector<ExpectedTransfer>& transfers) {
  for (const Section& transfer : expect.table_array("transfers")) {
    transfer.check_keys({"asset", "amount", "direction", "status"});
    ExpectedTransfer expected;
    transfer.require("asset");
    transfer.require("amount");
    transfer.require("direction");
    transfer.read_text("asset", expected.asset);
    if (transfer.read_number("amount", expected.amount) && !(expected.amount > 0.0)) {
      transfer.error("amount",
                     transfer.quoted_key("amount") + " must be > 0 (the direction says which way)");
    }
    transfer.read_choice("direction", expected.direction, {"to_futures", "to_spot"});
    std::string status;
    if (transfer.read_choice(
            "status", status,
            {"PLANNED", "CONFIRMED", "FOUND", "DONE", "UNKNOWN", "FAILED", "REFUSED"})) {
      expected.status = status;
    }
    transfers.push_back(expected);
  }
}

Expectation parse_expectation(const Section& expect, const config::Config& config) {
  expect.check_keys({"at", "hedge", "target_ratio", "decided_by", "position", "orders", "alerts",
                     "refused", "transfers", "contract"});
  Expectation out;
  out.line = expect.header().line;
  if (expect.require("at")) {
    read_time(expect, "at", out.at_ms);
    const Place at = expect.place("at");
    out.at_line = at.line;
    out.at_column = at.column;
  }
  if (expect.has("hedge")) {
    if (expect.read_text("hedge", out.hedge) && config.find_hedge(out.hedge) == nullptr) {
      std::string names;
      for (const config::HedgeConfig& hedge : config.hedges) {
        names += (names.empty() ? "" : ", ") + hedge.asset;
      }
      expect.error("hedge", expect.quoted_key("hedge") + ": the config has no hedge \"" +
                                out.hedge + "\" (its hedges: " + names + ")");
    }
  } else if (config.hedges.size() == 1) {
    out.hedge = config.hedges.front().asset;
  } else if (!config.hedges.empty()) {
    expect.error_at_header(expect.path() + " needs `hedge`: the config has " +
                           std::to_string(config.hedges.size()) + " hedges");
  }
  double number = 0.0;
  if (expect.read_number("target_ratio", number)) out.target_ratio = number;
  std::string text;
  if (expect.read_text("decided_by", text)) out.decided_by = text;
  if (expect.read_number("position", number)) out.position = number;
  if (expect.has("orders")) {
    std::vector<ExpectedOrder> orders;
    parse_orders(expect, orders);
    out.orders = std::move(orders);
  }
  std::vector<std::string> names;
  if (expect.read_string_array("alerts", names)) out.alerts = names;
  bool flag = false;
  if (expect.read_bool("refused", flag)) out.refused = flag;
  if (expect.has("transfers")) {
    std::vector<ExpectedTransfer> transfers;
    parse_transfers(expect, transfers);
    out.transfers = std::move(transfers);
  }
  if (expect.read_text("contract", text)) out.contract = text;
  if (!out.target_ratio && !out.decided_by && !out.position && !out.orders && !out.alerts &&
      !out.refused && !out.transfers && !out.contract) {
    expect.error_at_header(expect.path() +
                           " checks nothing: give at least one of target_ratio, decided_by, "
                           "position, orders, alerts, refused, transfers, contract");
  }
  return out;
}

// Replaces the config's market data with the scenario's.
void apply_market(const Section& root, const fs::path& base, const std::string& work_dir,
                  config::Config& config) {
  const auto market = root.subtable("market");
  if (!market) return;
  std::map<std::string, MarketData> data;
  if (config.hedges.size() == 1) {
    market->check_keys(
        {"candles", "funding", "funding_rate", "mark", "start", "interval", "closes", "rows"});
    const std::string& asset = config.hedges.front().asset;
    if (auto one = parse_market(*market, base, work_dir, asset, false)) data[asset] = *one;
  } else {
    for (const auto& [key, value] : market->table()) {
      const std::string name(key.str());
      if (config.find_hedge(name) == nullptr) {
        market->error(name, market->quoted_key(name) +
                                ": the config has several hedges: give each its own "
                                "[market.ASSET] table, one per hedge asset");
      }
    }
    for (const config::HedgeConfig& hedge : config.hedges) {
      const auto own = market->subtable(hedge.asset);
      if (!own) {
        market->error_at_header("[market] replaces the market of every hedge: [market." +
                                hedge.asset + "] is missing");
        continue;
      }
      if (auto one = parse_market(*own, base, work_dir, hedge.asset, true)) {
        data[hedge.asset] = *one;
      }
    }
  }
  config.paper.candles.clear();
  config.paper.funding.clear();
  config.paper.mark.clear();
  for (config::HedgeConfig& hedge : config.hedges) {
    const auto found = data.find(hedge.asset);
    if (found == data.end()) continue;
    hedge.candles = found->second.candles;
    hedge.funding = found->second.funding;
    hedge.mark = found->second.mark;
  }
}

}  // namespace

LoadedScenario load_scenario(const std::string& path, const std::string& work_dir) {
  LoadedScenario loaded;
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    loaded.diagnostics.push_back(config::Diagnostic{path, 0, 0, "cannot open the scenario file"});
    return loaded;
  }
  std::ostringstream buffer;
  buffer << file.rdbuf();
  const std::string text = buffer.str();
  Context context(path, text);
  toml::table document;
  try {
    document = toml::parse(text, std::string_view(path));
  } catch (const toml::parse_error& error) {
    std::string message = "TOML syntax error: ";
    message += error.description();
    context.error(config::detail::place_of(error.source()), message);
    loaded.diagnostics = context.take_diagnostics();
    return loaded;
  }
  const Section root(context, document, "");
  root.check_keys({"config", "from", "market", "paper", "expect"});
  const fs::path base = fs::path(path).parent_path();

  Scenario scenario;
  scenario.path = path;
  std::string config_path;
  bool have_config = false;
  if (root.require("config") && read_file_key(root, "config", base, config_path)) {
    config::LoadResult config = config::load_config_file(config_path);
    if (config.ok()) {
      scenario.config = std::move(*config.config);
      have_config = true;
    } else {
      root.error("config", root.quoted_key("config") + ": " + config_path + " is not valid (" +
                               std::to_string(config.diagnostics.size()) + " problem" +
                               (config.diagnostics.size() == 1 ? "" : "s") + " below)");
      for (config::Diagnostic& diagnostic : config.diagnostics) {
        loaded.diagnostics.push_back(std::move(diagnostic));
      }
    }
  }
  if (have_config && scenario.config.bot.mode != config::Mode::Paper) {
    // The scenario always runs on the paper exchange; the config's rules are what it tests.
    scenario.config.bot.mode = config::Mode::Paper;
  }
  if (root.has("from")) {
    int64_t from = 0;
    if (read_time(root, "from", from)) scenario.from_ms = from;
  }
  if (const auto paper = root.subtable("paper")) {
    for (const std::string_view key : {"candles", "funding", "mark"}) {
      if (paper->has(key)) {
        paper->error(key, paper->quoted_key(key) + ": a scenario's market data goes in [market]");
      }
    }
    const config::PaperConfig before = scenario.config.paper;
    config::detail::parse_paper(*paper, scenario.config.paper);
    scenario.config.paper.candles = before.candles;
    scenario.config.paper.funding = before.funding;
    scenario.config.paper.mark = before.mark;
  }
  if (have_config) apply_market(root, base, work_dir, scenario.config);

  const std::vector<Section> expects = root.table_array("expect");
  if (!root.has("expect")) {
    context.error(Place{}, "at least one [[expect]] is required");
  }
  if (have_config) {
    for (const Section& expect : expects) {
      scenario.expectations.push_back(parse_expectation(expect, scenario.config));
    }
  }
  for (config::Diagnostic& diagnostic : context.take_diagnostics()) {
    loaded.diagnostics.push_back(std::move(diagnostic));
  }
  if (loaded.diagnostics.empty()) loaded.scenario = std::move(scenario);
  return loaded;
}

}  // namespace hedgebot::bot::scenario
