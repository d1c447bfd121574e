// EP-rank statistics and the step-oracle contract, theory §3.5, §3.6, §4.1, §4.3, Appendix A.4, A.7.
#include <tokenomics/moe/ep_load.hpp>

#include <cmath>
#include <cstdint>
#include <span>
#include <thread>
#include <tuple>
#include <vector>

#include <tokenomics/moe/distinct.hpp>
#include <tokenomics/moe/max_load.hpp>
#include <tokenomics/moe/skew.hpp>
#include <tokenomics/presets/routing.hpp>

#include "tt.hpp"

namespace tk = tokenomics;

namespace {
struct a4_row {
  int e, k, g, br;
  double ratio_mc, se, corr, mean_d, max_d_mc, max_d_approx, ranks_per_token;
};
// theory.md Appendix A.4 (tB.md): mean pairs/rank = b_r k; ratio = E[max R_g]/mean.
const std::vector<a4_row> a4{
    {256, 8, 8, 1, 1.5195, 0.0011, 1.5146, 7.178, 10.640, 10.636, 5.2947},
    {256, 8, 8, 16, 1.1258, 0.0003, 1.1254, 31.450, 31.999, 31.999, 5.2947},
    {256, 8, 8, 128, 1.0438, 0.0001, 1.0440, 32, 32, 32, 5.2947},
    {256, 8, 32, 1, 1.7832, 0.0011, 1.7801, 5.104, 7.589, 7.584, 7.2668},
    {256, 8, 32, 128, 1.0644, 0.0001, 1.0643, 8, 8, 8, 7.2668},
    {256, 8, 64, 1, 1.9005, 0.0011, 1.8976, 3.476, 4.000, 4.000, 7.6758},
    {256, 8, 64, 16, 1.2098, 0.0002, 1.2098, 4, 4, 4, 7.6758},
    {256, 8, 64, 128, 1.0730, 0.0001, 1.0729, 4, 4, 4, 7.6758},
    {256, 8, 64, 256, 1.0515, 0.0001, 1.0514, 4, 4, 4, 7.6758},
    {128, 4, 8, 16, 1.1790, 0.0004, 1.1784, 15.725, 16, 16, 3.3425},
    {128, 4, 16, 1, 1.9554, 0.0017, 1.9438, 3.186, 5.650, 5.635, 3.6797},
    {128, 4, 32, 1, 2.1458, 0.0017, 2.1353, 2.552, 3.999, 3.997, 3.8598},
    {128, 4, 32, 128, 1.0914, 0.0001, 1.0914, 4, 4, 4, 3.8598},
    {8, 2, 2, 1, 1.3372, 0.0007, 1.3536, 1.750, 2.316, 2.292, 1.5714},
    {8, 2, 4, 16, 1.1699, 0.0002, 1.1693, 2, 2, 2, 1.8571},
    {8, 2, 8, 16, 1.2379, 0.0002, 1.2364, 1, 1, 1, 2},
    {8, 2, 8, 128, 1.0831, 0.0001, 1.0828, 1, 1, 1, 2},
};
}  // namespace

TEST_CASE("A.4: EP-rank rows, distinct experts and ranks per token (uniform routing)") {
  for (const auto& r : a4) {
    CAPTURE(r.e); CAPTURE(r.g); CAPTURE(r.br);
    const std::int64_t b = std::int64_t(r.br) * r.g;
    const auto s = tk::ep_load(r.e, r.k, r.g, b);
    CHECK(s.mean_pairs_per_rank == tt::rel(double(r.br) * r.k, 1e-15));
    // vs MC: 1.5 %; Mixtral G = 2 (mu_R = 2): 2 % (theory §3.3 item 1: corr overshoots ~1 % there)
    const double ratio = s.max_pairs_per_rank / s.mean_pairs_per_rank;
    CHECK(ratio == tt::rel(r.ratio_mc, r.e == 8 && r.g == 2 ? 0.02 : 0.015));
    CHECK(ratio == tt::rel(r.corr, 1.01e-4 / r.corr));  // the table's corr column (same method, 4 decimals)
    // mean distinct experts per rank K pi (printed to 3 decimals)
    CHECK(s.mean_distinct_experts_per_rank == tt::rel(r.mean_d, 5.1e-4 / r.mean_d));
    // E[max D_g] vs MC: 1 % for E >= 128, 3 % for E = 8 (theory §3.5)
    CHECK(s.max_distinct_experts_per_rank == tt::rel(r.max_d_mc, r.e >= 128 ? 0.01 : 0.03));
    CHECK(s.max_distinct_experts_per_rank == tt::rel(r.max_d_approx, 5.1e-4 / r.max_d_approx));
    CHECK(s.ranks_per_token == tt::rel(r.ranks_per_token, 1e-4));  // exact, printed to 4 decimals
    CHECK(tk::ranks_per_token(r.e, r.k, r.g) == tt::rel(r.ranks_per_token, 1e-4));
    // tokens per rank: mean B rho = B (G rho)/G, the max between the mean and B
    CHECK(s.mean_tokens_per_rank == tt::rel(double(b) * r.ranks_per_token / r.g, 1e-4));
    CHECK(s.max_tokens_per_rank >= s.mean_tokens_per_rank);
    CHECK(s.max_tokens_per_rank <= double(b));
  }
}

