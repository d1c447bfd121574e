// The step oracle against hand-computed rooflines, theory §6 expert traffic and properties.
#include <random>
#include <tokenomics/closed_form/parameters.hpp>
#include <tokenomics/moe/distinct.hpp>
#include <tokenomics/presets/models.hpp>
#include <tokenomics/presets/systems.hpp>
#include <tokenomics/step/step.hpp>

#include "tt.hpp"

namespace tk = tokenomics;
namespace pr = tokenomics::presets;
using doctest::Contains;

namespace {
const tk::software_stack ideal = tk::software_stack::ideal();
const tk::serving_plan mxfp4_experts{.weights = tk::precision::bf16, .expert_weights = tk::precision::mxfp4};
}  // namespace

TEST_CASE("ideal roofline, batch 1: Llama-3.1-8B BF16 on one H100") {
  // Weights streamed per step: attention 32 × 41,943,040 + FFN 32 × 176,160,768 + LM head
  // 128256 × 4096 = 7,504,658,432 parameters × 2 B = 15,009,316,864 B (the 525 M-parameter
  // embedding table is gathered, one row per token, not streamed: this is why the step is 4.5 ms,
  // not the 16.1 GB / 3.35 TB/s = 4.8 ms of "all parameters"). KV at context 1024: 32 × 2 × 8 ×
  // 128 × 2 B × 1024 = 134,217,728 B. Activations in and out of the GEMMs (theory §7), BF16, per
  // layer: attention 2·4096 + (2·32 + 2·8)·128 = 18,432 and FFN 2·4096 + 3·14336 = 51,200 elements,
  // × 2 B × 32 layers = 4,456,448 B; LM head (4096 + 128256) × 2 B = 264,704 B.
  // Total 15,148,255,744 B / 3.35e12 B/s = 4.52187 ms.
  const auto s = tk::decode_step(pr::llama_3_1_8b, pr::hgx_h100, tk::serving_plan{}, 1, 1024, ideal);
  REQUIRE(s.fits);
  CHECK(s.bytes_per_gpu == tt::rel(15148255744.0, 1e-9));
  CHECK(s.time_s == tt::rel(15148255744.0 / 3.35e12, 1e-9));
  CHECK(s.limiter == tk::bound_by::memory_bandwidth);
  // FLOPs: 2 × 7,504,658,432 matmul + attention 32 × 2 × 32 × 256 × 1024 = 536,870,912.
  CHECK(s.flops_per_gpu == tt::rel(2.0 * 7504658432.0 + 536870912.0, 1e-9));
}

TEST_CASE("Llama-3.3-70B BF16 TP8 on H100: weights per GPU plus two all-reduces per layer") {
  const auto s = tk::decode_step(pr::llama_3_3_70b, pr::hgx_h100, tk::serving_plan{.tp = 8}, 1, 1024, ideal);
  REQUIRE(s.fits);
  // Per GPU: attention 80 × 150,994,944 / 8 × 2 B = 3,019,898,880; FFN 80 × 704,643,072 / 8 × 2 B =
  // 14,092,861,440; LM head 128256 × 8192 / 8 × 2 B = 262,668,288 -> 17,375,428,608 B (≈ 17.4 GB of
  // the 17.6 GB resident: the embedding shard is not streamed); KV 327,680 × 1024 / 8 = 41,943,040 B;
  // activations per layer 2·8192 + (2·64 + 16)·128/8 = 18,688 (attention) + 2·8192 + 3·28672/8 =
  // 27,136 (FFN) elements × 2 B × 80 = 7,331,840 B, LM head (8192 + 128256/8) × 2 B = 48,448 B.
  const double bytes = 17375428608.0 + 41943040.0 + 7331840.0 + 48448.0;
  CHECK(s.bytes_per_gpu == tt::rel(bytes, 1e-9));
  CHECK(s.memory_s == tt::rel(bytes / 3.35e12, 1e-9));  // 5.199 ms
  // 160 ring all-reduces of one token (8192 × 2 B = 16,384 B) over NVLink 4 at 450 GB/s; the
  // pure roofline has no fixed latency, so each costs its bandwidth term 2 × 7/8 × 16384 / 450e9
  // = 0.0637 µs (theory §8.2).
  const double all_reduce = 2.0 * 7.0 / 8.0 * 16384.0 / 450e9;
  CHECK(s.tp_communication_s == tt::rel(160.0 * all_reduce, 1e-9));
  CHECK(s.time_s == tt::rel(bytes / 3.35e12 + 160.0 * all_reduce, 1e-9));
}

