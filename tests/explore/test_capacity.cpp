// Tests for include/tokenomics/explore/capacity.hpp: the chosen fleet delivers the demanded rate,
// meets the target, needs no more GPUs than any other qualifying point, and infeasible targets are
// reported with a reason.
#include <tokenomics/explore/capacity.hpp>
#include <tokenomics/presets/registry.hpp>

#include <cmath>
#include <string>

#include "tt.hpp"

namespace tk = tokenomics;

namespace {
const tk::workload work{.isl = 1024, .osl = 512, .concurrency = 1};
const tk::sweep_space space{.max_gpus = 8};
}  // namespace

TEST_CASE("plan_capacity: GPUs x per-GPU throughput covers the demand, the target holds") {
  const auto model = tk::presets::llama_3_1_8b;
  const auto system = tk::presets::system_or_throw("h100");  // $1.90/GPU-h preset
  for (const double rps : {0.5, 10.0, 400.0}) {
    CAPTURE(rps);
    const tk::capacity_target target{.min_tok_per_s_per_user = 50, .max_ttft_s = 1.0};
    const auto cap = tk::plan_capacity(model, system, work, rps, target, space);
    REQUIRE(cap.feasible);
    CHECK(cap.reason.empty());
    CHECK(cap.demanded_output_tok_per_s == tt::rel(rps * 512, 1e-12));
    CHECK(double(cap.num_gpus) * cap.chosen.output_tok_per_s_per_gpu >= cap.demanded_output_tok_per_s * (1 - 1e-12));
    CHECK(double(cap.replicas) * cap.replica_output_tok_per_s >= cap.demanded_output_tok_per_s * (1 - 1e-12));
    CHECK(cap.chosen.tok_per_s_per_user >= 50);
    CHECK(cap.chosen.ttft_s <= 1.0);
    CHECK(cap.utilization_fraction > 0);
    CHECK(cap.utilization_fraction <= 1 + 1e-12);
    // Cost at the demanded rate: price x GPUs / 3600 / demand x 1e6, never below the point's own.
    CHECK(cap.usd_per_million_output_tokens ==
          tt::rel(1.90 * double(cap.num_gpus) / 3600 / cap.demanded_output_tok_per_s * 1e6, 1e-12));
    CHECK(cap.usd_per_million_output_tokens >= cap.chosen.usd_per_million_output_tokens * (1 - 1e-9));
    CHECK(cap.output_tokens_per_megawatt > 0);
    // No qualifying sweep point needs fewer GPUs.
    const auto points = tk::sweep(model, system, work, space);
    for (const auto& e : points) {
      if (e.tok_per_s_per_user < 50 || e.ttft_s > 1.0) continue;
      const double need = std::ceil(cap.demanded_output_tok_per_s / (e.output_tok_per_s_per_gpu * e.gpus)) * e.gpus;
      CHECK(need >= double(cap.num_gpus) - 1e-9);
    }
  }
}

TEST_CASE("plan_capacity: more demand never needs fewer GPUs") {
  const auto model = tk::presets::qwen3_30b_a3b;
  const auto system = tk::presets::system_or_throw("h100");
  const auto points = tk::sweep(model, system, work, space);
  const tk::capacity_target target{.min_tok_per_s_per_user = 30};
  long long prev = 0;
  for (double rps = 1; rps < 5000; rps *= 3) {
    const auto cap = tk::plan_capacity_from(std::span<const tk::estimate_result>(points),
                                            tk::sweep_system(system, space), work, rps, target);
    REQUIRE(cap.feasible);
    CHECK(cap.num_gpus >= prev);
    prev = cap.num_gpus;
  }
}

TEST_CASE("plan_capacity: infeasible targets give a reason, not an exception") {
  const auto model = tk::presets::llama_3_1_8b;
  const auto system = tk::presets::system_or_throw("h100");
  const auto fast = tk::plan_capacity(model, system, work, 1.0, tk::capacity_target{.min_tok_per_s_per_user = 1e6}, space);
  CHECK_FALSE(fast.feasible);
  CHECK(fast.reason.find("tok/s/user") != std::string::npos);
  const auto ttft = tk::plan_capacity(model, system, work, 1.0, tk::capacity_target{.max_ttft_s = 1e-9}, space);
  CHECK_FALSE(ttft.feasible);
  CHECK(ttft.reason.find("TTFT") != std::string::npos);
  // 405B in BF16 does not fit one H100 at all: no point.
  const auto big = tk::plan_capacity(tk::presets::llama_3_1_405b, system, work, 1.0, tk::capacity_target{},
                                     tk::sweep_space{.max_gpus = 1, .weights = {tk::precision::bf16}});
  CHECK_FALSE(big.feasible);
  CHECK(big.reason.find("fits") != std::string::npos);
  CHECK_THROWS_WITH_AS((void)tk::plan_capacity(model, system, work, -1.0, tk::capacity_target{}, space),
                       doctest::Contains("requests_per_s"), tk::invalid_argument);
  CHECK_THROWS_WITH_AS((void)tk::plan_capacity(model, system, work, 1.0,
                                               tk::capacity_target{.min_tok_per_s_per_user = std::nan("")}, space),
                       doctest::Contains("target.min_tok_per_s_per_user"), tk::invalid_argument);
}

TEST_CASE("plan_capacity: an absurd demand is infeasible with its own reason (no cast overflow)") {
  const auto model = tk::presets::llama_3_1_8b;
  const auto system = tk::presets::system_or_throw("h100");
  const auto cap = tk::plan_capacity(model, system, work, 1e300, tk::capacity_target{}, space);
  CHECK_FALSE(cap.feasible);
  CHECK(cap.reason.find("needs more GPUs than can be counted") != std::string::npos);
}
