// The deployment files under deploy/: the Kubernetes manifests parse as YAML and say what the
// README promises, the systemd units pass `systemd-analyze verify`, and the Dockerfile has the
// promised shape (Docker itself is not run here).
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>
#include <sstream>

#include "fakevenue/fake_venue.hpp"
#include "tests/daemon/fixtures.hpp"
#include "tests/support/run_command.hpp"
#include "tests/support/temp_dir.hpp"

namespace hedgebot::testing {
namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

bool have(const std::string& command) {
  return run_command("command -v " + command).exit_code == 0;
}

TEST(Deploy, DockerfileIsMultiStageSlimNonRootWithAStateVolume) {
  const std::string text = read_file(source_path("deploy/Dockerfile"));
  std::vector<std::string> from;
  std::string user;
  bool volume = false;
  bool entrypoint = false;
  std::string build_stage;
  for (const std::string& line : lines_of(text)) {
    if (line.rfind("FROM ", 0) == 0) from.push_back(line);
    if (from.size() == 1) build_stage += line + "\n";
    if (line.rfind("USER ", 0) == 0) user = line.substr(5);
    if (line.rfind("VOLUME ", 0) == 0 && line.find("/var/lib/hedgebot") != std::string::npos)
      volume = true;
    if (line.rfind("ENTRYPOINT ", 0) == 0 && line.find("hedgebot") != std::string::npos)
      entrypoint = true;
  }
  ASSERT_GE(from.size(), 2u) << "multi-stage";
  for (const std::string& line : from)
    EXPECT_NE(line.find("debian:bookworm-slim"), std::string::npos) << line;
  EXPECT_NE(from[0].find(" AS build"), std::string::npos);
  EXPECT_NE(text.find("COPY --from=build"), std::string::npos);
  ASSERT_FALSE(user.empty()) << "a USER line";
  EXPECT_NE(user, "root");
  EXPECT_NE(user.rfind("0", 0), 0u) << "uid 0 is root: " << user;
  EXPECT_TRUE(volume);
  EXPECT_TRUE(entrypoint);
  // The build stage installs every -dev package of scripts/setup.sh's build list (the first
  // `packages=(...)`; --test adds tools the image does not need).
  const std::string setup_text = read_file(source_path("scripts/setup.sh"));
  const size_t list = setup_text.find("packages=(");
  ASSERT_NE(list, std::string::npos);
  const std::string setup = setup_text.substr(list, setup_text.find(')', list) - list);
  const std::regex dev_package(R"(([a-z0-9.+-]+-dev)\b)");
  int checked = 0;
  for (auto it = std::sregex_iterator(setup.begin(), setup.end(), dev_package);
       it != std::sregex_iterator(); ++it) {
    EXPECT_NE(build_stage.find((*it)[1].str()), std::string::npos)
        << (*it)[1].str() << " is in setup.sh but not in the Dockerfile's build stage";
    ++checked;
  }
  EXPECT_GT(checked, 5);
}

TEST(Deploy, KubernetesManifestsParseAndForbidConcurrentRuns) {
  if (!have("python3") || run_command("python3 -c 'import yaml'").exit_code != 0)
    GTEST_SKIP() << "python3 with the yaml module (Debian: python3-yaml) is not installed";
  TempDir dir;
  const std::string script = dir.write("check.py", R"PY(
import sys, yaml
docs = {}
for path in sys.argv[1:]:
    with open(path) as f:
        for doc in yaml.safe_load_all(f):
            if doc:
                docs.setdefault(doc["kind"], []).append(doc)
cron = docs["CronJob"][0]["spec"]
assert cron["concurrencyPolicy"] == "Forbid", "concurrencyPolicy"
pod = cron["jobTemplate"]["spec"]["template"]["spec"]
assert pod["securityContext"]["runAsNonRoot"] is True, "runAsNonRoot"
container = pod["containers"][0]
assert "once" in container["args"], "runs once"
secrets = [e for e in container["env"] if "secretKeyRef" in e.get("valueFrom", {})]
assert any(e["name"] == "HEDGEBOT_API_KEY" for e in secrets), "API key from a Secret"
assert any(e["name"] == "HEDGEBOT_API_SECRET" for e in secrets), "API secret from a Secret"
claims = [v["persistentVolumeClaim"]["claimName"] for v in pod["volumes"] if "persistentVolumeClaim" in v]
assert claims, "state on a PersistentVolumeClaim"
assert docs["PersistentVolumeClaim"][0]["metadata"]["name"] in claims
mounts = {m["mountPath"] for m in container["volumeMounts"]}
assert "/var/lib/hedgebot" in mounts
exporter = docs["Deployment"][0]["spec"]["template"]
args = exporter["spec"]["containers"][0]["args"]
assert "--collector.textfile.directory=/var/lib/hedgebot" in args, "textfile collector"
assert exporter["metadata"]["annotations"]["prometheus.io/scrape"] == "true"
print("ok")
)PY");
  const CommandResult result =
      run_command("python3 " + script + " " + source_path("deploy/k8s/cronjob.yaml") + " " +
                  source_path("deploy/k8s/metrics-exporter.yaml"));
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_EQ(result.out, "ok\n") << result.err;
}

TEST(Deploy, SystemdUnitsVerify) {
  if (!have("systemd-analyze")) GTEST_SKIP() << "systemd-analyze is not installed";
  // verify checks that ExecStart exists: point the copies at this build's binary.
  TempDir dir;
  std::string units;
  for (const char* name : {"hedgebot.service", "hedgebot.timer", "hedgebot-daemon.service"}) {
    std::string text = read_file(source_path(std::string("deploy/systemd/") + name));
    for (size_t at = text.find("/usr/local/bin/hedgebot"); at != std::string::npos;
         at = text.find("/usr/local/bin/hedgebot", at + 1)) {
      text.replace(at, 23, hedgebot_binary());
    }
    units += " " + dir.write(name, text);
  }
  const CommandResult result = run_command("cd " + dir.path().string() +
                                           " && SYSTEMD_LOG_LEVEL=warning systemd-analyze verify "
                                           "--man=no" +
                                           units);
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_EQ(result.err.find("Unknown key"), std::string::npos) << result.err;
  EXPECT_EQ(result.err.find("Unknown lvalue"), std::string::npos) << result.err;
  const std::string daemon = read_file(source_path("deploy/systemd/hedgebot-daemon.service"));
  EXPECT_NE(daemon.find("Restart=on-failure"), std::string::npos);
  EXPECT_NE(daemon.find(" run --live -c "), std::string::npos);
  const std::string once = read_file(source_path("deploy/systemd/hedgebot.service"));
  EXPECT_NE(once.find("Type=oneshot"), std::string::npos);
  EXPECT_NE(once.find(" once --live -c "), std::string::npos);
}

TEST(Deploy, CrontabLineRunsOnceWithoutFlockAndRedirectsTheLog) {
  const std::string text = read_file(source_path("deploy/crontab.example"));
  int entries = 0;
  for (const std::string& line : lines_of(text)) {
    if (line.empty() || line[0] == '#' || line.find('=') < line.find(' ')) continue;
    ++entries;
    EXPECT_EQ(line.find("flock"), std::string::npos);
    EXPECT_NE(line.find(" once "), std::string::npos);
    EXPECT_NE(line.find(">>"), std::string::npos);
    EXPECT_NE(line.find("2>&1"), std::string::npos);
    // Five schedule fields, then the command.
    EXPECT_TRUE(std::regex_search(line, std::regex(R"(^(\S+\s+){5}\S)"))) << line;
  }
  EXPECT_EQ(entries, 1);
}

// ---- every shipped live deployment's command line trades a live config on the fake venue ----

// The command of a deployment file with its install paths pointing into `dir`.
std::string localised(std::string command, const TempDir& dir) {
  const std::pair<std::string, std::string> paths[] = {
      {"/usr/local/bin/hedgebot", hedgebot_binary()},
      {"/etc/hedgebot/hedgebot.toml", dir.file("etc/hedgebot.toml")},
      {"/var/lib/hedgebot", dir.file("state")},
  };
  for (const auto& [from, to] : paths) {
    for (size_t at = command.find(from); at != std::string::npos;
         at = command.find(from, at + to.size())) {
      command.replace(at, from.size(), to);
    }
  }
  return command;
}

std::string exec_start(const std::string& unit) {
  for (const std::string& line : lines_of(read_file(source_path("deploy/systemd/" + unit)))) {
    if (line.rfind("ExecStart=", 0) == 0) return line.substr(10);
  }
  return "";
}

// The crontab line's command (after the five schedule fields), without its start delay.
std::string crontab_command() {
  for (const std::string& line : lines_of(read_file(source_path("deploy/crontab.example")))) {
    if (line.empty() || line[0] == '#' || line.find('=') < line.find(' ')) continue;
    std::smatch match;
    if (!std::regex_search(line, match, std::regex(R"(^(\S+\s+){5}(sleep \d+; )?)"))) return "";
    return match.suffix().str();
  }
  return "";
}

// The CronJob container's args, shell-quoted, after the binary.
std::string cronjob_command() {
  const std::string text = read_file(source_path("deploy/k8s/cronjob.yaml"));
  const size_t begin = text.find("args: [");
  if (begin == std::string::npos) return "";
  const std::string list = text.substr(begin, text.find(']', begin) - begin);
  std::string command = "/usr/local/bin/hedgebot";
  const std::regex item("\"([^\"]*)\"");
  for (auto it = std::sregex_iterator(list.begin(), list.end(), item); it != std::sregex_iterator();
       ++it) {
    command += " '" + (*it)[1].str() + "'";
  }
  return command;
}

struct LiveDeployment {
  TempDir dir;
  fake::FakeVenue venue;

