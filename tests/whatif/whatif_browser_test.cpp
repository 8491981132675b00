// whatif.html in a real headless browser (Debian's chromium): both charts laid out with visible
// series in distinct colours, the liquidation marker and limit line drawn, the scenario and
// funding tables filled, and the values shown on hover. Skipped only when chromium is absent
// and CI is not set.
#include <gtest/gtest.h>

#include <cstdlib>
#include <regex>

#include "tests/support/run_command.hpp"
#include "tests/support/temp_dir.hpp"

namespace hedgebot::testing {
namespace {

// Appended to a copy of the page: what the browser laid out, and the readout after a pointer
// move over the value chart, written on the body for --dump-dom.
const char* const kProbe = R"(<script>
var facts = [];
for (const svg of document.querySelectorAll('svg.chart-svg')) {
  const paths = svg.querySelectorAll('path.series');
  let drawn = 0;
  for (const path of paths) {
    const box = path.getBBox();
    if (path.getTotalLength() > 0 && (box.width > 0 || box.height > 0)) drawn++;
  }
  const rect = svg.getBoundingClientRect();
  facts.push(svg.id + ':' + drawn + '/' + paths.length + ':' + Math.round(rect.width) + 'x' +
             Math.round(rect.height) + ':markers=' +
             svg.querySelectorAll('line.markers.liquidation').length + ':limit=' +
             svg.querySelectorAll('line.limit').length);
}
const colours = new Set();
for (const path of document.querySelectorAll('path.series'))
  colours.add(getComputedStyle(path).stroke);
facts.push('colours=' + colours.size);
facts.push('scenario_rows=' + document.querySelectorAll('table.scenarios tr').length);
facts.push('funding_rows=' + document.querySelectorAll('table.funding tr').length);
facts.push('legend_keys=' + document.querySelectorAll('.legend .key').length);
const value = document.getElementById('whatif-value');
if (value) {
  const box = value.getBoundingClientRect();
  value.dispatchEvent(new MouseEvent('mousemove', {clientX: box.left + box.width / 2,
                                                   clientY: box.top + box.height / 2}));
  const readout = document.getElementById('whatif-value-readout');
  facts.push('hover=' + (readout && readout.textContent.indexOf('hedged value') >= 0 ? 'yes' : 'no'));
}
document.body.setAttribute('data-probe', facts.join(' '));
</script>)";

std::string find_chromium() {
  for (const char* name : {"chromium", "chromium-browser"}) {
    const CommandResult found = run_command(std::string("command -v ") + name);
    if (found.exit_code == 0 && !found.out.empty()) return name;
  }
  return {};
}

// The probe's facts about the page at `html_path`, as the browser laid it out.
std::string probe(const std::string& chromium, const TempDir& dir, const std::string& html_path) {
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
  std::smatch facts;
  if (!std::regex_search(run.out, facts, std::regex("data-probe=\"([^\"]*)\""))) return "";
  return facts[1].str();
}

// BTC and ETH shorts in one account on a thin wallet: both charts, the liquidation in range.
std::string write_report(const TempDir& dir) {
  std::string text =
      "[bot]\ninterval = \"1h\"\n\n[paper]\nbalance = 25000.0\n"
      "spot = { BTC = 1.0, ETH = 10.0 }\n\n[risk]\nmax_order_notional = 200000.0\nmax_leverage = "
      "10.0\n\n";
  for (const char* asset : {"BTC", "ETH"}) {
    const std::string lower = std::string(asset) == "BTC" ? "btc" : "eth";
    text += std::string("[[hedge]]\nasset = \"") + asset + "\"\nsymbol = \"" + asset +
            "USDT\"\nbaseline_ratio = 1.0\nleverage = 10\ncandles = \"" +
            source_path("data/binance-" + lower + "usdt-perp-1h.csv") + "\"\nfunding = \"" +
            source_path("data/binance-" + lower + "usdt-funding.csv") + "\"\n\n";
  }
  const std::string config = dir.write("two-hedges.toml", text);
  const CommandResult run =
      run_command(hedgebot_binary() + " whatif -c " + config + " --state-dir " + dir.file("state") +
                  " --report " + dir.file("report"));
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("one cross-margin account"), std::string::npos) << run.out;
  return dir.file("report/whatif.html");
}

// The facts a complete page gives: 11 scenario rows and a header, 3 funding rows per hedge,
// hedged / unhedged / ratio in three colours, a liquidation marker on each chart.
const std::vector<std::string> kExpected = {"whatif-value:2/2:860x300:markers=1:limit=0",
                                            "whatif-margin:1/1:860x300:markers=1:limit=1",
                                            "colours=3",
                                            "scenario_rows=12",
                                            "funding_rows=7",
                                            "legend_keys=6",
                                            "hover=yes"};

std::vector<std::string> missing_facts(const std::string& facts) {
  std::vector<std::string> missing;
  for (const std::string& fact : kExpected)
    if ((" " + facts + " ").find(" " + fact + " ") == std::string::npos) missing.push_back(fact);
  return missing;
}

class WhatifBrowserTest : public ::testing::Test {
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

TEST_F(WhatifBrowserTest, EveryElementOfThePageRenders) {
  TempDir dir;
  const std::string facts = probe(chromium_, dir, write_report(dir));
  EXPECT_TRUE(missing_facts(facts).empty())
      << ::testing::PrintToString(missing_facts(facts)) << "\nsaw: " << facts;
}

TEST_F(WhatifBrowserTest, FailsWhenAnElementIsMissing) {
  TempDir dir;
  std::string html = read_file(write_report(dir));
  // No liquidation marker on the margin chart, and no hover script.
  const size_t chart = html.find("id=\"whatif-margin\"");
  ASSERT_NE(chart, std::string::npos);
  const size_t marker = html.find("<line class=\"markers liquidation\"", chart);
  ASSERT_NE(marker, std::string::npos);
  html.erase(marker, html.find("/>", marker) + 2 - marker);
  const size_t script = html.find("<script>");
  ASSERT_NE(script, std::string::npos);
  html.erase(script, html.find("</script>", script) + 9 - script);
  const std::string broken = dir.write("broken.html", html);
  const std::vector<std::string> missing = missing_facts(probe(chromium_, dir, broken));
  EXPECT_EQ(missing,
            (std::vector<std::string>{"whatif-margin:1/1:860x300:markers=1:limit=1", "hover=yes"}));
}

}  // namespace
}  // namespace hedgebot::testing
