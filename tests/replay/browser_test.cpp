// report.html in a real headless browser (Debian's chromium): every chart's SVG must be laid
// out with visible series. Skipped only when chromium is absent and CI is not set; in CI a
// missing browser fails.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <regex>

#include "tests/replay/replay_fixtures.hpp"
#include "tests/support/run_command.hpp"
#include "tests/support/temp_dir.hpp"

namespace hedgebot::testing {
namespace {

// Appended to a copy of the report (the report itself has no script): records, on each chart
// SVG, how many of its series paths the browser laid out with a non-empty box and length.
const char* const kProbe = R"(<script>
for (const svg of document.querySelectorAll('svg')) {
  const paths = svg.querySelectorAll('path.series');
  let drawn = 0;
  for (const path of paths) {
    const box = path.getBBox();
    if (path.getTotalLength() > 0 && (box.width > 0 || box.height > 0)) drawn++;
  }
  const rect = svg.getBoundingClientRect();
  svg.setAttribute('data-rendered', drawn + '/' + paths.length + ' ' + Math.round(rect.width) +
                   'x' + Math.round(rect.height));
}
document.body.setAttribute('data-probe', 'done');
</script>)";

std::string find_chromium() {
  for (const char* name : {"chromium", "chromium-browser"}) {
    const CommandResult found = run_command(std::string("command -v ") + name);
    if (found.exit_code == 0 && !found.out.empty()) return name;
  }
  return {};
}

// Runs chromium on `html_path` and returns the DOM after the probe ran.
std::string rendered_dom(const std::string& chromium, const TempDir& dir,
                         const std::string& html_path) {
  std::string html = read_file(html_path);
  const size_t body_end = html.rfind("</body>");
  html.insert(body_end == std::string::npos ? html.size() : body_end, kProbe);
  const std::string probed = dir.write("probed.html", html);
  const CommandResult run =
      run_command("timeout 120 " + chromium +
                  " --headless --no-sandbox --disable-gpu --disable-background-networking "
                  "--disable-component-update --disable-sync --no-first-run --user-data-dir=" +
                  dir.file("profile") + " --dump-dom file://" + probed);
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("data-probe=\"done\""), std::string::npos)
      << "the browser did not run the page";
  return run.out;
}

// The charts of `ids` that are missing from the DOM or drew nothing, with why.
std::vector<std::string> charts_not_rendered(const std::string& dom,
                                             const std::vector<std::string>& ids) {
  std::vector<std::string> problems;
  for (const std::string& id : ids) {
    const std::regex svg("<svg[^>]*id=\"" + id + "\"[^>]*>");
    std::smatch tag;
    if (!std::regex_search(dom, tag, svg)) {
      problems.push_back(id + ": missing");
      continue;
    }
    std::smatch rendered;
    const std::string text = tag.str();
    if (!std::regex_search(text, rendered,
                           std::regex("data-rendered=\"(\\d+)/(\\d+) (\\d+)x(\\d+)\""))) {
      problems.push_back(id + ": not laid out");
      continue;
    }
    const int drawn = std::stoi(rendered[1]);
    const int paths = std::stoi(rendered[2]);
    if (paths == 0 || drawn != paths || std::stoi(rendered[3]) == 0 ||
        std::stoi(rendered[4]) == 0) {
      problems.push_back(id + ": drew " + rendered.str());
    }
  }
  return problems;
}

class BrowserTest : public ::testing::Test {
 protected:
  void SetUp() override {
    chromium_ = find_chromium();
    if (chromium_.empty()) {
      if (std::getenv("CI") != nullptr) {
        FAIL() << "chromium is not installed and CI is set: scripts/setup.sh must install it";
      }
      GTEST_SKIP() << "chromium is not installed (apt-get install chromium)";
    }
  }
  std::string chromium_;
};

// BTC and ETH in one replay: a price chart each, then ratio, value, drawdown and funding.
const std::vector<std::string> kExpectedCharts = {"chart-price-1-btc", "chart-price-1-eth",
                                                  "chart-ratio-1",     "chart-value-1",
                                                  "chart-drawdown-1",  "chart-funding-1"};

