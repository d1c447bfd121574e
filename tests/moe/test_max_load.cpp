// Expected maximum expert load, theory §3, §5 and Appendix A.2, A.3, A.6.
#include <tokenomics/moe/max_load.hpp>

#include <cmath>
#include <vector>

#include "tt.hpp"

namespace tk = tokenomics;
using tk::max_load_method;

namespace {
struct a2_row {
  int e, k;
  long b;
  double ratio;     // "ratio" column: exact DP or MC
  double se;        // MC standard error of the ratio (= SE / mu), 0 for exact
  double corr, lb, normal, rs;  // the table's corr / LB / normal / RS ratio columns (4 decimals)
};
// theory.md Appendix A.2 (tA.md); se = (E[max] SE) / mu.
const std::vector<a2_row> a2{
    {8, 2, 4, 2.408710, 0, 2.3720, 2.2834, 2.3180, 3.0393},
    {8, 2, 16, 1.689143, 0, 1.6801, 1.6362, 1.6590, 2.0197},
    {8, 2, 32, 1.482206, 0, 1.4779, 1.4470, 1.4660, 1.7210},
    {16, 2, 32, 1.925419, 0, 1.9158, 1.8867, 1.8531, 2.1774},
    {8, 2, 64, 1.338044, 0, 1.3359, 1.3143, 1.3295, 1.5098},
    {8, 2, 128, 1.237426, 0, 1.2364, 1.2211, 1.2330, 1.3605},
    {8, 2, 256, 1.167027, 0, 1.1665, 1.1558, 1.1647, 1.2549},
    {8, 2, 1024, 1.0830, 0.0075 / 256, 1.0828, 1.0775, 1.0824, 1.1275},
    {8, 2, 4096, 1.0414, 0.015 / 1024, 1.0413, 1.0386, 1.0412, 1.0637},
    {32, 4, 8, 3.3073, 0.0010 / 1, 3.2735, 3.2377, 2.9670, 3.6328},
    {32, 4, 32, 2.0808, 0.0017 / 4, 2.0744, 2.0575, 1.9835, 2.3164},
    {32, 4, 128, 1.5184, 0.0031 / 16, 1.5168, 1.5087, 1.4917, 1.6582},
    {32, 4, 512, 1.2529, 0.0059 / 64, 1.2525, 1.2485, 1.2459, 1.3291},
    {32, 4, 2048, 1.1247, 0.011 / 256, 1.1246, 1.1227, 1.1229, 1.1645},
    {128, 4, 8, 8.6778, 0.0014 / 0.25, 8.5926, 8.5629, 6.1275, 7.2303},
    {128, 4, 32, 4.2953, 0.0023 / 1, 4.2777, 4.2649, 3.5638, 4.1151},
    {128, 4, 128, 2.4840, 0.0036 / 4, 2.4809, 2.4751, 2.2819, 2.5576},
    {128, 4, 512, 1.6948, 0.0062 / 16, 1.6943, 1.6915, 1.6409, 1.7788},
    {128, 4, 2048, 1.3345, 0.011 / 64, 1.3343, 1.3330, 1.3205, 1.3894},
    {128, 8, 8, 5.7881, 0.0018 / 0.5, 5.7415, 5.7230, 4.5668, 5.4055},
    {128, 8, 32, 3.1344, 0.0027 / 2, 3.1281, 3.1198, 2.7834, 3.2027},
    {128, 8, 128, 1.9881, 0.0045 / 8, 1.9871, 1.9833, 1.8917, 2.1014},
    {128, 8, 512, 1.4713, 0.0081 / 32, 1.4711, 1.4693, 1.4458, 1.5507},
    {128, 8, 2048, 1.2295, 0.015 / 128, 1.2295, 1.2286, 1.2229, 1.2753},
    {256, 8, 8, 9.3648, 0.0016 / 0.25, 9.3607, 9.3443, 6.5756, 7.6604},
    {256, 8, 32, 4.6519, 0.0023 / 1, 4.6430, 4.6358, 3.7878, 4.3302},
    {256, 8, 128, 2.6374, 0.0035 / 4, 2.6339, 2.6307, 2.3939, 2.6651},
    {256, 8, 512, 1.7619, 0.0059 / 16, 1.7612, 1.7598, 1.6969, 1.8326},
    {256, 8, 2048, 1.3649, 0.011 / 64, 1.3652, 1.3645, 1.3485, 1.4163},
    {256, 8, 8192, 1.1786, 0.021 / 256, 1.1785, 1.1782, 1.1742, 1.2081},
};
}  // namespace

