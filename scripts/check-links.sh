#!/usr/bin/env bash
# Fails when a relative link in a Markdown file of the repository does not resolve: every
# [text](path) or [text](path#anchor) whose path is not a URL must name a file or folder that
# exists, relative to the Markdown file. Anchors are not checked.
set -euo pipefail
cd "$(dirname "$0")/.."
git ls-files '*.md' | python3 -c '
import os, re, sys
link = re.compile(r"\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
fence = re.compile(r"^\s*(```|~~~)")
bad = 0
for name in sys.stdin.read().split():
    inside = False
    for number, line in enumerate(open(name, encoding="utf-8"), 1):
        if fence.match(line):
            inside = not inside
            continue
        if inside:
            continue
        for target in link.findall(re.sub(r"`[^`]*`", "", line)):
            if re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith("#"):
                continue
            path = target.split("#", 1)[0]
            if not os.path.exists(os.path.normpath(os.path.join(os.path.dirname(name), path))):
                print(f"{name}:{number}: link to {target} does not resolve")
                bad += 1
if bad:
    sys.exit(1)
print("check-links: ok")
'
