#pragma once
// data/reference/measurements/calibration.json -> tokenomics::measurement records (design §8;
// needs nlohmann-json). The record type and what each scenario predicts are in
// explore/calibrate.hpp.
//
//   tokenomics::measurement_set s = tokenomics::load_measurements("calibration.json");
//   // s.records: mapped onto presets; s.skipped: {id, reason} for the rest
//
// Mapping rules (one rule per field, applied to every record alike):
//  - model: the source's name, case-insensitively, to a preset: "llama-3.3-70b", "gpt-oss-120b",
//    "deepseek-r1", "deepseek-v3", "qwen3-235b", "mixtral-8x7b"; "llama-2-70b" to llama_2_70b
//    below (no library preset). Other names: skipped.
//  - framework: calibration.json `framework` to the stack of that framework on the GPU
//    (presets/stacks.hpp; unknown: generic).
//  - GPU: calibration.json `gpu` to the preset system of that name (registry.hpp); "H800" to
//    h800_system below. num_gpus is raised to the record's GPU count so multi-box plans validate.
//  - plan: tp, ep, pp as given. attention_dp as a count (TensorRT-LLM "DEP4": tp 1, attention_dp
//    4) is dp_attention; as true (InferenceMAX "tp 8, ep 8, attention_dp true") it means the tp
//    GPUs run attention data-parallel: dp_attention = tp, tp = 1. Disaggregated records give a
//    prefill and a decode block per worker (gpus / workers GPUs each); the client concurrency is
//    spread over the decode workers (concurrency per decode replica = concurrency / workers).
//  - weights (the source's label): MXFP4 -> mxfp4; NVFP4 -> nvfp4; "FP4" -> the vendor's FP4
//    (nvfp4 on NVIDIA, mxfp4 on AMD: design §9); FP8 -> fp8; BF16/FP16 -> bf16/fp16. Dense models:
//    every GEMM weight in that format. MoE models: when the released checkpoint's experts are
//    already as narrow as the label, the released checkpoint is what ran, non-expert weights
//    included (gpt-oss ships BF16 attention and MXFP4 experts; TensorRT-LLM's performance
//    overview lists no re-quantised gpt-oss checkpoint, so its "FP8"/"FP4" columns are the
//    release). Otherwise the experts in the label's format and the non-expert weights in it but at
//    least 8 bits (4-bit MoE checkpoints quantise the experts: NVIDIA's DeepSeek-R1 NVFP4
//    checkpoints keep attention in FP8).
//  - activations: serving/native_precisions.hpp (FP8/FP4 activations where the GPU has those
//    tensor cores, else BF16), EP combine BF16.
//  - KV cache: the record's label (FP8, FP16, BF16; "auto" = the model dtype, BF16). When not
//    stated, the framework's default: SGLang's kv_cache_dtype "auto" is the model dtype (BF16);
//    TensorRT-LLM (and Dynamo on it) with an FP8/FP4 checkpoint on a GPU with FP8 tensor cores
//    runs an FP8 cache (ModelOpt FP8/NVFP4 checkpoints carry kv_cache_quant_algo FP8, which
//    TensorRT-LLM's "auto" follows), else BF16.
//  - speculative: speculative_decoding other than null/"none" (MTP) -> speculative = true.
//  - metrics: output_tok_per_s_per_gpu, output_tok_per_s_per_decode_gpu (disaggregated),
//    tok_per_s_per_user_median, ttft_ms (batch-1 latency runs, fitted) and ttft_ms_median (online
//    sweeps: shown, not fitted, because the client-side TTFT includes queueing the steady-state
//    model leaves out). TPOT is not read: tok_per_s_per_user carries the same information.
//  - skipped with a reason: unknown model or GPU, scenarios without fixed ISL/OSL (MLPerf
//    variable-length datasets, production 24-hour averages), missing ISL/OSL, and records without
//    a metric the model predicts.
//
// Errors: tokenomics::invalid_argument naming the file and the field ("calibration.json: cannot
// open file", "calibration.json: malformed JSON (...)", "calibration.json: [3].id missing").
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "../core/error.hpp"
#include "../core/precision.hpp"
#include "../core/units.hpp"
#include "../explore/calibrate.hpp"
#include "../presets/registry.hpp"
#include "../presets/stacks.hpp"
#include "../serving/native_precisions.hpp"
#include "json_fields.hpp"

