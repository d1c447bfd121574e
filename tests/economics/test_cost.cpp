// Tests for include/tokenomics/economics/cost.hpp. Every expected value is computed by hand in the
// comment beside it or taken from a public source (Signal65, Dec 2025; prices in
// shared/reference/README.md, "Rental prices").
#include <cmath>
#include <tokenomics/economics/cost.hpp>
#include <vector>

#include <limits>

#include "tt.hpp"

namespace tk = tokenomics;

TEST_CASE_TEMPLATE("usd_per_million_tokens: $2/GPU-h at 1000 tok/s/GPU", T, float, double) {
  // By hand: 2 USD / 3600 s = 5.5556e-4 USD/s; / 1000 tok/s = 5.5556e-7 USD/tok; x 1e6 = 0.5556.
  // Exactly 2e6 / 3.6e6 = 5/9. Tolerance: rounding only (float: ~1e-7, three operations).
  const double tol = sizeof(T) == sizeof(float) ? 1e-6 : 1e-14;
  CHECK(double(tk::usd_per_million_tokens(T(2), T(1000))) == tt::rel(5.0 / 9.0, tol));
}

TEST_CASE("usd_per_million_tokens: Signal65 GB200 NVL72 CoreWeave price") {
  // $10.50/GPU-h (CoreWeave, $42.00 per 4-GPU instance-hour) at 5000 tok/s/GPU (a round number):
  // 10.5 / 3600 / 5000 * 1e6 = 10.5 / 18 = 0.583333 USD per Mtok.
  CHECK(tk::usd_per_million_tokens(10.5, 5000.0) == tt::rel(0.5833333333333333, 1e-14));
  // Aggregate overload: same inputs, same answer.
  CHECK(tk::usd_per_million_tokens(tk::priced_throughput{.usd_per_gpu_hour = 10.5, .tok_per_s_per_gpu = 5000.0}) ==
        tt::rel(0.5833333333333333, 1e-14));
}

TEST_CASE("usd_per_million_tokens is homogeneous: x2 price doubles cost, x2 throughput halves it") {
  const double base = tk::usd_per_million_tokens(3.7, 812.0);
  CHECK(tk::usd_per_million_tokens(7.4, 812.0) == tt::rel(2.0 * base, 1e-14));
  CHECK(tk::usd_per_million_tokens(3.7, 1624.0) == tt::rel(0.5 * base, 1e-14));
}

TEST_CASE_TEMPLATE("tokens_per_megawatt", T, float, double) {
  // By hand: 1000 tok/s/GPU at 1400 W all-in -> 1000 / 1400 tok/s per W = 0.714286; x 1e6 W/MW
  // = 714,285.714 tok/s per MW (= 5e6 / 7).
  const double tol = sizeof(T) == sizeof(float) ? 1e-6 : 1e-14;
  CHECK(double(tk::tokens_per_megawatt(T(1000), T(1400))) == tt::rel(5e6 / 7.0, tol));
  // 0 tok/s is a valid (useless) operating point: 0 tokens per MW.
  CHECK(tk::tokens_per_megawatt(0.0, 1400.0) == 0.0);
}

TEST_CASE("tco_per_gpu_hour: a hand-computed example") {
  // $30,000 per GPU over 4 years (4 x 8760 h = 35,040 h = 126,144,000 s): 30000 / 35040
  //   = 0.856164 USD/h (35040 x 0.856 = 29,994.24; 5.76 / 35040 = 0.000164).
  // 1000 W x PUE 1.3 = 1.3 kW for one hour = 1.3 kWh x $0.10 = 0.13 USD/h.
  // Opex 0.25 USD/h. Total 0.856164 + 0.13 + 0.25 = 1.236164 USD/GPU-h.
  // Inputs are exact; the hand arithmetic keeps 7 digits: tol 1e-6.
  const tk::tco_spec tco{.capex_usd_per_gpu = 30000,
                         .lifetime_s = 4 * 8760 * 3600.0,
                         .power_w_per_gpu = 1000,
                         .pue = 1.3,
                         .usd_per_kwh = 0.10,
                         .opex_usd_per_gpu_hour = 0.25};
  const auto r = tk::tco_per_gpu_hour(tco);
  CHECK(r.capex_usd_per_gpu_hour == tt::rel(0.856164, 1e-6));
  CHECK(r.energy_usd_per_gpu_hour == tt::rel(0.13, 1e-12));
  CHECK(r.opex_usd_per_gpu_hour == tt::rel(0.25, 1e-15));
  CHECK(r.usd_per_gpu_hour == tt::rel(1.236164, 1e-6));
  // At 1000 tok/s/GPU: 1.236164 / 3600 / 1000 x 1e6 = 1.236164 / 3.6 = 0.343379 USD per Mtok.
  CHECK(tk::usd_per_million_tokens(r.usd_per_gpu_hour, 1000.0) == tt::rel(0.343379, 1e-5));
}

