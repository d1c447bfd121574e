// Built against the installed package by scripts/test_install.sh: proves that
// find_package(tokenomics) gives a working target, headers and dependencies included.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <tokenomics/tokenomics.hpp>

namespace tk = tokenomics;

TEST_CASE("the installed package computes closed forms and steps") {
  // models.json config-derived count for Llama-3.1-8B: 8,030,261,248 parameters.
  CHECK(tk::parameter_count_of(tk::presets::llama_3_1_8b).total() == 8030261248.0);
  const auto s = tk::decode_step(tk::presets::llama_3_1_8b, tk::presets::hgx_h100, tk::serving_plan{}, 1.0, 1024.0,
                                 tk::software_stack::ideal());
  REQUIRE(s.fits);
  // 15,148,255,744 B streamed at 3.35e12 B/s (tests/step/test_step.cpp derives the bytes by hand).
  CHECK(s.time_s == doctest::Approx(15148255744.0 / 3.35e12).epsilon(1e-9).scale(0));
}
