#pragma once
// Aggregated serving: one replica runs prefill and decode together by continuous batching with
// chunked prefill (Orca, Yu et al. OSDI 2022; Sarathi-Serve, Agrawal et al. OSDI 2024), in steady
// state with C = workload.concurrency requests in flight (design §6).
//
// Steady state. Every iteration each of the C decoding sequences emits a = accepted tokens per
// step (1 without speculative decoding; speculative.hpp), so requests finish, and are replaced,
// at r = C·a/osl per iteration (design §6 writes the prompt load as C·isl/osl tokens for a = 1).
// New prompts are prefilled as they arrive, split into chunks of at most
// plan.prefill_chunk_tokens (chunked prefill), with each DP-attention rank taking its share
// r_r = r/dp of the arrivals:
//   - r_r·isl >= q, q = min(isl, chunk): every iteration carries prompt tokens, r_r·isl per rank
//     (whole prompts when that is >= isl, else one chunk of a prompt at mean cached prefix
//     (isl − c_r)/2, which makes the chunks' causal attention sum to exactly one whole prompt's:
//     Σ over chunks of (c_r·p + c_r(c_r+1)/2) = isl(isl+1)/2 at mean p = (isl − c_r)/2);
//   - otherwise only a fraction f = r_r·isl/q of the iterations carries a chunk of q tokens per
//     rank and the rest are pure decode. Averaging the two kinds of iteration, rather than
//     spreading a sliver of prompt over every iteration, matters for MoE models: a decode-only
//     iteration touches far fewer experts than one with a chunk (theory §2, §6).
// Decoding sequences sit at the mean context isl + osl/2 (context grows from isl to isl + osl).
// With t̄ = (1 − f)·t_decode + f·t_chunk the mean iteration time (step/step.hpp):
//   TPOT = t̄ / a,  tok/s/user = a / t̄,  output tok/s/GPU = C·a / t̄ / gpus_per_replica,
//   total tok/s/GPU = output × (1 + isl/osl)  (every output token brings isl/osl prompt tokens).
// `step` in the result is the iteration that carries prompt tokens when f = 1, else the pure
// decode iteration (the typical one).
// TTFT: a closed-loop benchmark's C clients start together, and since every request of a wave
// decodes for the same osl steps they return together: prompts arrive in bursts of C, not one
// at a time (measured TTFT grows with C·isl and hardly with osl, docs/validation.md). Each
// DP-attention rank takes c = C/dp of a burst, serves it in arrival order at plan.prefill_chunk_tokens
// prompt tokens per iteration (B), and the median request of the burst, the m-th with
// m = w·(c − 1) + 1 (continuous: the median of an even burst lies between two requests), has its
// first token when the iteration that completes m·isl prompt tokens ends. w = 1/2 is the median of a synchronised burst; a mixed scheduler lets the early
// requests of a burst decode ahead, which spreads the next burst, and w (stack.fixed.burst_wait)
// is smaller:
//   TTFT = per_request + t̄/2 + n·t_B + t_rest,   n = floor(m·isl / B),  rest = m·isl − n·B
// with t̄/2 the iteration in flight when the burst lands, t_B a step of B prompt tokens per rank
// (chunks of min(isl, B) at mean prefix (isl − chunk)/2) and t_rest the step of the remaining
// tokens. A prefill-first scheduler (stack.scheduling) runs those steps without decodes; a mixed
// one carries the (m − 1)/2 requests of the burst already decoding, on average, in each.
// Memory: the replica must hold C sequences at isl + osl tokens (memory_footprint_of, design §4);
// the step oracle additionally checks each step's own batch (it counts the requests being
// prefilled as extra sequences). Either failing gives fits = false and all rates 0.
#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>
#include <concepts>
#include <type_traits>

#include "../closed_form/memory.hpp"
#include "../core/units.hpp"
#include "../spec/software_stack.hpp"
#include "../spec/plan.hpp"
#include "../spec/workload.hpp"
#include "../step/step.hpp"
#include "estimate_result.hpp"
#include "speculative.hpp"

