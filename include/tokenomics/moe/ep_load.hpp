#pragma once
// Expert-parallel (EP) rank statistics (theory §3.5, §3.6, §4.3) and the step-oracle contract
// `ep_load`: the busiest rank's (token, expert) rows, distinct local experts and received tokens.
#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <mutex>
#include <numbers>
#include <numeric>
#include <span>
#include <vector>

#include <boost/math/distributions/binomial.hpp>
#include <boost/math/distributions/hypergeometric.hpp>

#include "../core/error.hpp"
#include "../spec/workload.hpp"
#include "detail/checks.hpp"
#include "detail/pmf.hpp"
#include "eplb.hpp"
#include "max_load.hpp"
#include "skew.hpp"

namespace tokenomics {

template <std::floating_point T>
struct basic_ep_load {
  T mean_pairs_per_rank{};             // B k / G: (token, expert) rows per rank (grouped-GEMM rows)
  T max_pairs_per_rank{};              // E[max_g R_g]: rows on the busiest rank
  T sd_pairs_per_rank{};               // sqrt(E[(R_g - mean)^2]) over ranks: TensorRT-LLM's "std"
  T mean_distinct_experts_per_rank{};  // expected distinct local experts (slots) touched
  T max_distinct_experts_per_rank{};   // E[max_g D_g]: drives the busiest rank's weight bytes
  T mean_tokens_per_rank{};            // B rho: tokens received once per rank (de-duplicated)
  T max_tokens_per_rank{};             // E[max_g T_g]
  T ranks_per_token{};                 // G rho
};
using ep_load_stats = basic_ep_load<double>;

namespace detail {

inline void check_groups(std::string_view field, int num_experts, int groups) {
  require_positive(field, groups);
  require_divides(field, groups, "num_experts", num_experts);
}

// C(E-K, k) / C(E, k) = prod_{i<k} (E-K-i)/(E-i): a token's k distinct experts all miss a given
// set of K experts (hypergeometric zero class, theory §3.5).
[[nodiscard]] inline double miss_probability(int num_experts, int set_size, int top_k) noexcept {
  if (num_experts - set_size < top_k) return 0.0;
  double m = 1.0;
  for (int i = 0; i < top_k; ++i) m *= double(num_experts - set_size - i) / double(num_experts - i);
  return m;
}

// sum_{x >= 0} [1 - F(x)^n] for an integer variable given by a window pmf (normalised first).
[[nodiscard]] inline double independent_max_from_pmf(const window_pmf& pmf, double n) {
  double total = 0.0;
  for (const double v : pmf.p) total += v;
  double l = double(pmf.offset), upper = 0.0;  // x < offset: P(X > x) = 1
  std::vector<double> tail(pmf.p.size());
  for (std::size_t i = pmf.p.size(); i-- > 0;) {  // tail[i] = P(X > offset + i)
    tail[i] = upper / total;
    upper += pmf.p[i];
  }
  for (const double q : tail) l += -std::expm1(n * std::log1p(-std::min(q, 1.0)));
  return l;
}

// Per-token count of a token's experts on one rank of K = E/G experts: Hypergeometric(N = E,
// K, n = k) (theory §3.5), Boost pdf.
[[nodiscard]] inline window_pmf rank_count_pmf(int num_experts, int top_k, int ep_ranks) {
  const int per = num_experts / ep_ranks;
  const boost::math::hypergeometric_distribution<double> h{unsigned(per), unsigned(top_k), unsigned(num_experts)};
  const int lo = std::max(0, top_k + per - num_experts), hi = std::min(top_k, per);
  window_pmf pmf{lo, {}};
  for (int c = lo; c <= hi; ++c) pmf.p.push_back(pdf(h, unsigned(c)));
  return pmf;
}

// Uniform routing, no redundancy: everything of theory §3.5.
struct uniform_rank_model {
  int num_experts{}, top_k{}, ep_ranks{};
  window_pmf token_pmf{};   // per-token pairs on a rank
  double pair_variance{};   // variance of that per-token count (hypergeometric)
  double rho{};             // P(token hits a given rank) = 1 - C(E-K,k)/C(E,k)
  double tokens_factor{};   // sqrt(1 - r), r = exact correlation of two ranks' hit indicators
  double share_cv{};        // routing_skew::share_cv
};

[[nodiscard]] inline uniform_rank_model make_uniform_rank_model(int e, int k, int g, double share_cv = 0.0) {
  uniform_rank_model m{e, k, g, rank_count_pmf(e, k, g), 0.0, 0.0, 1.0, share_cv};
  const int per = e / g;
  // Var of Hypergeometric(N = E, K = per, n = k): k (K/N) (1 - K/N) (N - k)/(N - 1)
  m.pair_variance = e > 1 ? k * (double(per) / e) * (1.0 - double(per) / e) * double(e - k) / double(e - 1) : 0.0;
  m.rho = 1.0 - miss_probability(e, per, k);
  if (g > 1 && m.rho > 0.0 && m.rho < 1.0) {
    // P(hit g and h) = 1 - 2 P(miss one) + P(miss both), P(miss both) = C(E-2K,k)/C(E,k)
    const double both = 2.0 * m.rho - 1.0 + miss_probability(e, 2 * per, k);
    const double r = (both - m.rho * m.rho) / (m.rho * (1.0 - m.rho));
    m.tokens_factor = std::sqrt(std::max(0.0, 1.0 - r));  // equicorrelated: excess scales by sqrt(1-r)
  }
  return m;
}

// Share fluctuation (routing_skew::share_cv = c): expert j's share in a step is q_j (1 + eps_j),
// Var eps_j = c^2, independent across experts, renormalised so that the shares sum to k. Rank g
// holds a_gj = q_j n_gj / r_j of expert j (n_gj of its r_j replicas), Q_g = sum_j a_gj; by the
// delta method
//   Var Q_g = c^2 [sum_j a_gj^2 - 2 (Q_g/k) sum_j a_gj q_j + (Q_g/k)^2 sum_j q_j^2],
// which for equal shares and no replicas is c^2 K q^2 (1 - 1/G), the analogue of the
// hypergeometric factor. A rank's rows B Q_g get B^2 Var Q_g on top of the sampling variance;
// its de-duplicated tokens B rho_g, rho_g = 1 - prod_s (1 - q_s), get
// B^2 c^2 (1 - rho_g)^2 sum_j (sum_{s in g, of j} q_s/(1 - q_s))^2 (d rho_g/d q_s = (1 - rho_g)/
// (1 - q_s); renormalisation neglected there). Distinct experts per rank keep their i.i.d. value.
[[nodiscard]] inline double share_variance(double cv, double own_q2, double cross, double rank_q, double all_q2,
                                           double k) {
  const double f = rank_q / k;
  return cv * cv * (own_q2 - 2.0 * f * cross + f * f * all_q2);
}

// Bounds every realisation obeys, restored where the approximations cross them at small batches
// (DeepSeek-R1 EP32, B = 1 gave 1.59 distinct experts against 1.56 rows): D_g <= R_g (a touched
// expert has a row), T_g <= R_g, T_g <= B, D_g <= K' (slots per rank), R_g <= B min(k, K'), and
// each E[max] >= its mean. Linear, so averages over placements keep them.
inline basic_ep_load<double> with_rank_bounds(basic_ep_load<double> r, std::int64_t tokens, int top_k, int per_rank) {
  const double b = double(tokens), pair_cap = b * std::min(top_k, per_rank);
  r.max_tokens_per_rank = std::min(std::max(r.max_tokens_per_rank, r.mean_tokens_per_rank), b);
  r.max_distinct_experts_per_rank = std::min(std::max(r.max_distinct_experts_per_rank, r.mean_distinct_experts_per_rank),
                                             std::min(double(per_rank), pair_cap));
  r.max_pairs_per_rank = std::min(
      std::max({r.max_pairs_per_rank, r.mean_pairs_per_rank, r.max_distinct_experts_per_rank, r.max_tokens_per_rank}),
      pair_cap);
  return r;
}

// The B-fold convolution costs about B^1.2 (0.35 s at 2^18 tokens on EP8, minutes at the 8.4M
// tokens of a prefill-heavy sweep step); beyond 2^16 tokens R_g is its normal limit N(B k/G, B var)
// and E[max of G] = mean + sd m_G (CLT; at 2^18 tokens within 0.2 % of the convolution's excess over the mean).
inline constexpr std::int64_t exact_convolution_tokens = std::int64_t(1) << 16;

[[nodiscard]] inline basic_ep_load<double> uniform_rank_stats(const uniform_rank_model& m, std::int64_t tokens) {
  const double b = double(tokens), g = m.ep_ranks, per = double(m.num_experts / m.ep_ranks);
  const double q = double(m.top_k) / m.num_experts;
  basic_ep_load<double> r{};
  r.mean_pairs_per_rank = b * m.top_k / g;
  const double pair_noise = b * m.pair_variance;
  const double pair_shift =
      b * b * share_variance(m.share_cv, per * q * q, per * q * q, per * q, m.num_experts * q * q, m.top_k);
  r.sd_pairs_per_rank = std::sqrt(pair_noise + pair_shift);
  r.ranks_per_token = g * m.rho;
  r.mean_tokens_per_rank = b * m.rho;
  const double pi = 1.0 - std::pow(1.0 - double(m.top_k) / m.num_experts, b);  // P(expert touched), §2
  r.mean_distinct_experts_per_rank = per * pi;
  if (m.ep_ranks == 1) {  // one rank holds everything
    r.max_pairs_per_rank = r.mean_pairs_per_rank;
    r.max_tokens_per_rank = b;
    r.max_distinct_experts_per_rank = r.mean_distinct_experts_per_rank;
    return r;
  }
  const double inflate = std::sqrt(g / (g - 1.0));  // ranks are NA with corr -1/(G-1), §3.5
  // R_g: B-fold convolution of the hypergeometric count (exact up to 1e-24 tail trimming). A share
  // fluctuation widens the excess over the mean by the ratio of standard deviations (exact for
  // normal loads; 1 when share_cv = 0, leaving the exact i.i.d. value).
  const double pair_widen = pair_noise > 0.0 ? std::sqrt(1.0 + pair_shift / pair_noise) : 1.0;
  const double l_pairs = tokens <= exact_convolution_tokens
                             ? independent_max_from_pmf(convolution_power(m.token_pmf, tokens), g)
                             : r.mean_pairs_per_rank + std::sqrt(pair_noise) * std_normal_expected_max(m.ep_ranks);
  r.max_pairs_per_rank = r.mean_pairs_per_rank + pair_widen * inflate * (l_pairs - r.mean_pairs_per_rank);
  // T_g ~ Binomial(B, rho); B = 1: some rank is hit, so max = 1 exactly.
  const double token_noise = b * m.rho * (1.0 - m.rho);
  const double token_shift = b * b * m.share_cv * m.share_cv * per * std::pow(q * (1.0 - m.rho) / (1.0 - q), 2);
  const double token_widen = token_noise > 0.0 ? std::sqrt(1.0 + token_shift / token_noise) : 1.0;
  const double l_tokens = independent_binomial_max(g, tokens, m.rho);
  r.max_tokens_per_rank =
      tokens == 1 ? 1.0
                  : std::min(b, r.mean_tokens_per_rank + token_widen * m.tokens_factor * (l_tokens - r.mean_tokens_per_rank));
  // D_g ≈ Binomial(K, pi), E[max] ≈ sum_d [1 - F(d)^G] (theory §3.5, no correction).
  r.max_distinct_experts_per_rank = independent_binomial_max(g, std::int64_t(per), pi);
  return r;
}

// Heterogeneous slots (skew and/or EPLB replicas) with a given placement: normal approximations.
// Rank g holds slots with shares q_s (P(token is routed to slot s)):
//   R_g ~ N(B Q_g, B c sum_s q_s (1 - q_s) + B^2 Var Q_g), Q_g = sum_s q_s, c = (S - K')/(S - 1)
//         (the exact hypergeometric variance factor of theory §3.5 in the uniform limit), Var Q_g
//         from the share fluctuation (share_variance, 0 when share_cv = 0);
//   T_g ~ N(B rho_g, B rho_g (1 - rho_g) + its share term), rho_g = 1 - prod_s (1 - q_s) (slots
//         independent);
//   D_g = Poisson-binomial over the slots with pi_s = 1 - (1 - q_s)^B (exact DP), max over ranks by
//         independence (as theory §3.5 for the uniform case).
// E[max] of the normals: L = int_0^inf [1 - prod_g Phi((x - m_g)/s_g)] dx (Simpson, 128 steps on
// the window where the product is neither 0 nor 1), then the heterogeneous correction of theory
// §3.4: m_top + sqrt(G/(G-1)) (L - m_top).
[[nodiscard]] inline double normal_max(std::span<const double> m, std::span<const double> s, double inflate) {
  double top = 0.0, x_lo = 0.0, x_hi = 0.0;
  for (std::size_t i = 0; i < m.size(); ++i) {
    top = std::max(top, m[i]);
    x_lo = std::max(x_lo, m[i] - 9.0 * s[i]);
    x_hi = std::max(x_hi, m[i] + 9.0 * s[i]);
  }
  if (!(x_hi > x_lo)) return top;
  constexpr int steps = 128;
  const double h = (x_hi - x_lo) / steps;
  auto f = [&](double x) {
    double prod = 1.0;
    for (std::size_t i = 0; i < m.size() && prod > 0.0; ++i) {
      if (m[i] + 9.0 * s[i] <= x) continue;  // Phi = 1
      prod *= s[i] > 0.0 ? 0.5 * std::erfc((m[i] - x) / (s[i] * std::numbers::sqrt2)) : (x >= m[i] ? 1.0 : 0.0);
    }
    return 1.0 - prod;
  };
  double acc = f(x_lo) + f(x_hi);
  for (int i = 1; i < steps; ++i) acc += (i % 2 ? 4.0 : 2.0) * f(x_lo + i * h);
  const double l = x_lo + acc * h / 3.0;
  return top + inflate * (l - top);
}

// slot_expert[s]: the logical expert of slot s; expert_q: the experts' shares (for share_cv).
[[nodiscard]] inline basic_ep_load<double> slot_rank_stats(std::span<const double> slot_q, std::span<const int> slot_expert,
                                                          std::span<const double> expert_q, int ep_ranks,
                                                          std::int64_t tokens, double share_cv) {
  const int slots = static_cast<int>(slot_q.size()), per = slots / ep_ranks;
  const double b = double(tokens), g = ep_ranks;
  double k = 0.0, all_q2 = 0.0;
  for (const double q : slot_q) k += q;
  for (const double q : expert_q) all_q2 += q * q;
  double square_deviation = 0.0;  // sum_g E[(R_g - mean)^2]
  std::vector<double> m_pairs(ep_ranks), s_pairs(ep_ranks), m_tok(ep_ranks), s_tok(ep_ranks);
  std::vector<std::vector<double>> dist_cdf(ep_ranks);
  const double c = slots > 1 ? double(slots - per) / double(slots - 1) : 0.0;
  basic_ep_load<double> r{};
  r.mean_pairs_per_rank = b * k / g;
  for (int rank = 0; rank < ep_ranks; ++rank) {
    double q_sum = 0.0, own_q2 = 0.0, cross = 0.0, var = 0.0, log_miss = 0.0, token_shift = 0.0;
    std::vector<double> pmf{1.0};  // Poisson-binomial DP over the rank's slots
    const std::size_t first = std::size_t(rank * per);
    for (int i = 0; i < per; ++i) {
      const double q = slot_q[first + std::size_t(i)];
      q_sum += q;
      var += q * (1.0 - q);
      log_miss += std::log1p(-std::min(q, 1.0));
      if (share_cv > 0.0) {  // replicas of one expert on this rank move together: O(per^2), cold path only
        const int j = slot_expert[first + std::size_t(i)];
        cross += q * expert_q[std::size_t(j)];
        for (int i2 = 0; i2 < per; ++i2) {
          if (slot_expert[first + std::size_t(i2)] != j) continue;
          const double q2 = slot_q[first + std::size_t(i2)];
          own_q2 += q * q2;
          if (q < 1.0 && q2 < 1.0) token_shift += q / (1.0 - q) * q2 / (1.0 - q2);
        }
      }
      const double pi = -std::expm1(b * std::log1p(-std::min(q, 1.0)));  // 1 - (1-q)^B
      r.mean_distinct_experts_per_rank += pi / g;
      pmf.push_back(0.0);
      for (std::size_t d = pmf.size() - 1; d > 0; --d) pmf[d] = pmf[d] * (1.0 - pi) + pmf[d - 1] * pi;
      pmf[0] *= 1.0 - pi;
    }
    const double rho = -std::expm1(log_miss);
    r.ranks_per_token += rho;
    r.mean_tokens_per_rank += b * rho / g;
    m_pairs[rank] = b * q_sum;
    s_pairs[rank] = std::sqrt(b * c * var + b * b * share_variance(share_cv, own_q2, cross, q_sum, all_q2, k));
    square_deviation += std::pow(m_pairs[rank] - r.mean_pairs_per_rank, 2) + s_pairs[rank] * s_pairs[rank];
    m_tok[rank] = b * rho;
    s_tok[rank] = std::sqrt(b * rho * (1.0 - rho) + std::pow(b * share_cv * (1.0 - rho), 2) * token_shift);
    double acc = 0.0;
    for (double& v : pmf) v = (acc += v);
    dist_cdf[rank] = std::move(pmf);
  }
  if (ep_ranks == 1) {
    r.max_pairs_per_rank = r.mean_pairs_per_rank;
    r.max_tokens_per_rank = b;
    r.max_distinct_experts_per_rank = r.mean_distinct_experts_per_rank;
    return r;
  }
  r.sd_pairs_per_rank = std::sqrt(square_deviation / g);
  const double inflate = std::sqrt(g / (g - 1.0));
  r.max_pairs_per_rank = std::max(normal_max(m_pairs, s_pairs, inflate), r.mean_pairs_per_rank);
  r.max_tokens_per_rank = tokens == 1 ? 1.0 : std::clamp(normal_max(m_tok, s_tok, inflate), r.mean_tokens_per_rank, b);
  double dmax = 0.0;
  for (int d = 0; d < per; ++d) {  // E[max] = sum_{d < K'} [1 - prod_g F_g(d)]
    double prod = 1.0;
    for (const auto& cdf : dist_cdf) prod *= std::min(cdf[std::size_t(d)], 1.0);
    dmax += 1.0 - prod;
  }
  r.max_distinct_experts_per_rank = dmax;
  return r;
}

// B-independent data of one (E, k, G, skew, redundant) configuration.
struct ep_profile {
  bool uniform{};
  uniform_rank_model model{};
  int ep_ranks{}, placements{}, top_k{}, per_rank{};  // per_rank: slots (experts + replicas) per rank
  double share_cv{};
  std::vector<double> slot_q{};     // placements x slots, rank-major within a placement
  std::vector<int> slot_expert{};   // the logical expert of each of those slots
  std::vector<double> expert_q{};   // per logical expert
};

// Without redundancy the placement of skewed experts on ranks is unrelated to their popularity:
// statistics are averaged over this many fixed pseudo-random placements (splitmix64, seed fixed,
// so results are reproducible). 32 keeps the placement-sampling error of E[max_g R_g]/mean near 1 %
// for lognormal sigma = 1 on EP32 while a cold call stays around a millisecond.
inline constexpr int random_placements = 32;

[[nodiscard]] inline std::uint64_t splitmix64(std::uint64_t& state) noexcept {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

[[nodiscard]] inline std::unique_ptr<ep_profile> make_ep_profile(int e, int k, int g, std::span<const double> q,
                                                                 int redundant, double share_cv) {
  auto p = std::make_unique<ep_profile>();
  p->ep_ranks = g;
  p->top_k = k;
  p->per_rank = (e + redundant) / g;
  p->share_cv = share_cv;
  const auto [lo, hi] = std::minmax_element(q.begin(), q.end());
  if (redundant == 0 && *hi - *lo <= 1e-12 * *hi) {  // uniform: exact theory §3.5
    p->uniform = true;
    p->model = make_uniform_rank_model(e, k, g, share_cv);
    return p;
  }
  p->expert_q.assign(q.begin(), q.end());
  if (redundant > 0) {  // EPLB: one deterministic placement of replica slots (theory §4.3)
    auto plan = eplb(q, g, redundant);
    p->placements = 1;
    p->slot_q = std::move(plan.slot_load);
    p->slot_expert = std::move(plan.slot_expert);
    return p;
  }
  p->placements = random_placements;
  std::vector<int> perm(q.size());
  std::iota(perm.begin(), perm.end(), 0);
  std::uint64_t state = 0x70636b6e6f6d6963ULL;
  for (int t = 0; t < random_placements; ++t) {
    for (std::size_t i = perm.size(); i > 1; --i) std::swap(perm[i - 1], perm[splitmix64(state) % i]);  // Fisher-Yates
    p->slot_expert.insert(p->slot_expert.end(), perm.begin(), perm.end());
    for (const int j : perm) p->slot_q.push_back(q[std::size_t(j)]);
  }
  return p;
}

[[nodiscard]] inline basic_ep_load<double> profile_stats(const ep_profile& p, std::int64_t tokens) {
  if (p.uniform) return with_rank_bounds(uniform_rank_stats(p.model, tokens), tokens, p.top_k, p.per_rank);
  const std::size_t slots = p.slot_q.size() / std::size_t(p.placements);
  basic_ep_load<double> acc{};
  for (int t = 0; t < p.placements; ++t) {
    const std::size_t offset = std::size_t(t) * slots;
    const auto s = slot_rank_stats(std::span(p.slot_q).subspan(offset, slots),
                                   std::span(p.slot_expert).subspan(offset, slots), p.expert_q, p.ep_ranks, tokens,
                                   p.share_cv);
    acc.mean_pairs_per_rank += s.mean_pairs_per_rank;
    acc.max_pairs_per_rank += s.max_pairs_per_rank;
    acc.sd_pairs_per_rank += s.sd_pairs_per_rank * s.sd_pairs_per_rank;  // mean square over placements
    acc.mean_distinct_experts_per_rank += s.mean_distinct_experts_per_rank;
    acc.max_distinct_experts_per_rank += s.max_distinct_experts_per_rank;
    acc.mean_tokens_per_rank += s.mean_tokens_per_rank;
    acc.max_tokens_per_rank += s.max_tokens_per_rank;
    acc.ranks_per_token += s.ranks_per_token;
  }
  const double n = p.placements;
  return with_rank_bounds({acc.mean_pairs_per_rank / n, acc.max_pairs_per_rank / n, std::sqrt(acc.sd_pairs_per_rank / n),
                           acc.mean_distinct_experts_per_rank / n, acc.max_distinct_experts_per_rank / n,
                           acc.mean_tokens_per_rank / n, acc.max_tokens_per_rank / n, acc.ranks_per_token / n},
                          tokens, p.top_k, p.per_rank);
}

// ---- caches (per thread, no locks and no allocation on a hit; then one shared by all threads) ----
struct ep_profile_key {
  int e{}, k{}, g{}, redundant{}, kind{};
  double parameter{}, share_cv{};
  std::uint64_t shares_hash{};
  bool operator==(const ep_profile_key&) const = default;
};

[[nodiscard]] inline std::uint64_t mix(std::uint64_t h, std::uint64_t v) noexcept {
  return (h ^ v) * 0x100000001b3ULL;  // FNV-1a style
}
[[nodiscard]] inline std::uint64_t hash_key(const ep_profile_key& k, std::int64_t tokens) noexcept {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (const int v : {k.e, k.k, k.g, k.redundant, k.kind}) h = mix(h, std::uint64_t(std::uint32_t(v)));
  h = mix(h, std::bit_cast<std::uint64_t>(k.parameter));
  h = mix(h, std::bit_cast<std::uint64_t>(k.share_cv));
  h = mix(h, k.shares_hash);
  h = mix(h, std::uint64_t(tokens));
  // MurmurHash3's fmix64 finaliser: every input bit reaches the low bits used as the slot index
  // (FNV's multiply alone leaves them depending on the low input bits only: batches that are
  // multiples of 32 fell into 32 of 1024 slots).
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb93fe53b8b4fULL;
  return h ^ (h >> 33);
}

struct ep_result_entry {
  ep_profile_key key{};
  std::int64_t tokens{-1};
  basic_ep_load<double> value{};
};

// Result cache: 4096 entries in 1024 sets of 4 ways (about 500 KB per thread). A DeepSeek-R1
// sweep on GB200 NVL72 asks for a few thousand (G, B, slots) keys: with 1024 entries it thrashed
// and took 296 ms, with 4096 it takes 53 ms (benchmarks/bench_sweep.cpp, one thread).
inline constexpr std::size_t ep_result_slots = 4096;
inline constexpr std::size_t ep_result_ways = 4;  // 4-way set associative: 1024 sets
// Profiles (B-independent, up to ~80 KB each for 32 placements of 288 slots): 8 per thread,
// replaced round-robin.
inline constexpr std::size_t ep_profile_slots = 8;

struct ep_cache {
  std::array<ep_result_entry, ep_result_slots> results{};
  std::array<ep_profile_key, ep_profile_slots> profile_keys{};
  std::array<std::unique_ptr<ep_profile>, ep_profile_slots> profiles{};
  std::size_t next_profile{};
  std::size_t next_way{};  // round-robin victim within a full set
};

[[nodiscard]] inline ep_cache& thread_ep_cache() {
  thread_local auto cache = std::make_unique<ep_cache>();
  return *cache;
}

// Second level, shared by all threads: a miss in a thread's cache looks here before computing,
// so the threads of a parallel sweep (each starting cold) compute a key once between them.
// Direct-mapped, 16384 entries (about 2 MB, allocated on first use), one mutex: it is only
// reached on a thread-level miss, whose computation costs 0.1-3 ms.
inline constexpr std::size_t ep_shared_slots = 16384;

class ep_shared_results {
 public:
  [[nodiscard]] bool find(const ep_profile_key& key, std::int64_t tokens, basic_ep_load<double>& out) {
    const std::lock_guard lock(mutex_);
    const auto& e = entries_[index(key, tokens)];
    if (e.tokens != tokens || !(e.key == key)) return false;
    out = e.value;
    return true;
  }
  void insert(const ep_profile_key& key, std::int64_t tokens, const basic_ep_load<double>& value) {
    const std::lock_guard lock(mutex_);
    entries_[index(key, tokens)] = {key, tokens, value};
  }

 private:
  [[nodiscard]] static std::size_t index(const ep_profile_key& key, std::int64_t tokens) noexcept {
    return (hash_key(key, tokens) >> 20) % ep_shared_slots;  // other bits than the thread cache's set
  }
  std::mutex mutex_;
  std::vector<ep_result_entry> entries_ = std::vector<ep_result_entry>(ep_shared_slots);
};

[[nodiscard]] inline ep_shared_results& shared_ep_results() {
  static ep_shared_results results;
  return results;
}

}  // namespace detail

// E[#ranks a token is sent to] = G rho, rho = 1 - C(E-K,k)/C(E,k), K = E/G (theory §3.5; exact).
template <std::floating_point T = double>
[[nodiscard]] T ranks_per_token(int num_experts, int top_k, int ep_ranks) {
  detail::check_routing(num_experts, top_k);
  detail::check_groups("ep_ranks", num_experts, ep_ranks);
  return T(ep_ranks * (1.0 - detail::miss_probability(num_experts, num_experts / ep_ranks, top_k)));
}

// Nodes touched per token, experts spread evenly over num_nodes nodes: the same formula with
// node groups (theory §3.5/§3.6; DeepSeek 256 experts on 8 nodes: 5.2947).
template <std::floating_point T = double>
[[nodiscard]] T nodes_per_token(int num_experts, int top_k, int num_nodes) {
  detail::check_routing(num_experts, top_k);
  detail::check_groups("num_nodes", num_experts, num_nodes);
  return T(num_nodes * (1.0 - detail::miss_probability(num_experts, num_experts / num_nodes, top_k)));
}

// Node-limited (group-limited) routing under the uniform-score model (theory §3.6): topk_group
// of n_group groups are chosen, then k experts uniformly among the M = topk_group selected groups'
// experts: E[groups touched] = M (1 - C((M-1) P, k) / C(M P, k)), P = E / n_group.
// DeepSeek-V3 (256, 8, n_group 8, topk_group 4): 3.6290.
template <std::floating_point T = double>
[[nodiscard]] T node_limited_nodes_per_token(int num_experts, int top_k, int n_group, int topk_group) {
  detail::check_routing(num_experts, top_k);
  detail::check_groups("n_group", num_experts, n_group);
  if (topk_group < 1 || topk_group > n_group)
    detail::fail("topk_group", detail::show(topk_group), "must be in [1, n_group = " + detail::show(n_group) + "]");
  const int per = num_experts / n_group, pool = topk_group * per;
  if (top_k > pool)
    detail::fail("top_k", detail::show(top_k), "must be <= topk_group * experts per group = " + detail::show(pool));
  return T(topk_group * (1.0 - detail::miss_probability(pool, per, top_k)));
}

// E[max_g R_g], (token, expert) rows on the busiest of G ranks, uniform routing (theory §3.5):
// exact hypergeometric-sum cdf, L = sum_x [1 - F_R(x)^G], mu_R + sqrt(G/(G-1)) (L - mu_R).
template <std::floating_point T = double>
[[nodiscard]] basic_max_load<T> expected_max_rank_pairs(int num_experts, int top_k, int ep_ranks, std::int64_t tokens) {
  detail::check_routing(num_experts, top_k);
  detail::check_groups("ep_ranks", num_experts, ep_ranks);
  detail::check_tokens(tokens);
  if (tokens == 0) return {};
  const auto s = detail::with_rank_bounds(
      detail::uniform_rank_stats(detail::make_uniform_rank_model(num_experts, top_k, ep_ranks), tokens), tokens, top_k,
      num_experts / ep_ranks);
  return detail::make_max_load<T>(s.max_pairs_per_rank, s.mean_pairs_per_rank);
}

// E[max_g T_g], tokens received per rank with de-duplication, T_g ~ Binomial(B, rho) (theory
// §3.5), corrected by sqrt(1 - r) with r the exact correlation of two ranks' hit indicators.
template <std::floating_point T = double>
[[nodiscard]] basic_max_load<T> expected_max_rank_tokens(int num_experts, int top_k, int ep_ranks, std::int64_t tokens) {
  detail::check_routing(num_experts, top_k);
  detail::check_groups("ep_ranks", num_experts, ep_ranks);
  detail::check_tokens(tokens);
  if (tokens == 0) return {};
  const auto s = detail::with_rank_bounds(
      detail::uniform_rank_stats(detail::make_uniform_rank_model(num_experts, top_k, ep_ranks), tokens), tokens, top_k,
      num_experts / ep_ranks);
  return detail::make_max_load<T>(s.max_tokens_per_rank, s.mean_tokens_per_rank);
}

// E[max_g D_g], distinct local experts on the busiest rank: D_g ≈ Binomial(K, pi), pi = 1 - (1 -
// k/E)^B, E[max] ≈ sum_d [1 - F(d)^G] (theory §3.5; 0.2 % of MC for E >= 128, ~3 % low for E = 8).
template <std::floating_point T = double>
[[nodiscard]] basic_max_load<T> expected_max_rank_distinct(int num_experts, int top_k, int ep_ranks, std::int64_t tokens) {
  detail::check_routing(num_experts, top_k);
  detail::check_groups("ep_ranks", num_experts, ep_ranks);
  detail::check_tokens(tokens);
  if (tokens == 0) return {};
  const auto s = detail::with_rank_bounds(
      detail::uniform_rank_stats(detail::make_uniform_rank_model(num_experts, top_k, ep_ranks), tokens), tokens, top_k,
      num_experts / ep_ranks);
  return detail::make_max_load<T>(s.max_distinct_experts_per_rank, s.mean_distinct_experts_per_rank);
}

// The step oracle's MoE routing statistics for one step (design.md §5, theory §3.5, §4.3).
// tokens = B routed together across the EP group; ep_ranks = G; redundant_slots: extra EPLB
// replicas (slots per rank = (E + redundant) / G).
//  * uniform routing, no redundancy: exact formulas of theory §3.5 (hypergeometric-sum cdf for the
//    rows, Binomial(B, rho) for tokens, Binomial(K, pi) for distinct experts);
//  * skew with redundant_slots > 0 (or uniform with replicas): EPLB on the shares (eplb.hpp), then
//    the per-slot loads of that placement (normal approximations, detail::slot_rank_stats);
//  * skew without redundancy: the same per-slot statistics averaged over 32 fixed pseudo-random
//    placements (popularity is unrelated to expert index);
//  * skew.share_cv > 0: the step's shares fluctuate around q_j (share_variance above). With EPLB
//    this is what remains: TensorRT-LLM's DeepSeek-R1 EP32 rank imbalance after EPLB is 0.109
//    where i.i.d. routing gives 0.064; share_cv = 0.10 gives 0.105 (presets/routing.hpp).
// Cost: a repeated (E, k, G, B, skew, redundant) lookup is a hash and a compare in a per-thread
// set-associative cache (~16 ns, no lock, no allocation; measured shares add an O(E) hash and
// validation); a miss there looks in a cache shared by all threads (one mutex) before computing.
// A cold call (measured, benchmarks/bench_routing.cpp, GCC 12 -O2, B in [64, 8192], E = 256, k = 8):
// uniform ~0.5 ms (one B-fold convolution); skew + EPLB ~0.12 ms (one placement); skew without
// redundancy ~4 ms (32 placements x G ranks x 129 erfc). The B-independent part (shares,
// placements, EPLB) is cached per configuration (8 per thread), results in 4096 slots per thread.
template <std::floating_point T = double>
[[nodiscard]] basic_ep_load<T> ep_load(int num_experts, int top_k, int ep_ranks, std::int64_t tokens,
                                       const basic_routing_skew<T>& skew = {}, int redundant_slots = 0) {
  detail::check_routing(num_experts, top_k);
  detail::check_tokens(tokens);
  detail::require_positive("ep_ranks", ep_ranks);
  detail::check_redundant_slots(std::size_t(num_experts), ep_ranks, redundant_slots);
  detail::require_divides("ep_ranks", ep_ranks, "num_experts + redundant_slots", num_experts + redundant_slots);
  validate(skew);  // workload.skew.parameter (sigma >= 0, ...), workload.skew.shares[i]
  detail::ep_profile_key key{num_experts,
                             top_k,
                             ep_ranks,
                             redundant_slots,
                             static_cast<int>(skew.kind),
                             skew.kind == skew_kind::uniform ? 0.0 : double(skew.parameter),
                             double(skew.share_cv),
                             0};
  if (skew.kind == skew_kind::measured) {
    detail::check_measured_shares(skew.shares.span(), num_experts, top_k);
    key.parameter = 0.0;
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (const T q : skew.shares) h = detail::mix(h, std::bit_cast<std::uint64_t>(double(q)));
    key.shares_hash = h;
  }
  if (tokens == 0) return {};

  auto& cache = detail::thread_ep_cache();
  const std::size_t set = detail::hash_key(key, tokens) % (detail::ep_result_slots / detail::ep_result_ways);
  detail::ep_result_entry* hit = nullptr;
  for (std::size_t w = 0; w < detail::ep_result_ways && hit == nullptr; ++w) {
    auto& e = cache.results[set * detail::ep_result_ways + w];
    if (e.tokens == tokens && e.key == key) hit = &e;
  }
  if (hit == nullptr) {
    std::size_t victim = cache.next_way++ % detail::ep_result_ways;
    for (std::size_t w = 0; w < detail::ep_result_ways; ++w)
      if (cache.results[set * detail::ep_result_ways + w].tokens < 0) victim = w;  // prefer an empty way
    auto& slot = cache.results[set * detail::ep_result_ways + victim];
    slot = {key, tokens, {}};
    auto& shared = detail::shared_ep_results();
    if (!shared.find(key, tokens, slot.value)) {
      detail::ep_profile* profile = nullptr;
      for (std::size_t i = 0; i < detail::ep_profile_slots; ++i)
        if (cache.profiles[i] && cache.profile_keys[i] == key) profile = cache.profiles[i].get();
      if (profile == nullptr) {
        const auto shares_t = expert_shares(num_experts, top_k, skew);
        const std::vector<double> shares(shares_t.begin(), shares_t.end());
        const std::size_t i = cache.next_profile++ % detail::ep_profile_slots;
        cache.profiles[i] = detail::make_ep_profile(num_experts, top_k, ep_ranks, shares, redundant_slots,
                                                    double(skew.share_cv));
        cache.profile_keys[i] = key;
        profile = cache.profiles[i].get();
      }
      slot.value = detail::profile_stats(*profile, tokens);
      shared.insert(key, tokens, slot.value);
    }
    hit = &slot;
  }
  const auto& v = hit->value;
  return {T(v.mean_pairs_per_rank),
          T(v.max_pairs_per_rank),
          T(v.sd_pairs_per_rank),
          T(v.mean_distinct_experts_per_rank),
          T(v.max_distinct_experts_per_rank),
          T(v.mean_tokens_per_rank),
          T(v.max_tokens_per_rank),
          T(v.ranks_per_token)};
}

}  // namespace tokenomics
