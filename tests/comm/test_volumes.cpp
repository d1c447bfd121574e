// Per-step volumes and times: EP dispatch/combine, TP, PP, DP-attention, KV transfer (theory §9–§12).
#include <tokenomics/comm/overlap.hpp>
#include <tokenomics/comm/volumes.hpp>

#include <cmath>
#include <limits>

#include "fabrics.hpp"
#include "tt.hpp"

namespace tk = tokenomics;
using tk::precision;

TEST_CASE("bytes of one token copy on the wire (theory §10.1)") {
  // FP8 + one FP32 scale per 128 elements: 7168 + 4 × 56 = 7392 B; BF16 2 × 7168 = 14,336 B.
  CHECK(tk::dispatch_token_bytes<double>(7168, precision::fp8) == 7392.0);
  CHECK(tk::dispatch_token_bytes<double>(7168, precision::fp8, false) == 7168.0);
  CHECK(tk::dispatch_token_bytes<double>(7168, precision::bf16) == 14336.0);
  CHECK(tk::token_bytes<double>(7168, precision::bf16) == 14336.0);
  // h not a multiple of 128: 2880 (gpt-oss) -> ceil(2880/128) = 23 scales: 2880 + 92 = 2972 B.
  CHECK(tk::dispatch_token_bytes<double>(2880, precision::fp8) == 2972.0);
  // NVFP4 4.5 bits: 7168 × 4.5 / 8 = 4032 B (scales inside bits_per_element).
  CHECK(tk::dispatch_token_bytes<double>(7168, precision::nvfp4) == 4032.0);
}

TEST_CASE("DeepEP low-latency byte counts (theory §10.1, Appendix A.7)") {
  const auto sys = fabrics::h800_boxes();
  const tk::fabric_efficiency eff{.scale_up_fraction = 0.82, .scale_out_fraction = 0.8};  // NVLink 4: 370 of 450 GB/s
  // 128 tokens/rank × top-8 = 1024 copies: 1024 × 7392 = 7,569,408 B dispatch, 1024 × 14,336 =
  // 14,680,064 B combine (A.7).
  const auto r = tk::ep_exchange_time(sys, eff, 64, 1024.0, 7168, precision::fp8, precision::bf16);
  CHECK(r.dispatch_bytes == 7'569'408.0);
  CHECK(r.combine_bytes == 14'680'064.0);
  // 32 tokens: 256 copies -> 1.89 + 3.67 MB (theory §10.1): 1,892,352 and 3,670,016 B.
  const auto s = tk::ep_exchange_time(sys, eff, 64, 256.0, 7168, precision::fp8, precision::bf16);
  CHECK(s.dispatch_bytes == 1'892'352.0);
  CHECK(s.combine_bytes == 3'670'016.0);
  CHECK(r.total_s() == r.dispatch_s + r.combine_s);
}

TEST_CASE("model vs DeepEP V1 low-latency measurements, EP 8..256 (theory §10.2)") {
  // Measured: deepseek-ai/DeepEP docs/legacy.md, V1 low-latency kernels, H800 + CX7 400 Gb/s,
  // 128 tokens/rank, h 7168, top-8, FP8 dispatch / BF16 combine (theory §10.2 table).
  struct row { int ep; double dispatch_us, combine_us; };
  const row measured[] = {{8, 77, 114},   {16, 118, 195}, {32, 155, 273},
                          {64, 173, 314}, {128, 192, 369}, {256, 194, 360}};
  // System: H800 boxes, NVLink ~160 GB/s, CX7 50 GB/s (fabrics.hpp); NVLink at the library's
  // default scale_up_fraction. Achievable network rate from the same table's EP256 rows: DeepEP
  // reports 39 (dispatch) and 40 (combine) GB/s of total bytes (local copies included, §10.2);
  // at EP256 31/32 of those bytes cross the NIC, so the NIC moves 39.5 × 31/32 = 38.27 GB/s
  // = 0.7653 of 50 GB/s.
  const auto sys = fabrics::h800_boxes();
  tk::fabric_efficiency eff{.scale_up_fraction = 0.82, .scale_out_fraction = 0.8};
  eff.scale_out_fraction = 39.5e9 * 31.0 / 32.0 / 50e9;
  for (const auto& m : measured) {
    // 1024 copies per rank: the count DeepEP's bandwidth figures use (128 × 8; §10.2 check
    // 128 × 8 × 7392 B / 77 µs = 98.3 GB/s).
    const auto r = tk::ep_exchange_time(sys, eff, m.ep, 1024.0, 7168, precision::fp8, precision::bf16);
    CAPTURE(m.ep);
    CAPTURE(r.dispatch_s);
    CAPTURE(r.combine_s);
    CHECK(r.dispatch_s == tt::rel(m.dispatch_us * 1e-6, 0.30));
    CHECK(r.combine_s == tt::rel(m.combine_us * 1e-6, 0.30));
    CHECK(r.crosses_scale_out == (m.ep > 8));
  }
}

