#!/usr/bin/env bash
# Fails when any C++ file differs from .clang-format.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v clang-format >/dev/null || { echo "check-format: clang-format not installed, skipped"; exit 0; }
files=$(git ls-files '*.cpp' '*.hpp')
bad=$(for f in $files; do clang-format --dry-run "$f" 2>&1 | grep -q . && echo "$f"; done || true)
if [ -n "$bad" ]; then
  echo "check-format: these files differ from .clang-format (run clang-format -i):"
  echo "$bad"
  exit 1
fi
echo "check-format: ok"
