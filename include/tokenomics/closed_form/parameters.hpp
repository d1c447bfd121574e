#pragma once
// Parameter counts, total and active, with a per-component breakdown (design §4).
// Conventions checked against published totals in tests/closed_form/test_parameters.cpp.
#include <concepts>

#include "../spec/model.hpp"

namespace tokenomics {

// Per-layer building blocks, in parameters. The step oracles reuse them for weight bytes.

// Attention projections of one layer.
//  GQA/MHA/MQA: q h·n_h·d, k and v 2·h·n_kv·d, output n_h·d·h (design §4).
//  MLA (DeepSeek-V2 §2.1, V3 config): q_a h·q_lora (+ q_lora RMSNorm) and q_b q_lora·n_h·(d_nope+d_rope),
//  or h·n_h·(d_nope+d_rope) without q-LoRA; kv_a h·(kv_lora+d_rope) (+ kv_lora RMSNorm);
//  kv_b kv_lora·n_h·(d_nope+d_v); output n_h·d_v·h.
template <std::floating_point T>
[[nodiscard]] constexpr T attention_parameters_per_layer(const basic_model_spec<T>& m) noexcept {
  const T h = T(m.hidden), nh = T(m.num_attention_heads);
  T p{};
  if (m.attention == attention_kind::mla) {
    const T qk = T(m.qk_nope_head_dim + m.qk_rope_head_dim);
    p += m.q_lora_rank > 0 ? h * T(m.q_lora_rank) + T(m.q_lora_rank) + T(m.q_lora_rank) * nh * qk : h * nh * qk;
    p += h * T(m.kv_lora_rank + m.qk_rope_head_dim) + T(m.kv_lora_rank);
    p += T(m.kv_lora_rank) * nh * T(m.qk_nope_head_dim + m.v_head_dim);
    p += nh * T(m.v_head_dim) * h;
  } else {
    const T d = T(m.head_dim), nkv = T(m.num_kv_heads);
    p += h * nh * d + T(2) * h * nkv * d + nh * d * h;
    if (m.attention_bias) p += nh * d + T(2) * nkv * d + h;  // q, k, v and output biases
    if (m.qk_norm) p += T(2) * d;                               // one RMSNorm weight each for q and k
  }
  if (m.attention_sinks) p += nh;
  return p;
}

// Dense FFN of one layer: SwiGLU 3·h·f (gate, up, down), plain 2·h·f.
template <std::floating_point T>
[[nodiscard]] constexpr T dense_ffn_parameters_per_layer(const basic_model_spec<T>& m) noexcept {
  return T(m.gated_ffn ? 3 : 2) * T(m.hidden) * T(m.intermediate);
}

// One expert (routed or shared): 3·h·f_e for SwiGLU; gpt-oss adds biases 2·f_e (fused gate/up)
// + h (down).
template <std::floating_point T>
[[nodiscard]] constexpr T parameters_per_expert(const basic_model_spec<T>& m) noexcept {
  const T h = T(m.hidden), f = T(m.expert_intermediate);
  return T(m.gated_ffn ? 3 : 2) * h * f + (m.expert_bias ? T(2) * f + h : T(0));
}

// Router of one MoE layer: h·E (+ E biases).
template <std::floating_point T>
[[nodiscard]] constexpr T router_parameters_per_layer(const basic_model_spec<T>& m) noexcept {
  return T(m.hidden) * T(m.num_experts) + (m.router_bias ? T(m.num_experts) : T(0));
}

// RMSNorms of one layer: before attention and before the FFN, h each.
template <std::floating_point T>
[[nodiscard]] constexpr T norm_parameters_per_layer(const basic_model_spec<T>& m) noexcept {
  return T(2) * T(m.hidden);
}

template <std::floating_point T>
struct basic_parameter_count {
  T embedding{};       // V·h input table (a gather, not a matmul)
  T lm_head{};         // V·h, 0 when tied to the embedding
  T attention{};       // all layers
  T dense_ffn{};       // dense FFN layers (all layers of a dense model, first_dense_layers of an MoE)
  T routed_experts{};  // all routed experts of all MoE layers
  T shared_experts{};  // all shared experts of all MoE layers
  T routers{};
  T norms{};           // per-layer RMSNorms + final norm
  T mtp{};             // multi-token-prediction modules; not in total() (DeepSeek-V3: "671B of the
                       // main model weights and 14B of the MTP module")
  T active{};          // per token: everything but the unchosen routed experts (embedding included)
  T active_matmul{};   // active without the embedding gather: 2·active_matmul = matmul FLOPs/token

  [[nodiscard]] constexpr T total() const noexcept {
    return embedding + lm_head + attention + dense_ffn + routed_experts + shared_experts + routers + norms;
  }
};
using parameter_count = basic_parameter_count<double>;

// Total and active parameters. Active counts top_k routed experts per MoE layer plus everything
// else; published "active" figures differ on the embedding (Mixtral's 12.9B includes it, gpt-oss's
// 5.1B excludes it), hence both `active` and `active_matmul`.
template <std::floating_point T>
[[nodiscard]] basic_parameter_count<T> parameter_count_of(const basic_model_spec<T>& m) {
  validate(m);
  basic_parameter_count<T> c;
  const T vh = T(m.vocab) * T(m.hidden);
  const T moe_layers = m.num_moe_layers(), dense_layers = m.num_dense_ffn_layers();
  const T expert = parameters_per_expert(m);
  c.embedding = vh;
  c.lm_head = m.tied_embeddings ? T(0) : vh;
  c.attention = T(m.num_layers) * attention_parameters_per_layer(m);
  c.dense_ffn = dense_layers * dense_ffn_parameters_per_layer(m);
  c.routed_experts = moe_layers * T(m.num_experts) * expert;
  c.shared_experts = moe_layers * T(m.num_shared_experts) * expert;
  c.routers = moe_layers * router_parameters_per_layer(m);
  c.norms = T(m.num_layers) * norm_parameters_per_layer(m) + T(m.hidden);
  // An MTP module (DeepSeek-V3 §2.2): one more MoE layer, two RMSNorms on its inputs and the
  // projection of [h; embedding] (2h -> h); embedding and output head are shared with the main model.
  const T h = m.hidden;
  const T mtp_layer = attention_parameters_per_layer(m) + norm_parameters_per_layer(m) +
                      (m.is_moe() ? T(m.num_experts + m.num_shared_experts) * expert + router_parameters_per_layer(m)
                                  : dense_ffn_parameters_per_layer(m)) +
                      T(2) * h + T(2) * h * h + h;
  c.mtp = T(m.num_mtp_layers) * mtp_layer;
  c.active = c.total() - c.routed_experts + moe_layers * T(m.top_k) * expert;
  c.active_matmul = c.active - c.embedding;
  return c;
}

}  // namespace tokenomics
