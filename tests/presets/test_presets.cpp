// Presets against the reference data (data/reference/gpus.json, models.json): every numeric field
// of every preset is compared with the JSON so that drift in either is caught. Values that are not
// in the reference (null there) are listed with their hand derivation and source, and the test
// checks the reference is still null for them (when the reference gains a value, reconcile).
#include <tokenomics/presets/registry.hpp>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "tt.hpp"

#ifndef TOKENOMICS_REFERENCE_DIR
#error "define TOKENOMICS_REFERENCE_DIR (path of data/reference)"
#endif

namespace {
namespace tk = tokenomics;
namespace ps = tokenomics::presets;
using nlohmann::json;

json load(const std::string& file) {
  std::ifstream in(std::string(TOKENOMICS_REFERENCE_DIR) + "/" + file);
  REQUIRE_MESSAGE(in.good(), "cannot open " << file);
  return json::parse(in);
}
const json& gpus_json() {
  static const json j = load("gpus.json");
  return j;
}
const json& models_json() {
  static const json j = load("models.json");
  return j;
}
const json& find_by_name(const json& list, std::string_view name) {
  for (const auto& e : list)
    if (e.at("name").get<std::string>() == name) return e;
  FAIL("no reference entry named " << name);
  static const json none;
  return none;
}
// Reference number; null (not found / not supported) reads as 0, the library's "none".
double num(const json& v) { return v.is_null() ? 0.0 : v.get<double>(); }
// Exact for 0, relative 1e-12 otherwise (presets are written as 989.4 * 1e12 etc.: one rounding).
void check_value(double actual, const json& reference, const std::string& what) {
  INFO(what);
  const double expected = num(reference);
  if (expected == 0.0)
    CHECK(actual == 0.0);
  else
    CHECK(actual == tt::rel(expected, 1e-12));
}

struct gpu_case {
  const tk::accelerator_spec* gpu;
};
const gpu_case all_gpus[] = {{&ps::a100_sxm}, {&ps::h100_sxm}, {&ps::h200_sxm}, {&ps::b200}, {&ps::b300},
                             {&ps::gb200},    {&ps::gb300},    {&ps::mi300x},   {&ps::mi325x}, {&ps::mi355x}};

struct system_case {
  std::string_view key;  // design §9 name
  const tk::system_spec* sys;
  int gpus;              // 8 per box, 72 per NVL72 rack
};
const system_case all_systems[] = {
    {"a100", &ps::hgx_a100, 8},        {"h100", &ps::hgx_h100, 8},        {"h200", &ps::hgx_h200, 8},
    {"b200", &ps::hgx_b200, 8},        {"b300", &ps::hgx_b300, 8},        {"gb200", &ps::gb200_nvl72, 72},
    {"gb300", &ps::gb300_nvl72, 72},   {"mi300x", &ps::mi300x_x8, 8},     {"mi325x", &ps::mi325x_x8, 8},
    {"mi355x", &ps::mi355x_x8, 8},
};
}  // namespace

TEST_CASE("GPU presets equal gpus.json field by field") {
  for (const auto& c : all_gpus) {
    const auto& g = *c.gpu;
    const json& r = find_by_name(gpus_json().at("gpus"), g.name);
    const std::string n(g.name);
    check_value(g.hbm_bytes, r.at("hbm_capacity_bytes"), n + " hbm_bytes");
    check_value(g.hbm_bytes_per_s, r.at("hbm_bandwidth_bytes_per_s"), n + " hbm_bytes_per_s");
    check_value(g.dense_bf16_flops_per_s, r.at("peak_flops_dense").at("bf16"), n + " bf16");
    check_value(g.dense_fp8_flops_per_s, r.at("peak_flops_dense").at("fp8"), n + " fp8");
    check_value(g.dense_fp4_flops_per_s, r.at("peak_flops_dense").at("fp4"), n + " fp4");
    check_value(g.tdp_w, r.at("tdp_watts"), n + " tdp_w");
    CHECK_NOTHROW(tk::validate(g));
  }
  // Every accelerator in the reference has a preset.
  CHECK(gpus_json().at("gpus").size() == std::size(all_gpus));
}

