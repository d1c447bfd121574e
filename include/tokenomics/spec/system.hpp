#pragma once
// A GPU system: accelerators, the scale-up domain (NVLink / Infinity Fabric), the scale-out
// network, power and price (design §3). Bandwidths are per GPU, per direction.
#include <concepts>
#include <string_view>

#include "../core/error.hpp"
#include "accelerator.hpp"

namespace tokenomics {

template <std::floating_point T>
struct basic_system_spec {
  std::string_view name{};
  basic_accelerator_spec<T> gpu{};
  int num_gpus{};               // GPUs available to place replicas on
  int scale_up_domain_gpus{};   // GPUs in one NVLink/Infinity-Fabric domain: 8 (HGX, MI3xx), 72 (NVL72)
  T scale_up_bytes_per_s{};     // per GPU per direction (NVLink 4: 450e9; NVLink 5: 900e9)
  T scale_out_bytes_per_s{};    // per GPU per direction: NIC line rate / 8; 0 = no scale-out network
  T scale_up_latency_s{};       // per hop/step latency inside the domain (NCCL hwLat NVLink)
  T scale_out_latency_s{};      // per network step (NCCL hwLat network)
  T all_in_power_w{};           // per GPU, host + network + cooling share (for tokens per MW)
  T price_usd_per_gpu_hour{};   // rental or TCO price
};
using system_spec = basic_system_spec<double>;

// GPUs one replica or system may span: 2^20, some ten times the largest GPU clusters built. Bounds
// every degree and product of degrees so that no int arithmetic on a plan overflows.
inline constexpr int max_plan_gpus = 1 << 20;

template <std::floating_point T>
void validate(const basic_system_spec<T>& s) {
  using namespace detail;
  validate(s.gpu);
  require_positive("system.num_gpus", s.num_gpus);
  require_positive("system.scale_up_domain_gpus", s.scale_up_domain_gpus);
  require_positive("system.scale_up_bytes_per_s", s.scale_up_bytes_per_s);
  require_non_negative("system.scale_out_bytes_per_s", s.scale_out_bytes_per_s);
  require_non_negative("system.scale_up_latency_s", s.scale_up_latency_s);
  require_non_negative("system.scale_out_latency_s", s.scale_out_latency_s);
  require_non_negative("system.all_in_power_w", s.all_in_power_w);
  require_non_negative("system.price_usd_per_gpu_hour", s.price_usd_per_gpu_hour);
  if (s.num_gpus > max_plan_gpus) fail("system.num_gpus", show(s.num_gpus), "must be <= " + show(max_plan_gpus));
  // A GPU rents for a few $/h and draws about 1-2 kW all in; a million of either is a typo, and
  // products of them (cost per token, tokens per MW) stay finite.
  if (s.all_in_power_w > T(1e6)) fail("system.all_in_power_w", show(double(s.all_in_power_w)), "must be <= 1e6");
  if (s.price_usd_per_gpu_hour > T(1e6))
    fail("system.price_usd_per_gpu_hour", show(double(s.price_usd_per_gpu_hour)), "must be <= 1e6");
}

}  // namespace tokenomics
