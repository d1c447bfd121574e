#pragma once
// NCCL's own latency model and its constants (NVIDIA/nccl src/graph/tuning.cc, current master, as
// tabulated in theory §8.3): time_us = latency + bytes / (1000 · bw_GBps),
// latency = baseLat[algo][proto] + steps × hwLat[link][algo][proto].
// Presets take system.scale_up_latency_s / scale_out_latency_s (per-step α) from here.
#include <bit>
#include <concepts>
#include <string>

#include "../core/error.hpp"
#include "collective_kind.hpp"

namespace tokenomics {

enum class nccl_algorithm { tree, ring, nvls, nvls_tree };
enum class nccl_protocol { ll, ll128, simple };
enum class nccl_link { nvlink, pcie, network };

namespace detail {
inline constexpr double nccl_unsupported = -1.0;  // NCCL has no such (algorithm, protocol, link)
// baseLat (µs), theory §8.3 table: rows Tree, Ring, NVLS, NVLSTree; columns LL, LL128, Simple.
inline constexpr double nccl_base_lat_us[4][3] = {
    {6.8, 14.0, 8.4},   // Tree
    {6.6, 14.0, 8.4},   // Ring
    {nccl_unsupported, nccl_unsupported, 0.0},  // NVLS (Simple only)
    {nccl_unsupported, nccl_unsupported, 0.0},  // NVLSTree (Simple only)
};
// hwLat (µs) [link][algorithm][protocol], theory §8.3 table.
inline constexpr double nccl_hw_lat_us[3][4][3] = {
    {{0.6, 1.25, 4.0}, {0.6, 1.9, 3.4}, {nccl_unsupported, nccl_unsupported, 25.0},
     {nccl_unsupported, nccl_unsupported, 25.0}},  // NVLink
    {{1.0, 1.9, 4.0}, {1.0, 2.5, 5.7}, {nccl_unsupported, nccl_unsupported, nccl_unsupported},
     {nccl_unsupported, nccl_unsupported, nccl_unsupported}},  // PCIe (no NVLS)
    {{5.0, 8.5, 14.0}, {2.7, 4.0, 14.0}, {nccl_unsupported, nccl_unsupported, 18.0},
     {nccl_unsupported, nccl_unsupported, 20.9}},  // network
};
inline std::string nccl_combo_text(nccl_algorithm a, nccl_protocol p) {
  static constexpr const char* an[] = {"tree", "ring", "nvls", "nvls_tree"};
  static constexpr const char* pn[] = {"ll", "ll128", "simple"};
  return std::string(an[static_cast<int>(a)]) + "/" + pn[static_cast<int>(p)];
}
}  // namespace detail

// NCCL baseLat in seconds; throws for a combination NCCL does not have (NVLS with LL or LL128).
template <std::floating_point T = double>
[[nodiscard]] constexpr T nccl_base_latency_s(nccl_algorithm a, nccl_protocol p) {
  const double us = detail::nccl_base_lat_us[static_cast<int>(a)][static_cast<int>(p)];
  if (us < 0.0) detail::fail("nccl algorithm/protocol", detail::nccl_combo_text(a, p), "not an NCCL combination");
  return T(us / 1e6);  // division: 25 / 1e6 == 25e-6 exactly
}

// NCCL hwLat (per step) in seconds; throws for a combination NCCL does not have.
template <std::floating_point T = double>
[[nodiscard]] constexpr T nccl_hw_latency_s(nccl_link l, nccl_algorithm a, nccl_protocol p) {
  const double us = detail::nccl_hw_lat_us[static_cast<int>(l)][static_cast<int>(a)][static_cast<int>(p)];
  if (us < 0.0)
    detail::fail("nccl algorithm/protocol", detail::nccl_combo_text(a, p), "has no hwLat on this link");
  return T(us / 1e6);  // division: 25 / 1e6 == 25e-6 exactly
}

// NCCL's modelled latency of one collective over `num_ranks` GPUs on `num_nodes` nodes (equal
// GPUs per node), theory §8.3 / tuning.cc:
//   ring:      baseLat + (steps - inter)·hwLat[intra] + inter·hwLat[net]; all-reduce steps 2(n-1),
//              inter 2(N-1); reduce-scatter / all-gather steps n-1, inter N-1;
//   tree:      baseLat + 2((n/N - 1)·hwLat[intra] + log2(N)·hwLat[net])   (all-reduce only);
//   NVLS:      hwLat[NVLink] (+ hwLat[net] if N > 1)                       (all-reduce only);
//   NVLSTree:  hwLat[NVLink] + 2·log2(N)·hwLat[net]                        (all-reduce only).
// log2 is NCCL's log2i (floor). Throws for other collectives/algorithms and for bad counts.
template <std::floating_point T = double>
[[nodiscard]] T nccl_latency_s(collective_kind kind, nccl_algorithm a, nccl_protocol p, int num_ranks,
                               int num_nodes = 1, nccl_link intra = nccl_link::nvlink) {
  detail::require_positive("num_ranks", num_ranks);
  detail::require_positive("num_nodes", num_nodes);
  if (num_ranks % num_nodes != 0)
    detail::fail("num_nodes", detail::show(num_nodes), "must divide num_ranks = " + detail::show(num_ranks));
  const bool all_reduce = kind == collective_kind::all_reduce;
  const bool rs_ag = kind == collective_kind::reduce_scatter || kind == collective_kind::all_gather;
  if (!(all_reduce || (rs_ag && a == nccl_algorithm::ring)))
    detail::fail("kind", std::string(name_of(kind)), "NCCL's latency model here covers all_reduce (ring, tree, nvls, "
                 "nvls_tree) and ring reduce_scatter/all_gather");
  const T n = T(num_ranks), nodes = T(num_nodes);
  const T log2_nodes = T(std::bit_width(static_cast<unsigned>(num_nodes)) - 1);  // log2i: floor
  const T base = nccl_base_latency_s<T>(a, p);
  switch (a) {
    case nccl_algorithm::ring: {
      const T steps = all_reduce ? T(2) * (n - T(1)) : n - T(1);
      const T inter = all_reduce ? T(2) * (nodes - T(1)) : nodes - T(1);
      const T intra_lat = nccl_hw_latency_s<T>(intra, a, p);
      const T net_lat = inter > T(0) ? nccl_hw_latency_s<T>(nccl_link::network, a, p) : T(0);
      return base + (steps - inter) * intra_lat + inter * net_lat;
    }
    case nccl_algorithm::tree:
      return base + T(2) * ((n / nodes - T(1)) * nccl_hw_latency_s<T>(intra, a, p) +
                            log2_nodes * nccl_hw_latency_s<T>(nccl_link::network, a, p));
    case nccl_algorithm::nvls:
      return base + nccl_hw_latency_s<T>(nccl_link::nvlink, a, p) +
             (num_nodes > 1 ? nccl_hw_latency_s<T>(nccl_link::network, a, p) : T(0));
    case nccl_algorithm::nvls_tree:
      return base + nccl_hw_latency_s<T>(nccl_link::nvlink, a, p) +
             T(2) * log2_nodes * nccl_hw_latency_s<T>(nccl_link::network, a, p);
  }
  return base;
}

}  // namespace tokenomics
