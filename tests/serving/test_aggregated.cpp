// Aggregated serving, continuous batching steady state (serving/aggregated.hpp, estimate()).
#include <tokenomics/closed_form/flops.hpp>
#include <tokenomics/economics/cost.hpp>
#include <tokenomics/presets/models.hpp>
#include <tokenomics/presets/systems.hpp>
#include <tokenomics/serving/estimate.hpp>

#include <vector>

#include "tt.hpp"

namespace tk = tokenomics;

TEST_CASE("steady-state batches: C decode sequences plus C·a·isl/osl prompt tokens, chunked") {
  SUBCASE("few arrivals: 64 requests, isl 1024, osl 256 -> 256 prompt tokens per iteration on average") {
    // Below one whole prompt per iteration: a quarter of the iterations prefill one 1024-token
    // prompt (256 / 1024), the rest are pure decode.
    const tk::workload w{.isl = 1024, .osl = 256, .concurrency = 64};
    const auto b = tk::aggregated_step_batches(w, tk::serving_plan{}, 1.0);
    CHECK(b.decode.decode_sequences == 64);
    CHECK(b.decode.decode_context == 1024 + 128);  // isl + osl/2
    CHECK(b.decode.prefill_tokens == 0);
    CHECK(b.prompt_fraction == 0.25);
    CHECK(b.with_prompt.decode_sequences == 64);
    CHECK(b.with_prompt.prefill_tokens == 1024);
    CHECK(b.with_prompt.prefill_request_tokens == 1024);
    CHECK(b.with_prompt.prefill_prefix == 0);
    CHECK(b.first_token.decode_sequences == 63);
    CHECK(b.first_token.prefill_tokens == 1024);
    CHECK(b.first_token.prefill_request_tokens == 1024);
    CHECK(b.first_token.prefill_prefix == 0);
  }
  SUBCASE("a prompt longer than the chunk budget is prefilled in chunks at the mean prefix") {
    // isl 16384 > 8192: chunks of 8192 at mean prefix (16384 - 8192)/2 = 4096; arrivals bring
    // 64 · 16384 / 256 = 4096 tokens per iteration -> half the iterations carry a chunk.
    const tk::workload w{.isl = 16384, .osl = 256, .concurrency = 64};
    const auto b = tk::aggregated_step_batches(w, tk::serving_plan{}, 1.0);
    CHECK(b.prompt_fraction == 0.5);
    CHECK(b.with_prompt.prefill_tokens == 8192);
    CHECK(b.with_prompt.prefill_request_tokens == 8192);
    CHECK(b.with_prompt.prefill_prefix == 4096);
  }
  SUBCASE("DP-attention: the arrivals are shared by the ranks, each prefills its own prompts") {
    // 256 tokens per iteration over 8 ranks = 32 per rank: 1/32 of the iterations carry one
    // 1024-token prompt on every rank.
    const tk::workload w{.isl = 1024, .osl = 256, .concurrency = 64};
    const auto b = tk::aggregated_step_batches(w, tk::serving_plan{.dp_attention = 8}, 1.0);
    CHECK(b.prompt_fraction == 1.0 / 32);
    CHECK(b.with_prompt.prefill_tokens == 8 * 1024);
    CHECK(b.with_prompt.prefill_request_tokens == 1024);
  }
  SUBCASE("many arrivals: every iteration carries whole prompts; MTP scales the admissions") {
    const tk::workload w{.isl = 1024, .osl = 256, .concurrency = 512};
    const auto b = tk::aggregated_step_batches(w, tk::serving_plan{}, 1.85);
    CHECK(b.prompt_fraction == 1.0);
    CHECK(b.with_prompt.prefill_tokens == tt::rel(512 * 1.85 * 1024 / 256, 1e-12));  // 3788.8
    CHECK(b.with_prompt.prefill_request_tokens == 1024);
    CHECK(b.with_prompt.prefill_prefix == 0);
  }
}