TEST_CASE("GPU presets: null in the reference means no tensor cores of that width") {
  // gpus.json: A100 fp8/fp4 null, Hopper and CDNA 3 fp4 null; Blackwell and CDNA 4 have FP4.
  CHECK_FALSE(tk::supports(ps::a100_sxm, tk::math_width::bits8));
  CHECK_FALSE(tk::supports(ps::h100_sxm, tk::math_width::bits4));
  CHECK_FALSE(tk::supports(ps::mi300x, tk::math_width::bits4));
  CHECK(tk::supports(ps::gb200, tk::math_width::bits4));
  CHECK(tk::supports(ps::mi355x, tk::math_width::bits4));
  // B300 FP4 is null in gpus.json (conflicting sources): FP4 GEMMs fall back to the FP8 rate 4.5e15.
  CHECK(tk::peak_flops_per_s(ps::b300, tk::math_width::bits4) == 4.5e15);
}

TEST_CASE("system presets: scale-up, scale-out and prices equal gpus.json") {
  const json& ref_gpus = gpus_json().at("gpus");
  for (const auto& c : all_systems) {
    const auto& s = *c.sys;
    INFO(c.key);
    const json& r = find_by_name(ref_gpus, s.gpu.name);
    CHECK(s.num_gpus == c.gpus);
    CHECK(s.scale_up_domain_gpus == r.at("scale_up").at("domain_size").get<int>());
    const json& up = r.at("scale_up").at("bandwidth_bytes_per_s_per_direction");
    const json& out = r.at("scale_out").at("bandwidth_bytes_per_s_per_direction");
    if (!up.is_null()) check_value(s.scale_up_bytes_per_s, up, "scale_up_bytes_per_s");
    if (!out.is_null()) check_value(s.scale_out_bytes_per_s, out, "scale_out_bytes_per_s");
    // NCCL tuning.cc hwLat constants (theory.md §8.3): NVLink LL 0.6 us, network ring LL 2.7 us.
    CHECK(s.scale_up_latency_s == tt::rel(0.6e-6, 1e-12));
    CHECK(s.scale_out_latency_s == tt::rel(2.7e-6, 1e-12));
    CHECK(s.gpu.hbm_bytes == r.at("hbm_capacity_bytes").get<double>());
    CHECK_NOTHROW(tk::validate(s));
  }
}

TEST_CASE("system presets: values sourced outside the reference (null there)") {
  // One row per value gpus.json leaves null; expected values by hand from the cited sources (see
  // the comments in presets/systems.hpp). If the reference gains a value, the null check fails:
  // then reconcile the preset with it.
  struct row {
    const tk::system_spec* sys;
    const char* field;        // "up" or "out"
    double actual;
    double expected;          // hand computation
  };
  const row rows[] = {
      // DGX A100: ConnectX-6 200 Gb/s per GPU = 200e9 / 8 B/s.
      {&ps::hgx_a100, "out", ps::hgx_a100.scale_out_bytes_per_s, 25e9},
      // GB200 NVL72: one ConnectX-7 (400 Gb/s) per GPU = 400e9 / 8.
      {&ps::gb200_nvl72, "out", ps::gb200_nvl72.scale_out_bytes_per_s, 50e9},
      // Azure ND MI300X v5: 8 x 400 Gb/s for 8 GPUs = 50e9 B/s per GPU.
      {&ps::mi300x_x8, "out", ps::mi300x_x8.scale_out_bytes_per_s, 50e9},
      // MI325X platform: 7 links x 64 GB/s per direction (assumed equal to MI300X) = 448e9.
      {&ps::mi325x_x8, "up", ps::mi325x_x8.scale_up_bytes_per_s, 448e9},
      {&ps::mi325x_x8, "out", ps::mi325x_x8.scale_out_bytes_per_s, 50e9},
      // MI355X: Infinity Fabric 1075.2 GB/s aggregate bidirectional / 2 = 537.6e9.
      {&ps::mi355x_x8, "up", ps::mi355x_x8.scale_up_bytes_per_s, 537.6e9},
      // MI355X: Pollara 400 (400 Gb/s) per GPU = 50e9.
      {&ps::mi355x_x8, "out", ps::mi355x_x8.scale_out_bytes_per_s, 50e9},
  };
  for (const auto& r : rows) {
    INFO(r.sys->name << " " << r.field);
    const json& ref = find_by_name(gpus_json().at("gpus"), r.sys->gpu.name);
    const json& v = std::string_view(r.field) == "up" ? ref.at("scale_up").at("bandwidth_bytes_per_s_per_direction")
                                                      : ref.at("scale_out").at("bandwidth_bytes_per_s_per_direction");
    CHECK(v.is_null());
    CHECK(r.actual == tt::rel(r.expected, 1e-12));
  }
}

