// The deployment files under deploy/: the Kubernetes manifests parse as YAML and say what the
// README promises, the systemd units pass `systemd-analyze verify`, and the Dockerfile has the
// promised shape (Docker itself is not run here).
#include <gtest/gtest.h>

#include <regex>
#include <sstream>

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
  EXPECT_NE(daemon.find(" run -c "), std::string::npos);
  const std::string once = read_file(source_path("deploy/systemd/hedgebot.service"));
  EXPECT_NE(once.find("Type=oneshot"), std::string::npos);
  EXPECT_NE(once.find(" once -c "), std::string::npos);
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

}  // namespace
}  // namespace hedgebot::testing
