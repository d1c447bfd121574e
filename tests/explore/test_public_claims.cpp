// The directions of the relative claims docs/tutorial.md makes, against public data (Signal65,
// "From Dense to Mixture of Experts: The New Economics of AI Inference", Dec 2025): GB200 NVL72
// ahead of an 8xH200 box for DeepSeek-R1, the gap widening with interactivity, the dense
// Llama-3.3-70B gap smaller than DeepSeek-R1's, GB200 cheaper per token than H200 (and than MI355X
// at high interactivity) at the article's prices. Only directions are tested: the magnitudes differ
// from the public ones (docs/tutorial.md says by how much and why). A public claim the model does
// not reproduce is written as what the model gives plus a doctest WARN naming the public claim.
//
// Sweeps are kept small so the file runs in seconds under sanitizers: one ISL/OSL per model,
// the weight precision each platform serves best (GB200 NVFP4, H200 FP8, MI355X MXFP4; the full
// sweep in the tutorial picks these on the frontier), no two-batch overlap, and a short
// concurrency list. The full-sweep numbers are in docs/tutorial.md.
#include <tokenomics/economics/cost.hpp>
#include <tokenomics/explore/frontier.hpp>
#include <tokenomics/explore/sweep.hpp>
#include <tokenomics/presets/models.hpp>
#include <tokenomics/presets/systems.hpp>

#include <vector>

#include "tt.hpp"

namespace tk = tokenomics;

namespace {

// Signal65 (Dec 2025) prices, USD per GPU-hour (data/reference/README.md; H200 $6.305 rounded
// to $6.31 as in the article).
constexpr double coreweave_gb200 = 10.50;
constexpr double coreweave_h200 = 6.31;
constexpr double oracle_gb200 = 16.00;
constexpr double oracle_mi355x = 8.60;

std::vector<tk::operating_point> frontier(const tk::model_spec& m, const tk::system_spec& s, int isl, int osl,
                                          int max_gpus, tk::precision weights, std::vector<int> concurrency) {
  const tk::sweep_space space{.max_gpus = max_gpus, .weights = {weights}, .allow_two_batch_overlap = false,
                              .concurrency = std::move(concurrency)};
  return tk::pareto(tk::sweep(m, s, tk::workload{.isl = isl, .osl = osl, .concurrency = 1}, space));
}

// Throughput ratio a/b at an interactivity floor; both must reach it.
double ratio_at(const std::vector<tk::operating_point>& a, const std::vector<tk::operating_point>& b, double x) {
  const double ta = tk::throughput_at(a, x);
  const double tb = tk::throughput_at(b, x);
  REQUIRE(ta > 0.0);
  REQUIRE(tb > 0.0);
  return ta / tb;
}

double cost_ratio_at(const std::vector<tk::operating_point>& a, double price_a, const std::vector<tk::operating_point>& b,
                     double price_b, double x) {
  return tk::relative_cost_per_token(
      tk::priced_throughput{.usd_per_gpu_hour = price_a, .tok_per_s_per_gpu = tk::throughput_at(a, x)},
      tk::priced_throughput{.usd_per_gpu_hour = price_b, .tok_per_s_per_gpu = tk::throughput_at(b, x)});
}

// DeepSeek-R1 1K/8K (the tutorial's question a): GB200 NVL72 up to 64 GPUs per replica (the
// frontier's wide-EP plans use 64), the 8-GPU boxes one box each.
struct r1_frontiers {
  std::vector<tk::operating_point> gb200, h200, mi355x;
};
const r1_frontiers& r1() {
  static const r1_frontiers f{
      frontier(tk::presets::deepseek_r1, tk::presets::gb200_nvl72, 1024, 8192, 64, tk::precision::nvfp4,
               {64, 256, 1024, 4096}),
      frontier(tk::presets::deepseek_r1, tk::presets::hgx_h200, 1024, 8192, 8, tk::precision::fp8,
               {1, 2, 4, 8, 16, 32, 64, 128, 256}),
      frontier(tk::presets::deepseek_r1, tk::presets::mi355x_x8, 1024, 8192, 8, tk::precision::mxfp4,
               {8, 32, 64, 128, 256, 512, 1024}),
  };
  return f;
}

// Llama-3.3-70B 8K/1K (question b): dense sweeps are cheap.
struct llama_frontiers {
  std::vector<tk::operating_point> gb200, h200, mi355x;
};
const llama_frontiers& llama() {
  static const llama_frontiers f{
      frontier(tk::presets::llama_3_3_70b, tk::presets::gb200_nvl72, 8192, 1024, 8, tk::precision::nvfp4,
               {16, 32, 64, 128}),
      frontier(tk::presets::llama_3_3_70b, tk::presets::hgx_h200, 8192, 1024, 8, tk::precision::fp8,
               {16, 32, 64, 128}),
      frontier(tk::presets::llama_3_3_70b, tk::presets::mi355x_x8, 8192, 1024, 8, tk::precision::mxfp4,
               {16, 32, 64, 128}),
  };
  return f;
}

}  // namespace

