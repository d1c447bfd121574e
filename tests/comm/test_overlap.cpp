// Overlap of compute and communication (theory §11).
#include <tokenomics/comm/overlap.hpp>

#include <limits>

#include "tt.hpp"

namespace tk = tokenomics;

TEST_CASE("no overlap adds, two-batch overlap takes the max (theory §11)") {
  // C = 30 µs, M = 20 µs: none 50 µs (exposed 20); TBO max = 30 µs (exposed 0).
  const auto none = tk::overlapped_time(tk::overlap_mode::none, 30e-6, 20e-6);
  CHECK(none.time_s == tt::rel(50e-6, 1e-15));
  CHECK(none.exposed_comm_s == tt::rel(20e-6, 1e-9));
  const auto tbo = tk::overlapped_time(tk::overlap_mode::two_batch, 30e-6, 20e-6);
  CHECK(tbo.time_s == 30e-6);
  CHECK(tbo.exposed_comm_s == 0.0);
  // Communication-bound: C = 10, M = 25 µs -> 25 µs, 15 µs exposed.
  const auto cb = tk::overlapped_time(tk::overlap_mode::two_batch, 10e-6, 25e-6);
  CHECK(cb.time_s == 25e-6);
  CHECK(cb.exposed_comm_s == tt::rel(15e-6, 1e-9));
}

TEST_CASE("overlap mode from the plan") {
  tk::serving_plan p{};
  CHECK(tk::overlap_mode_of(p) == tk::overlap_mode::none);
  p.micro_batches = 2;
  CHECK(tk::overlap_mode_of(p) == tk::overlap_mode::two_batch);
}

TEST_CASE("overlap rejects bad input by name") {
  CHECK_THROWS_WITH_AS((void)tk::overlapped_time(tk::overlap_mode::none, -1e-6, 0.0),
                       doctest::Contains("compute_s = -1e-06"), tk::invalid_argument);
  CHECK_THROWS_WITH_AS(
      (void)tk::overlapped_time(tk::overlap_mode::none, 0.0, std::numeric_limits<double>::quiet_NaN()),
      doctest::Contains("comm_s = nan"), tk::invalid_argument);
}