TEST_CASE("A.2: corrected binomial within theory's tolerance of exact/MC, bounds bracket it") {
  for (const auto& r : a2) {
    CAPTURE(r.e); CAPTURE(r.k); CAPTURE(r.b);
    const double mu = double(r.b) * r.k / r.e;
    const auto corr = tk::expected_max_load(r.e, r.k, r.b);
    CHECK(corr.mean == tt::rel(mu, 1e-15));
    // theory §3.3 item 1 / Appendix A: 0.6 % for mu >= 4, 1.5 % for 0.25 <= mu < 4. Exception: the
    // row (8, 2, 4) itself has corr 2.3720 against exact 2.408710 in A.2, i.e. 1.52 % low, so the
    // stated 1.5 % is rounded there: 1.6 % for that row.
    const double tol = mu >= 4 ? 0.006 : (r.e == 8 && r.b == 4 ? 0.016 : 0.015);
    CHECK(corr.ratio == tt::rel(r.ratio, tol));
    // same formulas as theory's script (printed to 4 decimals): 1e-4 absolute on the ratio
    CHECK(corr.ratio == tt::rel(r.corr, 1.01e-4 / r.corr));
    const double lb = tk::expected_max_load(r.e, r.k, r.b, max_load_method::lower_bound).ratio;
    const double ub = tk::expected_max_load(r.e, r.k, r.b, max_load_method::bernstein_upper).ratio;
    CHECK(lb == tt::rel(r.lb, 1.01e-4 / r.lb));
    CHECK(lb <= r.ratio + 4 * r.se);  // §3.2 rigorous lower bound (MC: allow 4 SE)
    CHECK(ub >= r.ratio - 4 * r.se);  // §3.2 rigorous upper bound
    CHECK(tk::expected_max_load(r.e, r.k, r.b, max_load_method::normal).ratio == tt::rel(r.normal, 1.01e-4 / r.normal));
    CHECK(tk::expected_max_load(r.e, r.k, r.b, max_load_method::raab_steger).ratio == tt::rel(r.rs, 1.01e-4 / r.rs));
  }
}

TEST_CASE("Exact special cases: B = 1, k = E, B = 0") {
  // A.2 note: B = 1 gives E[max] = 1 exactly, ratio E/k
  for (auto m : {max_load_method::exact, max_load_method::corrected}) {
    const auto r = tk::expected_max_load(256, 8, 1, m);
    CHECK(r.expected_max == 1.0);
    CHECK(r.ratio == tt::rel(32.0, 1e-15));
  }
  CHECK(tk::expected_max_load(8, 8, 5).expected_max == 5.0);  // every expert gets every token
  CHECK(tk::expected_max_load(8, 2, 0).expected_max == 0.0);
}

TEST_CASE("A.3: exact multinomial E[max] (k = 1, Poissonization) to 1e-6") {
  struct row { int e; long m; double emax; };
  // theory.md A.3 (tE.md), printed to 5 decimals: tol 1e-6 relative (plus half a printed digit)
  const std::vector<row> rows{{8, 32, 7.04778},     {8, 128, 21.90956},   {8, 512, 75.61251},
                              {8, 2048, 279.00596}, {8, 8192, 1069.78598}, {16, 64, 7.88038},
                              {128, 128, 4.37873},  {128, 1024, 16.22823}, {256, 256, 4.76665},
                              {256, 2048, 17.07090}};
  for (const auto& r : rows) {
    CAPTURE(r.e); CAPTURE(r.m);
    const auto x = tk::expected_max_load_multinomial(r.e, r.m);
    CHECK(x.expected_max == tt::rel(r.emax, 1e-6 + 5e-6 / r.emax));
    // the same through expected_max_load with k = 1 (m tokens, one expert each)
    CHECK(tk::expected_max_load(r.e, 1, r.m, max_load_method::exact).expected_max == tt::rel(x.expected_max, 1e-12));
  }
  // brute force, A.3: E = 3, m = 4 -> 64/27 (81 outcomes: max 4 in 3, max 3 in 24, max 2 in 54:
  // (12 + 72 + 108)/81 = 192/81 = 64/27)
  CHECK(tk::expected_max_load_multinomial(3, 4).expected_max == tt::rel(64.0 / 27.0, 1e-9));
  // two balls in two bins: max 2 w.p. 1/2, 1 w.p. 1/2 -> 1.5 (by hand)
  CHECK(tk::expected_max_load_multinomial(2, 2).expected_max == tt::rel(1.5, 1e-9));
}

