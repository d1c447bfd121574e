// Cost of the comm/ entry points the step oracle calls per step (validation included).
#include <benchmark/benchmark.h>

#include <tokenomics/comm/comm.hpp>

namespace tk = tokenomics;

namespace {
tk::system_spec boxes() {
  return {.num_gpus = 256, .scale_up_domain_gpus = 8, .scale_up_bytes_per_s = 450e9,
          .scale_out_bytes_per_s = 50e9, .scale_up_latency_s = 0.6e-6, .scale_out_latency_s = 2.7e-6};
}

void bm_collective_time(benchmark::State& st) {
  const auto sys = boxes();
  const tk::fabric_efficiency eff{.scale_up_fraction = 0.82, .scale_out_fraction = 0.8};
  int n = 2;
  for (auto _ : st) {
    benchmark::DoNotOptimize(tk::collective_time(tk::collective_kind::all_reduce, sys, eff, n, 917'504.0));
    n = n == 64 ? 2 : n + 1;
  }
}
BENCHMARK(bm_collective_time);

void bm_ep_exchange_time(benchmark::State& st) {
  const auto sys = boxes();
  const tk::fabric_efficiency eff{.scale_up_fraction = 0.82, .scale_out_fraction = 0.8};
  double copies = 1024;
  for (auto _ : st) {
    benchmark::DoNotOptimize(
        tk::ep_exchange_time(sys, eff, 64, copies, 7168, tk::precision::fp8, tk::precision::bf16));
    copies += 1;
  }
}
BENCHMARK(bm_ep_exchange_time);

void bm_tp_block(benchmark::State& st) {
  const auto sys = boxes();
  const tk::fabric_efficiency eff{.scale_up_fraction = 0.82, .scale_out_fraction = 0.8};
  for (auto _ : st)
    benchmark::DoNotOptimize(tk::tp_block_comm_time(sys, eff, 8, 64.0, 7168, tk::precision::bf16));
}
BENCHMARK(bm_tp_block);
}  // namespace

BENCHMARK_MAIN();
