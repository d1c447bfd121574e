// Disaggregated serving: prefill and decode pools (serving/disaggregated.hpp, estimate_disaggregated()).
#include <tokenomics/closed_form/kv_cache.hpp>
#include <tokenomics/presets/models.hpp>
#include <tokenomics/presets/systems.hpp>
#include <tokenomics/serving/estimate.hpp>

#include <cmath>
#include <vector>

#include "tt.hpp"

namespace tk = tokenomics;

namespace {
// The pools' own rates, read back from the steps the estimate reports.
struct pool_rates {
  double prefill_tok_per_s_per_gpu;  // P = prompt tokens of the prefill step / t_p / G_p
  double decode_tok_per_s_per_gpu;   // D = C·a / t_d / G_d
};
pool_rates rates_of(const tk::estimate_result& e) {
  return {e.prefill.tokens / e.prefill.time_s / e.prefill_plan.gpus(),
          e.concurrency * e.accepted_tokens_per_step / e.step.time_s / e.plan.gpus()};
}
}  // namespace

TEST_CASE("rate balance, both pools in the per-GPU rates") {
  struct setup {
    tk::model_spec model;
    tk::system_spec system;
    tk::serving_plan prefill, decode;
  };
  const auto h200 = tk::presets::hgx_h200;
  const auto r1 = tk::native_precisions(
      tk::serving_plan{.tp = 8, .ep = 8, .weights = tk::precision::fp8, .kv_cache = tk::precision::fp8}, h200.gpu);
  const std::vector<setup> setups{
      {tk::presets::llama_3_3_70b, tk::presets::hgx_h100, tk::serving_plan{.tp = 4}, tk::serving_plan{.tp = 4}},
      {tk::presets::llama_3_3_70b, tk::presets::hgx_h100, tk::serving_plan{.tp = 2}, tk::serving_plan{.tp = 8}},
      {tk::presets::deepseek_r1, h200, r1, r1},
  };
  for (const auto& s : setups) {
    for (const int C : {4, 64}) {
      CAPTURE(s.model.name);
      CAPTURE(C);
      const tk::workload w{.isl = 4096, .osl = 1024, .concurrency = C};
      const auto e = tk::estimate_disaggregated(s.model, s.system, s.prefill, s.decode, w);
      REQUIRE(e.fits);
      CHECK(e.mode == tk::serving_mode::disaggregated);
      const auto [P, D] = rates_of(e);
      const double g_d = s.decode.gpus(), n_p = e.gpus - g_d;  // prefill GPUs per decode replica
      CHECK(n_p > 0);
      // N_p · P / isl = N_d · D / osl: both pools serve the same request rate (design §6).
      CHECK(n_p * P / 4096 == tt::rel(g_d * D / 1024, 1e-12));
      // Output per GPU counts both pools: C·a/t_d / (N_d + N_p) = 1 / (1/D + isl/(osl·P)).
      CHECK(e.output_tok_per_s_per_gpu == tt::rel(C * e.accepted_tokens_per_step / e.step.time_s / e.gpus, 1e-12));
      CHECK(e.output_tok_per_s_per_gpu == tt::rel(1 / (1 / D + 4096.0 / (1024 * P)), 1e-12));
      CHECK(e.output_tok_per_s_per_gpu < D);
      CHECK(e.total_tok_per_s_per_gpu == tt::rel(e.output_tok_per_s_per_gpu * (1 + 4096.0 / 1024), 1e-12));
      CHECK(e.tpot_s == tt::rel(e.step.time_s / e.accepted_tokens_per_step, 1e-12));
      CHECK(e.tok_per_s_per_user == tt::rel(1 / e.tpot_s, 1e-12));
      // A first token needs at least one prefill step and the KV transfer.
      CHECK(e.ttft_s >= e.prefill.time_s + e.kv_transfer_s);
      // The prefill step holds whole prompts, at least one per DP rank and micro-batch.
      CHECK(e.prefill.tokens >= 4096.0 * s.prefill.dp_attention);
      // The decode pool runs pure decode steps: C sequences, nothing else.
      CHECK(e.step.tokens == tt::rel(C * (1.0 + s.decode.mtp_depth), 1e-12));
      CHECK(e.output_tokens_per_megawatt == tt::rel(e.output_tok_per_s_per_gpu / s.system.all_in_power_w * 1e6, 1e-12));
      CHECK(e.usd_per_million_output_tokens ==
            tt::rel(s.system.price_usd_per_gpu_hour / 3600 / e.output_tok_per_s_per_gpu * 1e6, 1e-12));
    }
  }
}

