// Tests for include/tokenomics/explore/frontier.hpp: a hand-made example, then properties checked
// against brute force on random point clouds (fixed seeds, many sizes and shapes).
#include <tokenomics/explore/frontier.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "tt.hpp"

namespace tk = tokenomics;
using tk::operating_point;

namespace {

operating_point pt(double x, double y, std::size_t id) {
  return {.tok_per_s_per_user = x, .output_tok_per_s_per_gpu = y, .id = id};
}

bool same_coordinates(const operating_point& a, const operating_point& b) {
  return a.tok_per_s_per_user == b.tok_per_s_per_user && a.output_tok_per_s_per_gpu == b.output_tok_per_s_per_gpu;
}

// Brute force, O(n^2): best throughput among *input* points with interactivity >= x (0 if none).
double brute_throughput_at(const std::vector<operating_point>& pts, double x) {
  double best = 0.0;
  for (const auto& p : pts)
    if (p.tok_per_s_per_user >= x) best = std::max(best, p.output_tok_per_s_per_gpu);
  return best;
}

enum class cloud { uniform, grid, tradeoff };

std::vector<operating_point> make_cloud(std::mt19937_64& rng, std::size_t n, cloud shape) {
  std::vector<operating_point> pts;
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::uniform_int_distribution<int> g(0, 6);  // 7 x 7 grid: many ties and exact duplicates
  for (std::size_t i = 0; i < n; ++i) {
    switch (shape) {
      case cloud::uniform: pts.push_back(pt(1000.0 * u(rng), 5000.0 * u(rng), i)); break;
      case cloud::grid: pts.push_back(pt(10.0 * g(rng), 100.0 * g(rng), i)); break;
      case cloud::tradeoff: {  // throughput ~ 1/interactivity with noise, like a real sweep
        const double x = std::exp(std::log(5.0) + (std::log(500.0) - std::log(5.0)) * u(rng));
        pts.push_back(pt(x, 2e5 / x * (0.5 + u(rng)), i));
        break;
      }
    }
  }
  return pts;
}

}  // namespace

TEST_CASE("pareto: hand-made example") {
  // (15, 70) is dominated by (20, 80); (5, 100) by (10, 100) (equal throughput, less
  // interactivity); (30, 5) by (30, 10); id 6 duplicates id 1 and collapses into it.
  const std::vector<operating_point> pts{pt(10, 100, 0), pt(20, 80, 1), pt(15, 70, 2), pt(5, 100, 3),
                                         pt(30, 10, 4),  pt(30, 5, 5),  pt(20, 80, 6)};
  const auto f = tk::pareto(pts);
  REQUIRE(f.size() == 3);
  CHECK(f[0].id == 0);
  CHECK(f[1].id == 1);
  CHECK(f[2].id == 4);
  CHECK(tk::is_frontier(std::span<const operating_point>(f)));

  SUBCASE("throughput_at: first frontier point at or above the target") {
    CHECK(tk::throughput_at(f, 0.0) == 100.0);    // below everything: peak throughput
    CHECK(tk::throughput_at(f, -3.0) == 100.0);
    CHECK(tk::throughput_at(f, 10.0) == 100.0);   // exactly at a point: that point
    CHECK(tk::throughput_at(f, 10.5) == 80.0);    // (10, 100) no longer qualifies
    CHECK(tk::throughput_at(f, 20.0) == 80.0);
    CHECK(tk::throughput_at(f, 25) == 10.0);      // integer target converts
    CHECK(tk::throughput_at(f, 30.0) == 10.0);
    CHECK(tk::throughput_at(f, 30.5) == 0.0);     // nothing that fast: 0
    CHECK(tk::throughput_at(f, std::numeric_limits<double>::infinity()) == 0.0);
    CHECK_THROWS_WITH_AS((void)tk::throughput_at(f, std::numeric_limits<double>::quiet_NaN()),
                         doctest::Contains("min_tok_per_s_per_user"), tk::invalid_argument);
  }
  SUBCASE("throughput_at_interpolated: log-log between neighbours") {
    // Between (10, 100) and (20, 80) at x = 15: t = ln 1.5 / ln 2 = 0.405465 / 0.693147 = 0.584963;
    // y = 100 x 0.8^0.584963 = 100 x exp(0.584963 x -0.223144) = 100 x exp(-0.130531) = 87.7629.
    CHECK(tk::throughput_at_interpolated(f, 15.0) == tt::rel(87.7629, 1e-5));
    // At the geometric mean of x (sqrt(200) = 14.1421) log-log interpolation gives the geometric
    // mean of y: sqrt(100 x 80) = 89.4427.
    CHECK(tk::throughput_at_interpolated(f, std::sqrt(200.0)) == tt::rel(89.4427, 1e-5));
    CHECK(tk::throughput_at_interpolated(f, 10.0) == 100.0);  // nodes are exact
    CHECK(tk::throughput_at_interpolated(f, 20.0) == 80.0);
    CHECK(tk::throughput_at_interpolated(f, 1.0) == 100.0);   // below: peak
    CHECK(tk::throughput_at_interpolated(f, 31.0) == 0.0);    // above: none
  }
  SUBCASE("interactivity_range") {
    const auto r = tk::interactivity_range(f);
    CHECK(r.min_tok_per_s_per_user == 10.0);
    CHECK(r.max_tok_per_s_per_user == 30.0);
  }
}