TEST_CASE("the chunk at the mean prefix carries exactly one prompt's causal attention") {
  // Σ over the isl/c chunks at prefixes 0, c, 2c, ... of the causal keys equals isl(isl+1)/2, and
  // so does isl/c times the chunk at the mean prefix (isl - c)/2 (keys are linear in the prefix).
  for (const double c : {1.0, 16.0, 256.0}) {
    const double isl = 1024, p = (isl - c) / 2;
    const double whole = isl * (isl + 1) / 2;  // 524,800
    CHECK(isl / c * tk::causal_key_count(p + 1, p + c, 0) == tt::rel(whole, 1e-12));
  }
}

TEST_CASE("Llama-3.1-8B BF16 on one H100, ideal roofline, C = 1, isl = osl = 128: by hand") {
  // One request finishes every 128 iterations, so 1/128 of the iterations prefill its successor's
  // 128-token prompt. Both kinds of iteration are memory-bound (at most 129 rows per GEMM = 129
  // FLOP/B against H100's ridge of 989.4e12 / 3.35e12 = 295 FLOP/B):
  //   weights  32 × (4096·4096·2 + 2·4096·1024 + 3·4096·14336) × 2 B = 13,958,643,712 B
  //   LM head  128,256 × 4096 × 2 B                                  =  1,050,673,152 B
  //   KV       2·8·128·2 B × 32 layers = 131,072 B/token
  //   GEMM activations (theory §7) per token: 32 × (18,432 + 51,200) × 2 B = 4,456,448 B, and
  //            (4096 + 128,256) × 2 B = 264,704 B per LM-head row
  //   decode:   15,009,316,864 + 131,072 × 192 + 4,456,448 + 264,704 = 15,039,203,840 B
  //             -> 4.489315e-3 s
  //   + prompt: + 131,072 × 128 (the prompt's keys) + 128 × 4,456,448 + 264,704 (its logits row)
  //             = 15,626,671,104 B -> 4.664678e-3 s
  //   mean iteration = (127 × 4.489315e-3 + 4.664678e-3) / 128 = 4.490685e-3 s = TPOT.
  // First token (C − 1 = 0 decode sequences): the 128-token prompt alone:
  //   15,009,316,864 + 16,777,216 + 128 × 4,456,448 + 264,704 = 15,596,784,128 B -> 4.655756e-3 s;
  //   TTFT = 4.655756e-3 + 4.490685e-3 / 2 = 6.901099e-3 s.
  auto sys = tk::presets::hgx_h100;
  sys.price_usd_per_gpu_hour = 2.0;
  const tk::workload w{.isl = 128, .osl = 128, .concurrency = 1};
  const auto e = tk::estimate(tk::presets::llama_3_1_8b, sys, tk::serving_plan{}, w, tk::software_stack::ideal());
  REQUIRE(e.fits);
  CHECK(e.mode == tk::serving_mode::aggregated);
  CHECK(e.step.time_s == tt::rel(4.489315e-3, 1e-6));  // the typical (decode-only) iteration
  CHECK(e.tpot_s == tt::rel(4.490685e-3, 1e-6));
  CHECK(e.prefill.time_s == tt::rel(4.655756e-3, 1e-6));
  CHECK(e.ttft_s == tt::rel(6.901099e-3, 1e-6));
  CHECK(e.tok_per_s_per_user == tt::rel(222.6832, 1e-6));     // 1 / 4.490685e-3
  CHECK(e.output_tok_per_s_per_gpu == tt::rel(222.6832, 1e-6));
  CHECK(e.total_tok_per_s_per_gpu == tt::rel(445.3664, 1e-6));  // × (1 + 128/128)
  CHECK(e.usd_per_million_output_tokens == tt::rel(2.494825, 1e-6));  // 2 / 3600 / 222.6832 × 1e6
  CHECK(e.usd_per_million_total_tokens == tt::rel(1.247412, 1e-6));
  CHECK(e.output_tokens_per_megawatt == tt::rel(174653.5, 1e-6));  // 222.6832 / (10,200 W / 8) × 1e6
  CHECK(e.accepted_tokens_per_step == 1.0);
  CHECK(e.gpus == 1.0);
  CHECK(e.concurrency == 1);
  CHECK(e.kv_transfer_s == 0.0);
  CHECK(e.weights_bytes_per_gpu > 15.0e9);  // 8.03e9 parameters in BF16 plus norms
  CHECK(e.kv_bytes_per_gpu == tt::rel(256 * 131072.0, 1e-12));  // one sequence at isl + osl = 256
}