TEST_CASE("'Insights into DeepSeek-V3' EP bound (theory §10.3)") {
  // Paper (arXiv 2505.09343 §2.3): one expert per device, 32 tokens per device, 9 experts per token,
  // hidden "7K" = 7000, FP8 dispatch 1 B (no scales) + BF16 combine 2 B:
  // (1 + 2) × 32 × 9 × 7000 / 50 GB/s = 6,048,000 / 50e9 = 120.96 µs per layer per micro-batch.
  // The model additionally keeps the 1/G of copies that stay on the device local: it gives the
  // paper's number times the remote fraction 1 - 1/G (G = 256 here), so we divide that out.
  const tk::basic_ep_exchange_options<double> pure{.collective = {.launch_latency_s = 0}, .fp8_block_scales = false};
  const auto ideal = fabrics::ideal();
  SUBCASE("CX7 50 GB/s: 120.96 µs, TPOT >= 14.76 ms") {
    tk::system_spec ib{.num_gpus = 256, .scale_up_domain_gpus = 1, .scale_up_bytes_per_s = 160e9,
                       .scale_out_bytes_per_s = 50e9};  // every peer across the network, α = 0
    const auto r = tk::ep_exchange_time(ib, ideal, 256, 32.0 * 9, 7000, precision::fp8, precision::bf16, pure);
    const double per_microbatch = r.total_s() / (255.0 / 256.0);
    CHECK(per_microbatch == tt::rel(120.96e-6, 1e-12));
    // Two micro-batches, compute fully hidden: layer = max(C, 2 × 120.96 µs) = 241.92 µs;
    // TPOT >= 61 layers × 241.92 µs = 14,757.12 µs = 14.76 ms (67 tok/s).
    const auto layer = tk::overlapped_time(tk::overlap_mode::two_batch, 0.0, 2 * per_microbatch);
    CHECK(layer.time_s == tt::rel(241.92e-6, 1e-12));
    CHECK(61 * layer.time_s == tt::rel(14.75712e-3, 1e-12));
    CHECK(1 / (61 * layer.time_s) == tt::rel(67.76, 1e-3));  // 1 / 14.75712 ms = 67.764 tok/s
  }
  SUBCASE("GB200 NVL72 at 900 GB/s: 6.72 µs, TPOT 0.82 ms") {
    // 6,048,000 / 900e9 = 6.72 µs; TPOT 61 × 2 × 6.72 µs = 819.84 µs (~1200 tok/s).
    tk::system_spec nvl{.num_gpus = 72, .scale_up_domain_gpus = 72, .scale_up_bytes_per_s = 900e9};
    const auto r = tk::ep_exchange_time(nvl, ideal, 72, 32.0 * 9, 7000, precision::fp8, precision::bf16, pure);
    CHECK_FALSE(r.crosses_scale_out);
    const double per_microbatch = r.total_s() / (71.0 / 72.0);
    CHECK(per_microbatch == tt::rel(6.72e-6, 1e-12));
    const auto layer = tk::overlapped_time(tk::overlap_mode::two_batch, 0.0, 2 * per_microbatch);
    CHECK(61 * layer.time_s == tt::rel(0.81984e-3, 1e-12));
  }
}

