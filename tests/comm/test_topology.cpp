// Placement of GPU groups on scale-up domains and the scale-out network (theory §8.2, §8.4, §10.1).
#include <tokenomics/comm/collectives.hpp>
#include <tokenomics/comm/topology.hpp>
#include <tokenomics/comm/volumes.hpp>

#include <limits>

#include "fabrics.hpp"
#include "tt.hpp"

namespace tk = tokenomics;

TEST_CASE("NVL72: an EP72 group stays on NVLink") {
  const auto sys = fabrics::nvl72();
  const tk::fabric_efficiency eff{.scale_up_fraction = 0.82, .scale_out_fraction = 0.8};  // NVLink 4: 370 of 450 GB/s
  const auto p = tk::place_group(sys, eff, 72);
  CHECK(p.num_domains == 1);
  CHECK(p.gpus_per_domain == 72);
  CHECK_FALSE(p.crosses_scale_out);
  CHECK(p.scale_out_traffic_fraction == 0.0);
  CHECK(p.remote_peers_across_network_fraction == 0.0);
  // (g-1)/n = 71/72 of a uniform all-to-all rides NVLink, 1/72 stays local.
  CHECK(p.scale_up_traffic_fraction == tt::rel(71.0 / 72.0, 1e-15));
  CHECK(p.local_traffic_fraction == tt::rel(1.0 / 72.0, 1e-15));
  // DeepSeek-V3 decode, 128 tokens/rank × top-8 (theory §10.1): no byte crosses the network.
  const auto ep = tk::ep_exchange_time(sys, eff, 72, 1024.0, 7168, tk::precision::fp8, tk::precision::bf16);
  CHECK_FALSE(ep.crosses_scale_out);
  CHECK(ep.scale_out_bytes == 0.0);
  const auto a2a = tk::collective_time(tk::collective_kind::all_to_all, sys, eff, 72, 7'569'408.0);
  CHECK_FALSE(a2a.crosses_scale_out);
  CHECK(a2a.scale_out_bytes == 0.0);
}

TEST_CASE("8-GPU boxes: EP32 and EP64 send most of their remote traffic over the network") {
  const auto sys = fabrics::h100_boxes();
  const tk::fabric_efficiency eff{.scale_up_fraction = 0.82, .scale_out_fraction = 0.8};  // NVLink 4: 370 of 450 GB/s
  SUBCASE("EP32 = 4 boxes") {
    const auto p = tk::place_group(sys, eff, 32);
    CHECK(p.num_domains == 4);
    CHECK(p.gpus_per_domain == 8);
    CHECK(p.crosses_scale_out);
    // Of the 32 destinations of a uniform all-to-all: 1 self, 7 in the box, 24 in other boxes.
    CHECK(p.scale_out_traffic_fraction == tt::rel(24.0 / 32.0, 1e-15));   // = 3/4
    CHECK(p.scale_up_traffic_fraction == tt::rel(7.0 / 32.0, 1e-15));
    CHECK(p.remote_peers_across_network_fraction == tt::rel(24.0 / 31.0, 1e-15));
    // EP all-to-all of S bytes: 3/4 S crosses the network.
    const double S = 7'569'408.0;
    const auto ep = tk::ep_exchange_time(sys, eff, 32, 1024.0, 7168, tk::precision::fp8, tk::precision::bf16);
    CHECK(ep.crosses_scale_out);
    // dispatch 7,569,408 B + combine 14,680,064 B (theory A.7), 3/4 of each over the NIC.
    CHECK(ep.scale_out_bytes == tt::rel(0.75 * (S + 14'680'064.0), 1e-12));
  }
  SUBCASE("EP64 = 8 boxes: 7/8 of all destinations across the network") {
    const auto p = tk::place_group(sys, eff, 64);
    CHECK(p.num_domains == 8);
    CHECK(p.scale_out_traffic_fraction == tt::rel(56.0 / 64.0, 1e-15));   // = 7/8 = 1 - 1/N
    CHECK(p.remote_peers_across_network_fraction == tt::rel(56.0 / 63.0, 1e-15));
  }
  SUBCASE("12 GPUs: 8 + 4, the rank in the half-filled box has 8 network peers") {
    const auto p = tk::place_group(sys, eff, 12);
    CHECK(p.num_domains == 2);
    CHECK(p.gpus_per_domain == 4);
    CHECK(p.scale_out_traffic_fraction == tt::rel(8.0 / 12.0, 1e-15));
  }
  SUBCASE("8 GPUs fill one box exactly") {
    const auto p = tk::place_group(sys, eff, 8);
    CHECK_FALSE(p.crosses_scale_out);
    CHECK(p.num_domains == 1);
  }
  SUBCASE("one GPU") {
    const auto p = tk::place_group(sys, eff, 1);
    CHECK(p.local_traffic_fraction == 1.0);
    CHECK(p.remote_peers_across_network_fraction == 0.0);
  }
}

