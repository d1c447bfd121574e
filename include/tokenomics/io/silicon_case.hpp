#pragma once
// A silicon_record (io/silicon.hpp) as the library's inputs: model, system, serving plan(s) and
// workload (needs nlohmann-json through io/hf_config.hpp).
//
//   auto rows = tokenomics::load_silicon_csv(dir / "measurements/silicon_calibration.csv");
//   tokenomics::silicon_cases c = tokenomics::map_silicon_records(rows, dir / "hf_configs");
//   // c.cases: ready for estimate() / estimate_disaggregated(); c.unsupported: {id, reason}
//
// Mapping rules (one per field, the same for every record):
//  - model: load_hf_config on silicon_config_file(model_path) in the given folder. Substitutions
//    (no config of that exact name; same architecture) are in data/reference/hf_configs/README.md.
//  - system: h100_sxm -> presets::hgx_h100, h200_sxm -> hgx_h200, b200_sxm -> hgx_b200, gb200 ->
//    gb200_nvl72; num_gpus is raised to the GPUs the run used (every prefill and decode worker) so
//    runs over several boxes validate. A tensor-parallel group must fit in the NVLink domain of the
//    system the data's README names (an 8-GPU box, or the 72-GPU NVL72 rack): TP across the
//    scale-out network is not how these runs were deployed (e.g. "tp 64" on 8-GPU B200 boxes),
//    so such a row's columns are taken as inconsistent and it is unsupported.
//  - plan precisions: a 4-bit label on a checkpoint released with 4-bit experts is the release
//    (gpt-oss: MXFP4 experts, BF16 attention); every plan then gets native_precisions for its GPU.
//  - plan: tp, pp as given; dp_attention = attention_dp (1 when not stated). MoE models: ep =
//    moe_ep, expert_tp = moe_tp; when the row states no expert layout (a size 0), ep = 1 and
//    expert_tp = 0 (every GPU of a stage holds a slice of every expert). Dense models: ep = 1, the
//    MoE columns are ignored. weights = gemm quant mode, expert_weights = moe quant mode.
//    activations: fp8 for fp8 / fp8_block GEMMs, nvfp4 for nvfp4 (also on Hopper, as the row says),
//    bf16 otherwise (bf16 weights, weight-only int4). ASSUMPTION: the KV cache is fp8 when the
//    activations are quantised (fp8 / nvfp4 rows) and bf16 for BF16 rows; the file does not say.
//  - workload: isl, osl; concurrency per (decode) replica = batch_size × attention_dp (the
//    README's rule; the client concurrency is kept in the record). Disagg rows without a decode
//    batch size use the client concurrency over the decode workers; rows that state neither (the
//    gap-analysis rows) are unsupported: their concurrency per decode worker is unknown.
//  - unsupported, with the reason: model_path without a config, config load_hf_config cannot
//    load, plans validate(plan, model, system) rejects (e.g. tp not dividing the attention heads,
//    the GPU identity failing when attention DP is not stated), and rows with no concurrency.
//    On the shipped file: 731 of 2,355 (tests/io/test_silicon.cpp pins the count; by reason in
//    docs/silicon_validation.md).
#include <algorithm>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "../core/error.hpp"
#include "../explore/calibrate.hpp"
#include "../presets/stacks.hpp"
#include "../presets/systems.hpp"
#include "../serving/native_precisions.hpp"
#include "../spec/model.hpp"
#include "../spec/plan.hpp"
#include "../spec/system.hpp"
#include "../spec/workload.hpp"
#include "hf_config.hpp"
#include "silicon.hpp"

