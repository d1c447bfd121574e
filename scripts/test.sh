#!/usr/bin/env bash
# Builds and runs the whole test suite (ctest). --asan: the ASan+UBSan build instead.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install_deps.sh
preset=dev
[ "${1:-}" = "--asan" ] && preset=asan
cmake --preset "$preset" -G Ninja >/dev/null
cmake --build --preset "$preset" -j "$(nproc)"
ctest --preset "$preset" -j "$(nproc)"
bash scripts/count_tests.sh "build/$preset"