TEST_CASE("pareto: edge cases") {
  SUBCASE("empty input") {
    const std::vector<operating_point> none;
    const auto f = tk::pareto(none);
    CHECK(f.empty());
    CHECK(tk::throughput_at(f, 1.0) == 0.0);
    CHECK(tk::throughput_at_interpolated(f, 1.0) == 0.0);
    CHECK_THROWS_WITH_AS((void)tk::interactivity_range(f), doctest::Contains("frontier"), tk::invalid_argument);
  }
  SUBCASE("single point") {
    const auto f = tk::pareto(std::vector{pt(7, 3, 42)});
    REQUIRE(f.size() == 1);
    CHECK(f[0].id == 42);
  }
  SUBCASE("all duplicates collapse to the smallest id") {
    const auto f = tk::pareto(std::vector{pt(7, 3, 9), pt(7, 3, 2), pt(7, 3, 5)});
    REQUIRE(f.size() == 1);
    CHECK(f[0].id == 2);
  }
  SUBCASE("ties in interactivity keep the best throughput") {
    const auto f = tk::pareto(std::vector{pt(50, 1, 0), pt(50, 9, 1), pt(50, 4, 2)});
    REQUIRE(f.size() == 1);
    CHECK(f[0].id == 1);
  }
  SUBCASE("ties in throughput keep the best interactivity") {
    const auto f = tk::pareto(std::vector{pt(1, 60, 0), pt(3, 60, 1), pt(2, 60, 2)});
    REQUIRE(f.size() == 1);
    CHECK(f[0].id == 1);
  }
  SUBCASE("a chain where nothing is dominated is returned whole, sorted") {
    const auto f = tk::pareto(std::vector{pt(3, 1, 0), pt(1, 3, 1), pt(2, 2, 2)});
    REQUIRE(f.size() == 3);
    CHECK(f[0].id == 1);
    CHECK(f[1].id == 2);
    CHECK(f[2].id == 0);
  }
  SUBCASE("zero coordinates are allowed (infeasible points report 0 tok/s/GPU)") {
    const auto f = tk::pareto(std::vector{pt(0, 0, 0), pt(10, 0, 1), pt(0, 5, 2)});
    REQUIRE(f.size() == 2);
    CHECK(f[0].id == 2);
    CHECK(f[1].id == 1);
    // (0, 5) then (10, 0): interpolation falls back to linear because x0 = 0: 5 + (0 - 5) x 0.4 = 3.
    CHECK(tk::throughput_at_interpolated(f, 4.0) == tt::rel(3.0, 1e-14));
  }
  SUBCASE("NaN, infinite or negative coordinates are rejected by index and field") {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    CHECK_THROWS_WITH_AS((void)tk::pareto(std::vector{pt(1, 1, 0), pt(2, 2, 1), pt(nan, 1, 2)}),
                         doctest::Contains("points[2].tok_per_s_per_user = "), tk::invalid_argument);
    CHECK_THROWS_WITH_AS((void)tk::pareto(std::vector{pt(1, -4, 0)}),
                         doctest::Contains("points[0].output_tok_per_s_per_gpu = -4"), tk::invalid_argument);
    CHECK_THROWS_WITH_AS((void)tk::pareto(std::vector{pt(1, std::numeric_limits<double>::infinity(), 0)}),
                         doctest::Contains("points[0].output_tok_per_s_per_gpu = inf"), tk::invalid_argument);
  }
}

