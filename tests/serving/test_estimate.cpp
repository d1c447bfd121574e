// Entry points: validation, MTP, SLA check, native precisions (serving/estimate.hpp,
// serving/native_precisions.hpp).
#include <tokenomics/presets/gpus.hpp>
#include <tokenomics/presets/models.hpp>
#include <tokenomics/presets/systems.hpp>
#include <tokenomics/serving/serving.hpp>

#include <cmath>
#include <limits>

#include "tt.hpp"

namespace tk = tokenomics;

TEST_CASE("invalid input throws naming the field") {
  const auto model = tk::presets::llama_3_1_8b;
  const auto sys = tk::presets::hgx_h100;
  const tk::serving_plan plan{};
  const tk::workload ok{.isl = 128, .osl = 128, .concurrency = 4};
  auto expect_throw = [&](const tk::workload& w, const tk::serving_plan& p, const char* field) {
    CAPTURE(field);
    CHECK_THROWS_WITH_AS((void)tk::estimate(model, sys, p, w), doctest::Contains(field), tk::invalid_argument);
    CHECK_THROWS_WITH_AS((void)tk::estimate_disaggregated(model, sys, plan, p, w), doctest::Contains(field),
                         tk::invalid_argument);
  };
  auto w = ok;
  w.isl = 0;
  expect_throw(w, plan, "workload.isl = 0");
  w = ok;
  w.osl = -5;
  expect_throw(w, plan, "workload.osl = -5");
  w = ok;
  w.concurrency = 0;
  expect_throw(w, plan, "workload.concurrency = 0");
  w = ok;
  w.ttft_sla_s = std::numeric_limits<double>::quiet_NaN();
  expect_throw(w, plan, "workload.ttft_sla_s");
  w = ok;
  w.tpot_sla_s = -1;
  expect_throw(w, plan, "workload.tpot_sla_s");
  w = ok;
  w.skew = {.kind = tk::skew_kind::lognormal, .parameter = -1};
  expect_throw(w, plan, "workload.skew.parameter");
  expect_throw(ok, tk::serving_plan{.mtp_depth = 1, .mtp_acceptance = 1.2}, "plan.mtp_acceptance = 1.2");
  expect_throw(ok, tk::serving_plan{.tp = 3}, "plan.tp = 3");
  tk::software_stack bad;
  bad.decode_attention.bandwidth_fraction = 0;
  CHECK_THROWS_WITH_AS((void)tk::estimate(model, sys, plan, ok, bad),
                       doctest::Contains("stack.decode_attention.bandwidth_fraction = 0"), tk::invalid_argument);
  // Disaggregated: the message says which plan is wrong, and the options are checked.
  CHECK_THROWS_WITH_AS((void)tk::estimate_disaggregated(model, sys, tk::serving_plan{.tp = 3}, plan, ok),
                       doctest::Contains("prefill_plan.tp = 3"), tk::invalid_argument);
  CHECK_THROWS_WITH_AS(
      (void)tk::estimate_disaggregated(model, sys, plan, plan, ok, {}, tk::disaggregated_options{.prefill_tokens_per_rank = 0}),
      doctest::Contains("options.prefill_tokens_per_rank"), tk::invalid_argument);
  CHECK_THROWS_WITH_AS((void)tk::estimate_disaggregated(model, sys, plan, plan, ok, {},
                                                        tk::disaggregated_options{.prefill_throughput_tolerance = 1}),
                       doctest::Contains("options.prefill_throughput_tolerance"), tk::invalid_argument);
  auto bad_model = model;
  bad_model.hidden = 0;
  CHECK_THROWS_WITH_AS((void)tk::estimate_disaggregated(bad_model, sys, plan, plan, ok),
                       doctest::Contains("model.hidden"), tk::invalid_argument);
}

TEST_CASE("MTP raises tok/s/user for DeepSeek-R1 at small batch, by less than its acceptance") {
  // DeepSeek-R1 FP8 on 8x H200, TP8/EP8, one MTP draft token at α = 0.85 (DeepSeek-V3 §5.4.3):
  // 1.85 tokens per step. A step that verifies 2 tokens per sequence and runs the draft module is
  // never cheaper than a plain one, so the gain is > 1 and at most 1.85.
  const auto sys = tk::presets::hgx_h200;
  const auto base = tk::native_precisions(
      tk::serving_plan{.tp = 8, .ep = 8, .weights = tk::precision::fp8, .kv_cache = tk::precision::fp8}, sys.gpu);
  auto mtp = base;
  mtp.mtp_depth = 1;
  mtp.mtp_acceptance = 0.85;
  for (const int C : {1, 4, 16}) {
    CAPTURE(C);
    const tk::workload w{.isl = 1024, .osl = 1024, .concurrency = C};
    const auto plain = tk::estimate(tk::presets::deepseek_r1, sys, base, w);
    const auto spec = tk::estimate(tk::presets::deepseek_r1, sys, mtp, w);
    REQUIRE(plain.fits);
    REQUIRE(spec.fits);
    CHECK(spec.accepted_tokens_per_step == tt::rel(1.85, 1e-12));
    CHECK(spec.step.time_s >= plain.step.time_s);
    CHECK(spec.step.at(tk::operator_class::mtp_draft).time_s > 0);
    const double gain = spec.tok_per_s_per_user / plain.tok_per_s_per_user;
    CHECK(gain > 1.0);
    CHECK(gain <= 1.85);
    // step is the decode-only iteration; the mean iteration adds the occasional prompt (>=).
    CHECK(spec.tpot_s >= spec.step.time_s / 1.85 * (1 - 1e-12));
    CHECK(spec.max_concurrency <= plain.max_concurrency);  // the MTP module's weights take memory
  }
}