TEST_CASE("DeepEP normal internode: node-forwarded bytes per token (theory §10.1)") {
  // DeepSeek-V3 on 8 nodes with the M = 4 node limit: E[nodes] = 3.6290 (A.7), remote
  // 3.6290 × 7/8 = 3.175375 nodes per token; per token per MoE layer 3.175375 × 7392 =
  // 23,472.37 B dispatch ("≈ 23.5 KB") and 3.175375 × 14,336 = 45,522.18 B combine ("≈ 45.6 KB",
  // theory rounds 3.18 first).
  const auto sys = fabrics::h800_boxes();
  const auto eff = fabrics::ideal();
  const auto r = tk::ep_exchange_time_node_forwarding(sys, eff, 64, 3.175375, 0.0, 7168, precision::fp8,
                                                      precision::bf16);
  CHECK(r.dispatch_bytes == tt::rel(23'472.372, 1e-7));
  CHECK(r.combine_bytes == tt::rel(45'522.176, 1e-7));
  // Time, network-bound: 23,472.372 B / 50 GB/s = 0.46945 µs + L0 6.6 + α 2.7 µs.
  CHECK(r.dispatch_s == tt::rel(9.3e-6 + 23'472.372 / 50e9, 1e-9));
  CHECK_THROWS_WITH_AS((void)tk::ep_exchange_time_node_forwarding(sys, eff, 8, 1.0, 1.0, 7168, precision::fp8,
                                                                  precision::bf16),
                       doctest::Contains("network_copies_per_rank = 1"), tk::invalid_argument);
}

TEST_CASE("EP exchange: properties and bad input") {
  const auto sys = fabrics::h800_boxes();
  const tk::fabric_efficiency eff{.scale_up_fraction = 0.82, .scale_out_fraction = 0.8};  // NVLink 4: 370 of 450 GB/s
  SUBCASE("doubling every bandwidth halves the time when latencies are zero") {
    const tk::basic_ep_exchange_options<double> o{.collective = {.launch_latency_s = 0}};
    auto s0 = sys;
    s0.scale_up_latency_s = s0.scale_out_latency_s = 0;
    auto s1 = s0;
    s1.scale_up_bytes_per_s *= 2;
    s1.scale_out_bytes_per_s *= 2;
    for (int ep : {2, 8, 16, 64, 256}) {
      const auto a = tk::ep_exchange_time(s0, eff, ep, 1000.0, 7168, precision::fp8, precision::bf16, o);
      const auto b = tk::ep_exchange_time(s1, eff, ep, 1000.0, 7168, precision::fp8, precision::bf16, o);
      CHECK(b.total_s() == tt::rel(a.total_s() / 2, 1e-12));
    }
  }
  SUBCASE("EP1 costs nothing") {
    CHECK(tk::ep_exchange_time(sys, eff, 1, 1024.0, 7168, precision::fp8, precision::bf16).total_s() == 0.0);
  }
  SUBCASE("errors") {
    CHECK_THROWS_WITH_AS((void)tk::ep_exchange_time(sys, eff, 0, 1.0, 7168, precision::fp8, precision::bf16),
                         doctest::Contains("ep_ranks = 0"), tk::invalid_argument);
    CHECK_THROWS_WITH_AS((void)tk::ep_exchange_time(sys, eff, 8, -2.0, 7168, precision::fp8, precision::bf16),
                         doctest::Contains("token_copies_per_rank = -2"), tk::invalid_argument);
    CHECK_THROWS_WITH_AS((void)tk::ep_exchange_time(sys, eff, 8, std::nan(""), 7168, precision::fp8, precision::bf16),
                         doctest::Contains("token_copies_per_rank = nan"), tk::invalid_argument);
    CHECK_THROWS_WITH_AS((void)tk::ep_exchange_time(sys, eff, 8, 1.0, 0, precision::fp8, precision::bf16),
                         doctest::Contains("hidden = 0"), tk::invalid_argument);
    CHECK_THROWS_WITH_AS((void)tk::ep_exchange_time(fabrics::lone_box(), eff, 16, 1.0, 7168, precision::fp8,
                                                    precision::bf16),
                         doctest::Contains("system.scale_out_bytes_per_s = 0"), tk::invalid_argument);
  }
}

TEST_CASE("TP per transformer block (theory §9)") {
  // theory §9 example: 8×H100, 370 GB/s busbw, S = 917,504 B per all-reduce: each 15.0 µs latency +
  // 4.33955 µs bandwidth (see test_collectives.cpp); two per block: 30.0 + 8.6791 µs.
  const auto sys = fabrics::h100_boxes();
  auto eff = fabrics::ideal();
  eff.scale_up_fraction = 370.0 / 450.0;
  const auto r = tk::tp_block_comm_time(sys, eff, 8, 64.0, 7168, precision::bf16);
  CHECK(r.bytes_per_collective == 917'504.0);
  CHECK(r.num_collectives == 2);
  CHECK(r.latency_s == tt::rel(30.0e-6, 1e-12));
  CHECK(r.bandwidth_s == tt::rel(8.6791e-6, 1e-5));
  // Sequence parallelism: 2 × (RS + AG), each 7/8 × 917,504 / 370e9 = 2.169773 µs, same total
  // 8.6791 µs; latency 4 × (6.6 + 7 × 0.6) = 43.2 µs.
  const auto sp = tk::tp_block_comm_time(sys, eff, 8, 64.0, 7168, precision::bf16, true);
  CHECK(sp.num_collectives == 4);
  CHECK(sp.bandwidth_s == tt::rel(r.bandwidth_s, 1e-12));
  CHECK(sp.latency_s == tt::rel(43.2e-6, 1e-12));
  CHECK(tk::tp_block_comm_time(sys, eff, 1, 64.0, 7168, precision::bf16).time_s == 0.0);
  CHECK_THROWS_WITH_AS((void)tk::tp_block_comm_time(sys, eff, 8, -1.0, 7168, precision::bf16),
                       doctest::Contains("tokens = -1"), tk::invalid_argument);
}

TEST_CASE("PP stage boundary (theory §12)") {
  const tk::collective_options no_launch{.launch_latency_s = 0};
  SUBCASE("theory §12: 64 tokens × 7168 × BF16 = 917,504 B at 50 GB/s ≈ 18 µs") {
    // One GPU per stage, every stage its own domain; 917,504 / 50e9 = 18.35008 µs.
    tk::system_spec s{.num_gpus = 4, .scale_up_domain_gpus = 1, .scale_up_bytes_per_s = 450e9,
                      .scale_out_bytes_per_s = 50e9};
    const auto r = tk::pp_boundary_time(s, fabrics::ideal(), 1, 0, 64.0, 7168, precision::bf16, no_launch);
    CHECK(r.crosses_scale_out);
    CHECK(r.time_s == tt::rel(18.35008e-6, 1e-12));
    // pp = 4: three boundaries in a decode token's chain: 3 × 18.35008 µs.
    const auto chain = tk::pp_pass_comm_time(s, fabrics::ideal(), 4, 1, 64.0, 7168, precision::bf16, no_launch);
    CHECK(chain.time_s == tt::rel(3 * 18.35008e-6, 1e-12));
  }
  SUBCASE("4-GPU stages on 8-GPU boxes: boundary 0 inside a box, boundary 1 across") {
    const auto sys = fabrics::h100_boxes();
    const auto eff = fabrics::ideal();
    // Each of the 4 GPU pairs moves 917,504 / 4 = 229,376 B: NVLink 229,376 / 450e9 = 0.50972 µs
    // + 6.6 + 0.6 µs; network 229,376 / 50e9 = 4.58752 µs + 6.6 + 2.7 µs.
    const auto b0 = tk::pp_boundary_time(sys, eff, 4, 0, 64.0, 7168, precision::bf16);
    const auto b1 = tk::pp_boundary_time(sys, eff, 4, 1, 64.0, 7168, precision::bf16);
    CHECK_FALSE(b0.crosses_scale_out);
    CHECK(b0.time_s == tt::rel(7.2e-6 + 229'376 / 450e9, 1e-12));
    CHECK(b1.crosses_scale_out);
    CHECK(b1.time_s == tt::rel(9.3e-6 + 4.58752e-6, 1e-12));
    CHECK(b1.scale_out_bytes == 229'376.0);
    // pp 4: boundaries 0 (GPUs 0-7), 1 (4-11, crosses), 2 (8-15): one crossing.
    const auto chain = tk::pp_pass_comm_time(sys, eff, 4, 4, 64.0, 7168, precision::bf16);
    CHECK(chain.time_s == tt::rel(2 * b0.time_s + b1.time_s, 1e-12));
    CHECK(tk::pp_pass_comm_time(sys, eff, 1, 4, 64.0, 7168, precision::bf16).time_s == 0.0);
  }
  SUBCASE("boundary across boxes without a network throws") {
    CHECK_THROWS_WITH_AS((void)tk::pp_boundary_time(fabrics::lone_box(), fabrics::ideal(), 8, 0, 64.0, 7168,
                                                    precision::bf16),
                         doctest::Contains("system.scale_out_bytes_per_s = 0"), tk::invalid_argument);
  }
}

TEST_CASE("DP-attention gather/scatter around a TP layer (theory §11)") {
  // dp 8 in one box, 512 tokens total, BF16 h 7168: S = 512 × 14,336 = 7,340,032 B;
  // AG + RS each 7/8 × S / 450e9 = 14.27229 µs and 6.6 + 7 × 0.6 = 10.8 µs latency.
  const auto r = tk::dp_attention_gather_scatter_time(fabrics::h100_boxes(), fabrics::ideal(), 8, 512.0, 7168,
                                                      precision::bf16);
  CHECK(r.bandwidth_s == tt::rel(2 * 0.875 * 7'340'032 / 450e9, 1e-12));
  CHECK(r.latency_s == tt::rel(21.6e-6, 1e-12));
}

TEST_CASE("KV-cache transfer, prefill -> decode (design §6)") {
  // 1 GB of KV per request, 8 sending GPUs: 125 MB each. Network 50 GB/s: 2.5 ms + 6.6 + 2.7 µs;
  // NVL72 NVLink 900 GB/s: 138.889 µs + 6.6 + 0.6 µs.
  const auto eff = fabrics::ideal();
  const auto net = tk::kv_transfer_time(fabrics::h100_boxes(), eff, 1e9, 8, tk::kv_transfer_link::scale_out);
  CHECK(net.time_s == tt::rel(2.5e-3 + 9.3e-6, 1e-12));
  CHECK(net.scale_out_bytes == 1.25e8);
  const auto nvl = tk::kv_transfer_time(fabrics::nvl72(), eff, 1e9, 8, tk::kv_transfer_link::scale_up);
  CHECK(nvl.time_s == tt::rel(1.25e8 / 900e9 + 7.2e-6, 1e-12));
  CHECK_FALSE(nvl.crosses_scale_out);
  CHECK_THROWS_WITH_AS((void)tk::kv_transfer_time(fabrics::lone_box(), eff, 1e9, 8, tk::kv_transfer_link::scale_out),
                       doctest::Contains("system.scale_out_bytes_per_s = 0"), tk::invalid_argument);
  CHECK_THROWS_WITH_AS((void)tk::kv_transfer_time(fabrics::h100_boxes(), eff, -5.0, 8, tk::kv_transfer_link::scale_out),
                       doctest::Contains("kv_bytes = -5"), tk::invalid_argument);
  CHECK_THROWS_WITH_AS((void)tk::kv_transfer_time(fabrics::h100_boxes(), eff, 1e9, 0, tk::kv_transfer_link::scale_out),
                       doctest::Contains("sending_gpus = 0"), tk::invalid_argument);
}