TEST_CASE("m_n: expected max of n standard normals (theory §3.3 table)") {
  struct row { int n; double m; };
  for (const auto r : std::vector<row>{{2, 0.5642}, {8, 1.4236}, {32, 2.0697}, {72, 2.3879}, {256, 2.8269}, {288, 2.8647}})
    CHECK(tk::expected_max_std_normal(r.n) == tt::rel(r.m, 0.6e-4 / r.m));
  // n = 2: 1/sqrt(pi) exactly
  CHECK(tk::expected_max_std_normal(2) == tt::rel(1.0 / std::sqrt(3.14159265358979323846), 1e-9));
}

TEST_CASE("§5: the 'top-2 of 8' blog table is the Raab-Steger cap, not the uniform expectation") {
  struct row { long b; double blog, exact; };
  // theory §5 Table C: blog column and "uniform top-2, exact/MC" column
  const std::vector<row> rows{{16, 2.00, 1.6891}, {64, 1.50, 1.3380}, {256, 1.28, 1.1670}, {1024, 1.13, 1.0830}, {4096, 1.05, 1.0413}};
  for (const auto& r : rows) {
    CAPTURE(r.b);
    // verdict 3: the blog matches 1 + sqrt(2 ln E E/(B k)) to +-0.03
    CHECK(std::abs(tk::expected_max_load(8, 2, r.b, max_load_method::raab_steger).ratio - r.blog) <= 0.03);
    // verdict 1: the uniform expectation is 1.69, 1.34, 1.17, 1.08, 1.04 (corrected within 0.6 %)
    const double corr = tk::expected_max_load(8, 2, r.b).ratio;
    CHECK(corr == tt::rel(r.exact, 0.006));
    CHECK(r.blog - corr > 0.005);  // every blog value is above the expectation (by 0.0087 at B = 4096)
  }
  // verdict 1: at B = 64, 256, 1024 the blog exceeds even the rigorous Bernstein upper bound
  // (1.485, 1.232, 1.113 per Table C)
  for (const long b : {64L, 256L, 1024L}) {
    const auto ub = tk::expected_max_load(8, 2, b, max_load_method::bernstein_upper).ratio;
    const double blog = b == 64 ? 1.50 : b == 256 ? 1.28 : 1.13;
    CHECK(ub < blog);
  }
  CHECK(tk::expected_max_load(8, 2, 64, max_load_method::bernstein_upper).ratio == tt::rel(1.4849, 1e-4));
}

TEST_CASE("Skewed shares: uniform shares reproduce the uniform lower bound and corrected values") {
  const std::vector<double> q(128, 8.0 / 128.0);
  const std::span<const double> s(q);
  // A.2 row (128, 8, 128): LB 1.9833, corr 1.9871
  CHECK(tk::expected_max_load(s, 128, max_load_method::lower_bound).ratio == tt::rel(1.9833, 1e-4));
  CHECK(tk::expected_max_load(s, 128).ratio == tt::rel(1.9871, 1e-4));
  CHECK_THROWS_WITH_AS((void)tk::expected_max_load(s, 128, max_load_method::normal), doctest::Contains("method"),
                       tk::invalid_argument);
}

TEST_CASE("Max load: invalid input names the field and value") {
  CHECK_THROWS_WITH_AS((void)tk::expected_max_load(8, 9, 16), doctest::Contains("top_k = 9"), tk::invalid_argument);
  CHECK_THROWS_WITH_AS((void)tk::expected_max_load(8, 2, -3), doctest::Contains("tokens = -3"), tk::invalid_argument);
  // exact needs k = 1 (or B <= 1): top-2 with 16 tokens is rejected, naming method and inputs
  CHECK_THROWS_WITH_AS((void)tk::expected_max_load(8, 2, 16, max_load_method::exact),
                       doctest::Contains("top_k = 2"), tk::invalid_argument);
  CHECK_THROWS_WITH_AS((void)tk::expected_max_load_multinomial(0, 4), doctest::Contains("bins = 0"), tk::invalid_argument);
}
