#pragma once
// Internal: argument checks shared by the moe/ headers (style.md §5: name the field and value).
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

inline void check_tokens(std::int64_t tokens) { require_non_negative("tokens", tokens); }

}  // namespace tokenomics::detail
