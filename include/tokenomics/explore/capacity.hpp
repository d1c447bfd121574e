#pragma once
// Capacity planning (design §7): "how many GPUs for R requests/s at >= x tok/s/user and TTFT <= y,
// and what does a million tokens cost?"
//
//   auto cap = tk::plan_capacity(model, system, work, /*requests_per_s=*/50.0,
//                                tk::capacity_target{.min_tok_per_s_per_user = 50, .max_ttft_s = 2});
//   if (cap.feasible) use(cap.num_gpus, cap.chosen.plan, cap.usd_per_million_output_tokens);
//   else std::cerr << cap.reason;
//
// Method: sweep (explore/sweep.hpp) the design space; keep the points meeting the target; the
// demanded output rate is D = requests_per_s × osl tokens/s. A point whose replica uses g GPUs and
// delivers r = output_tok_per_s_per_gpu × g output tokens/s needs n = ceil(D / r) replicas and
// n × g GPUs (disaggregated points: g is the prefill + decode GPUs of one rate-balanced unit and
// may be fractional; the product is rounded up). The chosen point needs the fewest GPUs; ties go
// to the higher tok/s/GPU, then to the earlier sweep point (deterministic).
// Cost at the demanded rate (the replicas are not fully used after rounding up, so this is at or
// above the point's own $/Mtok): usd_per_million_output_tokens = price × num_gpus / 3600 / D × 1e6;
// output_tokens_per_megawatt = D / (num_gpus × all_in_power_w) × 1e6.
// Infeasible targets are a result (feasible = false, reason says why), not an exception; invalid
// inputs (negative rate, NaN target, bad workload) throw invalid_argument naming the field.
#include <cmath>
#include <concepts>
#include <cstddef>
#include <limits>
#include <string>
#include <vector>

#include "../core/error.hpp"
#include "../core/units.hpp"
#include "sweep.hpp"

