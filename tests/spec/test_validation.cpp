// Every description rejects bad values with tokenomics::invalid_argument naming field and value.
#include <cmath>
#include <limits>
#include <tokenomics/spec/software_stack.hpp>
#include <tokenomics/spec/plan.hpp>
#include <tokenomics/spec/workload.hpp>
#include <tokenomics/presets/models.hpp>
#include <tokenomics/presets/systems.hpp>

#include "tt.hpp"

namespace tk = tokenomics;
namespace pr = tokenomics::presets;
using doctest::Contains;

constexpr double nan_v = std::numeric_limits<double>::quiet_NaN();
constexpr double inf_v = std::numeric_limits<double>::infinity();

TEST_CASE("model_spec") {
  auto m = pr::mixtral_8x7b;
  CHECK_NOTHROW(tk::validate(m));
  m.top_k = 9;
  CHECK_THROWS_WITH_AS(tk::validate(m), Contains("model.top_k = 9"), tk::invalid_argument);
  m = pr::mixtral_8x7b;
  m.top_k = 0;
  CHECK_THROWS_WITH_AS(tk::validate(m), Contains("model.top_k = 0"), tk::invalid_argument);
  m = pr::mixtral_8x7b;
  m.hidden = 0;
  CHECK_THROWS_WITH_AS(tk::validate(m), Contains("model.hidden = 0"), tk::invalid_argument);
  m = pr::mixtral_8x7b;
  m.num_layers = -4;
  CHECK_THROWS_WITH_AS(tk::validate(m), Contains("model.num_layers = -4"), tk::invalid_argument);
  m = pr::llama_3_3_70b;
  m.num_kv_heads = 7;  // does not divide 64 query heads
  CHECK_THROWS_WITH_AS(tk::validate(m), Contains("model.num_kv_heads = 7: must divide model.num_attention_heads = 64"),
                       tk::invalid_argument);
  m = pr::llama_3_3_70b;
  m.top_k = 2;  // top-k on a dense model
  CHECK_THROWS_WITH_AS(tk::validate(m), Contains("model.top_k = 2"), tk::invalid_argument);
  m = pr::deepseek_v3;
  m.kv_lora_rank = 0;
  CHECK_THROWS_WITH_AS(tk::validate(m), Contains("model.kv_lora_rank = 0"), tk::invalid_argument);
  m = pr::deepseek_v3;
  m.topk_groups = 9;
  CHECK_THROWS_WITH_AS(tk::validate(m), Contains("model.topk_groups = 9"), tk::invalid_argument);
  m = pr::gpt_oss_120b;
  m.sliding_window_tokens = 0;
  CHECK_THROWS_WITH_AS(tk::validate(m), Contains("model.sliding_window_tokens = 0"), tk::invalid_argument);
}

TEST_CASE("accelerator_spec and system_spec") {
  auto s = pr::hgx_h100;
  CHECK_NOTHROW(tk::validate(s));
  s.gpu.hbm_bytes_per_s = nan_v;
  CHECK_THROWS_WITH_AS(tk::validate(s), Contains("gpu.hbm_bytes_per_s = nan"), tk::invalid_argument);
  s = pr::hgx_h100;
  s.gpu.hbm_bytes = -80e9;
  CHECK_THROWS_WITH_AS(tk::validate(s), Contains("gpu.hbm_bytes = -8e+10"), tk::invalid_argument);
  s = pr::hgx_h100;
  s.gpu.dense_bf16_flops_per_s = inf_v;
  CHECK_THROWS_WITH_AS(tk::validate(s), Contains("gpu.dense_bf16_flops_per_s = inf"), tk::invalid_argument);
  s = pr::hgx_h100;
  s.num_gpus = 0;
  CHECK_THROWS_WITH_AS(tk::validate(s), Contains("system.num_gpus = 0"), tk::invalid_argument);
  s = pr::hgx_h100;
  s.scale_up_bytes_per_s = 0.0;
  CHECK_THROWS_WITH_AS(tk::validate(s), Contains("system.scale_up_bytes_per_s = 0"), tk::invalid_argument);
  s = pr::hgx_h100;
  s.price_usd_per_gpu_hour = -1.0;
  CHECK_THROWS_WITH_AS(tk::validate(s), Contains("system.price_usd_per_gpu_hour = -1"), tk::invalid_argument);
}

