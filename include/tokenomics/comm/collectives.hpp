#pragma once
// α–β cost of one collective on a placed group (theory §8). Bandwidth terms use NCCL's
// conventions (theory §8.1: the achievable per-rank rate is the bus bandwidth), latency terms
// NCCL's step counts (theory §8.3) with the system's per-step α and a fixed launch latency.
//
// Within one scale-up domain (n <= D), rate B_u, per-step α_u, launch L0:
//   all-reduce      ring/tree: 2(n-1)/n · S/B_u;   NVLS: same / nvls_speedup
//                   latency ring/tree L0 + 2(n-1)α_u;   NVLS L0 + α_u
//   reduce-scatter, all-gather (S = total size): (n-1)/n · S/B_u,   L0 + (n-1)α_u
//   all-to-all (S = what one rank sends, local share included): (n-1)/n · S/B_u,   L0 + α_u
//   broadcast: S/B_u,   L0 + (n-1)α_u;     point-to-point: S/B_u,   L0 + α_u
// Across N domains of g GPUs, network rate B_o, per-step α_o (hierarchical, rail-optimised,
// theory §8.2: intra-domain reduce-scatter, inter-domain all-reduce of each GPU's S/g shard over
// its own NIC, intra-domain all-gather):
//   all-reduce      2(g-1)/g · S/B_u + 2(N-1)/N · (S/g)/B_o
//                   latency ring L0 + 2(n-N)α_u + 2(N-1)α_o (NCCL: 2(n-1) steps, 2(N-1) inter-node);
//                   tree L0 + 2((g-1)α_u + ceil(log2 N)α_o); NVLS(Tree) L0 + α_u + 2 ceil(log2 N)α_o
//   reduce-scatter, all-gather: (g-1)/g · S/B_u + (N-1)/N · (S/g)/B_o,   L0 + (n-N)α_u + (N-1)α_o
//   all-to-all: max((g-1)/n · S/B_u, (n-g)/n · S/B_o) (NVLink and NIC run concurrently),  L0 + α_o
//   broadcast: max(S/B_u, (S/g)/B_o),   L0 + (n-N)α_u + (N-1)α_o
//   point-to-point: S/B_o,   L0 + α_o
// For point_to_point, group_gpus is the span of contiguous GPUs from sender (first) to receiver
// (last): the pair shares a domain iff group_gpus <= D.
// n = 1 or S = 0 costs nothing (no collective is issued).
#include <algorithm>
#include <bit>
#include <concepts>
#include <type_traits>

#include "../core/error.hpp"
#include "../spec/software_stack.hpp"
#include "../spec/system.hpp"
#include "collective_kind.hpp"
#include "nccl_constants.hpp"
#include "topology.hpp"