namespace tokenomics {

template <std::floating_point T>
struct basic_capacity_target {
  T min_tok_per_s_per_user{};  // interactivity floor; 0 = none
  T max_ttft_s{};              // time-to-first-token ceiling; 0 = none
};
using capacity_target = basic_capacity_target<double>;

template <std::floating_point T>
struct basic_capacity_plan {
  bool feasible{};
  std::string reason{};                  // why not, when !feasible
  basic_estimate_result<T> chosen{};     // the operating point (plan, concurrency, rates)
  T demanded_output_tok_per_s{};         // requests_per_s × osl
  T replica_output_tok_per_s{};          // one replica (or disaggregated unit) of the chosen point
  long long replicas{};                  // ceil(demand / replica rate)
  T gpus_per_replica{};
  long long num_gpus{};                  // ceil(replicas × gpus_per_replica)
  T utilization_fraction{};              // demand / (replicas × replica rate), in (0, 1]
  T usd_per_hour{};                      // num_gpus × price per GPU-hour (0 without a price)
  T usd_per_million_output_tokens{};     // at the demanded rate (0 without a price)
  T output_tokens_per_megawatt{};        // at the demanded rate (0 without power)
  std::size_t points_considered{};       // sweep points
  std::size_t points_meeting_target{};
};
using capacity_plan = basic_capacity_plan<double>;

// Choose among already-swept points (lets a caller reuse one sweep for many rates).
template <std::floating_point T>
[[nodiscard]] basic_capacity_plan<T> plan_capacity_from(std::span<const basic_estimate_result<T>> points,
                                                        const basic_system_spec<T>& system,
                                                        const basic_workload<T>& work, T requests_per_s,
                                                        const basic_capacity_target<T>& target) {
  detail::require_positive("requests_per_s", requests_per_s);
  detail::require_non_negative("target.min_tok_per_s_per_user", target.min_tok_per_s_per_user);
  detail::require_non_negative("target.max_ttft_s", target.max_ttft_s);
  detail::require_positive("workload.osl", work.osl);
  basic_capacity_plan<T> r;
  r.demanded_output_tok_per_s = requests_per_s * T(work.osl);
  r.points_considered = points.size();
  if (points.empty()) {
    r.reason = "no plan fits in memory (or meets the workload's SLAs) within the sweep space";
    return r;
  }
  T best_interactivity = T(0), best_ttft = std::numeric_limits<T>::infinity();
  long long best_gpus = std::numeric_limits<long long>::max();
  std::size_t best = points.size();
  bool absurd = false;
  for (std::size_t i = 0; i < points.size(); ++i) {
    const auto& e = points[i];
    if (!e.fits || !(e.output_tok_per_s_per_gpu > T(0)) || !(e.gpus > T(0))) continue;
    best_interactivity = std::max(best_interactivity, e.tok_per_s_per_user);
    if (e.tok_per_s_per_user >= target.min_tok_per_s_per_user) best_ttft = std::min(best_ttft, e.ttft_s);
    if (e.tok_per_s_per_user < target.min_tok_per_s_per_user) continue;
    if (target.max_ttft_s > T(0) && e.ttft_s > target.max_ttft_s) continue;
    ++r.points_meeting_target;
    const T replica_rate = e.output_tok_per_s_per_gpu * e.gpus;
    const T replicas = std::ceil(r.demanded_output_tok_per_s / replica_rate);
    const T gpus = std::ceil(replicas * e.gpus * (T(1) - T(64) * std::numeric_limits<T>::epsilon()));
    if (!(gpus < T(std::numeric_limits<long long>::max() / 2))) {  // absurd demand: no cast
      absurd = true;
      continue;
    }
    const auto g = static_cast<long long>(gpus);
    if (g < best_gpus || (g == best_gpus && e.output_tok_per_s_per_gpu > points[best].output_tok_per_s_per_gpu)) {
      best_gpus = g;
      best = i;
    }
  }
  if (best == points.size()) {
    if (absurd)
      r.reason = "a demand of " + detail::show(double(r.demanded_output_tok_per_s)) +
                 " output tok/s needs more GPUs than can be counted";
    else if (best_interactivity < target.min_tok_per_s_per_user)
      r.reason = "no configuration reaches " + detail::show(double(target.min_tok_per_s_per_user)) +
                 " tok/s/user (best: " + detail::show(double(best_interactivity)) + ")";
    else
      r.reason = "no configuration at >= " + detail::show(double(target.min_tok_per_s_per_user)) +
                 " tok/s/user has TTFT <= " + detail::show(double(target.max_ttft_s)) +
                 " s (best: " + detail::show(double(best_ttft)) + " s)";
    return r;
  }
  const auto& e = points[best];
  r.feasible = true;
  r.chosen = e;
  r.replica_output_tok_per_s = e.output_tok_per_s_per_gpu * e.gpus;
  r.replicas = static_cast<long long>(std::ceil(r.demanded_output_tok_per_s / r.replica_output_tok_per_s));
  r.gpus_per_replica = e.gpus;
  r.num_gpus = best_gpus;
  r.utilization_fraction = r.demanded_output_tok_per_s / (T(r.replicas) * r.replica_output_tok_per_s);
  if (system.price_usd_per_gpu_hour > T(0)) {
    r.usd_per_hour = T(r.num_gpus) * system.price_usd_per_gpu_hour;
    // price × GPUs per second of wall time / output tokens per second × 1e6   (design §7)
    r.usd_per_million_output_tokens = r.usd_per_hour / T(units::hour) / r.demanded_output_tok_per_s * T(1e6);
  }
  if (system.all_in_power_w > T(0))
    r.output_tokens_per_megawatt = r.demanded_output_tok_per_s / (T(r.num_gpus) * system.all_in_power_w) * T(units::MW);
  return r;
}

// Sweep `space` and choose (see the header comment).
template <std::floating_point T>
[[nodiscard]] basic_capacity_plan<T> plan_capacity(const basic_model_spec<T>& model, const basic_system_spec<T>& system,
                                                   const basic_workload<T>& work, std::type_identity_t<T> requests_per_s,
                                                   const basic_capacity_target<T>& target,
                                                   const basic_sweep_space<T>& space = {},
                                                   const basic_software_stack<T>& stack = {}) {
  detail::require_positive("requests_per_s", requests_per_s);
  detail::require_non_negative("target.min_tok_per_s_per_user", target.min_tok_per_s_per_user);
  detail::require_non_negative("target.max_ttft_s", target.max_ttft_s);
  const auto points = sweep(model, system, work, space, stack);
  return plan_capacity_from(std::span<const basic_estimate_result<T>>(points), sweep_system(system, space), work,
                            T(requests_per_s), target);
}

}  // namespace tokenomics
