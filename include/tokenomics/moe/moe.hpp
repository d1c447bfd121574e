#pragma once
// Umbrella header for MoE routing statistics (theory Part I): distinct experts, maximum expert
// load, EP-rank statistics and the step-oracle contract, skew models, EPLB, capacity factor.
#include "capacity.hpp"
#include "distinct.hpp"
#include "eplb.hpp"
#include "ep_load.hpp"
#include "max_load.hpp"
#include "skew.hpp"
