#pragma once
// Speculative decoding / multi-token prediction (design §6): how many tokens one decode step emits
// on average when it verifies a draft of n tokens.
//
// Leviathan, Kalman & Matias, "Fast Inference from Transformers via Speculative Decoding" (ICML
// 2023, arXiv 2211.17192), eq. (1): with a per-token acceptance probability α, i.i.d. over the
// draft, the first rejected draft token ends the step, and the verifier always adds one token of
// its own (the correction or the bonus token). The number of tokens emitted is 1 + (number of
// accepted draft tokens, capped at n), whose mean is the truncated geometric sum
//     E[tokens per step] = Σ_{i=0}^{n} α^i = (1 − α^(n+1)) / (1 − α).
// n = 0 or α = 0 gives 1 (plain decoding). DeepSeek-V3 (arXiv 2412.19437 §5.4.3) reports 85–90 %
// acceptance of its one MTP draft token, i.e. 1.85–1.9 tokens per step ("1.8x TPS").
//
// What the step oracle (step/step.hpp) does with plan.mtp_depth: each decoding sequence verifies
// 1 + n query tokens and, if the model has MTP modules (model.num_mtp_layers > 0), the n draft
// passes are costed. It does not apply the acceptance: the serving layer divides the step time by
// accepted_tokens_per_step(plan).
#include <cmath>
#include <concepts>

#include "../core/error.hpp"
#include "../spec/plan.hpp"

namespace tokenomics {

// E[tokens emitted per decode step] = (1 − α^(n+1)) / (1 − α), α = acceptance, n = draft_depth.
// Throws invalid_argument naming "acceptance" unless 0 <= α < 1 (α = 1 would make every draft
// token free, an unbounded model) and "draft_depth" unless n >= 0.
template <std::floating_point T>
[[nodiscard]] T expected_tokens_per_step(T acceptance, int draft_depth) {
  detail::require_non_negative("draft_depth", draft_depth);
  if (!(acceptance >= T(0) && acceptance < T(1)))
    detail::fail("acceptance", detail::show(double(acceptance)), "must be in [0, 1)");
  // α^(n+1) with n + 1 >= 1, so α = 0 gives exactly 1.
  return (T(1) - std::pow(acceptance, T(draft_depth) + T(1))) / (T(1) - acceptance);
}

// Tokens per step the plan's speculative decoding emits: 1 without a draft (mtp_depth = 0, the
// acceptance is then ignored), else expected_tokens_per_step(plan.mtp_acceptance, plan.mtp_depth).
// Throws naming "plan.mtp_acceptance" / "plan.mtp_depth".
template <std::floating_point T>
[[nodiscard]] T accepted_tokens_per_step(const basic_serving_plan<T>& plan) {
  detail::require_non_negative("plan.mtp_depth", plan.mtp_depth);
  if (plan.mtp_depth == 0) return T(1);
  if (!(plan.mtp_acceptance >= T(0) && plan.mtp_acceptance < T(1)))
    detail::fail("plan.mtp_acceptance", detail::show(double(plan.mtp_acceptance)),
                 "must be in [0, 1) when mtp_depth > 0");
  return expected_tokens_per_step(plan.mtp_acceptance, plan.mtp_depth);
}

}  // namespace tokenomics
