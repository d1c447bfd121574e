#pragma once
// A software stack: a serving framework on one GPU architecture, described by the efficiency
// curves its kernels reach. Every term is a physical quantity with bounds, fitted per (framework,
// GPU) from kernel microbenchmark tables (examples/kernel_fit; docs/kernels.md shows the law, each
// fit and its error), except the fixed costs no kernel table times, which are fitted end to end
// per framework on served requests (presets/stacks.hpp, docs/silicon_validation.md).
//
// Every kernel follows one law, a roofline with a saturating compute rate and a fixed cost:
//   t = latency + max( FLOPs / (peak · c · n / (n + n½)),  bytes / (HBM peak · b) )
// n is the work that fills the machine (GEMM rows, rows per expert, prompt tokens), c the
// asymptotic fraction of the dtype's dense peak, n½ the n at which half of c is reached (tile
// quantisation and wave fill: at small n the compute arm tends to 2·N·K·n½ / (peak·c), the cost of
// a padded tile), b the fraction of HBM peak a streaming kernel reaches, and latency the time a
// call costs with no work (launch under CUDA-graph replay, prologue, tail). The free functions
// below are the only place that law is written; the step oracle and the kernel fitter both call
// them.
#include <array>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <string>
#include <string_view>

#include "../core/error.hpp"
#include "../core/precision.hpp"
#include "accelerator.hpp"

