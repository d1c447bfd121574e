#pragma once
// Capacity factor / token dropping (theory §4.3; Switch Transformer, Fedus, Zoph & Shazeer 2022;
// GShard, Lepikhin et al. 2020): each expert accepts at most C = floor(CF * B k / E) assignments
// (Switch: int(tokens per batch / experts * capacity factor)); the rest are dropped.
#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstdint>
#include <span>

#include <boost/math/distributions/binomial.hpp>

#include "../core/error.hpp"
#include "detail/checks.hpp"

namespace tokenomics {

namespace detail {

// E[(X - C)^+] = sum_{x=C}^{B-1} P(X > x), X ~ Binomial(B, p) (theory §4.3, Boost complemented
// cdf); stops once a term falls below 1e-18 of the running sum.
[[nodiscard]] inline double binomial_excess(std::int64_t trials, double p, std::int64_t capacity) {
  if (trials <= 0 || p <= 0.0 || capacity >= trials) return 0.0;
  if (p >= 1.0) return double(trials - capacity);
  const boost::math::binomial_distribution<double> X(double(trials), p);
  double s = 0.0;
  for (std::int64_t x = capacity; x < trials; ++x) {
    const double t = cdf(complement(X, double(x)));
    s += t;
    if (t <= 1e-18 * s || t == 0.0) break;
  }
  return s;
}

}  // namespace detail

// Expected fraction of (token, expert) assignments dropped, uniform top-k routing:
// drop = sum_j E[(X_j - C)^+] / (B k) = E * E[(X - C)^+] / (B k), X ~ Binomial(B, k/E).
template <std::floating_point T = double>
[[nodiscard]] T capacity_drop_fraction(int num_experts, int top_k, std::int64_t tokens, T capacity_factor) {
  detail::check_routing(num_experts, top_k);
  detail::check_tokens(tokens);
  detail::require_positive("capacity_factor", capacity_factor);
  if (tokens == 0) return T(0);
  const double p = double(top_k) / num_experts;
  // A capacity of B or more drops nothing; the cap keeps a huge factor's product castable.
  const auto c = static_cast<std::int64_t>(std::floor(std::min(double(capacity_factor) * double(tokens) * p, double(tokens))));
  return T(num_experts * detail::binomial_excess(tokens, p, c) / (double(tokens) * top_k));
}

// Skewed popularity: X_j ~ Binomial(B, q_j), C = floor(CF * B sum(q) / E), drop = sum_j E[(X_j -
// C)^+] / (B sum q). Exact in expectation for any joint law (linearity).
template <std::floating_point T>
[[nodiscard]] T capacity_drop_fraction(std::span<const T> shares, std::int64_t tokens, T capacity_factor) {
  detail::check_tokens(tokens);
  detail::require_positive("capacity_factor", capacity_factor);
  if (shares.empty()) detail::fail("shares", "[]", "must list one share per expert");
  double k = 0.0;
  for (const T q : shares) {
    detail::require_probability("shares[i]", q);
    k += double(q);
  }
  if (tokens == 0 || k <= 0.0) return T(0);
  const auto c = static_cast<std::int64_t>(
      std::floor(std::min(double(capacity_factor) * double(tokens) * k / double(shares.size()), double(tokens))));
  double excess = 0.0;
  for (const T q : shares) excess += detail::binomial_excess(tokens, double(q), c);
  return T(excess / (double(tokens) * k));
}

}  // namespace tokenomics
