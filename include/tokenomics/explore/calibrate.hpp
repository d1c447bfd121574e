#pragma once
// Calibration (design §8): fit a software stack's fixed costs (spec/software_stack.hpp, the only
// terms no kernel table times) to public serving measurements by least squares on the log error,
// and report predicted against measured for every measurement. Each measurement carries the stack
// of its framework and GPU (io/ sets it); the fit replaces that stack's fixed costs with one set
// shared by the records given, so callers fit one framework at a time.
//
//   auto set = tokenomics::load_measurements("data/reference/measurements/calibration.json");
//   tokenomics::calibration_result r = tokenomics::calibrate(set.records, tokenomics::fixed_costs{});
//   // r.fitted: the fitted fixed costs; r.points: measured vs predicted (ideal, initial, fitted)
//
// What a measurement predicts (predict(), one value per measured quantity, SI units):
//  - online_fixed_concurrency, aggregated: serving/estimate.hpp estimate() at the record's
//    concurrency: output tok/s/GPU, tok/s/user, TTFT.
//  - online_fixed_concurrency, disaggregated: estimate_disaggregated(); the measured output rate is
//    per *decode* GPU (InferenceMAX normalises it so), which the model gives as C·a / t_d / G_d from
//    the decode step alone; the real prefill pool is a fixed size, not the rate-balanced one the
//    model assumes, so the all-GPU rate is not compared.
//  - offline_max_throughput: the runtime picks the batch and does not report it (trtllm-bench), so
//    the prediction is the best output tok/s/GPU of estimate() over concurrencies 1, 2, 4, ... up
//    to the memory limit max_concurrency(model, system, plan, isl + osl), the limit included.
//  - offline_static_batch: `batch_size` requests prefilled together in one step, then osl decode
//    steps whose context grows from isl to isl + osl (4-point midpoint rule over the context);
//    output tok/s/GPU = batch·osl / (t_prefill + Σ t_decode) / GPUs (gptSessionBenchmark).
//  - batch1_prefill_latency: TTFT = the stack's per-request cost + prefill_step(isl) time (one
//    output token, no queue).
//
// The fit (calibrate()): residual r_i = ln(predicted_i / measured_i) (through the robust loss of
// calibration_options::robust_scale) over every fitted quantity of
// every usable record (speculative-decoding records and records flagged unusable are excluded, as
// are quantities marked not fitted, e.g. TTFT under queueing), minimised by Levenberg–Marquardt
// (Marquardt 1963, diagonal scaling; Nocedal & Wright, Numerical Optimization, §10.3) with a
// forward-difference Jacobian. Parameters are fitted in an unbounded variable u: fractions as
// times as s·e^u below a physical bound, shares through a logistic function
// (calibration_transform).
// Standard errors: σ² = Σr²/(m − n), cov(u) = σ²(JᵀJ)⁻¹, mapped through df/du (delta method).
#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "../core/error.hpp"
#include "../serving/estimate.hpp"
#include "../spec/software_stack.hpp"
#include "../spec/model.hpp"
#include "../spec/plan.hpp"
#include "../spec/system.hpp"
#include "../step/step.hpp"