TEST_CASE("TTFT of a burst on a fixed prefill pool") {
  // Llama-3.3-70B, TP4 prefill and TP4 decode on H100, one prefill replica per decode replica,
  // pure roofline (burst_wait 1/2, no per-request cost). C = 64 prompts of 4096 tokens reach the
  // one prefill rank together; the median is request m = (64 − 1)/2 + 1 = 32.5, so it waits for
  // ceil(32.5 / b) prefill steps of b requests each, then the KV transfer.
  const auto model = tk::presets::llama_3_3_70b;
  const tk::workload w{.isl = 4096, .osl = 1024, .concurrency = 64};
  const auto e = tk::estimate_disaggregated(model, tk::presets::hgx_h100, tk::serving_plan{.tp = 4},
                                            tk::serving_plan{.tp = 4}, w, tk::software_stack::ideal(),
                                            tk::disaggregated_options{.prefill_replicas = 1});
  REQUIRE(e.fits);
  const double b = e.prefill.tokens / 4096.0;  // requests in the chosen prefill step
  REQUIRE(b >= 1);
  CHECK(e.ttft_s == tt::rel(std::ceil(32.5 / b) * e.prefill.time_s + e.kv_transfer_s, 1e-12));
  // One prefill replica for the 8 GPUs: prefill GPUs per decode replica = 4.
  CHECK(e.gpus == 8.0);
}

TEST_CASE("KV transfer of one prompt, by hand (Llama-3.3-70B BF16 KV, isl 1024, ideal links)") {
  const auto model = tk::presets::llama_3_3_70b;
  const tk::workload w{.isl = 1024, .osl = 256, .concurrency = 8};
  // KV per token: 2 · 8 KV heads · 128 · 2 B · 80 layers = 327,680 B; × 1024 = 335,544,320 B.
  CHECK(tk::kv_bytes_per_sequence(model, tk::precision::bf16, 1024.0) == 335544320.0);
  SUBCASE("TP4 prefill + TP4 decode share one 8-GPU NVLink box: four senders over NVLink 4") {
    // 335,544,320 / 4 = 83,886,080 B at 450e9 B/s = 186.41 µs, + NCCL L0 6.6 µs + NVLink α 0.6 µs.
    const auto e = tk::estimate_disaggregated(model, tk::presets::hgx_h100, tk::serving_plan{.tp = 4},
                                              tk::serving_plan{.tp = 4}, w, tk::software_stack::ideal());
    CHECK(tk::kv_transfer_senders(model, tk::serving_plan{.tp = 4}) == 4);
    CHECK(e.kv_transfer_s == tt::rel(193.61351e-6, 1e-6));
    CHECK(e.ttft_s >= e.prefill.time_s + 193.61351e-6);
  }
  SUBCASE("TP8 + TP8 need two boxes: eight senders over 400 Gb/s NICs") {
    // 335,544,320 / 8 = 41,943,040 B at 50e9 B/s = 838.86 µs, + L0 6.6 µs + network α 2.7 µs.
    auto sys = tk::presets::hgx_h100;
    sys.num_gpus = 16;
    const auto e = tk::estimate_disaggregated(model, sys, tk::serving_plan{.tp = 8}, tk::serving_plan{.tp = 8}, w,
                                              tk::software_stack::ideal());
    CHECK(e.kv_transfer_s == tt::rel(848.1608e-6, 1e-6));
  }
  SUBCASE("GQA shards stop at one KV head per GPU; MLA's latent has one sender per stage") {
    CHECK(tk::kv_transfer_senders(model, tk::serving_plan{.tp = 16}) == 8);    // 8 KV heads
    CHECK(tk::kv_transfer_senders(model, tk::serving_plan{.tp = 2, .pp = 2}) == 4);
    CHECK(tk::kv_transfer_senders(tk::presets::deepseek_r1, tk::serving_plan{.tp = 8, .ep = 8}) == 1);
    CHECK(tk::kv_transfer_senders(tk::presets::deepseek_r1, tk::serving_plan{.tp = 8, .ep = 8, .pp = 2}) == 2);
  }
}

