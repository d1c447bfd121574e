#pragma once
// Command-line values -> tokenomics descriptions. Every flag is read as text and parsed here, so
// each error names the flag and the value the user typed ("--tp = 3: must divide
// model.num_attention_heads = 64"); main() prints it to stderr and exits with code 2.
#include <tokenomics/io/hf_config.hpp>
#include <tokenomics/presets/registry.hpp>
#include <tokenomics/presets/routing.hpp>
#include <tokenomics/presets/stacks.hpp>
#include <tokenomics/serving/native_precisions.hpp>
#include <tokenomics/spec/plan.hpp>
#include <tokenomics/explore/sweep.hpp>

#include <array>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace tokenomics_cli {

namespace tk = tokenomics;

// A usage error: message for stderr, exit code 2.
struct usage_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

[[noreturn]] inline void fail(std::string_view flag, std::string_view value, std::string_view rule) {
  throw usage_error(std::string(flag) + " = " + std::string(value) + ": " + std::string(rule));
}

// Integer > 0 (or >= 0 with allow_zero).
inline int parse_int(std::string_view flag, const std::string& text, bool allow_zero = false) {
  int v = 0;
  const auto* end = text.data() + text.size();
  const auto r = std::from_chars(text.data(), end, v);
  if (r.ec == std::errc::result_out_of_range) fail(flag, text, "out of range");
  if (r.ec != std::errc() || r.ptr != end) fail(flag, text, "must be an integer");
  if (allow_zero ? v < 0 : v <= 0) fail(flag, text, allow_zero ? "must be >= 0" : "must be > 0");
  return v;
}

// Finite number > 0 (NaN, inf, 0 and negatives are rejected).
inline double parse_positive(std::string_view flag, const std::string& text) {
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size()) fail(flag, text, "must be a number");
  if (!std::isfinite(v) || !(v > 0)) fail(flag, text, "must be finite and > 0");
  return v;
}

// Number in [0, 1).
inline double parse_acceptance(std::string_view flag, const std::string& text) {
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size()) fail(flag, text, "must be a number");
  if (!(v >= 0 && v < 1)) fail(flag, text, "must be in [0, 1)");
  return v;
}

// --model NAME|config.json: a preset name, or a path to a Hugging Face config.json (anything
// ending in ".json" or naming an existing file).
inline tk::model_spec resolve_model(std::string_view flag, const std::string& text) {
  if (auto m = tk::presets::find_model(text)) return *m;
  std::error_code ec;
  const bool is_file = std::filesystem::is_regular_file(text, ec);
  if (is_file || text.ends_with(".json")) {
    try {
      return tk::load_hf_config(text).model;  // model.name views an interned copy
    } catch (const tk::invalid_argument& e) {
      fail(flag, text, e.what());
    }
  }
  std::string known;
  for (auto n : tk::presets::model_names()) known += (known.empty() ? "" : ", ") + std::string(n);
  fail(flag, text, "unknown model (known: " + known + "; or a path to a config.json)");
}

// --gpu NAME: the GPU's usual system (gb200/gb300: NVL72 rack; others: 8-GPU box).
inline tk::system_spec resolve_system(std::string_view flag, const std::string& text) {
  if (auto s = tk::presets::find_system(text)) return *s;
  std::string known;
  for (auto n : tk::presets::gpu_names()) known += (known.empty() ? "" : ", ") + std::string(n);
  fail(flag, text, "unknown GPU (known: " + known + ")");
}

// --weights bf16|fp8|fp4|nvfp4|mxfp4; fp4 = the GPU's native FP4 (NVFP4 on NVIDIA, MXFP4 on AMD).
inline tk::precision resolve_weights(std::string_view flag, const std::string& text, const tk::accelerator_spec& gpu) {
  if (text == "bf16") return tk::precision::bf16;
  if (text == "fp8") return tk::precision::fp8;
  if (text == "fp8-block") return tk::precision::fp8_block;
  if (text == "fp4") return tk::native_fp4(gpu);
  if (text == "nvfp4") return tk::precision::nvfp4;
  if (text == "mxfp4") return tk::precision::mxfp4;
  if (text == "int4-wo") return tk::precision::int4;
  fail(flag, text, "unknown precision (bf16, fp8, fp8-block, fp4, nvfp4, mxfp4, int4-wo)");
}

