#pragma once
// Model description: dense or Mixture-of-Experts transformer hyperparameters (design §3).
// Field names follow the Hugging Face config.json keys they come from (see io/hf_config.hpp).
#include <concepts>
#include <string_view>

#include "../core/error.hpp"
#include "../core/precision.hpp"

namespace tokenomics {

enum class attention_kind { mha, gqa, mqa, mla };

template <std::floating_point T>
struct basic_model_spec {
  std::string_view name{};
  int hidden{};          // hidden_size (d_model)
  int num_layers{};      // num_hidden_layers (MTP layers excluded: see num_mtp_layers)
  int vocab{};           // vocab_size
  bool tied_embeddings{false};  // tie_word_embeddings: LM head shares the embedding matrix

  // Attention. For MHA/GQA/MQA: num_attention_heads, num_kv_heads, head_dim.
  attention_kind attention{attention_kind::gqa};
  int num_attention_heads{};
  int num_kv_heads{};    // = heads for MHA, 1 for MQA; MLA: unused (the latent is shared by all heads)
  int head_dim{};
  // MLA (DeepSeek-V2/V3, arXiv 2405.04434 §2.1): low-rank query and joint KV compression.
  int q_lora_rank{};     // 0 = queries projected directly from hidden
  int kv_lora_rank{};    // d_c, the cached latent width
  int qk_nope_head_dim{};
  int qk_rope_head_dim{};  // d_r, the cached decoupled RoPE key width
  int v_head_dim{};
  // Sliding-window attention: this many layers attend to the last `sliding_window_tokens` only
  // (gpt-oss: every other layer, window 128); the others attend to the full context.
  int num_sliding_window_layers{};
  int sliding_window_tokens{};
  bool attention_bias{false};  // biases on q, k, v and output projections (gpt-oss)
  bool attention_sinks{false};  // one learned sink logit per head and layer (gpt-oss)
  bool qk_norm{false};          // RMSNorm of width head_dim on queries and keys (Qwen3)

  // Feed-forward.
  bool gated_ffn{true};  // SwiGLU (gate, up, down: 3 matrices) or plain (up, down: 2)
  int intermediate{};    // dense FFN width (dense model, or the dense layers of an MoE model)

  // Mixture of Experts (num_experts = 0 for a dense model).
  int num_experts{};          // routed experts per MoE layer
  int top_k{};                // experts chosen per token
  int num_shared_experts{};   // always-active experts, each of width expert_intermediate
  int expert_intermediate{};  // moe_intermediate_size
  int first_dense_layers{};   // first_k_dense_replace: leading layers with a dense FFN
  int moe_layer_interval{1};  // every n-th layer after the dense ones is MoE (Llama-4: 2)
  int num_expert_groups{};    // n_group (group-limited routing; 0 = none)
  int topk_groups{};          // topk_group: groups a token may use
  bool expert_bias{false};    // biases in the expert MLPs (gpt-oss)
  bool router_bias{false};    // one bias per expert in the router (gpt-oss; DeepSeek-V3's
                              // e_score_correction_bias)
  int num_mtp_layers{};       // num_nextn_predict_layers: multi-token-prediction modules

  // The precision the weights were released in (design §9: DeepSeek-V3/R1 fp8, gpt-oss mxfp4
  // experts with bf16 attention, others bf16).
  precision released_weights{precision::bf16};
  precision released_expert_weights{precision::bf16};

