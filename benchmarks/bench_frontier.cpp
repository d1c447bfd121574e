// Benchmarks for include/tokenomics/explore/frontier.hpp: pareto of 1e3..1e6 random points (a
// sweep-like trade-off cloud and a uniform cloud), and throughput_at queries on the frontier.
#include <tokenomics/explore/frontier.hpp>

#include <benchmark/benchmark.h>

#include <cmath>
#include <random>
#include <vector>

namespace tk = tokenomics;

namespace {

// Throughput ~ 1/interactivity with noise, interactivity log-uniform in [5, 500] tok/s/user:
// the shape of a real sweep, with a frontier of a few dozen to a few hundred points.
std::vector<tk::operating_point> tradeoff_cloud(std::size_t n) {
  std::mt19937_64 rng(42);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::vector<tk::operating_point> pts(n);
  for (std::size_t i = 0; i < n; ++i) {
    const double x = 5.0 * std::exp(std::log(100.0) * u(rng));
    pts[i] = {.tok_per_s_per_user = x, .output_tok_per_s_per_gpu = 2e5 / x * (0.5 + u(rng)), .id = i};
  }
  return pts;
}

std::vector<tk::operating_point> uniform_cloud(std::size_t n) {
  std::mt19937_64 rng(43);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::vector<tk::operating_point> pts(n);
  for (std::size_t i = 0; i < n; ++i)
    pts[i] = {.tok_per_s_per_user = 1000.0 * u(rng), .output_tok_per_s_per_gpu = 5000.0 * u(rng), .id = i};
  return pts;
}

void BM_pareto_tradeoff(benchmark::State& state) {
  const auto pts = tradeoff_cloud(static_cast<std::size_t>(state.range(0)));
  std::size_t frontier_size = 0;
  for (auto _ : state) {
    auto f = tk::pareto(pts);
    frontier_size = f.size();
    benchmark::DoNotOptimize(f.data());
  }
  state.counters["frontier"] = static_cast<double>(frontier_size);
  state.SetItemsProcessed(state.iterations() * state.range(0));
  state.SetComplexityN(state.range(0));
}
BENCHMARK(BM_pareto_tradeoff)->RangeMultiplier(10)->Range(1000, 1000000)->Complexity(benchmark::oNLogN);

void BM_pareto_uniform(benchmark::State& state) {
  const auto pts = uniform_cloud(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    auto f = tk::pareto(pts);
    benchmark::DoNotOptimize(f.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_pareto_uniform)->Arg(100000);

void BM_throughput_at(benchmark::State& state) {
  const auto f = tk::pareto(tradeoff_cloud(100000));
  std::mt19937_64 rng(44);
  std::uniform_real_distribution<double> u(5.0, 500.0);
  std::vector<double> xs(1024);
  for (auto& x : xs) x = u(rng);
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(tk::throughput_at(f, xs[i++ & 1023]));
  }
  state.counters["frontier"] = static_cast<double>(f.size());
}
BENCHMARK(BM_throughput_at);

}  // namespace

BENCHMARK_MAIN();