namespace tokenomics {

// How a measurement was taken (calibration.json `scenario`).
enum class measurement_scenario {
  offline_max_throughput,    // runtime-chosen batch, no rate limit
  offline_static_batch,      // fixed batch, all requests start together
  online_fixed_concurrency,  // client keeps `concurrency` requests in flight
  batch1_prefill_latency,    // one request, one output token
};

// What was measured, in SI units.
enum class measured_quantity {
  output_tok_per_s_per_gpu,         // aggregated: over every GPU of the replica
  output_tok_per_s_per_decode_gpu,  // disaggregated: over the decode pool's GPUs only
  tok_per_s_per_user,               // median interactivity (≈ 1/TPOT)
  ttft_s,                           // time to first token
  tpot_s,                           // median time per output token after the first
};

[[nodiscard]] constexpr std::string_view name_of(measured_quantity q) noexcept {
  switch (q) {
    case measured_quantity::output_tok_per_s_per_gpu: return "output_tok_per_s_per_gpu";
    case measured_quantity::output_tok_per_s_per_decode_gpu: return "output_tok_per_s_per_decode_gpu";
    case measured_quantity::tok_per_s_per_user: return "tok_per_s_per_user";
    case measured_quantity::ttft_s: return "ttft_s";
    case measured_quantity::tpot_s: return "tpot_s";
  }
  return "?";
}
[[nodiscard]] constexpr std::string_view name_of(measurement_scenario s) noexcept {
  switch (s) {
    case measurement_scenario::offline_max_throughput: return "offline_max_throughput";
    case measurement_scenario::offline_static_batch: return "offline_static_batch";
    case measurement_scenario::online_fixed_concurrency: return "online_fixed_concurrency";
    case measurement_scenario::batch1_prefill_latency: return "batch1_prefill_latency";
  }
  return "?";
}

struct measured_value {
  measured_quantity quantity{};
  double value{};      // SI: tokens/s or s
  bool fitted{true};   // false: shown beside the prediction, left out of the fit
};

// One public measurement, mapped onto the library's descriptions (io/measurements.hpp builds
// these from calibration.json; tests build them by hand).
struct measurement {
  std::string id;
  std::string source_family;  // e.g. "trtllm-perf-overview", "inferencemax-run"
  std::string model_label;    // the source's names, for reports
  std::string gpu_label;
  std::string precision_label;
  std::string source;         // URL / repository + path + commit
  std::string date;
  model_spec model{};
  system_spec system{};
  software_stack stack{};                      // the framework's stack on this GPU
  serving_plan plan{};                         // aggregated plan, or the decode plan
  std::optional<serving_plan> prefill_plan{};  // disaggregated only
  double prefill_replicas{};                   // disaggregated: prefill replicas per decode replica (0: rate-balanced)
  measurement_scenario scenario{measurement_scenario::online_fixed_concurrency};
  int isl{};
  int osl{};
  int concurrency{};  // requests in flight per (decode) replica; 0 for offline/batch runs
  int batch_size{};   // offline_static_batch and batch1_prefill_latency
  bool speculative{false};   // MTP / speculative decoding in use: never fitted
  bool usable{true};         // false: shown, not fitted (reason in `note`)
  std::string note;
  std::vector<measured_value> metrics;
};

namespace detail {

inline double nan_value() noexcept { return std::numeric_limits<double>::quiet_NaN(); }

inline double quantity_of(const estimate_result& e, measured_quantity q) {
  switch (q) {
    case measured_quantity::output_tok_per_s_per_gpu: return e.output_tok_per_s_per_gpu;
    case measured_quantity::output_tok_per_s_per_decode_gpu:
      // Decode pool only: C·a / t_d / G_d (serving/disaggregated.hpp).
      return double(e.concurrency) * e.accepted_tokens_per_step / e.step.time_s / double(e.plan.gpus());
    case measured_quantity::tok_per_s_per_user: return e.tok_per_s_per_user;
    case measured_quantity::ttft_s: return e.ttft_s;
    case measured_quantity::tpot_s: return e.tpot_s;
  }
  return nan_value();
}

inline workload workload_of(const measurement& m, int concurrency) {
  return workload{.isl = m.isl, .osl = m.osl, .concurrency = concurrency};
}

// Offline max throughput: best output tok/s/GPU over C = 1, 2, 4, ... and the memory limit.
inline double best_offline_throughput(const measurement& m, const software_stack& eff) {
  const int limit = max_concurrency(m.model, m.system, m.plan, double(m.isl) + double(m.osl));
  if (limit < 1) return nan_value();
  double best = 0;
  bool any = false;
  for (long long c = 1;; c *= 2) {
    const int conc = static_cast<int>(std::min<long long>(c, limit));
    const auto e = estimate(m.model, m.system, m.plan, workload_of(m, conc), eff);
    if (e.fits) {
      best = std::max(best, e.output_tok_per_s_per_gpu);
      any = true;
    }
    if (conc >= limit) break;
  }
  return any ? best : nan_value();
}

// Static batch: one prefill step of the whole batch, then osl decode steps at growing context.
inline double static_batch_throughput(const measurement& m, const software_stack& eff) {
  const double b = m.batch_size, isl = m.isl, osl = m.osl;
  const auto pre = step(m.model, m.system, m.plan,
                        step_batch{.prefill_tokens = b * isl, .prefill_request_tokens = isl}, eff);
  if (!pre.fits) return nan_value();
  constexpr int nodes = 4;  // midpoint rule: contexts isl + (k + 1/2)·osl/4
  double decode_s = 0;
  for (int k = 0; k < nodes; ++k) {
    const double ctx = isl + (k + 0.5) * osl / nodes;
    const auto d = decode_step(m.model, m.system, m.plan, b, ctx, eff);
    if (!d.fits) return nan_value();
    decode_s += d.time_s * osl / nodes;
  }
  return b * osl / (pre.time_s + decode_s) / double(m.plan.gpus());
}

}  // namespace detail

// The model's value of each of m.metrics (same order) under stack `eff`; NaN where the plan
// does not fit in memory. Throws invalid_argument for invalid descriptions.
[[nodiscard]] inline std::vector<double> predict(const measurement& m, const software_stack& eff) {
  std::vector<double> out(m.metrics.size(), detail::nan_value());
  switch (m.scenario) {
    case measurement_scenario::offline_max_throughput: {
      const double best = detail::best_offline_throughput(m, eff);
      for (std::size_t i = 0; i < out.size(); ++i)
        if (m.metrics[i].quantity == measured_quantity::output_tok_per_s_per_gpu) out[i] = best;
      break;
    }
    case measurement_scenario::offline_static_batch: {
      const double tput = detail::static_batch_throughput(m, eff);
      for (std::size_t i = 0; i < out.size(); ++i)
        if (m.metrics[i].quantity == measured_quantity::output_tok_per_s_per_gpu) out[i] = tput;
      break;
    }
    case measurement_scenario::batch1_prefill_latency: {
      const auto p = prefill_step(m.model, m.system, m.plan, double(m.isl), 0.0, eff);
      for (std::size_t i = 0; i < out.size(); ++i)
        if (p.fits && m.metrics[i].quantity == measured_quantity::ttft_s) out[i] = eff.fixed.per_request_s + p.time_s;
      break;
    }
    case measurement_scenario::online_fixed_concurrency: {
      const auto w = detail::workload_of(m, m.concurrency);
      const auto e = m.prefill_plan ? estimate_disaggregated(m.model, m.system, *m.prefill_plan, m.plan, w, eff,
                                                             disaggregated_options{.prefill_replicas = m.prefill_replicas})
                                    : estimate(m.model, m.system, m.plan, w, eff);
      if (!e.fits) break;
      for (std::size_t i = 0; i < out.size(); ++i) out[i] = detail::quantity_of(e, m.metrics[i].quantity);
      break;
    }
  }
  return out;
}

// The fixed costs calibrate() can fit (spec/software_stack.hpp basic_fixed_costs).
enum class fixed_cost { per_layer_s, per_step_s, per_request_s, latency_exposure, burst_wait };

[[nodiscard]] constexpr std::string_view name_of(fixed_cost p) noexcept {
  switch (p) {
    case fixed_cost::per_layer_s: return "per_layer_s";
    case fixed_cost::per_step_s: return "per_step_s";
    case fixed_cost::per_request_s: return "per_request_s";
    case fixed_cost::latency_exposure: return "latency_exposure";
    case fixed_cost::burst_wait: return "burst_wait";
  }
  return "?";
}

[[nodiscard]] constexpr double& field_of(fixed_costs& c, fixed_cost p) noexcept {
  switch (p) {
    case fixed_cost::per_layer_s: return c.per_layer_s;
    case fixed_cost::per_step_s: return c.per_step_s;
    case fixed_cost::per_request_s: return c.per_request_s;
    case fixed_cost::latency_exposure: return c.latency_exposure;
    case fixed_cost::burst_wait: return c.burst_wait;
  }
  return c.per_step_s;  // unreachable
}
[[nodiscard]] constexpr double value_of(fixed_costs c, fixed_cost p) noexcept { return field_of(c, p); }

// A record's stack with the fixed costs under fit.
[[nodiscard]] inline software_stack with_costs(software_stack s, const fixed_costs& c) noexcept {
  s.fixed = c;
  return s;
}

struct calibration_options {
  // Every fixed cost by default: the kernel curves come from microbenchmarks (docs/kernels.md).
  std::vector<fixed_cost> parameters{fixed_cost::per_layer_s, fixed_cost::per_step_s, fixed_cost::per_request_s,
                                     fixed_cost::latency_exposure, fixed_cost::burst_wait};
  int max_iterations{60};
  double relative_tolerance{1e-10};  // stop when the cost falls by less than this fraction
  double finite_difference_step{1e-5};  // in the unbounded variable u
  bool fit_speculative{false};          // MTP records need an acceptance rate: left out by default
  // Robust loss: each ln error r enters as δ·asinh(r/δ), quadratic within ±δ and logarithmic
  // beyond, so a few runs far off any model (requests queued for memory, TTFT ×50) do not pull
  // the fit; 0 = plain least squares.
  double robust_scale{0.25};
};

struct calibration_point {
  std::string id;
  std::string source_family;
  measured_quantity quantity{};
  double measured{};
  double predicted_ideal{};    // software_stack::ideal()
  double predicted_initial{};  // each record's stack with the starting fixed costs
  double predicted_fitted{};
  bool fitted{};               // entered the least-squares fit
  std::string note;            // why not fitted, if not
};

struct parameter_estimate {
  fixed_cost parameter{};
  double initial{};
  double fitted{};
  double standard_error{};  // delta method; NaN if at a bound or the fit is singular in this direction
  bool at_bound{};          // driven to 0 or to its physical upper bound
};

struct calibration_result {
  fixed_costs initial{};
  fixed_costs fitted{};
  std::vector<parameter_estimate> parameters;
  std::vector<std::vector<double>> correlation;  // of the fitted parameters (in u) from (JᵀJ)⁻¹; NaN at a bound
  std::vector<calibration_point> points;  // every quantity of every record, in record order
  int num_residuals{};
  int iterations{};
  bool converged{};
  // Root mean square of ln(predicted/measured) over the fitted quantities.
  double rms_log_error_ideal{};
  double rms_log_error_initial{};
  double rms_log_error_fitted{};
};

namespace detail {

// Each parameter in an unbounded variable u: times as s·e^u (s = 10 µs per layer, 1 ms otherwise)
// below a physical bound, shares as bound·σ(u) with σ the logistic function.
struct calibration_transform {
  fixed_cost p{};
  [[nodiscard]] bool is_share() const noexcept {
    return p == fixed_cost::latency_exposure || p == fixed_cost::burst_wait;
  }
  [[nodiscard]] double scale() const noexcept { return p == fixed_cost::per_layer_s ? 10e-6 : 1e-3; }
  // Physical upper bounds: 100 µs of unitemised kernels per layer (about twenty elementwise
  // launches), 20 ms of host work per iteration, 1 s per request; the shares' own ranges.
  [[nodiscard]] double upper() const noexcept {
    switch (p) {
      case fixed_cost::per_layer_s: return 100e-6;
      case fixed_cost::per_step_s: return 20e-3;
      case fixed_cost::per_request_s: return 1.0;
      case fixed_cost::latency_exposure: return 1.0;
      case fixed_cost::burst_wait: return 0.5;
    }
    return 1.0;
  }
  [[nodiscard]] double max_u() const noexcept { return is_share() ? 30.0 : std::log(upper() / scale()); }
  [[nodiscard]] double to_value(double u) const noexcept {
    return is_share() ? upper() / (1.0 + std::exp(-u)) : scale() * std::exp(u);
  }
  [[nodiscard]] double derivative(double u) const noexcept {  // d value / d u
    if (!is_share()) return scale() * std::exp(u);
    const double f = 1.0 / (1.0 + std::exp(-u));
    return upper() * f * (1.0 - f);
  }
  [[nodiscard]] double to_u(double v) const {
    if (!(v >= 0.0 && v <= upper()))
      fail(std::string("fixed_costs.") + std::string(name_of(p)), show(v),
           "must be in [0, " + show(upper()) + "] to start a fit");
    if (!is_share()) return std::log(std::max(v, 1e-9 * scale()) / scale());
    const double f = std::clamp(v / upper(), 1e-6, 1.0 - 1e-6);  // the ends are the transform's limits
    return std::log(f / (1.0 - f));
  }
};

// u in [-30, max_u] keeps e^u finite and each parameter inside its bound.
inline double clamp_u(double u, const calibration_transform& t) noexcept { return std::clamp(u, -30.0, t.max_u()); }

}  // namespace detail

// Fits options.parameters of `start` to the usable, non-speculative records (see the header
// comment). Throws invalid_argument if no fitted quantity remains or a start value is out of range.
[[nodiscard]] inline calibration_result calibrate(std::span<const measurement> records, const fixed_costs& start = {},
                                                  const calibration_options& options = {}) {
  if (options.parameters.empty()) detail::fail("options.parameters", "[]", "name at least one parameter to fit");
  calibration_result result;
  result.initial = start;

  // Every point with its three predictions; fitted points collected as (record, metric) pairs.
  struct slot {
    std::size_t record, metric;
  };
  std::vector<slot> fit_slots;
  const software_stack ideal = software_stack::ideal();
  for (std::size_t r = 0; r < records.size(); ++r) {
    const auto& m = records[r];
    const auto p_ideal = predict(m, ideal);
    const auto p_start = predict(m, with_costs(m.stack, start));
    for (std::size_t k = 0; k < m.metrics.size(); ++k) {
      calibration_point pt{.id = m.id, .source_family = m.source_family, .quantity = m.metrics[k].quantity,
                           .measured = m.metrics[k].value, .predicted_ideal = p_ideal[k],
                           .predicted_initial = p_start[k], .predicted_fitted = detail::nan_value(),
                           .fitted = false, .note = {}};
      if (m.speculative && !options.fit_speculative) pt.note = "speculative decoding (MTP): not fitted";
      else if (!m.usable) pt.note = m.note.empty() ? "flagged unusable" : m.note;
      else if (!m.metrics[k].fitted) pt.note = "shown only (" + std::string(name_of(m.metrics[k].quantity)) + " not fitted here)";
      else if (!std::isfinite(p_start[k]) || !(p_start[k] > 0)) pt.note = "does not fit in memory";
      else if (!(m.metrics[k].value > 0)) pt.note = "measured value not positive";
      else {
        pt.fitted = true;
        fit_slots.push_back({r, k});
      }
      result.points.push_back(std::move(pt));
    }
  }
  result.num_residuals = static_cast<int>(fit_slots.size());
  const auto n = static_cast<Eigen::Index>(options.parameters.size());
  const auto mres = static_cast<Eigen::Index>(fit_slots.size());
  if (mres == 0) detail::fail("records", "0 fitted quantities", "nothing to calibrate against");

  std::vector<detail::calibration_transform> tf;
  for (auto p : options.parameters) tf.push_back({p});
  auto costs_at = [&](const Eigen::VectorXd& u) {
    fixed_costs e = start;
    for (Eigen::Index j = 0; j < n; ++j) field_of(e, tf[std::size_t(j)].p) = tf[std::size_t(j)].to_value(u(j));
    return e;
  };
  // Residuals: one predict() per record that has a fitted quantity.
  auto residuals = [&](const Eigen::VectorXd& u) {
    const fixed_costs e = costs_at(u);
    Eigen::VectorXd res(mres);
    std::size_t last_record = records.size();
    std::vector<double> pred;
    for (Eigen::Index i = 0; i < mres; ++i) {
      const auto s = fit_slots[std::size_t(i)];
      if (s.record != last_record) {
        pred = predict(records[s.record], with_costs(records[s.record].stack, e));
        last_record = s.record;
      }
      const double v = pred[s.metric];
      // A plan that stops fitting cannot happen (memory does not depend on the stack); guard anyway.
      const double r = (std::isfinite(v) && v > 0) ? std::log(v / records[s.record].metrics[s.metric].value) : 10.0;
      res(i) = options.robust_scale > 0 ? options.robust_scale * std::asinh(r / options.robust_scale) : r;
    }
    return res;
  };
  auto rms_of = [&](auto member) {
    double s = 0;
    for (const auto& pt : result.points)
      if (pt.fitted) s += std::pow(std::log(pt.*member / pt.measured), 2);
    return std::sqrt(s / double(mres));
  };

  Eigen::VectorXd u(n);
  for (Eigen::Index j = 0; j < n; ++j) u(j) = tf[std::size_t(j)].to_u(value_of(start, tf[std::size_t(j)].p));
  Eigen::VectorXd r = residuals(u);
  double cost = r.squaredNorm();
  double lambda = 1e-3;
  Eigen::MatrixXd J(mres, n);
  auto jacobian = [&](const Eigen::VectorXd& at, const Eigen::VectorXd& r_at) {
    for (Eigen::Index j = 0; j < n; ++j) {
      Eigen::VectorXd up = at;
      const double h = options.finite_difference_step * std::max(1.0, std::abs(at(j)));
      up(j) = at(j) + h;
      J.col(j) = (residuals(up) - r_at) / h;
    }
  };
  jacobian(u, r);
  for (result.iterations = 0; result.iterations < options.max_iterations; ++result.iterations) {
    const Eigen::MatrixXd JtJ = J.transpose() * J;
    const Eigen::VectorXd g = J.transpose() * r;
    bool improved = false;
    for (int tries = 0; tries < 30 && !improved; ++tries) {
      Eigen::MatrixXd A = JtJ;
      for (Eigen::Index j = 0; j < n; ++j) A(j, j) += lambda * std::max(JtJ(j, j), 1e-12);
      const Eigen::VectorXd delta = A.ldlt().solve(-g);
      Eigen::VectorXd trial = u + delta;
      for (Eigen::Index j = 0; j < n; ++j) trial(j) = detail::clamp_u(trial(j), tf[std::size_t(j)]);
      const Eigen::VectorXd r_trial = residuals(trial);
      const double c_trial = r_trial.squaredNorm();
      if (std::isfinite(c_trial) && c_trial < cost) {
        const double drop = (cost - c_trial) / std::max(cost, 1e-300);
        u = trial;
        r = r_trial;
        cost = c_trial;
        lambda = std::max(lambda / 3.0, 1e-12);
        improved = true;
        if (drop < options.relative_tolerance) result.converged = true;
      } else {
        lambda *= 4.0;
      }
    }
    if (!improved) {  // no descent direction left at any damping: a (local) minimum
      result.converged = true;
      break;
    }
    jacobian(u, r);
    if (result.converged) break;
  }

  result.fitted = costs_at(u);
  // Standard errors by the delta method (header comment), over the parameters not at a bound
  // (a cost driven to 0 or to its upper bound has no meaningful error and is reported as at_bound).
  std::vector<Eigen::Index> free;
  for (Eigen::Index j = 0; j < n; ++j) {
    const auto& t = tf[std::size_t(j)];
    const bool at_bound = u(j) <= -13.0 || u(j) >= (t.is_share() ? 13.0 : t.max_u() - 1e-6);
    if (!at_bound) free.push_back(j);
  }
  const auto nf = static_cast<Eigen::Index>(free.size());
  Eigen::MatrixXd Jf(mres, nf);
  for (Eigen::Index a = 0; a < nf; ++a) Jf.col(a) = J.col(free[std::size_t(a)]);
  const Eigen::MatrixXd JtJ = Jf.transpose() * Jf;
  const double dof = double(mres - nf);
  const double sigma2 = dof > 0 ? cost / dof : detail::nan_value();
  Eigen::FullPivLU<Eigen::MatrixXd> lu(JtJ);
  const bool invertible = nf > 0 && lu.isInvertible();
  const Eigen::MatrixXd inv = invertible ? Eigen::MatrixXd(lu.inverse()) : Eigen::MatrixXd();
  for (Eigen::Index j = 0; j < n; ++j) {
    const auto& t = tf[std::size_t(j)];
    const auto it = std::find(free.begin(), free.end(), j);
    double se = detail::nan_value();
    if (invertible && it != free.end()) {
      const auto a = it - free.begin();
      se = std::sqrt(std::max(inv(a, a) * sigma2, 0.0)) * t.derivative(u(j));
    }
    result.parameters.push_back({.parameter = t.p, .initial = value_of(start, t.p), .fitted = value_of(result.fitted, t.p),
                                 .standard_error = se, .at_bound = it == free.end()});
  }
  result.correlation.assign(std::size_t(n), std::vector<double>(std::size_t(n), detail::nan_value()));
  if (invertible)
    for (Eigen::Index a = 0; a < nf; ++a)
      for (Eigen::Index b = 0; b < nf; ++b)
        result.correlation[std::size_t(free[std::size_t(a)])][std::size_t(free[std::size_t(b)])] =
            inv(a, b) / std::sqrt(inv(a, a) * inv(b, b));
  // Fitted predictions for every point (shown-only ones too).
  std::size_t idx = 0;
  for (const auto& m : records) {
    const auto p = predict(m, with_costs(m.stack, result.fitted));
    for (std::size_t k = 0; k < m.metrics.size(); ++k) result.points[idx++].predicted_fitted = p[k];
  }
  result.rms_log_error_ideal = rms_of(&calibration_point::predicted_ideal);
  result.rms_log_error_initial = rms_of(&calibration_point::predicted_initial);
  result.rms_log_error_fitted = rms_of(&calibration_point::predicted_fitted);
  return result;
}

}  // namespace tokenomics
