// Per-GPU memory, fit and max concurrency (design §4).
#include <tokenomics/closed_form/memory.hpp>
#include <tokenomics/presets/models.hpp>
#include <tokenomics/presets/systems.hpp>

#include "tt.hpp"

namespace tk = tokenomics;
namespace pr = tokenomics::presets;

TEST_CASE("Llama-3.3-70B BF16 does not fit one 80 GB GPU") {
  auto sys = pr::hgx_h100;
  const auto f = tk::memory_footprint_of(pr::llama_3_3_70b, sys, tk::serving_plan{}, 1, 1024.0);
  // 70.55B × 2 B = 141.1 GB of weights > 80 GB × 0.9.
  CHECK(f.weights_bytes_per_gpu == tt::rel(141.1e9, 0.001));
  CHECK_FALSE(f.fits);
  CHECK(tk::max_concurrency(pr::llama_3_3_70b, sys, tk::serving_plan{}, 2048.0) == 0);
}

TEST_CASE("Llama-3.3-70B BF16 TP8 on H200: weights and max concurrency by hand") {
  const tk::serving_plan plan{.tp = 8};
  // Per layer: attention 150,994,944 / 8 × 2 B = 37,748,736; norms 2 × 8192 × 2 B = 32,768;
  // FFN 704,643,072 / 8 × 2 B = 176,160,768 -> 213,942,272 B × 80 = 17,115,381,760 B; embedding +
  // head 2 × 128256 × 8192 / 8 × 2 B = 525,336,576; final norm 16,384 -> 17,640,734,720 B.
  const auto f = tk::memory_footprint_of(pr::llama_3_3_70b, pr::hgx_h200, plan, 0, 2048.0);
  CHECK(f.weights_bytes_per_gpu == tt::rel(17640734720.0, 1e-12));
  // KV per sequence per GPU at 2048 tokens: 327,680 × 2048 / 8 = 83,886,080 B.
  CHECK(f.kv_bytes_per_sequence_per_gpu == tt::rel(83886080.0, 1e-12));
  // (141e9 × 0.9 − 17,640,734,720) / 83,886,080 = 1302.47 -> 1302 sequences.
  CHECK(tk::max_concurrency(pr::llama_3_3_70b, pr::hgx_h200, plan, 2048.0) == 1302);
  const auto full = tk::memory_footprint_of(pr::llama_3_3_70b, pr::hgx_h200, plan, 1302, 2048.0);
  CHECK(full.fits);
  CHECK_FALSE(tk::memory_footprint_of(pr::llama_3_3_70b, pr::hgx_h200, plan, 1303, 2048.0).fits);
}

TEST_CASE("KV heads shard over TP down to one head per GPU, MLA replicates") {
  const tk::serving_plan tp16{.tp = 16};
  // 8 KV heads over 16 GPUs: each GPU keeps one head = 1/8 of the cache.
  CHECK(tk::kv_head_fraction_per_gpu(pr::llama_3_3_70b, 16) == 0.125);
  // 8 KV heads over 4 GPUs: 2 heads each = 2/8 = 1/4 of the cache (not 1/2).
  CHECK(tk::kv_head_fraction_per_gpu(pr::llama_3_3_70b, 4) == 0.25);
  CHECK(tk::kv_head_fraction_per_gpu(pr::deepseek_v3, 8) == 1.0);
  (void)tp16;
}

TEST_CASE("DeepSeek-R1 FP8 with DP-attention + EP on an NVL72 rack") {
  const tk::serving_plan plan{.tp = 1, .ep = 32, .dp_attention = 32, .weights = tk::precision::fp8,
                              .kv_cache = tk::precision::fp8};
  const auto f = tk::memory_footprint_of(pr::deepseek_r1, pr::gb200_nvl72, plan, 0, 1.0);
  // Experts: 58 layers × 8 experts × 44,040,192 params × 1 B = 20,434,649,088 B per GPU.
  CHECK(f.expert_weights_bytes_per_gpu == tt::rel(58.0 * 8.0 * 44040192.0, 1e-12));
  // Non-expert, a full copy on every GPU under DP-attention (tp = 1), by hand:
  //   attention 61 × 187,107,328 params × 1 B (FP8)          = 11,413,547,008
  //   layer norms 61 × 2 × 7168 × 2 B (BF16)                 =      1,748,992
  //   dense FFN 3 × 3 × 7168 × 18432 × 1 B                   =  1,189,085,184
  //   shared experts 58 × 44,040,192 × 1 B                   =  2,554,331,136
  //   routers 58 × (7168 × 256 + 256) × 2 B                  =    212,890,624
  //   embedding + head 2 × 129280 × 7168 × 2 B, final norm   =  3,706,730,496
  CHECK(f.weights_bytes_per_gpu - f.expert_weights_bytes_per_gpu == tt::rel(19078333440.0, 1e-12));
}

TEST_CASE("memory inputs are validated") {
  CHECK_THROWS_WITH_AS(static_cast<void>(tk::memory_footprint_of(pr::llama_3_3_70b, pr::hgx_h200, tk::serving_plan{.tp = 3}, 1, 10.0)),
                       doctest::Contains("plan.tp = 3"), tk::invalid_argument);
  CHECK_THROWS_WITH_AS(static_cast<void>(tk::memory_footprint_of(pr::llama_3_3_70b, pr::hgx_h200, tk::serving_plan{.tp = 8}, -1, 10.0)),
                       doctest::Contains("sequences"), tk::invalid_argument);
  CHECK_THROWS_WITH_AS(static_cast<void>(tk::max_concurrency(pr::llama_3_3_70b, pr::hgx_h200, tk::serving_plan{.tp = 8}, 0.0)),
                       doctest::Contains("context_tokens"), tk::invalid_argument);
}
