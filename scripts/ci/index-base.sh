#!/usr/bin/env bash
# CI step 1 of 3: index the base revision of a change (a git worktree of it, kept as its own repository in the index).
# Usage: scripts/ci/index-base.sh <base revision> [input]   (input: the .sln/.slnx/folder to index, default: the repository root)
# CODEINDEX (default: codeindex) is the tool; CODEINDEX_DB the database (default: the embedded one). A base that is already
# indexed (a cached database) is not indexed again.
set -euo pipefail
base="${1:?usage: index-base.sh <base revision> [input]}"
input="${2:-.}"
codeindex="${CODEINDEX:-codeindex}"
commit="$(git rev-parse --verify "${base}^{commit}")"
if $codeindex repos --json | grep -q "@${commit:0:12}\""; then
  echo "index-base: ${commit:0:12} is already indexed" >&2
  exit 0
fi
# --ci: JSON summary, exit 3 when projects did not load (a base that does not load is reported, not hidden).
$codeindex index "$input" --revision "$commit" --no-embed --ci > "${CODEINDEX_OUT:-.}/codeindex-base.json"
