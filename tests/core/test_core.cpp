// core/: the error type and its helpers, precisions with block-scale overhead, units.
#include <cmath>
#include <limits>
#include <tokenomics/core/error.hpp>
#include <tokenomics/core/precision.hpp>
#include <tokenomics/core/units.hpp>

#include "tt.hpp"

namespace tk = tokenomics;
using doctest::Contains;

TEST_CASE("bits per element include the block scales") {
  // MXFP4: 32 E2M1 values share one 8-bit scale: 4 + 8/32 = 4.25 (OCP MX v1.0; gpt-oss card).
  CHECK(tk::bits_per_element(tk::precision::mxfp4) == 4.25);
  // NVFP4: 16 values share one FP8 scale: 4 + 8/16 = 4.5.
  CHECK(tk::bits_per_element(tk::precision::nvfp4) == 4.5);
  CHECK(tk::bytes_per_element(tk::precision::bf16) == 2.0);
  CHECK(tk::bytes_per_element(tk::precision::fp8) == 1.0);
  CHECK(tk::bytes_per_element(tk::precision::fp32) == 4.0);
}

TEST_CASE("a GEMM runs at the wider of its weight and activation widths") {
  CHECK(tk::gemm_width(tk::precision::mxfp4, tk::precision::bf16) == tk::math_width::bits16);  // W4A16
  CHECK(tk::gemm_width(tk::precision::fp8, tk::precision::fp8) == tk::math_width::bits8);      // W8A8
  CHECK(tk::gemm_width(tk::precision::nvfp4, tk::precision::nvfp4) == tk::math_width::bits4);  // W4A4
}

TEST_CASE("precision names round-trip, unknown names are rejected by field") {
  for (auto p : {tk::precision::fp32, tk::precision::bf16, tk::precision::fp16, tk::precision::fp8,
                 tk::precision::int8, tk::precision::mxfp4, tk::precision::nvfp4})
    CHECK(tk::parse_precision("--weights", tk::name_of(p)) == p);
  CHECK_THROWS_WITH_AS(static_cast<void>(tk::parse_precision("--weights", "fp6")), Contains("--weights = fp6"),
                       tk::invalid_argument);
}

TEST_CASE("validation helpers name the field and print the value exactly") {
  using namespace tk::detail;
  CHECK(show(1.25e-9) == "1.25e-09");  // shortest round trip, not std::to_string's 0.000000
  CHECK_THROWS_WITH_AS(require_positive("a.b", 0.0), "a.b = 0: must be finite and > 0", tk::invalid_argument);
  CHECK_THROWS_WITH_AS(require_positive("a.b", std::numeric_limits<double>::quiet_NaN()), Contains("a.b = nan"),
                       tk::invalid_argument);
  CHECK_THROWS_WITH_AS(require_non_negative("n", -3), "n = -3: must be >= 0", tk::invalid_argument);
  CHECK_THROWS_WITH_AS(require_fraction("f", 1.5), "f = 1.5: must be in (0, 1]", tk::invalid_argument);
  CHECK_THROWS_WITH_AS(require_divides("plan.tp", 3, "heads", 64), "plan.tp = 3: must divide heads = 64",
                       tk::invalid_argument);
  CHECK_NOTHROW(require_divides("plan.tp", 8, "heads", 64));
  CHECK_NOTHROW(require_probability("p", 0.0));
}

TEST_CASE("units: decimal prefixes at the edges, link rates in bytes/s") {
  CHECK(400 * tk::units::Gbit_per_s == 50e9);  // a 400 Gb/s NIC moves 50 GB/s per direction
  CHECK(tk::units::GiB == 1073741824.0);
  CHECK(3.35 * tk::units::TB == 3.35e12);
}
