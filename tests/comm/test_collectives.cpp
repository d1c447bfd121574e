// α–β collective times with NCCL conventions (theory §8, §9).
#include <tokenomics/comm/collectives.hpp>

#include <algorithm>
#include <array>
#include <limits>

#include "fabrics.hpp"
#include "tt.hpp"

namespace tk = tokenomics;
using tk::collective_kind;

namespace {
constexpr std::array<collective_kind, 6> all_kinds{collective_kind::all_reduce, collective_kind::reduce_scatter,
                                                   collective_kind::all_gather, collective_kind::all_to_all,
                                                   collective_kind::broadcast, collective_kind::point_to_point};
}

TEST_CASE_TEMPLATE("decode TP all-reduce: h 7168, 64 tokens, BF16, 8×H100 (theory §9)", T, float, double) {
  // theory §9: S = 64 × 7168 × 2 B = 917,504 B ≈ 0.92 MB; ring at 370 GB/s busbw:
  // 2·7/8 × 917,504 / 370e9 = 1,605,632 / 370e9 = 4.33955e-6 s ("4.3 µs"); latency 6.6 + 14 × 0.6
  // = 15.0 µs (theory §8.3). 370 GB/s busbw = 450 GB/s line × 370/450.
  const auto sys = fabrics::h100_boxes<T>();
  tk::basic_fabric_efficiency<T> eff{};
  eff.scale_up_fraction = T(370.0 / 450.0);
  const auto r = tk::collective_time(collective_kind::all_reduce, sys, eff, 8, T(917'504));
  const double tol = sizeof(T) == 4 ? 1e-5 : 1e-9;
  CHECK(r.bandwidth_s == tt::rel(4.33955e-6, std::max(tol, 1e-5)));  // 6-digit hand value
  CHECK(r.latency_s == tt::rel(15.0e-6, tol));
  CHECK(r.time_s == tt::rel(19.33955e-6, std::max(tol, 1e-5)));
  CHECK_FALSE(r.crosses_scale_out);
  CHECK(r.scale_out_bytes == T(0));
}

TEST_CASE("inside one domain the bandwidth term is S·busbw_factor / B (nccl-tests convention, §8.1)") {
  const auto sys = fabrics::h100_boxes();
  const auto eff = fabrics::ideal();
  const double S = 1e8;
  for (int n : {2, 4, 8}) {
    for (auto k : {collective_kind::all_reduce, collective_kind::reduce_scatter, collective_kind::all_gather,
                   collective_kind::all_to_all, collective_kind::broadcast}) {
      const auto r = tk::collective_time(k, sys, eff, n, S);
      CAPTURE(n);
      CAPTURE(tk::name_of(k));
      // busbw recovered from the β term equals the link rate, 450 GB/s.
      CHECK(tk::bus_bandwidth_bytes_per_s(k, n, S, r.bandwidth_s) == tt::rel(450e9, 1e-12));
    }
  }
  // Latency step counts: 8 GPUs, α = 0.6 µs, L0 = 6.6 µs. RS/AG/broadcast 7 steps: 10.8 µs;
  // all-to-all and p2p one step: 7.2 µs.
  CHECK(tk::collective_time(collective_kind::reduce_scatter, sys, eff, 8, S).latency_s == tt::rel(10.8e-6, 1e-12));
  CHECK(tk::collective_time(collective_kind::broadcast, sys, eff, 8, S).latency_s == tt::rel(10.8e-6, 1e-12));
  CHECK(tk::collective_time(collective_kind::all_to_all, sys, eff, 8, S).latency_s == tt::rel(7.2e-6, 1e-12));
  CHECK(tk::collective_time(collective_kind::point_to_point, sys, eff, 8, S).latency_s == tt::rel(7.2e-6, 1e-12));
}

TEST_CASE("NVLS all-reduce on 8×H100: busbw 480, algbw ≈ 274 GB/s (theory §8.2, §8.3)") {
  // Ring busbw 370 GB/s (line 450 × 370/450) × nvls_speedup 480/370 = 480 GB/s busbw;
  // algbw = 480 · 8/14 = 274.2857 GB/s (theory §8.2: "480 · 8/14 ≈ 274 GB/s").
  const auto sys = fabrics::h100_boxes();
  auto eff = fabrics::ideal();
  eff.scale_up_fraction = 370.0 / 450.0;
  const double S = 1e9;
  const auto r = tk::collective_time(collective_kind::all_reduce, sys, eff, 8, S,
                                     tk::collective_options{.algorithm = tk::collective_algorithm::nvls});
  CHECK(tk::algorithm_bandwidth_bytes_per_s(S, r.bandwidth_s) == tt::rel(274.2857142857e9, 1e-9));
  // Latency: L0 + one NVLink step: 6.6 + 0.6 = 7.2 µs (measured NVLS small-message floor ≈ 6 µs, §8.3).
  CHECK(r.latency_s == tt::rel(7.2e-6, 1e-12));
}

TEST_CASE("hierarchical all-reduce over two 8-GPU boxes (theory §8.2)") {
  // S = 1 GB, B_nvl = 450 GB/s, B_net = 50 GB/s, G = 8, N = 2:
  // 2·7/8 × 1e9/450e9 + 2·1/2 × (1e9/8)/50e9 = 3.888889e-3 + 2.5e-3 = 6.388889e-3 s;
  // network bytes per GPU 2·(1/2)·(1e9/8) = 1.25e8.
  // Ring latency (§8.3): 6.6 + 2(16-2) × 0.6 + 2(2-1) × 2.7 = 6.6 + 16.8 + 5.4 = 28.8 µs, the same
  // as nccl_latency_s(all_reduce, ring, ll, 16, 2).
  const auto sys = fabrics::h100_boxes();
  const auto eff = fabrics::ideal();
  const auto r = tk::collective_time(collective_kind::all_reduce, sys, eff, 16, 1e9);
  CHECK(r.crosses_scale_out);
  CHECK(r.bandwidth_s == tt::rel(3.5e9 / 900e9 + 2.5e-3, 1e-12));
  CHECK(r.scale_out_bytes == tt::rel(1.25e8, 1e-12));
  CHECK(r.latency_s == tt::rel(28.8e-6, 1e-12));
  // Tree (§8.3): 6.6 + 2((8-1) × 0.6 + ceil(log2 2) × 2.7) = 6.6 + 2 × 6.9 = 20.4 µs.
  const auto tr = tk::collective_time(collective_kind::all_reduce, sys, eff, 16, 1e9,
                                      tk::collective_options{.algorithm = tk::collective_algorithm::tree});
  CHECK(tr.latency_s == tt::rel(20.4e-6, 1e-12));
  CHECK(tr.bandwidth_s == tt::rel(r.bandwidth_s, 1e-12));
  // Reduce-scatter, 16 GPUs: 7/8 × 1e9/450e9 + 1/2 × (1e9/8)/50e9 = 1.944444e-3 + 1.25e-3;
  // latency 6.6 + (16-2) × 0.6 + 1 × 2.7 = 17.7 µs.
  const auto rs = tk::collective_time(collective_kind::reduce_scatter, sys, eff, 16, 1e9);
  CHECK(rs.bandwidth_s == tt::rel(1.75e9 / 900e9 + 1.25e-3, 1e-12));
  CHECK(rs.latency_s == tt::rel(17.7e-6, 1e-12));
}

TEST_CASE("all-to-all across boxes: NVLink and NIC shares run concurrently (theory §10.3)") {
  // EP16 on 8-GPU boxes, S = 1.6 MB: 7/16 S = 0.7 MB over NVLink (450 GB/s: 1.5556 µs),
  // 8/16 S = 0.8 MB over the NIC (50 GB/s: 16 µs) -> β = 16 µs; latency 6.6 + 2.7 = 9.3 µs.
  const auto r = tk::collective_time(collective_kind::all_to_all, fabrics::h100_boxes(), fabrics::ideal(), 16, 1.6e6);
  CHECK(r.bandwidth_s == tt::rel(16e-6, 1e-12));
  CHECK(r.latency_s == tt::rel(9.3e-6, 1e-12));
  CHECK(r.scale_out_bytes == tt::rel(0.8e6, 1e-12));
}

TEST_CASE("point-to-point: group_gpus is the span from sender to receiver") {
  const auto sys = fabrics::h100_boxes();
  const auto eff = fabrics::ideal();
  // Span 8: same box, 1e6 B / 450 GB/s = 2.2222 µs + 6.6 + 0.6 µs.
  const auto in = tk::collective_time(collective_kind::point_to_point, sys, eff, 8, 1e6);
  CHECK(in.bandwidth_s == tt::rel(1e6 / 450e9, 1e-12));
  CHECK(in.latency_s == tt::rel(7.2e-6, 1e-12));
  // Span 9: across boxes, 1e6 / 50 GB/s = 20 µs + 6.6 + 2.7 µs; all 1e6 B cross.
  const auto out = tk::collective_time(collective_kind::point_to_point, sys, eff, 9, 1e6);
  CHECK(out.bandwidth_s == tt::rel(20e-6, 1e-12));
  CHECK(out.latency_s == tt::rel(9.3e-6, 1e-12));
  CHECK(out.scale_out_bytes == 1e6);
}

TEST_CASE("n = 1 and zero bytes cost nothing") {
  const auto sys = fabrics::h100_boxes();
  const tk::fabric_efficiency eff{.scale_up_fraction = 0.82, .scale_out_fraction = 0.8};  // NVLink 4: 370 of 450 GB/s
  for (auto k : all_kinds) {
    CHECK(tk::collective_time(k, sys, eff, 1, 1e9).time_s == 0.0);
    CHECK(tk::collective_time(k, sys, eff, 16, 0.0).time_s == 0.0);
  }
}

TEST_CASE("property: doubling every bandwidth halves the bandwidth term, leaves latency") {
  const tk::fabric_efficiency eff{.scale_up_fraction = 0.82, .scale_out_fraction = 0.8};  // NVLink 4: 370 of 450 GB/s
  for (auto base : {fabrics::h100_boxes(), fabrics::nvl72(288)}) {
    auto fast = base;
    fast.scale_up_bytes_per_s *= 2;
    fast.scale_out_bytes_per_s *= 2;
    for (auto k : all_kinds)
      for (int n : {2, 7, 8, 9, 16, 72, 100, 144}) {
        for (auto alg : {tk::collective_algorithm::ring, tk::collective_algorithm::tree, tk::collective_algorithm::nvls}) {
          const tk::collective_options o{.algorithm = alg};
          const auto a = tk::collective_time(k, base, eff, n, 3.7e7, o);
          const auto b = tk::collective_time(k, fast, eff, n, 3.7e7, o);
          CAPTURE(n);
          CAPTURE(tk::name_of(k));
          CHECK(b.bandwidth_s == tt::rel(a.bandwidth_s / 2, 1e-12));
          CHECK(b.latency_s == a.latency_s);
          CHECK(b.scale_out_bytes == a.scale_out_bytes);
        }
      }
  }
}

TEST_CASE("property: more GPUs in a ring never lowers latency") {
  const tk::fabric_efficiency eff{.scale_up_fraction = 0.82, .scale_out_fraction = 0.8};  // NVLink 4: 370 of 450 GB/s
  for (auto sys : {fabrics::h100_boxes(1024), fabrics::nvl72(1024)}) {
    for (auto k : {collective_kind::all_reduce, collective_kind::reduce_scatter, collective_kind::all_gather,
                   collective_kind::broadcast, collective_kind::all_to_all}) {
      double prev = 0;
      for (int n = 1; n <= 300; ++n) {
        const double lat = tk::collective_time(k, sys, eff, n, 1e6).latency_s;
        CAPTURE(n);
        CHECK(lat >= prev);
        prev = lat;
      }
    }
  }
}

TEST_CASE("collective_time rejects bad input by name and value") {
  const auto sys = fabrics::h100_boxes();
  const tk::fabric_efficiency eff{.scale_up_fraction = 0.82, .scale_out_fraction = 0.8};  // NVLink 4: 370 of 450 GB/s
  const auto ar = collective_kind::all_reduce;
  CHECK_THROWS_WITH_AS((void)tk::collective_time(ar, sys, eff, 0, 1e6), doctest::Contains("group_gpus = 0"),
                       tk::invalid_argument);
  CHECK_THROWS_WITH_AS((void)tk::collective_time(ar, sys, eff, 8, -1.0), doctest::Contains("bytes = -1"),
                       tk::invalid_argument);
  CHECK_THROWS_WITH_AS((void)tk::collective_time(ar, sys, eff, 8, std::numeric_limits<double>::quiet_NaN()),
                       doctest::Contains("bytes = nan"), tk::invalid_argument);
  CHECK_THROWS_WITH_AS((void)tk::collective_time(ar, sys, eff, 8, std::numeric_limits<double>::infinity()),
                       doctest::Contains("bytes = inf"), tk::invalid_argument);
  auto s = sys;
  s.scale_up_bytes_per_s = 0;
  CHECK_THROWS_WITH_AS((void)tk::collective_time(ar, s, eff, 8, 1e6),
                       doctest::Contains("system.scale_up_bytes_per_s = 0"), tk::invalid_argument);
  CHECK_THROWS_WITH_AS((void)tk::collective_time(ar, fabrics::lone_box(), eff, 16, 1e6),
                       doctest::Contains("system.scale_out_bytes_per_s = 0"), tk::invalid_argument);
  CHECK_THROWS_WITH_AS((void)tk::collective_time(ar, fabrics::lone_box(), eff, 16, 1e6),
                       doctest::Contains("spans 2 scale-up domains"), tk::invalid_argument);
  CHECK_THROWS_WITH_AS((void)tk::collective_time(ar, sys, eff, 8, 1e6, tk::collective_options{.launch_latency_s = -1}),
                       doctest::Contains("options.launch_latency_s = -1"), tk::invalid_argument);
}

TEST_CASE("integer byte counts convert (bytes is not a deduced parameter)") {
  // 8 GPUs, ideal: 2·7/8 × 1,000,000 / 450e9 = 3.888889 µs.
  const auto r = tk::collective_time(collective_kind::all_reduce, fabrics::h100_boxes(), fabrics::ideal(), 8, 1'000'000);
  CHECK(r.bandwidth_s == tt::rel(1.75e6 / 450e9, 1e-12));
}
