// Where DeepSeek-R1 decode on GB200 NVL72 (DP-attention + EP32, FP8) stops being bound by
// streaming expert weights and communication and becomes compute bound (issue D): with the
// pure roofline and with TensorRT-LLM's kernel curves on GB200 (presets/stacks.hpp).
#include <cstdio>
#include <vector>

#include <tokenomics/io/table_writers.hpp>
#include <tokenomics/presets/models.hpp>
#include <tokenomics/presets/stacks.hpp>
#include <tokenomics/presets/systems.hpp>
#include <tokenomics/step/step.hpp>

namespace tk = tokenomics;
namespace pr = tokenomics::presets;

namespace {

void print_table(const char* title, const tk::software_stack& eff) {
  const tk::serving_plan plan{.tp = 1, .ep = 32, .dp_attention = 32, .weights = tk::precision::fp8,
                              .activations = tk::precision::fp8, .kv_cache = tk::precision::fp8};
  constexpr double context = 2048;
  std::vector<tk::table_row> rows;
  double crossover = 0;
  for (double batch = 32; batch <= 32768; batch *= 2) {
    const auto s = tk::decode_step(pr::deepseek_r1, pr::gb200_nvl72, plan, batch, context, eff);
    if (!s.fits) break;
    const auto& experts = s.at(tk::operator_class::routed_experts);
    const char* bound = s.limiter == tk::bound_by::compute ? "compute"
                        : s.limiter == tk::bound_by::communication ? "communication"
                        : s.limiter == tk::bound_by::overhead ? "overhead" : "HBM bandwidth";
    if (crossover == 0 && s.limiter == tk::bound_by::compute) crossover = batch;
    rows.push_back({batch, batch / 32, s.time_s * 1e3, s.memory_s * 1e3, s.compute_s * 1e3,
                    s.ep_communication_s * 1e3, experts.weight_bytes / 1e9, s.routing.max_distinct_experts_per_rank,
                    1.0 / s.time_s, batch / s.time_s / 32, bound});
  }
  std::printf("DeepSeek-R1 FP8 decode, GB200 NVL72, TP1 EP32 DP-attention 32, context %g: %s\n\n", context, title);
  std::fputs(tk::to_text_table({"batch", "seqs/GPU", "step ms", "memory ms", "compute ms", "EP comm ms",
                                "expert weights GB/GPU", "experts touched/rank", "tok/s/user", "tok/s/GPU", "bound by"},
                               rows)
                 .c_str(),
             stdout);
  if (crossover > 0) std::printf("\nCompute bound from a batch of %g sequences (%g per GPU).\n", crossover, crossover / 32);
  std::printf("\n");
}

}  // namespace

int main() {
  print_table("pure roofline", tk::software_stack::ideal());
  print_table("TensorRT-LLM on GB200", pr::stack_for(tk::framework::trtllm, pr::gb200));
  return 0;
}
