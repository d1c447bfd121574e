#pragma once
// What is served: sequence lengths, load, service-level targets and expert-popularity skew.
#include <array>
#include <concepts>
#include <cstddef>
#include <initializer_list>
#include <memory>
#include <span>
#include <vector>

#include "../core/error.hpp"

namespace tokenomics {

// Expert popularity (theory §4.2). `parameter` is σ (lognormal), s (Zipf) or α (Dirichlet);
// `measured` uses `shares`: per-expert inclusion probabilities q_j summing to top_k.
enum class skew_kind { uniform, lognormal, zipf, dirichlet, measured };

// `share_cv` is the coefficient of variation of an expert's share in one step around its long-run
// share q_j (the batch's requests prefer their own experts, and popularity drifts between EPLB's
// statistics window and the step). 0 = tokens route independently with fixed shares, the i.i.d.
// model of theory §1-§4. It adds B² c² Σ q_s² to a rank's row variance (moe/ep_load.hpp).
// Measured shares, owned: an immutable vector behind a shared_ptr, so a routing_skew copied into
// every point of a parallel sweep costs a reference count and never dangles.
template <std::floating_point T>
class shared_shares {
 public:
  shared_shares() = default;
  shared_shares(std::span<const T> q) : q_(std::make_shared<const std::vector<T>>(q.begin(), q.end())) {}
  shared_shares(const std::vector<T>& q) : shared_shares(std::span<const T>(q)) {}
  shared_shares(std::initializer_list<T> q) : shared_shares(std::span<const T>(q.begin(), q.size())) {}
  template <std::size_t N>
  shared_shares(const std::array<T, N>& q) : shared_shares(std::span<const T>(q)) {}

  [[nodiscard]] std::span<const T> span() const noexcept { return q_ ? std::span<const T>(*q_) : std::span<const T>(); }
  operator std::span<const T>() const noexcept { return span(); }
  [[nodiscard]] const T* begin() const noexcept { return span().data(); }
  [[nodiscard]] const T* end() const noexcept { return span().data() + span().size(); }
  [[nodiscard]] std::size_t size() const noexcept { return span().size(); }
  [[nodiscard]] bool empty() const noexcept { return size() == 0; }

 private:
  std::shared_ptr<const std::vector<T>> q_;
};

template <std::floating_point T>
struct basic_routing_skew {
  skew_kind kind{skew_kind::uniform};
  T parameter{};
  shared_shares<T> shares{};  // only for skew_kind::measured
  T share_cv{};
};
using routing_skew = basic_routing_skew<double>;

// Bounds on what a workload or a skew may ask for. Each is far beyond practice and keeps the
// computation finite and fast: sums of lengths stay in int, skew weights stay normal doubles.
struct workload_limits {
  static constexpr int max_tokens = 1 << 24;       // isl, osl: 16.8M (longest context offered: 10M)
  static constexpr int max_concurrency = 1 << 17;  // requests per replica (131,072)
  static constexpr double max_lognormal_sigma = 20.0;  // exp(20 * 3.3): weights stay finite
  static constexpr double max_zipf_s = 20.0;             // j^-20 >= 1e-120 for j <= 10^6
  static constexpr double min_dirichlet_alpha = 1e-3;    // Beta quantiles not all zero
  static constexpr double max_dirichlet_alpha = 1e4;     // Boost's Beta quantile converges quickly
  static constexpr double max_share_cv = 10.0;
};

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
  using L = workload_limits;
  const auto in = [&](double lo, double hi) {
    if (!(double(s.parameter) >= lo && double(s.parameter) <= hi))
      fail("workload.skew.parameter", show(double(s.parameter)), "must be in [" + show(lo) + ", " + show(hi) + "]");
  };
  switch (s.kind) {
    case skew_kind::uniform: break;
    case skew_kind::lognormal: in(0.0, L::max_lognormal_sigma); break;
    case skew_kind::zipf: in(0.0, L::max_zipf_s); break;
    case skew_kind::dirichlet: in(L::min_dirichlet_alpha, L::max_dirichlet_alpha); break;
    case skew_kind::measured:
      if (s.shares.empty()) fail("workload.skew.shares", "[]", "must list one share per expert");
      for (const T q : s.shares) require_probability("workload.skew.shares[i]", q);
      break;
  }
  require_non_negative("workload.skew.share_cv", s.share_cv);
  if (s.share_cv > T(L::max_share_cv))
    fail("workload.skew.share_cv", show(double(s.share_cv)), "must be <= " + show(L::max_share_cv));
}

template <std::floating_point T>
void validate(const basic_workload<T>& w) {
  using namespace detail;
  require_positive("workload.isl", w.isl);
  require_positive("workload.osl", w.osl);
  require_positive("workload.concurrency", w.concurrency);
  using L = workload_limits;
  if (w.isl > L::max_tokens) fail("workload.isl", show(w.isl), "must be <= " + show(L::max_tokens));
  if (w.osl > L::max_tokens) fail("workload.osl", show(w.osl), "must be <= " + show(L::max_tokens));
  if (w.concurrency > L::max_concurrency)
    fail("workload.concurrency", show(w.concurrency), "must be <= " + show(L::max_concurrency));
  require_non_negative("workload.ttft_sla_s", w.ttft_sla_s);
  require_non_negative("workload.tpot_sla_s", w.tpot_sla_s);
  validate(w.skew);
}

}  // namespace tokenomics