TEST_CASE("system presets: all-in power per GPU (not in the reference)") {
  // Hand arithmetic on the cited system powers (presets/systems.hpp):
  CHECK(ps::hgx_a100.all_in_power_w == tt::rel(6500.0 / 8, 1e-12));     // DGX A100 6.5 kW: 812.5 W
  CHECK(ps::hgx_h100.all_in_power_w == tt::rel(1275.0, 1e-12));         // DGX H100 10.2 kW / 8
  CHECK(ps::hgx_h200.all_in_power_w == tt::rel(1275.0, 1e-12));         // DGX H200 10.2 kW / 8
  CHECK(ps::hgx_b200.all_in_power_w == tt::rel(1787.5, 1e-12));         // DGX B200 14.3 kW / 8
  CHECK(ps::hgx_b300.all_in_power_w == tt::rel(1812.5, 1e-12));         // DGX B300 14.5 kW / 8
  CHECK(ps::gb200_nvl72.all_in_power_w == tt::rel(1666.6666666667, 1e-12));  // 120 kW / 72
  CHECK(ps::gb300_nvl72.all_in_power_w == tt::rel(1833.3333333333, 1e-12));  // 132 kW / 72
  // AMD boxes: derived, TDP x (14.3 kW / 8 kW) = TDP x 1.7875.
  CHECK(ps::mi300x_x8.all_in_power_w == tt::rel(1340.625, 1e-12));      // 750 x 1.7875
  CHECK(ps::mi325x_x8.all_in_power_w == tt::rel(1787.5, 1e-12));        // 1000 x 1.7875
  CHECK(ps::mi355x_x8.all_in_power_w == tt::rel(2502.5, 1e-12));        // 1400 x 1.7875
  // Property: all-in power exceeds the GPU's own TDP wherever the TDP is known.
  for (const auto& c : all_systems) {
    INFO(c.key);
    CHECK(c.sys->all_in_power_w > c.sys->gpu.tdp_w);
  }
}

TEST_CASE("system presets: rental prices equal gpus.json rental_prices_usd, else 0") {
  struct price_row {
    const tk::system_spec* sys;
    const char* gpu;       // rental_prices_usd[].gpu
    const char* provider;  // rental_prices_usd[].provider ("" = no price in the reference)
  };
  const price_row rows[] = {
      {&ps::hgx_h100, "NVIDIA H100 SXM", "Hyperstack (via gpu.blog aggregator)"},
      {&ps::hgx_h200, "NVIDIA H200", "CoreWeave"},
      {&ps::gb200_nvl72, "NVIDIA GB200 (NVL72)", "CoreWeave"},
      {&ps::mi300x_x8, "AMD Instinct MI300X", "TensorWave (via gpu.blog aggregator)"},
      {&ps::mi355x_x8, "AMD Instinct MI355X", "Oracle Cloud Infrastructure"},
      {&ps::hgx_a100, "", ""},
      {&ps::hgx_b200, "", ""},
      {&ps::hgx_b300, "", ""},
      {&ps::gb300_nvl72, "", ""},
      {&ps::mi325x_x8, "", ""},
  };
  for (const auto& r : rows) {
    INFO(r.sys->name);
    if (std::string_view(r.provider).empty()) {
      CHECK(r.sys->price_usd_per_gpu_hour == 0.0);
      continue;
    }
    bool found = false;
    for (const auto& p : gpus_json().at("rental_prices_usd"))
      if (p.at("gpu") == r.gpu && p.at("provider") == r.provider) {
        found = true;
        CHECK(r.sys->price_usd_per_gpu_hour == tt::rel(p.at("usd_per_gpu_hour").get<double>(), 1e-12));
      }
    CHECK(found);
  }
}