TEST_CASE("Ranks and nodes per token, node-limited routing (theory §3.5, §3.6, A.7)") {
  CHECK(tk::nodes_per_token(256, 8, 8) == tt::rel(5.2947, 1e-4));        // A.7: DeepSeek on 8 nodes
  CHECK(tk::ranks_per_token(256, 8, 64) == tt::rel(7.6758, 1e-4));       // A.7: DeepSeek-V3 EP64
  CHECK(tk::node_limited_nodes_per_token(256, 8, 8, 4) == tt::rel(3.6290, 1e-4));  // A.7, §3.6
  // §3.6 by hand: P(selected group empty) = C(96,8)/C(128,8) = 0.0927 -> 8 / 3.629 = 2.20 experts/node
  CHECK(8.0 / tk::node_limited_nodes_per_token(256, 8, 8, 4) == tt::rel(2.20, 0.003));
  // one rank holds everything: every token is sent to it
  CHECK(tk::ranks_per_token(256, 8, 1) == 1.0);
  // K = 1 expert per rank: G rho = E (1 - (E-1 choose k)/(E choose k)) = E k/E = k
  CHECK(tk::ranks_per_token(8, 2, 8) == tt::rel(2.0, 1e-15));
}

TEST_CASE("ep_load with G = 1 reduces to the single-GPU values") {
  const auto s = tk::ep_load(256, 8, 1, 8);
  CHECK(s.mean_pairs_per_rank == 64.0);  // B k
  CHECK(s.max_pairs_per_rank == 64.0);
  CHECK(s.max_distinct_experts_per_rank == tt::rel(57.4208308, 1e-9));  // A.1 E[D](256, 8, 8)
  CHECK(s.mean_distinct_experts_per_rank == tt::rel(57.4208308, 1e-9));
  CHECK(s.ranks_per_token == 1.0);
  CHECK(s.mean_tokens_per_rank == 8.0);
  CHECK(s.max_tokens_per_rank == 8.0);
}

TEST_CASE("ep_load agrees with the individual functions and is stable under caching") {
  const auto s = tk::ep_load(256, 8, 32, 256);
  CHECK(s.max_pairs_per_rank == tt::rel(tk::expected_max_rank_pairs(256, 8, 32, 256).expected_max, 1e-12));
  CHECK(s.max_tokens_per_rank == tt::rel(tk::expected_max_rank_tokens(256, 8, 32, 256).expected_max, 1e-12));
  CHECK(s.max_distinct_experts_per_rank == tt::rel(tk::expected_max_rank_distinct(256, 8, 32, 256).expected_max, 1e-12));
  CHECK(s.mean_distinct_experts_per_rank * 32 == tt::rel(tk::expected_distinct_experts(256, 8, 256), 1e-12));
  CHECK(s.ranks_per_token == tt::rel(tk::ranks_per_token(256, 8, 32), 1e-12));
  // repeat (warm cache), with other keys in between: identical values
  (void)tk::ep_load(256, 8, 32, 512);
  (void)tk::ep_load(256, 8, 32, 256, tk::routing_skew{tk::skew_kind::lognormal, 0.5});
  const auto again = tk::ep_load(256, 8, 32, 256);
  CHECK(again.max_pairs_per_rank == s.max_pairs_per_rank);
  CHECK(again.max_distinct_experts_per_rank == s.max_distinct_experts_per_rank);
  CHECK(again.max_tokens_per_rank == s.max_tokens_per_rank);
  const auto skew = tk::routing_skew{tk::skew_kind::lognormal, 1.0};
  const auto a = tk::ep_load(256, 8, 32, 1024, skew, 32), b = tk::ep_load(256, 8, 32, 1024, skew, 32);
  CHECK(a.max_pairs_per_rank == b.max_pairs_per_rank);
  // float instantiation (computed in double, converted)
  CHECK(double(tk::ep_load<float>(256, 8, 32, 256).max_pairs_per_rank) == tt::rel(s.max_pairs_per_rank, 1e-6));
  // tokens = 0: all zeros
  const auto z = tk::ep_load(256, 8, 32, 0);
  CHECK(z.max_pairs_per_rank == 0.0);
  CHECK(z.ranks_per_token == 0.0);
}

