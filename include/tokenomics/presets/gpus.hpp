#pragma once
// Accelerator presets (design §3, style.md §6). Every number equals data/reference/gpus.json
// (tests/presets/test_presets.cpp compares them field by field); the comment beside each field
// names the source that gpus.json cites for it. Conventions of gpus.json: decimal bytes as the
// vendor prints them, dense tensor-core FLOP/s only (no 2:4 sparsity), `null` = not found or not
// supported. A null FP8/FP4 rate is stored as 0, which accelerator.hpp reads as "no tensor cores
// of that width" (peak_flops_per_s falls back to the next wider width).
#include "../core/units.hpp"
#include "../spec/accelerator.hpp"

namespace tokenomics::presets {

// NVIDIA A100-SXM4-80GB. glennklockwood.com/garden/processors/A100 (cites the NVIDIA A100
// datasheet nvidia-a100-datasheet-us-nvidia-1758950-r4-web.pdf); thundercompute A100 spec guide.
inline constexpr accelerator_spec a100_sxm{
    .name = "NVIDIA A100-SXM4-80GB",
    .architecture = gpu_architecture::ampere,  // gpus.json architecture
    .hbm_bytes = 80 * units::GB,                       // datasheet: 80 GB HBM2e
    .hbm_bytes_per_s = 2039 * units::GB,               // datasheet: 2,039 GB/s (SXM 80GB)
    .dense_bf16_flops_per_s = 312 * units::TFLOPS,     // datasheet: BF16 312 (624 with sparsity)
    .dense_fp8_flops_per_s = 0,                        // gpus.json null: Ampere has no FP8 tensor cores
    .dense_fp4_flops_per_s = 0,                        // gpus.json null: no FP4 tensor cores
    .tdp_w = 400,                                      // datasheet: 400 W (SXM)
};

// NVIDIA H100-SXM5-80GB. glennklockwood.com/garden/processors/h100; NVIDIA H100 datasheet table as
// reproduced at archive-lib.hpctech.co.jp ("* Shown with sparsity ... 1/2 lower without").
inline constexpr accelerator_spec h100_sxm{
    .name = "NVIDIA H100-SXM5-80GB",
    .architecture = gpu_architecture::hopper,  // gpus.json architecture
    .hbm_bytes = 80 * units::GB,                       // datasheet: 80 GB HBM3
    .hbm_bytes_per_s = 3.35 * units::TB,               // datasheet: 3.35 TB/s (SXM5)
    .dense_bf16_flops_per_s = 989.4 * units::TFLOPS,   // datasheet BF16 1,979* sparse / 2 (132 SM x 4 TC x 1024 x 1.83 GHz)
    .dense_fp8_flops_per_s = 1978.9 * units::TFLOPS,   // datasheet FP8 3,958* sparse / 2
    .dense_fp4_flops_per_s = 0,                        // gpus.json null: Hopper has no FP4 tensor cores
    .tdp_w = 700,                                      // datasheet: up to 700 W
};

// NVIDIA H200-SXM-141GB. nvidia.com/en-us/data-center/h200 (via ml-engineering note 16); MLPerf
// Inference v4.1 NVIDIA system H200-SXM-141GBx8_TRT_MaxQ.json. Same GH100 compute as H100 SXM.
inline constexpr accelerator_spec h200_sxm{
    .name = "NVIDIA H200-SXM-141GB",
    .architecture = gpu_architecture::hopper,  // gpus.json architecture
    .hbm_bytes = 141 * units::GB,                      // MLPerf: accelerator_memory_capacity 141 GB
    .hbm_bytes_per_s = 4.8 * units::TB,                // NVIDIA H200 page: 4.8 TB/s HBM3e
    .dense_bf16_flops_per_s = 989.4 * units::TFLOPS,   // same GH100 tensor cores as H100 SXM
    .dense_fp8_flops_per_s = 1978.9 * units::TFLOPS,   // same as H100 SXM
    .dense_fp4_flops_per_s = 0,                        // gpus.json null: no FP4 tensor cores
    .tdp_w = 700,                                      // MLPerf hw_notes: "H200 TGP 700W"
};

// NVIDIA B200 as in HGX/DGX B200 (1000 W). glennklockwood.com/garden/processors/B200 (HGX table);
// NVIDIA DGX B200 page via AIPS-Boom wiki (1,440 GB, 64 TB/s, 72 PFLOPS dense FP4 per 8 GPUs).
inline constexpr accelerator_spec b200{
    .name = "NVIDIA B200 (HGX/DGX B200, 1000 W)",
    .architecture = gpu_architecture::blackwell,  // gpus.json architecture
    .hbm_bytes = 180 * units::GB,                      // DGX B200: 1,440 GB / 8 GPUs
    .hbm_bytes_per_s = 8 * units::TB,                  // DGX B200: 64 TB/s / 8 GPUs
    .dense_bf16_flops_per_s = 2250 * units::TFLOPS,    // HGX B200 at 1000 W: BF16 2250 dense (4500 sparse)
    .dense_fp8_flops_per_s = 4500 * units::TFLOPS,     // HGX B200: FP8 4500 dense
    .dense_fp4_flops_per_s = 9000 * units::TFLOPS,     // DGX B200: FP4 72 PFLOPS dense / 8 (one table says 10 PF; 9 used)
    .tdp_w = 1000,                                     // HGX/DGX B200: 1,000 W per GPU
};

// NVIDIA B300 (Blackwell Ultra) as in HGX/DGX B300. gpus.json marks this entry UNCERTAIN.
// ml-engineering 'TFLOPS comparison table'; fibermall HGX B300 table; acecloud HGX B300.
inline constexpr accelerator_spec b300{
    .name = "NVIDIA B300 (HGX/DGX B300, Blackwell Ultra)",
    .architecture = gpu_architecture::blackwell_ultra,  // gpus.json architecture
    .hbm_bytes = 288 * units::GB,                      // NVIDIA/ml-engineering/acecloud: 288 GB HBM3e
    .hbm_bytes_per_s = 8 * units::TB,                  // acecloud HGX B300: up to 8 TB/s
    .dense_bf16_flops_per_s = 2250 * units::TFLOPS,    // HGX B300 table: BF16 36 PFLOPS* sparse / 8 / 2
    .dense_fp8_flops_per_s = 4500 * units::TFLOPS,     // HGX B300 table: FP8 72 PFLOPS* sparse / 8 / 2
    // gpus.json null: sources conflict (12.6 / 13.1 / 14 / 15 PFLOPS dense FP4), so none is used.
    // 0 makes peak_flops_per_s() fall back to the FP8 rate for FP4 GEMMs (a lower bound); set it
    // yourself if you trust one of the figures.
    .dense_fp4_flops_per_s = 0,
    .tdp_w = 0,  // gpus.json null: 1.1 kW (Verda) vs 1.4 kW (others) conflict; 0 = unknown
};

// NVIDIA GB200: one Blackwell GPU of a GB200 NVL72 rack (1200 W part). glennklockwood B200 page
// (GB200 variant table); nvidia.com/en-us/data-center/gb200-nvl72 (rack dense / 72).
inline constexpr accelerator_spec gb200{
    .name = "NVIDIA GB200 (per Blackwell GPU in GB200 NVL72)",
    .architecture = gpu_architecture::blackwell,  // gpus.json architecture
    .hbm_bytes = 186 * units::GB,                      // NVIDIA MIG table / MLPerf 'GB200-186GB' systems
    .hbm_bytes_per_s = 8 * units::TB,                  // GB200 NVL72 page: 576 TB/s / 72
    .dense_bf16_flops_per_s = 2500 * units::TFLOPS,    // GB200 variant at 1,200 W: BF16 2500 dense
    .dense_fp8_flops_per_s = 5000 * units::TFLOPS,     // GB200 variant: FP8 5000 dense
    .dense_fp4_flops_per_s = 10000 * units::TFLOPS,    // rack 720 PFLOPS dense FP4 / 72
    .tdp_w = 1200,                                     // GB200 GPUs run at up to 1,200 W
};

// NVIDIA GB300: one Blackwell Ultra GPU of a GB300 NVL72 rack. verda.com/blog/gb300-nvl72-architecture
// (per-GPU dense table); ml-engineering; nvidia.com/en-us/data-center/gb300-nvl72.
inline constexpr accelerator_spec gb300{
    .name = "NVIDIA GB300 (per Blackwell Ultra GPU in GB300 NVL72)",
    .architecture = gpu_architecture::blackwell_ultra,  // gpus.json architecture
    .hbm_bytes = 279 * units::GB,                      // Verda: 279 GB usable (288 GB marketed); uncertain
    .hbm_bytes_per_s = 8 * units::TB,                  // Verda / NVIDIA: 8 TB/s
    .dense_bf16_flops_per_s = 2500 * units::TFLOPS,    // Verda: FP16/BF16 2.5 PFLOPS dense
    .dense_fp8_flops_per_s = 5000 * units::TFLOPS,     // Verda: FP8 5 PFLOPS dense
    .dense_fp4_flops_per_s = 15000 * units::TFLOPS,    // Verda and ml-engineering agree: 15 PFLOPS dense (1,080 / 72)
    .tdp_w = 1400,                                     // Verda: max TDP 1.4 kW
};

// AMD Instinct MI300X. ROCm docs "AMD Instinct MI300 series microarchitecture" peak table
// (dense); MLPerf Inference v4.1 AMD system 8xMI300X_2xEPYC-9374F.json.
inline constexpr accelerator_spec mi300x{
    .name = "AMD Instinct MI300X",
    .architecture = gpu_architecture::cdna3,  // gpus.json architecture
    .hbm_bytes = 192 * units::GB,                      // MLPerf: accelerator_memory_capacity 192 GB
    .hbm_bytes_per_s = 5.3 * units::TB,                // ROCm: "peak memory bandwidth ... 5.3 TB per second"
    .dense_bf16_flops_per_s = 1307.4 * units::TFLOPS,  // ROCm peak table: Matrix BF16 1307.4
    .dense_fp8_flops_per_s = 2614.9 * units::TFLOPS,   // ROCm peak table: Matrix FP8 2614.9
    .dense_fp4_flops_per_s = 0,                        // gpus.json null: CDNA 3 has no FP4/FP6
    .tdp_w = 750,                                      // MLPerf: "MI300X-NPS1-SPX-192GB-750W"
};

// AMD Instinct MI325X: MI300X compute with 256 GB HBM3E (ml-engineering note 18: "same compute as
// MI300X, but has more memory and more power"); docs.vultr.com MI325X page (AMD product page).
inline constexpr accelerator_spec mi325x{
    .name = "AMD Instinct MI325X",
    .architecture = gpu_architecture::cdna3,  // gpus.json architecture
    .hbm_bytes = 256 * units::GB,                      // Vultr (AMD page): 256 GB HBM3E
    .hbm_bytes_per_s = 6 * units::TB,                  // Vultr (AMD page): 6.0 TB/s
    .dense_bf16_flops_per_s = 1307.4 * units::TFLOPS,  // same CDNA 3 compute as MI300X (ROCm table)
    .dense_fp8_flops_per_s = 2614.9 * units::TFLOPS,   // same as MI300X
    .dense_fp4_flops_per_s = 0,                        // gpus.json null: CDNA 3 has no FP4
    .tdp_w = 1000,                                     // ml-engineering MAMF table note '1000W'
};

// AMD Instinct MI355X (1400 W, liquid cooled). amd.com MI355X page via ml-engineering note 22
// (dense values; AMD's "with structured sparsity" figures are exactly 2x); tomshardware MI355X.
inline constexpr accelerator_spec mi355x{
    .name = "AMD Instinct MI355X",
    .architecture = gpu_architecture::cdna4,  // gpus.json architecture
    .hbm_bytes = 288 * units::GB,                      // tomshardware: 288GB HBM3E
    .hbm_bytes_per_s = 8 * units::TB,                  // tomshardware: up to 8 TB/s
    .dense_bf16_flops_per_s = 2500 * units::TFLOPS,    // AMD page: FP16/BF16 2.5 PFLOPS dense
    .dense_fp8_flops_per_s = 5000 * units::TFLOPS,     // AMD page: FP8 5.0 PFLOPS dense
    .dense_fp4_flops_per_s = 10100 * units::TFLOPS,    // AMD page: MXFP4 10.1 PFLOPS dense
    .tdp_w = 1400,                                     // tomshardware / Hot Chips 2025: 1,400 W TBP
};

// Compile-time guards against careless edits (values from gpus.json).
static_assert(h100_sxm.hbm_bytes == 80e9 && h100_sxm.hbm_bytes_per_s == 3.35e12);
static_assert(gb200.dense_fp4_flops_per_s == 1e16 && mi300x.dense_bf16_flops_per_s == 1307.4e12);
static_assert(a100_sxm.dense_fp8_flops_per_s == 0 && h200_sxm.dense_fp4_flops_per_s == 0);

}  // namespace tokenomics::presets