TEST_CASE("a 70B BF16 model on one 80 GB GPU is reported as not fitting") {
  const auto s = tk::decode_step(pr::llama_3_3_70b, pr::hgx_h100, tk::serving_plan{}, 1, 1024);
  CHECK_FALSE(s.fits);
  CHECK(s.time_s == 0.0);
  CHECK(s.memory.weights_bytes_per_gpu > 80e9);
}

TEST_CASE("gpt-oss-120b MXFP4 experts on one H200 (theory §6)") {
  // 36 MoE layers × E[D] × 13.22 MB per expert: 1.90 GB at B = 1, 59.9 GB at B = 128.
  const auto b1 = tk::decode_step(pr::gpt_oss_120b, pr::hgx_h200, mxfp4_experts, 1, 1024, ideal);
  const auto b128 = tk::decode_step(pr::gpt_oss_120b, pr::hgx_h200, mxfp4_experts, 128, 1024, ideal);
  CHECK(b1.at(tk::operator_class::routed_experts).weight_bytes == tt::rel(1.90e9, 0.005));
  CHECK(b128.at(tk::operator_class::routed_experts).weight_bytes == tt::rel(59.9e9, 0.005));
  // → 0.40 / 12.5 ms at H200's 4.8 TB/s (theory §6). Hopper runs MXFP4 as W4A16 (BF16
  // activations, no quantisation pass), so each (token, expert) pair moves permute 4h, GEMM1
  // 2h + 4f, SwiGLU 4f + 2f, GEMM2 2f + 2h and combine 2h = 10h + 12f = 63,360 B at h = f = 2880:
  // 512 pairs × 36 layers × 63,360 B = 1.168 GB at B = 128 (2 %).
  CHECK(b1.at(tk::operator_class::routed_experts).memory_s == tt::rel(0.40e-3, 0.02));
  CHECK(b128.at(tk::operator_class::routed_experts).memory_s == tt::rel((59.9e9 + 1.168e9) / 4.8e12, 0.005));
}

TEST_CASE("Mixtral-8x7B TP8: per-GPU expert bytes (theory §6)") {
  // 32 layers × E[D] × 352.3 MB / 8 = 2.82 / 7.71 / 10.15 / 11.27 GB at B = 1 / 4 / 8 / >= 32.
  const tk::serving_plan tp8{.tp = 8};
  const double expected[] = {2.82e9, 7.71e9, 10.15e9, 11.27e9};
  const double batches[] = {1, 4, 8, 32};
  for (int i = 0; i < 4; ++i) {
    const auto s = tk::decode_step(pr::mixtral_8x7b, pr::hgx_h100, tp8, batches[i], 512, ideal);
    CAPTURE(batches[i]);
    CHECK(s.at(tk::operator_class::routed_experts).weight_bytes == tt::rel(expected[i], 0.005));
  }
}

TEST_CASE("seed blog: Mixtral FP16 batch 1 on a 2 TB/s A100 streams ~26 GB -> ~77 tok/s") {
  // The blog's arithmetic: 12.9B active × 2 B = 26 GB / 2 TB/s = 13 ms -> 77 tok/s (theoretical,
  // ignoring that 93 GB of weights do not fit an 80 GB A100). Our streamed bytes at B = 1 exclude
  // the embedding gather: (12,879,925,248 − 131,072,000) × 2 B = 25.5 GB -> 12.75 ms -> 78.4 tok/s.
  auto sys = pr::hgx_a100;
  sys.gpu.hbm_bytes = 200e9;       // a hypothetical large-memory A100: the blog does not check fit
  sys.gpu.hbm_bytes_per_s = 2e12;  // the blog's round 2 TB/s
  const auto s = tk::decode_step(pr::mixtral_8x7b, sys, tk::serving_plan{}, 1, 0, ideal);
  CHECK(1.0 / s.time_s == tt::rel(77.0, 0.03));
  CHECK(s.bytes_per_gpu == tt::rel(2.0 * (12879925248.0 - 131072000.0), 1e-3));
}

