#pragma once
// The per-step latency oracle (design §5): one forward pass of a batch on one replica, as a sum of
// per-operator rooflines over the busiest pipeline stage's layers, plus communication and fixed
// overheads. decode_step, prefill_step and mixed_step are the three ways to call it.
//
// Layout (spec/plan.hpp): attention, dense FFN, shared experts and LM head run tensor-parallel
// over `tp` GPUs, replicated dp_attention times (each copy serves its share of the sequences); the
// routed experts of a stage are spread over `ep` ranks of expert_tp GPUs each. The busiest GPU sets
// the time: the DP rank with the most tokens, the EP rank with the most rows (moe/ep_load.hpp).
//
// Cost of one call: O(number of operator classes) arithmetic, no allocation; the routing
// statistics come from moe/ep_load.hpp's per-thread cache (one hash lookup when warm); a pipeline
// of pp stages adds O(pp) for the boundary transfers.
#include <algorithm>
#include <array>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdint>

#include "../closed_form/flops.hpp"
#include "../closed_form/kv_cache.hpp"
#include "../closed_form/memory.hpp"
#include "../closed_form/parameters.hpp"
#include "../comm/collectives.hpp"
#include "../comm/overlap.hpp"
#include "../comm/volumes.hpp"
#include "../moe/ep_load.hpp"
#include "../spec/software_stack.hpp"
#include "../spec/workload.hpp"
#include "roofline.hpp"

namespace tokenomics {

// Operator classes a step is broken into.
enum class operator_class {
  attention_projections,  // QKV (or MLA down/up) and output projections
  attention,              // scores and values over the KV cache (FlashAttention / FlashMLA)
  dense_ffn,              // FFN of dense layers
  shared_experts,         // shared experts and the router of MoE layers
  routed_experts,         // grouped GEMM of the busiest EP rank
  lm_head,                // output projection to the vocabulary
  mtp_draft,              // multi-token-prediction draft passes
};
inline constexpr std::size_t num_operator_classes = 7;

// What one step processes on one replica.
template <std::floating_point T>
struct basic_step_batch {
  T decode_sequences{};        // sequences that each generate a token (1 + mtp_depth verified)
  T decode_context{};          // mean tokens already cached per decoding sequence
  T prefill_tokens{};          // new prompt tokens processed in this step
  T prefill_request_tokens{};  // prompt tokens per prefilling request here (0: all one request)
  T prefill_prefix{};          // tokens already cached for each prefilling request (chunked prefill)
};
using step_batch = basic_step_batch<double>;

template <std::floating_point T>
struct basic_step_time {
  bool fits{};                   // false: the batch does not fit in memory; nothing else is set
  T time_s{};                    // the whole step: operators + exposed communication + overhead
  T operators_s{};               // Σ over operators of max(compute, memory), all stages in turn
  T compute_s{};                 // Σ of the compute arms
  T memory_s{};                  // Σ of the memory arms
  T communication_s{};           // exposed communication (after two-batch overlap, if planned)
  T tp_communication_s{};        // all-reduces (before overlap)
  T ep_communication_s{};        // dispatch + combine (before overlap)
  T pp_communication_s{};        // stage-boundary transfers
  T overhead_s{};                // per-layer and per-step fixed costs
  T tokens{};                    // tokens the replica processes (decode × (1 + mtp) + prefill)
  T flops_per_gpu{};             // busiest GPU, whole step
  T bytes_per_gpu{};             // busiest GPU's HBM traffic, whole step
  bound_by limiter{};            // the largest of memory, compute, communication, overhead
  std::array<basic_operator_time<T>, num_operator_classes> operators{};
  basic_ep_load<T> routing{};    // per micro-batch and MoE layer
  basic_memory_footprint<T> memory{};

