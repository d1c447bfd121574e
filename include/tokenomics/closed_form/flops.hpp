#pragma once
// Forward FLOPs per token (2 FLOP per multiply-add; design §4).
#include <algorithm>
#include <concepts>

#include "../core/error.hpp"
#include "kv_cache.hpp"
#include "parameters.hpp"

namespace tokenomics {

// Attention score + value FLOPs for one query token against `keys` cached tokens in one layer.
//  MHA/GQA: 2·n_h·(d_qk + d_v)·L (QKᵀ and PV).
//  MLA decode with weight absorption (theory §14): attention runs MQA-like over the latent:
//  2·n_h·(d_c + d_r)·L for scores + 2·n_h·d_c·L for the value side = 2·n_h·(2 d_c + d_r)·L
//  (278,528·L for V3); the absorbed W^UK/W^UV products are per-token work equal to kv_b's matmul
//  FLOPs, already in 2·active_matmul.
template <std::floating_point T>
[[nodiscard]] constexpr T decode_attention_flops_per_key(const basic_model_spec<T>& m) noexcept {
  const T nh = T(m.num_attention_heads);
  if (m.attention == attention_kind::mla) return T(2) * nh * T(2 * m.kv_lora_rank + m.qk_rope_head_dim);
  return T(2) * nh * T(m.qk_head_dim() + m.v_dim());
}

// Prefill attention runs un-absorbed (MLA decompresses the latent once per token, counted in the
// matmul parameters): 2·n_h·(d_qk + d_v) per (query, key) pair.
template <std::floating_point T>
[[nodiscard]] constexpr T prefill_attention_flops_per_pair(const basic_model_spec<T>& m) noexcept {
  return T(2) * T(m.num_attention_heads) * T(m.qk_head_dim() + m.v_dim());
}

// Σ_{t = a}^{b} min(t, W) for integer-valued a <= b (W <= 0: no window): the keys seen by queries
// at positions a..b under a causal mask, in closed form.
template <std::floating_point T>
[[nodiscard]] constexpr T causal_key_count(T first_position, T last_position, int window) noexcept {
  const T a = first_position, b = last_position;
  if (b < a) return T(0);
  auto arithmetic = [](T lo, T hi) { return (lo + hi) * (hi - lo + T(1)) / T(2); };
  if (window <= 0) return arithmetic(a, b);
  const T w = T(window);
  if (b <= w) return arithmetic(a, b);
  if (a > w) return (b - a + T(1)) * w;
  return arithmetic(a, w) + (b - w) * w;
}

// Decode FLOPs for one new token at context L: 2 × active matmul parameters (LM head included,
// embedding gather excluded) + attention over min(L, W) keys per layer.
template <std::floating_point T>
[[nodiscard]] T decode_flops_per_token(const basic_model_spec<T>& m, T context_tokens) {
  detail::require_non_negative("context_tokens", context_tokens);
  const T keys = T(m.num_full_attention_layers()) * context_tokens +
                 T(m.num_sliding_window_layers) * cached_tokens(context_tokens, m.sliding_window_tokens);
  return T(2) * parameter_count_of(m).active_matmul + decode_attention_flops_per_key(m) * keys;
}

// Total FLOPs of a causal prefill of S new tokens after `prefix_tokens` already cached: query at
// position P + i sees P + i keys (min(·, W) in windowed layers): S(S+1)/2 pairs for P = 0.
template <std::floating_point T>
[[nodiscard]] T prefill_flops(const basic_model_spec<T>& m, T new_tokens, T prefix_tokens = T(0)) {
  detail::require_non_negative("new_tokens", new_tokens);
  detail::require_non_negative("prefix_tokens", prefix_tokens);
  const T first = prefix_tokens + T(1), last = prefix_tokens + new_tokens;
  const T pairs = T(m.num_full_attention_layers()) * causal_key_count(first, last, 0) +
                  T(m.num_sliding_window_layers) * causal_key_count(first, last, m.sliding_window_tokens);
  return new_tokens * T(2) * parameter_count_of(m).active_matmul + prefill_attention_flops_per_pair(m) * pairs;
}

}  // namespace tokenomics
