#pragma once
// How one model replica is laid out on GPUs (design §3). GPUs per replica = tp × dp_attention × pp:
// attention and dense layers run tensor-parallel over `tp` GPUs, replicated `dp_attention` times
// (each copy serves its own requests); the MoE layers of a pipeline stage use all tp × dp_attention
// GPUs of that stage as ep (expert-parallel ranks) × expert_tp (each expert split in expert_tp).
#include <concepts>
#include <optional>
#include <utility>

#include "../core/error.hpp"
#include "../core/precision.hpp"
#include "model.hpp"
#include "system.hpp"
#include "workload.hpp"

namespace tokenomics {

inline constexpr int max_mtp_depth = 64;

template <std::floating_point T>
struct basic_serving_plan {
  int tp{1};
  int ep{1};
  int pp{1};
  int dp_attention{1};
  int expert_tp{0};          // 0: tp × dp_attention / ep (every GPU of a stage holds experts)
  int micro_batches{1};      // 2 = two-batch overlap (communication hidden behind compute)
  int redundant_experts{0};  // extra expert slots over the EP group (EPLB replicas), per MoE layer
  int mtp_depth{0};          // draft tokens per step (MTP / speculative decoding), 0 = off. The
                             // draft passes are costed with the model's MTP modules; a model
                             // without them drafts for free (n-gram / prompt-lookup speculation)
  T mtp_acceptance{};        // per-draft-token acceptance probability α
  // Chunked prefill: at most this many prompt tokens per DP rank and iteration. 8192 is the
  // default token budget of vLLM (max_num_batched_tokens for online serving), SGLang
  // (chunked_prefill_size) and TensorRT-LLM (max_num_tokens).
  int prefill_chunk_tokens{8192};
  precision weights{precision::bf16};                // non-expert GEMM weights
  std::optional<precision> expert_weights{};         // default: same as weights
  precision activations{precision::bf16};
  precision kv_cache{precision::bf16};
  std::optional<precision> dispatch{};               // EP dispatch; default: activations
  std::optional<precision> combine{};                // EP combine; default: activations

  // The products are formed in double: an unvalidated plan (dp = pp = 65536) must not overflow int.
  [[nodiscard]] constexpr int gpus_per_stage() const { return checked_gpus("plan.tp * plan.dp_attention", 1); }
  [[nodiscard]] constexpr int gpus() const { return checked_gpus("plan.gpus", pp); }
  [[nodiscard]] constexpr int expert_tp_degree() const {
    if (expert_tp > 0) return expert_tp;
    if (ep <= 0) detail::fail("plan.ep", detail::show(ep), "must be > 0");
    return gpus_per_stage() / ep;
  }
  [[nodiscard]] constexpr precision expert_weight_precision() const noexcept {
    return expert_weights.value_or(weights);
  }
  [[nodiscard]] constexpr precision dispatch_precision() const noexcept { return dispatch.value_or(activations); }
  [[nodiscard]] constexpr precision combine_precision() const noexcept { return combine.value_or(activations); }