TEST_CASE("Skew with sigma = 0 and uniform routing with replicas stay at the uniform values") {
  // lognormal sigma = 0 gives equal shares: the exact uniform path (A.4 DeepSeek G = 32, b_r = 128)
  const auto s = tk::ep_load(256, 8, 32, 4096, tk::routing_skew{tk::skew_kind::lognormal, 0.0});
  CHECK(s.max_pairs_per_rank / s.mean_pairs_per_rank == tt::rel(1.0643, 1e-4));
  // uniform with 32 replicas (9 slots/rank): replicas only split loads; the normal approximation
  // of the heterogeneous path stays within 0.5 % of the uniform corr value 1.0643
  const auto r = tk::ep_load(256, 8, 32, 4096, tk::routing_skew{}, 32);
  CHECK(r.max_pairs_per_rank / r.mean_pairs_per_rank == tt::rel(1.0643, 0.005));
  CHECK(r.mean_pairs_per_rank == tt::rel(1024.0, 1e-12));
}

TEST_CASE("TensorRT-LLM DeepSeek-R1 EP32 measurement vs the lognormal sigma = 1 model (theory §4.1, §4.2)") {
  // Measured (TensorRT-LLM tech blog 4, Table 1; E = 256, k = 8; averages of per-layer,
  // per-iteration metrics; imbalance = (max - mean)/mean, std over ranks):
  //   no EPLB, EP32, 4096 tokens:            rank std 491.6, rank imbalance 1.564, expert 10.948
  //   EPLB 288 slots, EP32 (9 per rank):     rank std 52.0,  rank imbalance 0.109, slot std 77.8
  //   EPLB 288 slots, EP36 (8 per rank):     rank std 53.9,  rank imbalance 0.115, slot std 87.5
  // (EP36 keeps 128 tokens per rank: 4608 tokens.) presets::deepseek_r1_translation_routing is
  // sigma = 1.0 from theory §4.2 and share_cv = 0.10 fitted to the EP32 EPLB std alone.
  const auto routing = tk::presets::deepseek_r1_translation_routing;
  const auto iid = tk::routing_skew{tk::skew_kind::lognormal, 1.0};
  const auto q = tk::expert_shares(256, 8, routing);
  const double expert_imbalance = tk::expected_max_load(std::span<const double>(q), 4096).ratio - 1.0;
  CHECK(expert_imbalance == tt::rel(10.948, 0.25));
  auto imbalance = [](const tk::ep_load_stats& s) { return s.max_pairs_per_rank / s.mean_pairs_per_rank - 1.0; };

  const auto none = tk::ep_load(256, 8, 32, 4096, routing);
  CHECK(imbalance(none) == tt::rel(1.564, 0.25));      // model 1.27: a single sigma under-reads hot layers
  CHECK(none.sd_pairs_per_rank == tt::rel(491.6, 0.15));  // model 450

  // EPLB, EP32: the i.i.d. model leaves only sampling noise, 0.064 (theory §4.1 "uniform theory ...
  // 0.064", std 30.9), 1.7x below the measurement; share_cv = 0.10 closes the gap.
  const auto eplb_iid = tk::ep_load(256, 8, 32, 4096, iid, 32);
  CHECK(imbalance(eplb_iid) == tt::rel(0.064, 0.03));
  CHECK(eplb_iid.sd_pairs_per_rank == tt::rel(31.06, 0.02));  // sqrt(B Var hypergeometric), as uniform
  const auto eplb32 = tk::ep_load(256, 8, 32, 4096, routing, 32);
  CHECK(eplb32.sd_pairs_per_rank == tt::rel(52.0, 0.03));  // the fitted quantity (0.103 rounded to 0.10)
  CHECK(imbalance(eplb32) == tt::rel(0.109, 0.10));        // the issue asks for a factor 1.5; model 0.105

  // EPLB, EP36: not used in the fit.
  const auto eplb36 = tk::ep_load(256, 8, 36, 4608, routing, 32);
  CHECK(eplb36.sd_pairs_per_rank == tt::rel(53.9, 0.05));  // model 53.4
  CHECK(imbalance(eplb36) == tt::rel(0.115, 0.10));        // model 0.112

  // Slot level: after EPLB the slots still differ (the 32 replicas go to the hottest experts, cold
  // experts keep their small shares); the placement's expected slot loads carry nearly all of the
  // measured slot std (sampling adds sqrt(114) ~ 11 in quadrature).
  for (const auto& [ranks, tokens, measured] : {std::tuple{32, 4096, 77.8}, std::tuple{36, 4608, 87.5}}) {
    const auto plan = tk::eplb(std::span<const double>(q), ranks, 32);
    double mean = 0.0, square = 0.0;
    for (const double l : plan.slot_load) mean += l / double(plan.slot_load.size());
    for (const double l : plan.slot_load) square += (l - mean) * (l - mean) / double(plan.slot_load.size());
    CAPTURE(ranks);
    CHECK(tokens * std::sqrt(square) == tt::rel(measured, 0.06));  // model 80.6, 90.7
  }
}

