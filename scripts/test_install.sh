#!/usr/bin/env bash
# Installs the package to a scratch prefix and builds tests/test_install against it (find_package).
set -euo pipefail
cd "$(dirname "$0")/.."
prefix=$(mktemp -d)
cmake -S . -B build/install-tree -G Ninja -DTOKENOMICS_BUILD_TESTS=OFF -DTOKENOMICS_BUILD_EXAMPLES=OFF \
  -DTOKENOMICS_BUILD_BENCHMARKS=OFF -DCMAKE_INSTALL_PREFIX="$prefix" >/dev/null
cmake --install build/install-tree >/dev/null
cmake -S tests/test_install -B build/consumer -G Ninja -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build build/consumer
ctest --test-dir build/consumer --output-on-failure
rm -rf "$prefix"
