#pragma once
// Overlap of communication with compute (theory §11). Per layer, with compute C and communication
// M for the whole batch: no overlap T = C + M; ideal two-batch overlap (TBO / dual micro-batch:
// one micro-batch's dispatch/combine runs during the other's compute) T = max(C, M). The ramp and
// the GEMM efficiency lost to halved batches are the caller's (compute C is for two half batches;
// in memory-bound decode each micro-batch re-reads the weights, theory §6).
#include <algorithm>
#include <concepts>

#include "../core/error.hpp"
#include "../spec/plan.hpp"

namespace tokenomics {

enum class overlap_mode { none, two_batch };

template <std::floating_point T>
struct basic_overlapped_time {
  T time_s{};          // none: compute + comm; two_batch: max(compute, comm)
  T exposed_comm_s{};  // time_s - compute: communication not hidden behind compute
};
using overlapped_time_result = basic_overlapped_time<double>;

namespace detail {
template <std::floating_point T>
[[nodiscard]] constexpr basic_overlapped_time<T> overlapped_unchecked(overlap_mode m, T compute_s, T comm_s) noexcept {
  const T t = m == overlap_mode::two_batch ? std::max(compute_s, comm_s) : compute_s + comm_s;
  return {.time_s = t, .exposed_comm_s = t - compute_s};
}
}  // namespace detail

template <std::floating_point T>
[[nodiscard]] basic_overlapped_time<T> overlapped_time(overlap_mode mode, T compute_s, T comm_s) {
  detail::require_non_negative("compute_s", compute_s);
  detail::require_non_negative("comm_s", comm_s);
  return detail::overlapped_unchecked(mode, compute_s, comm_s);
}

// plan.micro_batches >= 2 means two-batch overlap (plan.hpp).
template <std::floating_point T>
[[nodiscard]] constexpr overlap_mode overlap_mode_of(const basic_serving_plan<T>& plan) noexcept {
  return plan.micro_batches >= 2 ? overlap_mode::two_batch : overlap_mode::none;
}

}  // namespace tokenomics
