#include "bot/whatif/whatif_report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <optional>
#include <sstream>

#include "bot/pipeline/chart_ticks.hpp"
#include "bot/pipeline/markup.hpp"
#include "bot/pipeline/report_output.hpp"
#include "bot/whatif/whatif_output.hpp"
#include "exchange/number_text.hpp"

namespace hedgebot::bot {
namespace {

constexpr double kWidth = 860;
constexpr double kHeight = 300;
constexpr double kLeft = 70;
constexpr double kRight = 20;
constexpr double kTop = 16;
constexpr double kBottom = 40;

constexpr const char* kHedgedColour = "#1f77b4";
constexpr const char* kUnhedgedColour = "#ff7f0e";
constexpr const char* kRatioColour = "#9467bd";
constexpr const char* kLiquidationColour = "#d62728";

std::string coordinate(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", value);
  return text;
}

struct Series {
  std::string name;
  std::string css;  // class suffix: hedged, unhedged, ratio
  const char* colour;
  bool dashed = false;
  std::vector<double> values;  // NaN = no value (pen up)
};

struct Chart {
  std::string id;
  std::string title;
  std::string x_title;
  bool percent_axis = false;
  std::vector<double> xs;  // prices
  std::vector<Series> series;
  std::vector<double> liquidation_xs;     // vertical markers
  std::optional<double> horizontal_line;  // the 100 % margin ratio
  std::string horizontal_name;
};

std::string svg_chart(const Chart& chart) {
  std::ostringstream out;
  const double plot_width = kWidth - kLeft - kRight;
  const double plot_height = kHeight - kTop - kBottom;
  double x0 = chart.xs.empty() ? 0.0 : chart.xs.front();
  double x1 = chart.xs.empty() ? 1.0 : chart.xs.back();
  if (x1 <= x0) x1 = x0 + 1.0;
  double low = std::numeric_limits<double>::infinity();
  double high = -low;
  for (const Series& series : chart.series)
    for (const double value : series.values)
      if (std::isfinite(value)) {
        low = std::min(low, value);
        high = std::max(high, value);
      }
  if (chart.horizontal_line) {
    low = std::min(low, *chart.horizontal_line);
    high = std::max(high, *chart.horizontal_line);
  }
  if (!std::isfinite(low)) low = high = 0.0;
  if (high - low < 1e-12) {
    low -= 1.0;
    high += 1.0;
  }
  const std::vector<double> y_ticks = round_ticks(low, high, 5);
  low = std::min(low, y_ticks.front());
  high = std::max(high, y_ticks.back());
  const std::vector<double> x_ticks = round_ticks(x0, x1, 8);
  const auto x_of = [&](double x) { return kLeft + plot_width * (x - x0) / (x1 - x0); };
  const auto y_of = [&](double y) { return kTop + plot_height * (1.0 - (y - low) / (high - low)); };

  out << "<figure class=\"chart\"><figcaption>" << escape_markup(chart.title) << "</figcaption>\n";
  out << "<svg id=\"" << chart.id << "\" class=\"chart-svg\" viewBox=\"0 0 " << kWidth << ' '
      << kHeight << "\" width=\"" << kWidth << "\" height=\"" << kHeight
      << "\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" data-x0=\"" << x0 << "\" data-x1=\""
      << x1 << "\" data-left=\"" << kLeft << "\" data-plot-width=\"" << plot_width << "\">\n";
  out << "<rect x=\"" << kLeft << "\" y=\"" << kTop << "\" width=\"" << plot_width << "\" height=\""
      << plot_height << "\" fill=\"#fff\" stroke=\"#ccc\"/>\n";
  const double y_step = y_ticks.size() > 1 ? y_ticks[1] - y_ticks[0] : 1.0;
  for (const double value : y_ticks) {
    if (value < low - 1e-9 || value > high + 1e-9) continue;
    const std::string y = coordinate(y_of(value));
    out << "<line x1=\"" << kLeft << "\" x2=\"" << kLeft + plot_width << "\" y1=\"" << y
        << "\" y2=\"" << y << "\" stroke=\"#eee\"/><text x=\"" << kLeft - 6 << "\" y=\"" << y
        << "\" text-anchor=\"end\" dominant-baseline=\"middle\" class=\"tick\">"
        << tick_label(value, y_step, chart.percent_axis) << "</text>\n";
  }
  const double x_step = x_ticks.size() > 1 ? x_ticks[1] - x_ticks[0] : 1.0;
  for (const double value : x_ticks) {
    if (value < x0 - 1e-9 || value > x1 + 1e-9) continue;
    out << "<text x=\"" << coordinate(x_of(value)) << "\" y=\"" << kHeight - 22
        << "\" text-anchor=\"middle\" class=\"tick\">" << tick_label(value, x_step, false)
        << "</text>\n";
  }
  out << "<text x=\"" << kLeft + plot_width / 2 << "\" y=\"" << kHeight - 4
      << "\" text-anchor=\"middle\" class=\"axis-title\">" << escape_markup(chart.x_title)
      << "</text>\n";
  if (chart.horizontal_line) {
    const std::string y = coordinate(y_of(*chart.horizontal_line));
    out << "<line class=\"limit\" x1=\"" << kLeft << "\" x2=\"" << kLeft + plot_width << "\" y1=\""
        << y << "\" y2=\"" << y << "\" stroke=\"" << kLiquidationColour
        << "\" stroke-dasharray=\"6 4\"/>\n";
  }
  for (const double x : chart.liquidation_xs) {
    if (x < x0 || x > x1) continue;
    const std::string at = coordinate(x_of(x));
    out << "<line class=\"markers liquidation\" x1=\"" << at << "\" x2=\"" << at << "\" y1=\""
        << kTop << "\" y2=\"" << kTop + plot_height << "\" stroke=\"" << kLiquidationColour
        << "\" stroke-width=\"2\"/>\n";
  }
  for (const Series& series : chart.series) {
    std::string path;
    bool pen_down = false;
    for (size_t i = 0; i < chart.xs.size() && i < series.values.size(); ++i) {
      if (!std::isfinite(series.values[i])) {
        pen_down = false;
        continue;
      }
      path += pen_down ? 'L' : 'M';
      path += coordinate(x_of(chart.xs[i])) + ' ' + coordinate(y_of(series.values[i]));
      pen_down = true;
    }
    out << "<path class=\"series " << series.css << "\" data-series=\""
        << escape_markup(series.name) << "\" d=\"" << path << "\" fill=\"none\" stroke=\""
        << series.colour << "\" stroke-width=\"2\""
        << (series.dashed ? " stroke-dasharray=\"7 4\"" : "") << "/>\n";
  }
  out << "<line class=\"cursor\" x1=\"0\" x2=\"0\" y1=\"" << kTop << "\" y2=\""
      << kTop + plot_height << "\" stroke=\"#999\" visibility=\"hidden\"/>\n";
  out << "</svg>\n<div class=\"legend\">";
  for (const Series& series : chart.series) {
    out << "<span class=\"key " << series.css
        << "\"><svg width=\"28\" height=\"10\"><line x1=\"0\" "
        << "x2=\"28\" y1=\"5\" y2=\"5\" stroke=\"" << series.colour << "\" stroke-width=\"2\""
        << (series.dashed ? " stroke-dasharray=\"7 4\"" : "") << "/></svg>"
        << escape_markup(series.name) << "</span>";
  }
  if (chart.horizontal_line) {
    out << "<span class=\"key limit\"><svg width=\"28\" height=\"10\"><line x1=\"0\" x2=\"28\" "
           "y1=\"5\" y2=\"5\" stroke=\""
        << kLiquidationColour << "\" stroke-dasharray=\"6 4\"/></svg>"
        << escape_markup(chart.horizontal_name) << "</span>";
  }
  if (!chart.liquidation_xs.empty()) {
    out << "<span class=\"key liquidation\"><svg width=\"10\" height=\"12\"><line x1=\"5\" "
           "x2=\"5\" "
           "y1=\"0\" y2=\"12\" stroke=\""
        << kLiquidationColour << "\" stroke-width=\"2\"/></svg>liquidation price</span>";
  }
  out << "</div><div class=\"readout\" id=\"" << chart.id << "-readout\">&nbsp;</div></figure>\n";
  return out.str();
}

double finite_or_nan(const std::optional<double>& value) {
  return value ? *value : std::numeric_limits<double>::quiet_NaN();
}

// The values under the pointer: the nearest drawn point of each series of the chart.
constexpr const char* kHoverScript = R"(<script>
(function () {
  var data = JSON.parse(document.getElementById('whatif-data').textContent);
  document.querySelectorAll('svg.chart-svg').forEach(function (svg) {
    var series = data[svg.id];
    if (!series) return;
    var readout = document.getElementById(svg.id + '-readout');
    var cursor = svg.querySelector('line.cursor');
    var x0 = +svg.dataset.x0, x1 = +svg.dataset.x1;
    var left = +svg.dataset.left, width = +svg.dataset.plotWidth;
    svg.addEventListener('mousemove', function (event) {
      var box = svg.getBoundingClientRect();
      var px = (event.clientX - box.left) * svg.viewBox.baseVal.width / box.width;
      var x = x0 + (px - left) / width * (x1 - x0);
      var best = 0;
      for (var i = 1; i < series.x.length; i++)
        if (Math.abs(series.x[i] - x) < Math.abs(series.x[best] - x)) best = i;
      var at = left + (series.x[best] - x0) / (x1 - x0) * width;
      cursor.setAttribute('x1', at); cursor.setAttribute('x2', at);
      cursor.setAttribute('visibility', 'visible');
      var text = series.x_name + ' ' + series.x[best].toFixed(2) + ' (' +
                 (series.move[best] * 100).toFixed(0) + ' %)';
      series.lines.forEach(function (line) {
        var value = line.values[best];
        text += ', ' + line.name + ' ' + (value === null ? 'n/a' :
                line.percent ? (value * 100).toFixed(2) + ' %' : value.toFixed(2));
      });
      readout.textContent = text;
    });
    svg.addEventListener('mouseleave', function () {
      cursor.setAttribute('visibility', 'hidden');
    });
  });
})();
</script>)";

nlohmann::ordered_json hover_json(const Chart& chart, const std::vector<double>& moves,
                                  const std::string& x_name) {
  nlohmann::ordered_json out;
  out["x_name"] = x_name;
  out["x"] = chart.xs;
  out["move"] = moves;
  nlohmann::ordered_json lines = nlohmann::ordered_json::array();
  for (const Series& series : chart.series) {
    nlohmann::ordered_json values = nlohmann::ordered_json::array();
    for (const double value : series.values)
      values.push_back(std::isfinite(value) ? nlohmann::ordered_json(value) : nullptr);
    lines.push_back({{"name", series.name}, {"percent", chart.percent_axis}, {"values", values}});
  }
  out["lines"] = lines;
  tidy_numbers(out);
  return out;
}

std::string percent_text(double fraction, int decimals = 2, bool plus = false) {
  return fixed_text(fraction * 100.0, decimals, plus) + " %";
}

}  // namespace

