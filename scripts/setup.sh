#!/usr/bin/env bash
# Installs what hedgebot needs to build (Debian packages), then configures and builds it.
# Usage: scripts/setup.sh [--test] [build-dir] [extra cmake args...]
#   --test  a developer's build: configures with HEDGEBOT_DEV_MODE=ON (warnings are errors, the
#           tests and benchmarks are built), and also installs what the test suite uses:
#           GoogleTest, GoogleMock, Google Benchmark, headless Chromium (the replay report
#           test), python3-yaml and systemd (deployment file checks), clang + libFuzzer
#           (fuzzing), clang-tidy (scripts/check-tidy.sh), GNU time (peak memory in benchmarks).
# Without --test it builds hedgebot as a user would (no tests, warnings not fatal). A build
# directory that is already configured keeps its options.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(build-essential cmake ninja-build pkg-config
  libcurl4-openssl-dev libssl-dev nlohmann-json3-dev libtomlplusplus-dev libspdlog-dev
  libfmt-dev libcli11-dev libcpp-httplib-dev python3)
dev_mode=OFF
if [ "${1:-}" = "--test" ]; then
  shift
  dev_mode=ON
  packages+=(libgtest-dev libgmock-dev libbenchmark-dev
    chromium python3-yaml systemd clang-14 libclang-rt-14-dev clang-tidy-14 time curl)
fi
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "setup: cannot install packages without root. Run:" >&2
    echo "  sudo apt-get install -y ${missing[*]}" >&2
    exit 2
  fi
fi

build_dir="${1:-build}"
shift || true
jobs="${HEDGEBOT_JOBS:-$(nproc 2>/dev/null || echo 2)}"
if [ ! -f "$build_dir/CMakeCache.txt" ]; then
  cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DHEDGEBOT_DEV_MODE="$dev_mode" "$@" >/dev/null
fi
cmake --build "$build_dir" -j "$jobs"
