#pragma once
// Test helpers shared by every test file.
#include <doctest/doctest.h>

namespace tt {
// Relative tolerance with scale 0: doctest's default scale 1 turns Approx into an absolute test
// for SI times far below 1 s (style.md §8).
inline doctest::Approx rel(double expected, double tolerance) {
  return doctest::Approx(expected).epsilon(tolerance).scale(0);
}
}  // namespace tt
