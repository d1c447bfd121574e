// The main example: parameters, memory per GPU, FLOPs per token and KV bytes per token for a
// dense and an MoE model on an 8-GPU H200 box and a GB200 NVL72 rack, then one decode step each.
#include <cstdio>
#include <string>
#include <vector>

#include <tokenomics/closed_form/flops.hpp>
#include <tokenomics/closed_form/kv_cache.hpp>
#include <tokenomics/closed_form/memory.hpp>
#include <tokenomics/closed_form/parameters.hpp>
#include <tokenomics/core/units.hpp>
#include <tokenomics/io/table_writers.hpp>
#include <tokenomics/presets/models.hpp>
#include <tokenomics/presets/systems.hpp>
#include <tokenomics/step/step.hpp>

namespace tk = tokenomics;
namespace pr = tokenomics::presets;
using tk::units::GB;

namespace {

struct deployment {
  const char* label;
  tk::model_spec model;
  tk::system_spec system;
  tk::serving_plan plan;
};

std::string plan_text(const tk::serving_plan& p) {
  return "TP" + std::to_string(p.tp) + (p.ep > 1 ? " EP" + std::to_string(p.ep) : "") +
         (p.dp_attention > 1 ? " DP" + std::to_string(p.dp_attention) : "") + " " +
         std::string(tk::name_of(p.weights));
}

const char* bound_text(tk::bound_by b) {
  switch (b) {
    case tk::bound_by::memory_bandwidth: return "HBM bandwidth";
    case tk::bound_by::compute: return "compute";
    case tk::bound_by::communication: return "communication";
    case tk::bound_by::overhead: return "overhead";
  }
  return "?";
}

}  // namespace

int main() {
  const tk::serving_plan llama_tp8{.tp = 8};  // BF16, as released
  const tk::serving_plan r1_tp8{.tp = 8, .weights = tk::precision::fp8, .activations = tk::precision::fp8,
                                .kv_cache = tk::precision::fp8};
  const tk::serving_plan r1_ep32{.tp = 1, .ep = 32, .dp_attention = 32, .weights = tk::precision::fp8,
                                 .activations = tk::precision::fp8, .kv_cache = tk::precision::fp8};
  const std::vector<deployment> deployments{
      {"Llama-3.3-70B", pr::llama_3_3_70b, pr::hgx_h200, llama_tp8},
      {"Llama-3.3-70B", pr::llama_3_3_70b, pr::gb200_nvl72, llama_tp8},
      {"DeepSeek-R1", pr::deepseek_r1, pr::hgx_h200, r1_tp8},
      {"DeepSeek-R1", pr::deepseek_r1, pr::gb200_nvl72, r1_ep32},
  };

  constexpr double context = 2048;  // tokens per sequence for FLOPs, KV and the step below
  constexpr int batch = 64;         // sequences per replica in the decode step
  std::vector<tk::table_row> closed, steps;
  for (const auto& d : deployments) {
    const auto params = tk::parameter_count_of(d.model);
    const auto mem = tk::memory_footprint_of(d.model, d.system, d.plan, batch, context);
    closed.push_back({d.label, std::string(d.system.name), plan_text(d.plan), params.total() / 1e9, params.active / 1e9,
                      mem.weights_bytes_per_gpu / GB, mem.kv_bytes_per_gpu / GB,
                      tk::max_concurrency(d.model, d.system, d.plan, context),
                      tk::decode_flops_per_token(d.model, context) / 1e9,
                      tk::kv_bytes_per_token(d.model, d.plan.kv_cache) / 1e3});
    const auto s = tk::decode_step(d.model, d.system, d.plan, batch, context);
    steps.push_back({d.label, std::string(d.system.name), plan_text(d.plan), s.time_s * 1e3, 1.0 / s.time_s,
                     batch / s.time_s / d.plan.gpus(), s.memory_s * 1e3, s.compute_s * 1e3,
                     s.communication_s * 1e3, bound_text(s.limiter)});
  }
  std::printf("Closed forms (context %g tokens, %d sequences per replica)\n\n", context, batch);
  std::fputs(tk::to_text_table({"model", "system", "plan", "params B", "active B", "weights GB/GPU", "KV GB/GPU",
                                "max seqs", "GFLOP/token", "KV kB/token"},
                               closed)
                 .c_str(),
             stdout);
  std::printf("\nOne decode step (the generic software stack, software_stack{})\n\n");
  std::fputs(tk::to_text_table({"model", "system", "plan", "step ms", "tok/s/user", "tok/s/GPU", "memory ms",
                                "compute ms", "comm ms", "bound by"},
                               steps)
                 .c_str(),
             stdout);
  return 0;
}