// --framework trtllm|sglang|vllm|atom|auto: the software stack on the system's GPU
// (presets/stacks.hpp); auto picks the best-calibrated one for the GPU.
inline tk::software_stack resolve_stack(std::string_view flag, const std::string& text, const tk::accelerator_spec& gpu) {
  if (text.empty() || text == "auto") return tk::presets::stack_for(tk::presets::auto_framework(gpu), gpu);
  for (const auto f : {tk::framework::trtllm, tk::framework::sglang, tk::framework::vllm, tk::framework::atom})
    if (text == tk::name_of(f)) return tk::presets::stack_for(f, gpu);
  fail(flag, text, "unknown framework (trtllm, sglang, vllm, atom, auto)");
}

// --kv bf16|fp8
inline tk::precision resolve_kv(std::string_view flag, const std::string& text) {
  if (text == "bf16") return tk::precision::bf16;
  if (text == "fp8") return tk::precision::fp8;
  fail(flag, text, "unknown KV-cache precision (bf16, fp8)");
}

// --routing uniform | deepseek-r1-translation | lognormal:SIGMA[:CV] | zipf:S[:CV] |
// dirichlet:ALPHA[:CV]: expert popularity (spec/workload.hpp; CV = share_cv, default 0).
inline tk::routing_skew resolve_routing(std::string_view flag, const std::string& text) {
  if (text == "uniform") return {};
  if (text == "deepseek-r1-translation") return tk::presets::deepseek_r1_translation_routing;
  const auto colon = text.find(':');
  const std::string kind = text.substr(0, colon);
  tk::routing_skew skew{};
  if (kind == "lognormal") skew.kind = tk::skew_kind::lognormal;
  else if (kind == "zipf") skew.kind = tk::skew_kind::zipf;
  else if (kind == "dirichlet") skew.kind = tk::skew_kind::dirichlet;
  else fail(flag, text, "unknown routing (uniform, deepseek-r1-translation, lognormal:SIGMA[:CV], zipf:S[:CV], dirichlet:ALPHA[:CV])");
  if (colon == std::string::npos) fail(flag, text, kind + " needs a parameter, e.g. " + kind + ":1.0");
  auto number = [&](const std::string& part) {
    char* end = nullptr;
    const double v = std::strtod(part.c_str(), &end);
    if (part.empty() || end != part.c_str() + part.size()) fail(flag, text, "'" + part + "' is not a number");
    return v;
  };
  const std::string rest = text.substr(colon + 1);
  const auto second = rest.find(':');
  skew.parameter = number(rest.substr(0, second));
  if (second != std::string::npos) skew.share_cv = number(rest.substr(second + 1));
  try {
    tk::validate(skew);
  } catch (const tk::invalid_argument& e) {
    fail(flag, text, e.what());
  }
  return skew;
}

enum class output_format { text, json, csv, svg };

inline output_format resolve_format(const std::string& text, bool allow_tables) {
  if (text == "text") return output_format::text;
  if (text == "json") return output_format::json;
  if (allow_tables && text == "csv") return output_format::csv;
  if (allow_tables && text == "svg") return output_format::svg;
  fail("--format", text, allow_tables ? "must be text, json, csv or svg" : "must be text or json");
}

// The flag behind a library field (invalid_argument::field()); "" when no flag sets it.
inline std::string flag_for_field(std::string_view field) {
  if (field.starts_with("workload.skew.")) return "--routing";
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 18> map{{
      {"plan.tp", "--tp"},
      {"plan.ep", "--ep"},
      {"plan.pp", "--pp"},
      {"plan.dp_attention", "--dp"},
      {"plan.expert_tp", "--ep"},
      {"plan.gpus", "--gpus"},
      {"plan.mtp_depth", "--mtp"},
      {"plan.mtp_acceptance", "--acceptance"},
      {"workload.isl", "--isl"},
      {"workload.osl", "--osl"},
      {"workload.concurrency", "--concurrency"},
      {"plan.weights", "--weights"},
      {"plan.redundant_experts", "--redundant-experts"},
      {"plan.tp * plan.dp_attention", "--gpus"},
      {"system.price_usd_per_gpu_hour", "--price-usd-per-gpu-hour"},
      {"space.max_gpus", "--max-gpus"},
      {"space.redundant_experts[0]", "--redundant-experts"},
      {"space.redundant_experts[1]", "--redundant-experts"},
  }};
  for (const auto& [f, flag] : map)
    if (f == field) return std::string(flag);
  return {};
}

}  // namespace tokenomics_cli
