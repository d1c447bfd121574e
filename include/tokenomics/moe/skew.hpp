#pragma once
// Skewed expert popularity (theory §4.2): per-expert inclusion probabilities q_j = P(a token picks
// expert j), sum_j q_j = k, each <= 1, from a parametric model (lognormal, Zipf, Dirichlet) as a
// deterministic "quantile" popularity vector (theory A.5), or from measured shares.
#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <numeric>
#include <span>
#include <string>
#include <vector>

#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/normal.hpp>

#include "../core/error.hpp"
#include "../spec/workload.hpp"
#include "detail/checks.hpp"

namespace tokenomics {

namespace detail {

// q_j = k w_j / sum w, capped at 1 with water-filling: the excess of capped experts is
// redistributed over the uncapped ones in proportion to their shares until none exceeds 1
// (theory §4.2; moe_ref.zipf_q). Terminates in at most E rounds (one expert capped per round).
// Weights that underflowed to 0 still take their part: when every uncapped weight is 0 the excess
// is spread evenly over them, so the shares always sum to k (an extreme skew must not drop mass).
inline std::vector<double> normalise_and_cap(std::vector<double> w, int top_k) {
  const double total = std::accumulate(w.begin(), w.end(), 0.0);
  if (!(total > 0.0 && std::isfinite(total)))
    fail("workload.skew.parameter", "weights summing to " + show(total), "too extreme for " + show(w.size()) + " experts");
  for (double& x : w) x = top_k * (x / total);
  for (std::size_t round = 0; round <= w.size(); ++round) {
    double excess = 0.0, free_mass = 0.0;
    std::size_t free_count = 0;
    for (double& x : w) {
      if (x > 1.0) { excess += x - 1.0; x = 1.0; }
      else if (x < 1.0) { free_mass += x; ++free_count; }
    }
    if (excess <= 1e-15 * top_k || free_count == 0) break;
    for (double& x : w)
      if (x < 1.0) x += free_mass > 0.0 ? excess * (x / free_mass) : excess / double(free_count);
  }
  return w;
}

// Validation of measured shares beyond workload.hpp's validate(): one per expert, sum = top_k.
template <std::floating_point T>
void check_measured_shares(std::span<const T> shares, int num_experts, int top_k) {
  if (shares.size() != static_cast<std::size_t>(num_experts))
    fail("workload.skew.shares", "size " + show(static_cast<long long>(shares.size())),
         "must have num_experts = " + show(num_experts) + " entries");
  double sum = 0.0;
  for (const T q : shares) {
    if (!(q >= T(0) && q <= T(1))) fail("workload.skew.shares", show(double(q)), "each share must be in [0, 1]");
    sum += double(q);
  }
  if (!(std::abs(sum - top_k) <= 1e-6 * top_k))
    fail("workload.skew.shares", "sum " + show(sum), "must sum to top_k = " + show(top_k) + " (within 1e-6)");
}

}  // namespace detail

// Per-expert inclusion probabilities q_j for a popularity model (theory §4.2, A.5):
//   uniform:        q_j = k/E
//   lognormal(σ):   w_j = exp(σ Φ^{-1}((j - 1/2)/E))           (quantiles of ln w ~ N(0, σ²))
//   Zipf(s):        w_j = j^{-s}
//   Dirichlet(α):   w_j = Beta(α, (E-1)α) quantile at (j - 1/2)/E  (the Dirichlet marginal)
//   measured:       the given shares (validated: size E, each in [0, 1], sum = k within 1e-6)
// then q_j = k w_j / sum w capped at 1 with water-filling. Order: lognormal and Dirichlet
// ascending in j, Zipf descending (placement models shuffle or sort as they need).
template <std::floating_point T>
[[nodiscard]] std::vector<T> expert_shares(int num_experts, int top_k, const basic_routing_skew<T>& skew) {
  detail::check_routing(num_experts, top_k);
  validate(skew);  // names workload.skew.parameter / workload.skew.shares[i]
  const int e = num_experts;
  std::vector<double> w(static_cast<std::size_t>(e), 1.0);
  switch (skew.kind) {
    case skew_kind::uniform: break;
    case skew_kind::lognormal: {
      const boost::math::normal_distribution<double> z;
      for (int j = 0; j < e; ++j) w[j] = std::exp(double(skew.parameter) * quantile(z, (j + 0.5) / e));
      break;
    }
    case skew_kind::zipf:
      for (int j = 0; j < e; ++j) w[j] = std::pow(double(j + 1), -double(skew.parameter));
      break;
    case skew_kind::dirichlet: {
      if (e == 1) break;
      const double a = double(skew.parameter);
      const boost::math::beta_distribution<double> marginal(a, (e - 1) * a);
      for (int j = 0; j < e; ++j) w[j] = quantile(marginal, (j + 0.5) / e);
      break;
    }
    case skew_kind::measured:
      detail::check_measured_shares(skew.shares.span(), num_experts, top_k);
      return {skew.shares.begin(), skew.shares.end()};
  }
  const auto q = detail::normalise_and_cap(std::move(w), top_k);
  return {q.begin(), q.end()};
}

// Large-batch floor of E[max]/mu: max_j q_j / mean_j q_j (law of large numbers, theory §4.2).
template <std::floating_point T>
[[nodiscard]] T skew_floor(std::span<const T> shares) {
  if (shares.empty()) detail::fail("shares", "[]", "must list one share per expert");
  const T sum = std::accumulate(shares.begin(), shares.end(), T(0));
  if (!(sum > T(0))) detail::fail("shares", "sum " + detail::show(double(sum)), "must be > 0");
  return *std::max_element(shares.begin(), shares.end()) * T(shares.size()) / sum;
}

}  // namespace tokenomics