TEST_CASE("achievable rates = line rate × efficiency fraction") {
  const auto sys = fabrics::h100_boxes();
  tk::fabric_efficiency eff{};
  eff.scale_up_fraction = 0.82;
  eff.scale_out_fraction = 0.8;
  const auto p = tk::place_group(sys, eff, 16);
  CHECK(p.scale_up_bytes_per_s == tt::rel(0.82 * 450e9, 1e-15));  // 369 GB/s ≈ 370 busbw (§8.3)
  CHECK(p.scale_out_bytes_per_s == tt::rel(0.8 * 50e9, 1e-15));   // 40 GB/s (§10.2)
  CHECK(p.scale_up_latency_s == 0.6e-6);
  CHECK(p.scale_out_latency_s == 2.7e-6);
}

TEST_CASE("placement rejects bad input by name and value") {
  const tk::fabric_efficiency eff{.scale_up_fraction = 0.82, .scale_out_fraction = 0.8};  // NVLink 4: 370 of 450 GB/s
  CHECK_THROWS_WITH_AS((void)tk::place_group(fabrics::h100_boxes(), eff, 0), doctest::Contains("group_gpus = 0"),
                       tk::invalid_argument);
  CHECK_THROWS_WITH_AS((void)tk::place_group(fabrics::h100_boxes(), eff, -3), doctest::Contains("group_gpus = -3"),
                       tk::invalid_argument);
  // A group spanning boxes on a system without scale-out.
  CHECK_THROWS_WITH_AS((void)tk::place_group(fabrics::lone_box(), eff, 16),
                       doctest::Contains("system.scale_out_bytes_per_s = 0"), tk::invalid_argument);
  CHECK_NOTHROW((void)tk::place_group(fabrics::lone_box(), eff, 8));
  auto s = fabrics::h100_boxes();
  s.scale_up_bytes_per_s = 0;
  CHECK_THROWS_WITH_AS((void)tk::place_group(s, eff, 8), doctest::Contains("system.scale_up_bytes_per_s = 0"),
                       tk::invalid_argument);
  s.scale_up_bytes_per_s = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_WITH_AS((void)tk::place_group(s, eff, 8), doctest::Contains("system.scale_up_bytes_per_s = nan"),
                       tk::invalid_argument);
  s = fabrics::h100_boxes();
  s.scale_up_domain_gpus = 0;
  CHECK_THROWS_WITH_AS((void)tk::place_group(s, eff, 8), doctest::Contains("system.scale_up_domain_gpus = 0"),
                       tk::invalid_argument);
  s = fabrics::h100_boxes();
  s.scale_out_latency_s = -1e-6;
  CHECK_THROWS_WITH_AS((void)tk::place_group(s, eff, 8), doctest::Contains("system.scale_out_latency_s = -1e-06"),
                       tk::invalid_argument);
  tk::fabric_efficiency bad{};
  bad.scale_out_fraction = 0;
  CHECK_THROWS_WITH_AS((void)tk::place_group(fabrics::h100_boxes(), bad, 8),
                       doctest::Contains("fabric.scale_out_fraction = 0"), tk::invalid_argument);
}
