#!/usr/bin/env bash
# CI step 3 of 3: what the change affects, as JSON (codeindex-impact.json) and as a pull-request comment (codeindex-impact.md).
# Usage: scripts/ci/impact-report.sh <base revision> [head revision, default: the working tree]   (extra args go to `query impact`)
set -euo pipefail
base="${1:?usage: impact-report.sh <base revision> [head revision]}"
shift
range="$base"
if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then range="$base..$1"; shift; fi
codeindex="${CODEINDEX:-codeindex}"
out="${CODEINDEX_OUT:-.}"
$codeindex query impact --changed "$range" --depth "${CODEINDEX_DEPTH:-5}" --limit "${CODEINDEX_LIMIT:-1000}" --json "$@" > "$out/codeindex-impact.json"
$codeindex query impact --changed "$range" --depth "${CODEINDEX_DEPTH:-5}" --limit "${CODEINDEX_LIMIT:-1000}" --format markdown "$@" > "$out/codeindex-impact.md"
cat "$out/codeindex-impact.md"