namespace {
struct model_case {
  const tk::model_spec* model;
};
const model_case all_models[] = {{&ps::llama_3_1_8b},   {&ps::llama_3_3_70b},   {&ps::llama_3_1_405b},
                                 {&ps::mixtral_8x7b},   {&ps::mixtral_8x22b},   {&ps::deepseek_v3},
                                 {&ps::deepseek_r1},    {&ps::gpt_oss_120b},    {&ps::gpt_oss_20b},
                                 {&ps::qwen3_235b_a22b}, {&ps::qwen3_30b_a3b},  {&ps::llama_4_maverick},
                                 {&ps::kimi_k2}};

// First key present in `o` (different families name the same MoE field differently).
const json& first_of(const json& o, std::initializer_list<const char*> keys) {
  static const json null_value;
  for (auto k : keys)
    if (o.contains(k)) return o.at(k);
  return null_value;
}
int int_or(const json& v, int fallback) { return v.is_null() ? fallback : v.get<int>(); }
}  // namespace

TEST_CASE("model presets equal models.json field by field") {
  for (const auto& c : all_models) {
    const auto& m = *c.model;
    INFO(m.name);
    const json& r = find_by_name(models_json().at("models"), m.name);
    CHECK(m.hidden == r.at("hidden_size").get<int>());
    CHECK(m.num_layers == r.at("num_hidden_layers").get<int>());
    CHECK(m.vocab == r.at("vocab_size").get<int>());
    CHECK(m.num_attention_heads == r.at("num_attention_heads").get<int>());
    if (r.at("num_key_value_heads").is_null())
      CHECK(m.name == "Kimi-K2");  // only null; sourced outside (presets/models.hpp), checked below
    else
      CHECK(m.num_kv_heads == r.at("num_key_value_heads").get<int>());
    CHECK(m.head_dim == int_or(r.at("head_dim"), 0));
    // Llama-4 lists the dense width as intermediate_size_mlp (intermediate_size is the expert width).
    CHECK(m.intermediate == int_or(first_of(r, {"intermediate_size_mlp", "intermediate_size"}), 0));
    if (r.at("tie_word_embeddings").is_null())
      CHECK(m.name == "Llama-4-Maverick-17B-128E");  // only null; sourced outside (Megatron-LM script): false
    else
      CHECK(m.tied_embeddings == r.at("tie_word_embeddings").get<bool>());

    const bool mla = r.contains("mla");
    CHECK((m.attention == tk::attention_kind::mla) == mla);
    if (mla) {
      const json& a = r.at("mla");
      CHECK(m.kv_lora_rank == a.at("kv_lora_rank").get<int>());
      if (a.at("q_lora_rank").is_null()) {  // Kimi-K2: the q side is sourced outside, checked below
        CHECK(m.name == "Kimi-K2");
        for (const char* k : {"qk_nope_head_dim", "qk_rope_head_dim", "v_head_dim"}) CHECK(a.at(k).is_null());
      } else {
        CHECK(m.q_lora_rank == a.at("q_lora_rank").get<int>());
        CHECK(m.qk_nope_head_dim == a.at("qk_nope_head_dim").get<int>());
        CHECK(m.qk_rope_head_dim == a.at("qk_rope_head_dim").get<int>());
        CHECK(m.v_head_dim == a.at("v_head_dim").get<int>());
        CHECK(a.at("kv_cache_elements_per_token_per_layer").get<int>() == m.kv_lora_rank + m.qk_rope_head_dim);
      }
    } else {
      CHECK(m.attention == tk::attention_kind::gqa);
    }
    CHECK(m.num_mtp_layers == int_or(first_of(r, {"num_nextn_predict_layers"}), 0));

    // Sliding window: models.json gives the window and "N sliding + M full" in layer_types.
    CHECK(m.sliding_window_tokens == int_or(r.at("sliding_window"), 0));
    if (r.contains("layer_types")) {
      // "...; 18 sliding + 18 full" (no std::regex: GCC 12 -Wmaybe-uninitialized false positive
      // inside <regex> under -fsanitize=address -Werror).
      const std::string text = r.at("layer_types").get<std::string>();
      const auto semi = text.rfind("; ");
      REQUIRE(semi != std::string::npos);
      int sliding = -1, full = -1;
      REQUIRE(std::sscanf(text.c_str() + semi + 2, "%d sliding + %d full", &sliding, &full) == 2);
      CHECK(m.num_sliding_window_layers == sliding);
      CHECK(m.num_full_attention_layers() == full);
    } else {
      CHECK(m.num_sliding_window_layers == 0);
    }

    const json& moe = r.at("moe");
    CHECK(m.is_moe() == !moe.is_null());
    if (!moe.is_null()) {
      CHECK(m.num_experts == first_of(moe, {"num_local_experts", "n_routed_experts", "num_experts"}).get<int>());
      CHECK(m.top_k == moe.at("num_experts_per_tok").get<int>());
      CHECK(m.expert_intermediate ==
            first_of(moe, {"expert_intermediate_size", "moe_intermediate_size"}).get<int>());
      CHECK(m.num_shared_experts == int_or(first_of(moe, {"n_shared_experts"}), 0));
      CHECK(m.first_dense_layers == int_or(first_of(moe, {"first_k_dense_replace"}), 0));
      CHECK(m.moe_layer_interval ==
            int_or(first_of(moe, {"interleave_moe_layer_step", "moe_layer_freq", "decoder_sparse_step"}), 1));
      CHECK(m.num_expert_groups == int_or(first_of(moe, {"n_group"}), 0));
      CHECK(m.topk_groups == int_or(first_of(moe, {"topk_group"}), 0));
      if (moe.contains("moe_layers") && moe.at("moe_layers").is_number_integer())
        CHECK(m.num_moe_layers() == moe.at("moe_layers").get<int>());
    }
    // Released precision: gpt-oss quantization block (MXFP4 experts, rest BF16); DeepSeek fp8
    // (config_671B.json dtype fp8; design §9); the others bf16.
    if (r.contains("quantization")) {
      CHECK(r.at("quantization").at("quant_method") == "mxfp4");
      CHECK(m.released_expert_weights == tk::precision::mxfp4);
      CHECK(m.released_weights == tk::precision::bf16);
    } else if (r.at("family") == "deepseek_v3" || m.name == "Kimi-K2") {  // Kimi: vLLM recipe, "native FP8"
      CHECK(m.released_weights == tk::precision::fp8);
      CHECK(m.released_expert_weights == tk::precision::fp8);
    } else {
      CHECK(m.released_weights == tk::precision::bf16);
      CHECK(m.released_expert_weights == tk::precision::bf16);
    }
    CHECK_NOTHROW(tk::validate(m));
  }
}

