// Cost of one step-oracle call: what a simulator pays per query (design §5).
#include <benchmark/benchmark.h>

#include <tokenomics/presets/models.hpp>
#include <tokenomics/presets/systems.hpp>
#include <tokenomics/step/step.hpp>

namespace tk = tokenomics;
namespace pr = tokenomics::presets;

static void decode_step_dense_tp8(benchmark::State& state) {
  const tk::serving_plan plan{.tp = 8};
  double batch = 1;
  for (auto _ : state) {
    benchmark::DoNotOptimize(tk::decode_step(pr::llama_3_3_70b, pr::hgx_h100, plan, batch, 2048.0));
    batch = batch < 256 ? batch + 1 : 1;
  }
}
BENCHMARK(decode_step_dense_tp8);

// DeepSeek-R1 DP-attention + EP32: routing statistics come from the warm per-thread cache.
static void decode_step_moe_ep32(benchmark::State& state) {
  const tk::serving_plan plan{.tp = 1, .ep = 32, .dp_attention = 32, .weights = tk::precision::fp8,
                              .activations = tk::precision::fp8, .kv_cache = tk::precision::fp8};
  double batch = 32;
  for (auto _ : state) {
    benchmark::DoNotOptimize(tk::decode_step(pr::deepseek_r1, pr::gb200_nvl72, plan, batch, 2048.0));
    batch = batch < 4096 ? batch + 32 : 32;  // 128 distinct batches: all warm after the first pass
  }
}
BENCHMARK(decode_step_moe_ep32);

static void mixed_step_moe_ep8(benchmark::State& state) {
  const tk::serving_plan plan{.tp = 1, .ep = 8, .dp_attention = 8, .weights = tk::precision::fp8,
                              .activations = tk::precision::fp8, .kv_cache = tk::precision::fp8};
  for (auto _ : state)
    benchmark::DoNotOptimize(tk::mixed_step(pr::deepseek_r1, pr::hgx_h200, plan, 256.0, 1536.0, 256.0, 1024.0));
}
BENCHMARK(mixed_step_moe_ep8);

BENCHMARK_MAIN();
