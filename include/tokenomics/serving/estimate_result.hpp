#pragma once
// What serving a workload on a plan gives (design §6, §9): the numbers a capacity planner reads.
// Field names are the CLI's JSON names (design §9); keep them stable.
#include <concepts>

#include "../spec/plan.hpp"
#include "../step/step.hpp"

namespace tokenomics {

enum class serving_mode { aggregated, disaggregated };

template <std::floating_point T>
struct basic_estimate_result {
  bool fits{};                        // false: the plan/workload does not fit; the rates are 0
  serving_mode mode{serving_mode::aggregated};
  basic_serving_plan<T> plan{};       // decode plan (aggregated: the only plan)
  basic_serving_plan<T> prefill_plan{};  // disaggregated only
  int concurrency{};                  // requests in flight per (decode) replica
  int max_concurrency{};              // memory limit of the (decode) replica at isl + osl tokens
  T gpus{};                           // GPUs per replica; disaggregated: prefill + decode GPUs per
                                      // rate-balanced unit (may be fractional)
  T tpot_s{};                         // time per output token seen by a user
  T ttft_s{};                         // time to first token
  T tok_per_s_per_user{};             // interactivity = 1 / tpot_s
  T output_tok_per_s_per_gpu{};
  T total_tok_per_s_per_gpu{};        // input + output tokens
  T accepted_tokens_per_step{1};      // speculative decoding / MTP: (1 - α^(n+1)) / (1 - α)
  T weights_bytes_per_gpu{};
  T kv_bytes_per_gpu{};
  T usd_per_million_output_tokens{};  // 0 when the system has no price
  T usd_per_million_total_tokens{};
  T output_tokens_per_megawatt{};     // output tok/s per MW of all-in power; 0 without power
  T kv_transfer_s{};                  // disaggregated: prefill -> decode per request
  basic_step_time<T> step{};          // the steady-state iteration: breakdown of what bounds it
  basic_step_time<T> prefill{};       // the step that emits a request's first token: aggregated,
                                      // C − 1 decode sequences + one whole prompt; disaggregated,
                                      // the prefill pool's batch step
};
using estimate_result = basic_estimate_result<double>;

}  // namespace tokenomics
