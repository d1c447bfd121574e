#pragma once
// Disaggregated serving (design §6; DistServe, Zhong et al. OSDI 2024; Splitwise, Patel et al.
// ISCA 2024; DeepSeek-V3 §3.4): a prefill pool and a decode pool, each with its own plan; every
// request is prefilled in the first, its KV cache sent to the second, and decoded there.
//
// Decode pool: pure decode steps of C = workload.concurrency sequences per decode replica at the
// mean context isl + osl/2 (as aggregated.hpp), t_d per step, a tokens per sequence and step:
//   TPOT = t_d / a,  D = C·a / t_d / G_d  output tok/s per decode GPU.
// Prefill pool: a prefill step processes B requests of isl tokens (batch choice below), t_p:
//   P = B·isl / t_p / G_p  prompt tok/s per prefill GPU.
// Rate balance (design §6): both pools serve the same request rate, N_p·P/isl = N_d·D/osl with N
// the GPUs of each pool, so one decode replica (G_d GPUs) needs N_p = G_d·D·isl/(P·osl) prefill
// GPUs. `gpus` reports G_d + N_p (fractional: a rate-balanced unit), and every per-GPU rate counts
// both pools:  output tok/s/GPU = C·a/t_d / (G_d + N_p) = 1 / (1/D + isl/(osl·P)).
// KV transfer per request: the prompt's KV cache, kv_bytes_per_sequence(model, prefill
// kv_cache, isl), sent by the prefill replica's GPUs that hold distinct shards of it in parallel
// (kv_transfer_senders) over the scale-up link if one prefill and one decode replica fit in one
// scale-up domain (G_p + G_d <= scale_up_domain_gpus, e.g. NVL72), else over the scale-out
// network (comm/volumes.hpp kv_transfer_time). Layer-by-layer streaming that hides the transfer
// behind the prefill (Mooncake, DistServe) is not modelled: the transfer adds to TTFT.
// TTFT: as in aggregated.hpp, a closed-loop client's C requests arrive as a burst. The prefill
// pool (N_p GPUs per decode replica, of G_p each and dp_p DP ranks) gives each prefill rank
// c = C·G_p/(N_p·dp_p) of them; the median request, the m-th with m = w·(c − 1) + 1, has its
// first token after ceil(m/b) prefill steps of b = min(c, per-rank batch) requests:
//   TTFT = per_request + ceil(m/b)·t_p(b) + KV transfer.
// The first token comes from the prefill.
//
// Prefill batch choice: candidates of r whole requests per DP-attention rank, starting from
// floor(prefill_tokens_per_rank / isl) (at least one) and halving down to one per micro-batch,
// each rounded to a multiple of the micro-batches pp × (2 with two-batch overlap) so every
// micro-batch holds whole requests. Among the candidates that fit in memory, the smallest whose
// prompt throughput P is within prefill_throughput_tolerance (5 %) of the best candidate's wins:
// a dense model's prefill is compute-bound from a few thousand tokens and gains nothing from a
// bigger batch but TTFT, while an MoE prefill over EP needs many tokens to load its experts. The
// default budget of 16,384 prompt tokens per rank is SGLang's DeepSeek prefill setting with
// two-batch overlap (LMSYS 2025-05-05, theory §11: TBO "enables 16,384 tokens/device").
#include <algorithm>
#include <array>
#include <cmath>
#include <concepts>
#include <cstddef>

#include "../closed_form/kv_cache.hpp"
#include "../closed_form/memory.hpp"
#include "../comm/volumes.hpp"
#include "../core/error.hpp"
#include "../spec/software_stack.hpp"
#include "../spec/plan.hpp"
#include "../spec/workload.hpp"
#include "../step/step.hpp"
#include "aggregated.hpp"
#include "estimate_result.hpp"
#include "speculative.hpp"

