// NCCL's latency model (theory §8.3, NVIDIA/nccl src/graph/tuning.cc) and nccl-tests conventions.
#include <tokenomics/comm/collective_kind.hpp>
#include <tokenomics/comm/nccl_constants.hpp>

#include "tt.hpp"

namespace tk = tokenomics;
using tk::collective_kind;
using tk::nccl_algorithm;
using tk::nccl_link;
using tk::nccl_protocol;

TEST_CASE("NCCL constants match theory §8.3 table") {
  // Table entries, µs -> s; exact decimal constants, tolerance 1e-12.
  CHECK(tk::nccl_base_latency_s(nccl_algorithm::ring, nccl_protocol::ll) == tt::rel(6.6e-6, 1e-12));
  CHECK(tk::nccl_base_latency_s(nccl_algorithm::tree, nccl_protocol::ll128) == tt::rel(14.0e-6, 1e-12));
  CHECK(tk::nccl_base_latency_s(nccl_algorithm::ring, nccl_protocol::simple) == tt::rel(8.4e-6, 1e-12));
  CHECK(tk::nccl_base_latency_s(nccl_algorithm::nvls, nccl_protocol::simple) == 0.0);
  CHECK(tk::nccl_hw_latency_s(nccl_link::nvlink, nccl_algorithm::ring, nccl_protocol::ll) == tt::rel(0.6e-6, 1e-12));
  CHECK(tk::nccl_hw_latency_s(nccl_link::pcie, nccl_algorithm::ring, nccl_protocol::simple) == tt::rel(5.7e-6, 1e-12));
  CHECK(tk::nccl_hw_latency_s(nccl_link::network, nccl_algorithm::tree, nccl_protocol::ll) == tt::rel(5.0e-6, 1e-12));
  CHECK(tk::nccl_hw_latency_s(nccl_link::network, nccl_algorithm::nvls_tree, nccl_protocol::simple) ==
        tt::rel(20.9e-6, 1e-12));
  static_assert(tk::nccl_hw_latency_s(nccl_link::nvlink, nccl_algorithm::nvls, nccl_protocol::simple) == 25e-6);
}

TEST_CASE("8-GPU NVLink ring all-reduce latency from NCCL constants (theory §8.3 worked values)") {
  // theory §8.3: ring LL 6.6 + 14 × 0.6 = 15.0 µs; Simple 8.4 + 14 × 3.4 = 56.0 µs.
  CHECK(tk::nccl_latency_s(collective_kind::all_reduce, nccl_algorithm::ring, nccl_protocol::ll, 8) ==
        tt::rel(15.0e-6, 1e-9));
  CHECK(tk::nccl_latency_s(collective_kind::all_reduce, nccl_algorithm::ring, nccl_protocol::simple, 8) ==
        tt::rel(56.0e-6, 1e-9));
  // float build: same value to float rounding.
  CHECK(tk::nccl_latency_s<float>(collective_kind::all_reduce, nccl_algorithm::ring, nccl_protocol::ll, 8) ==
        tt::rel(15.0e-6, 1e-6));
}

