#!/usr/bin/env bash
# The whole test suite: installs what is missing, builds, runs every test project against real PostgreSQL
# (+pgvector), real ONNX Runtime and a real ChromaDB server (the tests start their own), and ends with
# one line: "tests: N passed, M failed". Exit code is non-zero when anything failed.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

"$root/scripts/setup.sh" || { echo "tests: 0 passed, 1 failed"; echo "set-up failed" >&2; exit 1; }
mkdir -p "$root/.tools" && touch "$root/.tools/.setup-done"

results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

dotnet build "$root/CodeIndex.sln" -c Release --nologo -v q
build_rc=$?
if [ $build_rc -ne 0 ]; then
  echo "tests: 0 passed, 1 failed"
  echo "build failed" >&2
  exit 1
fi

dotnet test "$root/CodeIndex.sln" -c Release --no-build --nologo \
  --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" "$@"
test_rc=$?

passed=0; failed=0; total=0; files=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  files=$((files + 1))
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)"
  get() { local v; v="$(printf '%s' "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*')"; printf '%s' "${v:-0}"; }
  total=$((total + $(get total)))
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
done

if [ "$files" -eq 0 ]; then failed=$((failed + 1)); echo "no test results were written" >&2; fi
if [ "$total" -eq 0 ]; then echo "no tests ran" >&2; failed=$((failed + 1)); fi
if [ $test_rc -ne 0 ] && [ "$failed" -eq 0 ]; then
  echo "dotnet test exited with $test_rc although no test failed (a test host crashed?)" >&2
  failed=1
fi
echo "tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