TEST_CASE("pareto: properties on random clouds against brute force") {
  std::mt19937_64 rng(20251201);
  for (cloud shape : {cloud::uniform, cloud::grid, cloud::tradeoff}) {
    for (std::size_t n : {0u, 1u, 2u, 3u, 5u, 8u, 13u, 50u, 100u, 400u, 2000u}) {
      CAPTURE(static_cast<int>(shape));
      CAPTURE(n);
      const auto pts = make_cloud(rng, n, shape);
      const auto f = tk::pareto(pts);

      // 1. No frontier point is dominated by any input point; each is an input point (by id).
      for (const auto& q : f) {
        REQUIRE(q.id < pts.size());
        CHECK(same_coordinates(q, pts[q.id]));
        for (const auto& p : pts) CHECK_FALSE(tk::dominates(p, q));
      }
      // 2. Every input point is dominated by or equal to some frontier point.
      for (const auto& p : pts) {
        const bool covered = std::any_of(f.begin(), f.end(), [&](const auto& q) {
          return tk::dominates(q, p) || same_coordinates(q, p);
        });
        CHECK(covered);
      }
      // 3. Sorted by increasing interactivity, throughput strictly decreasing, no duplicates.
      CHECK(tk::is_frontier(std::span<const operating_point>(f)));
      // 4. Size: the number of distinct non-dominated coordinate pairs, by brute force.
      std::vector<operating_point> distinct;
      for (const auto& p : pts) {
        const bool dominated = std::any_of(pts.begin(), pts.end(), [&](const auto& o) { return tk::dominates(o, p); });
        const bool seen =
            std::any_of(distinct.begin(), distinct.end(), [&](const auto& d) { return same_coordinates(d, p); });
        if (!dominated && !seen) distinct.push_back(p);
      }
      CHECK(f.size() == distinct.size());
      // 5. Duplicates collapse to the smallest id.
      for (const auto& q : f)
        for (const auto& p : pts)
          if (same_coordinates(p, q)) CHECK(q.id <= p.id);

      // 6. throughput_at equals the brute-force best over *all input points* with interactivity
      //    >= x, and is non-increasing in x; the interpolated variant is non-increasing, never
      //    below throughput_at, and exact at the frontier nodes.
      std::vector<double> xs{-1.0, 0.0, 1e9};
      std::uniform_real_distribution<double> u(0.0, 1100.0);
      for (int i = 0; i < 64; ++i) xs.push_back(u(rng));
      for (const auto& q : f) {
        xs.push_back(q.tok_per_s_per_user);
        xs.push_back(std::nextafter(q.tok_per_s_per_user, 0.0));
        xs.push_back(std::nextafter(q.tok_per_s_per_user, 1e300));
      }
      std::sort(xs.begin(), xs.end());
      double previous = std::numeric_limits<double>::infinity();
      double previous_interpolated = std::numeric_limits<double>::infinity();
      for (double x : xs) {
        const double y = tk::throughput_at(f, x);
        const double yi = tk::throughput_at_interpolated(f, x);
        CHECK(y == brute_throughput_at(pts, x));
        CHECK(y <= previous);
        CHECK(yi <= previous_interpolated * (1 + 1e-12));
        CHECK(yi >= y * (1 - 1e-12));
        previous = y;
        previous_interpolated = yi;
      }
      for (const auto& q : f)
        CHECK(tk::throughput_at_interpolated(f, q.tok_per_s_per_user) == q.output_tok_per_s_per_gpu);
      if (!f.empty()) {
        const auto r = tk::interactivity_range(f);
        double lo = pts[0].tok_per_s_per_user, hi = lo;
        for (const auto& p : pts) {
          lo = std::min(lo, p.tok_per_s_per_user);
          hi = std::max(hi, p.tok_per_s_per_user);
        }
        CHECK(r.max_tok_per_s_per_user == hi);  // the fastest point is never dominated
        CHECK(r.min_tok_per_s_per_user >= lo);
      }
    }
  }
}

TEST_CASE("pareto is independent of input order") {
  std::mt19937_64 rng(7);
  auto pts = make_cloud(rng, 500, cloud::grid);
  const auto f1 = tk::pareto(pts);
  std::shuffle(pts.begin(), pts.end(), rng);
  const auto f2 = tk::pareto(pts);
  REQUIRE(f1.size() == f2.size());
  for (std::size_t i = 0; i < f1.size(); ++i) {
    CHECK(f1[i].id == f2[i].id);
    CHECK(same_coordinates(f1[i], f2[i]));
  }
}

TEST_CASE_TEMPLATE("pareto and throughput_at in float and double", T, float, double) {
  using P = tk::basic_operating_point<T>;
  const std::vector<P> pts{{T(10), T(100), 0}, {T(20), T(80), 1}, {T(15), T(70), 2}};
  const auto f = tk::pareto(pts);
  REQUIRE(f.size() == 2);
  CHECK(tk::throughput_at(f, T(12)) == T(80));
  CHECK(tk::throughput_at(f, 12) == T(80));
}