TEST_CASE("identities between the rates, over plans and concurrencies") {
  struct setup {
    tk::model_spec model;
    tk::system_spec system;
    tk::serving_plan plan;
  };
  auto h200 = tk::presets::hgx_h200;
  const std::vector<setup> setups{
      {tk::presets::llama_3_3_70b, tk::presets::hgx_h100, tk::serving_plan{.tp = 4}},
      {tk::presets::mixtral_8x7b, tk::presets::hgx_h100, tk::serving_plan{.tp = 2}},
      {tk::presets::deepseek_r1, h200,
       tk::native_precisions(tk::serving_plan{.tp = 8, .ep = 8, .mtp_depth = 1, .mtp_acceptance = 0.85,
                                              .weights = tk::precision::fp8, .kv_cache = tk::precision::fp8},
                             h200.gpu)},
  };
  for (const auto& s : setups) {
    for (const int C : {1, 16, 128}) {
      CAPTURE(s.model.name);
      CAPTURE(C);
      const tk::workload w{.isl = 2048, .osl = 512, .concurrency = C};
      const auto e = tk::estimate(s.model, s.system, s.plan, w);
      REQUIRE(e.fits);
      const double a = e.accepted_tokens_per_step, g = s.plan.gpus();
      // The mean iteration mixes decode-only and prompt-carrying iterations (serving/aggregated.hpp).
      const auto b = tk::aggregated_step_batches(w, s.plan, a);
      const double t_prompt = tk::step(s.model, s.system, s.plan, b.with_prompt).time_s;
      const double t_decode = tk::step(s.model, s.system, s.plan, b.decode).time_s;
      const double t = (1 - b.prompt_fraction) * t_decode + b.prompt_fraction * t_prompt;
      CHECK(e.tpot_s == tt::rel(t / a, 1e-12));
      CHECK(t_decode <= t);
      CHECK(t <= t_prompt);
      CHECK(e.tok_per_s_per_user == tt::rel(1 / e.tpot_s, 1e-12));
      CHECK(e.output_tok_per_s_per_gpu == tt::rel(C / e.tpot_s / g, 1e-12));
      CHECK(e.total_tok_per_s_per_gpu == tt::rel(e.output_tok_per_s_per_gpu * (1 + 2048.0 / 512), 1e-12));
      CHECK(e.gpus == g);
      if (s.system.price_usd_per_gpu_hour > 0) {
        CHECK(e.usd_per_million_output_tokens ==
              tt::rel(s.system.price_usd_per_gpu_hour / 3600 / e.output_tok_per_s_per_gpu * 1e6, 1e-12));
        CHECK(e.usd_per_million_total_tokens ==
              tt::rel(s.system.price_usd_per_gpu_hour / 3600 / e.total_tok_per_s_per_gpu * 1e6, 1e-12));
        // Same as the economics layer's formula.
        CHECK(e.usd_per_million_output_tokens ==
              tt::rel(tk::usd_per_million_tokens(s.system.price_usd_per_gpu_hour, e.output_tok_per_s_per_gpu), 1e-12));
      }
      CHECK(e.output_tokens_per_megawatt ==
            tt::rel(tk::tokens_per_megawatt(e.output_tok_per_s_per_gpu, s.system.all_in_power_w), 1e-12));
      CHECK(e.output_tokens_per_megawatt == tt::rel(e.output_tok_per_s_per_gpu / s.system.all_in_power_w * 1e6, 1e-12));
      // Averaged over iterations: C·(1 + mtp_depth) decode tokens and C·a·isl/osl prompt tokens.
      CHECK(b.prompt_fraction * b.with_prompt.prefill_tokens == tt::rel(C * a * 2048 / 512, 1e-12));
      CHECK(b.decode.decode_sequences == C);
    }
  }
}

