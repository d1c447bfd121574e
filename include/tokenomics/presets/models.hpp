#pragma once
// Model presets (design §3, §9; style.md §6). Every number equals data/reference/models.json
// (tests/presets/test_presets.cpp compares them field by field); the comment above each preset
// names the sources models.json cites, the comments beside fields say where a field is derived or
// where models.json is null. Field names follow the Hugging Face config.json keys (see
// io/hf_config.hpp for the key -> field mapping).
//
// Not provided: Llama-4-Scout (all config fields null in models.json). Kimi-K2's q-side MLA dims
// are null in models.json and sourced outside it (see the preset).
#include "../core/precision.hpp"
#include "../spec/model.hpp"

namespace tokenomics::presets {

// Llama-3.1-8B. meta-llama/llama-models models/sku_list.py (commit 084b88e9); HF config.json of the
// Llama-3 8B architecture (official: huggingface.co/meta-llama/Llama-3.1-8B/blob/main/config.json).
inline constexpr model_spec llama_3_1_8b{
    .name = "Llama-3.1-8B",
    .hidden = 4096,               // hidden_size / dim
    .num_layers = 32,             // num_hidden_layers / n_layers
    .vocab = 128256,              // vocab_size
    .tied_embeddings = false,     // tie_word_embeddings
    .attention = attention_kind::gqa,
    .num_attention_heads = 32,    // n_heads
    .num_kv_heads = 8,            // n_kv_heads
    .head_dim = 128,              // 4096 / 32
    .gated_ffn = true,            // SwiGLU (gate, up, down)
    .intermediate = 14336,        // intermediate_size (llama-models: 8H/3 x 1.3 rounded up to 1024)
    .released_weights = precision::bf16,
    .released_expert_weights = precision::bf16,
};

// Llama-3.3-70B-Instruct (= Llama-3.1-70B architecture). HF config copy with _name_or_path
// 'meta-llama/Llama-3.3-70B-Instruct' (relaxml QTIP mirror); llama-models sku_list.py.
inline constexpr model_spec llama_3_3_70b{
    .name = "Llama-3.3-70B-Instruct",
    .hidden = 8192,
    .num_layers = 80,
    .vocab = 128256,
    .tied_embeddings = false,
    .attention = attention_kind::gqa,
    .num_attention_heads = 64,
    .num_kv_heads = 8,
    .head_dim = 128,
    .gated_ffn = true,
    .intermediate = 28672,
    .released_weights = precision::bf16,
    .released_expert_weights = precision::bf16,
};

// Llama-3.1-405B. llama-models sku_list.py (n_kv_heads 8); HF config copies of the official repo.
// CAUTION (models.json): early HF configs carried num_key_value_heads 16; Meta's code uses 8 (used).
inline constexpr model_spec llama_3_1_405b{
    .name = "Llama-3.1-405B",
    .hidden = 16384,
    .num_layers = 126,
    .vocab = 128256,
    .tied_embeddings = false,
    .attention = attention_kind::gqa,
    .num_attention_heads = 128,
    .num_kv_heads = 8,            // not 16: see caution above
    .head_dim = 128,
    .gated_ffn = true,
    .intermediate = 53248,
    .released_weights = precision::bf16,
    .released_expert_weights = precision::bf16,
};

// Mixtral-8x7B. Official HF config mistralai/Mixtral-8x7B-Instruct-v0.1 (commit eba92302).
inline constexpr model_spec mixtral_8x7b{
    .name = "Mixtral-8x7B",
    .hidden = 4096,
    .num_layers = 32,
    .vocab = 32000,
    .tied_embeddings = false,
    .attention = attention_kind::gqa,
    .num_attention_heads = 32,
    .num_kv_heads = 8,
    .head_dim = 128,              // no head_dim key: 4096 / 32
    .gated_ffn = true,            // SwiGLU experts
    .intermediate = 14336,        // intermediate_size (= expert width; no dense FFN layer)
    .num_experts = 8,             // num_local_experts
    .top_k = 2,                   // num_experts_per_tok
    .num_shared_experts = 0,
    .expert_intermediate = 14336,  // intermediate_size
    .released_weights = precision::bf16,
    .released_expert_weights = precision::bf16,
};

// Mixtral-8x22B (Instruct vocabulary). HF config mistral-community/Mixtral-8x22B-v0.1 (base, vocab
// 32000) and Instruct copies with _name_or_path 'mistralai/Mixtral-8x22B-Instruct-v0.1' (32768).
inline constexpr model_spec mixtral_8x22b{
    .name = "Mixtral-8x22B",
    .hidden = 6144,
    .num_layers = 56,
    .vocab = 32768,               // Instruct-v0.1 (base v0.1: 32000)
    .tied_embeddings = false,
    .attention = attention_kind::gqa,
    .num_attention_heads = 48,
    .num_kv_heads = 8,
    .head_dim = 128,              // 6144 / 48
    .gated_ffn = true,
    .intermediate = 16384,
    .num_experts = 8,
    .top_k = 2,
    .num_shared_experts = 0,
    .expert_intermediate = 16384,
    .released_weights = precision::bf16,
    .released_expert_weights = precision::bf16,
};

// DeepSeek-V3. Official config deepseek-ai/DeepSeek-V3 inference/configs/config_671B.json (commit
// 4c2fdb8f; dtype fp8); HF config.json (deepseek_v3); vLLM DeepseekV3Config defaults.
inline constexpr model_spec deepseek_v3{
    .name = "DeepSeek-V3",
    .hidden = 7168,
    .num_layers = 61,             // main model; the MTP module is num_mtp_layers
    .vocab = 129280,
    .tied_embeddings = false,
    .attention = attention_kind::mla,
    .num_attention_heads = 128,
    .num_kv_heads = 128,          // num_key_value_heads: a formality under MLA (the latent is shared)
    .head_dim = 0,                // models.json null: q/k 128 + 64 = 192, v 128 (qk_head_dim(), v_dim())
    .q_lora_rank = 1536,
    .kv_lora_rank = 512,
    .qk_nope_head_dim = 128,
    .qk_rope_head_dim = 64,
    .v_head_dim = 128,
    .gated_ffn = true,
    .intermediate = 18432,        // dense FFN of the first 3 layers
    .num_experts = 256,           // n_routed_experts
    .top_k = 8,                   // num_experts_per_tok
    .num_shared_experts = 1,      // n_shared_experts
    .expert_intermediate = 2048,  // moe_intermediate_size
    .first_dense_layers = 3,      // first_k_dense_replace (3 dense + 58 MoE)
    .moe_layer_interval = 1,      // moe_layer_freq
    .num_expert_groups = 8,       // n_group
    .topk_groups = 4,             // topk_group
    .router_bias = true,          // e_score_correction_bias (counted in models.json's derived total)
    .num_mtp_layers = 1,          // num_nextn_predict_layers (+14B, excluded from 671B)
    .released_weights = precision::fp8,         // config_671B.json dtype fp8
    .released_expert_weights = precision::fp8,
};

// DeepSeek-R1: identical architecture and config to DeepSeek-V3 (models.json; same sources).
inline constexpr model_spec deepseek_r1 = [] {
  model_spec m = deepseek_v3;
  m.name = "DeepSeek-R1";
  return m;
}();

// gpt-oss-120b. openai/gpt-oss gpt_oss/torch/model.py ModelConfig; HF config.json copies
// (GohaDAYN/Affine-A10); model card arXiv:2508.10925 (MXFP4 experts, 4.25 bits).
inline constexpr model_spec gpt_oss_120b{
    .name = "gpt-oss-120b",
    .hidden = 2880,
    .num_layers = 36,
    .vocab = 201088,
    .tied_embeddings = false,
    .attention = attention_kind::gqa,
    .num_attention_heads = 64,
    .num_kv_heads = 8,
    .head_dim = 64,               // explicit (64 x 64 = 4096 != hidden 2880)
    .num_sliding_window_layers = 18,  // layer_types: sliding/full alternating, starting sliding
    .sliding_window_tokens = 128,     // sliding_window
    .attention_bias = true,       // model.py: qkv and out projections have biases
    .attention_sinks = true,      // learned attention sinks per head
    .gated_ffn = true,            // clamped SwiGLU (swiglu_limit 7.0)
    .intermediate = 2880,         // intermediate_size (= expert width; all layers MoE)
    .num_experts = 128,           // num_local_experts
    .top_k = 4,                   // num_experts_per_tok
    .num_shared_experts = 0,
    .expert_intermediate = 2880,
    .expert_bias = true,          // expert MLP biases
    .router_bias = true,          // router bias (models.json's derived 116,829,156,672 includes it)
    .released_weights = precision::bf16,         // attention, router, embeddings stay BF16
    .released_expert_weights = precision::mxfp4,  // quantization_config: mxfp4 on MoE experts
};

// gpt-oss-20b. Same sources as gpt-oss-120b (HF diff 20b -> 120b: 24 -> 36 layers, 32 -> 128 experts).
inline constexpr model_spec gpt_oss_20b{
    .name = "gpt-oss-20b",
    .hidden = 2880,
    .num_layers = 24,
    .vocab = 201088,
    .tied_embeddings = false,
    .attention = attention_kind::gqa,
    .num_attention_heads = 64,
    .num_kv_heads = 8,
    .head_dim = 64,
    .num_sliding_window_layers = 12,  // 12 sliding + 12 full
    .sliding_window_tokens = 128,
    .attention_bias = true,
    .attention_sinks = true,
    .gated_ffn = true,
    .intermediate = 2880,
    .num_experts = 32,
    .top_k = 4,
    .num_shared_experts = 0,
    .expert_intermediate = 2880,
    .expert_bias = true,
    .router_bias = true,
    .released_weights = precision::bf16,
    .released_expert_weights = precision::mxfp4,
};

// Qwen3-235B-A22B. Ascend MindSpeed-RL configs/model/qwen3_235b_a22b.yaml; maxtext PR 2710
// qwen3-235b-a22b.yml; official HF config huggingface.co/Qwen/Qwen3-235B-A22B (not read verbatim).
inline constexpr model_spec qwen3_235b_a22b{
    .name = "Qwen3-235B-A22B",
    .hidden = 4096,
    .num_layers = 94,
    .vocab = 151936,
    .tied_embeddings = false,     // untie_embeddings_and_output_weights true
    .attention = attention_kind::gqa,
    .num_attention_heads = 64,
    .num_kv_heads = 4,            // num_query_groups
    .head_dim = 128,              // kv_channels (64 x 128 = 8192 != hidden 4096)
    .qk_norm = true,              // qk_layernorm true
    .gated_ffn = true,
    .intermediate = 12288,        // ffn_hidden_size: dense width, unused (all 94 layers MoE)
    .num_experts = 128,
    .top_k = 8,                   // moe_router_topk
    .num_shared_experts = 0,
    .expert_intermediate = 1536,  // moe_ffn_hidden_size
    .released_weights = precision::bf16,
    .released_expert_weights = precision::bf16,
};

// Qwen3-30B-A3B. Architecture fields from a Qwen3MoeForCausalLM 30B-A3B config copy
// (huggingface.co/shailesh83/Qwen3-Coder-int8); model card summary at apxml.com.
inline constexpr model_spec qwen3_30b_a3b{
    .name = "Qwen3-30B-A3B",
    .hidden = 2048,
    .num_layers = 48,
    .vocab = 151936,
    .tied_embeddings = false,
    .attention = attention_kind::gqa,
    .num_attention_heads = 32,
    .num_kv_heads = 4,
    .head_dim = 128,
    .qk_norm = true,              // GQA with QK-norm
    .gated_ffn = true,
    .intermediate = 0,            // models.json null (dense width not found; unused: all layers MoE)
    .num_experts = 128,
    .top_k = 8,
    .num_shared_experts = 0,
    .expert_intermediate = 768,   // moe_intermediate_size
    .released_weights = precision::bf16,
    .released_expert_weights = precision::bf16,
};

// Llama-4-Maverick-17B-128E (text backbone). GGUF metadata of a Maverick conversion
// (ollama.com/aravhawk/llama4:maverick-q4_K_M); HF Llama 4 release blog. Llama 4's chunked / NoPE
// attention interleaving is not modelled (models.json: "not captured here").
inline constexpr model_spec llama_4_maverick{
    .name = "Llama-4-Maverick-17B-128E",
    .hidden = 5120,               // embedding_length
    .num_layers = 48,             // block_count
    .vocab = 202048,
    // models.json null. Outside the reference: NVIDIA/Megatron-LM examples/post_training/modelopt/
    // conf/meta-llama/Llama-4-Maverick-17B-128E-Instruct.sh passes --untie-embeddings-and-output-weights.
    .tied_embeddings = false,
    .attention = attention_kind::gqa,
    .num_attention_heads = 40,    // head_count
    .num_kv_heads = 8,            // head_count_kv
    .head_dim = 128,              // key/value_length
    .gated_ffn = true,            // SwiGLU
    .intermediate = 16384,        // intermediate_size_mlp / feed_forward_length: the dense layers
    .num_experts = 128,           // expert_count
    .top_k = 1,                   // expert_used_count
    .num_shared_experts = 1,      // models.json (architecture descriptions); Megatron-LM script above:
                                  // --moe-shared-expert-intermediate-size 8192
    .expert_intermediate = 8192,  // expert_feed_forward_length
    .first_dense_layers = 0,
    .moe_layer_interval = 2,      // interleave_moe_layer_step: layers 1, 3, ..., 47 are MoE (24 + 24);
                                  // Megatron-LM script: --moe-layer-freq ([0,1]*24)
    .released_weights = precision::bf16,
    .released_expert_weights = precision::bf16,
};

// Kimi-K2 (Instruct / Base). MoonshotAI/Kimi-K2 README "Model Summary" (commit 11062d11) and a
// kimi_k2 config.json copy, as models.json cites them. models.json leaves the q-side MLA dims (and
// num_key_value_heads) null; they come from two public copies of the Kimi K2.x text config
// (q_lora_rank 1536, qk_nope_head_dim 128, qk_rope_head_dim 64, v_head_dim 128,
// num_key_value_heads 64: the DeepSeek-V3 architecture Kimi-K2 reuses, per its deployment guide).
// With them the parameter count equals models.json's derived 1,026,408,232,448 / 32,861,500,928
// (computed there under the same assumption) and the README's 1T / 32B within 3 %.
inline constexpr model_spec kimi_k2{
    .name = "Kimi-K2",
    .hidden = 7168,
    .num_layers = 61,             // 1 dense + 60 MoE
    .vocab = 163840,              // models.json: Moonshot tokenizer size (README rounds to 160K)
    .tied_embeddings = false,
    .attention = attention_kind::mla,
    .num_attention_heads = 64,
    .num_kv_heads = 64,           // models.json null; config copies 64 (a formality under MLA)
    .head_dim = 0,                // as DeepSeek-V3: q/k 128 + 64, v 128
    .q_lora_rank = 1536,          // models.json null; config copies (above)
    .kv_lora_rank = 512,
    .qk_nope_head_dim = 128,      // models.json null; config copies
    .qk_rope_head_dim = 64,       // models.json null; config copies
    .v_head_dim = 128,            // models.json null; config copies
    .gated_ffn = true,
    .intermediate = 18432,        // dense FFN of the first layer
    .num_experts = 384,           // n_routed_experts
    .top_k = 8,
    .num_shared_experts = 1,
    .expert_intermediate = 2048,  // moe_intermediate_size
    .first_dense_layers = 1,      // first_k_dense_replace
    .moe_layer_interval = 1,
    .num_expert_groups = 1,       // n_group
    .topk_groups = 1,             // topk_group
    .router_bias = true,          // noaux_tc routing with e_score_correction_bias, as DeepSeek-V3
    // Released as block-FP8 like DeepSeek-V3 (vLLM recipe "moonshotai/Kimi-K2 Usage Guide": "run
    // Kimi-K2 with native FP8", after Moonshot's deployment guidance).
    .released_weights = precision::fp8,
    .released_expert_weights = precision::fp8,
};

// Compile-time guards against careless edits (values from models.json).
static_assert(deepseek_v3.num_moe_layers() == 58 && deepseek_r1.kv_lora_rank == 512);
static_assert(gpt_oss_120b.num_full_attention_layers() == 18 && llama_4_maverick.num_moe_layers() == 24);
static_assert(llama_3_3_70b.hidden == 8192 && llama_3_1_405b.num_kv_heads == 8);

}  // namespace tokenomics::presets