  [[nodiscard]] constexpr bool is_moe() const noexcept { return num_experts > 0; }
  // MoE layers: after the first dense layers, every moe_layer_interval-th layer.
  [[nodiscard]] constexpr int num_moe_layers() const noexcept {  // interval <= 0: 0 (validate() names it)
    return is_moe() && moe_layer_interval > 0 ? (num_layers - first_dense_layers) / moe_layer_interval : 0;
  }
  [[nodiscard]] constexpr int num_dense_ffn_layers() const noexcept { return num_layers - num_moe_layers(); }
  [[nodiscard]] constexpr int num_full_attention_layers() const noexcept {
    return num_layers - num_sliding_window_layers;
  }
  // Query/key width per head and value width per head.
  [[nodiscard]] constexpr int qk_head_dim() const noexcept {
    return attention == attention_kind::mla ? qk_nope_head_dim + qk_rope_head_dim : head_dim;
  }
  [[nodiscard]] constexpr int v_dim() const noexcept {
    return attention == attention_kind::mla ? v_head_dim : head_dim;
  }
};
using model_spec = basic_model_spec<double>;

// Throws tokenomics::invalid_argument naming the first bad field ("model.top_k = 9: ...").
template <std::floating_point T>
void validate(const basic_model_spec<T>& m) {
  using namespace detail;
  require_positive("model.hidden", m.hidden);
  require_positive("model.num_layers", m.num_layers);
  require_positive("model.vocab", m.vocab);
  require_positive("model.num_attention_heads", m.num_attention_heads);
  // Upper bounds far above any released model (widths <= 32k, 128 heads, 384 experts, 256k vocab)
  // keep every int sum and product of sizes (kv_lora_rank + qk_rope_head_dim, heads x head_dim)
  // defined; a config beyond them is a typo, not a model.
  constexpr int max_width = 1 << 20, max_count = 1 << 16, max_vocab = 1 << 24;
  const auto at_most = [](std::string_view field, int v, int limit) {
    if (v > limit) fail(field, show(v), "must be <= " + show(limit));
  };
  at_most("model.hidden", m.hidden, max_width);
  at_most("model.num_layers", m.num_layers, max_count);
  at_most("model.vocab", m.vocab, max_vocab);
  at_most("model.num_attention_heads", m.num_attention_heads, max_count);
  at_most("model.num_kv_heads", m.num_kv_heads, max_count);
  at_most("model.head_dim", m.head_dim, max_width);
  at_most("model.q_lora_rank", m.q_lora_rank, max_width);
  at_most("model.kv_lora_rank", m.kv_lora_rank, max_width);
  at_most("model.qk_nope_head_dim", m.qk_nope_head_dim, max_width);
  at_most("model.qk_rope_head_dim", m.qk_rope_head_dim, max_width);
  at_most("model.v_head_dim", m.v_head_dim, max_width);
  at_most("model.intermediate", m.intermediate, max_width);
  at_most("model.expert_intermediate", m.expert_intermediate, max_width);
  at_most("model.num_experts", m.num_experts, max_count);
  at_most("model.num_shared_experts", m.num_shared_experts, max_count);
  at_most("model.num_mtp_layers", m.num_mtp_layers, max_count);
  require_non_negative("model.sliding_window_tokens", m.sliding_window_tokens);
  require_non_negative("model.intermediate", m.intermediate);
  switch (m.attention) {
    case attention_kind::mla:
      require_positive("model.kv_lora_rank", m.kv_lora_rank);
      require_positive("model.qk_nope_head_dim", m.qk_nope_head_dim);
      require_positive("model.qk_rope_head_dim", m.qk_rope_head_dim);
      require_positive("model.v_head_dim", m.v_head_dim);
      require_non_negative("model.q_lora_rank", m.q_lora_rank);
      break;
    case attention_kind::mha:
      require_positive("model.head_dim", m.head_dim);
      if (m.num_kv_heads != m.num_attention_heads)
        fail("model.num_kv_heads", show(m.num_kv_heads), "must equal num_attention_heads for MHA");
      break;
    case attention_kind::mqa:
      require_positive("model.head_dim", m.head_dim);
      if (m.num_kv_heads != 1) fail("model.num_kv_heads", show(m.num_kv_heads), "must be 1 for MQA");
      break;
    case attention_kind::gqa:
      require_positive("model.head_dim", m.head_dim);
      require_positive("model.num_kv_heads", m.num_kv_heads);
      require_divides("model.num_kv_heads", m.num_kv_heads, "model.num_attention_heads", m.num_attention_heads);
      break;
  }
  require_non_negative("model.num_sliding_window_layers", m.num_sliding_window_layers);
  if (m.num_sliding_window_layers > m.num_layers)
    fail("model.num_sliding_window_layers", show(m.num_sliding_window_layers), "must be <= num_layers");
  if (m.num_sliding_window_layers > 0) require_positive("model.sliding_window_tokens", m.sliding_window_tokens);
  require_non_negative("model.first_dense_layers", m.first_dense_layers);
  if (m.first_dense_layers > m.num_layers)
    fail("model.first_dense_layers", show(m.first_dense_layers), "must be <= num_layers");
  require_positive("model.moe_layer_interval", m.moe_layer_interval);
  require_non_negative("model.num_mtp_layers", m.num_mtp_layers);
  require_non_negative("model.num_experts", m.num_experts);
  if (m.num_dense_ffn_layers() > 0) require_positive("model.intermediate", m.intermediate);
  if (!m.is_moe()) {
    if (m.top_k != 0) fail("model.top_k", show(m.top_k), "must be 0 for a dense model (num_experts = 0)");
    return;
  }
  require_positive("model.top_k", m.top_k);
  if (m.top_k > m.num_experts)
    fail("model.top_k", show(m.top_k), "must be <= model.num_experts = " + show(m.num_experts));
  require_positive("model.expert_intermediate", m.expert_intermediate);
  require_non_negative("model.num_shared_experts", m.num_shared_experts);
  require_non_negative("model.num_expert_groups", m.num_expert_groups);
  if (m.num_expert_groups > 0) {
    require_divides("model.num_expert_groups", m.num_expert_groups, "model.num_experts", m.num_experts);
    if (m.topk_groups < 1 || m.topk_groups > m.num_expert_groups)
      fail("model.topk_groups", show(m.topk_groups), "must be in [1, num_expert_groups]");
  }
}

}  // namespace tokenomics
