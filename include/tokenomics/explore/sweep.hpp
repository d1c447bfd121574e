#pragma once
// Design-space sweep (design §7): every valid serving plan up to a GPU limit (tp, ep, pp,
// dp_attention, weight precisions the accelerator supports, MTP on/off, two-batch overlap,
// optionally disaggregated prefill) × concurrency (powers of two up to the memory limit), each
// estimated with serving/estimate.hpp; the fitting points come back in a fixed order, whatever the
// number of threads. `pareto` (explore/frontier.hpp) then keeps the non-dominated ones:
//
//   auto points   = tk::sweep(model, system, work, tk::sweep_space{.max_gpus = 72});
//   auto frontier = tk::pareto(points);            // operating points, id = index into `points`
//   double at60   = tk::throughput_at(frontier, 60.0);
//   const tk::estimate_result& best = points[frontier.back().id];
//
// Enumeration rules (what "valid" means here; each restriction is a pruning that cannot remove a
// frontier point under this library's model, or a bound on the search):
//  - tp divides num_attention_heads (and `intermediate` for a dense model) and is at most the
//    scale-up domain: a TP all-reduce per layer over the scale-out network is never competitive.
//  - dp_attention and pp are powers of two; tp × dp_attention × pp <= max_gpus. Dense models use
//    dp_attention = 1 only: for them DP attention is plain replication (same per-GPU numbers).
//  - MoE: ep divides both tp × dp_attention and num_experts, and expert_tp = tp·dp/ep divides
//    expert_intermediate (spec/plan.hpp validate); by default ep ∈ {1, gcd(tp·dp, E)} (pure
//    expert TP, or the widest EP), every such divisor with all_ep_degrees; micro_batches ∈ {1, 2}
//    (two-batch overlap) when ep > 1; redundant expert slots (EPLB) from space.redundant_experts
//    when ep > 1 and ep divides num_experts + slots.
//  - MTP depth ∈ {0, num_mtp_layers} for models with MTP modules, acceptance 0.85 by default:
//    DeepSeek-V3 technical report §5.4.3 measures 85-90 % acceptance of the second token; we take
//    the low end.
//  - Weight precisions: the model's released precision, plus FP8 where the GPU has FP8 tensor
//    cores and its native FP4 (NVFP4 on NVIDIA, MXFP4 on AMD) where it has FP4 tensor cores.
//    A quantised option never widens a tensor beyond its release (gpt-oss's MXFP4 experts stay
//    MXFP4 under "fp8"). Activations: serving/native_precisions.hpp (W8A8, W4A4 where native).
//  - Concurrency (requests in flight per replica): powers of two from 1 up to max_concurrency of
//    the plan at isl + osl tokens (closed_form/memory.hpp), plus that limit itself.
//  - Service-level targets of the workload (ttft_sla_s, tpot_sla_s; 0 = none) drop points that
//    miss them.
#include <algorithm>
#include <atomic>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <exception>
#include <numeric>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "../closed_form/memory.hpp"
#include "../core/error.hpp"
#include "../core/precision.hpp"
#include "../serving/estimate.hpp"
#include "../serving/estimate_result.hpp"
#include "../serving/native_precisions.hpp"
#include "../spec/accelerator.hpp"
#include "../spec/software_stack.hpp"
#include "../spec/model.hpp"
#include "../spec/plan.hpp"
#include "../spec/system.hpp"
#include "../spec/workload.hpp"
#include "frontier.hpp"

