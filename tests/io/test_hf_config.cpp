// io/hf_config.hpp: each fixture in tests/data/hf (written from data/reference/models.json) parses to
// the same fields as the matching preset; bad input is rejected naming the key or the file.
#include <tokenomics/io/hf_config.hpp>
#include <tokenomics/presets/models.hpp>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "tt.hpp"

#ifndef TOKENOMICS_TEST_DATA_DIR
#error "define TOKENOMICS_TEST_DATA_DIR (path of tests/data)"
#endif

namespace {
namespace tk = tokenomics;
namespace ps = tokenomics::presets;
using nlohmann::json;

std::string fixture(std::string_view file) { return std::string(TOKENOMICS_TEST_DATA_DIR) + "/hf/" + std::string(file); }

json read_fixture(std::string_view file) {
  std::ifstream in(fixture(file));
  REQUIRE(in.good());
  return json::parse(in);
}

// Every field of model_spec except the name.
void check_same_fields(const tk::model_spec& a, const tk::model_spec& b) {
  CHECK(a.hidden == b.hidden);
  CHECK(a.num_layers == b.num_layers);
  CHECK(a.vocab == b.vocab);
  CHECK(a.tied_embeddings == b.tied_embeddings);
  CHECK(a.attention == b.attention);
  CHECK(a.num_attention_heads == b.num_attention_heads);
  CHECK(a.num_kv_heads == b.num_kv_heads);
  CHECK(a.head_dim == b.head_dim);
  CHECK(a.q_lora_rank == b.q_lora_rank);
  CHECK(a.kv_lora_rank == b.kv_lora_rank);
  CHECK(a.qk_nope_head_dim == b.qk_nope_head_dim);
  CHECK(a.qk_rope_head_dim == b.qk_rope_head_dim);
  CHECK(a.v_head_dim == b.v_head_dim);
  CHECK(a.num_sliding_window_layers == b.num_sliding_window_layers);
  CHECK(a.sliding_window_tokens == b.sliding_window_tokens);
  CHECK(a.attention_bias == b.attention_bias);
  CHECK(a.attention_sinks == b.attention_sinks);
  CHECK(a.qk_norm == b.qk_norm);
  CHECK(a.gated_ffn == b.gated_ffn);
  CHECK(a.intermediate == b.intermediate);
  CHECK(a.num_experts == b.num_experts);
  CHECK(a.top_k == b.top_k);
  CHECK(a.num_shared_experts == b.num_shared_experts);
  CHECK(a.expert_intermediate == b.expert_intermediate);
  CHECK(a.first_dense_layers == b.first_dense_layers);
  CHECK(a.moe_layer_interval == b.moe_layer_interval);
  CHECK(a.num_expert_groups == b.num_expert_groups);
  CHECK(a.topk_groups == b.topk_groups);
  CHECK(a.expert_bias == b.expert_bias);
  CHECK(a.router_bias == b.router_bias);
  CHECK(a.num_mtp_layers == b.num_mtp_layers);
  CHECK(a.released_weights == b.released_weights);
  CHECK(a.released_expert_weights == b.released_expert_weights);
}

// Parses `config` (a modified fixture) and returns the error text ("" if it parsed).
std::string error_of(const json& config) {
  try {
    (void)tk::parse_hf_config(config, "test");
  } catch (const tk::invalid_argument& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST_CASE("hf_config: every fixture parses to the preset's fields") {
  struct row {
    const char* file;
    const tk::model_spec* preset;
  };
  const row rows[] = {
      {"llama-3.1-8b.json", &ps::llama_3_1_8b},     {"llama-3.3-70b.json", &ps::llama_3_3_70b},
      {"llama-3.1-405b.json", &ps::llama_3_1_405b}, {"mixtral-8x7b.json", &ps::mixtral_8x7b},
      {"mixtral-8x22b.json", &ps::mixtral_8x22b},   {"deepseek-v3.json", &ps::deepseek_v3},
      {"gpt-oss-120b.json", &ps::gpt_oss_120b},     {"gpt-oss-20b.json", &ps::gpt_oss_20b},
      {"qwen3-235b-a22b.json", &ps::qwen3_235b_a22b}, {"qwen3-30b-a3b.json", &ps::qwen3_30b_a3b},
      {"llama-4-maverick.json", &ps::llama_4_maverick},
  };
  for (const auto& r : rows) {
    INFO(r.file);
    const tk::loaded_model m = tk::load_hf_config(fixture(r.file));
    check_same_fields(m.model, *r.preset);
    CHECK(m.model.name == m.name);
  }
}

TEST_CASE("hf_config: names") {
  // _name_or_path when present, else the file stem; an explicit name wins.
  CHECK(tk::load_hf_config(fixture("llama-3.3-70b.json")).name == "meta-llama/Llama-3.3-70B-Instruct");
  CHECK(tk::load_hf_config(fixture("llama-3.1-8b.json")).name == "llama-3.1-8b");
  CHECK(tk::load_hf_config(fixture("llama-3.1-8b.json"), "mine").model.name == "mine");
  CHECK(tk::parse_hf_config(read_fixture("mixtral-8x7b.json"), "Mixtral").model.name == "Mixtral");
}

TEST_CASE("hf_config: the model's name outlives the loaded_model and survives copies and moves") {
  tk::model_spec kept{};
  {
    tk::loaded_model tmp = tk::parse_hf_config(read_fixture("gpt-oss-20b.json"), std::string(40, 'x') + "-long-name");
    kept = tmp.model;             // copy out, then tmp dies
    tk::loaded_model moved = std::move(tmp);
    tk::loaded_model copy = moved;
    CHECK(copy.model.name == moved.name);
  }
  CHECK(kept.name == std::string(40, 'x') + "-long-name");  // ASan would flag a dangling view
  CHECK(tk::parse_hf_config(read_fixture("gpt-oss-20b.json"), "").model.name.empty());
}

TEST_CASE("hf_config: a missing required key is named") {
  json c = read_fixture("llama-3.1-8b.json");
  c.erase("hidden_size");
  CHECK(error_of(c) == "config.json: hidden_size missing");

  json d = read_fixture("deepseek-v3.json");
  d.erase("kv_lora_rank");
  CHECK(error_of(d) == "config.json: kv_lora_rank missing");

  json l4 = read_fixture("llama-4-maverick.json");
  l4["text_config"].erase("num_local_experts");
  CHECK(error_of(l4) == "config.json: text_config.num_local_experts missing");
  l4.erase("text_config");
  CHECK(error_of(l4) == "config.json: text_config missing");

  json no_type = read_fixture("qwen3-30b-a3b.json");
  no_type.erase("model_type");
  CHECK(error_of(no_type) == "config.json: model_type missing");
}

TEST_CASE("hf_config: a wrong type is named with its value") {
  json c = read_fixture("llama-3.1-8b.json");
  c["hidden_size"] = "4096";
  CHECK(error_of(c) == "config.json: hidden_size = \"4096\": must be an integer");
  c["hidden_size"] = 4096.5;
  CHECK(error_of(c) == "config.json: hidden_size = 4096.5: must be an integer");
  c["hidden_size"] = nullptr;
  CHECK(error_of(c) == "config.json: hidden_size = null: must be an integer");
  c["hidden_size"] = 4096;
  c["tie_word_embeddings"] = 1;
  CHECK(error_of(c) == "config.json: tie_word_embeddings = 1: must be true or false");
  c["tie_word_embeddings"] = false;
  c["num_hidden_layers"] = 3000000000LL;
  CHECK(error_of(c) == "config.json: num_hidden_layers = 3000000000: out of range");

  json l4 = read_fixture("llama-4-maverick.json");
  l4["text_config"] = 5;
  CHECK(error_of(l4) == "config.json: text_config = 5: must be an object");
  CHECK(error_of(json::array()) == "config.json: top level must be a JSON object");
}

TEST_CASE("hf_config: unsupported model types and features are rejected by name") {
  json c = read_fixture("llama-3.1-8b.json");
  c["model_type"] = "bert";
  CHECK_THROWS_WITH_AS((void)tk::parse_hf_config(c, "x"), doctest::Contains("config.json: model_type = \"bert\": unsupported"),
                       tk::invalid_argument);
  json q = read_fixture("qwen3-235b-a22b.json");
  q["mlp_only_layers"] = json::array({0, 1});
  CHECK(error_of(q) == "config.json: mlp_only_layers = [0,1]: only [] is supported");
  json d = read_fixture("deepseek-v3.json");
  d["moe_layer_freq"] = 2;
  CHECK(error_of(d) == "config.json: moe_layer_freq = 2: only 1 is supported");
}

TEST_CASE("hf_config: values the model rejects are reported with the file and the config key") {
  json c = read_fixture("mixtral-8x7b.json");
  c["num_experts_per_tok"] = 9;  // > 8 experts; the rule is model_spec's, the key the user's
  CHECK_THROWS_WITH_AS((void)tk::parse_hf_config(c, "x"), doctest::Contains("config.json: num_experts_per_tok = 9"),
                       tk::invalid_argument);
  json g = read_fixture("llama-3.1-8b.json");
  g["num_key_value_heads"] = 5;  // does not divide 32 heads
  CHECK_THROWS_WITH_AS((void)tk::parse_hf_config(g, "x"), doctest::Contains("config.json: num_key_value_heads = 5"),
                       tk::invalid_argument);
  json l4 = read_fixture("llama-4-maverick.json");
  l4["text_config"]["intermediate_size_mlp"] = -1;  // model.intermediate, read from a nested key
  CHECK_THROWS_WITH_AS((void)tk::parse_hf_config(l4, "x"),
                       doctest::Contains("config.json: text_config.intermediate_size_mlp = -1"), tk::invalid_argument);
}

TEST_CASE("hf_config: defaults when optional keys are absent") {
  // Mixtral has no head_dim key: hidden / heads = 4096 / 32 = 128 (transformers default).
  CHECK(tk::parse_hf_config(read_fixture("mixtral-8x7b.json"), "m").model.head_dim == 128);
  // num_key_value_heads absent: MHA-width KV heads (= num_attention_heads).
  json c = read_fixture("llama-3.1-8b.json");
  c.erase("num_key_value_heads");
  CHECK(tk::parse_hf_config(c, "m").model.num_kv_heads == 32);
  // gpt-oss-20b fixture has no layer_types: default alternation starting with sliding, 24 -> 12.
  CHECK(tk::parse_hf_config(read_fixture("gpt-oss-20b.json"), "m").model.num_sliding_window_layers == 12);
  // No quantization_config: released precision follows torch_dtype.
  json f = read_fixture("llama-3.1-8b.json");
  f["torch_dtype"] = "float16";
  CHECK(tk::parse_hf_config(f, "m").model.released_weights == tk::precision::fp16);
}

TEST_CASE("hf_config: file errors name the file") {
  const std::string missing = fixture("no-such-config.json");
  CHECK_THROWS_WITH_AS((void)tk::load_hf_config(missing), doctest::Contains((missing + ": cannot open file").c_str()),
                       tk::invalid_argument);
  const std::string bad = fixture("malformed.json");
  CHECK_THROWS_WITH_AS((void)tk::load_hf_config(bad), doctest::Contains((bad + ": malformed JSON").c_str()),
                       tk::invalid_argument);
  // A key error from a file names the file, not "config.json".
  CHECK_THROWS_WITH_AS((void)tk::load_hf_config(bad), doctest::Contains("malformed.json"), tk::invalid_argument);
}