TEST_CASE("public claim: GB200 NVL72 ahead of 8xH200 in tok/s/GPU for DeepSeek-R1 at 60 tok/s/user") {
  // Signal65: ~20x at high interactivity. The model's gap is larger (tutorial: ~112x for 1K/8K,
  // ~25x for 8K/1K at 60 tok/s/user); only the direction is claimed.
  const auto& f = r1();
  CHECK(ratio_at(f.gb200, f.h200, 60.0) > 1.0);
  CHECK(ratio_at(f.gb200, f.h200, 25.0) > 1.0);
  CHECK(ratio_at(f.gb200, f.h200, 75.0) > 1.0);
}

TEST_CASE("public claim: the DeepSeek-R1 GB200 lead widens with interactivity (75 vs 25 tok/s/user)") {
  // Over H200 and over MI355X (Signal65 reports the largest gaps at the high-interactivity end).
  // In the full 8K/1K sweep of the tutorial the ratio is not monotone between 25 and 75 (18x, 25x,
  // 19x); 75 >= 25 holds in both ISL/OSL, which is what the tutorial states.
  const auto& f = r1();
  CHECK(ratio_at(f.gb200, f.h200, 75.0) >= ratio_at(f.gb200, f.h200, 25.0));
  CHECK(ratio_at(f.gb200, f.mi355x, 75.0) >= ratio_at(f.gb200, f.mi355x, 25.0));
  CHECK(ratio_at(f.gb200, f.mi355x, 75.0) > 1.0);
}

TEST_CASE("public claim: the dense Llama-3.3-70B GB200 gap is smaller than DeepSeek-R1's") {
  // Signal65: 5.85x (GB200 vs MI355X) for Llama-3.3-70B against 28x for DeepSeek-R1. Compared at
  // the tutorial's targets: Llama 8K/1K at 30 tok/s/user, DeepSeek-R1 1K/8K at 25 (its lowest).
  const auto& r = r1();
  const auto& l = llama();
  CHECK(ratio_at(l.gb200, l.h200, 30.0) < ratio_at(r.gb200, r.h200, 25.0));
  CHECK(ratio_at(l.gb200, l.mi355x, 30.0) < ratio_at(r.gb200, r.mi355x, 75.0));
  CHECK(ratio_at(l.gb200, l.h200, 30.0) > 1.0);  // GB200 still ahead of H200 for the dense model
}

TEST_CASE("public claim: GB200 costs less per million tokens than H200 for DeepSeek-R1 ($10.50 vs $6.31)") {
  // Signal65: ~1/12 at high interactivity. Relative cost = (10.50 / 6.31) / throughput ratio.
  const auto& f = r1();
  for (const double x : {25.0, 60.0, 75.0}) {
    CAPTURE(x);
    const double rel = cost_ratio_at(f.gb200, coreweave_gb200, f.h200, coreweave_h200, x);
    CHECK(rel < 1.0);
    CHECK(rel == tt::rel((coreweave_gb200 / coreweave_h200) / ratio_at(f.gb200, f.h200, x), 1e-12));
    // And in $/M output tokens directly.
    CHECK(tk::usd_per_million_tokens(coreweave_gb200, tk::throughput_at(f.gb200, x)) <
          tk::usd_per_million_tokens(coreweave_h200, tk::throughput_at(f.h200, x)));
  }
}

TEST_CASE("public claim: GB200 costs less per token than MI355X for DeepSeek-R1 at high interactivity ($16.00 vs $8.60)") {
  // Signal65: ~1/15 (28x at 1.86x the price). The model's ratio is far smaller (tutorial: ~0.5 at
  // 75 tok/s/user) and at 25 tok/s/user GB200 costs more; the claim holds at the high end only.
  const auto& f = r1();
  CHECK(cost_ratio_at(f.gb200, oracle_gb200, f.mi355x, oracle_mi355x, 75.0) < 1.0);
}

TEST_CASE("public claim NOT reproduced: GB200 cheaper per token than MI355X for the dense Llama-3.3-70B") {
  // Signal65: 5.85x the throughput at 1.86x the price ($16.00 vs $8.60), about 1/3 the cost. In
  // the model a GB200 GPU and an MI355X have nearly the same roofline for a dense 70B model (same
  // 8 TB/s HBM, FP4/FP8 tensor cores, the model fits in a few GPUs), so the throughput ratio is
  // near 1 and GB200 costs MORE per token at these prices. The public gap reflects software
  // (kernels, serving stack) the closed form does not model. We test what the model gives and WARN
  // on the public claim, which fails.
  const auto& l = llama();
  const double tput = ratio_at(l.gb200, l.mi355x, 30.0);
  const double rel = cost_ratio_at(l.gb200, oracle_gb200, l.mi355x, oracle_mi355x, 30.0);
  CHECK(tput > 0.8);  // near parity in the model (tutorial: 1.04x)
  CHECK(tput < 1.5);
  CHECK(rel > 1.0);   // the model: GB200 costs more per token at the Oracle prices
  WARN_MESSAGE(rel < 1.0, "public claim (Signal65: GB200 ~1/3 the cost of MI355X for Llama-3.3-70B) not reproduced");
}
