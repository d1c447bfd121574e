#pragma once
// Fabric-only system descriptions shared by the comm tests (GPU, power and price left empty:
// comm/ reads only the fabric fields). Sources per field.
#include <tokenomics/core/units.hpp>
#include <tokenomics/spec/software_stack.hpp>
#include <tokenomics/spec/system.hpp>

namespace fabrics {
namespace u = tokenomics::units;

// 8×H100 HGX boxes: NVLink 4 450 GB/s per direction, ConnectX-7 400 Gb/s = 50 GB/s per GPU
// (theory §8.4); α = NCCL hwLat ring LL: NVLink 0.6 µs, network 2.7 µs (theory §8.3).
template <class T = double>
tokenomics::basic_system_spec<T> h100_boxes(int num_gpus = 256) {
  return {.num_gpus = num_gpus, .scale_up_domain_gpus = 8, .scale_up_bytes_per_s = T(450 * u::GB),
          .scale_out_bytes_per_s = T(50 * u::GB), .scale_up_latency_s = T(0.6 * u::us),
          .scale_out_latency_s = T(2.7 * u::us)};
}

// 8×H800 boxes as DeepEP measured them (theory §10.2): NVLink "~160 GB/s", CX7 "~50 GB/s".
template <class T = double>
tokenomics::basic_system_spec<T> h800_boxes(int num_gpus = 256) {
  return {.num_gpus = num_gpus, .scale_up_domain_gpus = 8, .scale_up_bytes_per_s = T(160 * u::GB),
          .scale_out_bytes_per_s = T(50 * u::GB), .scale_up_latency_s = T(0.6 * u::us),
          .scale_out_latency_s = T(2.7 * u::us)};
}

// GB200 NVL72: one 72-GPU NVLink 5 domain, 900 GB/s per direction (theory §8.4); ConnectX-8
// 800 Gb/s = 100 GB/s per GPU between racks.
template <class T = double>
tokenomics::basic_system_spec<T> nvl72(int num_gpus = 72) {
  return {.num_gpus = num_gpus, .scale_up_domain_gpus = 72, .scale_up_bytes_per_s = T(900 * u::GB),
          .scale_out_bytes_per_s = T(100 * u::GB), .scale_up_latency_s = T(0.6 * u::us),
          .scale_out_latency_s = T(2.7 * u::us)};
}

// A single 8-GPU box with no scale-out network.
template <class T = double>
tokenomics::basic_system_spec<T> lone_box() {
  auto s = h100_boxes<T>(8);
  s.scale_out_bytes_per_s = T(0);
  return s;
}

template <class T = double>
tokenomics::basic_fabric_efficiency<T> ideal() { return {}; }

}  // namespace fabrics
