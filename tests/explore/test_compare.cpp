// Tests for include/tokenomics/explore/compare.hpp: the 90 %-touched batch by hand, the choice of
// the cheaper model at each level, and a dense-vs-MoE comparison end to end.
#include <tokenomics/explore/compare.hpp>
#include <tokenomics/presets/registry.hpp>

#include <cmath>
#include <limits>

#include "tt.hpp"

namespace tk = tokenomics;

TEST_CASE("moe_saturation_batch_tokens: 90 % of experts touched (theory §2 table)") {
  // DeepSeek-V3/R1, E = 256, k = 8: ln(0.1) / ln(1 - 8/256) = -2.302585 / -0.0317487 = 72.53
  // (theory §2 table: 72.5). Inputs exact: tolerance 1e-3 covers the table's rounding.
  CHECK(tk::moe_saturation_batch_tokens(tk::presets::deepseek_r1) == tt::rel(72.5, 1e-3));
  CHECK(tk::moe_saturation_batch_tokens(tk::presets::deepseek_r1) ==
        tt::rel(std::log(0.1) / std::log(1.0 - 8.0 / 256.0), 1e-12));
  // gpt-oss-120b, 128/4: same k/E, same 72.5 (theory §2 table row).
  CHECK(tk::moe_saturation_batch_tokens(tk::presets::gpt_oss_120b) == tt::rel(72.5, 1e-3));
  // Mixtral 8/2: ln 0.1 / ln 0.75 = 8.004.
  CHECK(tk::moe_saturation_batch_tokens(tk::presets::mixtral_8x7b) == tt::rel(8.004, 1e-3));
  CHECK(tk::moe_saturation_batch_tokens(tk::presets::llama_3_3_70b) == 0.0);
}

TEST_CASE("compare_at: the higher throughput is the cheaper model, the ratio is tput_a / tput_b") {
  const auto l = tk::compare_at(50.0, 2000.0, 500.0, 2.0);
  CHECK(l.cheaper == tk::cheaper_model::a);
  CHECK(l.cost_ratio_b_over_a == tt::rel(4.0, 1e-15));
  // $2/GPU-h at 2000 tok/s/GPU: 2 / 3600 / 2000 * 1e6 = 0.27778 $/Mtok
  CHECK(l.a_usd_per_million_output_tokens == tt::rel(0.277777778, 1e-8));
  CHECK(l.b_usd_per_million_output_tokens / l.a_usd_per_million_output_tokens == tt::rel(4.0, 1e-12));
  CHECK(tk::compare_at(50.0, 100.0, 300.0, 2.0).cheaper == tk::cheaper_model::b);
  CHECK(tk::compare_at(50.0, 100.0, 100.0, 2.0).cheaper == tk::cheaper_model::tie);
  const auto only_a = tk::compare_at(50.0, 100.0, 0.0, 0.0);
  CHECK(only_a.cheaper == tk::cheaper_model::a);
  CHECK(only_a.cost_ratio_b_over_a == std::numeric_limits<double>::infinity());
  CHECK(only_a.a_usd_per_million_output_tokens == 0.0);  // no price
  CHECK(tk::compare_at(50.0, 0.0, 10.0, 1.0).cheaper == tk::cheaper_model::b);
  CHECK(tk::compare_at(50.0, 0.0, 0.0, 1.0).cheaper == tk::cheaper_model::neither);
}

TEST_CASE("compare: dense 8B vs MoE 30B-A3B on H100 — per level, the cheaper one has the higher throughput") {
  const auto system = tk::presets::system_or_throw("h100");
  const tk::workload work{.isl = 1024, .osl = 1024, .concurrency = 1};
  const auto r = tk::compare(tk::presets::llama_3_1_8b, tk::presets::qwen3_30b_a3b, system, work,
                             tk::sweep_space{.max_gpus = 4});
  CHECK(r.name_a == "Llama-3.1-8B");
  CHECK(r.a_saturation_batch_tokens == 0.0);
  CHECK(r.b_saturation_batch_tokens == tt::rel(std::log(0.1) / std::log(1.0 - 8.0 / 128.0), 1e-12));
  REQUIRE(r.levels.size() == 12);
  REQUIRE(!r.frontier_a.empty());
  REQUIRE(!r.frontier_b.empty());
  for (std::size_t i = 1; i < r.levels.size(); ++i)
    CHECK(r.levels[i].tok_per_s_per_user > r.levels[i - 1].tok_per_s_per_user);
  for (const auto& l : r.levels) {
    // Recompute the throughputs from the frontiers.
    const auto at = [&](const std::vector<tk::estimate_result>& f) {
      double best = 0;
      for (const auto& e : f)
        if (e.tok_per_s_per_user >= l.tok_per_s_per_user) best = std::max(best, e.output_tok_per_s_per_gpu);
      return best;
    };
    CHECK(l.a_output_tok_per_s_per_gpu == at(r.frontier_a));
    CHECK(l.b_output_tok_per_s_per_gpu == at(r.frontier_b));
    if (l.a_output_tok_per_s_per_gpu > l.b_output_tok_per_s_per_gpu) CHECK(l.cheaper == tk::cheaper_model::a);
    if (l.b_output_tok_per_s_per_gpu > l.a_output_tok_per_s_per_gpu) CHECK(l.cheaper == tk::cheaper_model::b);
    if (l.cheaper == tk::cheaper_model::a && l.b_usd_per_million_output_tokens > 0)
      CHECK(l.a_usd_per_million_output_tokens < l.b_usd_per_million_output_tokens);
  }
  // Explicit levels are used as given.
  const auto e = tk::compare(tk::presets::llama_3_1_8b, tk::presets::qwen3_30b_a3b, system, work,
                             tk::sweep_space{.max_gpus = 1, .weights = {tk::precision::bf16}}, {10.0, 1e9});
  REQUIRE(e.levels.size() == 2);
  CHECK(e.levels[1].cheaper == tk::cheaper_model::neither);
}
