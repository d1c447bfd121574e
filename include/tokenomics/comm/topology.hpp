#pragma once
// Where a group of n GPUs sits on a System, and the achievable link rates it sees (theory §8.2,
// §8.4, §10.1). Placement is contiguous from a domain boundary: GPUs 0..n-1, domains of
// D = system.scale_up_domain_gpus (8 for HGX / MI3xx boxes, 72 for NVL72). Traffic between two GPUs
// of one domain uses the scale-up link (NVLink / Infinity Fabric); traffic between domains uses the
// scale-out network (one NIC per GPU, rail-optimised). Achievable rate = line rate × the
// efficiency fraction (busbw / line rate: NVLink 4 370 of 450 GB/s, nccl-tests #212).
#include <algorithm>
#include <concepts>

#include "../core/error.hpp"
#include "../spec/software_stack.hpp"
#include "../spec/system.hpp"

namespace tokenomics {

template <std::floating_point T>
struct basic_group_placement {
  int group_gpus{};       // n
  int num_domains{};      // N = ceil(n / D)
  // Same-domain GPUs (itself included) of the worst-placed rank: n if n <= D, D if D divides n,
  // else n mod D (the rank in the partly filled last domain has the most network peers).
  int gpus_per_domain{};
  // Shares of traffic a rank spreads uniformly over all n ranks (itself included), e.g. an
  // all-to-all: 1/n stays local, (g-1)/n rides the scale-up link, (n-g)/n crosses the network.
  T local_traffic_fraction{};
  T scale_up_traffic_fraction{};
  T scale_out_traffic_fraction{};
  // Of the n-1 other ranks, the share that sits in another domain: (n-g)/(n-1) (0 for n = 1).
  T remote_peers_across_network_fraction{};
  T scale_up_bytes_per_s{};   // achievable per GPU per direction: line × fabric.scale_up_fraction
  T scale_out_bytes_per_s{};  // achievable per GPU per direction: line × fabric.scale_out_fraction
  T scale_up_latency_s{};     // per-step α inside a domain (system.scale_up_latency_s)
  T scale_out_latency_s{};    // per-step α across the network (system.scale_out_latency_s)
  bool crosses_scale_out{};   // N > 1
};
using group_placement = basic_group_placement<double>;

namespace detail {
// Unchecked: assumes n >= 1, domain >= 1 (place_group() validates).
template <std::floating_point T>
[[nodiscard]] constexpr basic_group_placement<T> place_unchecked(const basic_system_spec<T>& s,
                                                                 const basic_fabric_efficiency<T>& e, int n) noexcept {
  const int d = s.scale_up_domain_gpus;
  const int domains = (n + d - 1) / d;
  const int g = n <= d ? n : (n % d == 0 ? d : n % d);
  const T nn = T(n);
  return {.group_gpus = n,
          .num_domains = domains,
          .gpus_per_domain = g,
          .local_traffic_fraction = T(1) / nn,
          .scale_up_traffic_fraction = T(g - 1) / nn,
          .scale_out_traffic_fraction = T(n - g) / nn,
          .remote_peers_across_network_fraction = n > 1 ? T(n - g) / T(n - 1) : T(0),
          .scale_up_bytes_per_s = s.scale_up_bytes_per_s * e.scale_up_fraction,
          .scale_out_bytes_per_s = s.scale_out_bytes_per_s * e.scale_out_fraction,
          .scale_up_latency_s = s.scale_up_latency_s,
          .scale_out_latency_s = s.scale_out_latency_s,
          .crosses_scale_out = domains > 1};
}

// The system and efficiency fields comm/ reads, checked by name. Does not check the GPU or the
// price (validate(system) does): comm/ is usable with a system that only describes its fabric.
template <std::floating_point T>
void validate_fabric(const basic_system_spec<T>& s, const basic_fabric_efficiency<T>& e) {
  require_positive("system.scale_up_domain_gpus", s.scale_up_domain_gpus);
  require_positive("system.scale_up_bytes_per_s", s.scale_up_bytes_per_s);
  require_non_negative("system.scale_out_bytes_per_s", s.scale_out_bytes_per_s);
  require_non_negative("system.scale_up_latency_s", s.scale_up_latency_s);
  require_non_negative("system.scale_out_latency_s", s.scale_out_latency_s);
  require_fraction("fabric.scale_up_fraction", e.scale_up_fraction);
  require_fraction("fabric.scale_out_fraction", e.scale_out_fraction);
}
}  // namespace detail

// Places a group of `group_gpus` GPUs (field name used in messages: "group_gpus"). Throws if
// n < 1, a fabric field is invalid, or the group spans domains on a system without scale-out.
template <std::floating_point T>
[[nodiscard]] basic_group_placement<T> place_group(const basic_system_spec<T>& system,
                                                   const basic_fabric_efficiency<T>& eff, int group_gpus) {
  detail::require_positive("group_gpus", group_gpus);
  detail::validate_fabric(system, eff);
  auto p = detail::place_unchecked(system, eff, group_gpus);
  if (p.crosses_scale_out && !(system.scale_out_bytes_per_s > T(0)))
    detail::fail("system.scale_out_bytes_per_s", detail::show(double(system.scale_out_bytes_per_s)),
                 "a group of " + detail::show(group_gpus) + " GPUs spans " + detail::show(p.num_domains) +
                     " scale-up domains of " + detail::show(system.scale_up_domain_gpus) +
                     " GPUs and needs a scale-out network (> 0)");
  return p;
}

}  // namespace tokenomics