namespace tokenomics {

enum class collective_algorithm { ring, tree, nvls };

template <std::floating_point T>
struct basic_collective_options {
  collective_algorithm algorithm{collective_algorithm::ring};  // all-reduce only
  // Fixed launch latency L0 per collective: NCCL baseLat[ring][LL] = 6.6 µs (theory §8.3), the
  // protocol NCCL picks for the small messages where latency matters; with α_u = hwLat NVLink
  // ring LL 0.6 µs this gives the 8-GPU all-reduce's 6.6 + 14 × 0.6 = 15.0 µs.
  T launch_latency_s{T(6.6e-6)};
  // NVLS (NVLink SHARP) all-reduce bus bandwidth over ring's: 480 / 370 GB/s on 8×H100
  // (nccl-tests #212; nccl #1442 "~30% improvement using NVLink SHARP"), theory §8.3.
  T nvls_speedup{T(480.0 / 370.0)};
};
using collective_options = basic_collective_options<double>;

template <std::floating_point T>
struct basic_collective_time {
  T time_s{};             // latency_s + bandwidth_s
  T latency_s{};          // α terms
  T bandwidth_s{};        // β terms
  T scale_out_bytes{};    // bytes per GPU that cross the scale-out network (0 inside one domain)
  bool crosses_scale_out{};
};
using collective_time_result = basic_collective_time<double>;

namespace detail {

// ceil(log2 N): depth of a binary tree over N domains.
[[nodiscard]] constexpr int ceil_log2(int n) noexcept {
  return n <= 1 ? 0 : static_cast<int>(std::bit_width(static_cast<unsigned>(n - 1)));
}

// Unchecked kernel: a valid placement (scale-out rate > 0 if it crosses), bytes >= 0 finite.
template <std::floating_point T>
[[nodiscard]] constexpr basic_collective_time<T> collective_time_unchecked(
    collective_kind kind, const basic_group_placement<T>& p, T bytes, const basic_collective_options<T>& o) noexcept {
  const int n_i = p.group_gpus;
  if (n_i <= 1 || !(bytes > T(0))) return {};
  const T S = bytes, n = T(n_i), N = T(p.num_domains), g = T(p.gpus_per_domain);
  const T Bu = p.scale_up_bytes_per_s, Bo = p.scale_out_bytes_per_s;
  const T au = p.scale_up_latency_s, ao = p.scale_out_latency_s, L0 = o.launch_latency_s;
  const bool x = p.crosses_scale_out;
  T lat{}, bw{}, out{};
  switch (kind) {
    case collective_kind::all_reduce: {
      const bool nvls = o.algorithm == collective_algorithm::nvls;
      const T Bu_ar = nvls ? Bu * o.nvls_speedup : Bu;  // NVLS: in-switch reduction, intra-domain only
      if (!x) {
        bw = T(2) * (n - T(1)) / n * S / Bu_ar;                      // theory §8.2 ring
      } else {
        out = T(2) * (N - T(1)) / N * (S / g);                       // theory §8.2 hierarchical
        bw = T(2) * (g - T(1)) / g * S / Bu_ar + out / Bo;
      }
      const T tree_depth = T(ceil_log2(p.num_domains));
      switch (o.algorithm) {
        case collective_algorithm::ring:  // 2(n-1) steps, 2(N-1) of them inter-domain (§8.3)
          lat = L0 + T(2) * (n - N) * au + T(2) * (N - T(1)) * ao;
          break;
        case collective_algorithm::tree:  // 2((n/N - 1) intraLat + log2 N interLat) (§8.3)
          lat = L0 + T(2) * ((g - T(1)) * au + tree_depth * ao);
          break;
        case collective_algorithm::nvls:  // NVLS intra; NVLSTree across domains (§8.3)
          lat = L0 + au + T(2) * tree_depth * ao;
          break;
      }
      break;
    }
    case collective_kind::reduce_scatter:
    case collective_kind::all_gather:
      if (!x) {
        bw = (n - T(1)) / n * S / Bu;                                // theory §8.1
      } else {
        out = (N - T(1)) / N * (S / g);                              // hierarchical half of §8.2
        bw = (g - T(1)) / g * S / Bu + out / Bo;
      }
      lat = L0 + (n - N) * au + (N - T(1)) * ao;                     // n-1 steps, N-1 inter (§8.3)
      break;
    case collective_kind::all_to_all: {
      const T up = p.scale_up_traffic_fraction * S;                  // (g-1)/n · S over NVLink
      out = p.scale_out_traffic_fraction * S;                        // (n-g)/n · S over the NIC
      bw = x ? std::max(up / Bu, out / Bo) : up / Bu;                // concurrent links (§10.3)
      lat = L0 + (x ? ao : au);                                      // all peers in one round
      break;
    }
    case collective_kind::broadcast:
      if (!x) {
        bw = S / Bu;                                                 // pipelined chain, factor 1
      } else {
        out = S / g;                                                 // S enters each domain once, over g NICs
        bw = std::max(S / Bu, out / Bo);
      }
      lat = L0 + (n - N) * au + (N - T(1)) * ao;
      break;
    case collective_kind::point_to_point:
      if (!x) {
        bw = S / Bu;
        lat = L0 + au;
      } else {
        out = S;
        bw = S / Bo;
        lat = L0 + ao;
      }
      break;
  }
  return {.time_s = lat + bw, .latency_s = lat, .bandwidth_s = bw, .scale_out_bytes = out, .crosses_scale_out = x};
}

}  // namespace detail

// Cost of one collective on an already placed (validated) group.
template <std::floating_point T>
[[nodiscard]] basic_collective_time<T> collective_time(collective_kind kind, const basic_group_placement<T>& placement,
                                                       std::type_identity_t<T> bytes,
                                                       const basic_collective_options<T>& options) {
  detail::require_non_negative("bytes", bytes);
  detail::require_non_negative("options.launch_latency_s", options.launch_latency_s);
  detail::require_positive("options.nvls_speedup", options.nvls_speedup);
  return detail::collective_time_unchecked(kind, placement, bytes, options);
}

// bytes = S, the user buffer size per rank as in nccl-tests (all-reduce: the whole buffer;
// reduce-scatter / all-gather: the total size; all-to-all: what one rank sends in total, local
// share included). group_gpus = n >= 1 (n = 1 costs 0).
template <std::floating_point T>
[[nodiscard]] basic_collective_time<T> collective_time(collective_kind kind, const basic_system_spec<T>& system,
                                                       const basic_fabric_efficiency<T>& eff, int group_gpus,
                                                       std::type_identity_t<T> bytes,
                                                       const basic_collective_options<T>& options) {
  const auto p = place_group(system, eff, group_gpus);
  return collective_time(kind, p, bytes, options);
}

template <std::floating_point T>
[[nodiscard]] basic_collective_time<T> collective_time(collective_kind kind, const basic_system_spec<T>& system,
                                                       const basic_fabric_efficiency<T>& eff, int group_gpus,
                                                       std::type_identity_t<T> bytes) {
  return collective_time(kind, system, eff, group_gpus, bytes, basic_collective_options<T>{});
}

}  // namespace tokenomics
