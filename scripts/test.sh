#!/usr/bin/env bash
# Builds and runs the whole test suite (ctest), then the test binary directly with both counts.
# --asan: the ASan+UBSan build instead; --tsan: the ThreadSanitizer build, threaded tests only.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install_deps.sh
preset=dev
[ "${1:-}" = "--asan" ] && preset=asan
[ "${1:-}" = "--tsan" ] && preset=tsan
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" -j "$(nproc)"
ctest --preset "$preset" -j "$(nproc)"
[ "$preset" = tsan ] || bash scripts/count_tests.sh "build/$preset"