TEST_CASE("DeepSeek-R1 EP32 on GB200 NVL72: memory/communication bound when small, compute bound when large") {
  const tk::serving_plan plan{.tp = 1, .ep = 32, .dp_attention = 32, .weights = tk::precision::fp8,
                              .activations = tk::precision::fp8, .kv_cache = tk::precision::fp8};
  // The generic stack's kernel curves: the regimes of the GEMMs and the exchange themselves.
  const tk::software_stack kernels{};
  const auto small = tk::decode_step(pr::deepseek_r1, pr::gb200_nvl72, plan, 64, 2048, kernels);
  const auto large = tk::decode_step(pr::deepseek_r1, pr::gb200_nvl72, plan, 16384, 2048, kernels);
  REQUIRE(small.fits);
  REQUIRE(large.fits);
  CHECK(small.limiter != tk::bound_by::compute);
  CHECK(small.memory_s > small.compute_s);
  CHECK(large.limiter == tk::bound_by::compute);
  // At 2 tokens per GPU each rank touches most of its 8 experts; at 512 per GPU all of them.
  CHECK(large.routing.max_distinct_experts_per_rank == tt::rel(8.0, 1e-6));
  // The EP dispatch/combine stays on NVLink in a 72-GPU domain.
  CHECK(small.ep_communication_s > 0.0);
}

TEST_CASE("prefill is compute bound and its FLOPs are the closed form's") {
  // Llama-3.3-70B TP8, one 8192-token prompt: FLOPs per GPU = prefill_flops / 8, except that the
  // LM head runs on the last token only (8191 × 2 × V × h / 8 fewer) and the closed form's 2 FLOP
  // per RMSNorm weight (80 × 2 × 8192 + 8192 = 1,318,912 weights) are not GEMM work.
  const auto s = tk::prefill_step(pr::llama_3_3_70b, pr::hgx_h100, tk::serving_plan{.tp = 8}, 8192, 0, ideal);
  const double closed = tk::prefill_flops(pr::llama_3_3_70b, 8192.0) / 8.0;
  const double head_rows_saved = 8191.0 * 2.0 * 128256.0 * 8192.0 / 8.0;
  const double norms = 2.0 * 1318912.0 * 8192.0 / 8.0;
  CHECK(s.flops_per_gpu == tt::rel(closed - head_rows_saved - norms, 1e-9));
  CHECK(s.compute_s > s.memory_s);
  CHECK(s.compute_s == tt::rel(s.flops_per_gpu / 989.4e12, 1e-6));
}

TEST_CASE("two-batch overlap hides communication behind compute") {
  tk::serving_plan plan{.tp = 1, .ep = 8, .dp_attention = 8, .weights = tk::precision::fp8,
                        .activations = tk::precision::fp8, .kv_cache = tk::precision::fp8};
  const auto plain = tk::decode_step(pr::deepseek_r1, pr::hgx_h200, plan, 1024, 1024);
  plan.micro_batches = 2;
  const auto tbo = tk::decode_step(pr::deepseek_r1, pr::hgx_h200, plan, 1024, 1024);
  CHECK(tbo.communication_s < plain.communication_s);
  // ... at the cost of streaming the weights twice (theory §6).
  CHECK(tbo.at(tk::operator_class::routed_experts).bytes > plain.at(tk::operator_class::routed_experts).bytes);
}