TEST_CASE("tco_per_gpu_hour: zero capex, free power and PUE 1 leave only opex") {
  const tk::tco_spec tco{.capex_usd_per_gpu = 0, .lifetime_s = 3600, .power_w_per_gpu = 700, .pue = 1.0,
                         .usd_per_kwh = 0, .opex_usd_per_gpu_hour = 1.5};
  CHECK(tk::tco_per_gpu_hour(tco).usd_per_gpu_hour == tt::rel(1.5, 1e-15));
}

// Signal65, "From Dense to Mixture of Experts: The New Economics of AI Inference", Dec 2025.
// Relative cost per token = (price_a / price_b) x (tput_b / tput_a). The article prints ratios
// rounded to "1/N"; a published 1/N means the true N lies in [N - 0.5, N + 0.5], i.e. the relative
// cost lies within about 0.5/N of 1/N. That half-unit is the tolerance of each check below; the
// exact arithmetic on the printed inputs is checked separately at rounding precision.
TEST_CASE("relative_cost_per_token: GB200 NVL72 vs H200 (CoreWeave) ~ 1/12") {
  // Prices: GB200 $42.00 / 4 GPUs = $10.50; H200 $50.44 / 8 GPUs = $6.305 (article: $6.31).
  // Price ratio 10.50 / 6.305 = 1.66534 -> the article's "1.67x" (10.50 / 6.31 = 1.6640 would
  // print as 1.66x, so the article used $6.305). tol: printed to 0.005 -> 0.3 %.
  CHECK(10.5 / 6.305 == tt::rel(1.67, 0.003));
  // Throughput per GPU ~20x: relative cost 1.66534 / 20 = 0.083267 = 1/12.01 -> "1/12".
  const tk::priced_throughput gb200{.usd_per_gpu_hour = 10.5, .tok_per_s_per_gpu = 20.0};
  const tk::priced_throughput h200{.usd_per_gpu_hour = 6.305, .tok_per_s_per_gpu = 1.0};
  const double r = tk::relative_cost_per_token(gb200, h200);
  CHECK(r == tt::rel(0.083267, 1e-5));    // hand arithmetic above, 5 digits
  CHECK(r == tt::rel(1.0 / 12.0, 0.042)); // published 1/12: 0.5 / 12 = 4.2 %
  // Also 10.50 vs the rounded $6.31: 1.66403 / 20 = 0.083201, still 1/12.02.
  CHECK(tk::relative_cost_per_token(gb200, tk::priced_throughput{.usd_per_gpu_hour = 6.31, .tok_per_s_per_gpu = 1.0}) ==
        tt::rel(1.0 / 12.0, 0.042));
}

TEST_CASE("relative_cost_per_token: GB200 NVL72 vs MI355X (Oracle) 28x -> ~1/15") {
  // Prices: $16.00 vs $8.60 per GPU-hour: 16 / 8.6 = 1.860465 -> "1.86x".
  CHECK(16.0 / 8.6 == tt::rel(1.86, 0.003));
  // 28x throughput: 1.860465 / 28 = 0.0664452 = 1/15.05 -> "1/15".
  const tk::priced_throughput gb200{.usd_per_gpu_hour = 16.0, .tok_per_s_per_gpu = 28.0};
  const tk::priced_throughput mi355x{.usd_per_gpu_hour = 8.6, .tok_per_s_per_gpu = 1.0};
  const double r = tk::relative_cost_per_token(gb200, mi355x);
  CHECK(r == tt::rel(0.0664452, 1e-6));
  CHECK(r == tt::rel(1.0 / 15.0, 0.033));  // published 1/15: 0.5 / 15 = 3.3 %
  // The other way round: MI355X costs 15.05x as much per token.
  CHECK(tk::relative_cost_per_token(mi355x, gb200) == tt::rel(15.05, 1e-3));
}

