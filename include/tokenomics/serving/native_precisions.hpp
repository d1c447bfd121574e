#pragma once
// The activation precision a serving engine would pick for a plan's weights on a given GPU
// (used by the CLI and the sweep: the user names the weight format, the math follows).
//
// Rule (each GEMM then runs at the wider of its weights and the activations, core/precision.hpp
// gemm_width, at the rate accelerator.hpp peak_flops_per_s gives):
//  - 4-bit weights (nvfp4, mxfp4) on a GPU with FP4 tensor cores (Blackwell, MI355X): W4A4, the
//    activations in the weights' own block format (NVFP4 on NVIDIA: TensorRT-LLM / ModelOpt
//    NVFP4 checkpoints quantise activations to NVFP4; MXFP4 on CDNA4: AMD Quark MXFP4 W4A4).
//  - 4-bit weights on a GPU without FP4 tensor cores (Hopper, CDNA3, Ampere): W4A16, weight-only
//    quantisation with the weights upcast in the kernel (Marlin-style kernels vLLM uses for
//    gpt-oss MXFP4 on Hopper). The activations stay as given (BF16 by default).
//  - 8-bit weights (fp8, int8) on a GPU with 8-bit tensor cores (dense_fp8_flops_per_s > 0):
//    W8A8, activations in the weights' format (DeepSeek-V3 §3.3: FP8 GEMMs with FP8 activations;
//    vLLM / SGLang FP8 checkpoints quantise activations dynamically). Without them (A100): W8A16.
//  - BF16/FP16 weights: activations unchanged.
//  When the non-expert and expert weights differ (gpt-oss: BF16 attention, MXFP4 experts), the
//  narrowest format the GPU runs natively wins: the plan has one activation precision, and the
//  wider GEMMs still run at their own width.
//  - The EP combine, if not set, is pinned to BF16: expert outputs are summed in BF16 before the
//    combine all-to-all (DeepSeek-V3 §3.3.3 and DeepEP: FP8 dispatch, BF16 combine; theory §10.1).
//    The dispatch keeps its default (the activations).
#include <concepts>

#include "../core/precision.hpp"
#include "../spec/accelerator.hpp"
#include "../spec/plan.hpp"

namespace tokenomics {

namespace detail {
// The activation format that lets weights in format w run natively on gpu, or nothing (keep).
template <std::floating_point T>
[[nodiscard]] constexpr bool native_activation_for(const basic_accelerator_spec<T>& gpu, precision w,
                                                   precision& out) noexcept {
  const math_width width = width_of(w);
  const bool native = (width == math_width::bits4 || width == math_width::bits8) && supports(gpu, width);
  if (native) out = w;
  return native;
}
}  // namespace detail

// Returns `plan` with activations (and the EP combine, if unset) set by the rule above.
template <std::floating_point T>
[[nodiscard]] constexpr basic_serving_plan<T> native_precisions(basic_serving_plan<T> plan,
                                                                const basic_accelerator_spec<T>& gpu) noexcept {
  precision a = plan.activations;
  bool found = false;
  for (const precision w : {plan.weights, plan.expert_weight_precision()}) {
    precision candidate{};
    if (!detail::native_activation_for(gpu, w, candidate)) continue;
    // Keep the narrowest native format (larger math_width enumerator = narrower).
    if (!found || static_cast<int>(width_of(candidate)) > static_cast<int>(width_of(a))) a = candidate;
    found = true;
  }
  if (found) plan.activations = a;
  if (!plan.combine) plan.combine = precision::bf16;
  return plan;
}

}  // namespace tokenomics