TEST_CASE("ep_load from several threads agrees with one thread (thread caches + the shared cache)") {
  const auto skew = tk::routing_skew{tk::skew_kind::lognormal, 0.7, {}, 0.05};
  std::vector<std::int64_t> batches;
  for (std::int64_t b = 1; b <= 3000; b += 37) batches.push_back(b);
  std::vector<double> expected;  // computed on this thread (fills the shared cache)
  for (const auto b : batches) expected.push_back(tk::ep_load(128, 8, 16, b, skew, 16).max_pairs_per_rank);
  std::vector<std::vector<double>> seen(4);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < seen.size(); ++t)
    threads.emplace_back([&, t] {
      for (std::size_t i = 0; i < batches.size(); ++i) {  // each thread in its own order, cold cache
        const auto b = batches[(i * (t + 1)) % batches.size()];
        seen[t].push_back(tk::ep_load(128, 8, 16, b, skew, 16).max_pairs_per_rank);
        (void)tk::ep_load(128, 8, 16, b + 1000 * std::int64_t(t + 1), skew, 16);  // keys only this thread asks for
      }
    });
  for (auto& th : threads) th.join();
  for (std::size_t t = 0; t < seen.size(); ++t)
    for (std::size_t i = 0; i < batches.size(); ++i)
      CHECK(seen[t][i] == expected[(i * (t + 1)) % batches.size()]);
}

TEST_CASE("ep_load: invalid input names the field and value") {
  using tk::invalid_argument;
  CHECK_THROWS_WITH_AS((void)tk::ep_load(8, 9, 1, 16), doctest::Contains("top_k = 9"), invalid_argument);
  CHECK_THROWS_WITH_AS((void)tk::ep_load(8, 0, 1, 16), doctest::Contains("top_k = 0"), invalid_argument);
  CHECK_THROWS_WITH_AS((void)tk::ep_load(8, 2, 1, -1), doctest::Contains("tokens = -1"), invalid_argument);
  CHECK_THROWS_WITH_AS((void)tk::ep_load(8, 2, 0, 16), doctest::Contains("ep_ranks = 0"), invalid_argument);
  CHECK_THROWS_WITH_AS((void)tk::ep_load(256, 8, 3, 16), doctest::Contains("ep_ranks = 3"), invalid_argument);
  CHECK_THROWS_WITH_AS((void)tk::ep_load(256, 8, 32, 16, tk::routing_skew{}, 8), doctest::Contains("ep_ranks = 32"),
                       invalid_argument);  // 264 slots are not divisible by 32
  CHECK_THROWS_WITH_AS((void)tk::ep_load(256, 8, 32, 16, tk::routing_skew{}, -1), doctest::Contains("redundant_slots = -1"),
                       invalid_argument);
  CHECK_THROWS_WITH_AS((void)tk::ep_load(256, 8, 32, 16, tk::routing_skew{tk::skew_kind::lognormal, -0.5}),
                       doctest::Contains("workload.skew.parameter = -0.5"), invalid_argument);
  CHECK_THROWS_WITH_AS((void)tk::ep_load(256, 8, 32, 16, tk::routing_skew{tk::skew_kind::uniform, 0.0, {}, -0.1}),
                       doctest::Contains("workload.skew.share_cv = -0.1"), invalid_argument);
  CHECK_THROWS_WITH_AS((void)tk::ep_load(256, 8, 32, 16, tk::routing_skew{tk::skew_kind::lognormal, 1.0, {}, NAN}),
                       doctest::Contains("workload.skew.share_cv = nan"), invalid_argument);
  const std::vector<double> bad(8, 0.3);  // sums to 2.4, not k = 2
  CHECK_THROWS_WITH_AS((void)tk::ep_load(8, 2, 2, 16, tk::routing_skew{tk::skew_kind::measured, 0.0, bad}),
                       doctest::Contains("workload.skew.shares = sum 2.4"), invalid_argument);
  const std::vector<double> short_list(4, 0.5);
  CHECK_THROWS_WITH_AS((void)tk::ep_load(8, 2, 2, 16, tk::routing_skew{tk::skew_kind::measured, 0.0, short_list}),
                       doctest::Contains("workload.skew.shares = size 4"), invalid_argument);
  CHECK_THROWS_WITH_AS((void)tk::node_limited_nodes_per_token(256, 8, 8, 9), doctest::Contains("topk_group = 9"),
                       invalid_argument);
}