TEST_CASE("relative_cost_per_token: 5.85x throughput at 1.86x price -> ~1/3") {
  // 1.860465 / 5.85 = 0.318028 = 1/3.144 -> "1/3". The half-unit band of 1/3 is [1/3.5, 1/2.5]
  // = [-14 %, +20 %]; the tighter side, 14 %, is the tolerance.
  const tk::priced_throughput gb200{.usd_per_gpu_hour = 16.0, .tok_per_s_per_gpu = 5.85};
  const tk::priced_throughput mi355x{.usd_per_gpu_hour = 8.6, .tok_per_s_per_gpu = 1.0};
  const double r = tk::relative_cost_per_token(gb200, mi355x);
  CHECK(r == tt::rel(0.318028, 1e-5));
  CHECK(r == tt::rel(1.0 / 3.0, 0.14));
}

TEST_CASE("relative_cost_per_token equals the ratio of USD per Mtok and is scale-free") {
  const tk::priced_throughput a{.usd_per_gpu_hour = 3.1, .tok_per_s_per_gpu = 1234.0};
  const tk::priced_throughput b{.usd_per_gpu_hour = 1.9, .tok_per_s_per_gpu = 456.0};
  CHECK(tk::relative_cost_per_token(a, b) ==
        tt::rel(tk::usd_per_million_tokens(a) / tk::usd_per_million_tokens(b), 1e-14));
  CHECK(tk::relative_cost_per_token(a, a) == tt::rel(1.0, 1e-15));
  // Scaling both throughputs by the same factor changes nothing.
  const tk::priced_throughput a2{.usd_per_gpu_hour = 3.1, .tok_per_s_per_gpu = 12340.0};
  const tk::priced_throughput b2{.usd_per_gpu_hour = 1.9, .tok_per_s_per_gpu = 4560.0};
  CHECK(tk::relative_cost_per_token(a2, b2) == tt::rel(tk::relative_cost_per_token(a, b), 1e-14));
}

