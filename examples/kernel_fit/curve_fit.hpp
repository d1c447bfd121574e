#pragma once
// Fitting one curve to its samples: minimise Σ (ln t_model − ln t_measured)² over bounded
// parameters with Nelder–Mead. Each parameter p ∈ [lo, hi] (lo > 0) is searched as an unbounded
// z with ln p = ln lo + (ln hi − ln lo)·σ(z), so the simplex moves in log-parameter space and
// never leaves the bounds. Derivative-free, because the law's max() has a kink.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <functional>
#include <span>
#include <vector>

#include "kernel_families.hpp"

namespace kernel_fit {

struct bounds {
  double lo, hi;
};

namespace detail {
inline double from_z(double z, bounds b) {
  return std::exp(std::log(b.lo) + (std::log(b.hi) - std::log(b.lo)) / (1 + std::exp(-z)));
}
inline double to_z(double p, bounds b) {
  const double u = (std::log(p) - std::log(b.lo)) / (std::log(b.hi) - std::log(b.lo));
  const double clamped = std::clamp(u, 1e-6, 1 - 1e-6);
  return std::log(clamped / (1 - clamped));
}

// Standard Nelder–Mead (reflect 1, expand 2, contract ½, shrink ½) on f(z).
inline std::vector<double> nelder_mead(const std::function<double(const std::vector<double>&)>& f,
                                       std::vector<double> start, int max_evaluations) {
  const std::size_t n = start.size();
  std::vector<std::vector<double>> x(n + 1, start);
  for (std::size_t i = 0; i < n; ++i) x[i + 1][i] += 1.0;
  std::vector<double> fx(n + 1);
  for (std::size_t i = 0; i <= n; ++i) fx[i] = f(x[i]);
  int evaluations = static_cast<int>(n + 1);
  auto blend = [n](const std::vector<double>& a, const std::vector<double>& b, double t) {
    std::vector<double> r(n);
    for (std::size_t i = 0; i < n; ++i) r[i] = a[i] + t * (b[i] - a[i]);
    return r;
  };
  while (evaluations < max_evaluations) {
    std::vector<std::size_t> order(n + 1);
    for (std::size_t i = 0; i <= n; ++i) order[i] = i;
    std::ranges::sort(order, [&](std::size_t a, std::size_t b) { return fx[a] < fx[b]; });
    const std::size_t best = order.front(), worst = order.back(), second = order[n - 1];
    if (fx[worst] - fx[best] < 1e-10 * (1 + fx[best])) break;
    std::vector<double> centroid(n, 0.0);
    for (std::size_t i = 0; i <= n; ++i)
      if (i != worst)
        for (std::size_t j = 0; j < n; ++j) centroid[j] += x[i][j] / double(n);
    const auto reflected = blend(centroid, x[worst], -1.0);
    const double fr = f(reflected);
    ++evaluations;
    if (fr < fx[best]) {
      const auto expanded = blend(centroid, x[worst], -2.0);
      const double fe = f(expanded);
      ++evaluations;
      if (fe < fr) x[worst] = expanded, fx[worst] = fe;
      else x[worst] = reflected, fx[worst] = fr;
    } else if (fr < fx[second]) {
      x[worst] = reflected, fx[worst] = fr;
    } else {
      const auto contracted = blend(centroid, x[worst], 0.5);
      const double fc = f(contracted);
      ++evaluations;
      if (fc < fx[worst]) {
        x[worst] = contracted, fx[worst] = fc;
      } else {
        for (std::size_t i = 0; i <= n; ++i)
          if (i != best) x[i] = blend(x[best], x[i], 0.5), fx[i] = f(x[i]), ++evaluations;
      }
    }
  }
  return x[static_cast<std::size_t>(std::ranges::min_element(fx) - fx.begin())];
}
}  // namespace detail

// Best parameters over several starting points, each refined by two restarted simplexes.
inline std::vector<double> minimise_bounded(const std::function<double(std::span<const double>)>& cost,
                                            std::span<const bounds> b, std::span<const std::vector<double>> starts) {
  auto params = [&](const std::vector<double>& z) {
    std::vector<double> p(z.size());
    for (std::size_t i = 0; i < z.size(); ++i) p[i] = detail::from_z(z[i], b[i]);
    return p;
  };
  auto f = [&](const std::vector<double>& z) { return cost(params(z)); };
  std::vector<double> best_z;
  double best_cost = INFINITY;
  for (const auto& start : starts) {
    std::vector<double> z(start.size());
    for (std::size_t i = 0; i < z.size(); ++i) z[i] = detail::to_z(start[i], b[i]);
    for (int restart = 0; restart < 3; ++restart) z = detail::nelder_mead(f, z, 1500);
    if (const double c = f(z); c < best_cost) best_cost = c, best_z = z;
  }
  return params(best_z);
}

// Kernel curve parameters, in this order, with their bounds.
enum kernel_parameter { compute_fraction, half_work, bandwidth_fraction, kernel_latency };
inline constexpr std::array<bounds, 4> kernel_bounds{{
    {0.05, 1.0},     // c: a kernel below 5 % of peak is mis-modelled, not slow
    {0.01, 1e5},     // n½: rows, tokens or sequences (0.01 = no saturation)
    {0.05, 1.0},     // b
    {1e-7, 1e-3},    // latency: 0.1 µs .. 1 ms
}};
// Link curve parameters: bandwidth fraction, latency.
inline constexpr std::array<bounds, 2> link_bounds{{{0.01, 1.0}, {1e-7, 1e-3}}};

[[nodiscard]] inline tk::kernel_curve fit_kernel_curve(family f, std::span<const sample> samples, const gpu_target& g) {
  auto curve = [](std::span<const double> p) {
    return tk::kernel_curve{.compute_fraction = p[0], .half_work = p[1], .bandwidth_fraction = p[2], .latency_s = p[3]};
  };
  auto cost = [&](std::span<const double> p) {
    const auto c = curve(p);
    double sum = 0;
    for (const auto& s : samples) sum += std::pow(std::log(kernel_model_seconds(c, f, s, g) / s.seconds), 2);
    return sum;
  };
  const std::vector<std::vector<double>> starts{{0.6, 4, 0.8, 5e-6}, {0.6, 64, 0.8, 5e-6}, {0.6, 1024, 0.8, 5e-6}};
  return curve(minimise_bounded(cost, kernel_bounds, starts));
}

[[nodiscard]] inline tk::link_curve fit_link_curve(std::span<const sample> samples, const gpu_target& g) {
  auto curve = [](std::span<const double> p) { return tk::link_curve{.latency_s = p[1], .bandwidth_fraction = p[0]}; };
  auto cost = [&](std::span<const double> p) {
    const auto c = curve(p);
    double sum = 0;
    for (const auto& s : samples)
      sum += std::pow(std::log(link_seconds(c, s.bytes, g.system.scale_up_bytes_per_s) / s.seconds), 2);
    return sum;
  };
  const std::vector<std::vector<double>> starts{{0.7, 1e-5}, {0.3, 3e-5}};
  return curve(minimise_bounded(cost, link_bounds, starts));
}

// |t_model / t_measured − 1| over the samples: count, median and 90th percentile.
struct error_stats {
  std::size_t n{};
  double median{}, p90{};
};
[[nodiscard]] inline error_stats relative_errors(std::vector<double> errors) {
  if (errors.empty()) return {};
  std::ranges::sort(errors);
  auto at = [&](double q) { return errors[static_cast<std::size_t>(q * double(errors.size() - 1) + 0.5)]; };
  return {errors.size(), at(0.5), at(0.9)};
}

}  // namespace kernel_fit