namespace tokenomics {

enum class framework { ideal, generic, trtllm, sglang, vllm, atom };

// How an engine mixes new prompts with running decodes: in the same iteration under one token
// budget (TensorRT-LLM in-flight batching, vLLM's chunked-prefill scheduler), or prefill batches
// first while decodes wait (SGLang's default scheduler).
enum class batch_scheduling { mixed, prefill_first };

[[nodiscard]] constexpr std::string_view name_of(framework f) noexcept {
  switch (f) {
    case framework::ideal: return "ideal";
    case framework::generic: return "generic";
    case framework::trtllm: return "trtllm";
    case framework::sglang: return "sglang";
    case framework::vllm: return "vllm";
    case framework::atom: return "atom";
  }
  return "?";
}

[[nodiscard]] inline framework parse_framework(std::string_view field, std::string_view text) {
  for (auto f : {framework::ideal, framework::generic, framework::trtllm, framework::sglang, framework::vllm,
                 framework::atom})
    if (name_of(f) == text) return f;
  detail::fail(field, std::string(text), "unknown framework (trtllm, sglang, vllm, atom, generic, ideal)");
}

// The kernel families the tables time, by what the tensor cores see (weights × activations).
enum class kernel_dtype {
  bf16,       // BF16 × BF16
  fp8,        // FP8 weights with a per-tensor/per-channel scale, dynamic FP8 activations
  fp8_block,  // FP8 with 128×128 weight blocks and 1×128 activation groups (DeepSeek, DeepGEMM)
  nvfp4,      // NVFP4 × NVFP4 (Blackwell)
  w4a16,      // 4-bit weights dequantised to 16-bit math (MXFP4 or INT4 weight-only on Hopper)
  w4a8,       // MXFP4 weights × FP8 activations (Blackwell gpt-oss kernels)
};
inline constexpr std::size_t num_kernel_dtypes = 6;

[[nodiscard]] constexpr std::string_view name_of(kernel_dtype d) noexcept {
  switch (d) {
    case kernel_dtype::bf16: return "bf16";
    case kernel_dtype::fp8: return "fp8";
    case kernel_dtype::fp8_block: return "fp8_block";
    case kernel_dtype::nvfp4: return "nvfp4";
    case kernel_dtype::w4a16: return "w4a16";
    case kernel_dtype::w4a8: return "w4a8";
  }
  return "?";
}

// The kernel family a GEMM with weights in format w and activations in format a runs on GPU g.
// 16-bit activations mean weight-only quantisation: the weights are dequantised to 16-bit math
// (Marlin-style W8A16/W4A16). Otherwise 4-bit weights run natively only where FP4 tensor cores
// exist (NVFP4 x NVFP4, or MXFP4 x FP8 as the gpt-oss kernels on Blackwell), else as W4A16; 8-bit
// formats need FP8 tensor cores.
template <std::floating_point T>
[[nodiscard]] constexpr kernel_dtype kernel_dtype_of(precision w, precision a,
                                                     const basic_accelerator_spec<T>& g) noexcept {
  const bool fp8 = g.dense_fp8_flops_per_s > T(0), fp4 = g.dense_fp4_flops_per_s > T(0);
  const bool weight_only = width_of(a) == math_width::bits16 || width_of(a) == math_width::bits32;
  switch (w) {
    case precision::fp8:
    case precision::int8: return fp8 && !weight_only ? kernel_dtype::fp8 : kernel_dtype::bf16;
    case precision::fp8_block: return fp8 && !weight_only ? kernel_dtype::fp8_block : kernel_dtype::bf16;
    case precision::nvfp4: return fp4 && a == precision::nvfp4 ? kernel_dtype::nvfp4 : kernel_dtype::w4a16;
    case precision::mxfp4: return fp4 && !weight_only ? kernel_dtype::w4a8 : kernel_dtype::w4a16;
    case precision::int4: return kernel_dtype::w4a16;
    case precision::fp32:
    case precision::bf16:
    case precision::fp16: return kernel_dtype::bf16;
  }
  return kernel_dtype::bf16;
}

// The tensor-core peak a kernel family's curve is a fraction of: the math width it runs at.
template <std::floating_point T>
[[nodiscard]] constexpr T peak_flops_per_s(const basic_accelerator_spec<T>& g, kernel_dtype d) noexcept {
  switch (d) {
    case kernel_dtype::nvfp4: return peak_flops_per_s(g, math_width::bits4);
    case kernel_dtype::fp8:
    case kernel_dtype::fp8_block:
    case kernel_dtype::w4a8: return peak_flops_per_s(g, math_width::bits8);
    case kernel_dtype::bf16:
    case kernel_dtype::w4a16: return g.dense_bf16_flops_per_s;
  }
  return g.dense_bf16_flops_per_s;
}

// Bytes per element of the activations a kernel family's GEMM reads: FP8 for FP8 and W4A8
// kernels, NVFP4 (4 bits + one FP8 scale per 16) for NVFP4, BF16 otherwise.
[[nodiscard]] constexpr double activation_bytes_of(kernel_dtype d) noexcept {
  switch (d) {
    case kernel_dtype::fp8:
    case kernel_dtype::fp8_block:
    case kernel_dtype::w4a8: return 1.0;
    case kernel_dtype::nvfp4: return 4.5 / 8.0;
    case kernel_dtype::bf16:
    case kernel_dtype::w4a16: return 2.0;
  }
  return 2.0;
}

// One kernel family's curve (the law in the header comment).
template <std::floating_point T>
struct basic_kernel_curve {
  T compute_fraction{T(1)};    // c: asymptotic fraction of the dense peak, (0, 1]
  T half_work{T(0)};           // n½: work at which half of c is reached, >= 0
  T bandwidth_fraction{T(1)};  // b: fraction of HBM peak when streaming, (0, 1]
  T latency_s{T(0)};           // fixed time per call, >= 0
};
using kernel_curve = basic_kernel_curve<double>;

// Achieved compute rate at work n.
template <std::floating_point T>
[[nodiscard]] constexpr T achieved_flops_per_s(const basic_kernel_curve<T>& c, T peak_flops_per_s, T work) noexcept {
  return work > T(0) ? peak_flops_per_s * c.compute_fraction * work / (work + c.half_work) : T(0);
}

// The law's two arms, without the fixed latency (the caller decides how often a call is paid).
template <std::floating_point T>
struct basic_kernel_arms {
  T compute_s{};
  T memory_s{};
};

template <std::floating_point T>
[[nodiscard]] constexpr basic_kernel_arms<T> kernel_arms(const basic_kernel_curve<T>& c, T work, T flops, T bytes,
                                                         T peak_flops_per_s, T hbm_bytes_per_s) noexcept {
  basic_kernel_arms<T> a;
  if (flops > T(0) && work > T(0)) a.compute_s = flops / achieved_flops_per_s(c, peak_flops_per_s, work);
  if (bytes > T(0)) a.memory_s = bytes / (hbm_bytes_per_s * c.bandwidth_fraction);
  return a;
}

// One call: latency + max(compute, memory).
template <std::floating_point T>
[[nodiscard]] constexpr T kernel_seconds(const basic_kernel_curve<T>& c, T work, T flops, T bytes, T peak_flops_per_s,
                                         T hbm_bytes_per_s) noexcept {
  const auto a = kernel_arms(c, work, flops, bytes, peak_flops_per_s, hbm_bytes_per_s);
  return c.latency_s + (a.compute_s > a.memory_s ? a.compute_s : a.memory_s);
}

// Bytes one fused MoE layer moves per (token, expert) pair besides the expert weights, h = hidden
// size, f = the expert's intermediate size on this GPU, b_a = bytes per element of the grouped
// GEMMs' input activations (2 for BF16 and W4A16, 1 for FP8, 0.5625 for NVFP4 with its scales):
//   permute (gather the token's row to its expert's slot)   read 2h, write 2h   (BF16)
//   activation quantisation, only when b_a < 2              read 2h, write h·b_a
//   GEMM1 (gate and up)                                     read h·b_a, write 2·2f (BF16)
//   SwiGLU, quantising its output for GEMM2                 read 4f, write f·b_a
//   GEMM2 (down)                                            read f·b_a, write 2h
//   un-permute and weighted combine                         read 2h
template <class T>
[[nodiscard]] constexpr T moe_data_path_bytes_per_pair(T hidden, T local_intermediate, T activation_bytes) noexcept {
  const T h = hidden, f = local_intermediate, b_a = activation_bytes;
  const T permute = T(4) * h;
  const T quantise = b_a < T(2) ? T(2) * h + h * b_a : T(0);
  const T gemm1 = h * b_a + T(4) * f;
  const T swiglu = T(4) * f + f * b_a;
  const T gemm2 = f * b_a + T(2) * h;
  const T combine = T(2) * h;
  return permute + quantise + gemm1 + swiglu + gemm2 + combine;
}

// A collective implementation on the scale-up fabric: t = latency + bus bytes / (line · b), with
// the bus bytes of the collective's algorithm (comm/collectives.hpp; nccl-tests "busbw").
template <std::floating_point T>
struct basic_link_curve {
  T latency_s{T(0)};           // per call with no payload: launch, barrier, flag polling
  T bandwidth_fraction{T(1)};  // achieved bus bandwidth / line rate, (0, 1]
};
using link_curve = basic_link_curve<double>;

// What comm/ reads for one collective: the achieved fractions of the scale-up and scale-out line
// rates (the launch latency travels in comm's collective options).
template <std::floating_point T>
struct basic_fabric_efficiency {
  T scale_up_fraction{T(1)};
  T scale_out_fraction{T(1)};
};
using fabric_efficiency = basic_fabric_efficiency<double>;

// What a framework adds to its kernels, which no kernel table times: fitted end to end per
// framework on served requests (presets/stacks.hpp, docs/silicon_validation.md), each bounded.
// The defaults are the generic framework's: the median of the TensorRT-LLM, SGLang and vLLM fits.
template <std::floating_point T>
struct basic_fixed_costs {
  T per_layer_s{T(0)};          // norms, residual adds, rotary, quantisation and router kernels per layer
  T per_step_s{T(0.97e-3)};     // host work per iteration not hidden by overlapped scheduling
  T per_request_s{T(128e-3)};   // per request, on the TTFT path: admission, tokenisation, first-token return
  // Share of a kernel's microbenchmarked fixed latency a serving step pays, [0, 1]: CUDA-graph
  // replay with programmatic dependent launch overlaps each kernel's launch and prologue with
  // the tail of the one before, which a one-kernel microbenchmark cannot.
  T latency_exposure{T(0.473)};
  // Share of the other requests of a burst whose prompts the median request waits for, [0, 1/2]
  // (serving/aggregated.hpp): 1/2 when bursts stay synchronised (a prefill-first scheduler holds
  // every decode until the burst is prefilled), less where mixed iterations let early requests
  // decode ahead and spread the next burst's arrivals.
  T burst_wait{T(0.0839)};
};
using fixed_costs = basic_fixed_costs<double>;

template <std::floating_point T>
struct basic_software_stack {
  // A default-constructed stack is the generic one: GPU-agnostic fractions, each the median of the
  // fitted (framework, GPU) stacks (presets::generic_stack in presets/fitted_stacks.hpp, which
  // tests/presets/test_fitted_stacks.cpp holds equal to these), and generic fixed costs.
  framework name{framework::generic};
  std::string_view version{};  // the framework release the curves were measured with
  std::string_view source{"median of the fitted stacks"};

