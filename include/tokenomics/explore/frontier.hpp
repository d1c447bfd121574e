#pragma once
// Pareto frontier of operating points in (interactivity, throughput per GPU), both maximised
// (design §7): `pareto` keeps the points no other point beats on both axes, `throughput_at(x)` is
// the best tok/s/GPU among frontier points with tok/s/user >= x. Generic: a point carries only the
// two coordinates and an `id` (index into the caller's sweep results), so any sweep can use it.
//
// Algorithm (Kung, Luccio & Preparata 1975, two-dimensional maxima): sort by interactivity
// descending (ties: throughput descending), sweep keeping each point whose throughput beats every
// point seen so far. O(n log n) for the sort, O(n) for the sweep.
#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

#include "../core/error.hpp"

namespace tokenomics {

template <std::floating_point T>
struct basic_operating_point {
  T tok_per_s_per_user{};        // interactivity = 1 / TPOT
  T output_tok_per_s_per_gpu{};  // output throughput per GPU
  std::size_t id{};              // index into the caller's sweep results (carried, never read)
};
using operating_point = basic_operating_point<double>;

template <std::floating_point T>
struct basic_interactivity_range {
  T min_tok_per_s_per_user{};
  T max_tok_per_s_per_user{};
};
using interactivity_range_result = basic_interactivity_range<double>;

// p dominates q: at least as good on both axes and strictly better on one.
template <std::floating_point T>
[[nodiscard]] constexpr bool dominates(const basic_operating_point<T>& p,
                                       const basic_operating_point<T>& q) noexcept {
  return p.tok_per_s_per_user >= q.tok_per_s_per_user &&
         p.output_tok_per_s_per_gpu >= q.output_tok_per_s_per_gpu &&
         (p.tok_per_s_per_user > q.tok_per_s_per_user ||
          p.output_tok_per_s_per_gpu > q.output_tok_per_s_per_gpu);
}

namespace detail {

// Unchecked kernel: points are finite. Returns the frontier sorted by increasing interactivity;
// along it interactivity is strictly increasing and throughput strictly decreasing.
template <std::floating_point T>
[[nodiscard]] std::vector<basic_operating_point<T>> pareto_unchecked(
    std::span<const basic_operating_point<T>> points) {
  std::vector<basic_operating_point<T>> sorted(points.begin(), points.end());
  std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
    if (a.tok_per_s_per_user != b.tok_per_s_per_user) return a.tok_per_s_per_user > b.tok_per_s_per_user;
    if (a.output_tok_per_s_per_gpu != b.output_tok_per_s_per_gpu)
      return a.output_tok_per_s_per_gpu > b.output_tok_per_s_per_gpu;
    return a.id < b.id;  // duplicates: the smallest id survives (deterministic)
  });
  std::vector<basic_operating_point<T>> frontier;
  bool first = true;
  T best_throughput{};
  for (const auto& p : sorted) {
    // Every earlier point has interactivity >= p's; p survives only if it beats all their
    // throughputs. Equal throughput means an earlier point dominates p (or duplicates it).
    if (first || p.output_tok_per_s_per_gpu > best_throughput) {
      frontier.push_back(p);
      best_throughput = p.output_tok_per_s_per_gpu;
      first = false;
    }
  }
  std::reverse(frontier.begin(), frontier.end());  // increasing interactivity
  return frontier;
}

}  // namespace detail

// Points not dominated by any input point, sorted by increasing tok_per_s_per_user (so
// output_tok_per_s_per_gpu strictly decreases along it). Exact duplicates (same two coordinates)
// collapse to the one with the smallest id. Every input point is dominated by or equal to some
// returned point. Throws invalid_argument naming "points[i].<field>" if a coordinate is NaN,
// infinite or negative (zero is allowed: an infeasible configuration may report 0 tok/s/GPU).
template <std::floating_point T>
[[nodiscard]] std::vector<basic_operating_point<T>> pareto(std::span<const basic_operating_point<T>> points) {
  for (std::size_t i = 0; i < points.size(); ++i) {
    const auto& p = points[i];
    const auto ok = [](T v) { return v >= T(0) && std::isfinite(v); };  // NaN fails
    if (ok(p.tok_per_s_per_user) && ok(p.output_tok_per_s_per_gpu)) [[likely]]
      continue;
    const std::string at = "points[" + std::to_string(i) + "]";  // built only on failure
    detail::require_non_negative(at + ".tok_per_s_per_user", p.tok_per_s_per_user);
    detail::require_non_negative(at + ".output_tok_per_s_per_gpu", p.output_tok_per_s_per_gpu);
  }
  return detail::pareto_unchecked(points);
}
template <std::floating_point T>
[[nodiscard]] std::vector<basic_operating_point<T>> pareto(const std::vector<basic_operating_point<T>>& points) {
  return pareto(std::span<const basic_operating_point<T>>(points));
}

