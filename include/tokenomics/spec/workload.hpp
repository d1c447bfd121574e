#pragma once
// What is served: sequence lengths, load, service-level targets and expert-popularity skew.
#include <concepts>
#include <span>

#include "../core/error.hpp"

namespace tokenomics {

// Expert popularity (theory §4.2). `parameter` is σ (lognormal), s (Zipf) or α (Dirichlet);
// `measured` uses `shares`: per-expert inclusion probabilities q_j summing to top_k.
enum class skew_kind { uniform, lognormal, zipf, dirichlet, measured };

// `share_cv` is the coefficient of variation of an expert's share in one step around its long-run
// share q_j (the batch's requests prefer their own experts, and popularity drifts between EPLB's
// statistics window and the step). 0 = tokens route independently with fixed shares, the i.i.d.
// model of theory §1-§4. It adds B² c² Σ q_s² to a rank's row variance (moe/ep_load.hpp).
template <std::floating_point T>
struct basic_routing_skew {
  skew_kind kind{skew_kind::uniform};
  T parameter{};
  std::span<const T> shares{};  // non-owning; only for skew_kind::measured
  T share_cv{};
};
using routing_skew = basic_routing_skew<double>;

template <std::floating_point T>
struct basic_workload {
  int isl{};          // input (prompt) tokens per request
  int osl{};          // output tokens per request
  int concurrency{};  // requests in flight per replica
  T ttft_sla_s{};     // 0 = no target
  T tpot_sla_s{};     // 0 = no target
  basic_routing_skew<T> skew{};
};
using workload = basic_workload<double>;

template <std::floating_point T>
void validate(const basic_routing_skew<T>& s) {
  using namespace detail;
  switch (s.kind) {
    case skew_kind::uniform: break;
    case skew_kind::lognormal:
    case skew_kind::zipf: require_non_negative("workload.skew.parameter", s.parameter); break;
    case skew_kind::dirichlet: require_positive("workload.skew.parameter", s.parameter); break;
    case skew_kind::measured:
      if (s.shares.empty()) fail("workload.skew.shares", "[]", "must list one share per expert");
      for (const T q : s.shares) require_probability("workload.skew.shares[i]", q);
      break;
  }
  require_non_negative("workload.skew.share_cv", s.share_cv);
}

template <std::floating_point T>
void validate(const basic_workload<T>& w) {
  using namespace detail;
  require_positive("workload.isl", w.isl);
  require_positive("workload.osl", w.osl);
  require_positive("workload.concurrency", w.concurrency);
  require_non_negative("workload.ttft_sla_s", w.ttft_sla_s);
  require_non_negative("workload.tpot_sla_s", w.tpot_sla_s);
  validate(w.skew);
}

}  // namespace tokenomics
