// Hard bounds every realisation of the routing obeys, checked on the expectations over seeded
// random (E, k, G, B, skew, replicas) draws: whatever the approximation, E[max] cannot leave them.
//   rows R_g >= distinct experts D_g (each touched expert has a row) and >= tokens T_g;
//   R_g <= B min(k, K') (a token puts at most min(k, K') rows on a rank of K' slots);
//   T_g <= B, D_g <= K'; E[max_g X_g] >= E[X_g]; mean rows = B k / G.
#include <tokenomics/moe/ep_load.hpp>
#include <tokenomics/moe/max_load.hpp>
#include <tokenomics/presets/routing.hpp>

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

#include "tt.hpp"

namespace tk = tokenomics;

TEST_CASE("ep_load respects the hard bounds over 3,000 seeded random draws") {
  std::mt19937_64 rng(20261202);
  const std::vector<int> experts{4, 8, 16, 32, 64, 128};
  const double slack = 1e-9;
  int checked = 0;
  for (int draw = 0; draw < 3000; ++draw) {
    const int e = experts[std::uniform_int_distribution<std::size_t>(0, experts.size() - 1)(rng)];
    const int k = std::uniform_int_distribution<int>(1, std::min(e, 9))(rng);
    std::vector<int> divisors;
    for (int g = 1; g <= e; ++g)
      if (e % g == 0) divisors.push_back(g);
    const int g = divisors[std::uniform_int_distribution<std::size_t>(0, divisors.size() - 1)(rng)];
    // B log-uniform in [1, 4096], small batches (where the bounds were crossed) well represented
    const auto b = static_cast<std::int64_t>(std::exp(std::uniform_real_distribution<double>(0.0, std::log(4096.0))(rng)));
    tk::routing_skew skew{};
    switch (std::uniform_int_distribution<int>(0, 3)(rng)) {
      case 0: break;
      case 1: skew = {tk::skew_kind::lognormal, std::uniform_real_distribution<double>(0.0, 3.0)(rng)}; break;
      case 2: skew = {tk::skew_kind::zipf, std::uniform_real_distribution<double>(0.0, 3.0)(rng)}; break;
      default: skew = {tk::skew_kind::dirichlet, std::exp(std::uniform_real_distribution<double>(-3.0, 3.0)(rng))}; break;
    }
    if (std::uniform_int_distribution<int>(0, 3)(rng) == 0) skew.share_cv = 0.1;
    const int redundant = g > 1 && std::uniform_int_distribution<int>(0, 2)(rng) == 0 ? g : 0;
    const int per = (e + redundant) / g;
    CAPTURE(e);
    CAPTURE(k);
    CAPTURE(g);
    CAPTURE(b);
    CAPTURE(static_cast<int>(skew.kind));
    CAPTURE(skew.parameter);
    CAPTURE(redundant);
    const auto s = tk::ep_load(e, k, g, b, skew, redundant);
    const double bd = double(b);
    CHECK(s.mean_pairs_per_rank == tt::rel(bd * k / g, 1e-9));
    CHECK(s.max_pairs_per_rank >= s.max_distinct_experts_per_rank - slack);
    CHECK(s.max_pairs_per_rank >= s.max_tokens_per_rank - slack);
    CHECK(s.max_pairs_per_rank <= bd * std::min(k, per) + slack);
    CHECK(s.max_pairs_per_rank >= s.mean_pairs_per_rank - slack);
    CHECK(s.max_tokens_per_rank >= s.mean_tokens_per_rank - slack);
    CHECK(s.max_tokens_per_rank <= bd + slack);
    CHECK(s.max_distinct_experts_per_rank >= s.mean_distinct_experts_per_rank - slack);
    CHECK(s.max_distinct_experts_per_rank <= per + slack);
    ++checked;
  }
  CHECK(checked == 3000);
}

TEST_CASE("ep_load bounds at the issue's cases: DeepSeek-R1 EP32, one token") {
  // One token: on every rank rows = distinct experts, so E[max] of both agree; at most k = 8.
  for (const auto& skew : {tk::routing_skew{}, tk::presets::deepseek_r1_translation_routing}) {
    const auto s = tk::ep_load(256, 8, 32, 1, skew);
    CHECK(s.max_pairs_per_rank >= s.max_distinct_experts_per_rank);  // was 1.56 < 1.59
    CHECK(s.max_pairs_per_rank <= 8.0);
    CHECK(s.max_tokens_per_rank == 1.0);
  }
}

TEST_CASE("expected_max_load stays in [mean, tokens] over 3,000 seeded random draws") {
  std::mt19937_64 rng(7);
  const tk::max_load_method methods[] = {tk::max_load_method::corrected, tk::max_load_method::lower_bound,
                                         tk::max_load_method::bernstein_upper, tk::max_load_method::normal,
                                         tk::max_load_method::raab_steger};
  for (int draw = 0; draw < 3000; ++draw) {
    const int e = std::uniform_int_distribution<int>(1, 64)(rng);
    const int k = std::uniform_int_distribution<int>(1, e)(rng);
    const auto b = std::uniform_int_distribution<std::int64_t>(1, 64)(rng);
    const auto method = methods[draw % 5];
    CAPTURE(e);
    CAPTURE(k);
    CAPTURE(b);
    CAPTURE(static_cast<int>(method));
    const auto m = tk::expected_max_load(e, k, b, method);
    CHECK(m.mean == tt::rel(double(b) * k / e, 1e-12));
    CHECK(m.expected_max <= double(b));
    CHECK(m.expected_max >= m.mean);
  }
  CHECK(tk::expected_max_load(8, 7, 5).expected_max <= 5.0);  // was 5.04
}