std::string write_report(const TempDir& dir) {
  std::string text =
      "[bot]\ninterval = \"1h\"\n\n[paper]\nbalance = 60000.0\n"
      "spot = { BTC = 1.0, ETH = 10.0 }\n\n[risk]\nmax_order_notional = 200000.0\n\n";
  for (const char* asset : {"BTC", "ETH"}) {
    const std::string lower = std::string(asset) == "BTC" ? "btc" : "eth";
    text += std::string("[[hedge]]\nasset = \"") + asset + "\"\nsymbol = \"" + asset +
            "USDT\"\nbaseline_ratio = 0.5\ncandles = \"" +
            source_path("data/binance-" + lower + "usdt-perp-1h.csv") + "\"\nfunding = \"" +
            source_path("data/binance-" + lower + "usdt-funding.csv") + "\"\n\n";
  }
  text +=
      "[[rule]]\nname = \"bear\"\nwhen = \"price_below_ma\"\ntimeframe = \"1d\"\nperiod = 20\n"
      "action = \"set_ratio\"\nratio = 1.0\n";
  const std::string config = dir.write("two.toml", text);
  const CommandResult run = run_command(hedgebot_binary() + " replay -c " + config +
                                        " --from 2025-01-01 --report " + dir.file("report"));
  EXPECT_EQ(run.exit_code, 0) << run.err;
  return dir.file("report/report.html");
}

TEST_F(BrowserTest, EveryChartOfTheReportRenders) {
  TempDir dir;
  const std::string report = write_report(dir);
  const std::string dom = rendered_dom(chromium_, dir, report);
  const std::vector<std::string> problems = charts_not_rendered(dom, kExpectedCharts);
  EXPECT_TRUE(problems.empty()) << ::testing::PrintToString(problems);
}

TEST_F(BrowserTest, FailsWhenAChartIsMissing) {
  TempDir dir;
  const std::string report = write_report(dir);
  std::string html = read_file(report);
  // Plain finds: std::regex recurses once per character and a whole chart
  // overflows the stack under the address sanitizer.
  const size_t begin = html.find("<svg id=\"chart-funding-1\"");
  ASSERT_NE(begin, std::string::npos);
  const std::string close = "</svg>";
  const size_t end = html.find(close, begin);
  ASSERT_NE(end, std::string::npos);
  html.erase(begin, end + close.size() - begin);
  const std::string broken = dir.write("broken.html", html);
  const std::string dom = rendered_dom(chromium_, dir, broken);
  const std::vector<std::string> problems = charts_not_rendered(dom, kExpectedCharts);
  ASSERT_EQ(problems.size(), 1u) << ::testing::PrintToString(problems);
  EXPECT_EQ(problems[0], "chart-funding-1: missing");
}

TEST_F(BrowserTest, FailsWhenAChartDrawsNothing) {
  TempDir dir;
  const std::string report = write_report(dir);
  std::string html = read_file(report);
  // Empty path data in the ratio chart's series.
  const size_t chart = html.find("id=\"chart-ratio-1\"");
  ASSERT_NE(chart, std::string::npos);
  const size_t path = html.find("class=\"series\"", chart);
  const size_t data = html.find(" d=\"", path);
  const size_t end = html.find('"', data + 4);
  html.erase(data + 4, end - (data + 4));
  const std::string broken = dir.write("empty.html", html);
  const std::vector<std::string> problems =
      charts_not_rendered(rendered_dom(chromium_, dir, broken), kExpectedCharts);
  ASSERT_EQ(problems.size(), 1u) << ::testing::PrintToString(problems);
  EXPECT_EQ(problems[0].rfind("chart-ratio-1: drew", 0), 0u) << problems[0];
}

