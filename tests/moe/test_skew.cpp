// Skewed popularity models, theory §4.2 and Appendix A.5.
#include <tokenomics/moe/skew.hpp>

#include <cmath>
#include <numeric>
#include <vector>

#include <tokenomics/moe/distinct.hpp>
#include <tokenomics/moe/max_load.hpp>

#include "tt.hpp"

namespace tk = tokenomics;
using tk::skew_kind;

TEST_CASE("A.5: floor, E[D] and E[max]/mu on quantile popularity vectors, E = 256, k = 8") {
  struct row { skew_kind kind; double param, floor, d8, r8, d128, r128, r2048, r8192; };
  // theory.md A.5 (tD.md); ratios are the independent-binomial approximation (method lower_bound),
  // as in the table. Tolerance 1 % (values printed to 3-4 significant digits).
  const std::vector<row> rows{
      {skew_kind::uniform, 0.0, 1.000, 57.42, 9.344, 251.60, 2.631, 1.3645, 1.1782},
      {skew_kind::lognormal, 0.25, 1.994, 57.06, 9.552, 249.22, 2.982, 2.045, 1.9985},
      {skew_kind::lognormal, 0.5, 3.738, 55.89, 10.280, 241.60, 4.230, 3.741, 3.7384},
      {skew_kind::lognormal, 1.0, 10.936, 50.62, 14.405, 211.12, 10.961, 10.936, 10.936},
      {skew_kind::zipf, 0.5, 8.374, 54.30, 12.242, 242.58, 8.431, 8.374, 8.374},
      {skew_kind::zipf, 1.0, 32.000, 39.51, 32.000, 194.29, 32.000, 32.000, 32.000},
  };
  for (const auto& r : rows) {
    CAPTURE(static_cast<int>(r.kind)); CAPTURE(r.param);
    const auto q = tk::expert_shares(256, 8, tk::routing_skew{r.kind, r.param});
    const std::span<const double> s(q);
    CHECK(std::accumulate(q.begin(), q.end(), 0.0) == tt::rel(8.0, 1e-12));
    CHECK(*std::max_element(q.begin(), q.end()) <= 1.0);
    CHECK(tk::skew_floor(s) == tt::rel(r.floor, 0.01));
    CHECK(tk::expected_distinct_experts(s, 8) == tt::rel(r.d8, 0.01));
    CHECK(tk::expected_distinct_experts(s, 128) == tt::rel(r.d128, 0.01));
    using tk::max_load_method;
    CHECK(tk::expected_max_load(s, 8, max_load_method::lower_bound).ratio == tt::rel(r.r8, 0.01));
    CHECK(tk::expected_max_load(s, 128, max_load_method::lower_bound).ratio == tt::rel(r.r128, 0.01));
    CHECK(tk::expected_max_load(s, 2048, max_load_method::lower_bound).ratio == tt::rel(r.r2048, 0.01));
    CHECK(tk::expected_max_load(s, 8192, max_load_method::lower_bound).ratio == tt::rel(r.r8192, 0.01));
    // the ratio never falls below the floor by more than rounding (law of large numbers, §4.2)
    CHECK(tk::expected_max_load(s, 8192).ratio >= r.floor * 0.99);
  }
}

TEST_CASE("Lognormal quantile vector: CV close to sqrt(exp(sigma^2) - 1) (theory §4.2 table)") {
  // CV of q for sigma = 0.5: sqrt(exp(0.25) - 1) = 0.5329; the quantile vector of 256 points
  // truncates the tails slightly: 5 %.
  const auto q = tk::expert_shares(256, 8, tk::routing_skew{skew_kind::lognormal, 0.5});
  const double mean = 8.0 / 256.0;
  double var = 0.0;
  for (const double x : q) var += (x - mean) * (x - mean) / 256.0;
  CHECK(std::sqrt(var) / mean == tt::rel(std::sqrt(std::exp(0.25) - 1.0), 0.05));
}

TEST_CASE("Dirichlet quantile vector: CV close to sqrt((E-1)/(E alpha + 1)) (theory §4.2 table)") {
  // alpha = 1, E = 256: sqrt(255/257) = 0.9961; quantile vector: 5 %
  const auto q = tk::expert_shares(256, 8, tk::routing_skew{skew_kind::dirichlet, 1.0});
  const double mean = 8.0 / 256.0;
  double var = 0.0;
  for (const double x : q) var += (x - mean) * (x - mean) / 256.0;
  CHECK(std::sqrt(var) / mean == tt::rel(std::sqrt(255.0 / 257.0), 0.05));
  CHECK(std::accumulate(q.begin(), q.end(), 0.0) == tt::rel(8.0, 1e-12));
}

TEST_CASE("Zipf capping by water-filling (by hand)") {
  // E = 4, k = 2, s = 3: w = 1, 1/8, 1/27, 1/64 -> q_1 = 2/1.1777 > 1: capped at 1, the excess
  // goes to the others in proportion: they then sum to 1 exactly.
  const auto q = tk::expert_shares(4, 2, tk::routing_skew{skew_kind::zipf, 3.0});
  CHECK(q[0] == 1.0);
  CHECK(q[1] + q[2] + q[3] == tt::rel(1.0, 1e-12));
  CHECK(q[1] / q[2] == tt::rel(27.0 / 8.0, 1e-12));  // proportions kept
}

TEST_CASE("Measured shares are validated by name and value") {
  const std::vector<double> good{0.5, 0.5, 0.25, 0.75};
  const auto q = tk::expert_shares(4, 2, tk::routing_skew{skew_kind::measured, 0.0, good});
  CHECK(q == good);
  const std::vector<double> sum3{1.0, 1.0, 0.5, 0.5};
  CHECK_THROWS_WITH_AS((void)tk::expert_shares(4, 2, tk::routing_skew{skew_kind::measured, 0.0, sum3}),
                       doctest::Contains("workload.skew.shares = sum 3"), tk::invalid_argument);
  const std::vector<double> above{1.5, 0.5, 0.0, 0.0};
  CHECK_THROWS_WITH_AS((void)tk::expert_shares(4, 2, tk::routing_skew{skew_kind::measured, 0.0, above}),
                       doctest::Contains("workload.skew.shares"), tk::invalid_argument);
  CHECK_THROWS_WITH_AS((void)tk::expert_shares(5, 2, tk::routing_skew{skew_kind::measured, 0.0, good}),
                       doctest::Contains("size 4"), tk::invalid_argument);
  CHECK_THROWS_WITH_AS((void)tk::expert_shares(4, 2, tk::routing_skew{skew_kind::lognormal, -1.0}),
                       doctest::Contains("workload.skew.parameter = -1"), tk::invalid_argument);
  CHECK_THROWS_WITH_AS((void)tk::expert_shares(4, 2, tk::routing_skew{skew_kind::dirichlet, 0.0}),
                       doctest::Contains("workload.skew.parameter = 0"), tk::invalid_argument);
}
