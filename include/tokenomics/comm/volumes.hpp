#pragma once
// Communication volumes and times of one step's parallelism (theory §9–§12): TP all-reduces,
// EP dispatch/combine, PP stage-boundary transfers, DP-attention gather/scatter, and the KV-cache
// transfer of disaggregated serving. Byte counts are per GPU unless a name says otherwise.
#include <algorithm>
#include <concepts>
#include <type_traits>

#include "../core/error.hpp"
#include "../core/precision.hpp"
#include "../spec/software_stack.hpp"
#include "../spec/system.hpp"
#include "collective_kind.hpp"
#include "collectives.hpp"
#include "topology.hpp"

namespace tokenomics {

// ---------------------------------------------------------------------------------------------
// Bytes of one token's hidden vector on the wire.

// h · b (b from precision.hpp, block scales of MX/NV formats included).
template <std::floating_point T>
[[nodiscard]] constexpr T token_bytes(int hidden, precision p) noexcept {
  return T(hidden) * T(bytes_per_element(p));
}

// EP dispatch message per token copy: FP8 carries one FP32 scale per 128 elements (DeepEP
// README; DeepSeek-V3 report §3.3.3; theory §10.1): h + 4·ceil(h/128) bytes, 7168 + 224 = 7392 B
// for h = 7168. Other formats: h · b.
template <std::floating_point T>
[[nodiscard]] constexpr T dispatch_token_bytes(int hidden, precision p, bool fp8_block_scales = true) noexcept {
  if (p == precision::fp8 && fp8_block_scales) return T(hidden) + T(4) * T((hidden + 127) / 128);
  return token_bytes<T>(hidden, p);
}

// ---------------------------------------------------------------------------------------------
// Expert parallelism: dispatch + combine all-to-all of one MoE layer (theory §10).

template <std::floating_point T>
struct basic_ep_exchange_time {
  T dispatch_s{};
  T combine_s{};
  // Bytes of all token copies the busiest rank receives (dispatch) / sends back (combine), local
  // copies included: DeepEP's bandwidth convention (theory §10.2). Only the non-local share moves.
  T dispatch_bytes{};
  T combine_bytes{};
  bool crosses_scale_out{};
  T scale_out_bytes{};  // dispatch + combine bytes of the busiest rank that cross the network
  [[nodiscard]] constexpr T total_s() const noexcept { return dispatch_s + combine_s; }
};
using ep_exchange_time_result = basic_ep_exchange_time<double>;

template <std::floating_point T>
struct basic_ep_exchange_options {
  basic_collective_options<T> collective{};  // launch latency L0 (NCCL ring-LL baseLat by default)
  bool fp8_block_scales{true};               // count one FP32 scale per 128 FP8 elements
};

namespace detail {
template <std::floating_point T>
[[nodiscard]] constexpr basic_ep_exchange_time<T> ep_exchange_unchecked(const basic_group_placement<T>& p,
    T copies, int hidden, precision dispatch, precision combine, const basic_ep_exchange_options<T>& o) noexcept {
  const T d_bytes = copies * dispatch_token_bytes<T>(hidden, dispatch, o.fp8_block_scales);  // §10.1
  const T c_bytes = copies * token_bytes<T>(hidden, combine);                                  // §10.1
  const auto d = collective_time_unchecked(collective_kind::all_to_all, p, d_bytes, o.collective);
  const auto c = collective_time_unchecked(collective_kind::all_to_all, p, c_bytes, o.collective);
  return {.dispatch_s = d.time_s, .combine_s = c.time_s, .dispatch_bytes = d_bytes, .combine_bytes = c_bytes,
          .crosses_scale_out = p.crosses_scale_out, .scale_out_bytes = d.scale_out_bytes + c.scale_out_bytes};
}
template <std::floating_point T>
void validate_ep_args(int ep_ranks, T copies, int hidden) {
  require_positive("ep_ranks", ep_ranks);
  require_non_negative("token_copies_per_rank", copies);
  require_positive("hidden", hidden);
}
}  // namespace detail

// One MoE layer's EP dispatch + combine for the busiest rank (theory §10.1, §10.3), each an
// all-to-all of S = token_copies_per_rank × message bytes over the ep_ranks GPUs:
//   t = L0 + α + max((g-1)/G · S / B_up, (G-g)/G · S / B_out)   (remote fraction 1 - 1/G).
// token_copies_per_rank = copies the busiest rank receives: E[max_g R_g] for one message per
// (token, expert) pair (DeepEP low-latency), E[max_g T_g] de-duplicated per rank (DeepEP normal
// intranode). For de-duplication per node (DeepEP normal internode) use
// ep_exchange_time_node_forwarding. FP8 dispatch counts one FP32 scale per 128 elements.
template <std::floating_point T>
[[nodiscard]] basic_ep_exchange_time<T> ep_exchange_time(const basic_system_spec<T>& system,
    const basic_fabric_efficiency<T>& eff, int ep_ranks, std::type_identity_t<T> token_copies_per_rank, int hidden, precision dispatch,
    precision combine, const basic_ep_exchange_options<T>& options) {
  detail::validate_ep_args(ep_ranks, token_copies_per_rank, hidden);
  detail::require_non_negative("options.collective.launch_latency_s", options.collective.launch_latency_s);
  const auto p = place_group(system, eff, ep_ranks);
  return detail::ep_exchange_unchecked(p, token_copies_per_rank, hidden, dispatch, combine, options);
}

template <std::floating_point T>
[[nodiscard]] basic_ep_exchange_time<T> ep_exchange_time(const basic_system_spec<T>& system,
    const basic_fabric_efficiency<T>& eff, int ep_ranks, std::type_identity_t<T> token_copies_per_rank, int hidden, precision dispatch,
    precision combine) {
  return ep_exchange_time(system, eff, ep_ranks, token_copies_per_rank, hidden, dispatch, combine,
                          basic_ep_exchange_options<T>{});
}

// DeepEP normal internode mode (theory §10.1): one copy per (token, remote node) crosses the
// network, then is forwarded over NVLink to the ranks of that node.
//   network_copies_per_rank = tokens × E[remote nodes per token] (= E[nodes](1 - 1/N), §10.1),
//   nvlink_copies_per_rank  = copies the busiest rank moves over NVLink (forwarding included).
// Each phase: t = L0 + α_out + max(network bytes / B_out, NVLink bytes / B_up).
template <std::floating_point T>
[[nodiscard]] basic_ep_exchange_time<T> ep_exchange_time_node_forwarding(const basic_system_spec<T>& system,
    const basic_fabric_efficiency<T>& eff, int ep_ranks, std::type_identity_t<T> network_copies_per_rank,
    std::type_identity_t<T> nvlink_copies_per_rank, int hidden,
    precision dispatch, precision combine, const basic_ep_exchange_options<T>& options = {}) {
  detail::validate_ep_args(ep_ranks, network_copies_per_rank, hidden);
  detail::require_non_negative("nvlink_copies_per_rank", nvlink_copies_per_rank);
  const auto p = place_group(system, eff, ep_ranks);
  if (!p.crosses_scale_out && network_copies_per_rank > T(0))
    detail::fail("network_copies_per_rank", detail::show(double(network_copies_per_rank)),
                 "must be 0 for a group of " + detail::show(ep_ranks) + " GPUs inside one scale-up domain");
  const T d_msg = dispatch_token_bytes<T>(hidden, dispatch, options.fp8_block_scales);
  const T c_msg = token_bytes<T>(hidden, combine);
  const T lat = options.collective.launch_latency_s + (p.crosses_scale_out ? p.scale_out_latency_s : p.scale_up_latency_s);
  auto phase = [&](T msg) {
    const T net = network_copies_per_rank * msg, nvl = nvlink_copies_per_rank * msg;
    const T bw = p.crosses_scale_out ? std::max(net / p.scale_out_bytes_per_s, nvl / p.scale_up_bytes_per_s)
                                     : nvl / p.scale_up_bytes_per_s;
    return (net + nvl > T(0)) ? lat + bw : T(0);
  };
  return {.dispatch_s = phase(d_msg), .combine_s = phase(c_msg),
          .dispatch_bytes = network_copies_per_rank * d_msg, .combine_bytes = network_copies_per_rank * c_msg,
          .crosses_scale_out = p.crosses_scale_out,
          .scale_out_bytes = network_copies_per_rank * (d_msg + c_msg)};
}

// ---------------------------------------------------------------------------------------------
// Tensor parallelism (theory §9).

template <std::floating_point T>
struct basic_tp_comm_time {
  T time_s{};                // latency_s + bandwidth_s, per transformer block (forward)
  T latency_s{};
  T bandwidth_s{};
  T bytes_per_collective{};  // S = tokens · h · b_a
  int num_collectives{};     // 2 all-reduces, or 4 (2 × reduce-scatter + all-gather) with SP
  T scale_out_bytes{};       // per GPU, whole block
  bool crosses_scale_out{};
};
using tp_comm_time = basic_tp_comm_time<double>;

// One transformer block: two all-reduces of S = tokens·h·b_a (after attention output projection
// and after the MLP/MoE down projection; Megatron-LM, Shoeybi et al. 2019), or with sequence
// parallelism each replaced by reduce-scatter + all-gather of S (Korthikanti et al. 2022): same
// bandwidth term, one more launch per pair. `tokens` = tokens in the step on this TP group.
template <std::floating_point T>
[[nodiscard]] basic_tp_comm_time<T> tp_block_comm_time(const basic_system_spec<T>& system,
    const basic_fabric_efficiency<T>& eff, int tp, std::type_identity_t<T> tokens, int hidden, precision activations,
    bool sequence_parallel = false, const basic_collective_options<T>& options = {}) {
  detail::require_positive("tp", tp);
  detail::require_non_negative("tokens", tokens);
  detail::require_positive("hidden", hidden);
  const auto p = place_group(system, eff, tp);
  const T S = tokens * token_bytes<T>(hidden, activations);
  basic_tp_comm_time<T> r{.bytes_per_collective = S, .crosses_scale_out = p.crosses_scale_out};
  auto add = [&](collective_kind k, int times) {
    const auto c = detail::collective_time_unchecked(k, p, S, options);
    r.latency_s += T(times) * c.latency_s;
    r.bandwidth_s += T(times) * c.bandwidth_s;
    r.scale_out_bytes += T(times) * c.scale_out_bytes;
    r.num_collectives += times;
  };
  if (sequence_parallel) {
    add(collective_kind::reduce_scatter, 2);
    add(collective_kind::all_gather, 2);
  } else {
    add(collective_kind::all_reduce, 2);
  }
  r.time_s = r.latency_s + r.bandwidth_s;
  return r;
}

// ---------------------------------------------------------------------------------------------
// Pipeline parallelism (theory §12).

// One micro-batch of `tokens` crossing the boundary between stage `boundary` and `boundary + 1`
// (0-based). Stages of `gpus_per_stage` GPUs are placed contiguously from a domain boundary; the
// b_mb·h·b_a bytes are split evenly over the gpus_per_stage GPU pairs (Megatron scatter/gather,
// Narayanan et al. 2021 §4.1), so each pair moves tokens·h·b_a / gpus_per_stage:
//   t = L0 + α + (tokens·h·b_a / gpus_per_stage) / B,  B, α of the scale-out network if the two
//   stages are in different domains, else of the scale-up link.
template <std::floating_point T>
[[nodiscard]] basic_collective_time<T> pp_boundary_time(const basic_system_spec<T>& system,
    const basic_fabric_efficiency<T>& eff, int gpus_per_stage, int boundary, std::type_identity_t<T> tokens, int hidden,
    precision activations, const basic_collective_options<T>& options = {}) {
  detail::require_positive("gpus_per_stage", gpus_per_stage);
  detail::require_non_negative("boundary", boundary);
  detail::require_non_negative("tokens", tokens);
  detail::require_positive("hidden", hidden);
  detail::validate_fabric(system, eff);
  const int d = system.scale_up_domain_gpus;
  const long long first = static_cast<long long>(boundary) * gpus_per_stage;      // stage `boundary`
  const long long last = first + 2LL * gpus_per_stage - 1;                        // end of next stage
  const bool crosses = first / d != last / d;
  if (crosses && !(system.scale_out_bytes_per_s > T(0)))
    detail::fail("system.scale_out_bytes_per_s", detail::show(double(system.scale_out_bytes_per_s)),
                 "pipeline boundary " + detail::show(boundary) + " crosses scale-up domains of " + detail::show(d) +
                     " GPUs and needs a scale-out network (> 0)");
  auto pair = detail::place_unchecked(system, eff, 2);
  pair.crosses_scale_out = crosses;  // point_to_point reads only the link choice, rates and α
  const T bytes = tokens * token_bytes<T>(hidden, activations) / T(gpus_per_stage);
  return detail::collective_time_unchecked(collective_kind::point_to_point, pair, bytes, options);
}

// One micro-batch's pass through all pp - 1 boundaries (decode: a token's latency chain, §12).
template <std::floating_point T>
[[nodiscard]] basic_collective_time<T> pp_pass_comm_time(const basic_system_spec<T>& system,
    const basic_fabric_efficiency<T>& eff, int pp, int gpus_per_stage, std::type_identity_t<T> tokens, int hidden, precision activations,
    const basic_collective_options<T>& options = {}) {
  detail::require_positive("pp", pp);
  basic_collective_time<T> sum{};
  for (int b = 0; b + 1 < pp; ++b) {
    const auto t = pp_boundary_time(system, eff, gpus_per_stage, b, tokens, hidden, activations, options);
    sum.time_s += t.time_s;
    sum.latency_s += t.latency_s;
    sum.bandwidth_s += t.bandwidth_s;
    sum.scale_out_bytes += t.scale_out_bytes;
    sum.crosses_scale_out = sum.crosses_scale_out || t.crosses_scale_out;
  }
  return sum;
}

// ---------------------------------------------------------------------------------------------
// DP-attention (theory §11).

// Around a layer that runs tensor-parallel over the DP-attention group (dense FFN, LM head):
// one all-gather of the group's tokens before it and one reduce-scatter after it, each of
// S = tokens_total·h·b_a (SGLang: "DP-dense-FFN replaces two all-reduces by one reduce-scatter +
// one all-gather"). MoE layers under DP-attention + EP need no such collective: dispatch/combine
// move the tokens (ep_exchange_time).
template <std::floating_point T>
[[nodiscard]] basic_collective_time<T> dp_attention_gather_scatter_time(const basic_system_spec<T>& system,
    const basic_fabric_efficiency<T>& eff, int dp_attention, std::type_identity_t<T> tokens_total, int hidden, precision activations,
    const basic_collective_options<T>& options = {}) {
  detail::require_positive("dp_attention", dp_attention);
  detail::require_non_negative("tokens_total", tokens_total);
  detail::require_positive("hidden", hidden);
  const auto p = place_group(system, eff, dp_attention);
  const T S = tokens_total * token_bytes<T>(hidden, activations);
  const auto ag = detail::collective_time_unchecked(collective_kind::all_gather, p, S, options);
  const auto rs = detail::collective_time_unchecked(collective_kind::reduce_scatter, p, S, options);
  return {.time_s = ag.time_s + rs.time_s, .latency_s = ag.latency_s + rs.latency_s,
          .bandwidth_s = ag.bandwidth_s + rs.bandwidth_s, .scale_out_bytes = ag.scale_out_bytes + rs.scale_out_bytes,
          .crosses_scale_out = p.crosses_scale_out};
}

// ---------------------------------------------------------------------------------------------
// KV-cache transfer, disaggregated serving (design §6).

enum class kv_transfer_link { scale_up, scale_out };

// Prefill → decode transfer of one request's KV cache, `kv_bytes` in total, sent by
// `sending_gpus` prefill GPUs in parallel, each its 1/sending_gpus shard over its own link:
//   t = L0 + α_link + (kv_bytes / sending_gpus) / B_link.
// scale_up: both pools in one NVLink domain (NVL72); scale_out: over the NICs.
template <std::floating_point T>
[[nodiscard]] basic_collective_time<T> kv_transfer_time(const basic_system_spec<T>& system,
    const basic_fabric_efficiency<T>& eff, std::type_identity_t<T> kv_bytes, int sending_gpus, kv_transfer_link link,
    const basic_collective_options<T>& options = {}) {
  detail::require_non_negative("kv_bytes", kv_bytes);
  detail::require_positive("sending_gpus", sending_gpus);
  detail::validate_fabric(system, eff);
  const bool out = link == kv_transfer_link::scale_out;
  if (out && !(system.scale_out_bytes_per_s > T(0)))
    detail::fail("system.scale_out_bytes_per_s", detail::show(double(system.scale_out_bytes_per_s)),
                 "a KV transfer over scale_out needs a scale-out network (> 0)");
  auto pair = detail::place_unchecked(system, eff, 2);
  pair.crosses_scale_out = out;  // point_to_point reads only the link choice, rates and α
  return detail::collective_time_unchecked(collective_kind::point_to_point, pair, kv_bytes / T(sending_gpus),
                                           options);
}

}  // namespace tokenomics
