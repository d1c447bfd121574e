#pragma once
// Umbrella header: every public header of tokenomics, layer by layer (design §2).
// Users who want less compile time include the headers of the layers they use.

// Core and descriptions.
#include "core/error.hpp"
#include "core/precision.hpp"
#include "core/units.hpp"
#include "spec/accelerator.hpp"
#include "spec/software_stack.hpp"
#include "spec/model.hpp"
#include "spec/plan.hpp"
#include "spec/system.hpp"
#include "spec/workload.hpp"

// Closed forms, MoE routing statistics, communication.
#include "closed_form/flops.hpp"
#include "closed_form/kv_cache.hpp"
#include "closed_form/memory.hpp"
#include "closed_form/parameters.hpp"
#include "comm/comm.hpp"
#include "moe/moe.hpp"

// Step oracles, serving, exploration, economics.
#include "economics/cost.hpp"
#include "explore/calibrate.hpp"
#include "explore/capacity.hpp"
#include "explore/compare.hpp"
#include "explore/frontier.hpp"
#include "explore/sweep.hpp"
#include "serving/serving.hpp"
#include "step/roofline.hpp"
#include "step/step.hpp"

// Presets and I/O.
#include "io/hf_config.hpp"
#include "io/measurements.hpp"
#include "io/svg_plot.hpp"
#include "io/table_writers.hpp"
#include "presets/gpus.hpp"
#include "presets/models.hpp"
#include "presets/registry.hpp"
#include "presets/routing.hpp"
#include "presets/stacks.hpp"
#include "presets/systems.hpp"