TEST_CASE("model presets: fields models.json states in prose") {
  // DeepSeek-V3/R1: "first_k_dense_replace 3 (3 dense + 58 MoE layers)", routed bias
  // (e_score_correction_bias is counted in the derived total).
  CHECK(ps::deepseek_r1.num_moe_layers() == 58);
  CHECK(ps::deepseek_r1.num_dense_ffn_layers() == 3);
  CHECK(ps::deepseek_v3.router_bias);
  // gpt-oss: biases on qkv/o and experts, learned sinks (models.json sources; the derived total
  // 116,829,156,672 includes router biases and sinks).
  for (const auto* m : {&ps::gpt_oss_120b, &ps::gpt_oss_20b}) {
    CHECK(m->attention_bias);
    CHECK(m->expert_bias);
    CHECK(m->router_bias);
    CHECK(m->attention_sinks);
  }
  // Qwen3: "GQA with QK-norm".
  CHECK(ps::qwen3_235b_a22b.qk_norm);
  CHECK(ps::qwen3_30b_a3b.qk_norm);
  // Llama-4 Maverick: "every 2nd layer is MoE (24 MoE + 24 dense layers)", 1 shared expert.
  CHECK(ps::llama_4_maverick.num_moe_layers() == 24);
  CHECK(ps::llama_4_maverick.num_dense_ffn_layers() == 24);
  CHECK(ps::llama_4_maverick.num_shared_experts == 1);
  // Kimi-K2 README: "61 layers (1 dense)", 384 experts, 8 selected, 1 shared.
  CHECK(ps::kimi_k2.num_moe_layers() == 60);
  CHECK(ps::kimi_k2.num_dense_ffn_layers() == 1);
}