TEST_CASE("NCCL latency model, multi-node and other algorithms (by hand from theory §8.3)") {
  // Ring LL, 16 ranks on 2 nodes: 2·15 = 30 steps, 2·1 = 2 inter-node:
  // 6.6 + 28 × 0.6 + 2 × 2.7 = 6.6 + 16.8 + 5.4 = 28.8 µs.
  CHECK(tk::nccl_latency_s(collective_kind::all_reduce, nccl_algorithm::ring, nccl_protocol::ll, 16, 2) ==
        tt::rel(28.8e-6, 1e-9));
  // Ring LL reduce-scatter, 8 ranks: 7 steps: 6.6 + 7 × 0.6 = 10.8 µs.
  CHECK(tk::nccl_latency_s(collective_kind::reduce_scatter, nccl_algorithm::ring, nccl_protocol::ll, 8) ==
        tt::rel(10.8e-6, 1e-9));
  // Tree LL, 16 ranks on 2 nodes: 6.8 + 2((8-1) × 0.6 + log2(2) × 5.0) = 6.8 + 2 × 9.2 = 25.2 µs.
  CHECK(tk::nccl_latency_s(collective_kind::all_reduce, nccl_algorithm::tree, nccl_protocol::ll, 16, 2) ==
        tt::rel(25.2e-6, 1e-9));
  // NVLS Simple: one node 0 + 25 = 25 µs; two nodes 25 + 18 = 43 µs.
  CHECK(tk::nccl_latency_s(collective_kind::all_reduce, nccl_algorithm::nvls, nccl_protocol::simple, 8) ==
        tt::rel(25e-6, 1e-9));
  CHECK(tk::nccl_latency_s(collective_kind::all_reduce, nccl_algorithm::nvls, nccl_protocol::simple, 16, 2) ==
        tt::rel(43e-6, 1e-9));
  // NVLSTree Simple, 4 nodes: 25 + 2 × log2(4) × 20.9 = 25 + 83.6 = 108.6 µs.
  CHECK(tk::nccl_latency_s(collective_kind::all_reduce, nccl_algorithm::nvls_tree, nccl_protocol::simple, 32, 4) ==
        tt::rel(108.6e-6, 1e-9));
  // PCIe ring LL, 4 ranks: 6.6 + 6 × 1.0 = 12.6 µs.
  CHECK(tk::nccl_latency_s(collective_kind::all_reduce, nccl_algorithm::ring, nccl_protocol::ll, 4, 1,
                           nccl_link::pcie) == tt::rel(12.6e-6, 1e-9));
}

TEST_CASE("NCCL model rejects what NCCL does not have, by name") {
  CHECK_THROWS_WITH_AS((void)tk::nccl_base_latency_s(nccl_algorithm::nvls, nccl_protocol::ll),
                       doctest::Contains("nvls/ll"), tk::invalid_argument);
  CHECK_THROWS_WITH_AS((void)tk::nccl_hw_latency_s(nccl_link::pcie, nccl_algorithm::nvls, nccl_protocol::simple),
                       doctest::Contains("nvls/simple"), tk::invalid_argument);
  CHECK_THROWS_WITH_AS(
      (void)tk::nccl_latency_s(collective_kind::all_reduce, nccl_algorithm::ring, nccl_protocol::ll, 12, 8),
      doctest::Contains("num_nodes = 8"), tk::invalid_argument);
  CHECK_THROWS_WITH_AS(
      (void)tk::nccl_latency_s(collective_kind::all_reduce, nccl_algorithm::ring, nccl_protocol::ll, 0),
      doctest::Contains("num_ranks = 0"), tk::invalid_argument);
  CHECK_THROWS_WITH_AS(
      (void)tk::nccl_latency_s(collective_kind::all_to_all, nccl_algorithm::ring, nccl_protocol::ll, 8),
      doctest::Contains("all_to_all"), tk::invalid_argument);
}

TEST_CASE("nccl-tests busbw factors (theory §8.1)") {
  // AllReduce 2(n-1)/n = 14/8; RS/AG/AlltoAll (n-1)/n = 7/8; Broadcast 1.
  CHECK(tk::bus_bandwidth_factor<double>(collective_kind::all_reduce, 8) == tt::rel(1.75, 1e-15));
  CHECK(tk::bus_bandwidth_factor<double>(collective_kind::reduce_scatter, 8) == tt::rel(0.875, 1e-15));
  CHECK(tk::bus_bandwidth_factor<double>(collective_kind::all_gather, 8) == tt::rel(0.875, 1e-15));
  CHECK(tk::bus_bandwidth_factor<double>(collective_kind::all_to_all, 8) == tt::rel(0.875, 1e-15));
  CHECK(tk::bus_bandwidth_factor<double>(collective_kind::broadcast, 8) == 1.0);
  // theory §8.2: NVLS algbw = busbw · n/(2(n-1)): 480 GB/s busbw on 8 GPUs -> 480 · 8/14 = 274.29 GB/s.
  const double S = 1e9, t = S / 274.2857142857e9;
  CHECK(tk::bus_bandwidth_bytes_per_s(collective_kind::all_reduce, 8, S, t) == tt::rel(480e9, 1e-9));
  CHECK(tk::algorithm_bandwidth_bytes_per_s(S, t) == tt::rel(274.2857142857e9, 1e-9));
}