TEST_CASE("memory: fits up to max_concurrency at isl + osl, not one request beyond") {
  const auto model = tk::presets::llama_3_3_70b;
  const auto sys = tk::presets::hgx_h100;
  const tk::serving_plan plan{.tp = 2};
  tk::workload w{.isl = 1024, .osl = 1024, .concurrency = 1};
  const auto small = tk::estimate(model, sys, plan, w);
  REQUIRE(small.fits);
  const int cmax = small.max_concurrency;
  CHECK(cmax == tk::max_concurrency(model, sys, plan, 2048.0));
  REQUIRE(cmax > 1);
  w.concurrency = cmax;
  CHECK(tk::estimate(model, sys, plan, w).fits);
  w.concurrency = cmax + 1;
  const auto over = tk::estimate(model, sys, plan, w);
  CHECK_FALSE(over.fits);
  CHECK(over.max_concurrency == cmax);
  CHECK(over.tpot_s == 0);
  CHECK(over.tok_per_s_per_user == 0);
  CHECK(over.output_tok_per_s_per_gpu == 0);
  CHECK(over.total_tok_per_s_per_gpu == 0);
  CHECK(over.usd_per_million_output_tokens == 0);
  CHECK(over.output_tokens_per_megawatt == 0);
  CHECK(over.weights_bytes_per_gpu > 0);  // the memory fields still say why
  CHECK(over.kv_bytes_per_gpu > 0);
  // Weights that do not fit at all: Llama-3.1-405B in BF16 (810 GB) on one 80 GB GPU.
  const auto none = tk::estimate(tk::presets::llama_3_1_405b, sys, tk::serving_plan{}, w);
  CHECK_FALSE(none.fits);
  CHECK(none.max_concurrency == 0);
}

TEST_CASE("larger C never lowers throughput per GPU nor raises tok/s/user (memory-bound range)") {
  struct setup {
    tk::model_spec model;
    tk::system_spec system;
    tk::serving_plan plan;
  };
  const auto h200 = tk::presets::hgx_h200;
  const std::vector<setup> setups{
      {tk::presets::llama_3_1_8b, tk::presets::hgx_h100, tk::serving_plan{}},
      {tk::presets::llama_3_3_70b, tk::presets::hgx_h100, tk::serving_plan{.tp = 8}},
      {tk::presets::mixtral_8x7b, tk::presets::hgx_h100, tk::serving_plan{.tp = 2}},
      {tk::presets::gpt_oss_120b, tk::presets::hgx_b200,
       tk::native_precisions(tk::serving_plan{.expert_weights = tk::precision::mxfp4}, tk::presets::b200)},
      {tk::presets::deepseek_r1, h200,
       tk::native_precisions(tk::serving_plan{.tp = 8, .ep = 8, .weights = tk::precision::fp8,
                                              .kv_cache = tk::precision::fp8},
                             h200.gpu)},
  };
  for (const auto& s : setups) {
    CAPTURE(s.model.name);
    double last_tput = 0, last_user = 1e300;
    for (int C = 1; C <= 64; C *= 2) {
      CAPTURE(C);
      const auto e = tk::estimate(s.model, s.system, s.plan, tk::workload{.isl = 1024, .osl = 1024, .concurrency = C});
      REQUIRE(e.fits);
      CHECK(e.output_tok_per_s_per_gpu >= last_tput);
      CHECK(e.tok_per_s_per_user <= last_user);
      last_tput = e.output_tok_per_s_per_gpu;
      last_user = e.tok_per_s_per_user;
    }
  }
}

