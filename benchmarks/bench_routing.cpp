// Cost of the MoE routing statistics the step oracle calls (include/tokenomics/moe/).
// ep_load is cached per thread: a warm call is a hash lookup; a cold call evaluates the
// distribution sums. "Cold" runs use a fresh token count on every iteration so that every call
// misses the result cache (the B-independent profile stays cached, as in a sweep over batches).
#include <benchmark/benchmark.h>

#include <cstdint>

#include <tokenomics/moe/moe.hpp>
#include <tokenomics/presets/routing.hpp>

namespace tk = tokenomics;

namespace {

void bm_ep_load_warm(benchmark::State& state) {
  const auto g = static_cast<int>(state.range(0));
  (void)tk::ep_load(256, 8, g, 4096);
  for (auto _ : state) benchmark::DoNotOptimize(tk::ep_load(256, 8, g, 4096));
}
BENCHMARK(bm_ep_load_warm)->Arg(8)->Arg(32)->Arg(64);

void bm_ep_load_cold_uniform(benchmark::State& state) {
  const auto g = static_cast<int>(state.range(0));
  static std::int64_t next = 64;  // token counts not seen recently: result-cache misses
  for (auto _ : state) {
    next = next >= 8192 ? 64 : next + 1;  // B in [64, 8192]
    benchmark::DoNotOptimize(tk::ep_load(256, 8, g, next));
  }
}
BENCHMARK(bm_ep_load_cold_uniform)->Arg(8)->Arg(32)->Arg(64)->Unit(benchmark::kMicrosecond);

void bm_ep_load_cold_skew(benchmark::State& state) {
  const tk::routing_skew skew{tk::skew_kind::lognormal, 1.0};
  const auto redundant = static_cast<int>(state.range(0));
  static std::int64_t next = 64;
  for (auto _ : state) {
    next = next >= 8192 ? 64 : next + 1;
    benchmark::DoNotOptimize(tk::ep_load(256, 8, 32, next, skew, redundant));
  }
}
BENCHMARK(bm_ep_load_cold_skew)->Arg(0)->Arg(32)->Unit(benchmark::kMicrosecond);

// The same with a share fluctuation (share_cv = 0.10): the extra per-rank sums over replicas.
void bm_ep_load_cold_share_cv(benchmark::State& state) {
  const auto redundant = static_cast<int>(state.range(0));
  static std::int64_t next = 64;
  for (auto _ : state) {
    next = next >= 8192 ? 64 : next + 1;
    benchmark::DoNotOptimize(tk::ep_load(256, 8, 32, next, tk::presets::deepseek_r1_translation_routing, redundant));
  }
}
BENCHMARK(bm_ep_load_cold_share_cv)->Arg(0)->Arg(32)->Unit(benchmark::kMicrosecond);

void bm_ep_load_warm_skew(benchmark::State& state) {
  const tk::routing_skew skew{tk::skew_kind::lognormal, 1.0};
  (void)tk::ep_load(256, 8, 32, 4096, skew);
  for (auto _ : state) benchmark::DoNotOptimize(tk::ep_load(256, 8, 32, 4096, skew));
}
BENCHMARK(bm_ep_load_warm_skew);

void bm_expected_max_load_corrected(benchmark::State& state) {
  const auto b = static_cast<std::int64_t>(state.range(0));
  for (auto _ : state) benchmark::DoNotOptimize(tk::expected_max_load(256, 8, b));
}
BENCHMARK(bm_expected_max_load_corrected)->Arg(32)->Arg(512)->Arg(8192)->Unit(benchmark::kMicrosecond);

void bm_expected_distinct(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(tk::expected_distinct_experts(256, 8, 128));
}
BENCHMARK(bm_expected_distinct);

}  // namespace

BENCHMARK_MAIN();
