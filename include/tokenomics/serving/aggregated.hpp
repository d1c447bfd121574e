#pragma once
// Aggregated serving: one replica runs prefill and decode together by continuous batching with
// chunked prefill (Orca, Yu et al. OSDI 2022; Sarathi-Serve, Agrawal et al. OSDI 2024), in steady
// state with C = workload.concurrency requests in flight (design §6).
//
// Steady state. Every iteration each of the C decoding sequences emits a = accepted tokens per
// step (1 without speculative decoding; speculative.hpp), so requests finish, and are replaced,
// at C·a/osl per iteration; their prompts add C·a·isl/osl prefill tokens to every iteration
// (design §6 writes C·isl/osl for a = 1). One iteration is therefore a mixed step of
//   - C decode sequences at the mean context isl + osl/2 (a sequence's context grows linearly
//     from isl to isl + osl over its life),
//   - c = C·a·isl/osl prompt tokens, spread over the dp_attention ranks (c_r = c/dp each).
//     c_r >= isl: whole requests (prefill_request_tokens = isl, no prefix). c_r < isl: one chunk
//     of c_r tokens per rank from a request whose cached prefix averages (isl − c_r)/2 over its
//     isl/c_r chunks, which makes the chunks' causal attention sum to exactly one whole prompt's:
//     Σ over chunks of (c_r·p + c_r(c_r+1)/2) = isl(isl+1)/2 at mean p = (isl − c_r)/2.
// With t the iteration time (step/step.hpp):
//   TPOT = t / a,  tok/s/user = a / t,  output tok/s/GPU = C·a / t / gpus_per_replica,
//   total tok/s/GPU = output × (1 + isl/osl)  (every output token brings isl/osl prompt tokens).
// TTFT (approximation, design §6 "prefill time of one request plus half an iteration"): a new
// request waits on average half an iteration for the running one to end, then is prefilled whole
// in one iteration alongside the other C − 1 decoding sequences:
//   TTFT = t/2 + t_first,  t_first = step(C − 1 decode sequences at isl + osl/2, isl prompt tokens
//   of one request). For C = 1 t_first is prefill_step(isl). A scheduler with a per-iteration
//   token budget below isl (vLLM max_num_batched_tokens) would split it over several iterations;
//   that is not modelled.
// Memory: the replica must hold C sequences at isl + osl tokens (memory_footprint_of, design §4);
// the step oracle additionally checks each step's own batch (it counts the requests being
// prefilled as extra sequences). Either failing gives fits = false and all rates 0.
#include <concepts>
#include <type_traits>

#include "../closed_form/memory.hpp"
#include "../core/units.hpp"
#include "../spec/efficiency.hpp"
#include "../spec/plan.hpp"
#include "../spec/workload.hpp"
#include "../step/step.hpp"
#include "estimate_result.hpp"
#include "speculative.hpp"

namespace tokenomics {

// The two batches the aggregated model runs through the step oracle.
template <std::floating_point T>
struct basic_aggregated_step_batches {
  basic_step_batch<T> iteration{};    // the steady-state mixed iteration
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
  const T prefill = C * accepted_tokens_per_step * isl / osl;  // prompt tokens per iteration
  const T per_rank = prefill / dp;
  basic_aggregated_step_batches<T> b;
  b.iteration.decode_sequences = C;
  b.iteration.decode_context = context;
  b.iteration.prefill_tokens = prefill;
  if (per_rank >= isl) {
    b.iteration.prefill_request_tokens = isl;  // whole prompts, no cached prefix
  } else {
    b.iteration.prefill_request_tokens = per_rank;         // one chunk per DP rank
    b.iteration.prefill_prefix = (isl - per_rank) / T(2);  // mean prefix over the prompt's chunks
  }
  b.first_token.decode_sequences = C - T(1);
  b.first_token.decode_context = context;
  b.first_token.prefill_tokens = isl;
  b.first_token.prefill_request_tokens = isl;
  return b;
}

namespace detail {

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
                                                                     const basic_efficiency<T>& eff) {
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
  r.step = step_unchecked(m, s, p, batches.iteration, eff, w.skew);
  if (!r.step.fits) return r;
  r.prefill = step_unchecked(m, s, p, batches.first_token, eff, w.skew);
  if (!r.prefill.fits) return r;

  const T t = r.step.time_s;
  r.fits = true;
  r.tpot_s = t / a;                                              // design §6, a tokens per iteration
  r.tok_per_s_per_user = a / t;                                  // = 1 / TPOT
  r.output_tok_per_s_per_gpu = T(w.concurrency) * a / t / r.gpus;
  r.total_tok_per_s_per_gpu = r.output_tok_per_s_per_gpu * (T(1) + isl / osl);
  r.ttft_s = r.prefill.time_s + t / T(2);                        // header comment: TTFT
  fill_economics(r, s);
  return r;
}

}  // namespace detail
}  // namespace tokenomics
