#!/usr/bin/env bash
# Runs the doctest binary directly and prints its case count beside ctest's, so a case ctest
# registers wrongly (or not at all) shows as a mismatch. Usage: count_tests.sh BUILD_DIR
set -euo pipefail
dir=$1
bin=$dir/tests/tokenomics_tests
"$bin" --no-intro=true | tee "$dir/direct_run.log" | tail -n 3
direct=$("$bin" --count | sed -n 's/.*unskipped test cases passing the current filters: \([0-9]*\).*/\1/p')
registered=$(ctest --test-dir "$dir" -N | grep -E '^ *Test +#[0-9]+: ' | grep -vc ': cli\.' || true)
echo "test cases: $direct in tokenomics_tests, $registered registered in ctest (besides the cli.* cases)"
[ "$direct" = "$registered" ] || { echo "mismatch: ctest does not run every test case" >&2; exit 1; }