TEST_CASE("MTP verifies 1 + depth tokens per sequence and pays for the draft passes") {
  const tk::serving_plan off{.tp = 8, .weights = tk::precision::fp8, .activations = tk::precision::fp8};
  tk::serving_plan on = off;
  on.mtp_depth = 1;
  on.mtp_acceptance = 0.85;
  const auto a = tk::decode_step(pr::deepseek_r1, pr::hgx_h200, off, 8, 1024);
  const auto b = tk::decode_step(pr::deepseek_r1, pr::hgx_h200, on, 8, 1024);
  CHECK(b.tokens == 2.0 * a.tokens);
  CHECK(b.at(tk::operator_class::mtp_draft).time_s > 0.0);
  CHECK(b.time_s > a.time_s);
  CHECK(b.time_s < 2.0 * a.time_s);  // memory-bound: the second token is nearly free
}

TEST_CASE("properties over random configurations") {
  std::mt19937 rng(12345);
  const tk::model_spec models[] = {pr::llama_3_1_8b, pr::llama_3_3_70b, pr::mixtral_8x7b, pr::qwen3_30b_a3b,
                                   pr::gpt_oss_20b, pr::deepseek_v3};
  const tk::system_spec systems[] = {pr::hgx_h100, pr::hgx_h200, pr::hgx_b200, pr::gb200_nvl72, pr::mi355x_x8};
  const int tps[] = {1, 2, 4, 8};
  std::uniform_real_distribution<double> batch_d(1, 512), ctx_d(0, 8192);
  int checked = 0;
  for (int trial = 0; trial < 300; ++trial) {
    const auto& m = models[rng() % 6];
    const auto& sys = systems[rng() % 5];
    tk::serving_plan p{.tp = tps[rng() % 4], .weights = tk::precision::fp8, .activations = tk::precision::fp8,
                       .kv_cache = tk::precision::fp8};
    if (m.is_moe() && rng() % 2) {  // expert parallel with DP-attention over the same GPUs
      p.dp_attention = p.tp;
      p.ep = p.tp;
      p.tp = 1;
      if ((m.num_experts % p.ep) != 0) continue;
    }
    const double batch = std::floor(batch_d(rng)), ctx = std::floor(ctx_d(rng));
    const auto base = tk::decode_step(m, sys, p, batch, ctx);
    if (!base.fits) continue;
    CAPTURE(m.name);
    CAPTURE(sys.name);
    CAPTURE(batch);
    CAPTURE(ctx);
    ++checked;
    // More bandwidth or FLOP/s never slower.
    auto faster = sys;
    faster.gpu.hbm_bytes_per_s *= 1.5;
    CHECK(tk::decode_step(m, faster, p, batch, ctx).time_s <= base.time_s * (1 + 1e-12));
    faster = sys;
    faster.gpu.dense_bf16_flops_per_s *= 1.5;
    faster.gpu.dense_fp8_flops_per_s *= 1.5;
    faster.gpu.dense_fp4_flops_per_s *= 1.5;
    CHECK(tk::decode_step(m, faster, p, batch, ctx).time_s <= base.time_s * (1 + 1e-12));
    faster = sys;
    faster.scale_up_bytes_per_s *= 2;
    faster.scale_out_bytes_per_s *= 2;
    CHECK(tk::decode_step(m, faster, p, batch, ctx).time_s <= base.time_s * (1 + 1e-12));
    // Larger batch never fewer bytes; longer context never faster.
    const auto bigger = tk::decode_step(m, sys, p, batch + 16, ctx);
    if (bigger.fits) {
      CHECK(bigger.bytes_per_gpu >= base.bytes_per_gpu * (1 - 1e-12));
    }
    const auto longer = tk::decode_step(m, sys, p, batch, ctx + 512);
    if (longer.fits) {
      CHECK(longer.time_s >= base.time_s * (1 - 1e-12));
    }
  }
  CHECK(checked > 100);
}

