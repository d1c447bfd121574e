#pragma once
// Serving layer (design §6): speculative decoding, aggregated and disaggregated serving, the
// estimate() entry points and the native-precision helper.
#include "aggregated.hpp"
#include "disaggregated.hpp"
#include "estimate.hpp"
#include "estimate_result.hpp"
#include "native_precisions.hpp"
#include "speculative.hpp"
