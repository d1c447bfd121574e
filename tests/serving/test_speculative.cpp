// Speculative decoding / MTP: expected tokens per step (serving/speculative.hpp).
#include <tokenomics/serving/speculative.hpp>

#include <cmath>
#include <type_traits>

#include "tt.hpp"

namespace tk = tokenomics;

TEST_CASE_TEMPLATE("expected tokens per step: Leviathan et al. 2023 eq. (1)", T, float, double) {
  const double tol = std::is_same_v<T, float> ? 1e-6 : 1e-12;
  // DeepSeek-V3 report §5.4.3: 85-90 % acceptance of the second token -> 1.85-1.9 tokens per step.
  CHECK(double(tk::expected_tokens_per_step(T(0.85), 1)) == tt::rel(1.85, tol));
  CHECK(double(tk::expected_tokens_per_step(T(0.90), 1)) == tt::rel(1.90, tol));
  // n = 3: 1 + 0.85 + 0.7225 + 0.614125 = 3.186625 = (1 - 0.85^4) / 0.15.
  CHECK(double(tk::expected_tokens_per_step(T(0.85), 3)) == tt::rel(3.186625, tol));
  // No acceptance or no draft: plain decoding, one token.
  CHECK(tk::expected_tokens_per_step(T(0), 1) == T(1));
  CHECK(tk::expected_tokens_per_step(T(0), 5) == T(1));
  CHECK(double(tk::expected_tokens_per_step(T(0.7), 0)) == tt::rel(1.0, tol));
  // Deep drafts approach the geometric limit 1 / (1 - α): α = 0.5 -> 2 (2 - 2^-200 for n = 199).
  CHECK(double(tk::expected_tokens_per_step(T(0.5), 199)) == tt::rel(2.0, tol));
}

TEST_CASE("more draft tokens or higher acceptance never lower the tokens per step") {
  double last = 0;
  for (int n = 0; n <= 8; ++n) {
    const double e = tk::expected_tokens_per_step(0.8, n);
    CHECK(e > last);
    CHECK(e < 1.0 / (1.0 - 0.8));  // bounded by the geometric limit
    last = e;
  }
  CHECK(tk::expected_tokens_per_step(0.9, 2) > tk::expected_tokens_per_step(0.6, 2));
}

TEST_CASE("accepted_tokens_per_step reads the plan") {
  tk::serving_plan p{};
  CHECK(tk::accepted_tokens_per_step(p) == 1.0);
  p.mtp_acceptance = 0.5;  // ignored without a draft
  CHECK(tk::accepted_tokens_per_step(p) == 1.0);
  p.mtp_depth = 2;         // 1 + 0.5 + 0.25
  CHECK(tk::accepted_tokens_per_step(p) == tt::rel(1.75, 1e-12));
}

TEST_CASE("invalid acceptance or depth is rejected by name") {
  CHECK_THROWS_WITH_AS((void)tk::expected_tokens_per_step(1.2, 1), doctest::Contains("acceptance = 1.2"),
                       tk::invalid_argument);
  CHECK_THROWS_WITH_AS((void)tk::expected_tokens_per_step(1.0, 1), doctest::Contains("acceptance"), tk::invalid_argument);
  CHECK_THROWS_WITH_AS((void)tk::expected_tokens_per_step(-0.1, 1), doctest::Contains("acceptance"), tk::invalid_argument);
  CHECK_THROWS_WITH_AS((void)tk::expected_tokens_per_step(std::nan(""), 1), doctest::Contains("acceptance"),
                       tk::invalid_argument);
  CHECK_THROWS_WITH_AS((void)tk::expected_tokens_per_step(0.5, -1), doctest::Contains("draft_depth = -1"),
                       tk::invalid_argument);
  tk::serving_plan p{.mtp_depth = 1, .mtp_acceptance = 1.2};
  CHECK_THROWS_WITH_AS((void)tk::accepted_tokens_per_step(p), doctest::Contains("plan.mtp_acceptance = 1.2"),
                       tk::invalid_argument);
}
