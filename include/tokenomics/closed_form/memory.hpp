#pragma once
// Per-GPU memory under a plan: weights shard + KV cache + reserve <= HBM (design §4).
#include <algorithm>
#include <cmath>
#include <concepts>

#include "../core/error.hpp"
#include "../spec/plan.hpp"
#include "../spec/system.hpp"
#include "../spec/workload.hpp"
#include "kv_cache.hpp"
#include "parameters.hpp"

namespace tokenomics {

template <std::floating_point T>
struct basic_memory_options {
  // Fraction of HBM the serving engine may fill with weights and KV cache; the rest is the
  // activation/workspace/CUDA-graph reserve. vLLM's default gpu_memory_utilization = 0.9
  // (vLLM engine arguments documentation).
  T usable_fraction{T(0.9)};
};
using memory_options = basic_memory_options<double>;

// Layers held by the busiest pipeline stage and how many of them are MoE layers (MoE layers are
// the heavier ones, so the busiest stage is assumed to get them first; exact for pp = 1).
template <std::floating_point T>
struct basic_stage_layers {
  int layers{};
  int moe_layers{};
  int dense_ffn_layers{};
  int full_attention_layers{};  // the stage's share of full vs sliding-window attention,
  int sliding_window_layers{};  // sliding layers assigned first (they are the lighter ones)
};

template <std::floating_point T>
[[nodiscard]] constexpr basic_stage_layers<T> busiest_stage(const basic_model_spec<T>& m, int pp) {
  if (pp <= 0 || pp > m.num_layers)
    detail::fail("plan.pp", detail::show(pp), "must be in [1, model.num_layers = " + detail::show(m.num_layers) + "]");
  basic_stage_layers<T> s;
  s.layers = (m.num_layers + pp - 1) / pp;
  s.moe_layers = std::min(s.layers, m.num_moe_layers());
  s.dense_ffn_layers = s.layers - s.moe_layers;
  s.full_attention_layers = std::min(s.layers, m.num_full_attention_layers());
  s.sliding_window_layers = s.layers - s.full_attention_layers;
  return s;
}

// Share of a sequence's KV heads one GPU stores: KV heads shard over TP down to one head per GPU
// and are replicated beyond that; MLA's latent is shared by all heads, so every TP rank keeps all
// of it (theory §9). DP-attention partitions sequences, not heads.
template <std::floating_point T>
[[nodiscard]] constexpr T kv_head_fraction_per_gpu(const basic_model_spec<T>& m, int tp) {
  if (m.attention == attention_kind::mla) return T(1);
  detail::require_positive("plan.tp", tp);
  detail::require_positive("model.num_kv_heads", m.num_kv_heads);
  const int heads_per_gpu = std::max(1, m.num_kv_heads / tp);
  return T(heads_per_gpu) / T(m.num_kv_heads);
}

// Bytes of one GPU's weights. Quantised checkpoints (DeepSeek FP8, ModelOpt FP8/NVFP4, gpt-oss
// MXFP4) keep embeddings, LM head and norms in BF16; the GEMM weights use the plan's precisions.
template <std::floating_point T>
struct basic_weight_bytes {
  T non_expert{};  // attention, dense FFN, shared experts, routers, norms, embedding/LM head shard
  T experts{};     // routed expert slots held by this GPU
  [[nodiscard]] constexpr T total() const noexcept { return non_expert + experts; }
};

template <std::floating_point T>
[[nodiscard]] basic_weight_bytes<T> weight_bytes_per_gpu(const basic_model_spec<T>& m, const basic_serving_plan<T>& p) {
  const auto stage = busiest_stage(m, p.pp);
  const T tp = T(p.tp), bw = T(bytes_per_element(p.weights)), bx = T(bytes_per_element(p.expert_weight_precision()));
  const T b16 = T(bytes_per_element(precision::bf16));
  const T expert = parameters_per_expert(m);
  const T slots_per_gpu = m.is_moe() ? T(m.num_experts + p.redundant_experts) / T(p.ep) : T(0);
  const T expert_tp = T(p.expert_tp_degree());
  // Per-layer pieces on this GPU: attention and dense FFN and shared experts shard over tp;
  // routers and norms are replicated.
  const T attention = attention_parameters_per_layer(m) / tp * bw + norm_parameters_per_layer(m) * b16;
  const T dense_ffn = dense_ffn_parameters_per_layer(m) / tp * bw;
  const T moe_non_expert = T(m.num_shared_experts) * expert / tp * bw + router_parameters_per_layer(m) * b16;
  const T moe_experts = slots_per_gpu * expert / expert_tp * bx;
  basic_weight_bytes<T> w;
  w.non_expert = T(stage.layers) * attention + T(stage.dense_ffn_layers) * dense_ffn +
                 T(stage.moe_layers) * moe_non_expert;
  w.experts = T(stage.moe_layers) * moe_experts;
  // Vocabulary-parallel embedding and LM head: both on the one stage when pp = 1, else the first
  // stage holds the embedding and the last the head (the busiest holds one of them).
  const T vh = T(m.vocab) * T(m.hidden) / tp * b16;
  const T head = m.tied_embeddings ? T(0) : vh;
  w.non_expert += (p.pp == 1 ? vh + head : vh) + T(m.hidden) * b16;
  // MTP modules live on the last stage when drafting is on (one extra layer each).
  if (p.mtp_depth > 0 && m.num_mtp_layers > 0) {
    const T h = T(m.hidden);
    const T mtp_layer = attention + (m.is_moe() ? moe_non_expert + moe_experts : dense_ffn) +
                        (T(2) * h * h / tp) * bw + T(2) * h * b16;
    w.non_expert += T(m.num_mtp_layers) * (mtp_layer - (m.is_moe() ? moe_experts : T(0)));
    w.experts += m.is_moe() ? T(m.num_mtp_layers) * moe_experts : T(0);
  }
  return w;
}

// KV bytes one GPU stores for one sequence of `context_tokens` (its stage's layers, its head share).
template <std::floating_point T>
[[nodiscard]] T kv_bytes_per_sequence_per_gpu(const basic_model_spec<T>& m, const basic_serving_plan<T>& p,
                                              T context_tokens) {
  const auto stage = busiest_stage(m, p.pp);
  const T per_layer = kv_bytes_per_token_per_layer(m, p.kv_cache);
  const T tokens = T(stage.full_attention_layers) * context_tokens +
                   T(stage.sliding_window_layers) * cached_tokens(context_tokens, m.sliding_window_tokens);
  return per_layer * tokens * kv_head_fraction_per_gpu(m, p.tp);
}

template <std::floating_point T>
struct basic_memory_footprint {
  T weights_bytes_per_gpu{};         // non-expert + expert shard
  T expert_weights_bytes_per_gpu{};  // the expert part of weights_bytes_per_gpu
  T kv_bytes_per_gpu{};
  T kv_bytes_per_sequence_per_gpu{};
  T usable_bytes_per_gpu{};          // HBM × usable_fraction
  T reserve_bytes_per_gpu{};         // HBM − usable: activations, workspace, CUDA graphs
  T headroom_bytes_per_gpu{};        // usable − weights − KV (negative when it does not fit)
  bool fits{};
};
using memory_footprint = basic_memory_footprint<double>;

// Memory of the busiest GPU when a replica holds `sequences` requests of `context_tokens` each
// (DP-attention ranks split the sequences evenly, the busiest gets the ceiling).
namespace detail {
// The footprint for validated inputs (the step oracle's path; memory_footprint_of validates).
template <std::floating_point T>
[[nodiscard]] basic_memory_footprint<T> memory_footprint_unchecked(const basic_model_spec<T>& m,
                                                                  const basic_system_spec<T>& s,
                                                                  const basic_serving_plan<T>& p, long long sequences,
                                                                  T context_tokens, const basic_memory_options<T>& o = {}) {
  basic_memory_footprint<T> f;
  const auto w = weight_bytes_per_gpu(m, p);
  f.weights_bytes_per_gpu = w.total();
  f.expert_weights_bytes_per_gpu = w.experts;
  f.kv_bytes_per_sequence_per_gpu = kv_bytes_per_sequence_per_gpu(m, p, context_tokens);
  const long long sequences_per_gpu = (sequences + p.dp_attention - 1) / p.dp_attention;
  f.kv_bytes_per_gpu = T(sequences_per_gpu) * f.kv_bytes_per_sequence_per_gpu;
  f.usable_bytes_per_gpu = s.gpu.hbm_bytes * o.usable_fraction;
  f.reserve_bytes_per_gpu = s.gpu.hbm_bytes - f.usable_bytes_per_gpu;
  f.headroom_bytes_per_gpu = f.usable_bytes_per_gpu - f.weights_bytes_per_gpu - f.kv_bytes_per_gpu;
  f.fits = f.headroom_bytes_per_gpu >= T(0);
  return f;
}
}  // namespace detail

template <std::floating_point T>
[[nodiscard]] basic_memory_footprint<T> memory_footprint_of(const basic_model_spec<T>& m, const basic_system_spec<T>& s,
                                                            const basic_serving_plan<T>& p, int sequences,
                                                            T context_tokens, const basic_memory_options<T>& o = {}) {
  validate(p, m, s);
  detail::require_non_negative("sequences", sequences);
  detail::require_non_negative("context_tokens", context_tokens);
  detail::require_fraction("memory_options.usable_fraction", o.usable_fraction);
  return detail::memory_footprint_unchecked(m, s, p, static_cast<long long>(sequences), context_tokens, o);
}

// Sequences one DP rank is credited with at most: tiny KV (context 1) would otherwise give
// billions, past any batch an engine schedules and past int once multiplied by dp_attention.
inline constexpr int max_concurrency_per_rank = 1 << 20;

// Largest number of sequences of `context_tokens` (isl + osl) one replica can hold: each
// DP-attention rank fits floor((usable − weights) / KV per sequence). 0 when the weights alone do
// not fit.
template <std::floating_point T>
[[nodiscard]] int max_concurrency(const basic_model_spec<T>& m, const basic_system_spec<T>& s,
                                  const basic_serving_plan<T>& p, T context_tokens,
                                  const basic_memory_options<T>& o = {}) {
  detail::require_positive("context_tokens", context_tokens);
  const auto f = memory_footprint_of(m, s, p, 0, context_tokens, o);
  if (!f.fits) return 0;
  // Per DP rank: the quotient, then corrected by the fit test itself (usable - weights - n * kv
  // >= 0, evaluated as memory_footprint_of does) so that max fits and max + 1 does not even
  // where the division rounds across an integer.
  const T usable_minus_weights = f.usable_bytes_per_gpu - f.weights_bytes_per_gpu;
  const auto fits = [&](T n) { return usable_minus_weights - n * f.kv_bytes_per_sequence_per_gpu >= T(0); };
  const T cap = T(max_concurrency_per_rank);
  T per_rank = std::min(std::floor(f.headroom_bytes_per_gpu / f.kv_bytes_per_sequence_per_gpu), cap);
  while (per_rank > T(0) && !fits(per_rank)) per_rank -= T(1);
  while (per_rank < cap && fits(per_rank + T(1))) per_rank += T(1);
  const long long total = static_cast<long long>(per_rank) * p.dp_attention;
  return static_cast<int>(std::min<long long>(total, workload_limits::max_concurrency));
}

}  // namespace tokenomics
