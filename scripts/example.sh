#!/usr/bin/env bash
# Builds and runs the main example.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install_deps.sh
cmake --preset release -G Ninja -DTOKENOMICS_BUILD_TESTS=OFF -DTOKENOMICS_BUILD_BENCHMARKS=OFF >/dev/null
cmake --build --preset release -j "$(nproc)" --target overview
./build/release/examples/overview
