// Distinct experts touched, theory §2 and Appendix A.1.
#include <tokenomics/moe/distinct.hpp>

#include <vector>

#include "tt.hpp"

namespace tk = tokenomics;

TEST_CASE("A.1: exact E[D] and sd(D), uniform top-k") {
  struct row { int e, k; long b; double mean, sd; };
  // theory.md Appendix A.1 (E[D] printed to 7-10 significant digits: tol 1e-9 relative; sd(D) to
  // 6 digits: tol 2e-6).
  const std::vector<row> rows{
      {8, 2, 4, 5.46875, 0.858114},        {8, 2, 16, 7.9198192, 0.276277},
      {32, 4, 8, 21.0045147, 1.722922},    {32, 4, 32, 31.5539252, 0.642939},
      {128, 4, 8, 28.7104154, 1.553215},   {128, 4, 32, 81.6569230, 3.508893},
      {128, 4, 128, 125.8005730, 1.417066}, {128, 8, 8, 51.6199073, 2.557191},
      {128, 8, 32, 111.7710353, 3.133239}, {256, 8, 8, 57.4208308, 2.192539},
      {256, 8, 32, 163.3138460, 4.955448}, {256, 8, 128, 251.6011460, 2.003414},
      {256, 8, 512, 255.9999777, 0.004724}};
  for (const auto& r : rows) {
    CAPTURE(r.e); CAPTURE(r.k); CAPTURE(r.b);
    // printed values have 8 to 10 significant digits: the last printed digit bounds the tolerance
    CHECK(tk::expected_distinct_experts(r.e, r.k, r.b) == tt::rel(r.mean, 1e-9 + 5e-8 / r.mean));
    const auto s = tk::distinct_experts(r.e, r.k, r.b);
    CHECK(s.mean == tt::rel(r.mean, 1e-9 + 5e-8 / r.mean));
    CHECK(s.sd == tt::rel(r.sd, 5e-7 / r.sd + 1e-9));
    CHECK(s.variance == tt::rel(s.sd * s.sd, 1e-12));
  }
}

TEST_CASE("E[D] by hand: B = 0, 1 and k = E") {
  CHECK(tk::expected_distinct_experts(8, 2, 0) == 0.0);
  CHECK(tk::expected_distinct_experts(8, 2, 1) == tt::rel(2.0, 1e-15));   // one token: exactly k
  CHECK(tk::distinct_experts(8, 2, 1).sd == doctest::Approx(0.0).epsilon(1e-12));
  CHECK(tk::expected_distinct_experts(8, 8, 3) == tt::rel(8.0, 1e-15));   // every expert, every token
  // 8 (1 - (3/4)^4) = 8 (1 - 81/256) = 5.46875 (A.1 first row, by hand)
  CHECK(tk::expected_distinct_experts(8, 2, 4) == tt::rel(5.46875, 1e-15));
}

TEST_CASE_TEMPLATE("E[D] in float and double", T, float, double) {
  // 256 (1 - (31/32)^32) = 163.3138460 (A.1); float keeps ~6 digits
  CHECK(double(tk::expected_distinct_experts<T>(256, 8, 32)) == tt::rel(163.3138460, 1e-5));
}

TEST_CASE("Batch to touch a fraction of the experts (theory §2 worked examples)") {
  // theory §2 table, last column "B for 50% / 90% / 99% touched", printed to 0.1
  CHECK(tk::tokens_to_touch_fraction(8, 2, 0.5) == doctest::Approx(2.4).epsilon(0.05 / 2.4));
  CHECK(tk::tokens_to_touch_fraction(8, 2, 0.9) == doctest::Approx(8.0).epsilon(0.05 / 8.0));
  CHECK(tk::tokens_to_touch_fraction(8, 2, 0.99) == doctest::Approx(16.0).epsilon(0.05 / 16.0));
  CHECK(tk::tokens_to_touch_fraction(256, 8, 0.5) == doctest::Approx(21.8).epsilon(0.05 / 21.8));
  CHECK(tk::tokens_to_touch_fraction(256, 8, 0.9) == doctest::Approx(72.5).epsilon(0.05 / 72.5));
  CHECK(tk::tokens_to_touch_fraction(128, 8, 0.99) == doctest::Approx(71.4).epsilon(0.05 / 71.4));
  // consistency: E[D](B_phi)/E = phi (definition)
  const double b = tk::tokens_to_touch_fraction(32, 4, 0.9);
  CHECK(32.0 * (1.0 - std::pow(28.0 / 32.0, b)) / 32.0 == tt::rel(0.9, 1e-12));
}

TEST_CASE("Non-uniform shares: uniform shares reproduce the uniform formula, a certain expert counts once") {
  const std::vector<double> q(256, 8.0 / 256.0);
  CHECK(tk::expected_distinct_experts(std::span<const double>(q), 32) == tt::rel(163.3138460, 1e-9));  // A.1
  // by hand: q = {1, 0.5, 0.5, 0}: 1 + 2 (1 - 0.5^2) + 0 = 2.5 at B = 2
  const std::vector<double> h{1.0, 0.5, 0.5, 0.0};
  CHECK(tk::expected_distinct_experts(std::span<const double>(h), 2) == tt::rel(2.5, 1e-15));
}

TEST_CASE("Distinct experts: invalid input names the field and value") {
  CHECK_THROWS_WITH_AS((void)tk::expected_distinct_experts(8, 9, 4), doctest::Contains("top_k = 9"), tk::invalid_argument);
  CHECK_THROWS_WITH_AS((void)tk::expected_distinct_experts(8, 0, 4), doctest::Contains("top_k = 0"), tk::invalid_argument);
  CHECK_THROWS_WITH_AS((void)tk::distinct_experts(8, 2, -1), doctest::Contains("tokens = -1"), tk::invalid_argument);
  CHECK_THROWS_WITH_AS((void)tk::expected_distinct_experts(0, 1, 4), doctest::Contains("num_experts"), tk::invalid_argument);
  CHECK_THROWS_WITH_AS((void)tk::tokens_to_touch_fraction(8, 2, 1.0), doctest::Contains("fraction = 1"), tk::invalid_argument);
  const std::vector<double> bad{0.5, 1.5};
  CHECK_THROWS_WITH_AS((void)tk::expected_distinct_experts(std::span<const double>(bad), 2),
                       doctest::Contains("shares[i] = 1.5"), tk::invalid_argument);
}
