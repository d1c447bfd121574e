// The shipped software stacks against measured serving: every supported point of
// data/reference/measurements/silicon_calibration.csv (TensorRT-LLM, SGLang, vLLM on H100, H200,
// B200, GB200; source and caveats in that folder's README) predicted with presets::stack_for and
// each framework's fitted fixed costs (presets/stacks.hpp). The bounds are the median |relative
// error| docs/silicon_validation.md reports for the shipped stacks, plus one point for rounding:
// a kernel curve or fixed cost moved off its fit fails here by name.
#include <tokenomics/io/silicon_case.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "tt.hpp"

#ifndef TOKENOMICS_REFERENCE_DIR
#error "define TOKENOMICS_REFERENCE_DIR (path of data/reference)"
#endif

namespace tk = tokenomics;

namespace {

struct errors {
  std::vector<double> tpot, ttft;
};

double median_abs(std::vector<double> v) {
  REQUIRE(!v.empty());
  for (double& x : v) x = std::abs(x);
  std::sort(v.begin(), v.end());
  const std::size_t m = v.size() / 2;
  return v.size() % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

// Relative errors (predicted / measured − 1) by "framework mode" and by "all mode".
const std::map<std::string, errors>& shipped_errors() {
  static const auto out = [] {
    std::map<std::string, errors> e;
    const std::string dir = TOKENOMICS_REFERENCE_DIR;
    const auto cases = tk::map_silicon_records(tk::load_silicon_csv(dir + "/measurements/silicon_calibration.csv"),
                                               dir + "/hf_configs");
    for (const auto& c : cases.cases) {
      const auto m = tk::to_measurement(c);
      const auto p = tk::predict(m, m.stack);
      if (!std::isfinite(p[0]) || !std::isfinite(p[1])) continue;
      const std::string mode(tk::name_of(c.record.mode));
      for (const std::string& key : {std::string(tk::name_of(c.record.backend)) + " " + mode, "all " + mode}) {
        e[key].ttft.push_back(p[0] / c.record.ttft_s - 1);
        e[key].tpot.push_back(p[1] / c.record.tpot_s - 1);
      }
    }
    return e;
  }();
  return out;
}

struct bound {
  const char* group;
  double tpot, ttft;  // documented median |error|
};

}  // namespace

TEST_CASE("silicon_calibration.csv: shipped stacks within the documented median errors") {
  // docs/silicon_validation.md, column "shipped", by framework and mode.
  for (const bound b : {bound{"all agg", 0.108, 0.319}, bound{"all disagg", 0.091, 0.544},
                        bound{"trtllm agg", 0.132, 0.364}, bound{"trtllm disagg", 0.074, 0.430},
                        bound{"sglang agg", 0.116, 0.522}, bound{"sglang disagg", 0.166, 1.279},
                        bound{"vllm agg", 0.075, 0.226}}) {
    CAPTURE(b.group);
    const auto it = shipped_errors().find(b.group);
    REQUIRE(it != shipped_errors().end());
    REQUIRE(it->second.tpot.size() >= 40);
    CHECK(median_abs(it->second.tpot) <= b.tpot + 0.01);
    CHECK(median_abs(it->second.ttft) <= b.ttft + 0.01);
  }
}
