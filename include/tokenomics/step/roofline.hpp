#pragma once
// One operator on the roofline (Williams, Waterman & Patterson, "Roofline", CACM 2009):
// time = max(FLOPs / achieved FLOP/s, bytes / achieved bytes/s).
#include <algorithm>
#include <concepts>

namespace tokenomics {

enum class bound_by { memory_bandwidth, compute, communication, overhead };

template <std::floating_point T>
struct basic_operator_time {
  T time_s{};     // latency_s + max(compute_s, memory_s)
  T compute_s{};  // flops / achieved FLOP/s (the kernel curve of spec/software_stack.hpp)
  T memory_s{};   // bytes / achieved HBM bandwidth
  T flops{};      // per GPU
  T bytes{};      // per GPU, HBM traffic (weights + activations + KV cache)
  T weight_bytes{};  // the weight-streaming part of bytes
  T latency_s{};  // fixed cost of the kernel calls (spec/software_stack.hpp)
  bound_by limiter{bound_by::memory_bandwidth};

  // Accumulate another roofline evaluation (e.g. one more layer); the limiter follows the larger arm.
  constexpr basic_operator_time& operator+=(const basic_operator_time& o) noexcept {
    time_s += o.time_s;
    compute_s += o.compute_s;
    memory_s += o.memory_s;
    flops += o.flops;
    bytes += o.bytes;
    weight_bytes += o.weight_bytes;
    latency_s += o.latency_s;
    limiter = compute_s > memory_s ? bound_by::compute : bound_by::memory_bandwidth;
    return *this;
  }
  [[nodiscard]] constexpr basic_operator_time scaled(T factor) const noexcept {
    return {time_s * factor, compute_s * factor, memory_s * factor, flops * factor, bytes * factor,
            weight_bytes * factor, latency_s * factor, limiter};
  }
};

template <std::floating_point T>
[[nodiscard]] constexpr basic_operator_time<T> roofline(T flops, T bytes, T flops_per_s, T bytes_per_s) noexcept {
  basic_operator_time<T> r;
  r.flops = flops;
  r.bytes = bytes;
  r.compute_s = flops / flops_per_s;
  r.memory_s = bytes / bytes_per_s;
  r.time_s = std::max(r.compute_s, r.memory_s);
  r.limiter = r.compute_s > r.memory_s ? bound_by::compute : bound_by::memory_bandwidth;
  return r;
}

}  // namespace tokenomics