  [[nodiscard]] constexpr const basic_operator_time<T>& at(operator_class c) const noexcept {
    return operators[static_cast<std::size_t>(c)];
  }
};
using step_time = basic_step_time<double>;

namespace detail {

// What the stack and GPU give every operator of this plan: the kernel families of the non-expert
// and expert weights and their peaks.
template <std::floating_point T>
struct step_kernels {
  kernel_dtype weights{}, experts{};
  T weight_peak{}, expert_peak{}, bf16_peak{}, hbm{};
  T latency_scale{};  // the share of each microbenchmarked kernel latency a step pays (fixed costs)
};


template <std::floating_point T>
[[nodiscard]] constexpr step_kernels<T> kernels_of(const basic_accelerator_spec<T>& g, const basic_serving_plan<T>& p,
                                                   const basic_software_stack<T>& st) noexcept {
  const auto w = kernel_dtype_of(p.weights, p.activations, g);
  const auto x = kernel_dtype_of(p.expert_weight_precision(), p.activations, g);
  return {.weights = w, .experts = x, .weight_peak = peak_flops_per_s(g, w),
          .expert_peak = peak_flops_per_s(g, x), .bf16_peak = g.dense_bf16_flops_per_s, .hbm = g.hbm_bytes_per_s,
          .latency_scale = st.fixed.latency_exposure};
}

// A kernel on the roofline of its curve (spec/software_stack.hpp); `paid_calls` is the number of
// calls times the share of the curve's fixed latency each pays (step_kernels::latency_scale).
template <std::floating_point T>
[[nodiscard]] constexpr basic_operator_time<T> kernel_time(const basic_kernel_curve<T>& c, T paid_calls, T work,
                                                           T flops, T bytes, T peak, T hbm) noexcept {
  basic_operator_time<T> r;
  if (!(work > T(0))) return r;
  const auto a = kernel_arms(c, work, flops, bytes, peak, hbm);
  r.flops = flops;
  r.bytes = bytes;
  r.compute_s = a.compute_s;
  r.memory_s = a.memory_s;
  r.latency_s = paid_calls * c.latency_s;
  r.time_s = r.latency_s + std::max(a.compute_s, a.memory_s);
  r.limiter = a.compute_s > a.memory_s ? bound_by::compute : bound_by::memory_bandwidth;
  return r;
}

// `calls` weight GEMMs on one GPU holding `params` weights of `bytes_per_param`, applied to
// `rows` tokens, each row reading and writing `activations_per_row` BF16 activation elements.
// Bytes = weights once + rows × activations (theory §7: 3hf·b_w + t(2h + 3f)·b_a for a SwiGLU
// expert); the curve's half_work carries the tile padding of small row counts.
template <std::floating_point T>
[[nodiscard]] constexpr basic_operator_time<T> weight_gemm(const basic_kernel_curve<T>& c, T paid_calls, T params,
                                                           T bytes_per_param, T rows, T activations_per_row, T peak,
                                                           T hbm) noexcept {
  if (!(params > T(0))) return {};
  const T weights = params * bytes_per_param;
  auto r = kernel_time(c, paid_calls, rows, T(2) * params * rows, weights + rows * activations_per_row * T(2), peak, hbm);
  r.weight_bytes = weights;
  return r;
}

// Activation elements one token reads and writes in a layer's attention projections on one of
// `tp` GPUs: the hidden state in and out (replicated) plus the sharded q/k/v outputs and the
// output projection's input (MLA: the LoRA ranks, the up-projections and the value heads).
template <std::floating_point T>
[[nodiscard]] constexpr T attention_projection_activations(const basic_model_spec<T>& m, T tp) noexcept {
  const T nh = T(m.num_attention_heads), h = T(m.hidden);
  T sharded;
  if (m.attention == attention_kind::mla)
    sharded = T(m.q_lora_rank + m.kv_lora_rank + m.qk_rope_head_dim) +
              nh * T(m.qk_nope_head_dim + m.qk_rope_head_dim + m.qk_nope_head_dim + 2 * m.v_head_dim);
  else
    sharded = (nh * T(2) + T(2 * m.num_kv_heads)) * T(m.head_dim);
  return T(2) * h + sharded / tp;
}

// A SwiGLU FFN of width f split over `shards` GPUs: h in, gate and up out, their product into the
// down projection, h out (theory §7: 2h + 3f; a plain FFN 2h + 2f).
template <std::floating_point T>
[[nodiscard]] constexpr T ffn_activations(const basic_model_spec<T>& m, T f, T shards) noexcept {
  return T(2) * T(m.hidden) + T(m.gated_ffn ? 3 : 2) * f / shards;
}

template <std::floating_point T>
void add_to(basic_step_time<T>& s, operator_class c, const basic_operator_time<T>& t, T times) noexcept {
  s.operators[static_cast<std::size_t>(c)] += t.scaled(times);
}

// Collective options carrying a link curve's fixed latency. The fitted latency already holds the
// per-hop costs of the measured group, so comm's per-hop NVLink latency is zeroed where a stack's
// link curve is used (comm_system_of).
template <std::floating_point T>
[[nodiscard]] constexpr basic_collective_options<T> options_of(const basic_link_curve<T>& link) noexcept {
  return {.launch_latency_s = link.latency_s};
}
template <std::floating_point T>
[[nodiscard]] constexpr basic_system_spec<T> comm_system_of(basic_system_spec<T> sys) noexcept {
  sys.scale_up_latency_s = T(0);
  return sys;
}

// Both all-reduces of a transformer block over `tp` GPUs: the framework's custom all-reduce or
// NCCL, whichever is faster for the message (frameworks switch by size); custom kernels work
// inside one scale-up domain only.
template <std::floating_point T>
[[nodiscard]] T tp_block_seconds(const basic_system_spec<T>& comm_sys, const basic_software_stack<T>& st, int tp,
                                 T tokens, int hidden) {
  const auto nccl = tp_block_comm_time(comm_sys, st.fabric(st.nccl_all_reduce), tp, tokens, hidden, precision::bf16,
                                       false, options_of(st.nccl_all_reduce));
  if (nccl.crosses_scale_out) return nccl.time_s;
  const auto custom = tp_block_comm_time(comm_sys, st.fabric(st.all_reduce), tp, tokens, hidden, precision::bf16,
                                         false, options_of(st.all_reduce));
  return std::min(nccl.time_s, custom.time_s);
}

// The step, assuming valid inputs (public entry points validate).
template <std::floating_point T>
[[nodiscard]] basic_step_time<T> step_unchecked(const basic_model_spec<T>& m, const basic_system_spec<T>& sys,
                                                const basic_serving_plan<T>& p, const basic_step_batch<T>& b,
                                                const basic_software_stack<T>& st, const basic_routing_skew<T>& skew) {
  basic_step_time<T> s;
  const int n_mtp = p.mtp_depth;
  const T queries_per_sequence = T(1 + n_mtp);
  const T request_tokens = b.prefill_request_tokens > T(0) ? std::min(b.prefill_request_tokens, b.prefill_tokens)
                                                           : b.prefill_tokens;
  const T prefill_requests = request_tokens > T(0) ? b.prefill_tokens / request_tokens : T(0);

  // Memory first: a batch that does not fit is reported, never estimated (design §4).
  const T context = std::max(b.decode_context + queries_per_sequence, b.prefill_prefix + request_tokens);
  // step() bounds the tokens to 2^31 - 1, so the sequence count fits in 64 bits.
  const auto sequences = static_cast<long long>(std::ceil(b.decode_sequences + prefill_requests));
  s.memory = detail::memory_footprint_unchecked(m, sys, p, sequences, context);
  if (!s.memory.fits) return s;
  s.fits = true;

  const auto k = kernels_of(sys.gpu, p, st);
  const auto paid = [&](T calls) { return calls * k.latency_scale; };  // latency-weighted kernel calls
  const auto comm_sys = comm_system_of(sys);
  const auto stage = busiest_stage(m, p.pp);
  const T tp = T(p.tp), dp = T(p.dp_attention);
  // The batch flows through the pipeline as `chunks` micro-batches (pp of them fill the stages;
  // two-batch overlap halves each again); every chunk re-reads the stage's weights.
  const int tbo = p.micro_batches >= 2 ? 2 : 1;
  const T chunks = T(p.pp * tbo);
  const T dec_seq = b.decode_sequences / chunks;       // per micro-batch, whole replica
  const T pre_tok = b.prefill_tokens / chunks;
  const T pre_req_tokens = std::min(request_tokens, pre_tok);
  // Busiest DP-attention rank: an even share, but a single request cannot be split across ranks.
  const T rank_dec_seq = dec_seq / dp;
  const T rank_pre_tok = std::max(pre_tok / dp, pre_req_tokens);
  const T rank_pre_req = pre_req_tokens > T(0) ? rank_pre_tok / pre_req_tokens : T(0);
  const T rank_tokens = rank_dec_seq * queries_per_sequence + rank_pre_tok;
  const T mb_tokens = dec_seq * queries_per_sequence + pre_tok;  // routed together over the EP group
  s.tokens = b.decode_sequences * queries_per_sequence + b.prefill_tokens;

  const T b_w = T(bytes_per_element(p.weights)), b_x = T(bytes_per_element(p.expert_weight_precision()));
  const T b16 = T(bytes_per_element(precision::bf16));
  const bool mla = m.attention == attention_kind::mla;
  const auto& weight_curve = st.gemm_curve(k.weights);

  // ---- per-layer operators for one micro-batch on the busiest GPU ----
  // Projections: q/k/v and output (2 GEMMs); MLA's fused q/kv down-projection, q and kv
  // up-projections and output (4 GEMMs).
  const auto attn_proj = weight_gemm(weight_curve, paid(T(mla ? 4 : 2)), attention_parameters_per_layer(m) / tp, b_w,
                                     rank_tokens, attention_projection_activations(m, tp), k.weight_peak, k.hbm);
  const auto dense = weight_gemm(weight_curve, paid(T(2)), dense_ffn_parameters_per_layer(m) / tp, b_w, rank_tokens,
                                 ffn_activations(m, T(m.intermediate), tp), k.weight_peak, k.hbm);
  // Attention over the cache, whole stage: decode reads each sequence's KV once for its
  // 1 + mtp queries (theory §14); prefill is causal over prefix + request (flops.hpp). One decode
  // and one prefill kernel per layer, each on its curve (work: sequences, tokens per request).
  basic_operator_time<T> attention{};
  {
    const T head_share = kv_head_fraction_per_gpu(m, p.tp);
    const T kv_token_layer = kv_bytes_per_token_per_layer(m, p.kv_cache) * head_share;
    const T L = b.decode_context, P = b.prefill_prefix + pre_req_tokens;
    const int W = m.sliding_window_tokens;
    const T dec_keys = T(stage.full_attention_layers) * L + T(stage.sliding_window_layers) * cached_tokens(L, W);
    const T first = b.prefill_prefix + T(1);
    const T pre_pairs = T(stage.full_attention_layers) * causal_key_count(first, P, 0) +
                        T(stage.sliding_window_layers) * causal_key_count(first, P, W);
    const T pre_keys = T(stage.full_attention_layers) * P + T(stage.sliding_window_layers) * cached_tokens(P, W);
    const T layers = T(stage.layers);
    attention = kernel_time(mla ? st.decode_mla : st.decode_attention, paid(layers), rank_dec_seq,
                            decode_attention_flops_per_key(m) * dec_keys * queries_per_sequence * rank_dec_seq / tp,
                            kv_token_layer * dec_keys * rank_dec_seq, k.bf16_peak, k.hbm);
    attention += kernel_time(mla ? st.prefill_mla : st.prefill_attention, paid(layers), P,
                             prefill_attention_flops_per_pair(m) * pre_pairs * rank_pre_req / tp,
                             kv_token_layer * pre_keys * rank_pre_req, k.bf16_peak, k.hbm);
  }

  // MoE layer: shared experts + router (tensor-parallel like the dense FFN), routed experts on the
  // busiest EP rank as one fused MoE kernel (theory §6, §3.5).
  basic_operator_time<T> shared{}, routed{};
  basic_ep_exchange_time<T> exchange{};
  basic_collective_time<T> moe_gather{};
  if (m.is_moe()) {
    const T expert = parameters_per_expert(m);
    const T shared_width = T(m.num_shared_experts * m.expert_intermediate);
    shared = weight_gemm(st.gemm_curve(k.experts), paid(T(2)), T(m.num_shared_experts) * expert / tp, b_x, rank_tokens,
                         ffn_activations(m, shared_width, tp), k.expert_peak, k.hbm);
    shared += weight_gemm(st.gemm_curve(kernel_dtype::bf16), paid(T(1)), router_parameters_per_layer(m), b16, rank_tokens,
                          T(m.hidden + m.num_experts), k.bf16_peak, k.hbm);
    const auto routed_tokens = static_cast<std::int64_t>(std::llround(mb_tokens));
    s.routing = ep_load<T>(m.num_experts, m.top_k, p.ep, routed_tokens, skew, p.redundant_experts);
    const T etp = T(p.expert_tp_degree());
    const T distinct = s.routing.max_distinct_experts_per_rank, rows = s.routing.max_pairs_per_rank;
    if (distinct > T(0)) {
      // Each touched expert streams its weights once; every (token, expert) pair moves the counted
      // data path of spec/software_stack.hpp; the compute rate saturates with rows per expert.
      const T weights = distinct * expert / etp * b_x;
      const T path = rows * moe_data_path_bytes_per_pair(T(m.hidden), T(m.expert_intermediate) / etp,
                                                         T(activation_bytes_of(k.experts)));
      routed = kernel_time(st.moe_curve(k.experts), paid(T(1)), rows / distinct, T(2) * expert / etp * rows,
                           weights + path, k.expert_peak, k.hbm);
      routed.weight_bytes = weights;
    }
    // Token movement: with DP-attention the tokens live on different ranks and travel to the
    // experts' ranks and back (dispatch/combine all-to-all; per-(token, expert) messages in decode,
    // DeepEP low-latency mode; de-duplicated per rank when prefill dominates, DeepEP normal mode).
    // Without DP-attention every GPU of the stage already has all tokens after the attention
    // all-reduce and the second all-reduce combines the expert outputs (theory §9 "EP via
    // all-reduce").
    if (p.dp_attention > 1 && p.ep > 1) {
      const bool prefill_mode = pre_tok > dec_seq * queries_per_sequence;
      const T copies = prefill_mode ? s.routing.max_tokens_per_rank : rows;
      const auto& link = prefill_mode ? st.ep_normal : st.ep_low_latency;
      basic_ep_exchange_options<T> o;
      o.collective = options_of(link);
      exchange = ep_exchange_time(comm_sys, st.fabric(link), p.ep, copies, m.hidden, p.dispatch_precision(),
                                  p.combine_precision(), o);
    } else if (p.dp_attention > 1) {
      // Experts split only by expert_tp across DP ranks: gather the tokens, scatter the outputs.
      moe_gather = dp_attention_gather_scatter_time(comm_sys, st.fabric(st.nccl_all_gather), p.gpus_per_stage(),
                                                    mb_tokens, m.hidden, precision::bf16,
                                                    options_of(st.nccl_all_gather));
    }
  }

  // Tensor-parallel all-reduces of the BF16 residual stream, two per layer (theory §9).
  const T tp_block = p.tp > 1 ? tp_block_seconds(comm_sys, st, p.tp, rank_tokens, m.hidden) : T(0);
  const T ep_layer = exchange.total_s() + moe_gather.time_s;

  // ---- the stage: dense and MoE layers, each with its own overlap of compute and communication ----
  // Every layer also pays the stack's unitemised per-layer kernels (norms, residuals, rotary).
  const auto mode = overlap_mode_of(p);
  const T attention_per_layer_s = attention.time_s / T(stage.layers);
  const T dense_ops = attn_proj.time_s + attention_per_layer_s + dense.time_s + st.fixed.per_layer_s;
  const T moe_ops = attn_proj.time_s + attention_per_layer_s + shared.time_s + routed.time_s + st.fixed.per_layer_s;
  // Per micro-batch layer time; with two-batch overlap the two halves' compute and communication
  // interleave: layer time = max(2 × compute, 2 × communication) for the pair (theory §11).
  const auto dense_layer = detail::overlapped_unchecked(mode, T(tbo) * dense_ops, T(tbo) * tp_block);
  const auto moe_layer = detail::overlapped_unchecked(mode, T(tbo) * moe_ops, T(tbo) * (tp_block + ep_layer));
  const T nd = T(stage.dense_ffn_layers), nm = T(stage.moe_layers);

  // LM head on the last stage: one logits row per generated/verified token and per finishing prompt.
  const T logits_rows = rank_dec_seq * queries_per_sequence + rank_pre_req;
  const auto head = weight_gemm(st.gemm_curve(kernel_dtype::bf16), paid(T(1)), T(m.vocab) * T(m.hidden) / tp, b16,
                                logits_rows, T(m.hidden) + T(m.vocab) / tp, k.bf16_peak, k.hbm);
  // MTP drafting: n sequential passes of one extra layer + head over the decoding sequences
  // (DeepSeek-V3 §2.2: each MTP module is one transformer block sharing the output head).
  basic_operator_time<T> draft{};
  if (n_mtp > 0 && m.num_mtp_layers > 0 && rank_dec_seq > T(0)) {
    draft = attn_proj;
    if (m.is_moe()) {
      draft += shared;
      draft += routed;
    } else {
      draft += dense;
    }
    draft += head;
    draft = draft.scaled(T(n_mtp));
  }

  // The breakdown is the busiest GPU's work for the whole step: every one of the `chunks`
  // micro-batches runs the busiest stage's layers once.
  add_to(s, operator_class::attention_projections, attn_proj, chunks * T(stage.layers));
  add_to(s, operator_class::attention, attention, chunks);
  add_to(s, operator_class::dense_ffn, dense, chunks * nd);
  add_to(s, operator_class::shared_experts, shared, chunks * nm);
  add_to(s, operator_class::routed_experts, routed, chunks * nm);
  add_to(s, operator_class::lm_head, head, chunks);
  add_to(s, operator_class::mtp_draft, draft, chunks);

  // One pass of a micro-batch (pair, with two-batch overlap) through the busiest stage. With pp
  // stages and pp micro-batches in flight, a token's cycle is pp × (stage time + transfer)
  // (theory §12: T_cycle = p (t_s + t_x)); every stage is taken to be as slow as the busiest.
  const T stage_s = nd * dense_layer.time_s + nm * moe_layer.time_s + T(tbo) * (head.time_s + draft.time_s);
  const T stage_comm_exposed = nd * dense_layer.exposed_comm_s + nm * moe_layer.exposed_comm_s;
  const T pp_s = p.pp > 1 ? T(tbo) * pp_pass_comm_time(comm_sys, st.fabric(st.nccl_all_gather), p.pp,
                                                       p.gpus_per_stage(), mb_tokens, m.hidden, precision::bf16,
                                                       options_of(st.nccl_all_gather)).time_s
                          : T(0);
  const T stages = T(p.pp);
  s.time_s = stages * stage_s + pp_s + st.fixed.per_step_s;
  s.tp_communication_s = stages * T(tbo) * T(stage.layers) * tp_block;
  s.ep_communication_s = stages * T(tbo) * nm * ep_layer;
  s.pp_communication_s = pp_s;
  s.communication_s = stages * stage_comm_exposed + pp_s;
  s.overhead_s = st.fixed.per_step_s + stages * T(tbo) * T(stage.layers) * st.fixed.per_layer_s;
  for (const auto& o : s.operators) {
    s.compute_s += o.compute_s;
    s.memory_s += o.memory_s;
    s.operators_s += o.time_s;
    s.flops_per_gpu += o.flops;
    s.bytes_per_gpu += o.bytes;
    s.overhead_s += o.latency_s;
  }
  // Which resource dominates: the larger roofline arm vs exposed communication vs fixed costs
  // (kernel latencies and the stack's per-layer and per-step work).
  const T mem = s.memory_s, cmp = s.compute_s, com = s.communication_s, ovh = s.overhead_s;
  s.limiter = mem >= cmp ? bound_by::memory_bandwidth : bound_by::compute;
  const T top = std::max(mem, cmp);
  if (com > top && com >= ovh) s.limiter = bound_by::communication;
  else if (ovh > top && ovh > com) s.limiter = bound_by::overhead;
  return s;
}

}  // namespace detail

// Validates every input, then runs the oracle.
template <std::floating_point T>
[[nodiscard]] basic_step_time<T> step(const basic_model_spec<T>& model, const basic_system_spec<T>& system,
                                      const basic_serving_plan<T>& plan, const basic_step_batch<T>& batch,
                                      const basic_software_stack<T>& stack = {}, const basic_routing_skew<T>& skew = {}) {
  validate(plan, model, system);
  validate(stack);
  validate(skew);
  detail::require_non_negative("batch.decode_sequences", batch.decode_sequences);
  detail::require_non_negative("batch.decode_context", batch.decode_context);
  detail::require_non_negative("batch.prefill_tokens", batch.prefill_tokens);
  detail::require_non_negative("batch.prefill_request_tokens", batch.prefill_request_tokens);
  detail::require_non_negative("batch.prefill_prefix", batch.prefill_prefix);
  if (!(batch.decode_sequences + batch.prefill_tokens > T(0)))
    detail::fail("batch", "empty", "needs decode_sequences > 0 or prefill_tokens > 0");
  // Token counts are routed as 64-bit integers and sequences counted as int: bound them far above
  // any real step (2^31 tokens) so no conversion can overflow.
  constexpr double max_tokens = 2147483647.0;
  const double tokens = double(batch.decode_sequences) * double(1 + plan.mtp_depth) + double(batch.prefill_tokens);
  if (!(tokens <= max_tokens))
    detail::fail("batch.tokens", detail::show(tokens), "must be <= 2^31 - 1 tokens per step");
  return detail::step_unchecked(model, system, plan, batch, stack, skew);
}

// One decode iteration: `batch` sequences at mean context `context` each emit 1 + mtp_depth tokens.
template <std::floating_point T>
[[nodiscard]] basic_step_time<T> decode_step(const basic_model_spec<T>& model, const basic_system_spec<T>& system,
                                             const basic_serving_plan<T>& plan, std::type_identity_t<T> batch,
                                             std::type_identity_t<T> context, const basic_software_stack<T>& stack = {},
                                             const basic_routing_skew<T>& skew = {}) {
  return step(model, system, plan, basic_step_batch<T>{.decode_sequences = batch, .decode_context = context}, stack, skew);
}

// Prefill of one request's `tokens` new tokens after `prefix` cached ones.
template <std::floating_point T>
[[nodiscard]] basic_step_time<T> prefill_step(const basic_model_spec<T>& model, const basic_system_spec<T>& system,
                                              const basic_serving_plan<T>& plan, std::type_identity_t<T> tokens,
                                              std::type_identity_t<T> prefix = 0, const basic_software_stack<T>& stack = {},
                                              const basic_routing_skew<T>& skew = {}) {
  return step(model, system, plan, basic_step_batch<T>{.prefill_tokens = tokens, .prefill_prefix = prefix}, stack, skew);
}

// Continuous batching: `decode_batch` sequences at `context` plus `prefill_tokens` prompt tokens of
// requests of `request_tokens` each (chunked prefill).
template <std::floating_point T>
[[nodiscard]] basic_step_time<T> mixed_step(const basic_model_spec<T>& model, const basic_system_spec<T>& system,
                                            const basic_serving_plan<T>& plan, std::type_identity_t<T> decode_batch,
                                            std::type_identity_t<T> context, std::type_identity_t<T> prefill_tokens,
                                            std::type_identity_t<T> request_tokens, const basic_software_stack<T>& stack = {},
                                            const basic_routing_skew<T>& skew = {}) {
  return step(model, system, plan,
              basic_step_batch<T>{.decode_sequences = decode_batch, .decode_context = context,
                                  .prefill_tokens = prefill_tokens, .prefill_request_tokens = request_tokens},
              stack, skew);
}

}  // namespace tokenomics