namespace tokenomics {

// The batches the aggregated model runs through the step oracle.
template <std::floating_point T>
struct basic_aggregated_step_batches {
  basic_step_batch<T> decode{};       // an iteration without prompt tokens
  basic_step_batch<T> with_prompt{};  // an iteration that carries prompt tokens
  T prompt_fraction{};                // f: share of iterations that carry prompt tokens, in (0, 1]
  basic_step_batch<T> first_token{};  // the iteration that prefills one new request (TTFT)
};
using aggregated_step_batches_result = basic_aggregated_step_batches<double>;

// The batches of the header comment for workload w on plan p with `accepted_tokens_per_step`
// tokens emitted per decoding sequence and iteration. Assumes a validated workload and plan.
template <std::floating_point T>
[[nodiscard]] constexpr basic_aggregated_step_batches<T> aggregated_step_batches(
    const basic_workload<T>& w, const basic_serving_plan<T>& p, std::type_identity_t<T> accepted_tokens_per_step) noexcept {
  const T C = T(w.concurrency), isl = T(w.isl), osl = T(w.osl), dp = T(p.dp_attention);
  const T context = isl + osl / T(2);                          // mean context of a decoding sequence
  const T per_rank = C * accepted_tokens_per_step * isl / osl / dp;  // prompt tokens per rank per iteration
  const T quantum = std::min(isl, T(p.prefill_chunk_tokens));  // one chunk (or whole prompt) per rank
  basic_aggregated_step_batches<T> b;
  b.decode.decode_sequences = C;
  b.decode.decode_context = context;
  b.with_prompt = b.decode;
  const T carried = per_rank >= quantum ? per_rank : quantum;  // prompt tokens per rank when carried
  b.prompt_fraction = per_rank >= quantum ? T(1) : per_rank / quantum;
  b.with_prompt.prefill_tokens = carried * dp;
  if (carried >= isl) {
    b.with_prompt.prefill_request_tokens = isl;  // whole prompts, no cached prefix
  } else {
    b.with_prompt.prefill_request_tokens = carried;         // one chunk per DP rank
    b.with_prompt.prefill_prefix = (isl - carried) / T(2);  // mean prefix over the prompt's chunks
  }
  b.first_token.decode_sequences = C - T(1);
  b.first_token.decode_context = context;
  b.first_token.prefill_tokens = isl;
  b.first_token.prefill_request_tokens = isl;
  return b;
}

namespace detail {

// One iteration of a prompt burst (header comment, TTFT): `tokens` prompt tokens per DP rank in
// chunks of at most the budget, beside `decoding` sequences at context isl.
template <std::floating_point T>
[[nodiscard]] basic_step_batch<T> burst_iteration(const basic_serving_plan<T>& p, T isl, T tokens, T decoding) noexcept {
  const T chunk = std::min(isl, T(p.prefill_chunk_tokens));
  return {.decode_sequences = decoding, .decode_context = isl, .prefill_tokens = tokens * T(p.dp_attention),
          .prefill_request_tokens = std::min(chunk, tokens), .prefill_prefix = (isl - chunk) / T(2)};
}

// TTFT of the median request of a burst (header comment) after `in_flight_s` of waiting for the
// running iteration; NaN if a burst iteration does not fit in memory.
template <std::floating_point T>
[[nodiscard]] T burst_ttft_unchecked(const basic_model_spec<T>& m, const basic_system_spec<T>& s,
                                     const basic_serving_plan<T>& p, const basic_workload<T>& w,
                                     const basic_software_stack<T>& stack, T in_flight_s) {
  const T isl = T(w.isl), budget = T(p.prefill_chunk_tokens);
  const T per_rank = std::max(T(1), T(w.concurrency) / T(p.dp_attention));
  const T median = stack.fixed.burst_wait * (per_rank - T(1)) + T(1);
  const T decoding = stack.scheduling == batch_scheduling::mixed ? (median - T(1)) / T(2) * T(p.dp_attention) : T(0);
  const T tokens = median * isl, full = std::floor(tokens / budget), rest = tokens - full * budget;
  T t = stack.fixed.per_request_s + in_flight_s;
  for (const auto& [n, toks] : {std::pair{full, budget}, std::pair{T(rest > T(0)), rest}}) {
    if (!(n > T(0))) continue;
    const auto step = step_unchecked(m, s, p, burst_iteration(p, isl, toks, decoding), stack, w.skew);
    if (!step.fits) return std::numeric_limits<T>::quiet_NaN();
    t += n * step.time_s;
  }
  return t;
}

// The economics of a result (design §7), per GPU:
//   $/Mtok = price_usd_per_gpu_hour / 3600 / tok_per_s_per_gpu × 1e6   (0 if the system has no price)
//   output tokens/s per MW = output_tok_per_s_per_gpu / all_in_power_w × 1e6   (0 without power)
// The same formulas as economics/cost.hpp (usd_per_million_tokens, tokens_per_megawatt), written
// out here because economics/ is a later layer than serving/ (design §2). Expects rates > 0.
template <std::floating_point T>
void fill_economics(basic_estimate_result<T>& r, const basic_system_spec<T>& s) noexcept {
  if (s.price_usd_per_gpu_hour > T(0)) {
    const T usd_per_gpu_s = s.price_usd_per_gpu_hour / T(units::hour);
    r.usd_per_million_output_tokens = usd_per_gpu_s / r.output_tok_per_s_per_gpu * T(1e6);
    r.usd_per_million_total_tokens = usd_per_gpu_s / r.total_tok_per_s_per_gpu * T(1e6);
  }
  if (s.all_in_power_w > T(0)) r.output_tokens_per_megawatt = r.output_tok_per_s_per_gpu / s.all_in_power_w * T(units::MW);
}

// Aggregated estimate for validated inputs (serving/estimate.hpp's estimate() validates).
template <std::floating_point T>
[[nodiscard]] basic_estimate_result<T> estimate_aggregated_unchecked(const basic_model_spec<T>& m,
                                                                     const basic_system_spec<T>& s,
                                                                     const basic_serving_plan<T>& p,
                                                                     const basic_workload<T>& w,
                                                                     const basic_software_stack<T>& stack) {
  basic_estimate_result<T> r;
  r.mode = serving_mode::aggregated;
  r.plan = p;
  r.concurrency = w.concurrency;
  r.gpus = T(p.gpus());
  const T a = accepted_tokens_per_step(p);
  r.accepted_tokens_per_step = a;
  const T isl = T(w.isl), osl = T(w.osl), full_context = isl + osl;
  r.max_concurrency = max_concurrency(m, s, p, full_context);
  const auto memory = memory_footprint_of(m, s, p, w.concurrency, full_context);
  r.weights_bytes_per_gpu = memory.weights_bytes_per_gpu;
  r.kv_bytes_per_gpu = memory.kv_bytes_per_gpu;
  if (!memory.fits) return r;

  const auto batches = aggregated_step_batches(w, p, a);
  const auto with_prompt = step_unchecked(m, s, p, batches.with_prompt, stack, w.skew);
  if (!with_prompt.fits) return r;
  const T f = batches.prompt_fraction;
  T t = with_prompt.time_s;
  r.step = with_prompt;
  if (f < T(1)) {
    r.step = step_unchecked(m, s, p, batches.decode, stack, w.skew);
    t = (T(1) - f) * r.step.time_s + f * with_prompt.time_s;  // mean iteration (header comment)
  }
  r.prefill = f < T(1) ? step_unchecked(m, s, p, batches.first_token, stack, w.skew) : with_prompt;
  if (!r.prefill.fits) return r;
  const T ttft = burst_ttft_unchecked(m, s, p, w, stack, t / T(2));
  if (!std::isfinite(ttft)) return r;

  r.fits = true;
  r.tpot_s = t / a;                                              // design §6, a tokens per iteration
  r.tok_per_s_per_user = a / t;                                  // = 1 / TPOT
  r.output_tok_per_s_per_gpu = T(w.concurrency) * a / t / r.gpus;
  r.total_tok_per_s_per_gpu = r.output_tok_per_s_per_gpu * (T(1) + isl / osl);
  r.ttft_s = ttft;                                               // header comment: TTFT
  fill_economics(r, s);
  return r;
}

}  // namespace detail
}  // namespace tokenomics