TEST_CASE("meets_sla: 0 means no target, a result that does not fit meets nothing") {
  tk::estimate_result e{.fits = true, .tpot_s = 0.02, .ttft_s = 0.5};
  CHECK(tk::meets_sla(e, tk::workload{}));
  CHECK(tk::meets_sla(e, tk::workload{.ttft_sla_s = 0.5, .tpot_sla_s = 0.02}));
  CHECK_FALSE(tk::meets_sla(e, tk::workload{.ttft_sla_s = 0.4}));
  CHECK_FALSE(tk::meets_sla(e, tk::workload{.tpot_sla_s = 0.019}));
  e.fits = false;
  CHECK_FALSE(tk::meets_sla(e, tk::workload{}));
}

TEST_CASE("economics are 0 without a price or a power figure") {
  auto sys = tk::presets::hgx_h100;
  sys.price_usd_per_gpu_hour = 0;
  sys.all_in_power_w = 0;
  const auto e = tk::estimate(tk::presets::llama_3_1_8b, sys, tk::serving_plan{},
                              tk::workload{.isl = 256, .osl = 256, .concurrency = 8});
  REQUIRE(e.fits);
  CHECK(e.output_tok_per_s_per_gpu > 0);
  CHECK(e.usd_per_million_output_tokens == 0);
  CHECK(e.usd_per_million_total_tokens == 0);
  CHECK(e.output_tokens_per_megawatt == 0);
}

TEST_CASE("native_precisions: W8A8 / W4A4 where the GPU has the tensor cores, else 16-bit math") {
  using tk::precision;
  auto act = [](tk::serving_plan p, const tk::accelerator_spec& g) { return tk::native_precisions(p, g).activations; };
  const tk::serving_plan fp8{.weights = precision::fp8};
  const tk::serving_plan nvfp4{.weights = precision::nvfp4};
  const tk::serving_plan mxfp4{.weights = precision::mxfp4};
  CHECK(act(fp8, tk::presets::h100_sxm) == precision::fp8);     // Hopper FP8 tensor cores
  CHECK(act(fp8, tk::presets::mi300x) == precision::fp8);
  CHECK(act(fp8, tk::presets::a100_sxm) == precision::bf16);    // Ampere: W8A16
  CHECK(act(nvfp4, tk::presets::b200) == precision::nvfp4);     // Blackwell: W4A4
  CHECK(act(nvfp4, tk::presets::gb200) == precision::nvfp4);
  CHECK(act(nvfp4, tk::presets::h100_sxm) == precision::bf16);  // Hopper: W4A16
  CHECK(act(mxfp4, tk::presets::mi355x) == precision::mxfp4);   // CDNA4: W4A4
  CHECK(act(mxfp4, tk::presets::mi300x) == precision::bf16);    // CDNA3: W4A16
  CHECK(act(tk::serving_plan{}, tk::presets::b200) == precision::bf16);
  // gpt-oss: BF16 attention, MXFP4 experts -> MXFP4 activations on B200; the BF16 GEMMs still run
  // at 16-bit (gemm_width takes the wider of weights and activations).
  const tk::serving_plan oss{.expert_weights = precision::mxfp4};
  CHECK(act(oss, tk::presets::b200) == precision::mxfp4);
  CHECK(tk::gemm_width(precision::bf16, precision::mxfp4) == tk::math_width::bits16);
  CHECK(act(oss, tk::presets::h100_sxm) == precision::bf16);
  // FP8 attention with NVFP4 experts on Hopper: FP8 activations (the experts run W4A8).
  CHECK(act(tk::serving_plan{.weights = precision::fp8, .expert_weights = precision::nvfp4}, tk::presets::h100_sxm) ==
        precision::fp8);
  // The EP combine stays BF16 (DeepSeek-V3 §3.3.3), unless the plan set it.
  CHECK(tk::native_precisions(fp8, tk::presets::h100_sxm).combine == precision::bf16);
  CHECK(tk::native_precisions(fp8, tk::presets::h100_sxm).dispatch_precision() == precision::fp8);
  auto set = fp8;
  set.combine = precision::fp8;
  CHECK(tk::native_precisions(set, tk::presets::h100_sxm).combine == precision::fp8);
  // Nothing else changes.
  const auto p = tk::native_precisions(tk::serving_plan{.tp = 4, .ep = 2, .weights = precision::fp8,
                                                        .kv_cache = precision::fp8},
                                       tk::presets::h100_sxm);
  CHECK(p.tp == 4);
  CHECK(p.ep == 2);
  CHECK(p.weights == precision::fp8);
  CHECK(p.kv_cache == precision::fp8);
}

TEST_CASE("FP8 W8A8 is faster than W8A16 in compute-bound prefill (H100)") {
  // Same bytes, twice the tensor-core rate: the native plan's prefill-heavy TTFT must be lower.
  const auto sys = tk::presets::hgx_h100;
  const tk::serving_plan w8a16{.tp = 4, .weights = tk::precision::fp8};
  const auto w8a8 = tk::native_precisions(w8a16, sys.gpu);
  const tk::workload w{.isl = 8192, .osl = 256, .concurrency = 4};
  const auto slow = tk::estimate(tk::presets::llama_3_3_70b, sys, w8a16, w);
  const auto fast = tk::estimate(tk::presets::llama_3_3_70b, sys, w8a8, w);
  REQUIRE(slow.fits);
  REQUIRE(fast.fits);
  CHECK(fast.prefill.time_s < slow.prefill.time_s);
}
