#pragma once
// Hugging Face config.json -> model_spec (design §2 "io (optional)"; needs nlohmann-json).
//
//   tokenomics::loaded_model m = tokenomics::load_hf_config("Llama-3.3-70B-Instruct/config.json");
//   auto e = tokenomics::estimate(m.model, system, plan, work);
//
// Supported `model_type`s: llama, mistral, mixtral, qwen3, qwen3_moe, deepseek_v3, kimi_k2, gpt_oss,
// llama4 (reads its `text_config`) and llama4_text. Key -> field mapping (keys as in transformers'
// configuration_<type>.py; "opt" keys take the transformers default when absent or null):
//
//   all        hidden_size -> hidden, num_hidden_layers -> num_layers, vocab_size -> vocab,
//              num_attention_heads -> num_attention_heads, num_key_value_heads (opt, = heads) ->
//              num_kv_heads, head_dim (opt, = hidden / heads) -> head_dim, tie_word_embeddings
//              (opt, false) -> tied_embeddings, attention_bias (opt, false; gpt_oss true) ->
//              attention_bias. gated_ffn = true (every supported family uses SwiGLU).
//   llama      intermediate_size -> intermediate.
//   mistral    as llama; sliding_window (opt) > 0 -> every layer is sliding-window.
//   mixtral    as mistral; num_local_experts -> num_experts, num_experts_per_tok -> top_k,
//              intermediate_size -> intermediate and expert_intermediate.
//   qwen3      as llama, qk_norm = true; use_sliding_window = true is rejected (not modelled).
//   qwen3_moe  qwen3 + num_experts, num_experts_per_tok, moe_intermediate_size ->
//              expert_intermediate, decoder_sparse_step (opt, 1) -> moe_layer_interval,
//              intermediate_size (opt, 0); a non-empty mlp_only_layers is rejected.
//   deepseek_v3, kimi_k2  attention = MLA: q_lora_rank (opt, null = 0), kv_lora_rank,
//              qk_nope_head_dim, qk_rope_head_dim, v_head_dim; head_dim = 0 (MLA has none);
//              intermediate_size, n_routed_experts -> num_experts, num_experts_per_tok,
//              n_shared_experts (opt, 0), moe_intermediate_size, first_k_dense_replace (opt, 0) ->
//              first_dense_layers, n_group (opt, 0) -> num_expert_groups, topk_group (opt, 0) ->
//              topk_groups, num_nextn_predict_layers (opt, 0) -> num_mtp_layers, topk_method ==
//              "noaux_tc" -> router_bias (e_score_correction_bias); moe_layer_freq != 1 is rejected.
//   gpt_oss    intermediate_size -> intermediate and expert_intermediate, num_local_experts,
//              num_experts_per_tok (or experts_per_token), sliding_window -> sliding_window_tokens,
//              layer_types (opt; default alternates starting with sliding) -> count of
//              "sliding_attention" = num_sliding_window_layers; attention_sinks, expert_bias and
//              router_bias = true (openai/gpt-oss model.py).
//   llama4     text_config.{...}: intermediate_size -> expert_intermediate, intermediate_size_mlp ->
//              intermediate, num_local_experts, num_experts_per_tok, interleave_moe_layer_step (opt, 1)
//              -> moe_layer_interval, num_shared_experts = 1 (Llama4TextMoe always has one shared
//              expert); moe_layers, if given, must be the default pattern. Chunked attention
//              (attention_chunk_size) and NoPE layers are not modelled.
//   precision  quantization_config.quant_method "fp8" / "fbgemm_fp8" -> released weights fp8 (all);
//              "mxfp4" -> released expert weights mxfp4 (gpt-oss keeps the rest in BF16); otherwise
//              torch_dtype / dtype (bfloat16, float16, float32; default bf16). Other quantization
//              methods (awq, gptq, ...) are not mapped: set the plan's precisions yourself.
//
// Errors: tokenomics::invalid_argument naming the file and the key ("config.json: hidden_size
// missing", "config.json: hidden_size = \"4096\": must be an integer"), the file ("x.json: cannot
// open file", "x.json: not a regular file", "x.json: JSON nesting = 65: must be <= 64",
// "x.json: malformed JSON (...)"), or the key behind the model field validate() rejects
// ("config.json: num_experts_per_tok = 9: must be <= model.num_experts = 8").
//
// Name storage: model_spec::name is a std::string_view. loaded_model::name owns the text, and
// loaded_model::model.name views an *interned* copy of it kept for the life of the process (one
// copy per distinct name, thread-safe). So `model_spec m = load_hf_config(p).model;` is safe even
// after the loaded_model is gone, and loaded_model can be copied and moved with the defaults.
#include <climits>
#include <filesystem>
#include <fstream>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>
#include <utility>