  LiveDeployment() {
    venue.set_wallet_balance(100000.0);
    std::filesystem::create_directories(dir.file("etc"));
    std::filesystem::create_directories(dir.file("state"));
    std::filesystem::create_directories(dir.file("home/.config/hedgebot"));
    std::filesystem::create_directories(dir.file("home/hedgebot"));
    const std::string config =
        "[bot]\nmode = \"live\"\ninterval = \"1h\"\n\n[exchange]\nfutures_url = \"" + venue.url() +
        "\"\nspot_url = \"" + venue.url() +
        "\"\ntimeout = \"2s\"\n\n[risk]\nmax_order_notional = 1000000.0\n\n"
        "[[hedge]]\nasset = \"BTC\"\nsymbol = \"BTCUSDT\"\nspot = { fixed = 1.0 }\n"
        "baseline_ratio = 0.5\nmax_ratio = 1.0\nleverage = 3\n";
    dir.write("etc/hedgebot.toml", config);
    dir.write("home/hedgebot/hedgebot.toml",
              config + "\n# state next to the config, as the crontab example keeps it\n");
    // systemd EnvironmentFile format (KEY=value lines), as the deploy README asks for.
    dir.write("home/.config/hedgebot/hedgebot.env",
              std::string("HEDGEBOT_API_KEY=") + fake::kTestApiKey +
                  "\nHEDGEBOT_API_SECRET=" + fake::kTestApiSecret + "\n");
  }
  std::string keys() const {
    return std::string("HEDGEBOT_API_KEY=") + fake::kTestApiKey +
           " HEDGEBOT_API_SECRET=" + fake::kTestApiSecret + " ";
  }
};

// Pins: the shipped live deployments (systemd timer unit, systemd daemon unit, Kubernetes
// CronJob, crontab) run with --live, so a live config trades instead of exiting 2 every run.
TEST(Deploy, EveryLiveDeploymentTradesALiveConfigOnTheFakeVenue) {
  {
    LiveDeployment live;
    const std::string command = exec_start("hedgebot.service");
    EXPECT_NE(command.find("--live"), std::string::npos) << command;
    const CommandResult result = run_command(live.keys() + localised(command, live.dir));
    EXPECT_EQ(result.exit_code, 0) << "hedgebot.service: " << command << "\n"
                                   << result.out << result.err;
    EXPECT_LT(live.venue.position("BTCUSDT"), 0.0) << "hedgebot.service placed no order";
  }
  {
    LiveDeployment live;
    const std::string command = cronjob_command();
    EXPECT_NE(command.find("'--live'"), std::string::npos) << command;
    const CommandResult result = run_command(live.keys() + localised(command, live.dir));
    EXPECT_EQ(result.exit_code, 0) << "cronjob.yaml: " << command << "\n"
                                   << result.out << result.err;
    EXPECT_LT(live.venue.position("BTCUSDT"), 0.0) << "cronjob.yaml placed no order";
  }
  {
    LiveDeployment live;
    const std::string command = crontab_command();
    ASSERT_FALSE(command.empty());
    EXPECT_NE(command.find("--live"), std::string::npos) << command;
    // cron runs the line with /bin/sh and a bare environment: no keys but the env file's.
    const std::string script = live.dir.write("cron.sh", localised(command, live.dir));
    const CommandResult result = run_command(
        "env -i PATH=/usr/bin:/bin HOME=" + live.dir.file("home") + " /bin/sh " + script);
    EXPECT_EQ(result.exit_code, 0) << "crontab.example: " << command << "\n"
                                   << read_file(live.dir.file("home/hedgebot/once.log"));
    EXPECT_LT(live.venue.position("BTCUSDT"), 0.0)
        << "crontab.example placed no order: "
        << read_file(live.dir.file("home/hedgebot/once.log"));
  }
  {
    // The daemon ticks at start; it is stopped with SIGTERM once its order is in the journal.
    LiveDeployment live;
    const std::string command = exec_start("hedgebot-daemon.service");
    EXPECT_NE(command.find("--live"), std::string::npos) << command;
    const std::string journal = live.dir.file("state/journal.jsonl");
    const CommandResult result = run_command(
        live.keys() + localised(command, live.dir) + " 2>" + live.dir.file("daemon.log") +
        " & pid=$!; for i in $(seq 300); do grep -q '\"event\":\"order\"' " + journal +
        " 2>/dev/null && break; kill -0 $pid 2>/dev/null || break; sleep 0.1; done; "
        "kill -TERM $pid 2>/dev/null; wait $pid");
    EXPECT_EQ(result.exit_code, 0) << "hedgebot-daemon.service: " << command << "\n"
                                   << read_file(live.dir.file("daemon.log"));
    EXPECT_LT(live.venue.position("BTCUSDT"), 0.0)
        << "hedgebot-daemon.service placed no order: " << read_file(live.dir.file("daemon.log"));
  }
}

}  // namespace
}  // namespace hedgebot::testing
