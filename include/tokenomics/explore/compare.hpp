#pragma once
// Two models on one system (design §7 "compare(dense, moe)"): per interactivity level, which one
// costs less per output token and by how much, plus the batch at which an MoE model's expert-weight
// traffic saturates (every expert touched; theory §2).
//
//   auto c = tk::compare(tk::presets::llama_3_3_70b, tk::presets::qwen3_235b_a22b, system, work,
//                        tk::sweep_space{.max_gpus = 8});
//   for (const auto& l : c.levels) ... l.cheaper, l.cost_ratio_b_over_a ...
//
// Method: sweep both models over the same space, take each Pareto frontier, and at each level x
// read throughput_at(frontier, x) (explore/frontier.hpp: best tok/s/GPU at >= x tok/s/user). On
// one system both pay the same price per GPU-hour, so cost per output token is price / 3600 /
// throughput and the ratio is b/a = throughput_a / throughput_b (economics/cost.hpp
// relative_cost_per_token). A model that cannot reach x costs "infinitely" much there.
// Levels: the caller's list, or `num_levels` points spaced geometrically from the smaller of the
// two frontiers' lowest interactivity to the larger of their highest.
// Saturation: with uniform top-k routing a batch of B tokens touches E[D] = E(1 − (1 − k/E)^B)
// experts (theory §2), so the fraction φ is reached at B_φ = ln(1 − φ) / ln(1 − k/E); we report
// B_90% (DeepSeek-V3 256/8: ln 0.1 / ln(1 − 8/256) = 72.5 tokens). Beyond it each step reads
// (nearly) all expert weights and MoE decode turns from "active-parameter" to "total-parameter"
// memory traffic. B counts tokens routed together in one step across the EP group; 0 for a dense
// model.
#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "../core/error.hpp"
#include "../core/units.hpp"
#include "../moe/distinct.hpp"
#include "frontier.hpp"
#include "sweep.hpp"

