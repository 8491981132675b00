#include "bot/replay/replay_report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <limits>
#include <sstream>

#include "bot/pipeline/chart_ticks.hpp"
#include "bot/pipeline/markup.hpp"
#include "bot/pipeline/report_output.hpp"

namespace hedgebot::bot::replay {
namespace {

constexpr double kChartWidth = 960;
constexpr double kChartHeight = 260;
constexpr double kLeft = 78;
constexpr double kRight = 16;
constexpr double kTop = 14;
constexpr double kBottom = 30;
const char* const kPalette[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"};

double rounded(double value, int decimals) {
  const double scale = std::pow(10.0, decimals);
  const double out = std::round(value * scale) / scale;
  return out == 0.0 ? 0.0 : out;  // no "-0"
}

std::string percent(double fraction, int decimals = 2) {
  return fixed(fraction * 100.0, decimals) + " %";
}

std::string signed_money(double value) {
  std::string text = value > 0 ? "+" : "";
  return text.append(fixed(value, 2));
}

std::string day(int64_t ms) {
  return format_iso8601(ms).substr(0, 10);
}

std::string ratio_share_text(const HedgeSummary& hedge) {
  std::vector<RatioShare> shares = hedge.time_at_ratio;
  std::stable_sort(shares.begin(), shares.end(),
                   [](const RatioShare& a, const RatioShare& b) { return a.share > b.share; });
  std::string text;
  size_t shown = 0;
  double rest = 0.0;
  for (const RatioShare& share : shares) {
    if (shown < 6) {
      text += (text.empty() ? "" : ", ") + fixed(share.ratio, 2) + " " + percent(share.share, 1);
      ++shown;
    } else {
      rest += share.share;
    }
  }
  if (rest > 0.0) text += ", other " + percent(rest, 1);
  return text.empty() ? "none" : text;
}

nlohmann::ordered_json portfolio_json(const PortfolioSummary& portfolio) {
  nlohmann::ordered_json out;
  out["initial_value"] = portfolio.initial_value;
  out["final_value"] = portfolio.final_value;
  out["return"] = rounded(portfolio.total_return, 6);
  out["max_drawdown"] = rounded(portfolio.max_drawdown, 6);
  out["volatility"] = rounded(portfolio.daily_volatility, 6);
  out["volatility_annualised"] = rounded(portfolio.daily_volatility * std::sqrt(365.0), 6);
  return out;
}

nlohmann::ordered_json replay_json(const ReplayResult& result) {
  const ReplaySummary& summary = result.summary;
  nlohmann::ordered_json out;
  out["config"] = summary.config;
  out["from"] = format_iso8601(summary.start_ms);
  out["to"] = format_iso8601(summary.end_ms);
  out["candles"] = summary.candles;
  out["ticks"] = summary.ticks;
  out["orders"] = summary.orders;
  out["fills"] = summary.fills;
  // Money at full precision: a ledger rebuilt from the journal compares to the last digit.
  out["fees"] = summary.fees;
  out["funding"] = summary.funding;
  out["funding_received"] = summary.funding_received;
  out["funding_paid"] = summary.funding_paid;
  out["wallet_balance"] = summary.wallet_balance;
  out["realized_pnl"] = summary.realized_pnl;
  out["liquidations"] = summary.liquidations;
  out["transfers"] = {{"done", summary.transfers},
                      {"to_futures", summary.transferred_to_futures},
                      {"to_spot", summary.transferred_to_spot},
                      {"refused", summary.transfers_refused}};
  out["refusals"] = summary.refusals;
  out["rolls"] = summary.rolls;
  out["roll_basis_cost"] = summary.roll_basis_cost;
  out["errors"] = summary.errors;
  if (summary.errors > 0) {
    out["first_error"] = {{"time", format_iso8601(summary.first_error_ms)},
                          {"kind", "tick"},
                          {"message", summary.first_error}};
  }
  nlohmann::ordered_json not_ready = nlohmann::ordered_json::array();
  for (const RuleNotReady& rule : summary.not_ready) {
    not_ready.push_back({{"hedge", rule.hedge},
                         {"rule", rule.rule},
                         {"ticks", rule.ticks},
                         {"first", format_iso8601(rule.first_ms)},
                         {"first_lacks", rule.first_lacks}});
  }
  out["not_ready"] = not_ready;
  out["hedged"] = portfolio_json(summary.hedged);
  out["unhedged"] = portfolio_json(summary.unhedged);
  nlohmann::ordered_json hedges = nlohmann::ordered_json::array();
  for (const HedgeSummary& hedge : summary.hedges) {
    nlohmann::ordered_json entry;
    entry["asset"] = hedge.asset;
    entry["symbol"] = hedge.symbol;
    entry["spot_qty"] = hedge.spot_qty;
    entry["first_price"] = hedge.first_price;
    entry["last_price"] = hedge.last_price;
    entry["final_ratio"] = rounded(hedge.final_ratio, 4);
    nlohmann::ordered_json shares = nlohmann::ordered_json::object();
    for (const RatioShare& share : hedge.time_at_ratio) {
      shares[fixed(share.ratio, 2)] = rounded(share.share, 6);
    }
    entry["time_at_ratio"] = shares;
    hedges.push_back(entry);
  }
  out["hedges"] = hedges;
  nlohmann::ordered_json liquidations = nlohmann::ordered_json::array();
  for (const LiquidationEvent& event : summary.liquidation_events) {
    liquidations.push_back({{"time", format_iso8601(event.time_ms)},
                            {"symbol", event.symbol},
                            {"price", event.price},
                            {"fee", event.fee}});
  }
  out["liquidation_events"] = liquidations;
  return out;
}

// ---- SVG ------------------------------------------------------------------------------------

struct Line {
  std::string name;
  std::string color;
  std::vector<double> values;  // one per chart point
  bool dashed = false;
};

struct Marker {
  int64_t time_ms = 0;
  double value = 0.0;
  enum class Shape { Up, Down, Cross, Refusal, Error, Alert } shape = Shape::Up;
};

struct ChartSpec {
  std::string id;
  std::string title;
  std::vector<Line> lines;
  std::vector<Marker> markers;
  bool percent_axis = false;
  bool zero_line = false;
  bool hover = true;  // values under the pointer
  // Legend entries of the refusal, error and alert markers (with their counts).
  std::string refusal_key;
  std::string error_key;
  std::string alert_key;
};

std::string coordinate(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", value);
  return text;
}

std::string svg_chart(const ChartSpec& spec, const std::vector<ChartPoint>& points) {
  std::ostringstream out;
  const double plot_width = kChartWidth - kLeft - kRight;
  const double plot_height = kChartHeight - kTop - kBottom;
  const int64_t t0 = points.empty() ? 0 : points.front().time_ms;
  const int64_t t1 = points.empty() ? 1 : std::max(points.back().time_ms, t0 + 1);
  double low = std::numeric_limits<double>::infinity();
  double high = -std::numeric_limits<double>::infinity();
  for (const Line& line : spec.lines) {
    for (const double value : line.values) {
      if (!std::isfinite(value)) continue;
      low = std::min(low, value);
      high = std::max(high, value);
    }
  }
  for (const Marker& marker : spec.markers) {
    low = std::min(low, marker.value);
    high = std::max(high, marker.value);
  }
  if (spec.zero_line) {
    low = std::min(low, 0.0);
    high = std::max(high, 0.0);
  }
  if (!std::isfinite(low)) low = high = 0.0;
  if (high - low < 1e-12) {
    const double pad = std::max(std::fabs(high) * 0.05, spec.percent_axis ? 0.01 : 1.0);
    low -= pad;
    high += pad;
  } else {
    const double pad = (high - low) * 0.05;
    low -= pad;
    high += pad;
  }
  // Round ticks (60k, 62.5k, 65k) and the axis stretched to the outer ones.
  const std::vector<double> y_ticks = round_ticks(low, high, 4);
  low = std::min(low, y_ticks.front());
  high = std::max(high, y_ticks.back());
  const double y_step = y_ticks.size() > 1 ? y_ticks[1] - y_ticks[0] : high - low;
  const auto x_of = [&](int64_t time) {
    return kLeft + plot_width * static_cast<double>(time - t0) / static_cast<double>(t1 - t0);
  };
  const auto y_of = [&](double value) {
    return kTop + plot_height * (1.0 - (value - low) / (high - low));
  };

  out << "<figure class=\"chart\"><figcaption>" << escape_markup(spec.title) << "</figcaption>\n";
  out << "<svg id=\"" << spec.id << "\" class=\"chart-svg\" viewBox=\"0 0 " << kChartWidth << ' '
      << kChartHeight << "\" width=\"" << kChartWidth << "\" height=\"" << kChartHeight
      << "\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\">\n";
  out << "<rect x=\"" << kLeft << "\" y=\"" << kTop << "\" width=\"" << plot_width << "\" height=\""
      << plot_height << "\" fill=\"#fff\" stroke=\"#ccc\"/>\n";
  for (const double value : y_ticks) {
    const std::string y = coordinate(y_of(value));
    out << "<line x1=\"" << kLeft << "\" x2=\"" << kLeft + plot_width << "\" y1=\"" << y
        << "\" y2=\"" << y << "\" stroke=\"#eee\"/>";
    out << "<text x=\"" << kLeft - 6 << "\" y=\"" << y
        << "\" text-anchor=\"end\" dominant-baseline=\"middle\" class=\"tick\">"
        << tick_label(value, y_step, spec.percent_axis) << "</text>\n";
  }
  for (int i = 0; i <= 4; ++i) {
    const int64_t time = t0 + (t1 - t0) * i / 4;
    const char* anchor = i == 0 ? "start" : i == 4 ? "end" : "middle";
    out << "<text x=\"" << coordinate(x_of(time)) << "\" y=\"" << kChartHeight - 10
        << "\" text-anchor=\"" << anchor << "\" class=\"tick\">" << day(time) << "</text>\n";
  }
  if (spec.zero_line && low < 0.0 && high > 0.0) {
    const std::string y = coordinate(y_of(0.0));
    out << "<line x1=\"" << kLeft << "\" x2=\"" << kLeft + plot_width << "\" y1=\"" << y
        << "\" y2=\"" << y << "\" stroke=\"#888\" stroke-dasharray=\"4 3\"/>\n";
  }
  for (const Line& line : spec.lines) {
    std::string path;
    bool pen_down = false;
    for (size_t i = 0; i < points.size() && i < line.values.size(); ++i) {
      if (!std::isfinite(line.values[i])) {
        pen_down = false;
        continue;
      }
      path += pen_down ? 'L' : 'M';
      path += coordinate(x_of(points[i].time_ms));
      path += ' ';
      path += coordinate(y_of(line.values[i]));
      pen_down = true;
    }
    out << "<path class=\"series\" data-series=\"" << escape_markup(line.name) << "\" d=\"" << path
        << "\" fill=\"none\" stroke=\"" << line.color << "\" stroke-width=\"1.5\""
        << (line.dashed ? " stroke-dasharray=\"5 3\"" : "") << "/>\n";
  }
  std::string up, down, cross, refusal, error, alert;
  for (const Marker& marker : spec.markers) {
    const std::string x = coordinate(x_of(marker.time_ms));
    const std::string y = coordinate(y_of(marker.value));
    switch (marker.shape) {
      case Marker::Shape::Up:
        up.append("M").append(x).append(" ").append(y).append("l-4 8h8z");
        break;
      case Marker::Shape::Down:
        down.append("M").append(x).append(" ").append(y).append("l-4 -8h8z");
        break;
      case Marker::Shape::Cross:
        cross.append("M").append(x).append(" ").append(y).append("m-6 -6l12 12m0 -12l-12 12");
        break;
      case Marker::Shape::Refusal:  // a ring above the price
        refusal.append("M").append(x).append(" ").append(y).append(
            "m-4 -12a4 4 0 1 0 8 0a4 4 0 1 0 -8 0");
        break;
      case Marker::Shape::Error:  // a square below it
        error.append("M").append(x).append(" ").append(y).append("m-4 8h8v8h-8z");
        break;
      case Marker::Shape::Alert:  // a diamond above the ring
        alert.append("M").append(x).append(" ").append(y).append("m0 -26l5 5l-5 5l-5 -5z");
        break;
    }
  }
  if (!up.empty()) {
    out << "<path class=\"markers buy\" d=\"" << up << "\" fill=\"#2ca02c\" opacity=\"0.8\"/>\n";
  }
  if (!down.empty()) {
    out << "<path class=\"markers sell\" d=\"" << down << "\" fill=\"#d62728\" opacity=\"0.8\"/>\n";
  }
  if (!cross.empty()) {
    out << "<path class=\"markers liquidation\" d=\"" << cross
        << "\" stroke=\"#000\" stroke-width=\"3\"/>\n";
  }
  if (!refusal.empty()) {
    out << "<path class=\"markers refusal\" d=\"" << refusal
        << "\" fill=\"none\" stroke=\"#ff7f0e\" stroke-width=\"1.5\"/>\n";
  }
  if (!error.empty())
    out << "<path class=\"markers error\" d=\"" << error << "\" fill=\"#000\"/>\n";
  if (!alert.empty())
    out << "<path class=\"markers alert\" d=\"" << alert << "\" fill=\"#bcbd22\"/>\n";
  if (spec.hover) {
    out << "<line class=\"cursor\" x1=\"0\" x2=\"0\" y1=\"" << kTop << "\" y2=\""
        << kTop + plot_height << "\" stroke=\"#999\" visibility=\"hidden\"/>\n";
  }
  out << "</svg>\n<div class=\"legend\">";
  for (const Line& line : spec.lines) {
    // The swatch is the line itself: its colour and its dashes.
    out << "<span class=\"key\"><svg width=\"26\" height=\"8\"><line x1=\"0\" x2=\"26\" y1=\"4\" "
           "y2=\"4\" stroke=\""
        << line.color << "\" stroke-width=\"2\"" << (line.dashed ? " stroke-dasharray=\"5 3\"" : "")
        << "/></svg>" << escape_markup(line.name) << "</span>";
  }
  // A buy moves the futures position up (a short reduced or a long added), a sell down: true
  // for short hedges and long-futures strategies alike.
  if (!up.empty())
    out << "<span><i style=\"background:#2ca02c\"></i>buy (futures position up)</span>";
  if (!down.empty())
    out << "<span><i style=\"background:#d62728\"></i>sell (futures position down)</span>";
  if (!cross.empty()) out << "<span><b>&#x2715;</b> liquidation</span>";
  for (const auto& [drawn, text] :
       {std::pair<bool, const std::string&>{!refusal.empty(), spec.refusal_key},
        std::pair<bool, const std::string&>{!error.empty(), spec.error_key},
        std::pair<bool, const std::string&>{!alert.empty(), spec.alert_key}}) {
    if (drawn) out << text;
  }
  out << "</div>";
  if (spec.hover) {
    // The values under the pointer (the page's script reads them).
    nlohmann::ordered_json data;
    data["percent"] = spec.percent_axis;
    nlohmann::ordered_json times = nlohmann::ordered_json::array();
    for (const ChartPoint& point : points) times.push_back(point.time_ms);
    data["t"] = times;
    nlohmann::ordered_json lines = nlohmann::ordered_json::array();
    for (const Line& line : spec.lines) {
      nlohmann::ordered_json values = nlohmann::ordered_json::array();
      for (size_t i = 0; i < points.size() && i < line.values.size(); ++i)
        values.push_back(std::isfinite(line.values[i]) ? nlohmann::ordered_json(line.values[i])
                                                       : nlohmann::ordered_json(nullptr));
      lines.push_back({{"name", line.name}, {"values", values}});
    }
    data["lines"] = lines;
    tidy_numbers(data);
    std::string json = data.dump();
    for (size_t at = json.find("</"); at != std::string::npos; at = json.find("</", at))
      json.replace(at, 2, "<\\/");
    out << "<div class=\"readout\" id=\"" << spec.id << "-readout\">&nbsp;</div><script "
        << "type=\"application/json\" class=\"chart-data\" data-chart=\"" << spec.id
        << "\" data-t0=\"" << t0 << "\" data-t1=\"" << t1 << "\" data-left=\"" << kLeft
        << "\" data-width=\"" << plot_width << "\">" << json << "</script>";
  }
  out << "</figure>\n";
  return out.str();
}

std::vector<double> collect(const std::vector<ChartPoint>& points,
                            const std::function<double(const ChartPoint&)>& field) {
  std::vector<double> values;
  values.reserve(points.size());
  for (const ChartPoint& point : points) values.push_back(field(point));
  return values;
}

std::string asset_id(const std::string& asset) {
  std::string id;
  for (const char c : asset) {
    id += std::isalnum(static_cast<unsigned char>(c)) != 0
              ? static_cast<char>(std::tolower(static_cast<unsigned char>(c)))
              : '-';
  }
  return id;
}

std::vector<ChartSpec> chart_specs(const ReplayResult& result, size_t index) {
  const ReplayCharts& charts = result.charts;
  const std::vector<ChartPoint>& points = charts.points;
  const std::string suffix = "-" + std::to_string(index);
  std::vector<ChartSpec> specs;
  for (size_t h = 0; h < charts.assets.size(); ++h) {
    ChartSpec price;
    price.id = "chart-price" + suffix + "-" + asset_id(charts.assets[h]);
    price.title = charts.assets[h] + " price (mark) with the fills";
    // The price in dark grey: the green buy and red sell markers stand out on it.
    price.lines.push_back({charts.assets[h], "#444444",
                           collect(points, [h](const ChartPoint& p) { return p.price[h]; }),
                           false});
    for (const OrderMark& order : charts.orders) {
      if (order.hedge != h) continue;
      price.markers.push_back(
          {order.time_ms, order.price, order.buy ? Marker::Shape::Up : Marker::Shape::Down});
    }
    for (const LiquidationEvent& event : result.summary.liquidation_events) {
      if (result.summary.hedges.size() > h && event.symbol == result.summary.hedges[h].symbol) {
        price.markers.push_back({event.time_ms, event.price, Marker::Shape::Cross});
      }
    }
    for (const EventMark& event : charts.events) {
      if (event.hedge != h) continue;
      price.markers.push_back({event.time_ms, event.price,
                               event.kind == EventMark::Kind::Refusal ? Marker::Shape::Refusal
                               : event.kind == EventMark::Kind::Error ? Marker::Shape::Error
                                                                      : Marker::Shape::Alert});
    }
    price.refusal_key =
        "<span><svg width=\"10\" height=\"10\"><circle cx=\"5\" cy=\"5\" r=\"4\" "
        "fill=\"none\" stroke=\"#ff7f0e\" stroke-width=\"1.5\"/></svg> refusal (" +
        std::to_string(charts.refusals) + " in all)</span>";
    price.error_key =
        "<span><svg width=\"10\" height=\"10\"><rect x=\"1\" y=\"1\" width=\"8\" "
        "height=\"8\"/></svg> error (" +
        std::to_string(charts.errors) + " in all)</span>";
    price.alert_key =
        "<span><svg width=\"10\" height=\"10\"><path d=\"M5 0l5 5l-5 5l-5 -5z\" "
        "fill=\"#bcbd22\"/></svg> alert (" +
        std::to_string(charts.alerts) + " in all)</span>";
    specs.push_back(std::move(price));
  }
  ChartSpec ratio;
  ratio.id = "chart-ratio" + suffix;
  ratio.title = "Hedge ratio (solid: actual after the tick; dashed: the rules' target)";
  for (size_t h = 0; h < charts.assets.size(); ++h) {
    // Actual and target in two colours (and the target dashed), so they read apart.
    ratio.lines.push_back({charts.assets[h] + " actual", kPalette[(2 * h) % 6],
                           collect(points, [h](const ChartPoint& p) { return p.actual_ratio[h]; }),
                           false});
    ratio.lines.push_back({charts.assets[h] + " target", kPalette[(2 * h + 1) % 6],
                           collect(points, [h](const ChartPoint& p) { return p.target_ratio[h]; }),
                           true});
  }
  ratio.zero_line = true;
  specs.push_back(std::move(ratio));

  ChartSpec value;
  value.id = "chart-value" + suffix;
  value.title = "Portfolio value: hedged vs the same spot unhedged (quote currency)";
  value.lines.push_back({"hedged", kPalette[0],
                         collect(points, [](const ChartPoint& p) { return p.hedged_value; }),
                         false});
  value.lines.push_back({"unhedged", "#7f7f7f",
                         collect(points, [](const ChartPoint& p) { return p.unhedged_value; }),
                         false});
  specs.push_back(std::move(value));

  ChartSpec drawdown;
  drawdown.id = "chart-drawdown" + suffix;
  drawdown.title = "Drawdown from the running peak";
  drawdown.percent_axis = true;
  drawdown.zero_line = true;
  drawdown.lines.push_back({"hedged", kPalette[0],
                            collect(points, [](const ChartPoint& p) { return -p.hedged_drawdown; }),
                            false});
  drawdown.lines.push_back(
      {"unhedged", "#7f7f7f",
       collect(points, [](const ChartPoint& p) { return -p.unhedged_drawdown; }), false});
  specs.push_back(std::move(drawdown));

  ChartSpec funding;
  funding.id = "chart-funding" + suffix;
  funding.title =
      "Cumulative funding and fees (funding positive: received by the hedge; fees: paid)";
  funding.zero_line = true;
  funding.lines.push_back({"net funding", kPalette[2],
                           collect(points, [](const ChartPoint& p) { return p.funding; }), false});
  funding.lines.push_back({"fees paid", kPalette[1],
                           collect(points, [](const ChartPoint& p) { return -p.fees; }), false});
  funding.lines.push_back({"funding - fees", kPalette[3],
                           collect(points, [](const ChartPoint& p) { return p.funding - p.fees; }),
                           true});
  specs.push_back(std::move(funding));
  return specs;
}

// The values under the pointer on every chart: the nearest point's time and each line's value.
const char* const kHoverScript = R"(<script>
document.querySelectorAll('script.chart-data').forEach(function (node) {
  var data = JSON.parse(node.textContent), svg = document.getElementById(node.dataset.chart);
  var readout = document.getElementById(node.dataset.chart + '-readout');
  var cursor = svg.querySelector('line.cursor');
  var t0 = +node.dataset.t0, t1 = +node.dataset.t1, left = +node.dataset.left;
  var width = +node.dataset.width;
  svg.addEventListener('mousemove', function (event) {
    var box = svg.getBoundingClientRect();
    var px = (event.clientX - box.left) * svg.viewBox.baseVal.width / box.width;
    var t = t0 + (px - left) / width * (t1 - t0), best = 0;
    for (var i = 1; i < data.t.length; i++)
      if (Math.abs(data.t[i] - t) < Math.abs(data.t[best] - t)) best = i;
    var x = left + (data.t[best] - t0) / (t1 - t0) * width;
    cursor.setAttribute('x1', x); cursor.setAttribute('x2', x);
    cursor.setAttribute('visibility', 'visible');
    var text = new Date(data.t[best]).toISOString().slice(0, 16).replace('T', ' ');
    data.lines.forEach(function (line) {
      var v = line.values[best];
      text += ', ' + line.name + ' ' + (v === null ? 'n/a' :
              data.percent ? (v * 100).toFixed(2) + ' %' : v.toFixed(2));
    });
    readout.textContent = text;
  });
  svg.addEventListener('mouseleave', function () { cursor.setAttribute('visibility', 'hidden'); });
});
</script>
)";

const char* const kStyle =
    R"(body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#222;margin:24px auto;max-width:1000px;padding:0 12px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:32px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
table{border-collapse:collapse;margin:8px 0 16px}td,th{padding:4px 10px;border-bottom:1px solid #eee;text-align:right}
th:first-child,td:first-child{text-align:left}th{background:#f6f6f6}
.chart{margin:16px 0}.chart figcaption{font-weight:600;margin-bottom:2px}.chart-svg{max-width:100%;height:auto}
.tick{font-size:11px;fill:#555}.legend span{margin-right:16px;font-size:12px}
.legend i{display:inline-block;width:12px;height:3px;margin-right:4px;vertical-align:middle}
.bad{color:#b00020;font-weight:600}.muted{color:#777}.readout{font-size:12px;min-height:1.2em}
.legend svg{vertical-align:middle;margin-right:4px})";

std::string config_name(const ReplaySummary& summary) {
  return summary.config.empty() ? "embedded default config" : summary.config;
}

// The report's name for a config: its file name, not the machine's path to it.
std::string config_title(const ReplaySummary& summary) {
  return summary.config.empty() ? "embedded default config"
                                : std::filesystem::path(summary.config).filename().string();
}

}  // namespace

std::vector<std::string> chart_ids(const ReplayResult& result, size_t index) {
  std::vector<std::string> ids;
  for (const ChartSpec& spec : chart_specs(result, index)) ids.push_back(spec.id);
  return ids;
}

std::string summary_text(const std::vector<ReplayResult>& results) {
  std::ostringstream out;
  for (const ReplayResult& result : results) {
    const ReplaySummary& s = result.summary;
    out << "replay of " << config_name(s) << ": " << format_iso8601(s.start_ms) << " .. "
        << format_iso8601(s.end_ms) << "\n";
    if (s.errors > 0) {
      out << "  FAILED: " << s.errors << " tick error" << (s.errors == 1 ? "" : "s")
          << "; the first at " << format_iso8601(s.first_error_ms) << ": " << s.first_error << "\n";
    }
    if (s.refusals > 0 || s.liquidations > 0) {
      out << "  REFUSED " << s.refusals << " time" << (s.refusals == 1 ? "" : "s")
          << " by the risk guard, LIQUIDATED " << s.liquidations << " time"
          << (s.liquidations == 1 ? "" : "s") << "\n";
    }
    out << "  candles " << s.candles << ", ticks " << s.ticks << ", orders " << s.orders
        << ", fills " << s.fills << ", fees " << fixed(s.fees, 2) << ", funding "
        << signed_money(s.funding) << " (received " << fixed(s.funding_received, 2) << ", paid "
        << fixed(s.funding_paid, 2) << "), liquidations " << s.liquidations << ", refusals "
        << s.refusals << ", errors " << s.errors << "\n";
    if (s.transfers > 0 || s.transfers_refused > 0) {
      out << "  transfers " << s.transfers << " (" << fixed(s.transferred_to_futures, 2)
          << " to futures, " << fixed(s.transferred_to_spot, 2) << " to spot), refused "
          << s.transfers_refused << "\n";
    }
    if (s.rolls > 0) {
      out << "  rolls " << s.rolls << " (dated contracts moved to the next), basis cost "
          << fixed(s.roll_basis_cost, 2) << "\n";
    }
    for (const RuleNotReady& rule : s.not_ready) {
      out << "  NOT READY " << rule.rule << " (" << rule.hedge << ") on " << rule.ticks << " of "
          << s.ticks << " ticks; at " << format_iso8601(rule.first_ms) << ": " << rule.first_lacks
          << "\n";
    }
    char line[200];
    std::snprintf(line, sizeof line, "  %-10s %14s %14s %10s %13s %10s\n", "", "start value",
                  "final value", "return", "max drawdown", "daily vol");
    out << line;
    for (const auto& [name, p] :
         {std::pair<const char*, const PortfolioSummary*>{"hedged", &s.hedged},
          std::pair<const char*, const PortfolioSummary*>{"unhedged", &s.unhedged}}) {
      std::snprintf(line, sizeof line, "  %-10s %14s %14s %10s %13s %10s\n", name,
                    fixed(p->initial_value, 2).c_str(), fixed(p->final_value, 2).c_str(),
                    percent(p->total_return).c_str(), percent(p->max_drawdown).c_str(),
                    percent(p->daily_volatility).c_str());
      out << line;
    }
    for (const HedgeSummary& hedge : s.hedges) {
      out << "  " << hedge.asset << " (" << hedge.symbol << "): spot " << fixed(hedge.spot_qty, 4)
          << ", price " << fixed(hedge.first_price, 2) << " -> " << fixed(hedge.last_price, 2)
          << ", time at hedge ratio: " << ratio_share_text(hedge) << "\n";
    }
    for (const LiquidationEvent& event : s.liquidation_events) {
      out << "  LIQUIDATED " << event.symbol << " at " << fixed(event.price, 2) << " on "
          << format_iso8601(event.time_ms) << "\n";
    }
  }
  if (results.size() > 1) {
    out << "\ncomparison:\n";
    char line[260];
    std::snprintf(line, sizeof line, "  %-36s %10s %10s %10s %10s %10s %11s %6s %5s\n", "config",
                  "return", "max dd", "unhedged", "unh. dd", "fees", "funding", "orders", "liq");
    out << line;
    for (const ReplayResult& result : results) {
      const ReplaySummary& s = result.summary;
      std::string name = config_name(s);
      if (name.size() > 36) name = "..." + name.substr(name.size() - 33);
      std::snprintf(
          line, sizeof line, "  %-36s %10s %10s %10s %10s %10s %11s %6llu %5d\n", name.c_str(),
          percent(s.hedged.total_return).c_str(), percent(s.hedged.max_drawdown).c_str(),
          percent(s.unhedged.total_return).c_str(), percent(s.unhedged.max_drawdown).c_str(),
          fixed(s.fees, 2).c_str(), signed_money(s.funding).c_str(),
          static_cast<unsigned long long>(s.orders), s.liquidations);
      out << line;
    }
  }
  return out.str();
}

nlohmann::ordered_json summary_json(const std::vector<ReplayResult>& results) {
  nlohmann::ordered_json out;
  if (results.size() == 1) {
    out = replay_json(results.front());
  } else {
    out["replays"] = nlohmann::ordered_json::array();
    for (const ReplayResult& result : results) out["replays"].push_back(replay_json(result));
  }
  tidy_numbers(out);
  return out;
}

std::string report_html(const std::vector<ReplayResult>& results) {
  std::ostringstream out;
  std::string titles;
  for (const ReplayResult& result : results)
    titles += (titles.empty() ? "" : ", ") + config_title(result.summary);
  out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << "<title>hedgebot replay: " << escape_markup(titles) << "</title>\n<style>" << kStyle
      << "</style></head>\n<body>\n";
  out << "<h1>hedgebot replay: " << escape_markup(titles)
      << "</h1>\n<p class=\"muted\">Every tick ran the bot's own snapshot, "
         "rules, planner, risk guard and executor against the paper exchange. Portfolio value = "
         "spot at the mark + futures margin balance + stablecoins; unhedged = the same spot and "
         "cash with no futures.</p>\n";
  if (results.size() > 1) {
    out << "<h2>Comparison</h2>\n<table><tr><th>config</th><th>hedged return</th><th>hedged max "
           "drawdown</th><th>unhedged return</th><th>unhedged max drawdown</th><th>fees</th>"
           "<th>funding</th><th>orders</th><th>liquidations</th></tr>\n";
    for (const ReplayResult& result : results) {
      const ReplaySummary& s = result.summary;
      out << "<tr><td>" << escape_markup(config_title(s)) << "</td><td>"
          << percent(s.hedged.total_return) << "</td><td>" << percent(s.hedged.max_drawdown)
          << "</td><td>" << percent(s.unhedged.total_return) << "</td><td>"
          << percent(s.unhedged.max_drawdown) << "</td><td>" << fixed(s.fees, 2) << "</td><td>"
          << signed_money(s.funding) << "</td><td>" << s.orders << "</td><td"
          << (s.liquidations > 0 ? " class=\"bad\"" : "") << ">" << s.liquidations
          << "</td></tr>\n";
    }
    out << "</table>\n";
    // The equity curves overlaid: each config's hedged return on the first one's time axis.
    const std::vector<ChartPoint>& axis = results.front().charts.points;
    ChartSpec compare;
    compare.id = "chart-compare";
    compare.title = "Hedged return of each config (the same market, overlaid)";
    compare.percent_axis = true;
    compare.zero_line = true;
    for (size_t r = 0; r < results.size(); ++r) {
      const std::vector<ChartPoint>& own = results[r].charts.points;
      const double start = results[r].summary.hedged.initial_value;
      std::vector<double> values;
      size_t at = 0;
      for (const ChartPoint& point : axis) {
        while (at + 1 < own.size() && own[at + 1].time_ms <= point.time_ms) ++at;
        values.push_back(own.empty() || start <= 0.0 || own[at].time_ms > point.time_ms
                             ? std::numeric_limits<double>::quiet_NaN()
                             : own[at].hedged_value / start - 1.0);
      }
      compare.lines.push_back({config_title(results[r].summary), kPalette[r % 6], values, false});
    }
    out << svg_chart(compare, axis);
  }
  for (size_t i = 0; i < results.size(); ++i) {
    const ReplayResult& result = results[i];
    const ReplaySummary& s = result.summary;
    out << "<section id=\"replay-" << i + 1 << "\">\n<h2>" << escape_markup(config_title(s))
        << "</h2>\n";
    out << "<p>" << format_iso8601(s.start_ms) << " &rarr; " << format_iso8601(s.end_ms) << ": "
        << s.candles << " candles, " << s.ticks << " ticks, " << s.orders << " orders, " << s.fills
        << " fills, fees " << fixed(s.fees, 2) << ", funding " << signed_money(s.funding)
        << " (received " << fixed(s.funding_received, 2) << ", paid " << fixed(s.funding_paid, 2)
        << "), " << s.refusals << " refusals, " << s.errors << " errors.</p>\n";
    if (s.liquidations > 0) {
      out << "<p class=\"bad liquidation\">Liquidated " << s.liquidations << " time"
          << (s.liquidations == 1 ? "" : "s") << ":";
      for (const LiquidationEvent& event : s.liquidation_events) {
        out << " " << escape_markup(event.symbol) << " at " << fixed(event.price, 2) << " on "
            << format_iso8601(event.time_ms) << ";";
      }
      out << "</p>\n";
    }
    out << "<table><tr><th></th><th>start value</th><th>final value</th><th>return</th><th>max "
           "drawdown</th><th>daily volatility</th></tr>\n";
    for (const auto& [name, p] :
         {std::pair<const char*, const PortfolioSummary*>{"hedged", &s.hedged},
          std::pair<const char*, const PortfolioSummary*>{"unhedged", &s.unhedged}}) {
      out << "<tr><td>" << name << "</td><td>" << fixed(p->initial_value, 2) << "</td><td>"
          << fixed(p->final_value, 2) << "</td><td>" << percent(p->total_return) << "</td><td>"
          << percent(p->max_drawdown) << "</td><td>" << percent(p->daily_volatility)
          << "</td></tr>\n";
    }
    out << "</table>\n<table><tr><th>hedge</th><th>spot</th><th>price</th><th>final "
           "ratio</th><th>time at hedge ratio</th></tr>\n";
    for (const HedgeSummary& hedge : s.hedges) {
      out << "<tr><td>" << escape_markup(hedge.asset) << " (" << escape_markup(hedge.symbol)
          << ")</td><td>" << fixed(hedge.spot_qty, 4) << "</td><td>" << fixed(hedge.first_price, 2)
          << " &rarr; " << fixed(hedge.last_price, 2) << "</td><td>" << fixed(hedge.final_ratio, 2)
          << "</td><td>" << escape_markup(ratio_share_text(hedge)) << "</td></tr>\n";
    }
    out << "</table>\n";
    for (const ChartSpec& spec : chart_specs(result, i + 1)) {
      out << svg_chart(spec, result.charts.points);
    }
    if (result.charts.orders_dropped > 0) {
      out << "<p class=\"muted\">" << result.charts.orders.size() << " of " << s.fills
          << " fills are marked on the price chart (every fill is in the journal).</p>\n";
    }
    out << "<h3>Orders</h3>\n<table class=\"orders\"><tr><th>time</th><th>hedge</th><th>side</th>"
           "<th>qty</th><th>price</th><th>reduce-only</th><th>status</th></tr>\n";
    for (const OrderRow& order : result.charts.order_rows) {
      out << "<tr><td>" << format_iso8601(order.time_ms) << "</td><td>"
          << escape_markup(order.hedge) << "</td><td>" << escape_markup(order.side) << "</td><td>"
          << escape_markup(order.qty) << "</td><td>" << escape_markup(order.price) << "</td><td>"
          << (order.reduce_only ? "yes" : "") << "</td><td>" << escape_markup(order.status)
          << "</td></tr>\n";
    }
    out << "</table>\n";
    if (result.charts.orders_not_listed > 0) {
      out << "<p class=\"muted\">The first " << result.charts.order_rows.size() << " of "
          << s.orders << " orders; every order is in orders.csv and the journal.</p>\n";
    }
    out << "</section>\n";
  }
  out << kHoverScript << "</body></html>\n";
  return out.str();
}

}  // namespace hedgebot::bot::replay