TEST_CASE("model presets: Kimi-K2's q-side MLA dims, null in models.json, from the K2.x config copies") {
  // Two public copies of the Kimi K2.x text config (presets/models.hpp): q_lora_rank 1536,
  // qk_nope 128, qk_rope 64, v_head 128, num_key_value_heads 64; models.json's derived parameter
  // count assumes the same values (its "assumption" field), checked in test_parameters.cpp.
  const json& r = find_by_name(models_json().at("models"), "Kimi-K2");
  CHECK(r.at("param_count_derived_from_config").at("assumption").get<std::string>().find("q_lora_rank 1536") !=
        std::string::npos);
  CHECK(ps::kimi_k2.q_lora_rank == 1536);
  CHECK(ps::kimi_k2.qk_nope_head_dim == 128);
  CHECK(ps::kimi_k2.qk_rope_head_dim == 64);
  CHECK(ps::kimi_k2.v_head_dim == 128);
  CHECK(ps::kimi_k2.num_kv_heads == 64);
}

TEST_CASE("registry: design §9 names, in order") {
  const std::string_view models[] = {"llama-3.1-8b", "llama-3.3-70b", "llama-3.1-405b", "mixtral-8x7b",
                                     "mixtral-8x22b", "deepseek-v3", "deepseek-r1", "gpt-oss-120b",
                                     "gpt-oss-20b", "qwen3-235b-a22b", "qwen3-30b-a3b", "llama-4-maverick",
                                     "kimi-k2"};
  const std::string_view gpus[] = {"a100", "h100", "h200", "b200", "b300",
                                   "gb200", "gb300", "mi300x", "mi325x", "mi355x"};
  REQUIRE(ps::model_names().size() == std::size(models));
  REQUIRE(ps::gpu_names().size() == std::size(gpus));
  for (std::size_t i = 0; i < std::size(models); ++i) {
    CHECK(ps::model_names()[i] == models[i]);
    CHECK(ps::find_model(models[i]).has_value());
  }
  for (std::size_t i = 0; i < std::size(gpus); ++i) {
    CHECK(ps::gpu_names()[i] == gpus[i]);
    CHECK(ps::find_system(gpus[i]).has_value());
    CHECK(ps::find_gpu(gpus[i]).has_value());
  }
}

TEST_CASE("registry: lookups return the presets, a GPU name implies its usual system") {
  CHECK(ps::find_model("deepseek-r1")->name == "DeepSeek-R1");
  CHECK(ps::find_model("gpt-oss-120b")->num_experts == 128);
  CHECK(ps::find_model("LLAMA-3.3-70B")->hidden == 8192);  // ASCII case ignored
  for (const auto& c : all_systems) {
    INFO(c.key);
    const auto s = ps::find_system(c.key);
    REQUIRE(s.has_value());
    CHECK(s->name == c.sys->name);
    CHECK(s->scale_up_domain_gpus == c.gpus);  // gb200/gb300: 72-GPU NVL72; others: 8-GPU box
    CHECK(ps::find_gpu(c.key)->name == c.sys->gpu.name);
  }
  CHECK(ps::model_or_throw("qwen3-30b-a3b").expert_intermediate == 768);
  CHECK(ps::system_or_throw("mi355x").gpu.hbm_bytes == 288e9);
}

TEST_CASE("registry: unknown names are rejected by name, listing the known ones") {
  CHECK_FALSE(ps::find_model("foo").has_value());
  CHECK_FALSE(ps::find_system("h100x").has_value());
  CHECK_FALSE(ps::find_model("").has_value());
  CHECK_THROWS_WITH_AS((void)ps::model_or_throw("foo"),
                       doctest::Contains("model = foo: unknown preset (known: llama-3.1-8b, llama-3.3-70b"),
                       tk::invalid_argument);
  CHECK_THROWS_WITH_AS((void)ps::model_or_throw("foo"), doctest::Contains("llama-4-maverick, kimi-k2)"),
                       tk::invalid_argument);
  CHECK_THROWS_WITH_AS((void)ps::system_or_throw("v100"),
                       doctest::Contains("gpu = v100: unknown preset (known: a100, h100, h200, b200"),
                       tk::invalid_argument);
}