  // Dense GEMMs by kernel dtype; work = rows (tokens).
  std::array<basic_kernel_curve<T>, num_kernel_dtypes> gemm{{
      {T(0.7346), T(85.82), T(0.7975), T(3.439e-06)},  // bf16
      {T(0.5047), T(81.91), T(0.8178), T(8.366e-06)},  // fp8
      {T(0.5911), T(89.28), T(0.8727), T(1.173e-05)},  // fp8_block
      {T(0.4096), T(113.3), T(0.6431), T(8.015e-06)},  // nvfp4
      {T(0.7346), T(85.82), T(0.7975), T(3.439e-06)},  // w4a16
      {T(0.4096), T(113.3), T(0.6431), T(8.015e-06)},  // w4a8
  }};
  // The fused MoE layer (routing, permute, grouped GEMMs, activation, un-permute) by dtype;
  // work = rows per touched expert. Its bytes are the touched experts' weights plus the counted
  // per-(token, expert) data path (moe_data_path_bytes_per_pair).
  std::array<basic_kernel_curve<T>, num_kernel_dtypes> moe{{
      {T(0.3235), T(23.73), T(0.8452), T(3.163e-05)},  // bf16
      {T(0.2866), T(6.487), T(0.6984), T(3.318e-05)},  // fp8
      {T(0.1004), T(9.168), T(1), T(4.478e-05)},  // fp8_block
      {T(0.8482), T(11.03), T(0.7829), T(3.081e-05)},  // nvfp4
      {T(0.159), T(21.04), T(0.9259), T(5.195e-05)},  // w4a16
      {T(0.2748), T(60.45), T(0.7946), T(2.639e-05)},  // w4a8
  }};
  // Attention over the KV cache, one layer: decode (work = sequences; bytes = KV read) and
  // prefill (work = prompt tokens per sequence; FLOPs = causal score and value math), for
  // grouped-query (GQA/MHA) and latent (MLA) attention.
  basic_kernel_curve<T> decode_attention{T(0.8992), T(13.81), T(0.6928), T(1.41e-05)};
  basic_kernel_curve<T> prefill_attention{T(0.5926), T(1707), T(0.4806), T(1.5e-05)};
  basic_kernel_curve<T> decode_mla{T(0.6422), T(0.04248), T(0.6), T(1.788e-05)};
  basic_kernel_curve<T> prefill_mla{T(0.735), T(1932), T(0.2764), T(2.229e-05)};
  // Collectives on the scale-up fabric: the framework's all-reduce for tensor parallelism (custom
  // one-/two-shot kernels, or NCCL where larger messages make it faster), NCCL all-gather (also
  // used for stage transfers), and the expert-parallel all-to-all in its low-latency (decode) and
  // normal (prefill) modes.
  basic_link_curve<T> all_reduce{T(4.699e-06), T(0.5776)};
  basic_link_curve<T> nccl_all_reduce{T(1.277e-05), T(0.5967)};
  basic_link_curve<T> nccl_all_gather{T(1.031e-05), T(0.5013)};
  basic_link_curve<T> ep_low_latency{T(1.349e-05), T(0.4849)};
  basic_link_curve<T> ep_normal{T(3.444e-05), T(0.6346)};
  // The scale-out network reaches this fraction of NIC line rate (DeepEP internode 40-46 of
  // 50 GB/s at EP >= 32; no table here, so one value for every stack).
  T scale_out_fraction{T(0.85)};

