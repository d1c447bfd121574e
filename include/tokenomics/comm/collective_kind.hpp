#pragma once
// The collectives tokenomics models and NCCL's bus-bandwidth convention for each (theory §8.1).
#include <concepts>
#include <string_view>

namespace tokenomics {

enum class collective_kind { all_reduce, reduce_scatter, all_gather, all_to_all, broadcast, point_to_point };

[[nodiscard]] constexpr std::string_view name_of(collective_kind k) noexcept {
  switch (k) {
    case collective_kind::all_reduce: return "all_reduce";
    case collective_kind::reduce_scatter: return "reduce_scatter";
    case collective_kind::all_gather: return "all_gather";
    case collective_kind::all_to_all: return "all_to_all";
    case collective_kind::broadcast: return "broadcast";
    case collective_kind::point_to_point: return "point_to_point";
  }
  return "?";
}

// busbw = algbw × factor (NVIDIA nccl-tests doc/PERFORMANCE.md, theory §8.1): AllReduce 2(n-1)/n;
// ReduceScatter, AllGather, AlltoAll (n-1)/n; Broadcast (and Reduce) 1; point-to-point 1.
// n >= 1 (n = 1 gives 0 for the reduction/gather collectives, as nccl-tests prints).
template <std::floating_point T>
[[nodiscard]] constexpr T bus_bandwidth_factor(collective_kind k, int n) noexcept {
  const T nn = T(n);
  switch (k) {
    case collective_kind::all_reduce: return T(2) * (nn - T(1)) / nn;
    case collective_kind::reduce_scatter:
    case collective_kind::all_gather:
    case collective_kind::all_to_all: return (nn - T(1)) / nn;
    case collective_kind::broadcast:
    case collective_kind::point_to_point: return T(1);
  }
  return T(1);
}

// algbw = S / t (nccl-tests): S the user buffer size per rank, t the collective's time.
template <std::floating_point T>
[[nodiscard]] constexpr T algorithm_bandwidth_bytes_per_s(T bytes, T time_s) noexcept {
  return bytes / time_s;
}
// busbw = algbw × bus_bandwidth_factor: comparable to the per-rank link bandwidth (theory §8.1).
template <std::floating_point T>
[[nodiscard]] constexpr T bus_bandwidth_bytes_per_s(collective_kind k, int n, T bytes, T time_s) noexcept {
  return bytes / time_s * bus_bandwidth_factor<T>(k, n);
}

}  // namespace tokenomics