TEST_CASE("doubling every rate of the system halves TPOT and TTFT (homogeneity, ideal roofline)") {
  auto sys = tk::presets::hgx_h100;
  sys.scale_up_latency_s = sys.scale_out_latency_s = 0;
  auto fast = sys;
  fast.gpu.hbm_bytes_per_s *= 2;
  fast.gpu.dense_bf16_flops_per_s *= 2;
  fast.gpu.dense_fp8_flops_per_s *= 2;
  fast.scale_up_bytes_per_s *= 2;
  fast.scale_out_bytes_per_s *= 2;
  const tk::workload w{.isl = 512, .osl = 256, .concurrency = 32};
  const tk::serving_plan plan{.tp = 4};
  // The pure roofline has no fixed latency anywhere (collectives included), so TP4 halves too.
  const auto a = tk::estimate(tk::presets::llama_3_1_8b, sys, tk::serving_plan{}, w, tk::software_stack::ideal());
  const auto b = tk::estimate(tk::presets::llama_3_1_8b, fast, tk::serving_plan{}, w, tk::software_stack::ideal());
  CHECK(b.tpot_s == tt::rel(a.tpot_s / 2, 1e-12));
  CHECK(b.ttft_s == tt::rel(a.ttft_s / 2, 1e-12));
  CHECK(b.output_tok_per_s_per_gpu == tt::rel(2 * a.output_tok_per_s_per_gpu, 1e-12));
  const auto c = tk::estimate(tk::presets::llama_3_3_70b, sys, plan, w, tk::software_stack::ideal());
  const auto d = tk::estimate(tk::presets::llama_3_3_70b, fast, plan, w, tk::software_stack::ideal());
  CHECK(d.tpot_s == tt::rel(c.tpot_s / 2, 1e-12));
  CHECK(d.ttft_s == tt::rel(c.ttft_s / 2, 1e-12));
}

TEST_CASE("TTFT: the median request of a burst of C prompts waits for the prompts ahead of it") {
  // Llama-3.1-8B on one H200, isl 1024, osl 128, budget 8192 prompt tokens per iteration.
  // C = 1: the one request is prefilled alone: TTFT = per-request cost + half the running
  // iteration + one step of 1024 prompt tokens.
  const tk::serving_plan plan{};
  const auto& m = tk::presets::llama_3_1_8b;
  const auto& sys = tk::presets::hgx_h200;
  tk::software_stack stack{};
  stack.fixed.burst_wait = 0.5;  // a synchronised burst: the median waits for half of it
  const auto one = tk::estimate(m, sys, plan, tk::workload{.isl = 1024, .osl = 128, .concurrency = 1}, stack);
  REQUIRE(one.fits);
  const double prompt = tk::step(m, sys, plan, tk::step_batch{.decode_context = 1024, .prefill_tokens = 1024,
                                                              .prefill_request_tokens = 1024}).time_s;
  CHECK(one.ttft_s == tt::rel(stack.fixed.per_request_s + one.tpot_s / 2 + prompt, 1e-12));
  // C = 256, burst_wait w = 1/2: the median is request m = 255/2 + 1 = 128.5;
  // 128.5 × 1024 = 131,584 prompt tokens ahead of and including it fill 16 iterations of 8192
  // tokens (8 prompts each) and one of 512. The generic stack mixes prompts with decodes: on
  // average (128.5 − 1)/2 = 63.75 of the burst decode beside them.
  const auto e = tk::estimate(m, sys, plan, tk::workload{.isl = 1024, .osl = 128, .concurrency = 256}, stack);
  REQUIRE(e.fits);
  auto burst_step = [&](double tokens) {
    return tk::step(m, sys, plan, tk::step_batch{.decode_sequences = 63.75, .decode_context = 1024,
                                                 .prefill_tokens = tokens,
                                                 .prefill_request_tokens = std::min(tokens, 1024.0)}).time_s;
  };
  CHECK(e.ttft_s == tt::rel(stack.fixed.per_request_s + e.tpot_s / 2 + 16 * burst_step(8192) + burst_step(512), 1e-12));
  // A prefill-first scheduler runs the burst's prompts without decodes: a shorter wait.
  auto prefill_first = stack;
  prefill_first.scheduling = tk::batch_scheduling::prefill_first;
  CHECK(tk::estimate(m, sys, plan, tk::workload{.isl = 1024, .osl = 128, .concurrency = 256}, prefill_first).ttft_s <
        e.ttft_s);
}