#include "../core/error.hpp"
#include "../core/precision.hpp"
#include "../spec/model.hpp"
#include "json_fields.hpp"

namespace tokenomics {

struct loaded_model {
  std::string name;   // owned name (from the caller, _name_or_path, or the file's folder)
  model_spec model;   // model.name views an interned copy of `name` (see above)
};

namespace detail::hf {

// Process-lifetime pool of model names: std::set nodes never move, so views stay valid.
inline std::string_view intern_name(std::string_view s) {
  static std::mutex mutex;
  static std::set<std::string, std::less<>> pool;
  const std::lock_guard lock(mutex);
  auto it = pool.find(s);
  if (it == pool.end()) it = pool.emplace(s).first;
  return *it;
}

using reader = json_fields;
inline std::string brief(const nlohmann::json& v) { return json_fields::brief(v); }

inline precision dtype_precision(const reader& r) {
  std::string dtype = r.string_or_empty("torch_dtype");
  if (dtype.empty()) dtype = r.string_or_empty("dtype");
  if (dtype == "float16") return precision::fp16;
  if (dtype == "float32") return precision::fp32;
  return precision::bf16;  // "bfloat16" or absent
}

// Released precision from quantization_config (top level of config.json), else the dtype.
inline void set_released_precision(const reader& top, model_spec& m) {
  const precision base = dtype_precision(top);
  m.released_weights = base;
  m.released_expert_weights = base;
  if (!top.has("quantization_config")) return;
  const reader q = top.object("quantization_config");
  const std::string method = q.string_or_empty("quant_method");
  if (method == "fp8" || method == "fbgemm_fp8") {
    m.released_weights = precision::fp8;
    m.released_expert_weights = precision::fp8;
  } else if (method == "mxfp4") {
    m.released_expert_weights = precision::mxfp4;  // experts only (gpt-oss modules_to_not_convert)
  }
}

inline void read_common(const reader& r, model_spec& m) {
  m.hidden = r.integer("hidden_size");
  m.num_layers = r.integer("num_hidden_layers");
  m.vocab = r.integer("vocab_size");
  m.num_attention_heads = r.integer("num_attention_heads");
  m.num_kv_heads = r.integer_or("num_key_value_heads", m.num_attention_heads);
  m.head_dim = r.integer_or("head_dim", m.num_attention_heads > 0 ? m.hidden / m.num_attention_heads : 0);
  m.attention = attention_kind::gqa;
  m.gated_ffn = true;
  m.attention_bias = r.boolean_or("attention_bias", false);
}

// The config.json key behind a model field, for messages (model.num_kv_heads ->
// num_key_value_heads); fields read from differently named keys per family map to the usual one.
inline std::string config_key(std::string_view field, std::string_view type, std::string_view prefix) {
  static constexpr std::pair<std::string_view, std::string_view> keys[] = {
      {"model.hidden", "hidden_size"},
      {"model.num_layers", "num_hidden_layers"},
      {"model.vocab", "vocab_size"},
      {"model.num_attention_heads", "num_attention_heads"},
      {"model.num_kv_heads", "num_key_value_heads"},
      {"model.head_dim", "head_dim"},
      {"model.q_lora_rank", "q_lora_rank"},
      {"model.kv_lora_rank", "kv_lora_rank"},
      {"model.qk_nope_head_dim", "qk_nope_head_dim"},
      {"model.qk_rope_head_dim", "qk_rope_head_dim"},
      {"model.v_head_dim", "v_head_dim"},
      {"model.sliding_window_tokens", "sliding_window"},
      {"model.first_dense_layers", "first_k_dense_replace"},
      {"model.num_shared_experts", "n_shared_experts"},
      {"model.num_expert_groups", "n_group"},
      {"model.topk_groups", "topk_group"},
      {"model.num_mtp_layers", "num_nextn_predict_layers"},
      {"model.top_k", "num_experts_per_tok"},
  };
  for (const auto& [f, k] : keys)
    if (f == field) return std::string(prefix) + std::string(k);
  const bool deepseek = type == "deepseek_v3" || type == "kimi_k2", llama4 = type.starts_with("llama4");
  if (field == "model.num_experts")
    return std::string(prefix) + (deepseek ? "n_routed_experts" : type == "qwen3_moe" ? "num_experts" : "num_local_experts");
  if (field == "model.intermediate") return std::string(prefix) + (llama4 ? "intermediate_size_mlp" : "intermediate_size");
  if (field == "model.expert_intermediate")
    return std::string(prefix) + (deepseek || type == "qwen3_moe" ? "moe_intermediate_size" : "intermediate_size");
  if (field == "model.moe_layer_interval")
    return std::string(prefix) + (llama4 ? "interleave_moe_layer_step" : "decoder_sparse_step");
  return std::string(field);  // derived (e.g. num_sliding_window_layers): the model field
}

// Rules on keys that validate(model_spec) cannot see: defaults derived from other keys.
inline void check_keys(const reader& r, const std::string& type) {
  const int heads = r.integer("num_attention_heads");
  if (heads <= 0) r.fail("num_attention_heads", std::to_string(heads), "must be > 0");
  if (r.has("num_key_value_heads")) {
    const int kv = r.integer("num_key_value_heads");
    if (kv <= 0) r.fail("num_key_value_heads", std::to_string(kv), "must be > 0");
    if (heads % kv != 0)
      r.fail("num_key_value_heads", std::to_string(kv), "must divide num_attention_heads = " + std::to_string(heads));
  }
  const bool mla = type == "deepseek_v3" || type == "kimi_k2";
  if (!mla && !r.has("head_dim") && r.integer("hidden_size") % heads != 0)  // head_dim = hidden / heads
    r.fail("hidden_size", std::to_string(r.integer("hidden_size")),
           "must be divisible by num_attention_heads = " + std::to_string(heads) + " when head_dim is absent");
  if (r.has("sliding_window") && r.integer("sliding_window") < 0)
    r.fail("sliding_window", std::to_string(r.integer("sliding_window")), "must be >= 0");
}

inline model_spec parse(const nlohmann::json& j, std::string_view name, const std::string& where) {
  if (!j.is_object()) throw invalid_argument(where, "", "top level must be a JSON object");
  check_depth(j, where);
  const reader top(j, where, "");
  model_spec m{};
  const std::string type = top.string("model_type");
  const bool llama4 = type == "llama4";
  const reader r = llama4 ? top.object("text_config") : top;
  check_keys(r, type);
  read_common(r, m);
  m.tied_embeddings = r.boolean_or("tie_word_embeddings", top.boolean_or("tie_word_embeddings", false));

  if (type == "llama" || type == "mistral" || type == "mixtral") {
    m.intermediate = r.integer("intermediate_size");
    if (type != "llama" && r.integer_or("sliding_window", 0) > 0) {  // Mistral SWA: every layer
      m.num_sliding_window_layers = m.num_layers;
      m.sliding_window_tokens = r.integer_or("sliding_window", 0);
    }
    if (type == "mixtral") {
      m.num_experts = r.integer("num_local_experts");
      m.top_k = r.integer("num_experts_per_tok");
      m.expert_intermediate = m.intermediate;
    }
  } else if (type == "qwen3" || type == "qwen3_moe") {
    m.qk_norm = true;  // Qwen3Attention: q_norm and k_norm (RMSNorm over head_dim)
    if (r.boolean_or("use_sliding_window", false))
      r.fail("use_sliding_window", "true", "not supported (Qwen3 sliding-window layers are not modelled)");
    if (type == "qwen3") {
      m.intermediate = r.integer("intermediate_size");
    } else {
      m.intermediate = r.integer_or("intermediate_size", 0);
      m.num_experts = r.integer("num_experts");
      m.top_k = r.integer("num_experts_per_tok");
      m.expert_intermediate = r.integer("moe_intermediate_size");
      m.moe_layer_interval = r.integer_or("decoder_sparse_step", 1);  // MoE iff (i + 1) % step == 0
      if (r.has("mlp_only_layers") && !(r.at("mlp_only_layers").is_array() && r.at("mlp_only_layers").empty()))
        r.fail("mlp_only_layers", brief(r.at("mlp_only_layers")), "only [] is supported");
    }
  } else if (type == "deepseek_v3" || type == "kimi_k2") {
    m.attention = attention_kind::mla;
    m.head_dim = 0;  // no single head_dim under MLA: qk = nope + rope, v = v_head_dim
    m.q_lora_rank = r.integer_or("q_lora_rank", 0);  // null: queries projected directly (V2-Lite)
    m.kv_lora_rank = r.integer("kv_lora_rank");
    m.qk_nope_head_dim = r.integer("qk_nope_head_dim");
    m.qk_rope_head_dim = r.integer("qk_rope_head_dim");
    m.v_head_dim = r.integer("v_head_dim");
    m.intermediate = r.integer("intermediate_size");
    m.num_experts = r.integer("n_routed_experts");
    m.top_k = r.integer("num_experts_per_tok");
    m.num_shared_experts = r.integer_or("n_shared_experts", 0);
    m.expert_intermediate = r.integer("moe_intermediate_size");
    m.first_dense_layers = r.integer_or("first_k_dense_replace", 0);
    if (const int freq = r.integer_or("moe_layer_freq", 1); freq != 1)
      r.fail("moe_layer_freq", std::to_string(freq), "only 1 is supported");
    m.num_expert_groups = r.integer_or("n_group", 0);
    m.topk_groups = r.integer_or("topk_group", 0);
    m.num_mtp_layers = r.integer_or("num_nextn_predict_layers", 0);
    m.router_bias = r.string_or_empty("topk_method") == "noaux_tc";  // e_score_correction_bias
  } else if (type == "gpt_oss") {
    m.intermediate = r.integer("intermediate_size");
    m.expert_intermediate = m.intermediate;
    m.num_experts = r.integer("num_local_experts");
    m.top_k = r.has("num_experts_per_tok") ? r.integer("num_experts_per_tok") : r.integer("experts_per_token");
    m.sliding_window_tokens = r.integer("sliding_window");
    m.attention_bias = r.boolean_or("attention_bias", true);
    m.attention_sinks = true;
    m.expert_bias = true;
    m.router_bias = true;
    if (r.has("layer_types")) {
      const auto& lt = r.at("layer_types");
      if (!lt.is_array() || static_cast<long long>(lt.size()) != m.num_layers)
        r.fail("layer_types", brief(lt), "must be an array of num_hidden_layers strings");
      int sliding = 0;
      for (const auto& t : lt) {
        if (!t.is_string()) r.fail("layer_types", brief(lt), "must hold strings");
        const auto s = t.get<std::string>();
        if (s == "sliding_attention") ++sliding;
        else if (s != "full_attention")
          r.fail("layer_types", "[..., \"" + s + "\", ...]", "entries must be sliding_attention or full_attention");
      }
      m.num_sliding_window_layers = sliding;
    } else {
      m.num_sliding_window_layers = (m.num_layers + 1) / 2;  // transformers default: i even -> sliding
    }
  } else if (type == "llama4" || type == "llama4_text") {
    m.intermediate = r.integer("intermediate_size_mlp");  // dense layers
    m.expert_intermediate = r.integer("intermediate_size");
    m.num_experts = r.integer("num_local_experts");
    m.top_k = r.integer("num_experts_per_tok");
    m.num_shared_experts = 1;  // transformers Llama4TextMoe: one shared_expert per MoE layer
    m.moe_layer_interval = r.integer_or("interleave_moe_layer_step", 1);
    if (r.has("moe_layers")) {  // must be the default list(range(step - 1, L, step))
      const auto& ml = r.at("moe_layers");
      bool ok = ml.is_array() && m.moe_layer_interval > 0;
      int expected = m.moe_layer_interval - 1;
      for (std::size_t i = 0; ok && i < ml.size(); ++i, expected += m.moe_layer_interval)
        ok = ml[i].is_number_integer() && ml[i].get<long long>() == expected;
      if (!ok || expected < m.num_layers)
        r.fail("moe_layers", brief(ml), "only the interleave_moe_layer_step pattern is supported");
    }
  } else {
    top.fail("model_type", "\"" + type + "\"",
             "unsupported (llama, mistral, mixtral, qwen3, qwen3_moe, deepseek_v3, kimi_k2, gpt_oss, llama4, "
             "llama4_text)");
  }
  set_released_precision(top, m);
  m.name = intern_name(name);
  try {
    validate(m);
  } catch (const invalid_argument& e) {  // name the config key the user wrote, not the field
    throw invalid_argument(where + ": " + config_key(e.field(), type, llama4 ? "text_config." : ""), e.value(),
                           e.rule());
  }
  return m;
}

// Default display name: _name_or_path, else the folder holding config.json, else the file stem.
inline std::string default_name(const nlohmann::json& j, const std::filesystem::path& path) {
  if (j.is_object()) {
    const auto it = j.find("_name_or_path");
    if (it != j.end() && it->is_string() && !it->get<std::string>().empty()) return it->get<std::string>();
  }
  const auto parent = path.parent_path().filename().string();
  if (path.filename() == "config.json" && !parent.empty()) return parent;
  return path.stem().string();
}

inline nlohmann::json read_json(const std::filesystem::path& path) {
  // A FIFO or device would block or never end; a directory "opens" on some systems.
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw invalid_argument(path.string(), "", "cannot open file");
  if (!std::filesystem::is_regular_file(path, ec))
    throw invalid_argument(path.string(), "", "not a regular file");
  std::ifstream in(path);
  if (!in) throw invalid_argument(path.string(), "", "cannot open file");
  try {
    return parse_json_bounded(in);
  } catch (const nlohmann::json::exception& e) {
    throw invalid_argument(path.string(), "", "malformed JSON (" + std::string(e.what()) + ")");
  } catch (const invalid_argument& e) {
    throw invalid_argument(path.string(), e);
  }
}

}  // namespace detail::hf

// Parses an already-read config.json; `name` becomes model.name. Errors say "config.json: ...".
[[nodiscard]] inline loaded_model parse_hf_config(const nlohmann::json& config, std::string_view name) {
  loaded_model out{std::string(name), {}};
  out.model = detail::hf::parse(config, name, "config.json");
  return out;
}

// Reads and parses a config.json file; errors name the file. The name is `name` if given, else
// the config's _name_or_path, else the folder holding config.json (or the file stem).
[[nodiscard]] inline loaded_model load_hf_config(const std::filesystem::path& path, std::string_view name = {}) {
  const nlohmann::json j = detail::hf::read_json(path);
  loaded_model out{name.empty() ? detail::hf::default_name(j, path) : std::string(name), {}};
  out.model = detail::hf::parse(j, out.name, path.string());
  return out;
}

}  // namespace tokenomics