  basic_fixed_costs<T> fixed{};
  batch_scheduling scheduling{batch_scheduling::mixed};

  [[nodiscard]] constexpr const basic_kernel_curve<T>& gemm_curve(kernel_dtype d) const noexcept {
    return gemm[static_cast<std::size_t>(d)];
  }
  [[nodiscard]] constexpr const basic_kernel_curve<T>& moe_curve(kernel_dtype d) const noexcept {
    return moe[static_cast<std::size_t>(d)];
  }
  [[nodiscard]] constexpr basic_fabric_efficiency<T> fabric(const basic_link_curve<T>& link) const noexcept {
    return {.scale_up_fraction = link.bandwidth_fraction, .scale_out_fraction = scale_out_fraction};
  }

  // The pure roofline: every fraction 1, no saturation, no fixed cost.
  [[nodiscard]] static constexpr basic_software_stack ideal() noexcept {
    basic_software_stack s;
    s.name = framework::ideal;
    s.source = "pure roofline";
    for (auto& c : s.gemm) c = {};
    for (auto& c : s.moe) c = {};
    s.decode_attention = s.prefill_attention = s.decode_mla = s.prefill_mla = {};
    s.all_reduce = s.nccl_all_reduce = s.nccl_all_gather = s.ep_low_latency = s.ep_normal = {};
    s.scale_out_fraction = T(1);
    s.fixed = {T(0), T(0), T(0), T(0), T(0.5)};
    return s;
  }
};
using software_stack = basic_software_stack<double>;

namespace detail {
// Checks run on every step call: the common, valid case builds no field-name strings.
template <std::floating_point T>
[[nodiscard]] bool in_unit_interval(T v) noexcept { return v > T(0) && v <= T(1); }
template <std::floating_point T>
[[nodiscard]] bool non_negative_finite(T v) noexcept { return v >= T(0) && std::isfinite(v); }

template <std::floating_point T>
void validate_curve(std::string_view family, std::string_view dtype, const basic_kernel_curve<T>& c) {
  if (in_unit_interval(c.compute_fraction) && non_negative_finite(c.half_work) &&
      in_unit_interval(c.bandwidth_fraction) && non_negative_finite(c.latency_s))
    return;
  const std::string f = std::string(family) + (dtype.empty() ? "" : "." + std::string(dtype));
  require_fraction(f + ".compute_fraction", c.compute_fraction);
  require_non_negative(f + ".half_work", c.half_work);
  require_fraction(f + ".bandwidth_fraction", c.bandwidth_fraction);
  require_non_negative(f + ".latency_s", c.latency_s);
}
template <std::floating_point T>
void validate_link(std::string_view field, const basic_link_curve<T>& c) {
  if (non_negative_finite(c.latency_s) && in_unit_interval(c.bandwidth_fraction)) return;
  require_non_negative(std::string(field) + ".latency_s", c.latency_s);
  require_fraction(std::string(field) + ".bandwidth_fraction", c.bandwidth_fraction);
}
}  // namespace detail

template <std::floating_point T>
void validate(const basic_software_stack<T>& s) {
  using namespace detail;
  for (std::size_t i = 0; i < num_kernel_dtypes; ++i) {
    validate_curve("stack.gemm", name_of(static_cast<kernel_dtype>(i)), s.gemm[i]);
    validate_curve("stack.moe", name_of(static_cast<kernel_dtype>(i)), s.moe[i]);
  }
  validate_curve("stack.decode_attention", "", s.decode_attention);
  validate_curve("stack.prefill_attention", "", s.prefill_attention);
  validate_curve("stack.decode_mla", "", s.decode_mla);
  validate_curve("stack.prefill_mla", "", s.prefill_mla);
  validate_link("stack.all_reduce", s.all_reduce);
  validate_link("stack.nccl_all_reduce", s.nccl_all_reduce);
  validate_link("stack.nccl_all_gather", s.nccl_all_gather);
  validate_link("stack.ep_low_latency", s.ep_low_latency);
  validate_link("stack.ep_normal", s.ep_normal);
  require_fraction("stack.scale_out_fraction", s.scale_out_fraction);
  require_non_negative("stack.fixed.per_layer_s", s.fixed.per_layer_s);
  require_non_negative("stack.fixed.per_step_s", s.fixed.per_step_s);
  require_non_negative("stack.fixed.per_request_s", s.fixed.per_request_s);
  require_probability("stack.fixed.latency_exposure", s.fixed.latency_exposure);
  if (!(s.fixed.burst_wait >= T(0) && s.fixed.burst_wait <= T(0.5)))
    fail("stack.fixed.burst_wait", show(double(s.fixed.burst_wait)), "must be in [0, 0.5]");
}

}  // namespace tokenomics