TEST_CASE("prefill batch: whole requests per rank, rounded to the micro-batches") {
  CHECK(tk::prefill_requests_per_rank(tk::serving_plan{}, 1024) == 16);   // 16,384 / 1024
  CHECK(tk::prefill_requests_per_rank(tk::serving_plan{}, 5000) == 3);    // floor(3.28)
  CHECK(tk::prefill_requests_per_rank(tk::serving_plan{}, 100000) == 1);  // at least one
  CHECK(tk::prefill_requests_per_rank(tk::serving_plan{.pp = 4}, 5000) == 4);
  CHECK(tk::prefill_requests_per_rank(tk::serving_plan{.pp = 2, .micro_batches = 2}, 5000) == 4);
  CHECK(tk::prefill_requests_per_rank(tk::serving_plan{}, 1024, tk::disaggregated_options{.prefill_tokens_per_rank = 4096}) == 4);
  // A dense prefill is compute-bound from a few thousand tokens: the chosen batch stays small
  // (Llama-3.3-70B TP4, isl 4096: one request of 4096 tokens per step, not four).
  const auto e = tk::estimate_disaggregated(tk::presets::llama_3_3_70b, tk::presets::hgx_h100, tk::serving_plan{.tp = 4},
                                            tk::serving_plan{.tp = 4}, tk::workload{.isl = 4096, .osl = 512, .concurrency = 8});
  REQUIRE(e.fits);
  CHECK(e.prefill.tokens == 4096);
  // Tolerance 0: the batch with the most prompt throughput, never smaller than tolerance 0.05's.
  const auto best = tk::estimate_disaggregated(tk::presets::llama_3_3_70b, tk::presets::hgx_h100,
                                               tk::serving_plan{.tp = 4}, tk::serving_plan{.tp = 4},
                                               tk::workload{.isl = 4096, .osl = 512, .concurrency = 8}, {},
                                               tk::disaggregated_options{.prefill_throughput_tolerance = 0});
  REQUIRE(best.fits);
  CHECK(best.prefill.tokens >= e.prefill.tokens);
  CHECK(rates_of(best).prefill_tok_per_s_per_gpu >= rates_of(e).prefill_tok_per_s_per_gpu);
  CHECK(rates_of(e).prefill_tok_per_s_per_gpu >= 0.95 * rates_of(best).prefill_tok_per_s_per_gpu);
}

TEST_CASE("disaggregated memory: the decode pool holds C sequences at isl + osl") {
  const auto model = tk::presets::llama_3_3_70b;
  const auto sys = tk::presets::hgx_h100;
  const tk::serving_plan plan{.tp = 2};
  tk::workload w{.isl = 2048, .osl = 2048, .concurrency = 1};
  const int cmax = tk::max_concurrency(model, sys, plan, 4096.0);
  w.concurrency = cmax;
  const auto at = tk::estimate_disaggregated(model, sys, tk::serving_plan{.tp = 4}, plan, w);
  CHECK(at.fits);
  CHECK(at.max_concurrency == cmax);
  w.concurrency = cmax + 1;
  const auto over = tk::estimate_disaggregated(model, sys, tk::serving_plan{.tp = 4}, plan, w);
  CHECK_FALSE(over.fits);
  CHECK(over.output_tok_per_s_per_gpu == 0);
  CHECK(over.tpot_s == 0);
  CHECK(over.kv_bytes_per_gpu > 0);
  // A prefill plan whose weights do not fit: Llama-3.1-405B BF16 on TP2 H100 (405 GB per GPU).
  auto big = sys;
  big.num_gpus = 16;
  const auto none = tk::estimate_disaggregated(tk::presets::llama_3_1_405b, big, tk::serving_plan{.tp = 2},
                                               tk::serving_plan{.tp = 8, .pp = 2}, tk::workload{.isl = 1024, .osl = 1024, .concurrency = 1});
  CHECK_FALSE(none.fits);
  CHECK(none.output_tok_per_s_per_gpu == 0);
}
