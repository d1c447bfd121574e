#pragma once
// Internal: probability mass functions on a window of the integers, with convolution powers
// (repeated squaring) that drop negligible tails. Used for the exact B-fold sum of hypergeometric
// counts of theory §3.5.
// All arithmetic is in double: these are sums of many small terms, not user-facing scalars.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace tokenomics::detail {

// p[i] = P(X = offset + i).
struct window_pmf {
  std::int64_t offset{};
  std::vector<double> p{};
};

// Drop leading and trailing entries below rel * max: with rel = 1e-24 the dropped mass is far
// below the 1e-9 accuracy of every result built on these pmfs.
inline void trim(window_pmf& a, double rel = 1e-24) noexcept {
  if (a.p.empty()) return;
  const double cut = *std::max_element(a.p.begin(), a.p.end()) * rel;
  std::size_t lo = 0, hi = a.p.size();
  while (lo < hi && a.p[lo] <= cut) ++lo;
  while (hi > lo && a.p[hi - 1] <= cut) --hi;
  a.p.erase(a.p.begin() + static_cast<std::ptrdiff_t>(hi), a.p.end());
  a.p.erase(a.p.begin(), a.p.begin() + static_cast<std::ptrdiff_t>(lo));
  a.offset += static_cast<std::int64_t>(lo);
}

// Direct convolution (sizes after trimming stay in the hundreds to low thousands).
[[nodiscard]] inline window_pmf convolve(const window_pmf& a, const window_pmf& b) {
  window_pmf c;
  if (a.p.empty() || b.p.empty()) return c;
  c.offset = a.offset + b.offset;
  c.p.assign(a.p.size() + b.p.size() - 1, 0.0);
  for (std::size_t i = 0; i < a.p.size(); ++i) {
    const double ai = a.p[i];
    if (ai == 0.0) continue;
    double* out = c.p.data() + i;
    for (std::size_t j = 0; j < b.p.size(); ++j) out[j] += ai * b.p[j];
  }
  trim(c);
  return c;
}

// n-fold self-convolution (n >= 1) by repeated squaring: O(log n) convolutions.
[[nodiscard]] inline window_pmf convolution_power(window_pmf base, std::int64_t n) {
  window_pmf result{0, {1.0}};
  trim(base);
  while (n > 0) {
    if (n & 1) result = convolve(result, base);
    n >>= 1;
    if (n > 0) base = convolve(base, base);
  }
  return result;
}

}  // namespace tokenomics::detail
