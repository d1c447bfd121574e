#pragma once
// Distinct experts touched by a batch, D (theory §2): exact mean, variance and the batch needed to
// touch a fraction of the experts, for uniform top-k routing and for per-expert inclusion
// probabilities q_j (skewed popularity, theory §2 last paragraph and §4.2).
#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstdint>
#include <span>

#include "../core/error.hpp"
#include "detail/checks.hpp"

namespace tokenomics {

template <std::floating_point T>
struct basic_distinct_experts {
  T mean{};      // E[D]
  T variance{};  // Var[D]
  T sd{};        // sqrt(Var[D])
};
using distinct_experts_stats = basic_distinct_experts<double>;

// E[D] = E (1 - (1 - k/E)^B): expert j is missed by one token with probability
// q1 = C(E-1,k)/C(E,k) = (E-k)/E, independently over the B tokens (theory §2; exact).
template <std::floating_point T = double>
[[nodiscard]] T expected_distinct_experts(int num_experts, int top_k, std::int64_t tokens) {
  detail::check_routing(num_experts, top_k);
  detail::check_tokens(tokens);
  const T e = T(num_experts);
  const T q1 = T(num_experts - top_k) / e;
  return e * (T(1) - std::pow(q1, T(tokens)));
}

// Mean, variance and sd of D (theory §2, exact):
//   Var[D] = E q1^B + E(E-1) q2^B - (E q1^B)^2,  q1 = (E-k)/E,  q2 = (E-k)(E-k-1)/(E(E-1)),
// from D = E - U, U = number of untouched experts: E[U] = E q1^B, E[U(U-1)] = E(E-1) q2^B
// (q2 = C(E-2,k)/C(E,k), a token missing a given pair).
template <std::floating_point T = double>
[[nodiscard]] basic_distinct_experts<T> distinct_experts(int num_experts, int top_k, std::int64_t tokens) {
  detail::check_routing(num_experts, top_k);
  detail::check_tokens(tokens);
  const T e = T(num_experts), b = T(tokens);
  const T q1 = T(num_experts - top_k) / e;
  const T q2 = num_experts > 1
                   ? T(num_experts - top_k) * T(num_experts - top_k - 1) / (e * (e - T(1)))
                   : T(0);
  const T untouched = e * std::pow(q1, b);
  const T pairs = num_experts > 1 ? e * (e - T(1)) * std::pow(std::max(q2, T(0)), b) : T(0);
  const T var = std::max(untouched + pairs - untouched * untouched, T(0));  // clamp rounding
  return {e - untouched, var, std::sqrt(var)};
}

// Batch needed to touch a fraction phi of the experts in expectation:
// E[D]/E = phi  <=>  B_phi = ln(1 - phi) / ln(1 - k/E) (theory §2). phi in [0, 1); for k = E one
// token touches every expert and the formula gives 0.
template <std::floating_point T = double>
[[nodiscard]] T tokens_to_touch_fraction(int num_experts, int top_k, T fraction) {
  detail::check_routing(num_experts, top_k);
  if (!(fraction >= T(0) && fraction < T(1)))
    detail::fail("fraction", detail::show(double(fraction)), "must be in [0, 1)");
  if (top_k == num_experts) return T(0);
  return std::log1p(-fraction) / std::log1p(-T(top_k) / T(num_experts));
}

// Non-uniform popularity, q_j = P(a token picks expert j) (sum_j q_j = k, tokens i.i.d.):
// E[D] = sum_j [1 - (1 - q_j)^B] (theory §2; exact for any joint law of one token's k choices).
template <std::floating_point T>
[[nodiscard]] T expected_distinct_experts(std::span<const T> shares, std::int64_t tokens) {
  detail::check_tokens(tokens);
  T d{};
  for (const T q : shares) {
    detail::require_probability("shares[i]", q);
    d += T(1) - std::pow(T(1) - q, T(tokens));
  }
  return d;
}

}  // namespace tokenomics