namespace tokenomics {

namespace presets {
// Llama-2-70B (not a library preset; needed by the TensorRT-LLM v0.5/v0.6.1 tables). HF config.json
// of meta-llama/Llama-2-70b-hf: hidden_size 8192, num_hidden_layers 80, num_attention_heads 64,
// num_key_value_heads 8, intermediate_size 28672, vocab_size 32000, tie_word_embeddings false,
// SwiGLU; Touvron et al. 2023 (arXiv 2307.09288) Table 1: GQA for the 70B model.
inline constexpr model_spec llama_2_70b{
    .name = "Llama-2-70B",
    .hidden = 8192,
    .num_layers = 80,
    .vocab = 32000,
    .tied_embeddings = false,
    .attention = attention_kind::gqa,
    .num_attention_heads = 64,
    .num_kv_heads = 8,
    .head_dim = 128,  // 8192 / 64
    .gated_ffn = true,
    .intermediate = 28672,
    .released_weights = precision::bf16,
    .released_expert_weights = precision::bf16,
};

// H800 SXM: the H100 SXM GPU (same HBM, bandwidth and tensor cores; calibration.json notes:
// "H100-class compute/HBM with reduced NVLink bandwidth") in the HGX H100 box, with NVLink cut to
// 400 GB/s bidirectional = 200 GB/s per direction (theory §8.4: "H800 NVLink 200 GB/s (DeepSeek:
// ~160 GB/s)").
inline constexpr system_spec h800_system = [] {
  system_spec s = hgx_h100;
  s.name = "8x H800-SXM5-80GB";
  s.gpu.name = "NVIDIA H800-SXM5-80GB";
  s.scale_up_bytes_per_s = 200 * units::GB;
  s.price_usd_per_gpu_hour = 0;
  return s;
}();
}  // namespace presets

struct skipped_measurement {
  std::string id;
  std::string reason;
};

struct measurement_set {
  std::vector<measurement> records;          // mapped, in file order
  std::vector<skipped_measurement> skipped;  // not mapped, in file order
};

namespace detail::meas {

inline std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return out;
}
inline bool contains(std::string_view hay, std::string_view needle) { return hay.find(needle) != std::string_view::npos; }

using fields = json_fields;

inline std::optional<model_spec> model_of(std::string_view label) {
  const std::string s = lower(label);
  if (contains(s, "llama-3.3-70b")) return presets::llama_3_3_70b;
  if (contains(s, "llama-2-70b")) return presets::llama_2_70b;
  if (contains(s, "gpt-oss-120b")) return presets::gpt_oss_120b;
  if (contains(s, "deepseek-r1")) return presets::deepseek_r1;
  if (contains(s, "deepseek-v3")) return presets::deepseek_v3;
  if (contains(s, "qwen3-235b")) return presets::qwen3_235b_a22b;
  if (contains(s, "mixtral-8x7b")) return presets::mixtral_8x7b;
  return std::nullopt;
}

inline std::optional<system_spec> system_of(std::string_view gpu) {
  if (lower(gpu) == "h800") return presets::h800_system;
  return presets::find_system(gpu);
}

inline bool is_amd(const system_spec& s) { return vendor_of(s.gpu.architecture) == gpu_vendor::amd; }

// The weight format a label names (header comment), or nothing.
inline std::optional<precision> precision_of_label(std::string_view label, const system_spec& s) {
  const std::string l = lower(label);
  if (contains(l, "mxfp4")) return precision::mxfp4;
  if (contains(l, "nvfp4")) return precision::nvfp4;
  if (contains(l, "fp4")) return is_amd(s) ? precision::mxfp4 : precision::nvfp4;
  if (contains(l, "fp8")) return precision::fp8;
  if (contains(l, "bf16")) return precision::bf16;
  if (contains(l, "fp16")) return precision::fp16;
  return std::nullopt;
}

inline bool narrower_or_equal(precision a, precision b) {  // a has at most b's bits per element
  return bits_per_element(a) <= bits_per_element(b) + 0.5;  // mxfp4 4.25 vs nvfp4 4.5: same width
}

// Plan precisions from the labels (header comment).
inline void set_precisions(serving_plan& p, const model_spec& m, const system_spec& s, precision label,
                           std::string_view kv_label, std::string_view framework) {
  if (!m.is_moe()) {
    p.weights = label;
  } else {
    const bool released_checkpoint = narrower_or_equal(m.released_expert_weights, label);
    p.expert_weights = released_checkpoint ? m.released_expert_weights : label;
    p.weights = released_checkpoint ? m.released_weights : bits_per_element(label) < 8.0 ? precision::fp8 : label;
  }
  const std::string kv = lower(kv_label);
  if (contains(kv, "fp8")) p.kv_cache = precision::fp8;
  else if (contains(kv, "fp16") && !contains(kv, "bf16")) p.kv_cache = precision::fp16;
  else if (!kv.empty()) p.kv_cache = precision::bf16;  // "bf16" or "auto" (model dtype)
  else {  // not stated: the framework's default (header comment)
    const bool trtllm = contains(lower(framework), "tensorrt-llm");
    const bool quantised = bits_per_element(label) <= 8.0;
    p.kv_cache = trtllm && quantised && supports(s.gpu, math_width::bits8) ? precision::fp8 : precision::bf16;
  }
  p = native_precisions(p, s.gpu);
}

// The serving framework a record names ("TensorRT-LLM", "SGLang", "vLLM", "Dynamo + SGLang",
// "ATOM", ...); an unnamed or unknown one gets the generic stack.
inline framework framework_of(std::string_view label) {
  const std::string l = lower(label);
  if (contains(l, "tensorrt") || contains(l, "trt")) return framework::trtllm;
  if (contains(l, "sglang")) return framework::sglang;
  if (contains(l, "vllm")) return framework::vllm;
  if (contains(l, "atom")) return framework::atom;
  return framework::generic;
}

// attention_dp as a count (int) or a flag (bool: the tp GPUs run attention data-parallel).
inline void set_parallelism(serving_plan& p, const fields& f) {
  const int tp = f.integer_or("tp", 1);
  p.ep = f.integer_or("ep", 1);
  p.pp = f.integer_or("pp", 1);
  p.tp = tp;
  p.dp_attention = 1;
  if (f.has("attention_dp")) {
    const auto& a = f.at("attention_dp");
    if (a.is_boolean()) {
      if (a.get<bool>()) {
        p.dp_attention = tp;
        p.tp = 1;
      }
    } else if (a.is_number_integer()) {
      p.dp_attention = std::max(1, a.get<int>());
    } else {
      f.fail("attention_dp", a.dump(), "must be a count or true/false");
    }
  }
}

inline std::string source_of(const nlohmann::json& src) {
  if (!src.is_object()) return src.is_string() ? src.get<std::string>() : "";
  auto get = [&](const char* k) { return src.contains(k) && src[k].is_string() ? src[k].get<std::string>() : ""; };
  std::string out = get("url");
  if (out.empty() && !get("repo").empty()) out = get("repo") + " " + get("path") + " @" + get("commit").substr(0, 12);
  if (!get("table").empty()) out += (out.empty() ? "" : "; ") + get("table");
  if (!get("run_url").empty()) out += (out.empty() ? "" : "; ") + get("run_url");
  return out;
}

// One record: a measurement, or the reason it is skipped.
inline std::optional<measurement> parse_record(const fields& r, skipped_measurement& skip) {
  measurement m;
  m.id = r.string("id");
  skip.id = m.id;
  m.source_family = r.string("source_family");
  m.model_label = r.string("model");
  m.gpu_label = r.string("gpu");
  m.precision_label = r.nullable_string("weight_precision");
  const std::string kv_label = r.nullable_string("kv_cache_precision");
  const std::string framework = r.nullable_string("framework");
  const std::string scenario = r.string("scenario");
  const auto isl = r.nullable_integer("isl"), osl = r.nullable_integer("osl");
  const auto concurrency = r.nullable_integer("concurrency"), batch = r.nullable_integer("batch_size");
  const auto num_gpus = r.nullable_integer("num_gpus");
  const fields par = r.object("parallelism");
  const fields met = r.object("metrics");
  const std::string spec = r.nullable_string("speculative_decoding");
  m.date = r.nullable_string("date");
  m.source = source_of(r.at("source"));
  m.speculative = !(spec.empty() || lower(spec) == "none");

  auto skipped = [&](std::string why) {
    skip.reason = std::move(why);
    return std::nullopt;
  };
  const auto model = model_of(m.model_label);
  if (!model) return skipped("model '" + m.model_label + "' has no preset");
  const auto sys = system_of(m.gpu_label);
  if (!sys) return skipped("GPU '" + m.gpu_label + "' has no preset");
  m.model = *model;
  m.system = *sys;
  m.stack = presets::stack_for(framework_of(framework), m.system.gpu);
  if (num_gpus) m.system.num_gpus = std::max(m.system.num_gpus, *num_gpus);

  if (scenario == "offline_max_throughput") m.scenario = measurement_scenario::offline_max_throughput;
  else if (scenario == "offline_static_batch") m.scenario = measurement_scenario::offline_static_batch;
  else if (scenario == "online_fixed_concurrency") m.scenario = measurement_scenario::online_fixed_concurrency;
  else if (scenario == "batch1_prefill_latency") m.scenario = measurement_scenario::batch1_prefill_latency;
  else if (scenario.rfind("mlperf", 0) == 0)
    return skipped("MLPerf variable-length dataset: ISL/OSL and the submission's parallelism are not in the record");
  else if (scenario == "production_service_24h_average")
    return skipped("24-hour production average: request lengths unknown (prefill counts KV-cache hits; decode likely uses MTP)");
  else return skipped("scenario '" + scenario + "' not modelled");
  if (!isl || !osl || *isl <= 0 || *osl <= 0) return skipped("ISL/OSL not given");
  m.isl = *isl;
  m.osl = *osl;

  const auto label = precision_of_label(m.precision_label, m.system);
  if (!label) return skipped("weight precision '" + m.precision_label + "' not recognised");

  const bool disaggregated = par.has("disaggregated") && par.at("disaggregated").is_boolean() &&
                             par.at("disaggregated").get<bool>();
  int workers = 1;
  if (disaggregated) {
    const fields pre = par.object("prefill"), dec = par.object("decode");
    serving_plan pp, dp;
    set_parallelism(pp, pre);
    set_parallelism(dp, dec);
    workers = std::max(1, dec.integer_or("workers", 1));
    set_precisions(pp, m.model, m.system, *label, kv_label, framework);
    set_precisions(dp, m.model, m.system, *label, kv_label, framework);
    m.plan = dp;
    m.prefill_plan = pp;
  } else {
    set_parallelism(m.plan, par);
    set_precisions(m.plan, m.model, m.system, *label, kv_label, framework);
  }
  if (m.scenario == measurement_scenario::online_fixed_concurrency) {
    if (!concurrency || *concurrency <= 0) return skipped("online record without a concurrency");
    m.concurrency = std::max(1, (*concurrency + workers / 2) / workers);  // per decode replica
  }
  if (m.scenario == measurement_scenario::offline_static_batch || m.scenario == measurement_scenario::batch1_prefill_latency) {
    if (!batch || *batch <= 0) return skipped("batch run without a batch_size");
    m.batch_size = *batch;
  }

  // Metrics (header comment).
  const bool online = m.scenario == measurement_scenario::online_fixed_concurrency;
  if (met.has("output_tok_per_s_per_gpu") && !disaggregated)
    m.metrics.push_back({measured_quantity::output_tok_per_s_per_gpu, met.number("output_tok_per_s_per_gpu"), true});
  if (met.has("output_tok_per_s_per_decode_gpu"))
    m.metrics.push_back({measured_quantity::output_tok_per_s_per_decode_gpu, met.number("output_tok_per_s_per_decode_gpu"), true});
  if (met.has("tok_per_s_per_user_median") && online)
    m.metrics.push_back({measured_quantity::tok_per_s_per_user, met.number("tok_per_s_per_user_median"), true});
  if (met.has("ttft_ms") && m.scenario == measurement_scenario::batch1_prefill_latency)
    m.metrics.push_back({measured_quantity::ttft_s, met.number("ttft_ms") * units::ms, true});
  if (met.has("ttft_ms_median") && online)
    m.metrics.push_back({measured_quantity::ttft_s, met.number("ttft_ms_median") * units::ms, false});
  if (m.metrics.empty()) return skipped("no metric the model predicts");

  try {
    validate(m.plan, m.model, m.system);
    if (m.prefill_plan) validate(*m.prefill_plan, m.model, m.system);
  } catch (const invalid_argument& e) {
    return skipped(std::string("plan does not validate: ") + e.what());
  }
  return m;
}

}  // namespace detail::meas

