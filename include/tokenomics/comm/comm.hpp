#pragma once
// Communication (theory Part III): collectives (α–β, NCCL conventions and constants), placement
// of groups on a system's scale-up domains and scale-out network, per-step volumes and times for
// TP / EP / PP / DP-attention / KV transfer, and overlap.
#include "collective_kind.hpp"
#include "collectives.hpp"
#include "nccl_constants.hpp"
#include "overlap.hpp"
#include "topology.hpp"
#include "volumes.hpp"