// True if `frontier` has the shape pareto returns: interactivity strictly increasing and
// throughput strictly decreasing. O(n); throughput_at relies on it without checking.
template <std::floating_point T>
[[nodiscard]] bool is_frontier(std::span<const basic_operating_point<T>> frontier) noexcept {
  for (std::size_t i = 1; i < frontier.size(); ++i)
    if (!(frontier[i].tok_per_s_per_user > frontier[i - 1].tok_per_s_per_user) ||
        !(frontier[i].output_tok_per_s_per_gpu < frontier[i - 1].output_tok_per_s_per_gpu))
      return false;
  return true;
}

// Best output tok/s/GPU among frontier points with tok_per_s_per_user >= min_tok_per_s_per_user
// (design §7). Returns 0 when no point reaches that interactivity (an empty frontier included):
// "no configuration serves this target". Precondition: `frontier` came from pareto (sorted,
// is_frontier); then the answer is the first point at or above the target, found by binary
// search, O(log n). A target <= the smallest interactivity gives the frontier's peak throughput.
// Throws invalid_argument if the target is NaN (+inf is allowed and gives 0).
template <std::floating_point T>
[[nodiscard]] T throughput_at(std::span<const basic_operating_point<T>> frontier,
                              std::type_identity_t<T> min_tok_per_s_per_user) {
  if (std::isnan(min_tok_per_s_per_user))
    detail::fail("min_tok_per_s_per_user", detail::show(double(min_tok_per_s_per_user)), "must not be NaN");
  const auto it = std::lower_bound(frontier.begin(), frontier.end(), min_tok_per_s_per_user,
                                   [](const auto& p, T x) { return p.tok_per_s_per_user < x; });
  return it == frontier.end() ? T(0) : it->output_tok_per_s_per_gpu;
}
template <std::floating_point T>
[[nodiscard]] T throughput_at(const std::vector<basic_operating_point<T>>& frontier,
                              std::type_identity_t<T> min_tok_per_s_per_user) {
  return throughput_at(std::span<const basic_operating_point<T>>(frontier), min_tok_per_s_per_user);
}

// Like throughput_at, but between two neighbouring frontier points (x0, y0) and (x1, y1) with
// x0 < x < x1 it interpolates linearly in (log x, log y): y = y0 * (y1/y0)^(ln(x/x0) / ln(x1/x0)),
// i.e. it assumes a configuration between the two measured ones exists and follows the local
// power law of the curve. Falls back to linear interpolation if x0 or y1 is 0. Below the first
// point: the peak throughput (as throughput_at); above the last point: 0. Optimistic relative to
// throughput_at (which returns y1 on (x0, x1]); both are non-increasing in x.
template <std::floating_point T>
[[nodiscard]] T throughput_at_interpolated(std::span<const basic_operating_point<T>> frontier,
                                           std::type_identity_t<T> min_tok_per_s_per_user) {
  if (std::isnan(min_tok_per_s_per_user))
    detail::fail("min_tok_per_s_per_user", detail::show(double(min_tok_per_s_per_user)), "must not be NaN");
  const T x = min_tok_per_s_per_user;
  const auto it = std::lower_bound(frontier.begin(), frontier.end(), x,
                                   [](const auto& p, T v) { return p.tok_per_s_per_user < v; });
  if (it == frontier.end()) return T(0);
  if (it == frontier.begin() || it->tok_per_s_per_user == x) return it->output_tok_per_s_per_gpu;
  const auto& p0 = *(it - 1);  // x0 < x < x1
  const auto& p1 = *it;
  const T x0 = p0.tok_per_s_per_user, x1 = p1.tok_per_s_per_user;
  const T y0 = p0.output_tok_per_s_per_gpu, y1 = p1.output_tok_per_s_per_gpu;  // y0 > y1 >= 0
  if (x0 > T(0) && y1 > T(0)) {
    const T t = std::log(x / x0) / std::log(x1 / x0);
    return y0 * std::pow(y1 / y0, t);
  }
  return y0 + (y1 - y0) * (x - x0) / (x1 - x0);
}
template <std::floating_point T>
[[nodiscard]] T throughput_at_interpolated(const std::vector<basic_operating_point<T>>& frontier,
                                           std::type_identity_t<T> min_tok_per_s_per_user) {
  return throughput_at_interpolated(std::span<const basic_operating_point<T>>(frontier), min_tok_per_s_per_user);
}

// Smallest and largest interactivity on the frontier (first and last point). Throws
// invalid_argument naming "frontier" if it is empty.
template <std::floating_point T>
[[nodiscard]] basic_interactivity_range<T> interactivity_range(std::span<const basic_operating_point<T>> frontier) {
  if (frontier.empty()) detail::fail("frontier", "[]", "must not be empty");
  return {.min_tok_per_s_per_user = frontier.front().tok_per_s_per_user,
          .max_tok_per_s_per_user = frontier.back().tok_per_s_per_user};
}
template <std::floating_point T>
[[nodiscard]] basic_interactivity_range<T> interactivity_range(const std::vector<basic_operating_point<T>>& frontier) {
  return interactivity_range(std::span<const basic_operating_point<T>>(frontier));
}

}  // namespace tokenomics