namespace tokenomics {

struct silicon_case {
  silicon_record record;
  model_spec model;              // model.name views load_hf_config's interned name
  system_spec system;
  serving_plan plan;             // agg: the replica; disagg: a decode worker
  serving_plan prefill_plan;     // disagg: a prefill worker
  double prefill_replicas{};     // disagg: prefill workers per decode worker (0: not stated)
  workload work;
};

struct silicon_skip {
  std::string id;
  std::string reason;
};

struct silicon_cases {
  std::vector<silicon_case> cases;
  std::vector<silicon_skip> unsupported;
};

// The config file (in data/reference/hf_configs) of a CSV model_path; empty if none is known.
[[nodiscard]] inline std::string_view silicon_config_file(std::string_view model_path) noexcept {
  struct entry {
    std::string_view model_path, file;
  };
  constexpr entry table[] = {
      {"deepseek-ai/DeepSeek-R1", "deepseek-ai--DeepSeek-R1_config.json"},
      {"deepseek-ai/DeepSeek-V3", "deepseek-ai--DeepSeek-V3_config.json"},
      {"openai/gpt-oss-120b", "openai--gpt-oss-120b_config.json"},
      {"Qwen/Qwen3-32B", "Qwen--Qwen3-32B_config.json"},
      {"Qwen/Qwen3-235B-A22B-FP8", "Qwen--Qwen3-235B-A22B-FP8_config.json"},
      {"nvidia/DeepSeek-V3.1-NVFP4", "nvidia--DeepSeek-V3.1-NVFP4_config.json"},
      // Substitutions: same architecture under another name (hf_configs/README.md).
      {"meta-llama/Llama-3.1-70B", "meta-llama--Meta-Llama-3.1-70B_config.json"},
      {"meta-llama/Llama-3.1-8B-Instruct", "meta-llama--Meta-Llama-3.1-8B_config.json"},
      {"nvidia/Llama-3.1-8B-Instruct-FP8", "meta-llama--Meta-Llama-3.1-8B_config.json"},
      {"nvidia/DeepSeek-R1-NVFP4", "deepseek-ai--DeepSeek-R1_config.json"},
      {"nvidia/Qwen3-32B-NVFP4", "Qwen--Qwen3-32B_config.json"},
  };
  for (const entry& e : table)
    if (e.model_path == model_path) return e.file;
  return {};
}

[[nodiscard]] constexpr system_spec silicon_system_preset(silicon_system s) noexcept {
  switch (s) {
    case silicon_system::h100_sxm: return presets::hgx_h100;
    case silicon_system::h200_sxm: return presets::hgx_h200;
    case silicon_system::b200_sxm: return presets::hgx_b200;
    case silicon_system::gb200: return presets::gb200_nvl72;
  }
  return presets::hgx_h100;  // unreachable for valid enumerators
}

// GEMM activations of a row: quantised with FP8 / NVFP4 GEMMs, BF16 otherwise (header comment).
[[nodiscard]] constexpr precision silicon_activations(precision gemm) noexcept {
  switch (gemm) {
    case precision::fp8:
    case precision::fp8_block: return precision::fp8;
    case precision::nvfp4: return precision::nvfp4;
    default: return precision::bf16;
  }
}

// The serving plan of one engine (agg replica or disagg worker) of a record.
[[nodiscard]] inline serving_plan silicon_plan(const silicon_record& r, const silicon_layout& l, const model_spec& m) {
  serving_plan p;
  p.tp = l.tp;
  p.pp = l.pp;
  p.dp_attention = std::max(l.attention_dp, 1);
  if (m.is_moe() && l.moe_tp > 0 && l.moe_ep > 0) {
    p.ep = l.moe_ep;
    p.expert_tp = l.moe_tp;
  }
  p.weights = r.gemm_quant;
  p.expert_weights = r.moe_quant;
  p.activations = silicon_activations(r.gemm_quant);
  p.kv_cache = p.activations == precision::bf16 ? precision::bf16 : precision::fp8;
  // A 4-bit label on a checkpoint released with 4-bit experts is the release itself (gpt-oss:
  // MXFP4 experts, BF16 attention), run natively where the GPU can (serving/native_precisions.hpp).
  if (m.is_moe() && bits_per_element(m.released_expert_weights) <= 4.5 && bits_per_element(r.moe_quant) <= 4.5) {
    p.weights = m.released_weights;
    p.expert_weights = m.released_expert_weights;
    p.activations = precision::bf16;
  }
  return p;
}

// Requests in flight per (decode) replica; 0 when the row gives no way to know (a disagg row
// with neither a decode batch size nor a decode worker count: the client concurrency is spread
// over an unknown number of decode workers).
[[nodiscard]] inline int silicon_replica_concurrency(const silicon_record& r) noexcept {
  const silicon_layout& l = r.mode == silicon_mode::agg ? r.agg : r.decode;
  if (l.batch_size > 0) return l.batch_size * std::max(l.attention_dp, 1);
  if (r.mode == silicon_mode::disagg && l.num_workers <= 0) return 0;
  return r.client_concurrency / std::max(l.num_workers, 1);
}

// GPUs the run used: the agg replica, or every prefill and decode worker (1 when not stated).
[[nodiscard]] inline int silicon_run_gpus(const silicon_record& r) noexcept {
  auto gpus = [](const silicon_layout& l) { return l.tp * l.pp * std::max(l.attention_dp, 1) * std::max(l.num_workers, 1); };
  return r.mode == silicon_mode::agg ? gpus(r.agg) : gpus(r.prefill) + gpus(r.decode);
}

namespace detail::silicon {

// validate(plan, model, system) with the message prefixed by the worker kind ("decode plan.tp ...").
inline void validate_named(std::string_view kind, const serving_plan& p, const model_spec& m, const system_spec& s) {
  try {
    validate(p, m, s);
  } catch (const invalid_argument& e) {
    throw invalid_argument(std::string(kind) + e.field(), e.value(), e.rule());
  }
}

// A tensor-parallel group larger than the named system's scale-up domain (header comment).
inline void require_one_domain(std::string_view kind, const serving_plan& p, const system_spec& s) {
  if (p.tp > s.scale_up_domain_gpus)
    fail(std::string(kind) + "plan.tp", show(p.tp),
         "a tensor-parallel group larger than the row's system's NVLink domain (" + show(s.scale_up_domain_gpus) +
             " GPUs)");
}

// One record as a case; throws invalid_argument with the reason it is unsupported.
inline silicon_case to_case(const silicon_record& r, const model_spec& m) {
  silicon_case c;
  c.record = r;
  c.model = m;
  c.system = silicon_system_preset(r.system);
  c.system.num_gpus = std::max(c.system.num_gpus, silicon_run_gpus(r));
  if (r.mode == silicon_mode::agg) {
    c.plan = native_precisions(silicon_plan(r, r.agg, m), c.system.gpu);
    validate(c.plan, m, c.system);
    require_one_domain("", c.plan, c.system);
  } else {
    c.prefill_plan = native_precisions(silicon_plan(r, r.prefill, m), c.system.gpu);
    c.plan = native_precisions(silicon_plan(r, r.decode, m), c.system.gpu);
    if (r.prefill.num_workers > 0 && r.decode.num_workers > 0)
      c.prefill_replicas = double(r.prefill.num_workers) / double(r.decode.num_workers);
    validate_named("prefill ", c.prefill_plan, m, c.system);
    validate_named("decode ", c.plan, m, c.system);
    require_one_domain("prefill ", c.prefill_plan, c.system);
    require_one_domain("decode ", c.plan, c.system);
  }
  c.work = workload{.isl = r.isl, .osl = r.osl, .concurrency = silicon_replica_concurrency(r)};
  if (c.work.concurrency <= 0)
    throw invalid_argument("concurrency per replica", "",
                           "no batch size, and no client concurrency or (disagg) no decode worker count");
  return c;
}

}  // namespace detail::silicon

// Maps every record; each config file is loaded once.
[[nodiscard]] inline silicon_cases map_silicon_records(const std::vector<silicon_record>& records,
                                                       const std::filesystem::path& hf_config_dir) {
  silicon_cases out;
  std::map<std::string, model_spec, std::less<>> models;
  std::map<std::string, std::string, std::less<>> load_errors;
  for (const silicon_record& r : records) {
    const std::string file(silicon_config_file(r.model_path));
    if (file.empty()) {
      out.unsupported.push_back({r.id, "no config file for model_path " + r.model_path});
      continue;
    }
    if (!models.contains(file) && !load_errors.contains(file)) {
      try {
        models.emplace(file, load_hf_config(hf_config_dir / file).model);
      } catch (const invalid_argument& e) {
        load_errors.emplace(file, e.what());
      }
    }
    if (const auto err = load_errors.find(file); err != load_errors.end()) {
      out.unsupported.push_back({r.id, "config: " + err->second});
      continue;
    }
    try {
      out.cases.push_back(detail::silicon::to_case(r, models.at(file)));
    } catch (const invalid_argument& e) {
      out.unsupported.push_back({r.id, e.what()});
    }
  }
  return out;
}

// A case as a calibration record (explore/calibrate.hpp): online at the replica's concurrency,
// measured TTFT and TPOT, served by its framework's stack on its GPU (presets/stacks.hpp).
[[nodiscard]] inline measurement to_measurement(const silicon_case& c) {
  measurement m;
  m.id = c.record.id;
  m.source_family = "silicon_calibration.csv";
  m.model_label = c.record.model_path;
  m.gpu_label = std::string(name_of(c.record.system));
  m.model = c.model;
  m.system = c.system;
  m.stack = presets::stack_for(c.record.backend, c.system.gpu);
  m.plan = c.plan;
  if (c.record.mode == silicon_mode::disagg) {
    m.prefill_plan = c.prefill_plan;
    m.prefill_replicas = c.prefill_replicas;
  }
  m.scenario = measurement_scenario::online_fixed_concurrency;
  m.isl = c.work.isl;
  m.osl = c.work.osl;
  m.concurrency = c.work.concurrency;
  m.metrics = {{measured_quantity::ttft_s, c.record.ttft_s, true}, {measured_quantity::tpot_s, c.record.tpot_s, true}};
  return m;
}

}  // namespace tokenomics
