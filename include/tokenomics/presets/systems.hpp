#pragma once
// System presets (design §3, §9): the usual box or rack for each GPU preset. Bandwidths are per
// GPU, per direction. Values equal data/reference/gpus.json where it has them (scale-up bandwidth
// and domain, scale-out NIC, rental price); where gpus.json is null the value is sourced outside
// it, said so in the comment, and listed in tests/presets/test_presets.cpp (`outside_reference`).
//
// num_gpus is one box (8) or one rack (72): scale it for larger deployments, e.g.
//   auto sys = tokenomics::presets::hgx_h100; sys.num_gpus = 64;   // eight boxes
#include "../core/units.hpp"
#include "../spec/system.hpp"
#include "gpus.hpp"

namespace tokenomics::presets {

// Per-step latencies: NCCL's own cost model constants (NVIDIA/nccl src/graph/tuning.cc,
// hwLat[link][algo][proto]; theory.md §8.3): NVLink LL 0.6 us (ring and tree), network ring LL
// 2.7 us. RCCL (AMD's NCCL fork) keeps the same tables and treats xGMI links as its NVLink-class
// link, so the AMD boxes use the same constants.
inline constexpr double nccl_nvlink_ll_latency_s = 0.6 * units::us;   // tuning.cc hwLat NVLINK, LL
inline constexpr double nccl_network_ll_latency_s = 2.7 * units::us;  // tuning.cc hwLat NET, ring LL

// All-in power of the AMD boxes is derived, not sourced: no system power figure was found, so it is
// the GPU TDP times the system-to-GPU power ratio of NVIDIA's 8-GPU x86 box of the same era,
// DGX B200: 14.3 kW max / (8 x 1000 W) = 1.7875 (docs.nvidia.com/dgx/dgxb200-user-guide,
// "Power Specifications": 14.3 kW max). It covers host CPUs, NICs, fans and PSU losses.
inline constexpr double amd_box_power_factor = 14300.0 / (8 * 1000.0);

// 8x A100-SXM4-80GB, NVLink 3 via NVSwitch (DGX A100 / HGX A100).
inline constexpr system_spec hgx_a100{
    .name = "8x A100-SXM4-80GB (HGX/DGX A100)",
    .gpu = a100_sxm,
    .num_gpus = 8,                                   // one box
    .scale_up_domain_gpus = 8,                       // gpus.json scale_up.domain_size
    .scale_up_bytes_per_s = 300 * units::GB,         // gpus.json: NVLink 3, 600 GB/s bidirectional / 2
    // Outside gpus.json (null): DGX A100 has eight single-port Mellanox ConnectX-6 cards at 200 Gb/s,
    // one per GPU (geektopia.es DGX A100 launch spec: "ocho tarjetas de red de Mellanox ... 200 Gb/s";
    // gpus.json note: "ConnectX-6 200 Gb/s per GPU is the usual configuration").
    .scale_out_bytes_per_s = 200 * units::Gbit_per_s,
    .scale_up_latency_s = nccl_nvlink_ll_latency_s,
    .scale_out_latency_s = nccl_network_ll_latency_s,
    // DGX A100 maximum system power 6.5 kW (DGX A100 User Guide DU-09821-001 "Power Specifications",
    // as reported by pcnews.ru: "максимальное энергопотребление достигает 6500 Вт") / 8 GPUs.
    .all_in_power_w = 6500.0 / 8,
    .price_usd_per_gpu_hour = 0,                     // no A100 price in gpus.json: set your own
};

// 8x H100-SXM5-80GB, NVLink 4 via NVSwitch (DGX H100 / HGX H100).
inline constexpr system_spec hgx_h100{
    .name = "8x H100-SXM5-80GB (HGX/DGX H100)",
    .gpu = h100_sxm,
    .num_gpus = 8,
    .scale_up_domain_gpus = 8,                       // gpus.json scale_up.domain_size
    .scale_up_bytes_per_s = 450 * units::GB,         // gpus.json: NVLink 4, 900 GB/s bidirectional / 2
    .scale_out_bytes_per_s = 400 * units::Gbit_per_s,  // gpus.json: ConnectX-7 400 Gb/s per GPU
    .scale_up_latency_s = nccl_nvlink_ll_latency_s,
    .scale_out_latency_s = nccl_network_ll_latency_s,
    // DGX H100/H200 User Guide "Power Specifications": maximum input 10.2 kW (six 3.3 kW PSUs),
    // as quoted by unanswered.io/guide/nvidia-dgx-power-consumption-watts and supercluster.blog / 8.
    .all_in_power_w = 10200.0 / 8,
    // gpus.json rental_prices_usd: Hyperstack via gpu.blog, $1.90/GPU-h. LOW CONFIDENCE (aggregator,
    // on-demand, date not stated; the same page lists $2.94 'Enterprise Choice').
    .price_usd_per_gpu_hour = 1.90,
};

// 8x H200-SXM-141GB (DGX H200 / HGX H200): the H100 chassis with H200 GPUs.
inline constexpr system_spec hgx_h200{
    .name = "8x H200-SXM-141GB (HGX/DGX H200)",
    .gpu = h200_sxm,
    .num_gpus = 8,
    .scale_up_domain_gpus = 8,                       // gpus.json scale_up.domain_size
    .scale_up_bytes_per_s = 450 * units::GB,         // gpus.json: NVLink 4, 900 GB/s bidirectional / 2
    .scale_out_bytes_per_s = 400 * units::Gbit_per_s,  // gpus.json: ConnectX-7 400 Gb/s per GPU (DGX H200)
    .scale_up_latency_s = nccl_nvlink_ll_latency_s,
    .scale_out_latency_s = nccl_network_ll_latency_s,
    .all_in_power_w = 10200.0 / 8,                   // DGX H100/H200 User Guide: 10.2 kW max (as above) / 8
    // gpus.json rental_prices_usd: CoreWeave $50.44 per 8-GPU instance-hour = $6.305/GPU-h (Signal65,
    // "From Dense to Mixture of Experts", Dec 2025).
    .price_usd_per_gpu_hour = 6.305,
};

// 8x B200 at 1000 W (DGX B200 / HGX B200), NVLink 5 via NVSwitch.
inline constexpr system_spec hgx_b200{
    .name = "8x B200 (HGX/DGX B200)",
    .gpu = b200,
    .num_gpus = 8,
    .scale_up_domain_gpus = 8,                       // gpus.json scale_up.domain_size
    .scale_up_bytes_per_s = 900 * units::GB,         // gpus.json: NVLink 5, 1.8 TB/s bidirectional / 2
    .scale_out_bytes_per_s = 400 * units::Gbit_per_s,  // gpus.json: 8x single-port ConnectX-7 400 Gb/s
    .scale_up_latency_s = nccl_nvlink_ll_latency_s,
    .scale_out_latency_s = nccl_network_ll_latency_s,
    // docs.nvidia.com/dgx/dgxb200-user-guide/introduction-to-dgxb200.html, "Power Specifications":
    // 14.3 kW max (six 3.3 kW PSUs, 5+1 redundancy) / 8 GPUs.
    .all_in_power_w = 14300.0 / 8,
    .price_usd_per_gpu_hour = 0,                     // no B200 price in gpus.json: set your own
};

// 8x B300 (DGX B300 / HGX B300, marketed "NVL16" counting dies; NVLink domain is 8 packages).
inline constexpr system_spec hgx_b300{
    .name = "8x B300 (HGX/DGX B300)",
    .gpu = b300,
    .num_gpus = 8,
    .scale_up_domain_gpus = 8,                       // gpus.json scale_up.domain_size
    .scale_up_bytes_per_s = 900 * units::GB,         // gpus.json: NVLink 5, 1.8 TB/s bidirectional / 2
    .scale_out_bytes_per_s = 800 * units::Gbit_per_s,  // gpus.json: ConnectX-8 SuperNIC 800 Gb/s per GPU
    .scale_up_latency_s = nccl_nvlink_ll_latency_s,
    .scale_out_latency_s = nccl_network_ll_latency_s,
    // DGX B300 system power 14.5 kW (NVIDIA DGX B300 docs as quoted by thedailyscout.com, "DGX B300 -
    // the newer Blackwell Ultra system with eight B300 GPUs - is listed at 14.5 kW") / 8 GPUs.
    .all_in_power_w = 14500.0 / 8,
    .price_usd_per_gpu_hour = 0,                     // no B300 price in gpus.json: set your own
};

// GB200 NVL72 rack: 18 compute trays x (2 Grace + 4 Blackwell), one 72-GPU NVLink domain.
inline constexpr system_spec gb200_nvl72{
    .name = "GB200 NVL72 (72x GB200)",
    .gpu = gb200,
    .num_gpus = 72,                                  // one rack
    .scale_up_domain_gpus = 72,                      // gpus.json scale_up.domain_size (NVL72)
    .scale_up_bytes_per_s = 900 * units::GB,         // gpus.json: NVLink 5, 1.8 TB/s bidirectional / 2
    // Outside gpus.json (null): one ConnectX-7-class NIC per GPU at 400 Gb/s. MLPerf Inference v6.1
    // Crusoe system GB200-NVL72_GB200-186GB_aarch64x16_Dynamo.json: "for each 4-GPU node: 4x Mellanox
    // MT43244 BlueField-3 [ConnectX-7 Lx]"; ConnectX-7 InfiniBand runs up to 400 Gb/s (DGX B200 user
    // guide, cluster cards). Builds with ConnectX-8 (800 Gb/s) exist: raise it for those.
    .scale_out_bytes_per_s = 400 * units::Gbit_per_s,
    .scale_up_latency_s = nccl_nvlink_ll_latency_s,
    .scale_out_latency_s = nccl_network_ll_latency_s,
    // Rack power 120 kW (ServeTheHome at GTC 2024 via nybreaking.com: "DGX GB200 NVL72 ... consumes
    // 120 kW"; consistent with NVIDIA DPS device spec DGX_GB200 compute tray maxLoadWatts 6667 x 18
    // trays = 120 kW) / 72 GPUs.
    .all_in_power_w = 120000.0 / 72,
    // gpus.json rental_prices_usd: CoreWeave $42.00 per 4-GPU instance-hour = $10.50/GPU-h (Signal65,
    // Dec 2025). The same article lists OCI at $16.00/GPU-h.
    .price_usd_per_gpu_hour = 10.50,
};

// GB300 NVL72 rack: 18 compute trays x (2 Grace + 4 Blackwell Ultra), one 72-GPU NVLink domain.
inline constexpr system_spec gb300_nvl72{
    .name = "GB300 NVL72 (72x GB300)",
    .gpu = gb300,
    .num_gpus = 72,                                  // one rack
    .scale_up_domain_gpus = 72,                      // gpus.json scale_up.domain_size (NVL72)
    .scale_up_bytes_per_s = 900 * units::GB,         // gpus.json: NVLink 5, 1.8 TB/s bidirectional / 2
    .scale_out_bytes_per_s = 800 * units::Gbit_per_s,  // gpus.json: 72x ConnectX-8 800 Gb/s per rack
    .scale_up_latency_s = nccl_nvlink_ll_latency_s,
    .scale_out_latency_s = nccl_network_ll_latency_s,
    // Rack power 132 kW: the low end of "Supermicro's range 132 to 140 kW" (ai-infrastructure.net/
    // datacentre-physical, which also cites ~120 kW and Microsoft ~136 kW) and the 132 kW total DC
    // output of the rack's eight power shelves (introl.com GB300 NVL72 article) / 72 GPUs.
    .all_in_power_w = 132000.0 / 72,
    .price_usd_per_gpu_hour = 0,                     // no GB300 price in gpus.json: set your own
};

// 8x MI300X on an AMD Instinct platform (UBB), fully connected Infinity Fabric (no switch).
// NOTE: each peer pair has ONE 64 GB/s-per-direction link; 448 GB/s is reachable only when a GPU
// talks to all 7 peers at once (gpus.json scale_up note).
inline constexpr system_spec mi300x_x8{
    .name = "8x MI300X (AMD Instinct MI300X platform)",
    .gpu = mi300x,
    .num_gpus = 8,
    .scale_up_domain_gpus = 8,                       // gpus.json scale_up.domain_size
    .scale_up_bytes_per_s = 448 * units::GB,         // gpus.json: 7 links x 64 GB/s per direction
    // Outside gpus.json (null): Azure ND MI300X v5 (8x MI300X) "Infiniband: Supported, GPUDirect RDMA,
    // 8x400 Gigabit NDR" (MicrosoftDocs/azure-docs articles/virtual-machines/sizes/gpu-accelerated/
    // nd-mi300x-v5-series.md): one 400 Gb/s NIC per GPU.
    .scale_out_bytes_per_s = 400 * units::Gbit_per_s,
    .scale_up_latency_s = nccl_nvlink_ll_latency_s,  // RCCL: xGMI uses the NVLink-class constant
    .scale_out_latency_s = nccl_network_ll_latency_s,
    .all_in_power_w = 750 * amd_box_power_factor,    // DERIVED: TDP 750 W x 1.7875 (see above)
    // gpus.json rental_prices_usd: TensorWave via gpu.blog $1.71/GPU-h, LOW CONFIDENCE (aggregator,
    // date not stated; Vultr is listed at $1.85 on the same page).
    .price_usd_per_gpu_hour = 1.71,
};

// 8x MI325X on an AMD Instinct MI325X platform (UBB 2.0, drop-in for the MI300X platform).
inline constexpr system_spec mi325x_x8{
    .name = "8x MI325X (AMD Instinct MI325X platform)",
    .gpu = mi325x,
    .num_gpus = 8,
    .scale_up_domain_gpus = 8,                       // gpus.json scale_up.domain_size
    // Outside gpus.json (null): the MI325X platform has "Seven Infinity Fabric links ensuring full
    // connectivity between eight GPUs" and is "a drop-in replacement for the Instinct MI300X Platform"
    // (wiaix.com AMD MI325X page); the 64 GB/s-per-direction link rate of MI300X (wheelersnetwork.com:
    // 128 GB/s bidirectional per link) is ASSUMED unchanged: 7 x 64 GB/s.
    .scale_up_bytes_per_s = 448 * units::GB,
    // Outside gpus.json (null), ASSUMED: no MI325X server NIC figure was found; because the platform
    // is a drop-in for MI300X, the MI300X server's one 400 Gb/s NIC per GPU (Azure ND MI300X v5) is used.
    .scale_out_bytes_per_s = 400 * units::Gbit_per_s,
    .scale_up_latency_s = nccl_nvlink_ll_latency_s,
    .scale_out_latency_s = nccl_network_ll_latency_s,
    .all_in_power_w = 1000 * amd_box_power_factor,   // DERIVED: TDP 1000 W x 1.7875 (see above)
    .price_usd_per_gpu_hour = 0,                     // no MI325X price in gpus.json: set your own
};

// 8x MI355X (liquid cooled, 1400 W) on an AMD Instinct MI350-series platform.
inline constexpr system_spec mi355x_x8{
    .name = "8x MI355X (AMD Instinct MI355X platform)",
    .gpu = mi355x,
    .num_gpus = 8,
    .scale_up_domain_gpus = 8,                       // gpus.json scale_up.domain_size ("world size ... eight")
    // Outside gpus.json (null): MI350-series Infinity Fabric "up to 1075GB/s" (AMD at Hot Chips 2025,
    // as reported by infosunrise.com; humeconsulting.co: ~153 GB/s bidirectional per link, 7 links =
    // 1075.2 GB/s). Per direction: 1075.2 / 2 = 537.6 GB/s (aggregate over the 7 peers, as for MI300X).
    .scale_up_bytes_per_s = 537.6 * units::GB,
    // Outside gpus.json (null): MI350-series platforms pair each GPU with one AMD Pensando Pollara 400
    // AI NIC, 400 Gb/s (amd.com Pensando page: "up to 400 Gigabit per second"; MI350X node: "8x 400G
    // per node", "NIC:GPU ratio 1:1", multiplanar.agentic24x7.net MI350X fabric page).
    .scale_out_bytes_per_s = 400 * units::Gbit_per_s,
    .scale_up_latency_s = nccl_nvlink_ll_latency_s,
    .scale_out_latency_s = nccl_network_ll_latency_s,
    .all_in_power_w = 1400 * amd_box_power_factor,   // DERIVED: TDP 1400 W x 1.7875 (see above)
    // gpus.json rental_prices_usd: Oracle Cloud Infrastructure $8.60/GPU-h (Signal65, Dec 2025).
    .price_usd_per_gpu_hour = 8.60,
};

// Compile-time guards against careless edits.
static_assert(hgx_h100.scale_up_bytes_per_s == 450e9 && hgx_h100.scale_out_bytes_per_s == 50e9);
static_assert(gb200_nvl72.scale_up_domain_gpus == 72 && gb200_nvl72.num_gpus == 72);
static_assert(hgx_b200.all_in_power_w == 1787.5 && hgx_h200.price_usd_per_gpu_hour == 6.305);

}  // namespace tokenomics::presets
