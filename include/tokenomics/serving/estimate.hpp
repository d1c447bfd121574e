#pragma once
// The serving entry points (design §1, §6): what a workload gets from a plan on a system.
//
//   auto e = tokenomics::estimate(model, system, plan, workload);          // aggregated
//   auto d = tokenomics::estimate_disaggregated(model, system, prefill_plan, decode_plan, workload);
//
// Both validate every input and throw tokenomics::invalid_argument naming the field for invalid
// input ("workload.isl = 0: must be > 0"). A plan that does not fit in memory is not an error: the
// result has fits = false, all rates 0, and the memory fields filled (design §4). Routing skew
// comes from workload.skew; speculative decoding / MTP from plan.mtp_depth and
// plan.mtp_acceptance (speculative.hpp). Economics: $/Mtok from system.price_usd_per_gpu_hour
// (0 if the price is 0), output tokens/s per MW from system.all_in_power_w (0 if it is 0).
// The models: aggregated.hpp (continuous batching) and disaggregated.hpp (prefill/decode pools).
#include <concepts>
#include <string>

#include "../spec/software_stack.hpp"
#include "../spec/model.hpp"
#include "../spec/plan.hpp"
#include "../spec/system.hpp"
#include "../spec/workload.hpp"
#include "aggregated.hpp"
#include "disaggregated.hpp"
#include "estimate_result.hpp"
#include "native_precisions.hpp"
#include "speculative.hpp"

namespace tokenomics {

// Aggregated serving (continuous batching with chunked prefill) of `work` on one replica laid
// out by `plan`.
template <std::floating_point T>
[[nodiscard]] basic_estimate_result<T> estimate(const basic_model_spec<T>& model, const basic_system_spec<T>& system,
                                                const basic_serving_plan<T>& plan, const basic_workload<T>& work,
                                                const basic_software_stack<T>& stack = {}) {
  validate(plan, model, system);
  validate(work);
  validate(stack);
  return detail::estimate_aggregated_unchecked(model, system, plan, work, stack);
}

// Disaggregated serving: prefill on `prefill_plan` replicas, decode on `decode_plan` replicas,
// workload.concurrency requests in flight per decode replica.
template <std::floating_point T>
[[nodiscard]] basic_estimate_result<T> estimate_disaggregated(const basic_model_spec<T>& model,
                                                              const basic_system_spec<T>& system,
                                                              const basic_serving_plan<T>& prefill_plan,
                                                              const basic_serving_plan<T>& decode_plan,
                                                              const basic_workload<T>& work,
                                                              const basic_software_stack<T>& stack = {},
                                                              const basic_disaggregated_options<T>& options = {}) {
  try {
    validate(prefill_plan, model, system);
  } catch (const invalid_argument& e) {  // name the plan: "prefill_plan.tp = 3: ..."
    if (e.field().rfind("plan.", 0) == 0) throw invalid_argument("prefill_" + e.field(), e.value(), e.rule());
    throw;
  }
  validate(decode_plan, model, system);
  validate(work);
  validate(stack);
  validate(options);
  return detail::estimate_disaggregated_unchecked(model, system, prefill_plan, decode_plan, work, stack, options);
}

// Does an estimate meet the workload's service-level targets (a target of 0 means none)? A result
// that does not fit meets none.
template <std::floating_point T>
[[nodiscard]] constexpr bool meets_sla(const basic_estimate_result<T>& e, const basic_workload<T>& w) noexcept {
  if (!e.fits) return false;
  if (w.ttft_sla_s > T(0) && e.ttft_s > w.ttft_sla_s) return false;
  if (w.tpot_sla_s > T(0) && e.tpot_s > w.tpot_sla_s) return false;
  return true;
}

}  // namespace tokenomics