 private:
  [[nodiscard]] constexpr int checked_gpus(const char* field, int stages) const {
    const double n = double(tp) * double(dp_attention) * double(stages);
    if (!(n <= double(max_plan_gpus) && n >= 0.0))
      detail::fail(field, detail::show(n), "must be in [0, " + detail::show(max_plan_gpus) + "] GPUs per replica");
    return static_cast<int>(n);
  }
};

using serving_plan = basic_serving_plan<double>;

// The plan on its own: positive degrees, precisions the library models.
template <std::floating_point T>
void validate(const basic_serving_plan<T>& p) {
  using namespace detail;
  require_positive("plan.tp", p.tp);
  require_positive("plan.ep", p.ep);
  require_positive("plan.pp", p.pp);
  require_positive("plan.dp_attention", p.dp_attention);
  require_non_negative("plan.expert_tp", p.expert_tp);
  require_positive("plan.micro_batches", p.micro_batches);
  require_non_negative("plan.redundant_experts", p.redundant_experts);
  for (const auto& [field, v] : {std::pair{"plan.tp", p.tp}, {"plan.ep", p.ep}, {"plan.pp", p.pp},
                                 {"plan.dp_attention", p.dp_attention}, {"plan.expert_tp", p.expert_tp},
                                 {"plan.micro_batches", p.micro_batches}})
    if (v > max_plan_gpus) fail(field, show(v), "must be <= " + show(max_plan_gpus));
  (void)p.gpus();  // names plan.gpus when tp * dp_attention * pp exceeds max_plan_gpus
  // Keeps num_experts + redundant_experts in int; the model-aware bound is in the other validate().
  if (p.redundant_experts > max_plan_gpus)
    fail("plan.redundant_experts", show(p.redundant_experts), "must be <= " + show(max_plan_gpus));
  if (p.redundant_experts > 0 && p.ep == 1)  // one rank holds every replica: memory, no balance
    fail("plan.redundant_experts", show(p.redundant_experts), "needs expert parallelism (plan.ep > 1)");
  require_non_negative("plan.mtp_depth", p.mtp_depth);
  require_positive("plan.prefill_chunk_tokens", p.prefill_chunk_tokens);
  if (p.prefill_chunk_tokens > workload_limits::max_tokens)
    fail("plan.prefill_chunk_tokens", show(p.prefill_chunk_tokens), "must be <= " + show(workload_limits::max_tokens));
  if (p.mtp_depth > max_mtp_depth)  // draft trees of EAGLE-style drafters stay below 64 tokens
    fail("plan.mtp_depth", show(p.mtp_depth), "must be <= " + show(max_mtp_depth));
  if (p.mtp_depth > 0 && !(p.mtp_acceptance >= T(0) && p.mtp_acceptance < T(1)))
    fail("plan.mtp_acceptance", show(double(p.mtp_acceptance)), "must be in [0, 1) when mtp_depth > 0");
  if (p.weights == precision::fp32 || p.expert_weight_precision() == precision::fp32)
    fail("plan.weights", "fp32", "FP32 GEMMs are not modelled; use bf16 or narrower");
  if (p.activations == precision::fp32)
    fail("plan.activations", "fp32", "FP32 GEMMs are not modelled; use bf16 or narrower");
  require_divides("plan.ep", p.ep, "plan.tp * plan.dp_attention", p.gpus_per_stage());
  if (p.expert_tp > 0 && p.ep * p.expert_tp != p.gpus_per_stage())
    fail("plan.expert_tp", show(p.expert_tp),
         "ep * expert_tp must equal tp * dp_attention = " + show(p.gpus_per_stage()));
}

// The plan against a model and a system: divisibility and GPU count. Whether the plan also fits
// in memory is closed_form/memory.hpp's question.
template <std::floating_point T>
void validate(const basic_serving_plan<T>& p, const basic_model_spec<T>& m, const basic_system_spec<T>& s) {
  using namespace detail;
  validate(m);
  validate(s);
  validate(p);
  require_divides("plan.tp", p.tp, "model.num_attention_heads", m.num_attention_heads);
  if (p.pp > m.num_layers)
    fail("plan.pp", show(p.pp), "must be <= model.num_layers = " + show(m.num_layers));
  if (m.is_moe()) {
    const long long most = static_cast<long long>(m.num_experts) * (p.ep - 1);  // a copy per rank
    if (p.redundant_experts > most)
      fail("plan.redundant_experts", show(p.redundant_experts), "must be <= model.num_experts * (plan.ep - 1) = " + show(most));
    require_divides("plan.ep", p.ep, "model.num_experts + plan.redundant_experts",
                    m.num_experts + p.redundant_experts);
    require_divides("plan.expert_tp", p.expert_tp_degree(), "model.expert_intermediate", m.expert_intermediate);
  } else {
    if (p.ep != 1) fail("plan.ep", show(p.ep), "must be 1 for a dense model");
    if (p.redundant_experts != 0)
      fail("plan.redundant_experts", show(p.redundant_experts), "must be 0 for a dense model");
    require_divides("plan.tp", p.tp, "model.intermediate", m.intermediate);
  }
  if (p.gpus() > s.num_gpus)
    fail("plan.gpus", show(p.gpus()),
         "tp * dp_attention * pp exceeds system.num_gpus = " + show(s.num_gpus));
}

}  // namespace tokenomics