namespace tokenomics {

template <std::floating_point T>
struct basic_disaggregated_options {
  // Prompt tokens one prefill step gives each DP-attention rank (rounded to whole requests; see
  // the header comment). SGLang DeepSeek prefill with two-batch overlap: 16,384 (theory §11).
  T prefill_tokens_per_rank{16384};
  // The prefill batch is the smallest candidate whose prompt tokens/s is at least
  // (1 − tolerance) × the best candidate's: 0 picks the most throughput, larger values trade
  // prefill throughput for TTFT.
  T prefill_throughput_tolerance{0.05};
  // Prefill replicas serving one decode replica: 0 sizes the prefill pool by rate balance (header
  // comment); a given count (fractional when several decode replicas share one, e.g. 1/8) fixes
  // the pool as deployed, and a pool too small for the decode rate then limits throughput.
  T prefill_replicas{0};
};
using disaggregated_options = basic_disaggregated_options<double>;

template <std::floating_point T>
void validate(const basic_disaggregated_options<T>& o) {
  detail::require_positive("options.prefill_tokens_per_rank", o.prefill_tokens_per_rank);
  if (!(o.prefill_throughput_tolerance >= T(0) && o.prefill_throughput_tolerance < T(1)))
    detail::fail("options.prefill_throughput_tolerance", detail::show(double(o.prefill_throughput_tolerance)),
                 "must be in [0, 1)");
  detail::require_non_negative("options.prefill_replicas", o.prefill_replicas);
}

// Requests per DP-attention rank in one prefill step before the memory check: floor(budget/isl),
// at least 1, rounded up to a multiple of the plan's micro-batches pp × (2 with two-batch overlap).
template <std::floating_point T>
[[nodiscard]] int prefill_requests_per_rank(const basic_serving_plan<T>& prefill_plan, int isl,
                                            const basic_disaggregated_options<T>& o = {}) {
  detail::require_positive("workload.isl", isl);
  validate(o);
  const int micro = prefill_plan.pp * (prefill_plan.micro_batches >= 2 ? 2 : 1);
  const T fit = std::floor(o.prefill_tokens_per_rank / T(isl));
  const int wanted = static_cast<int>(std::clamp(fit, T(1), T(1 << 20)));
  return (wanted + micro - 1) / micro * micro;
}

// Prefill GPUs that send distinct shards of one request's KV cache in parallel: each pipeline
// stage holds its own layers; within a stage the KV heads shard over TP down to one head per GPU
// (min(tp, num_kv_heads) distinct shards), while MLA's latent is replicated over TP (one sender
// per stage). A request lives on one DP-attention rank.
template <std::floating_point T>
[[nodiscard]] constexpr int kv_transfer_senders(const basic_model_spec<T>& m, const basic_serving_plan<T>& prefill_plan) noexcept {
  const int per_stage = m.attention == attention_kind::mla ? 1 : std::max(1, std::min(prefill_plan.tp, m.num_kv_heads));
  return prefill_plan.pp * per_stage;
}

namespace detail {

// Disaggregated estimate for validated inputs (serving/estimate.hpp's estimate_disaggregated()).
template <std::floating_point T>
[[nodiscard]] basic_estimate_result<T> estimate_disaggregated_unchecked(
    const basic_model_spec<T>& m, const basic_system_spec<T>& s, const basic_serving_plan<T>& pre,
    const basic_serving_plan<T>& dec, const basic_workload<T>& w, const basic_software_stack<T>& stack,
    const basic_disaggregated_options<T>& o) {
  basic_estimate_result<T> r;
  r.mode = serving_mode::disaggregated;
  r.plan = dec;
  r.prefill_plan = pre;
  r.concurrency = w.concurrency;
  const T a = accepted_tokens_per_step(dec);
  r.accepted_tokens_per_step = a;
  const T isl = T(w.isl), osl = T(w.osl), C = T(w.concurrency);
  const T g_d = T(dec.gpus()), g_p = T(pre.gpus());
  r.gpus = g_d;  // until the prefill share is known

  // Decode pool: memory at the full context, then the steady-state decode step.
  r.max_concurrency = max_concurrency(m, s, dec, isl + osl);
  const auto memory = memory_footprint_of(m, s, dec, w.concurrency, isl + osl);
  r.weights_bytes_per_gpu = memory.weights_bytes_per_gpu;
  r.kv_bytes_per_gpu = memory.kv_bytes_per_gpu;

  // KV transfer of one prompt (independent of fit; reported either way).
  const T kv_bytes = kv_bytes_per_sequence(m, pre.kv_cache, isl);
  const bool same_domain = pre.gpus() + dec.gpus() <= s.scale_up_domain_gpus;
  r.kv_transfer_s = kv_transfer_time(s, stack.fabric(stack.nccl_all_gather), kv_bytes, kv_transfer_senders(m, pre),
                                     same_domain ? kv_transfer_link::scale_up : kv_transfer_link::scale_out)
                        .time_s;
  if (!memory.fits) return r;

  r.step = step_unchecked(m, s, dec, basic_step_batch<T>{.decode_sequences = C, .decode_context = isl + osl / T(2)},
                          stack, w.skew);
  if (!r.step.fits) return r;

  // Prefill pool: the batch of the header comment. Candidates per rank: the budget's count, then
  // halving down to one request per micro-batch; keep the smallest whose prompt throughput is
  // within the tolerance of the best fitting candidate's (lower TTFT at almost no throughput cost).
  const int micro = pre.pp * (pre.micro_batches >= 2 ? 2 : 1);
  int per_rank = 0;
  T best_rate = T(0);
  struct candidate { int per_rank; T rate; basic_step_time<T> step; };
  std::array<candidate, 32> candidates{};
  int n = 0;
  for (int k = prefill_requests_per_rank(pre, w.isl, o); n < int(candidates.size());
       k = std::max(micro, k / 2 / micro * micro)) {
    const T requests = T(k) * T(pre.dp_attention);
    auto t = step_unchecked(m, s, pre, basic_step_batch<T>{.prefill_tokens = requests * isl, .prefill_request_tokens = isl},
                            stack, w.skew);
    const T rate = t.fits ? requests * isl / t.time_s : T(0);
    candidates[std::size_t(n++)] = {k, rate, t};
    best_rate = std::max(best_rate, rate);
    if (k <= micro) break;
  }
  r.prefill = candidates[std::size_t(n - 1)].step;  // the smallest: reported if nothing fits
  for (int i = 0; i < n; ++i) {                       // largest to smallest: the last good one wins
    const auto& c = candidates[std::size_t(i)];
    if (c.rate > T(0) && c.rate >= (T(1) - o.prefill_throughput_tolerance) * best_rate) {
      per_rank = c.per_rank;
      r.prefill = c.step;
    }
  }
  if (per_rank == 0) return r;  // not even one request per micro-batch fits

  const T t_d = r.step.time_s, t_p = r.prefill.time_s;
  const T requests = T(per_rank) * T(pre.dp_attention);
  const T decode_rate = C * a / t_d / g_d;             // D, output tok/s per decode GPU
  const T prefill_rate = requests * isl / t_p / g_p;   // P, prompt tok/s per prefill GPU
  const T balanced_gpus = g_d * decode_rate * isl / (prefill_rate * osl);  // N_p per decode replica
  const T prefill_gpus = o.prefill_replicas > T(0) ? o.prefill_replicas * g_p : balanced_gpus;
  // Output is the decode pool's rate unless a fixed prefill pool cannot keep up with it.
  const T output = std::min(C * a / t_d, prefill_gpus * prefill_rate * osl / isl);

  // TTFT (header comment): the median request of a burst of C waits for the requests ahead of it
  // on its prefill DP rank, in steps of at most per_rank requests.
  const T burst = std::max(T(1), C * g_p / (prefill_gpus * T(pre.dp_attention)));
  const T median = stack.fixed.burst_wait * (burst - T(1)) + T(1);
  const T batch = std::min(std::ceil(burst), T(per_rank));
  const T t_batch = batch < T(per_rank)
                        ? step_unchecked(m, s, pre,
                                         basic_step_batch<T>{.prefill_tokens = batch * T(pre.dp_attention) * isl,
                                                             .prefill_request_tokens = isl},
                                         stack, w.skew).time_s
                        : t_p;
  r.fits = true;
  r.gpus = g_d + prefill_gpus;
  r.tpot_s = t_d / a;
  r.tok_per_s_per_user = a / t_d;
  r.output_tok_per_s_per_gpu = output / r.gpus;  // both pools
  r.total_tok_per_s_per_gpu = r.output_tok_per_s_per_gpu * (T(1) + isl / osl);
  r.ttft_s = stack.fixed.per_request_s + std::ceil(median / batch) * t_batch + r.kv_transfer_s;
  fill_economics(r, s);
  return r;
}

}  // namespace detail
}  // namespace tokenomics