TEST_CASE("dimensional homogeneity: doubling every rate and halving every latency halves the step") {
  auto sys = pr::hgx_h200;
  const tk::serving_plan p{.tp = 8};
  auto eff = tk::software_stack{};
  const auto base = tk::decode_step(pr::llama_3_3_70b, sys, p, 32, 2048, eff);
  sys.gpu.hbm_bytes_per_s *= 2;
  sys.gpu.dense_bf16_flops_per_s *= 2;
  sys.gpu.dense_fp8_flops_per_s *= 2;
  sys.scale_up_bytes_per_s *= 2;
  sys.scale_out_bytes_per_s *= 2;
  sys.scale_up_latency_s /= 2;
  sys.scale_out_latency_s /= 2;
  for (auto* c : {&eff.decode_attention, &eff.prefill_attention, &eff.decode_mla, &eff.prefill_mla}) c->latency_s /= 2;
  for (auto& c : eff.gemm) c.latency_s /= 2;
  for (auto& c : eff.moe) c.latency_s /= 2;
  eff.fixed.per_layer_s /= 2;
  eff.fixed.per_step_s /= 2;
  // Collective latencies are compared through the operators and fixed costs only: the TP
  // all-reduce's choice between custom and NCCL kernels is not scale-free.
  const auto fast = tk::decode_step(pr::llama_3_3_70b, sys, p, 32, 2048, eff);
  CHECK(fast.operators_s == tt::rel(base.operators_s / 2, 1e-12));
  CHECK(fast.overhead_s == tt::rel(base.overhead_s / 2, 1e-12));
}

TEST_CASE("bad step input is rejected by name") {
  using tk::step_batch;
  const tk::serving_plan p{.tp = 8};
  CHECK_THROWS_WITH_AS(static_cast<void>(tk::decode_step(pr::llama_3_3_70b, pr::hgx_h100, p, -1, 10)),
                       Contains("batch.decode_sequences = -1"), tk::invalid_argument);
  CHECK_THROWS_WITH_AS(static_cast<void>(tk::decode_step(pr::llama_3_3_70b, pr::hgx_h100, p, 1, std::nan(""))),
                       Contains("batch.decode_context = nan"), tk::invalid_argument);
  CHECK_THROWS_WITH_AS(static_cast<void>(tk::step(pr::llama_3_3_70b, pr::hgx_h100, p, step_batch{})),
                       Contains("batch = empty"), tk::invalid_argument);
  CHECK_THROWS_WITH_AS(static_cast<void>(tk::decode_step(pr::llama_3_3_70b, pr::hgx_h100, tk::serving_plan{.tp = 3}, 1, 10)),
                       Contains("plan.tp = 3"), tk::invalid_argument);
  tk::software_stack e;
  e.gemm[0].bandwidth_fraction = 0;
  CHECK_THROWS_WITH_AS(static_cast<void>(tk::decode_step(pr::llama_3_3_70b, pr::hgx_h100, p, 1, 10, e)),
                       Contains("stack.gemm.bf16.bandwidth_fraction = 0"), tk::invalid_argument);
  CHECK_THROWS_WITH_AS(static_cast<void>(tk::decode_step(pr::llama_3_3_70b, pr::hgx_h100, p, 1e12, 10)),
                       Contains("batch.tokens = 1e+12"), tk::invalid_argument);
}

TEST_CASE("float and double agree (the oracle is generic in T)") {
  // Llama-3.1-8B geometry in both types; the step is the same to float rounding.
  const tk::basic_model_spec<float> mf{.hidden = 4096, .num_layers = 32, .vocab = 128256, .num_attention_heads = 32,
                                       .num_kv_heads = 8, .head_dim = 128, .intermediate = 14336};
  const tk::basic_system_spec<float> sf{
      .gpu = {.hbm_bytes = 80e9f, .hbm_bytes_per_s = 3.35e12f, .dense_bf16_flops_per_s = 989.4e12f},
      .num_gpus = 8, .scale_up_domain_gpus = 8, .scale_up_bytes_per_s = 450e9f};
  const auto f = tk::decode_step(mf, sf, tk::basic_serving_plan<float>{}, 16.0f, 1024.0f,
                                 tk::basic_software_stack<float>::ideal());
  const auto d = tk::decode_step(pr::llama_3_1_8b, pr::hgx_h100, tk::serving_plan{}, 16.0, 1024.0, ideal);
  CHECK(double(f.time_s) == tt::rel(d.time_s, 1e-5));
}