// Parses calibration.json's content; `where` names the origin in error messages.
[[nodiscard]] inline measurement_set parse_measurements(const nlohmann::json& j, const std::string& where) {
  if (!j.is_array()) throw invalid_argument(where, "", "top level must be an array of records");
  measurement_set out;
  for (std::size_t i = 0; i < j.size(); ++i) {
    const std::string path = "[" + std::to_string(i) + "].";
    if (!j[i].is_object()) throw invalid_argument(where + ": " + path.substr(0, path.size() - 1), "", "must be an object",
                                                   where + ": " + path.substr(0, path.size() - 1) + " must be an object");
    const detail::meas::fields r(j[i], where, path);
    skipped_measurement skip;
    if (auto m = detail::meas::parse_record(r, skip)) out.records.push_back(std::move(*m));
    else out.skipped.push_back(std::move(skip));
  }
  return out;
}

// Reads and parses a calibration.json file.
[[nodiscard]] inline measurement_set load_measurements(const std::filesystem::path& file) {
  const std::string where = file.filename().string();
  std::error_code ec;
  if (std::filesystem::exists(file, ec) && !std::filesystem::is_regular_file(file, ec))
    throw invalid_argument(where, "", "not a regular file (" + file.string() + ")");  // FIFO, directory
  std::ifstream in(file);
  if (!in) throw invalid_argument(where, "", "cannot open file (" + file.string() + ")");
  nlohmann::json j;
  try {
    j = detail::parse_json_bounded(in);
  } catch (const nlohmann::json::parse_error& e) {
    throw invalid_argument(where, "", "malformed JSON (" + std::string(e.what()) + ")");
  } catch (const invalid_argument& e) {
    throw invalid_argument(where, e);
  }
  return parse_measurements(j, where);
}

}  // namespace tokenomics