namespace tokenomics {

enum class cheaper_model { a, b, tie, neither };

[[nodiscard]] constexpr std::string_view name_of(cheaper_model c) noexcept {
  switch (c) {
    case cheaper_model::a: return "a";
    case cheaper_model::b: return "b";
    case cheaper_model::tie: return "tie";
    case cheaper_model::neither: return "neither";
  }
  return "?";
}

template <std::floating_point T>
struct basic_compare_level {
  T tok_per_s_per_user{};             // the interactivity level x
  T a_output_tok_per_s_per_gpu{};     // throughput_at(frontier_a, x); 0 = cannot reach x
  T b_output_tok_per_s_per_gpu{};
  T a_usd_per_million_output_tokens{};  // 0 when unreachable or the system has no price
  T b_usd_per_million_output_tokens{};
  cheaper_model cheaper{cheaper_model::neither};
  T cost_ratio_b_over_a{};            // cost per token of b / of a = tput_a / tput_b; +inf if only a
                                      // reaches x, 0 if only b does, NaN-free: 0 when neither
};
using compare_level = basic_compare_level<double>;

template <std::floating_point T>
struct basic_compare_result {
  std::string_view name_a{}, name_b{};
  std::vector<basic_estimate_result<T>> frontier_a{}, frontier_b{};  // by increasing interactivity
  std::vector<basic_compare_level<T>> levels{};
  T a_saturation_batch_tokens{};  // B for 90 % of experts touched (0: dense)
  T b_saturation_batch_tokens{};
};
using compare_result = basic_compare_result<double>;

// Batch (tokens routed together) at which a fraction `fraction` of the experts is touched in
// expectation, uniform routing: ln(1 − φ) / ln(1 − k/E) (theory §2). 0 for a dense model.
template <std::floating_point T>
[[nodiscard]] T moe_saturation_batch_tokens(const basic_model_spec<T>& m, std::type_identity_t<T> fraction = T(0.9)) {
  if (!m.is_moe()) return T(0);
  return tokens_to_touch_fraction<T>(m.num_experts, m.top_k, fraction);
}

// One level, given the two throughputs and the common price.
template <std::floating_point T>
[[nodiscard]] basic_compare_level<T> compare_at(T x, T tput_a, T tput_b, T price_usd_per_gpu_hour) {
  basic_compare_level<T> l{.tok_per_s_per_user = x, .a_output_tok_per_s_per_gpu = tput_a,
                           .b_output_tok_per_s_per_gpu = tput_b};
  const auto usd = [&](T tput) {
    return (tput > T(0) && price_usd_per_gpu_hour > T(0)) ? price_usd_per_gpu_hour / T(units::hour) / tput * T(1e6)
                                                          : T(0);
  };
  l.a_usd_per_million_output_tokens = usd(tput_a);
  l.b_usd_per_million_output_tokens = usd(tput_b);
  if (tput_a > T(0) && tput_b > T(0)) {
    l.cost_ratio_b_over_a = tput_a / tput_b;
    l.cheaper = tput_a > tput_b ? cheaper_model::a : tput_b > tput_a ? cheaper_model::b : cheaper_model::tie;
  } else if (tput_a > T(0)) {
    l.cost_ratio_b_over_a = std::numeric_limits<T>::infinity();
    l.cheaper = cheaper_model::a;
  } else if (tput_b > T(0)) {
    l.cost_ratio_b_over_a = T(0);
    l.cheaper = cheaper_model::b;
  }
  return l;
}

// Geometric grid of n levels between lo and hi (n = 1: lo).
template <std::floating_point T>
[[nodiscard]] std::vector<T> geometric_levels(T lo, T hi, int n) {
  detail::require_positive("lo", lo);
  detail::require_positive("hi", hi);
  detail::require_positive("num_levels", n);
  std::vector<T> out;
  for (int i = 0; i < n; ++i)
    out.push_back(n == 1 ? lo : i == n - 1 ? hi : lo * std::pow(hi / lo, T(i) / T(n - 1)));  // ends exact
  return out;
}

template <std::floating_point T>
[[nodiscard]] basic_compare_result<T> compare(const basic_model_spec<T>& model_a, const basic_model_spec<T>& model_b,
                                              const basic_system_spec<T>& system, const basic_workload<T>& work,
                                              const basic_sweep_space<T>& space = {},
                                              std::vector<T> levels = {}, int num_levels = 12,
                                              const basic_software_stack<T>& stack = {}) {
  for (std::size_t i = 0; i < levels.size(); ++i)
    detail::require_non_negative("levels[" + std::to_string(i) + "]", levels[i]);
  detail::require_positive("num_levels", num_levels);
  basic_compare_result<T> r;
  r.name_a = model_a.name;
  r.name_b = model_b.name;
  r.a_saturation_batch_tokens = moe_saturation_batch_tokens(model_a);
  r.b_saturation_batch_tokens = moe_saturation_batch_tokens(model_b);
  const auto pa = sweep(model_a, system, work, space, stack);
  const auto pb = sweep(model_b, system, work, space, stack);
  const auto fa = pareto(pa), fb = pareto(pb);
  r.frontier_a = frontier_estimates(pa, fa);
  r.frontier_b = frontier_estimates(pb, fb);
  if (levels.empty() && (!fa.empty() || !fb.empty())) {
    T lo = std::numeric_limits<T>::infinity(), hi = T(0);
    for (const auto* f : {&fa, &fb})
      if (!f->empty()) {
        lo = std::min(lo, f->front().tok_per_s_per_user);
        hi = std::max(hi, f->back().tok_per_s_per_user);
      }
    if (lo > T(0)) levels = geometric_levels(lo, hi, num_levels);
  }
  for (const T x : levels)
    r.levels.push_back(compare_at(x, throughput_at(fa, x), throughput_at(fb, x), system.price_usd_per_gpu_hour));
  return r;
}

}  // namespace tokenomics