// What the report tells apart, read from its HTML: the actual and target ratio of a hedge in
// two colours, legend swatches drawn as the lines (dashes included), buy and sell markers named
// for the futures position (right for long-futures strategies too), the config's file name as
// the title (not the machine's path), and round value ticks.
TEST(ReplayReportHtml, RatioLinesLegendsTitleAndTicksReadApart) {
  TempDir dir;
  const std::string html = read_file(write_report(dir));
  std::smatch actual;
  std::smatch target;
  ASSERT_TRUE(std::regex_search(html, actual,
                                std::regex("data-series=\"BTC actual\"[^>]*stroke=\"([^\"]+)\"")));
  ASSERT_TRUE(std::regex_search(html, target,
                                std::regex("data-series=\"BTC target\"[^>]*stroke=\"([^\"]+)\"")));
  EXPECT_NE(actual[1].str(), target[1].str());
  EXPECT_NE(html.find("stroke-dasharray=\"5 3\"/></svg>BTC target"), std::string::npos);
  EXPECT_EQ(html.find("hedge reduced"), std::string::npos);
  EXPECT_NE(html.find("buy (futures position up)"), std::string::npos);
  EXPECT_NE(html.find("<title>hedgebot replay: two.toml</title>"), std::string::npos);
  EXPECT_EQ(html.find(dir.file("two.toml")), std::string::npos);
  // The value chart's ticks: evenly 1, 2, 2.5 or 5 x 10^k apart, each a multiple of the step.
  const size_t chart = html.find("id=\"chart-value-1\"");
  ASSERT_NE(chart, std::string::npos);
  const std::string svg = html.substr(chart, html.find("</svg>", chart) - chart);
  const std::regex tick("text-anchor=\"end\"[^>]*class=\"tick\">(-?[0-9.]+)([kM]?)<");
  std::vector<double> values;
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), tick); it != std::sregex_iterator();
       ++it) {
    const double unit = (*it)[2].str() == "k" ? 1e3 : (*it)[2].str() == "M" ? 1e6 : 1.0;
    values.push_back(std::stod((*it)[1].str()) * unit);
  }
  ASSERT_GE(values.size(), 3u);
  const double step = values[1] - values[0];
  const double mantissa = step / std::pow(10.0, std::floor(std::log10(std::fabs(step))));
  EXPECT_TRUE(std::fabs(mantissa - 1) < 1e-6 || std::fabs(mantissa - 2) < 1e-6 ||
              std::fabs(mantissa - 2.5) < 1e-6 || std::fabs(mantissa - 5) < 1e-6)
      << "step " << step;
  for (size_t i = 0; i < values.size(); ++i) {
    EXPECT_NEAR(values[i], values[0] + step * static_cast<double>(i), std::fabs(step) * 1e-6);
    EXPECT_NEAR(values[i] / step, std::round(values[i] / step), 1e-6) << values[i];
  }
}

// The orders table, the funding and fees panel, the hover data of every chart, and, for a
// config whose every order is refused, the refusal markers on the price chart with their count.
TEST(ReplayReportHtml, OrdersFeesHoverAndRefusalMarkers) {
  TempDir dir;
  const std::string html = read_file(write_report(dir));
  const size_t orders = html.find("<table class=\"orders\">");
  ASSERT_NE(orders, std::string::npos);
  EXPECT_NE(html.find("<td>SELL</td>", orders), std::string::npos);
  EXPECT_NE(html.find("data-series=\"fees paid\""), std::string::npos);
  for (const std::string& id : kExpectedCharts) {
    EXPECT_NE(html.find("class=\"chart-data\" data-chart=\"" + id + "\""), std::string::npos) << id;
    EXPECT_NE(html.find("id=\"" + id + "-readout\""), std::string::npos) << id;
  }

  const std::string refused = dir.write(
      "refused.toml",
      "[bot]\ninterval = \"1h\"\n\n[paper]\nbalance = 60000.0\nspot = { BTC = 1.0 }\n\n[risk]\n"
      "max_order_notional = 1000.0\n\n[[hedge]]\nasset = \"BTC\"\nsymbol = \"BTCUSDT\"\n"
      "baseline_ratio = 0.5\ncandles = \"" +
          source_path("data/binance-btcusdt-perp-1h.csv") + "\"\nfunding = \"" +
          source_path("data/binance-btcusdt-funding.csv") + "\"\n");
  const CommandResult run = run_command(hedgebot_binary() + " replay -c " + refused +
                                        " --from 2026-04-01 --report " + dir.file("refused"));
  EXPECT_EQ(run.exit_code, 0) << run.err;
  const std::string page = read_file(dir.file("refused/report.html"));
  const size_t price = page.find("id=\"chart-price-1-btc\"");
  ASSERT_NE(price, std::string::npos);
  EXPECT_NE(page.find("class=\"markers refusal\"", price), std::string::npos);
  EXPECT_TRUE(std::regex_search(page, std::regex("refusal \\([1-9][0-9]* in all\\)")));
}

}  // namespace
}  // namespace hedgebot::testing