TEST_CASE("serving_plan") {
  CHECK_NOTHROW(tk::validate(tk::serving_plan{.tp = 8}, pr::llama_3_3_70b, pr::hgx_h100));
  CHECK_THROWS_WITH_AS(tk::validate(tk::serving_plan{.tp = 0}), Contains("plan.tp = 0"), tk::invalid_argument);
  CHECK_THROWS_WITH_AS(tk::validate(tk::serving_plan{.pp = -1}), Contains("plan.pp = -1"), tk::invalid_argument);
  // tp not dividing the heads.
  CHECK_THROWS_WITH_AS(tk::validate(tk::serving_plan{.tp = 3}, pr::llama_3_3_70b, pr::hgx_h100),
                       Contains("plan.tp = 3: must divide model.num_attention_heads = 64"), tk::invalid_argument);
  // ep dividing tp × dp_attention but not the experts (Mixtral has 8).
  CHECK_NOTHROW(tk::validate(tk::serving_plan{.tp = 2, .ep = 4, .dp_attention = 2}, pr::mixtral_8x7b, pr::hgx_h100));
  CHECK_THROWS_WITH_AS(tk::validate(tk::serving_plan{.tp = 1, .ep = 3, .dp_attention = 3}, pr::mixtral_8x7b, pr::hgx_h100),
                       Contains("plan.ep = 3: must divide model.num_experts + plan.redundant_experts = 8"),
                       tk::invalid_argument);
  // EPLB replicas without expert parallelism
  CHECK_THROWS_WITH_AS(tk::validate(tk::serving_plan{.tp = 8, .redundant_experts = 32}),
                       Contains("plan.redundant_experts = 32: needs expert parallelism (plan.ep > 1)"),
                       tk::invalid_argument);
  // more GPUs than the system has
  CHECK_THROWS_WITH_AS(tk::validate(tk::serving_plan{.tp = 8, .pp = 2}, pr::llama_3_3_70b, pr::hgx_h100),
                       Contains("plan.gpus = 16"), tk::invalid_argument);
  // EP on a dense model
  CHECK_THROWS_WITH_AS(tk::validate(tk::serving_plan{.tp = 2, .ep = 2}, pr::llama_3_3_70b, pr::hgx_h100),
                       Contains("plan.ep = 2: must be 1 for a dense model"), tk::invalid_argument);
  CHECK_THROWS_WITH_AS(tk::validate(tk::serving_plan{.mtp_depth = 2, .mtp_acceptance = 1.5}),
                       Contains("plan.mtp_acceptance = 1.5"), tk::invalid_argument);
  CHECK_THROWS_WITH_AS(tk::validate(tk::serving_plan{.tp = 4, .ep = 2, .expert_tp = 3}),
                       Contains("plan.expert_tp = 3"), tk::invalid_argument);
}

TEST_CASE("workload") {
  CHECK_NOTHROW(tk::validate(tk::workload{.isl = 1024, .osl = 1024, .concurrency = 64}));
  CHECK_THROWS_WITH_AS(tk::validate(tk::workload{.isl = 0, .osl = 1024, .concurrency = 64}),
                       Contains("workload.isl = 0"), tk::invalid_argument);
  CHECK_THROWS_WITH_AS(tk::validate(tk::workload{.isl = 10, .osl = -5, .concurrency = 64}),
                       Contains("workload.osl = -5"), tk::invalid_argument);
  CHECK_THROWS_WITH_AS(tk::validate(tk::workload{.isl = 10, .osl = 5, .concurrency = 0}),
                       Contains("workload.concurrency = 0"), tk::invalid_argument);
  CHECK_THROWS_WITH_AS(tk::validate(tk::workload{.isl = 10, .osl = 5, .concurrency = 1, .tpot_sla_s = nan_v}),
                       Contains("workload.tpot_sla_s = nan"), tk::invalid_argument);
  CHECK_THROWS_WITH_AS(
      tk::validate(tk::workload{.isl = 10, .osl = 5, .concurrency = 1,
                                .skew = {.kind = tk::skew_kind::lognormal, .parameter = -0.5}}),
      Contains("workload.skew.parameter = -0.5"), tk::invalid_argument);
}

TEST_CASE("software stack") {
  CHECK_NOTHROW(tk::validate(tk::software_stack{}));
  CHECK_NOTHROW(tk::validate(tk::software_stack::ideal()));
  tk::software_stack e;
  e.gemm[static_cast<std::size_t>(tk::kernel_dtype::fp8)].compute_fraction = 1.2;
  CHECK_THROWS_WITH_AS(tk::validate(e), Contains("stack.gemm.fp8.compute_fraction = 1.2"), tk::invalid_argument);
  e = {};
  e.moe[0].half_work = -1;
  CHECK_THROWS_WITH_AS(tk::validate(e), Contains("stack.moe.bf16.half_work = -1"), tk::invalid_argument);
  e = {};
  e.ep_low_latency.bandwidth_fraction = 0;
  CHECK_THROWS_WITH_AS(tk::validate(e), Contains("stack.ep_low_latency.bandwidth_fraction = 0"), tk::invalid_argument);
  e = {};
  e.fixed.per_step_s = -1e-6;
  CHECK_THROWS_WITH_AS(tk::validate(e), Contains("stack.fixed.per_step_s = -1e-06"), tk::invalid_argument);
  e = {};
  e.fixed.per_request_s = std::nan("");
  CHECK_THROWS_WITH_AS(tk::validate(e), Contains("stack.fixed.per_request_s = nan"), tk::invalid_argument);
}
