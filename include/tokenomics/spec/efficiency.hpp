#pragma once
// Achieved fractions of peak and fixed overheads (design §3, §8). A pure roofline is ideal().
#include <concepts>

#include "../core/error.hpp"

namespace tokenomics {

template <std::floating_point T>
struct basic_efficiency {
  // Fraction of peak HBM bandwidth weight-streaming GEMMs reach. Measured: DeepGEMM FP8 grouped
  // GEMM 2047-2064 GB/s of H800's 3.35 TB/s = 0.61-0.62 at 256 rows per expert, dense FP8 GEMM at
  // M = 64-128 up to 2668 GB/s = 0.80 (theory §7); theory §7 suggests 0.6-0.8.
  T hbm_fraction{T(0.8)};
  // Fraction of dense tensor-core peak reached by large GEMMs: DeepGEMM 1233 TFLOPS of H800's
  // 1979 FP8 = 0.62 at 1024 rows; theory §7 suggests 0.5-0.65.
  T gemm_fraction{T(0.6)};
  // GEMM row tile (WGMMA M = 64, theory §7): a GEMM with fewer rows still pays for this many.
  T gemm_min_rows{T(64)};
  // Attention kernels: decode reads KV at this fraction of HBM peak (FlashMLA: "up to 3000 GB/s"
  // of H800's 3.35 TB/s = 0.9); prefill attention reaches this fraction of dense peak
  // (FlashMLA 580-660 TFLOPS of 989 BF16 = 0.59-0.67).
  T attention_memory_fraction{T(0.85)};
  T attention_compute_fraction{T(0.6)};
  // Collectives: fraction of line rate reached as bus bandwidth. NVLink 4: 370 of 450 GB/s = 0.82
  // (nccl-tests #212); scale-out: DeepEP 40-46 of 50 GB/s at EP >= 32 = 0.8-0.92 (theory §10.2).
  T scale_up_fraction{T(0.82)};
  T scale_out_fraction{T(0.8)};
  // Fixed costs: kernel launches and synchronisation per layer, scheduler per step.
  T per_layer_overhead_s{T(10e-6)};
  T per_step_overhead_s{T(1e-3)};

  // Pure roofline: every fraction 1, no tile padding, no overheads.
  [[nodiscard]] static constexpr basic_efficiency ideal() noexcept {
    return {.hbm_fraction = T(1), .gemm_fraction = T(1), .gemm_min_rows = T(0),
            .attention_memory_fraction = T(1), .attention_compute_fraction = T(1),
            .scale_up_fraction = T(1), .scale_out_fraction = T(1),
            .per_layer_overhead_s = T(0), .per_step_overhead_s = T(0)};
  }
};
using efficiency = basic_efficiency<double>;

template <std::floating_point T>
void validate(const basic_efficiency<T>& e) {
  using namespace detail;
  require_fraction("efficiency.hbm_fraction", e.hbm_fraction);
  require_fraction("efficiency.gemm_fraction", e.gemm_fraction);
  require_non_negative("efficiency.gemm_min_rows", e.gemm_min_rows);
  require_fraction("efficiency.attention_memory_fraction", e.attention_memory_fraction);
  require_fraction("efficiency.attention_compute_fraction", e.attention_compute_fraction);
  require_fraction("efficiency.scale_up_fraction", e.scale_up_fraction);
  require_fraction("efficiency.scale_out_fraction", e.scale_out_fraction);
  require_non_negative("efficiency.per_layer_overhead_s", e.per_layer_overhead_s);
  require_non_negative("efficiency.per_step_overhead_s", e.per_step_overhead_s);
}

}  // namespace tokenomics
