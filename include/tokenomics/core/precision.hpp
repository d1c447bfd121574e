#pragma once
// Number formats and their storage cost, block-scale overhead included (design §3).
#include <string_view>

#include "error.hpp"

namespace tokenomics {

// fp8 is FP8 with one scale per tensor (or output channel); fp8_block is DeepSeek-style FP8 with
// 128x128 weight blocks and 1x128 activation groups; int4 is weight-only INT4 with group scales.
enum class precision { fp32, bf16, fp16, fp8, fp8_block, int8, int4, mxfp4, nvfp4 };

// Bits per element including block-scale overhead:
//  - mxfp4: OCP Microscaling spec v1.0, 32 FP4 (E2M1) elements share one 8-bit E8M0 scale:
//           4 + 8/32 = 4.25 bits (gpt-oss model card: "4.25 bits per parameter").
//  - nvfp4: NVIDIA NVFP4, 16 FP4 elements share one FP8 (E4M3) scale: 4 + 8/16 = 4.5 bits; the one
//           per-tensor FP32 scale is negligible (< 1e-6 bit per element for tensors > 32 M elements).
//  - fp8:   8 bits; fp8_block adds one FP32 scale per 128x128 block: 32/16384 = 0.002 bit
//           (0.02 %, theory §6); activation scales of FP8 dispatch are counted by comm/.
//  - int4:  weight-only INT4 (AWQ/GPTQ style) with one BF16 scale per group of 128: 4 + 16/128 = 4.125.
[[nodiscard]] constexpr double bits_per_element(precision p) noexcept {
  switch (p) {
    case precision::fp32: return 32.0;
    case precision::bf16:
    case precision::fp16: return 16.0;
    case precision::fp8:
    case precision::int8: return 8.0;
    case precision::fp8_block: return 8.0 + 32.0 / (128.0 * 128.0);
    case precision::int4: return 4.125;
    case precision::mxfp4: return 4.25;
    case precision::nvfp4: return 4.5;
  }
  return 0.0;  // unreachable for valid enumerators
}
[[nodiscard]] constexpr double bytes_per_element(precision p) noexcept { return bits_per_element(p) / 8.0; }

// Width class used to pick a tensor-core rate: 16-bit, 8-bit or 4-bit math.
enum class math_width { bits32, bits16, bits8, bits4 };
[[nodiscard]] constexpr math_width width_of(precision p) noexcept {
  switch (p) {
    case precision::fp32: return math_width::bits32;
    case precision::bf16:
    case precision::fp16: return math_width::bits16;
    case precision::fp8:
    case precision::fp8_block:
    case precision::int8: return math_width::bits8;
    case precision::int4:
    case precision::mxfp4:
    case precision::nvfp4: return math_width::bits4;
  }
  return math_width::bits16;
}
// A GEMM of weights in format w and activations in format a runs at the wider of the two
// (W4A16 upcasts the weights to 16-bit math; W8A8 uses FP8 tensor cores).
[[nodiscard]] constexpr math_width gemm_width(precision weights, precision activations) noexcept {
  const auto w = width_of(weights), a = width_of(activations);
  return static_cast<int>(w) < static_cast<int>(a) ? w : a;
}

[[nodiscard]] constexpr std::string_view name_of(precision p) noexcept {
  switch (p) {
    case precision::fp32: return "fp32";
    case precision::bf16: return "bf16";
    case precision::fp16: return "fp16";
    case precision::fp8: return "fp8";
    case precision::fp8_block: return "fp8_block";
    case precision::int8: return "int8";
    case precision::int4: return "int4";
    case precision::mxfp4: return "mxfp4";
    case precision::nvfp4: return "nvfp4";
  }
  return "?";
}

// Parses the names name_of prints; throws naming `field` otherwise.
[[nodiscard]] inline precision parse_precision(std::string_view field, std::string_view text) {
  for (auto p : {precision::fp32, precision::bf16, precision::fp16, precision::fp8, precision::fp8_block,
                 precision::int8, precision::int4, precision::mxfp4, precision::nvfp4})
    if (name_of(p) == text) return p;
  detail::fail(field, std::string(text),
               "unknown precision (fp32, bf16, fp16, fp8, fp8_block, int8, int4, mxfp4, nvfp4)");
}

}  // namespace tokenomics
