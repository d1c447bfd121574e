#pragma once
// One GPU: memory, bandwidth, dense tensor-core peaks, power (design §3).
#include <concepts>
#include <string_view>

#include "../core/error.hpp"
#include "../core/precision.hpp"

namespace tokenomics {

// The GPU's architecture family (gpus.json `architecture`): what a software stack is measured on
// and transferred within (presets/stacks.hpp).
enum class gpu_architecture { unknown, ampere, hopper, blackwell, blackwell_ultra, cdna3, cdna4 };
enum class gpu_vendor { unknown, nvidia, amd };

[[nodiscard]] constexpr gpu_vendor vendor_of(gpu_architecture a) noexcept {
  switch (a) {
    case gpu_architecture::ampere:
    case gpu_architecture::hopper:
    case gpu_architecture::blackwell:
    case gpu_architecture::blackwell_ultra: return gpu_vendor::nvidia;
    case gpu_architecture::cdna3:
    case gpu_architecture::cdna4: return gpu_vendor::amd;
    case gpu_architecture::unknown: return gpu_vendor::unknown;
  }
  return gpu_vendor::unknown;
}

[[nodiscard]] constexpr std::string_view name_of(gpu_architecture a) noexcept {
  switch (a) {
    case gpu_architecture::unknown: return "unknown";
    case gpu_architecture::ampere: return "Ampere";
    case gpu_architecture::hopper: return "Hopper";
    case gpu_architecture::blackwell: return "Blackwell";
    case gpu_architecture::blackwell_ultra: return "Blackwell Ultra";
    case gpu_architecture::cdna3: return "CDNA 3";
    case gpu_architecture::cdna4: return "CDNA 4";
  }
  return "unknown";
}

template <std::floating_point T>
struct basic_accelerator_spec {
  std::string_view name{};
  gpu_architecture architecture{};
  T hbm_bytes{};               // capacity, decimal bytes as the vendor prints it
  T hbm_bytes_per_s{};         // peak HBM bandwidth
  T dense_bf16_flops_per_s{};  // dense (no 2:4 sparsity) tensor-core peaks
  T dense_fp8_flops_per_s{};   // 0 = no FP8 tensor cores (A100)
  T dense_fp4_flops_per_s{};   // 0 = no FP4 tensor cores (Hopper, CDNA3)
  T tdp_w{};                   // board/module power
};
using accelerator_spec = basic_accelerator_spec<double>;

template <std::floating_point T>
void validate(const basic_accelerator_spec<T>& a) {
  using namespace detail;
  require_positive("gpu.hbm_bytes", a.hbm_bytes);
  require_positive("gpu.hbm_bytes_per_s", a.hbm_bytes_per_s);
  require_positive("gpu.dense_bf16_flops_per_s", a.dense_bf16_flops_per_s);
  require_non_negative("gpu.dense_fp8_flops_per_s", a.dense_fp8_flops_per_s);
  require_non_negative("gpu.dense_fp4_flops_per_s", a.dense_fp4_flops_per_s);
  require_non_negative("gpu.tdp_w", a.tdp_w);
}

// Does the GPU have tensor cores for this width (FP32 math is not modelled as a GEMM path)?
template <std::floating_point T>
[[nodiscard]] constexpr bool supports(const basic_accelerator_spec<T>& a, math_width w) noexcept {
  switch (w) {
    case math_width::bits4: return a.dense_fp4_flops_per_s > T(0);
    case math_width::bits8: return a.dense_fp8_flops_per_s > T(0);
    case math_width::bits16: return a.dense_bf16_flops_per_s > T(0);
    case math_width::bits32: return false;
  }
  return false;
}

// Dense peak for a GEMM of width w; a GPU without that width runs it at the next wider one it
// has (FP4 weights on H100 are upcast to FP8 or BF16 math, as W4A8/W4A16 kernels do).
template <std::floating_point T>
[[nodiscard]] constexpr T peak_flops_per_s(const basic_accelerator_spec<T>& a, math_width w) noexcept {
  if (w == math_width::bits4 && a.dense_fp4_flops_per_s > T(0)) return a.dense_fp4_flops_per_s;
  if ((w == math_width::bits4 || w == math_width::bits8) && a.dense_fp8_flops_per_s > T(0))
    return a.dense_fp8_flops_per_s;
  return a.dense_bf16_flops_per_s;
}

}  // namespace tokenomics
