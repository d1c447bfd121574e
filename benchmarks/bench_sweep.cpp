// Sweep throughput: configurations (plan × concurrency) estimated per second, reported as the
// items_per_second counter. Single-threaded and all-cores variants; the routing caches are warm
// after the first iteration (steady state of an interactive tool that sweeps repeatedly).
#include <benchmark/benchmark.h>

#include <tokenomics/explore/sweep.hpp>
#include <tokenomics/presets/registry.hpp>

namespace tk = tokenomics;

namespace {

void run(benchmark::State& state, const char* model_name, const char* gpu, int max_gpus) {
  const auto model = tk::presets::model_or_throw(model_name);
  const auto system = tk::presets::system_or_throw(gpu);
  const tk::workload work{.isl = 1024, .osl = 1024, .concurrency = 1};
  const tk::sweep_space space{.max_gpus = max_gpus, .threads = static_cast<unsigned>(state.range(0))};
  const auto n = tk::sweep_candidates(model, system, work, space).size();
  for (auto _ : state) {
    auto points = tk::sweep(model, system, work, space);
    benchmark::DoNotOptimize(points.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(n));
  state.counters["configurations"] = static_cast<double>(n);
}

void bm_sweep_llama70b_h100(benchmark::State& s) { run(s, "llama-3.3-70b", "h100", 8); }
void bm_sweep_qwen3_30b_h100(benchmark::State& s) { run(s, "qwen3-30b-a3b", "h100", 8); }
void bm_sweep_gpt_oss_120b_b200(benchmark::State& s) { run(s, "gpt-oss-120b", "b200", 8); }
void bm_sweep_deepseek_r1_gb200(benchmark::State& s) { run(s, "deepseek-r1", "gb200", 72); }

}  // namespace

// Argument: threads (1, or 0 = all cores).
BENCHMARK(bm_sweep_llama70b_h100)->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(bm_sweep_qwen3_30b_h100)->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(bm_sweep_gpt_oss_120b_b200)->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(bm_sweep_deepseek_r1_gb200)->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2.0);

BENCHMARK_MAIN();
