#pragma once
// Internal: argument checks shared by the moe/ headers (style.md §5: name the field and value).
#include <cstddef>
#include <cstdint>
#include <string>

#include "../../core/error.hpp"

namespace tokenomics::detail {

// num_experts >= 1 and 1 <= top_k <= num_experts (a token picks k distinct experts, theory §1).
inline void check_routing(int num_experts, int top_k) {
  require_positive("num_experts", num_experts);
  if (top_k < 1 || top_k > num_experts)
    fail("top_k", show(top_k), "must be in [1, num_experts = " + show(num_experts) + "]");
}

// 2^40 tokens in one step is a million times any batch served; the bound keeps every double formed
// from B (B p + 13 sd, ...) convertible back to int64 without overflow.
inline constexpr std::int64_t max_step_tokens = std::int64_t(1) << 40;

inline void check_tokens(std::int64_t tokens) {
  require_non_negative("tokens", tokens);
  if (tokens > max_step_tokens) fail("tokens", show(tokens), "must be <= " + show(max_step_tokens));
}

// EPLB replicas: at most one copy of every expert on every rank (more would put two copies of an
// expert on one rank). Also keeps num_experts + redundant_slots in int and eplb() short.
inline void check_redundant_slots(std::size_t num_experts, int ranks, int redundant_slots) {
  require_non_negative("redundant_slots", redundant_slots);
  const long long most = static_cast<long long>(num_experts) * (static_cast<long long>(ranks) - 1);
  if (redundant_slots > most)
    fail("redundant_slots", show(redundant_slots), "must be <= num_experts * (ranks - 1) = " + show(most));
}

}  // namespace tokenomics::detail
