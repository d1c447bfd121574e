#pragma once
// Expected maximum expert load E[max_j X_j] under top-k routing (theory §3): exact cases, the
// correlation-corrected binomial (default), rigorous bounds and the named alternatives.
#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstdint>
#include <limits>
#include <numbers>
#include <span>
#include <string>
#include <vector>

#include <boost/math/distributions/binomial.hpp>

#include "../core/error.hpp"
#include "detail/checks.hpp"

namespace tokenomics {

// Which estimate of E[max_j X_j] to compute (theory §3.1 to §3.3).
enum class max_load_method {
  corrected,        // §3.3 item 1: mu + sqrt(E/(E-1)) (L - mu); within 0.6 % for mu >= 4 (default)
  lower_bound,      // §3.2: L = sum_x [1 - F(x)^E], rigorous lower bound (negative association)
  bernstein_upper,  // §3.2: mu + sqrt(2 B p (1-p) ln E) + ln(E)/3, rigorous upper bound
  normal,           // §3.3 item 2: mu + sqrt(B p (1-p)) sqrt(E/(E-1)) m_E (equicorrelated normals)
  raab_steger,      // §3.3 item 4: mu + sqrt(2 mu ln E), asymptotic w.h.p. cap (pessimistic)
  exact,            // §3.1: B <= 1, k = E, or k = 1 (Poissonization); throws otherwise
};

template <std::floating_point T>
struct basic_max_load {
  T expected_max{};  // E[max_j X_j], tokens on the busiest expert (or rank)
  T mean{};          // mu = E[X_j]
  T ratio{};         // expected_max / mean ("imbalance ratio"; 0 when mean = 0)
};
using max_load = basic_max_load<double>;

namespace detail {

// `cap`: the largest load possible (every token on the busiest expert, B). The approximations can
// cross it at tiny batches (corrected for E = 8, k = 7, B = 5 gave 5.04) and the mean from below.
template <std::floating_point T>
[[nodiscard]] basic_max_load<T> make_max_load(double expected_max, double mean,
                                              double cap = std::numeric_limits<double>::infinity()) noexcept {
  expected_max = std::min(std::max(expected_max, mean), cap);
  return {T(expected_max), T(mean), mean > 0.0 ? T(expected_max / mean) : T(0)};
}

// sum_{x >= 0} [1 - F(x)^n] for X ~ Binomial(trials, p): the E[max] of n independent copies
// (theory §3.2 lower bound L). Terms below mu - 12 sd are 1 to within 1e-30 and are counted in
// bulk; terms above mu + 13 sd are below 1e-35 and dropped. In between, the upper tail
// P(X > x) is accumulated downwards from the top with the pmf recurrence
// pmf(x - 1) = pmf(x) x / (trials - x + 1) (1 - p) / p: no cancellation in the tail that
// matters (theory §3.4's recipe uses Boost's complemented cdf per x, which is exact too but
// costs a regularised incomplete beta per point; this needs one pdf and one cdf in all).
[[nodiscard]] inline double independent_binomial_max(double n, std::int64_t trials, double p) {
  if (trials <= 0 || p <= 0.0) return 0.0;
  if (p >= 1.0) return double(trials);
  const double mu = double(trials) * p, sd = std::sqrt(mu * (1.0 - p));
  const boost::math::binomial_distribution<double> X(double(trials), p);
  const auto x0 = static_cast<std::int64_t>(std::max(0.0, std::floor(mu - 12.0 * sd - 1.0)));
  const auto x_hi = std::min(trials, static_cast<std::int64_t>(std::ceil(mu + 13.0 * sd + 2.0)));
  double tail = x_hi < trials ? cdf(complement(X, double(x_hi))) : 0.0;  // P(X > x_hi)
  double mass = pdf(X, double(x_hi));                                    // P(X = x_hi)
  const double odds = (1.0 - p) / p;
  double l = double(x0);
  for (std::int64_t x = x_hi; x >= x0; --x) {
    if (x < trials) l += -std::expm1(n * std::log1p(-std::min(tail, 1.0)));  // 1 - (1 - P(X > x))^n
    tail += mass;                                              // now P(X > x - 1)
    mass *= double(x) / double(trials - x + 1) * odds;         // P(X = x - 1)
  }
  return l;
}

// m_n = E[max of n i.i.d. N(0,1)] = int x n phi(x) Phi(x)^(n-1) dx, composite Simpson on
// [-12, 12] with step 1e-3 (theory §3.3 table; error < 1e-8 for n <= 1024).
[[nodiscard]] inline double std_normal_expected_max(int n) {
  if (n <= 1) return 0.0;
  constexpr int steps = 24000;
  constexpr double a = -12.0, h = 24.0 / steps;
  const double c = 1.0 / std::sqrt(2.0 * std::numbers::pi);
  auto f = [&](double x) {
    const double phi = c * std::exp(-0.5 * x * x);
    const double Phi = 0.5 * std::erfc(-x / std::numbers::sqrt2);
    return x * n * phi * std::pow(Phi, n - 1);
  };
  double s = f(a) + f(a + steps * h);
  for (int i = 1; i < steps; ++i) s += (i % 2 ? 4.0 : 2.0) * f(a + i * h);
  return s * h / 3.0;
}

// Exact E[max] of m balls thrown independently and uniformly into n bins (multinomial; the k = 1
// case). Poissonization (theory §3.1a; Kolchin, Sevastyanov & Chistyakov 1978): with Y_j i.i.d.
// Poisson(m/n), P(max <= x) = [(T_x)^{*n}](m) / PoissonPMF(m; m), T_x(i) = PoissonPMF(i) 1{i <= x},
// and E[max] = sum_x [1 - P(max <= x)].
// The n-fold convolution's coefficient is read off a discrete Fourier transform of length N larger
// than the whole support of (T_x)^{*n} (so there is no aliasing): c_m = (1/N) sum_t T_x(w^t)^n
// w^{-t m}, w = exp(2 pi i / N). Raising x by one adds one term to T_x, an O(N) update, so the
// total cost is O(N (x range + log n)) with N = n (x_max - lo) + 1. Poisson mass below lo = lam -
// 15 sqrt(lam) - 10 (relative 1e-49) is dropped; values are scaled by PoissonPMF(m; m)^(-1/n) so
// the coefficient is P(max <= x) directly. Error ~ 1e-13 absolute per term.
[[nodiscard]] inline double multinomial_exact_max(int bins, std::int64_t balls) {
  if (balls <= 0) return 0.0;
  if (bins == 1) return double(balls);
  const double m = double(balls), lam = m / bins, root = std::sqrt(lam);
  const double log_denom = m * std::log(m) - m - std::lgamma(m + 1.0);  // ln PoissonPMF(m; m)
  const auto lo = static_cast<std::int64_t>(std::max(0.0, std::floor(lam - 15.0 * root - 10.0)));
  const auto x0 = static_cast<std::int64_t>(std::ceil(lam));  // max >= ceil(m/n) surely
  // P(max > lam + 15 sqrt(lam) + 20) < n * 1e-49: the loop ends before x_max.
  const auto x_max = std::min<std::int64_t>(balls, static_cast<std::int64_t>(std::ceil(lam + 15.0 * root + 20.0)));
  const std::int64_t len = std::int64_t(bins) * (x_max - lo) + 1;  // support of the n-fold sum
  const std::int64_t target = balls - std::int64_t(bins) * lo;      // index of m in the shifted sum
  std::vector<double> cos_t(static_cast<std::size_t>(len)), sin_t(static_cast<std::size_t>(len));
  for (std::int64_t t = 0; t < len; ++t) {
    const double a = 2.0 * std::numbers::pi * double(t) / double(len);
    cos_t[std::size_t(t)] = std::cos(a);
    sin_t[std::size_t(t)] = std::sin(a);
  }
  auto scaled_pmf = [&](std::int64_t i) {  // PoissonPMF(i; lam) / PoissonPMF(m; m)^(1/n)
    return std::exp(double(i) * std::log(lam) - lam - std::lgamma(double(i) + 1.0) - log_denom / bins);
  };
  // re/im: T_x(w^t) for the pmf shifted by lo; start with x = x0 (terms lo..x0)
  std::vector<double> re(static_cast<std::size_t>(len), 0.0), im(static_cast<std::size_t>(len), 0.0);
  auto add_term = [&](std::int64_t i) {
    const double a = scaled_pmf(i);
    const std::int64_t j = i - lo;
    for (std::int64_t t = 0; t < len; ++t) {
      const auto idx = std::size_t((t * j) % len);
      re[std::size_t(t)] += a * cos_t[idx];
      im[std::size_t(t)] += a * sin_t[idx];
    }
  };
  auto coefficient = [&]() {  // (1/N) sum_t T(w^t)^n w^{-t target}
    double acc = 0.0;
    for (std::int64_t t = 0; t < len; ++t) {
      double br = re[std::size_t(t)], bi = im[std::size_t(t)], rr = 1.0, ri = 0.0;
      for (int e = bins; e > 0; e >>= 1) {  // complex power by squaring
        if (e & 1) { const double nr = rr * br - ri * bi; ri = rr * bi + ri * br; rr = nr; }
        const double sr = br * br - bi * bi; bi = 2.0 * br * bi; br = sr;
      }
      const auto idx = std::size_t((t * target) % len);  // multiply by conj(w^(t target)): real part
      acc += rr * cos_t[idx] + ri * sin_t[idx];
    }
    return acc / double(len);
  };
  for (std::int64_t i = lo; i <= std::min(x0, x_max); ++i) add_term(i);
  double emax = double(x0);  // sum_{x < x0} P(max > x) = x0
  for (std::int64_t x = x0; x <= balls; ++x) {
    if (x > x0 && x <= x_max) add_term(x);
    const double p = x >= x_max ? 1.0 : std::clamp(coefficient(), 0.0, 1.0);
    emax += 1.0 - p;
    if (p > 1.0 - 1e-14) break;
  }
  return emax;
}

// sum_x [1 - prod_j F_j(x)], F_j = Binomial(B, q_j) cdf: independent-binomial E[max] for
// heterogeneous inclusion probabilities (theory §3.4 last paragraph). Experts whose load cannot
// reach the range where the product differs from 0 and 1 are skipped.
template <std::floating_point T>
[[nodiscard]] double independent_heterogeneous_max(std::span<const T> shares, std::int64_t tokens) {
  if (tokens <= 0 || shares.empty()) return 0.0;
  const double b = double(tokens);
  double x_lo = 0.0, x_hi = 0.0;
  for (const T q : shares) {
    const double m = b * double(q), s = std::sqrt(m * (1.0 - double(q)));
    x_lo = std::max(x_lo, std::floor(m - 12.0 * s - 1.0));
    x_hi = std::max(x_hi, m + 12.0 * s + 2.0);
  }
  std::vector<boost::math::binomial_distribution<double>> active;
  bool certain = false;  // some q_j = 1: that expert's load is exactly B
  for (const T q : shares) {
    const double qd = double(q), m = b * qd, s = std::sqrt(m * (1.0 - qd));
    if (qd >= 1.0) { certain = true; continue; }
    if (qd <= 0.0 || m + 12.0 * s + 2.0 < x_lo) continue;  // F_j = 1 on the range summed
    active.emplace_back(b, qd);
  }
  if (certain) return b;  // max = B
  double l = x_lo;
  const auto last = static_cast<std::int64_t>(std::min(b - 1.0, std::ceil(x_hi)));
  for (auto x = static_cast<std::int64_t>(x_lo); x <= last; ++x) {
    double log_f = 0.0;
    for (const auto& X : active) log_f += std::log1p(-cdf(complement(X, double(x))));
    l += -std::expm1(log_f);
  }
  return l;
}

}  // namespace detail

// m_n = E[max of n i.i.d. standard normals] (theory §3.3 table: m_8 = 1.4236, m_256 = 2.8269).
template <std::floating_point T = double>
[[nodiscard]] T expected_max_std_normal(int n) {
  detail::require_positive("n", n);
  return T(detail::std_normal_expected_max(n));
}

// Exact E[max] for `balls` balls into `bins` bins (with replacement / k = 1), theory §3.1a, A.3.
template <std::floating_point T = double>
[[nodiscard]] basic_max_load<T> expected_max_load_multinomial(int bins, std::int64_t balls) {
  detail::require_positive("bins", bins);
  detail::require_non_negative("balls", balls);
  return detail::make_max_load<T>(detail::multinomial_exact_max(bins, balls), double(balls) / bins, double(balls));
}

// E[max_j X_j] for B tokens each choosing k distinct experts of E uniformly (theory §3).
// X_j ~ Binomial(B, p), p = k/E, mu = B k / E. Special cases handled exactly by every method:
// B = 0 (0), k = E (every expert gets every token: B). `corrected` is exact for B = 1 (max = 1,
// theory A.2 note; the formula itself is not meant for B = 1). Cost: O(sd) Boost cdf calls
// (about 10 us at mu = 256) for corrected/lower_bound; exact k = 1 costs milliseconds.
template <std::floating_point T = double>
[[nodiscard]] basic_max_load<T> expected_max_load(int num_experts, int top_k, std::int64_t tokens,
                                                  max_load_method method = max_load_method::corrected) {
  detail::check_routing(num_experts, top_k);
  detail::check_tokens(tokens);
  const double e = num_experts, b = double(tokens), p = double(top_k) / e, mu = b * p;
  if (tokens == 0) return detail::make_max_load<T>(0.0, 0.0);
  if (top_k == num_experts) return detail::make_max_load<T>(b, mu, b);
  const double var = b * p * (1.0 - p);  // Var[X_j] = B p (1-p) (theory §1.1)
  const double inflate = std::sqrt(e / (e - 1.0));  // sd inflation under corr -1/(E-1) (§3.3)
  switch (method) {
    case max_load_method::exact:
      if (tokens == 1) return detail::make_max_load<T>(1.0, mu, b);  // one token: loads are 0 or 1
      if (top_k == 1) return detail::make_max_load<T>(detail::multinomial_exact_max(num_experts, tokens), mu, b);
      detail::fail("method", "exact", "needs top_k = 1, tokens <= 1 or top_k = num_experts; got top_k = " +
                                          detail::show(top_k) + ", tokens = " + detail::show(tokens));
    case max_load_method::corrected: {
      if (tokens == 1) return detail::make_max_load<T>(1.0, mu, b);
      const double l = detail::independent_binomial_max(e, tokens, p);
      return detail::make_max_load<T>(mu + inflate * (l - mu), mu, b);  // theory §3.3 item 1
    }
    case max_load_method::lower_bound:
      return detail::make_max_load<T>(detail::independent_binomial_max(e, tokens, p), mu, b);  // §3.2
    case max_load_method::bernstein_upper:  // §3.2, Boucheron-Lugosi-Massart Cor. 2.6, v = var, c = 1/3
      return detail::make_max_load<T>(mu + std::sqrt(2.0 * var * std::log(e)) + std::log(e) / 3.0, mu, b);
    case max_load_method::normal:  // §3.3 item 2
      return detail::make_max_load<T>(mu + std::sqrt(var) * inflate * detail::std_normal_expected_max(num_experts), mu, b);
    case max_load_method::raab_steger:  // §3.3 item 4 (Raab & Steger 1998, Thm 1, alpha = 1)
      return detail::make_max_load<T>(mu + std::sqrt(2.0 * mu * std::log(e)), mu, b);
  }
  detail::fail("method", detail::show(static_cast<int>(method)), "unknown max_load_method");
}

// Skewed popularity: shares q_j = P(a token picks expert j), sum_j q_j = k (theory §3.4, §4.2).
// lower_bound: independent binomials, L = sum_x [1 - prod_j F_j(x)] (the method of theory A.5 /
// Table D). corrected (heuristic, exact only in the uniform limit): B q_max + sqrt(E/(E-1)) (L -
// B q_max). Other methods need uniform routing and are rejected. mean = B sum(q) / E.
template <std::floating_point T>
[[nodiscard]] basic_max_load<T> expected_max_load(std::span<const T> shares, std::int64_t tokens,
                                                  max_load_method method = max_load_method::corrected) {
  detail::check_tokens(tokens);
  if (shares.empty()) detail::fail("shares", "[]", "must list one share per expert");
  double sum = 0.0, q_max = 0.0;
  for (const T q : shares) {
    detail::require_probability("shares[i]", q);
    sum += double(q);
    q_max = std::max(q_max, double(q));
  }
  const double e = double(shares.size()), b = double(tokens), mu = b * sum / e;
  if (tokens == 0) return detail::make_max_load<T>(0.0, 0.0);
  const double l = detail::independent_heterogeneous_max(shares, tokens);
  switch (method) {
    case max_load_method::lower_bound: return detail::make_max_load<T>(l, mu, b);
    case max_load_method::corrected: {
      if (shares.size() == 1) return detail::make_max_load<T>(l, mu, b);
      const double top = b * q_max;
      return detail::make_max_load<T>(top + std::sqrt(e / (e - 1.0)) * (l - top), mu, b);
    }
    default:
      detail::fail("method", detail::show(static_cast<int>(method)),
                   "skewed shares support corrected and lower_bound only");
  }
}

}  // namespace tokenomics