namespace tokenomics {

template <std::floating_point T>
struct basic_sweep_space {
  int max_gpus{};                     // GPUs per replica (0: system.num_gpus); the system is
                                      // scaled to this many GPUs (more boxes/racks, same fabric)
  std::vector<precision> weights{};   // weight precisions to try; empty: released + native fp8/fp4
  std::vector<precision> kv_cache{};  // KV-cache precisions; empty: {bf16}
  bool allow_pp{false};               // pipeline parallelism (pp > 1)
  bool allow_mtp{true};               // MTP on/off, for models with num_mtp_layers > 0
  T mtp_acceptance{0.85};             // DeepSeek-V3 tech report §5.4.3: 85-90 % (low end)
  bool allow_two_batch_overlap{true}; // micro_batches = 2 when ep > 1
  bool all_ep_degrees{false};         // every valid ep; default only ep = 1 (expert TP) and the
                                      // largest ep (gcd of tp·dp and num_experts: expert_tp = 1
                                      // when it divides), the layouts serving engines ship
  std::vector<int> redundant_experts{};  // EPLB replica slots to try per MoE layer when ep > 1
                                         // (each tried where ep divides E + r); empty: {0}. They
                                         // pay off only with a skewed workload (workload.skew).
  bool allow_disaggregated{false};    // also pair each decode point with a prefill pool plan
  int max_prefill_gpus{8};            // prefill plans considered: pp = 1, GPUs <= this
  std::vector<int> concurrency{};     // empty: powers of two up to the memory limit
  int max_concurrency{65536};         // cap on the automatic concurrency list
  unsigned threads{0};                // 0: std::thread::hardware_concurrency()
};
using sweep_space = basic_sweep_space<double>;

// One configuration to evaluate: a (decode) plan, an optional prefill plan, a concurrency.
template <std::floating_point T>
struct basic_sweep_candidate {
  serving_mode mode{serving_mode::aggregated};
  basic_serving_plan<T> plan{};
  basic_serving_plan<T> prefill_plan{};  // disaggregated only
  int concurrency{};
};
using sweep_candidate = basic_sweep_candidate<double>;

// The weight precisions used for one weight choice (activations: serving/native_precisions.hpp).
struct precision_choice {
  precision weights{precision::bf16};
  precision expert_weights{precision::bf16};
};

// The GPU's native FP4 format: MXFP4 on AMD (CDNA 4, OCP microscaling), NVFP4 on NVIDIA
// (Blackwell). Vendor from the accelerator's architecture (spec/accelerator.hpp).
template <std::floating_point T>
[[nodiscard]] constexpr precision native_fp4(const basic_accelerator_spec<T>& gpu) noexcept {
  return vendor_of(gpu.architecture) == gpu_vendor::amd ? precision::mxfp4 : precision::nvfp4;
}

namespace detail {
[[nodiscard]] constexpr bool narrower_or_equal(precision a, precision b) noexcept {
  return bits_per_element(a) <= bits_per_element(b);
}
}  // namespace detail

// Weights in `p` for every tensor, but never wider than the tensor's released precision; the
// released precision itself gives exactly the released pair (gpt-oss: bf16 + mxfp4 experts).
template <std::floating_point T>
[[nodiscard]] constexpr precision_choice precision_choice_for(const basic_model_spec<T>& m, precision p) noexcept {
  precision_choice c;
  if (p == m.released_weights) {
    c.weights = m.released_weights;
    c.expert_weights = m.released_expert_weights;
  } else {
    c.weights = detail::narrower_or_equal(p, m.released_weights) ? p : m.released_weights;
    c.expert_weights = detail::narrower_or_equal(p, m.released_expert_weights) ? p : m.released_expert_weights;
  }
  return c;
}

// Default weight precisions of a sweep: released, FP8 (if the GPU has FP8 tensor cores and it is
// narrower than the release), native FP4 (if the GPU has FP4 tensor cores).
template <std::floating_point T>
[[nodiscard]] std::vector<precision> default_weight_precisions(const basic_model_spec<T>& m,
                                                               const basic_accelerator_spec<T>& gpu) {
  std::vector<precision> out{m.released_weights};
  if (supports(gpu, math_width::bits8) && bits_per_element(precision::fp8) < bits_per_element(m.released_weights))
    out.push_back(precision::fp8);
  if (supports(gpu, math_width::bits4)) out.push_back(native_fp4(gpu));
  return out;
}

// The system a sweep places plans on: `system` scaled to max_gpus GPUs (0: unchanged).
template <std::floating_point T>
[[nodiscard]] basic_system_spec<T> sweep_system(const basic_system_spec<T>& system, const basic_sweep_space<T>& space) {
  auto s = system;
  if (space.max_gpus > 0) s.num_gpus = space.max_gpus;
  return s;
}

namespace detail {

inline std::vector<int> divisors_up_to(int n, int limit) {
  std::vector<int> out;
  for (int d = 1; d <= n && d <= limit; ++d)
    if (n % d == 0) out.push_back(d);
  return out;
}
inline std::vector<int> powers_of_two_up_to(int limit) {
  std::vector<int> out;
  for (int v = 1; v > 0 && v <= limit; v *= 2) out.push_back(v);
  return out;
}

inline constexpr int max_sweep_gpus = 4096;

template <std::floating_point T>
void validate_space(const basic_sweep_space<T>& sp) {
  require_non_negative("space.max_gpus", sp.max_gpus);
  // The plan count grows with the powers of two up to max_gpus and each plan's concurrency list;
  // 4096 GPUs per replica (57 NVL72 racks) keeps a sweep within seconds.
  if (sp.max_gpus > max_sweep_gpus) fail("space.max_gpus", show(sp.max_gpus), "must be <= " + show(max_sweep_gpus));
  if (sp.max_concurrency > workload_limits::max_concurrency)
    fail("space.max_concurrency", show(sp.max_concurrency), "must be <= " + show(workload_limits::max_concurrency));
  require_positive("space.max_prefill_gpus", sp.max_prefill_gpus);
  require_positive("space.max_concurrency", sp.max_concurrency);
  if (sp.allow_mtp && !(sp.mtp_acceptance >= T(0) && sp.mtp_acceptance < T(1)))
    fail("space.mtp_acceptance", show(double(sp.mtp_acceptance)), "must be in [0, 1)");
  for (std::size_t i = 0; i < sp.concurrency.size(); ++i)
    if (sp.concurrency[i] <= 0)
      fail("space.concurrency[" + std::to_string(i) + "]", show(sp.concurrency[i]), "must be > 0");
  for (std::size_t i = 0; i < sp.weights.size(); ++i)
    if (sp.weights[i] == precision::fp32)
      fail("space.weights[" + std::to_string(i) + "]", "fp32", "FP32 GEMMs are not modelled");
  for (std::size_t i = 0; i < sp.redundant_experts.size(); ++i)
    require_non_negative("space.redundant_experts[" + std::to_string(i) + "]", sp.redundant_experts[i]);
}

}  // namespace detail

// Every plan the sweep considers for `model` on `system` (already scaled: sweep_system), in a
// fixed order: precision, kv, tp, dp_attention, pp, ep, redundant experts, micro_batches, mtp. Each validates
// against (model, system) and holds at least its weights in memory.
template <std::floating_point T>
[[nodiscard]] std::vector<basic_serving_plan<T>> sweep_plans(const basic_model_spec<T>& model,
                                                             const basic_system_spec<T>& system,
                                                             const basic_sweep_space<T>& space) {
  validate(model);
  validate(system);
  detail::validate_space(space);
  const int max_gpus = space.max_gpus > 0 ? space.max_gpus : system.num_gpus;
  const auto weights = space.weights.empty() ? default_weight_precisions(model, system.gpu) : space.weights;
  const auto kvs = space.kv_cache.empty() ? std::vector<precision>{precision::bf16} : space.kv_cache;
  std::vector<int> mtps{0};
  if (space.allow_mtp && model.num_mtp_layers > 0) mtps.push_back(model.num_mtp_layers);
  const auto redundant_options = space.redundant_experts.empty() ? std::vector<int>{0} : space.redundant_experts;

  std::vector<basic_serving_plan<T>> out;
  for (const precision wp : weights) {
    const auto choice = precision_choice_for(model, wp);
    for (const precision kv : kvs) {
      const int tp_limit = std::min(max_gpus, system.scale_up_domain_gpus);
      for (const int tp : detail::divisors_up_to(model.num_attention_heads, tp_limit)) {
        if (!model.is_moe() && model.intermediate % tp != 0) continue;
        const auto dps = model.is_moe() ? detail::powers_of_two_up_to(max_gpus / tp) : std::vector<int>{1};
        for (const int dp : dps) {
          const auto pps = space.allow_pp ? detail::powers_of_two_up_to(max_gpus / (tp * dp)) : std::vector<int>{1};
          for (const int pp : pps) {
            if (pp > model.num_layers) break;
            const int ep_max = std::gcd(tp * dp, model.num_experts);
            auto eps = !model.is_moe()        ? std::vector<int>{1}
                       : space.all_ep_degrees ? detail::divisors_up_to(ep_max, tp * dp)
                       : ep_max > 1           ? std::vector<int>{1, ep_max}
                                              : std::vector<int>{1};
            for (const int ep : eps) {
              if (model.is_moe() && model.expert_intermediate % (tp * dp / ep) != 0) continue;
              const int tbo_max = (ep > 1 && space.allow_two_batch_overlap) ? 2 : 1;
              for (const int redundant : redundant_options) {
                if (redundant > 0 && (ep == 1 || (model.num_experts + redundant) % ep != 0)) continue;
                for (int mb = 1; mb <= tbo_max; ++mb) {
                  for (const int mtp : mtps) {
                    const auto p = native_precisions(
                        basic_serving_plan<T>{.tp = tp, .ep = ep, .pp = pp, .dp_attention = dp, .micro_batches = mb,
                                              .redundant_experts = redundant, .mtp_depth = mtp,
                                              .mtp_acceptance = mtp > 0 ? space.mtp_acceptance : T(0),
                                              .weights = choice.weights, .expert_weights = choice.expert_weights,
                                              .kv_cache = kv},
                        system.gpu);
                    try {
                      validate(p, model, system);
                    } catch (const invalid_argument&) {
                      continue;  // a rule the loops above do not encode; skip the plan
                    }
                    out.push_back(p);
                  }
                }
              }
            }
          }
        }
      }
    }
  }
  // Explicit lists may name the same effective precisions twice: drop exact repeats, keep order.
  std::vector<basic_serving_plan<T>> unique;
  unique.reserve(out.size());
  const auto same = [](const basic_serving_plan<T>& a, const basic_serving_plan<T>& b) {
    return a.tp == b.tp && a.ep == b.ep && a.pp == b.pp && a.dp_attention == b.dp_attention &&
           a.micro_batches == b.micro_batches && a.mtp_depth == b.mtp_depth &&
           a.redundant_experts == b.redundant_experts && a.weights == b.weights &&
           a.expert_weights == b.expert_weights && a.activations == b.activations && a.kv_cache == b.kv_cache;
  };
  for (const auto& p : out)
    if (std::none_of(unique.begin(), unique.end(), [&](const auto& q) { return same(p, q); })) unique.push_back(p);
  return unique;
}

// Concurrency values tried for one plan: the space's list (those within the memory limit), or
// powers of two up to the limit plus the limit itself. Empty when the weights do not fit.
template <std::floating_point T>
[[nodiscard]] std::vector<int> sweep_concurrencies(const basic_model_spec<T>& model, const basic_system_spec<T>& system,
                                                   const basic_serving_plan<T>& plan, const basic_workload<T>& work,
                                                   const basic_sweep_space<T>& space) {
  const int limit = std::min(max_concurrency(model, system, plan, T(work.isl) + T(work.osl)), space.max_concurrency);
  std::vector<int> out;
  if (limit <= 0) return out;
  if (!space.concurrency.empty()) {
    for (const int c : space.concurrency)
      if (c <= limit) out.push_back(c);
    return out;
  }
  out = detail::powers_of_two_up_to(limit);
  if (out.back() != limit) out.push_back(limit);
  return out;
}

// Every configuration a sweep evaluates, in its output order.
template <std::floating_point T>
[[nodiscard]] std::vector<basic_sweep_candidate<T>> sweep_candidates(const basic_model_spec<T>& model,
                                                                     const basic_system_spec<T>& system,
                                                                     const basic_workload<T>& work,
                                                                     const basic_sweep_space<T>& space) {
  validate(work);
  const auto sys = sweep_system(system, space);
  const auto plans = sweep_plans(model, sys, space);
  std::vector<basic_serving_plan<T>> prefill_plans;
  if (space.allow_disaggregated)
    for (const auto& p : plans)
      if (p.pp == 1 && p.mtp_depth == 0 && p.micro_batches == 1 && p.gpus() <= space.max_prefill_gpus &&
          max_concurrency(model, sys, p, T(work.isl)) >= 1)
        prefill_plans.push_back(p);
  std::vector<basic_sweep_candidate<T>> out;
  for (const auto& p : plans) {
    for (const int c : sweep_concurrencies(model, sys, p, work, space)) {
      out.push_back({.mode = serving_mode::aggregated, .plan = p, .concurrency = c});
      for (const auto& pf : prefill_plans)
        if (pf.weights == p.weights && pf.expert_weights == p.expert_weights && pf.kv_cache == p.kv_cache)
          out.push_back({.mode = serving_mode::disaggregated, .plan = p, .prefill_plan = pf, .concurrency = c});
    }
  }
  return out;
}

// Estimates of a list of candidates, in parallel over `threads` std::threads (0: all cores); the
// result vector has one entry per candidate in the same order, so the output never depends on the
// thread count. An exception from an estimate is rethrown (the one of the lowest index).
template <std::floating_point T>
[[nodiscard]] std::vector<basic_estimate_result<T>> evaluate_candidates(const basic_model_spec<T>& model,
                                                                        const basic_system_spec<T>& system,
                                                                        const basic_workload<T>& work,
                                                                        std::span<const basic_sweep_candidate<T>> todo,
                                                                        const basic_software_stack<T>& stack = {},
                                                                        unsigned threads = 0) {
  std::vector<basic_estimate_result<T>> results(todo.size());
  std::vector<std::exception_ptr> errors(todo.size());
  std::atomic<std::size_t> next{0};
  constexpr std::size_t chunk = 16;  // tasks per grab: amortises the atomic, keeps load balanced
  const auto worker = [&] {
    for (;;) {
      const std::size_t begin = next.fetch_add(chunk, std::memory_order_relaxed);
      if (begin >= todo.size()) return;
      const std::size_t end = std::min(begin + chunk, todo.size());
      for (std::size_t i = begin; i < end; ++i) {
        try {
          auto w = work;
          w.concurrency = todo[i].concurrency;
          results[i] = todo[i].mode == serving_mode::aggregated
                           ? estimate(model, system, todo[i].plan, w, stack)
                           : estimate_disaggregated(model, system, todo[i].prefill_plan, todo[i].plan, w, stack);
        } catch (...) {
          errors[i] = std::current_exception();
        }
      }
    }
  };
  unsigned n = threads > 0 ? threads : std::max(1u, std::thread::hardware_concurrency());
  n = static_cast<unsigned>(std::min<std::size_t>(n, (todo.size() + chunk - 1) / chunk));
  if (n <= 1) {
    worker();
  } else {
    std::vector<std::thread> pool;
    pool.reserve(n - 1);
    for (unsigned t = 1; t < n; ++t) pool.emplace_back(worker);
    worker();
    for (auto& th : pool) th.join();
  }
  for (const auto& e : errors)
    if (e) std::rethrow_exception(e);
  return results;
}

// The sweep: every fitting configuration (plan × concurrency) that meets the workload's SLAs, in
// the order of sweep_candidates. `work.concurrency` is ignored (the sweep chooses it).
template <std::floating_point T>
[[nodiscard]] std::vector<basic_estimate_result<T>> sweep(const basic_model_spec<T>& model,
                                                          const basic_system_spec<T>& system,
                                                          const basic_workload<T>& work,
                                                          const basic_sweep_space<T>& space = {},
                                                          const basic_software_stack<T>& stack = {}) {
  auto w = work;
  if (w.concurrency <= 0) w.concurrency = 1;  // validate() needs one; each candidate sets its own
  validate(w);
  validate(stack);
  const auto sys = sweep_system(system, space);
  const auto todo = sweep_candidates(model, system, w, space);
  auto all = evaluate_candidates(model, sys, w, std::span<const basic_sweep_candidate<T>>(todo), stack, space.threads);
  std::vector<basic_estimate_result<T>> out;
  out.reserve(all.size());
  for (auto& e : all) {
    if (!meets_sla(e, w) || !(e.output_tok_per_s_per_gpu > T(0))) continue;
    out.push_back(std::move(e));
  }
  return out;
}

// Operating points of sweep results (id = index into `results`).
template <std::floating_point T>
[[nodiscard]] std::vector<basic_operating_point<T>> operating_points(std::span<const basic_estimate_result<T>> results) {
  std::vector<basic_operating_point<T>> pts;
  pts.reserve(results.size());
  for (std::size_t i = 0; i < results.size(); ++i)
    pts.push_back({.tok_per_s_per_user = results[i].tok_per_s_per_user,
                   .output_tok_per_s_per_gpu = results[i].output_tok_per_s_per_gpu, .id = i});
  return pts;
}

// Pareto frontier of sweep results (design §1: pareto(sweep(...))): operating points sorted by
// increasing interactivity, id = index into `results`.
template <std::floating_point T>
[[nodiscard]] std::vector<basic_operating_point<T>> pareto(std::span<const basic_estimate_result<T>> results) {
  const auto pts = operating_points(results);
  return pareto(std::span<const basic_operating_point<T>>(pts));
}
template <std::floating_point T>
[[nodiscard]] std::vector<basic_operating_point<T>> pareto(const std::vector<basic_estimate_result<T>>& results) {
  return pareto(std::span<const basic_estimate_result<T>>(results));
}

// The estimates on a frontier, in frontier order (increasing interactivity).
template <std::floating_point T>
[[nodiscard]] std::vector<basic_estimate_result<T>> frontier_estimates(std::span<const basic_estimate_result<T>> results,
                                                                       std::span<const basic_operating_point<T>> frontier) {
  std::vector<basic_estimate_result<T>> out;
  out.reserve(frontier.size());
  for (const auto& p : frontier) {
    if (p.id >= results.size())
      detail::fail("frontier[i].id", detail::show(p.id), "must index the results (" + detail::show(results.size()) + ")");
    out.push_back(results[p.id]);
  }
  return out;
}
template <std::floating_point T>
[[nodiscard]] std::vector<basic_estimate_result<T>> frontier_estimates(const std::vector<basic_estimate_result<T>>& results,
                                                                       const std::vector<basic_operating_point<T>>& frontier) {
  return frontier_estimates(std::span<const basic_estimate_result<T>>(results),
                            std::span<const basic_operating_point<T>>(frontier));
}

// The frontier point serving at least `min_tok_per_s_per_user` with the highest tok/s/GPU (the
// point throughput_at reads): its index into the frontier, or frontier.size() when none.
template <std::floating_point T>
[[nodiscard]] std::size_t frontier_index_at(std::span<const basic_operating_point<T>> frontier,
                                            std::type_identity_t<T> min_tok_per_s_per_user) {
  if (std::isnan(min_tok_per_s_per_user))
    detail::fail("min_tok_per_s_per_user", "nan", "must not be NaN");
  const auto it = std::lower_bound(frontier.begin(), frontier.end(), min_tok_per_s_per_user,
                                   [](const auto& p, T x) { return p.tok_per_s_per_user < x; });
  return static_cast<std::size_t>(it - frontier.begin());
}

}  // namespace tokenomics
