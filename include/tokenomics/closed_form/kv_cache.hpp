#pragma once
// KV-cache bytes (theory §13; design §4).
#include <algorithm>
#include <concepts>

#include "../core/precision.hpp"
#include "../spec/model.hpp"

namespace tokenomics {

// Elements cached per token per layer: K and V for every KV head (MHA/GQA/MQA: 2·n_kv·d_h), or
// MLA's compressed latent plus the decoupled RoPE key, shared by all heads (d_c + d_r = 512 + 64
// = 576 for DeepSeek-V3; DeepSeek-V2 arXiv 2405.04434 §2.1).
template <std::floating_point T>
[[nodiscard]] constexpr T kv_elements_per_token_per_layer(const basic_model_spec<T>& m) noexcept {
  if (m.attention == attention_kind::mla) return T(m.kv_lora_rank + m.qk_rope_head_dim);
  return T(2) * T(m.num_kv_heads) * T(m.head_dim);
}

// Bytes per token per layer at the KV precision (bits include block scales, core/precision.hpp).
// Note: vLLM/FlashMLA's FP8 MLA layout keeps the RoPE part in BF16 plus 4 FP32 scales (656 B per
// token, theory §13); this uniform-precision model gives 576 B. The 14 % gap is left to efficiency.
template <std::floating_point T>
[[nodiscard]] constexpr T kv_bytes_per_token_per_layer(const basic_model_spec<T>& m, precision kv) noexcept {
  return kv_elements_per_token_per_layer(m) * T(bytes_per_element(kv));
}

// Tokens a layer keeps for a sequence of length L: L, or min(L, W) in a sliding-window layer.
template <std::floating_point T>
[[nodiscard]] constexpr T cached_tokens(T context_tokens, int window) noexcept {
  return window > 0 ? std::min(context_tokens, T(window)) : context_tokens;
}

// Bytes per token summed over layers, for a long context (windowed layers excluded: they hold a
// constant W tokens). DeepSeek-V3 BF16: 61 × 576 × 2 = 70,272 B; Llama-3-70B: 80 × 2 × 8 × 128 × 2
// = 327,680 B.
template <std::floating_point T>
[[nodiscard]] constexpr T kv_bytes_per_token(const basic_model_spec<T>& m, precision kv) noexcept {
  return T(m.num_full_attention_layers()) * kv_bytes_per_token_per_layer(m, kv);
}

// Bytes one sequence of `context_tokens` holds in all layers: full layers keep L tokens, sliding
// layers min(L, W) (theory §13: gpt-oss-120b 18·2048·L + 18·2048·min(L, 128)).
template <std::floating_point T>
[[nodiscard]] constexpr T kv_bytes_per_sequence(const basic_model_spec<T>& m, precision kv, T context_tokens) noexcept {
  const T per_layer = kv_bytes_per_token_per_layer(m, kv);
  return per_layer * (T(m.num_full_attention_layers()) * context_tokens +
                      T(m.num_sliding_window_layers) * cached_tokens(context_tokens, m.sliding_window_tokens));
}

}  // namespace tokenomics
