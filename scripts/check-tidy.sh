#!/usr/bin/env bash
# Runs clang-tidy over every first-party translation unit of a build directory's
# compile_commands.json and fails on any finding. The checks are the root .clang-tidy's; tests/
# has its own, lighter .clang-tidy that inherits them.
#
#   scripts/check-tidy.sh [build-dir] [path-prefix...]
#
# build-dir defaults to build (configured here when it has no compile_commands.json yet);
# path prefixes (config/ rules/ tests/rules ...) limit the run to those sources. Runs
# HEDGEBOT_JOBS (default: nproc) clang-tidy processes at once. Prints each finding as
# `file:line:column: message [check]`, then a count per check; exit 0 when there is none, 1 when
# there are findings, 2 when it cannot run. Generated sources (in the build directory) and the
# libFuzzer targets (clang builds only) are not checked.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
build="${1:-build}"
shift || true
jobs="${HEDGEBOT_JOBS:-$(nproc 2>/dev/null || echo 2)}"

tidy="${CLANG_TIDY:-}"
if [ -z "$tidy" ]; then
  for candidate in clang-tidy-14 clang-tidy; do
    if command -v "$candidate" >/dev/null; then
      tidy="$candidate"
      break
    fi
  done
fi
if [ -z "$tidy" ]; then
  echo "check-tidy: clang-tidy not installed. Run:" >&2
  echo "  sudo apt-get install -y clang-tidy-14" >&2
  exit 2
fi

if [ ! -f "$build/compile_commands.json" ]; then
  cmake -S . -B "$build" -G Ninja -DHEDGEBOT_DEV_MODE=ON -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >/dev/null
fi
build_abs="$(cd "$build" && pwd)"

# First-party sources named in the compile database, once each, optionally filtered by prefix.
mapfile -t files < <(python3 - "$build_abs/compile_commands.json" "$root" "$build_abs" "$@" <<'EOF'
import json, os, sys
database, root, build, prefixes = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
folders = ("bench", "bot", "config", "exchange", "paper", "rules", "tests")
seen = set()
for entry in json.load(open(database)):
    path = os.path.normpath(os.path.join(entry["directory"], entry["file"]))
    if path.startswith(build + os.sep) or not path.startswith(root + os.sep):
        continue
    relative = os.path.relpath(path, root)
    if relative.split(os.sep)[0] not in folders or relative in seen:
        continue
    if prefixes and not any(relative.startswith(prefix) for prefix in prefixes):
        continue
    seen.add(relative)
    print(relative)
EOF
)
if [ ${#files[@]} -eq 0 ]; then
  echo "check-tidy: no sources to check in $build/compile_commands.json" >&2
  exit 2
fi

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
echo "check-tidy: $tidy over ${#files[@]} files, $jobs at a time" >&2
start=$(date +%s)
# One log per source; a file's own exit status is not used (findings are read from its log).
printf '%s\n' "${files[@]}" |
  xargs -P "$jobs" -I{} sh -c '"$1" -p "$2" --quiet "$3" >"$4/$(echo "$3" | tr / _).log" 2>&1 || true' \
    sh "$tidy" "$build_abs" {} "$out"

# A finding is a `path:line:col: warning|error: ... [check]` line; headers are reported once.
findings="$(cat "$out"/*.log | grep -E '^[^ :]+:[0-9]+:[0-9]+: (warning|error): ' |
  sed -e "s|^$root/||" | sort -u || true)"
elapsed=$(($(date +%s) - start))
if [ -z "$findings" ]; then
  echo "check-tidy: ok (${#files[@]} files, ${elapsed} s)"
  exit 0
fi
echo "$findings"
echo
echo "check-tidy: $(echo "$findings" | wc -l) findings in ${#files[@]} files (${elapsed} s), by check:"
echo "$findings" | grep -oE '\[[a-z0-9.,-]+\]$' | sed -e 's/,-warnings-as-errors//' | sort |
  uniq -c | sort -rn
exit 1
