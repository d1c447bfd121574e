#!/usr/bin/env bash
# Builds and runs the main example, in its own build directory (build/example) so that the
# `release` preset keeps its tests and benchmarks.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install_deps.sh
cmake --preset example >/dev/null
cmake --build --preset example -j "$(nproc)"
./build/example/examples/overview
