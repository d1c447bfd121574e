#pragma once
// Redundant experts / expert-parallel load balancing (theory §4.3, after deepseek-ai/EPLB eplb.py,
// global policy): replicate the expert with the largest load/replicas until the redundant slots
// are used, split each expert's load evenly over its replicas, then pack the replicas onto ranks
// with balanced packing (heaviest first into the lightest rank that still has room).
#include <algorithm>
#include <concepts>
#include <cstddef>
#include <numeric>
#include <span>
#include <vector>

#include "../core/error.hpp"
#include "detail/checks.hpp"

namespace tokenomics {

template <std::floating_point T>
struct basic_eplb_placement {
  std::vector<int> replicas{};     // per logical expert, >= 1; sums to E + redundant
  std::vector<int> slot_expert{};  // logical expert of each physical slot, rank-major:
                                   // rank g holds slots [g S/G, (g+1) S/G), S = E + redundant
  std::vector<T> slot_load{};      // load of each slot = load[expert] / replicas[expert]
  std::vector<T> rank_load{};      // sum of slot loads per rank
  T rank_imbalance{};              // (max - mean) / mean of rank_load (TensorRT-LLM's metric)
};
using eplb_placement = basic_eplb_placement<double>;

// expert_load: any non-negative per-expert load (token counts or shares q_j). Ties go to the lower
// index, so the result is deterministic. Cost O(S log S + S G).
template <std::floating_point T>
[[nodiscard]] basic_eplb_placement<T> eplb(std::span<const T> expert_load, int num_ranks, int redundant_slots) {
  using detail::fail;
  using detail::show;
  if (expert_load.empty()) fail("expert_load", "[]", "must list one load per expert");
  detail::require_positive("num_ranks", num_ranks);
  detail::require_non_negative("redundant_slots", redundant_slots);
  for (const T x : expert_load) detail::require_non_negative("expert_load[i]", x);
  detail::check_redundant_slots(expert_load.size(), num_ranks, redundant_slots);
  const int e = static_cast<int>(expert_load.size()), slots = e + redundant_slots;
  detail::require_divides("num_ranks", num_ranks, "num_experts + redundant_slots", slots);
  const int per_rank = slots / num_ranks;

  basic_eplb_placement<T> out;
  out.replicas.assign(static_cast<std::size_t>(e), 1);
  for (int r = 0; r < redundant_slots; ++r) {  // greedy: largest load per replica gets one more
    int best = 0;
    for (int j = 1; j < e; ++j)
      if (expert_load[j] * T(out.replicas[best]) > expert_load[best] * T(out.replicas[j])) best = j;
    ++out.replicas[best];
  }
  std::vector<int> slot_of;  // physical replicas before packing
  std::vector<T> load_of;
  for (int j = 0; j < e; ++j)
    for (int r = 0; r < out.replicas[j]; ++r) {
      slot_of.push_back(j);
      load_of.push_back(expert_load[j] / T(out.replicas[j]));
    }
  std::vector<int> order(slot_of.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return load_of[a] > load_of[b]; });
  out.rank_load.assign(static_cast<std::size_t>(num_ranks), T(0));
  std::vector<int> count(static_cast<std::size_t>(num_ranks), 0);
  std::vector<std::vector<int>> members(static_cast<std::size_t>(num_ranks));
  for (const int s : order) {  // balanced packing: lightest rank with room
    int best = -1;
    for (int g = 0; g < num_ranks; ++g)
      if (count[g] < per_rank && (best < 0 || out.rank_load[g] < out.rank_load[best])) best = g;
    out.rank_load[best] += load_of[s];
    ++count[best];
    members[best].push_back(s);
  }
  for (const auto& m : members)
    for (const int s : m) {
      out.slot_expert.push_back(slot_of[s]);
      out.slot_load.push_back(load_of[s]);
    }
  const T total = std::accumulate(out.rank_load.begin(), out.rank_load.end(), T(0));
  const T mean = total / T(num_ranks);
  out.rank_imbalance = mean > T(0) ? *std::max_element(out.rank_load.begin(), out.rank_load.end()) / mean - T(1) : T(0);
  return out;
}

}  // namespace tokenomics
