#pragma once
// Expert-routing workloads fitted to public measurements (theory §4.1-§4.2). Shares come from the
// skew model; share_cv is the step-to-step fluctuation of each expert's share (spec/workload.hpp).
#include "../spec/workload.hpp"

namespace tokenomics::presets {

// DeepSeek-R1 on a machine-translation dataset, EP32 on 32 GB200, 4096 tokens per step
// (TensorRT-LLM tech blog 4, "Scaling Expert Parallelism in TensorRT-LLM (Part 1)", Table 1):
//  * sigma = 1.0: theory §4.2's calibration (seed_fit.py) of a lognormal popularity to the no-EPLB
//    row (expert imbalance 10.95, rank imbalance 1.56);
//  * share_cv = 0.10: fitted to the EPLB row (288 slots): rank std 52.0 needs 0.103 (the i.i.d.
//    model, share_cv = 0, gives 30.9), rounded to two digits. The EP36 row (std 53.9, imbalance
//    0.115) is a prediction, checked in tests/moe/test_ep_load.cpp.
inline const routing_skew deepseek_r1_translation_routing{skew_kind::lognormal, 1.0, {}, 0.10};

}  // namespace tokenomics::presets