TEST_CASE("invalid inputs are rejected naming the field and the value") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  CHECK_THROWS_WITH_AS((void)tk::usd_per_million_tokens(-2.0, 1000.0),
                       doctest::Contains("price_usd_per_gpu_hour = -2"), tk::invalid_argument);
  CHECK_THROWS_WITH_AS((void)tk::usd_per_million_tokens(0.0, 1000.0),
                       doctest::Contains("price_usd_per_gpu_hour = 0"), tk::invalid_argument);
  CHECK_THROWS_WITH_AS((void)tk::usd_per_million_tokens(2.0, 0.0), doctest::Contains("tok_per_s_per_gpu = 0"),
                       tk::invalid_argument);
  CHECK_THROWS_WITH_AS((void)tk::usd_per_million_tokens(nan, 1000.0), doctest::Contains("price_usd_per_gpu_hour = "),
                       tk::invalid_argument);
  CHECK_THROWS_WITH_AS((void)tk::usd_per_million_tokens(nan, 1000.0), doctest::Contains("nan"), tk::invalid_argument);
  CHECK_THROWS_WITH_AS((void)tk::usd_per_million_tokens(2.0, inf), doctest::Contains("tok_per_s_per_gpu = inf"),
                       tk::invalid_argument);
  CHECK_THROWS_WITH_AS((void)tk::tokens_per_megawatt(-1.0, 1400.0), doctest::Contains("tok_per_s_per_gpu = -1"),
                       tk::invalid_argument);
  CHECK_THROWS_WITH_AS((void)tk::tokens_per_megawatt(1000.0, 0.0), doctest::Contains("all_in_power_w = 0"),
                       tk::invalid_argument);
  CHECK_THROWS_WITH_AS((void)tk::tokens_per_megawatt(nan, 1400.0), doctest::Contains("tok_per_s_per_gpu = "),
                       tk::invalid_argument);

  const tk::priced_throughput ok{.usd_per_gpu_hour = 2.0, .tok_per_s_per_gpu = 100.0};
  CHECK_THROWS_WITH_AS((void)tk::relative_cost_per_token(ok, tk::priced_throughput{.usd_per_gpu_hour = 2.0}),
                       doctest::Contains("b.tok_per_s_per_gpu = 0"), tk::invalid_argument);
  CHECK_THROWS_WITH_AS(
      (void)tk::relative_cost_per_token(tk::priced_throughput{.usd_per_gpu_hour = -1.0, .tok_per_s_per_gpu = 1.0}, ok),
      doctest::Contains("a.usd_per_gpu_hour = -1"), tk::invalid_argument);

  const tk::tco_spec good{.capex_usd_per_gpu = 30000, .lifetime_s = 1.26e8, .power_w_per_gpu = 1000, .pue = 1.3,
                          .usd_per_kwh = 0.1, .opex_usd_per_gpu_hour = 0.25};
  CHECK_NOTHROW(tk::validate(good));
  auto bad = good;
  bad.pue = 0.9;
  CHECK_THROWS_WITH_AS((void)tk::tco_per_gpu_hour(bad), doctest::Contains("tco.pue = 0.9"), tk::invalid_argument);
  bad = good;
  bad.lifetime_s = 0;
  CHECK_THROWS_WITH_AS((void)tk::tco_per_gpu_hour(bad), doctest::Contains("tco.lifetime_s = 0"), tk::invalid_argument);
  bad = good;
  bad.capex_usd_per_gpu = -5;
  CHECK_THROWS_WITH_AS((void)tk::tco_per_gpu_hour(bad), doctest::Contains("tco.capex_usd_per_gpu = -5"),
                       tk::invalid_argument);
  bad = good;
  bad.power_w_per_gpu = nan;
  CHECK_THROWS_WITH_AS((void)tk::tco_per_gpu_hour(bad), doctest::Contains("tco.power_w_per_gpu = "),
                       tk::invalid_argument);
  bad = good;
  bad.usd_per_kwh = -0.1;
  CHECK_THROWS_WITH_AS((void)tk::tco_per_gpu_hour(bad), doctest::Contains("tco.usd_per_kwh = -0.1"),
                       tk::invalid_argument);
  bad = good;
  bad.opex_usd_per_gpu_hour = inf;
  CHECK_THROWS_WITH_AS((void)tk::tco_per_gpu_hour(bad), doctest::Contains("tco.opex_usd_per_gpu_hour = inf"),
                       tk::invalid_argument);
  // A forgotten field is zero and is caught by name (style.md §3).
  CHECK_THROWS_WITH_AS((void)tk::tco_per_gpu_hour(tk::tco_spec{.capex_usd_per_gpu = 1}),
                       doctest::Contains("tco.lifetime_s = 0"), tk::invalid_argument);
}

TEST_CASE("cost_at: the price of the best frontier throughput at an interactivity target") {
  // Frontier (tok/s/user, tok/s/GPU): (20, 3000), (60, 1200), (120, 300).
  const std::vector<tokenomics::operating_point> frontier{{20, 3000, 0}, {60, 1200, 1}, {120, 300, 2}};
  // At >= 50 tok/s/user the best is 1200 tok/s/GPU: $10.50 / 3600 / 1200 × 1e6 = $2.430556/Mtok.
  CHECK(tokenomics::cost_at(frontier, 50.0, 10.5) == tt::rel(2.430556, 1e-6));
  // At >= 10 the peak 3000: $0.972222/Mtok; beyond the last point no configuration serves it.
  CHECK(tokenomics::cost_at(frontier, 10.0, 10.5) == tt::rel(0.972222, 1e-6));
  CHECK(std::isinf(tokenomics::cost_at(frontier, 200.0, 10.5)));
  CHECK_THROWS_WITH_AS(static_cast<void>(tokenomics::cost_at(frontier, 50.0, 0.0)),
                       doctest::Contains("price_usd_per_gpu_hour = 0"), tokenomics::invalid_argument);
}