std::vector<std::string> whatif_chart_ids() {
  return {"whatif-value", "whatif-margin"};
}

std::vector<double> whatif_chart_moves(const WhatifResult& result) {
  // From -80 % to +150 %, stretched to show a liquidation up to +400 % or down to -95 %.
  int low = -80;
  int high = 150;
  if (result.liquidation_move_up && *result.liquidation_move_up < 4.0)
    high = std::max(high, static_cast<int>(std::ceil(*result.liquidation_move_up * 110.0)));
  if (result.liquidation_move_down && *result.liquidation_move_down > -0.95)
    low = std::min(low, static_cast<int>(std::floor(*result.liquidation_move_down * 110.0)));
  low = std::max(low, -95);
  std::vector<double> moves;
  for (int percent = low; percent <= high; ++percent) moves.push_back(percent / 100.0);
  const auto inside = [&](double move) { return move >= low / 100.0 && move <= high / 100.0; };
  for (const double move : result.input.moves)
    if (inside(move)) moves.push_back(move);
  for (const std::optional<double>& move :
       {result.liquidation_move_up, result.liquidation_move_down})
    if (move && inside(*move)) moves.push_back(*move);
  std::sort(moves.begin(), moves.end());
  moves.erase(std::unique(moves.begin(), moves.end(),
                          [](double a, double b) { return std::fabs(a - b) < 1e-12; }),
              moves.end());
  return moves;
}

