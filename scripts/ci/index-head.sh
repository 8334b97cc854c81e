#!/usr/bin/env bash
# CI step 2 of 3: index the checked-out head (the working tree).
# Usage: scripts/ci/index-head.sh [input]
set -euo pipefail
input="${1:-.}"
codeindex="${CODEINDEX:-codeindex}"
$codeindex index "$input" --no-embed --ci > "${CODEINDEX_OUT:-.}/codeindex-head.json"
