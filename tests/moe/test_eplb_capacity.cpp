// EPLB redundancy and capacity-factor token dropping, theory §4.3.
#include <tokenomics/moe/capacity.hpp>
#include <tokenomics/moe/eplb.hpp>

#include <numeric>
#include <vector>

#include "tt.hpp"

namespace tk = tokenomics;

TEST_CASE("EPLB by hand: replicate the hottest, balanced packing") {
  // loads 6, 2, 2, 2 on 2 ranks with 2 redundant slots (3 slots/rank):
  // replicas: 6/1 largest -> 2 replicas (3 each); 3/1... next largest load/replicas: 3 (expert 0,
  // 6/2) vs 2 -> expert 0 again -> 3 replicas of 2 each. Slots: 2,2,2 (expert 0) and 2,2,2.
  // Balanced packing gives 6 and 6: imbalance 0.
  const std::vector<double> load{6, 2, 2, 2};
  const auto p = tk::eplb(std::span<const double>(load), 2, 2);
  CHECK(p.replicas == std::vector<int>{3, 1, 1, 1});
  CHECK(p.rank_load == std::vector<double>{6.0, 6.0});
  CHECK(p.rank_imbalance == 0.0);
  CHECK(p.slot_expert.size() == 6u);
  // no redundancy: loads 5, 4, 3, 3, 2, 1 on 2 ranks x 3: heaviest first to the lightest rank
  // with room: 5->A, 4->B, 3->B (7), 3->A (8), 2->B (9), 1->A (9): 9 and 9
  const std::vector<double> l2{5, 4, 3, 3, 2, 1};
  const auto q = tk::eplb(std::span<const double>(l2), 2, 0);
  CHECK(q.rank_load == std::vector<double>{9.0, 9.0});
  CHECK_THROWS_WITH_AS((void)tk::eplb(std::span<const double>(l2), 4, 0), doctest::Contains("num_ranks = 4"),
                       tk::invalid_argument);
}

TEST_CASE("Capacity factor: expected dropped fraction, uniform examples of theory §4.3") {
  // theory §4.3: E=8,k=2,B=64: CF 1.0 -> 8.6 %, 1.25 -> 1.4 %, 1.5 -> 0.10 % (printed to 2 digits)
  CHECK(tk::capacity_drop_fraction(8, 2, 64, 1.0) == tt::rel(0.086, 0.006));
  CHECK(tk::capacity_drop_fraction(8, 2, 64, 1.25) == tt::rel(0.014, 0.036));
  CHECK(tk::capacity_drop_fraction(8, 2, 64, 1.5) == tt::rel(0.0010, 0.05));
  // E=128,k=8,B=512: 6.8 %, 0.63 %, 0.017 %
  CHECK(tk::capacity_drop_fraction(128, 8, 512, 1.0) == tt::rel(0.068, 0.008));
  CHECK(tk::capacity_drop_fraction(128, 8, 512, 1.25) == tt::rel(0.0063, 0.008));
  CHECK(tk::capacity_drop_fraction(128, 8, 512, 1.5) == tt::rel(0.00017, 0.03));
  // E=256,k=8,B=8192: 2.5 %, 1.25 -> 0 (capacity 320 = mean + 4 sd: below 1e-5)
  CHECK(tk::capacity_drop_fraction(256, 8, 8192, 1.0) == tt::rel(0.025, 0.02));
  CHECK(tk::capacity_drop_fraction(256, 8, 8192, 1.25) < 1e-5);
  // by hand: E = 2, k = 1, B = 2, CF = 0.5 -> C = 0: every assignment dropped
  CHECK(tk::capacity_drop_fraction(2, 1, 2, 0.5) == tt::rel(1.0, 1e-12));
  // shares form with uniform shares equals the uniform form
  const std::vector<double> q(8, 0.25);
  CHECK(tk::capacity_drop_fraction(std::span<const double>(q), 64, 1.0) ==
        tt::rel(tk::capacity_drop_fraction(8, 2, 64, 1.0), 1e-12));
  CHECK_THROWS_WITH_AS((void)tk::capacity_drop_fraction(8, 2, 64, 0.0), doctest::Contains("capacity_factor = 0"),
                       tk::invalid_argument);
}

TEST_CASE("Capacity factor: a factor above B / mu drops nothing, however large (no cast overflow)") {
  // capacity >= B tokens: no expert can exceed it.
  CHECK(tk::capacity_drop_fraction(8, 2, 16, 1e300) == 0.0);
  const std::vector<double> shares{0.5, 0.5, 0.5, 0.5};
  CHECK(tk::capacity_drop_fraction(std::span<const double>(shares), 16, 1e300) == 0.0);
}