std::string whatif_report_html(const WhatifResult& table, const WhatifResult& curve,
                               const std::string& mode, const std::string& title) {
  std::ostringstream out;
  const std::string& quote = table.input.margin_asset;
  out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>hedgebot "
         "whatif: "
      << escape_markup(title) << "</title>\n<style>\n"
      << "body{font-family:system-ui,sans-serif;margin:24px;color:#222;max-width:960px}\n"
      << "table{border-collapse:collapse;margin:8px 0 20px}td,th{padding:3px 10px;text-align:right;"
         "border-bottom:1px solid "
         "#eee;white-space:nowrap}th{background:#f6f6f6}td:first-child,th:first-child{text-"
         "align:left}\n"
      << ".bad{color:#b00;font-weight:600}.muted{color:#666}.tick{font-size:11px;fill:#555}\n"
      << ".axis-title{font-size:12px;fill:#333}.legend span{margin-right:18px;font-size:12px}\n"
      << ".legend svg{vertical-align:middle;margin-right:4px}.readout{font-size:12px;color:#333;"
         "min-height:1.2em}\n"
      << "</style></head><body>\n";
  out << "<h1>hedgebot whatif: " << escape_markup(title) << "</h1>\n<p class=\"muted\">" << mode
      << ", " << format_iso8601(table.input.now_ms) << ", "
      << (table.input.before ? "the account as it is now"
                             : "the account as the next tick would leave it")
      << ". Wallet " << fixed(table.input.wallet_balance, 2) << " " << quote << ", margin balance "
      << fixed(table.now.margin_balance, 2) << ", margin ratio "
      << (table.now.margin_ratio() ? percent_text(*table.now.margin_ratio()) : "bankrupt")
      << ".</p>\n";
  if (table.moves_together)
    out << "<p class=\"muted\">" << escape_markup(kMovesTogetherNote) << ".</p>\n";

  out << "<h2>Liquidation</h2>\n<table class=\"hedges\"><tr><th>hedge</th><th>symbol</th>"
         "<th>position</th><th>entry</th><th>mark</th><th>liquidation price</th><th>distance</th>"
         "</tr>\n";
  for (const WhatifHedge& hedge : table.hedges) {
    out << "<tr><td>" << escape_markup(hedge.asset) << "</td><td>" << escape_markup(hedge.symbol)
        << "</td><td>" << fixed(hedge.position_qty, 4) << "</td><td>" << fixed(hedge.entry_price, 2)
        << "</td><td>" << fixed(hedge.mark_price, 2) << "</td>";
    if (hedge.liquidation_price && hedge.liquidation_distance) {
      out << "<td>" << fixed(*hedge.liquidation_price, 2) << "</td><td"
          << (*hedge.liquidation_distance < 0.15 ? " class=\"bad\"" : "") << ">"
          << percent_text(*hedge.liquidation_distance) << "</td>";
    } else {
      out << "<td>none</td><td></td>";
    }
    out << "</tr>\n";
  }
  out << "</table>\n";

  out << "<h2>Scenarios</h2>\n<table class=\"scenarios\"><tr><th>move</th>";
  for (const WhatifHedge& hedge : table.hedges)
    out << "<th>" << escape_markup(hedge.symbol) << "</th>";
  out << "<th>spot value</th><th>futures PnL</th><th>hedged</th><th>unhedged</th><th>margin "
         "balance</th><th>margin ratio</th><th></th></tr>\n";
  for (const WhatifScenario& scenario : table.scenarios) {
    out << "<tr" << (scenario.liquidated ? " class=\"bad\"" : "") << "><td>"
        << percent_text(scenario.move, 0, true) << "</td>";
    for (const auto& price : scenario.prices) out << "<td>" << fixed(price.second, 2) << "</td>";
    out << "<td>" << fixed(scenario.spot_value, 2) << "</td><td>" << fixed(scenario.futures_pnl, 2)
        << "</td><td>" << fixed(scenario.hedged_value, 2) << "</td><td>"
        << fixed(scenario.unhedged_value, 2) << "</td><td>" << fixed(scenario.margin_balance, 2)
        << "</td><td>"
        << (scenario.margin_ratio ? percent_text(*scenario.margin_ratio) : "bankrupt")
        << "</td><td>" << (scenario.liquidated ? "LIQUIDATED" : "") << "</td></tr>\n";
  }
  out << "</table>\n";

  // The charts: against the first hedge's price (every mark moves by the same fraction).
  const std::string x_symbol = curve.hedges.empty() ? "price" : curve.hedges.front().symbol;
  const double x_mark = curve.hedges.empty() ? 1.0 : curve.hedges.front().mark_price;
  std::vector<double> xs;
  std::vector<double> moves;
  Series hedged{"hedged value", "hedged", kHedgedColour, false, {}};
  Series unhedged{"unhedged value", "unhedged", kUnhedgedColour, true, {}};
  Series ratio{"margin ratio", "ratio", kRatioColour, false, {}};
  for (const WhatifScenario& scenario : curve.scenarios) {
    moves.push_back(scenario.move);
    xs.push_back(x_mark * (1.0 + scenario.move));
    hedged.values.push_back(scenario.hedged_value);
    unhedged.values.push_back(scenario.unhedged_value);
    // Past the liquidation (ratio 100 %) the positions are gone: no ratio to draw.
    const bool past =
        scenario.liquidated && !(scenario.margin_ratio && *scenario.margin_ratio <= 1.0 + 1e-9);
    ratio.values.push_back(past ? std::numeric_limits<double>::quiet_NaN()
                                : finite_or_nan(scenario.margin_ratio));
  }
  std::vector<double> liquidation_xs;
  for (const std::optional<double>& move : {curve.liquidation_move_up, curve.liquidation_move_down})
    if (move) liquidation_xs.push_back(x_mark * (1.0 + *move));
  const std::string x_title =
      x_symbol + " price" + (curve.hedges.size() > 1 ? " (every mark moves by the same %)" : "");
  Chart value{"whatif-value",
              "Portfolio value against the price (" + quote + ")",
              x_title,
              false,
              xs,
              {hedged, unhedged},
              liquidation_xs,
              std::nullopt,
              ""};
  Chart margin{"whatif-margin",
               "Margin ratio against the price (liquidation at 100 %)",
               x_title,
               true,
               xs,
               {ratio},
               liquidation_xs,
               1.0,
               "liquidation (100 %)"};
  out << "<h2>Charts</h2>\n" << svg_chart(value) << svg_chart(margin);

  out << "<h2>Funding forecast</h2>\n<table class=\"funding\"><tr><th>hedge</th><th>rate "
         "basis</th><th>rate</th><th>per day</th><th>per 30 days</th><th>fees paid back "
         "in</th></tr>\n";
  for (const WhatifFunding& funding : table.funding) {
    for (const FundingAtRate& rate : funding.rates) {
      out << "<tr><td>" << escape_markup(funding.asset) << "</td><td>" << rate.basis << "</td>";
      if (!rate.rate) {
        out << "<td>unknown</td><td></td><td></td><td></td></tr>\n";
        continue;
      }
      out << "<td>" << fixed_text(*rate.rate * 100.0, 4) << " %</td><td>" << fixed(rate.per_day, 2)
          << "</td><td>" << fixed(rate.per_30_days, 2) << "</td><td>"
          << (rate.fee_payback_days ? fixed(*rate.fee_payback_days, 1) + " days" : "")
          << "</td></tr>\n";
    }
  }
  out << "</table>\n<p class=\"muted\">Positive: received by the position; negative: paid. Mean "
         "over the settlements of the last "
      << static_cast<int>(kFundingWindowMs / (24 * kHourMs)) << " days.</p>\n";
  if (!table.input.notes.empty()) {
    out << "<h2>Notes</h2>\n<ul>\n";
    for (const std::string& note : table.input.notes)
      out << "<li>" << escape_markup(note) << "</li>\n";
    out << "</ul>\n";
  }
  nlohmann::ordered_json data;
  data[value.id] = hover_json(value, moves, x_symbol);
  data[margin.id] = hover_json(margin, moves, x_symbol);
  std::string json = data.dump();
  for (size_t at = json.find("</"); at != std::string::npos; at = json.find("</", at))
    json.replace(at, 2, "<\\/");  // no "</script>" inside the script
  out << "<script type=\"application/json\" id=\"whatif-data\">" << json << "</script>\n"
      << kHoverScript << "\n</body></html>\n";
  return out.str();
}

}  // namespace hedgebot::bot
