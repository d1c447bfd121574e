// Share fluctuation (routing_skew::share_cv, moe/ep_load.hpp) against Monte Carlo: each trial
// draws the step's shares q_j (1 + eps_j), eps_j ~ N(0, c^2), renormalised, then routes B tokens.
#include <tokenomics/moe/ep_load.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <span>
#include <vector>

#include <tokenomics/moe/eplb.hpp>
#include <tokenomics/moe/skew.hpp>

#include "tt.hpp"

namespace tk = tokenomics;

namespace {

struct mc_result {
  double sd_pairs{}, max_pairs{}, max_tokens{};
};

// Tokens pick top_k distinct experts by successive draws proportional to the step's weights (the
// inclusion probability is then close to k w_j / sum w for small shares), then one replica of each
// uniformly. rank_of_slot[s] = s / slots-per-rank, as eplb() lays slots out rank-major.
mc_result simulate(std::span<const double> shares, std::span<const int> slot_expert, int top_k, int ranks, int tokens,
                   double cv, int trials) {
  const int experts = int(shares.size()), slots = int(slot_expert.size()), per = slots / ranks;
  std::vector<std::vector<int>> replicas(std::size_t(experts), std::vector<int>{});
  for (int s = 0; s < slots; ++s) replicas[std::size_t(slot_expert[std::size_t(s)])].push_back(s);
  std::mt19937_64 rng(20261123);
  std::normal_distribution<double> eps(0.0, cv);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::vector<double> w(static_cast<std::size_t>(experts));
  mc_result acc;
  for (int t = 0; t < trials; ++t) {
    for (int j = 0; j < experts; ++j) w[std::size_t(j)] = shares[std::size_t(j)] * std::max(0.0, 1.0 + eps(rng));
    std::vector<int> pairs(std::size_t(ranks), 0), received(std::size_t(ranks), 0);
    for (int b = 0; b < tokens; ++b) {
      std::vector<int> chosen;
      std::vector<char> hit(std::size_t(ranks), 0);
      for (int c = 0; c < top_k; ++c) {
        double total = 0.0;
        for (int j = 0; j < experts; ++j)
          if (std::find(chosen.begin(), chosen.end(), j) == chosen.end()) total += w[std::size_t(j)];
        double x = u(rng) * total;
        int pick = -1;
        for (int j = 0; j < experts && x >= 0.0; ++j)
          if (std::find(chosen.begin(), chosen.end(), j) == chosen.end()) {
            x -= w[std::size_t(j)];
            pick = j;
          }
        chosen.push_back(pick);
        const auto& r = replicas[std::size_t(pick)];
        const int rank = r[std::size_t(rng() % r.size())] / per;
        ++pairs[std::size_t(rank)];
        hit[std::size_t(rank)] = 1;
      }
      for (int g = 0; g < ranks; ++g) received[std::size_t(g)] += hit[std::size_t(g)];
    }
    const double mean = double(tokens) * top_k / ranks;
    double square = 0.0;
    for (const int p : pairs) square += (p - mean) * (p - mean) / ranks;
    acc.sd_pairs += square / trials;
    acc.max_pairs += double(*std::max_element(pairs.begin(), pairs.end())) / trials;
    acc.max_tokens += double(*std::max_element(received.begin(), received.end())) / trials;
  }
  acc.sd_pairs = std::sqrt(acc.sd_pairs);
  return acc;
}

std::vector<int> identity_slots(int experts) {
  std::vector<int> s(static_cast<std::size_t>(experts));
  for (int j = 0; j < experts; ++j) s[std::size_t(j)] = j;
  return s;
}

}  // namespace

TEST_CASE("share_cv = 0 is the i.i.d. model, share_cv > 0 widens the busiest rank") {
  const auto iid = tk::ep_load(256, 8, 32, 4096);
  const auto same = tk::ep_load(256, 8, 32, 4096, tk::routing_skew{tk::skew_kind::uniform, 0.0, {}, 0.0});
  CHECK(same.max_pairs_per_rank == iid.max_pairs_per_rank);
  // sqrt(B k (K/E)(1 - K/E)(E - k)/(E - 1)) = sqrt(4096 * 8 * (8/256) * (248/256) * (248/255)) = 31.0607
  CHECK(iid.sd_pairs_per_rank == tt::rel(31.0607, 1e-5));
  // + B^2 c^2 K q^2 (1 - 1/G), q = k/E: 4096^2 * 0.01 * 8 * (1/32)^2 * (31/32) = 1269.8 -> sd 47.27
  const auto wide = tk::ep_load(256, 8, 32, 4096, tk::routing_skew{tk::skew_kind::uniform, 0.0, {}, 0.1});
  CHECK(wide.sd_pairs_per_rank == tt::rel(std::sqrt(31.0607 * 31.0607 + 1269.76), 1e-4));
  CHECK(wide.max_pairs_per_rank > iid.max_pairs_per_rank);
  CHECK(wide.max_tokens_per_rank > iid.max_tokens_per_rank);
  CHECK(wide.mean_pairs_per_rank == iid.mean_pairs_per_rank);
  CHECK(wide.max_distinct_experts_per_rank == iid.max_distinct_experts_per_rank);
}

TEST_CASE("share_cv against Monte Carlo: uniform shares, one expert per token") {
  // E = 16, k = 1, 4 ranks, B = 512, c = 0.2 (MC: 4000 trials; standard error of the max ~0.1)
  const auto q = tk::expert_shares(16, 1, tk::routing_skew{});
  const auto mc = simulate(q, identity_slots(16), 1, 4, 512, 0.2, 4000);
  const auto model = tk::ep_load(16, 1, 4, 512, tk::routing_skew{tk::skew_kind::uniform, 0.0, {}, 0.2});
  CHECK(model.sd_pairs_per_rank == tt::rel(mc.sd_pairs, 0.02));
  CHECK(model.max_pairs_per_rank == tt::rel(mc.max_pairs, 0.01));
}

TEST_CASE("share_cv against Monte Carlo: skewed shares with EPLB replicas (replicas move together)") {
  // lognormal sigma = 1, E = 16, k = 1, 4 ranks with 4 redundant slots, B = 512, c = 0.2. Treating
  // replicas as independent would over-read the rank std by 10 %.
  const auto skew = tk::routing_skew{tk::skew_kind::lognormal, 1.0, {}, 0.2};
  const auto q = tk::expert_shares(16, 1, skew);
  const auto plan = tk::eplb(std::span<const double>(q), 4, 4);
  const auto mc = simulate(q, plan.slot_expert, 1, 4, 512, 0.2, 4000);
  const auto model = tk::ep_load(16, 1, 4, 512, skew, 4);
  CHECK(model.sd_pairs_per_rank == tt::rel(mc.sd_pairs, 0.03));
  CHECK(model.max_pairs_per_rank == tt::rel(mc.max_pairs, 0.01));
}

TEST_CASE("share_cv against Monte Carlo: de-duplicated tokens per rank, top-2") {
  // E = 64, k = 2, 8 ranks, B = 256, c = 0.3 (successive draws: inclusion within ~1.5 % of 2 w/sum w)
  const auto q = tk::expert_shares(64, 2, tk::routing_skew{});
  const auto mc = simulate(q, identity_slots(64), 2, 8, 256, 0.3, 1500);
  const auto model = tk::ep_load(64, 2, 8, 256, tk::routing_skew{tk::skew_kind::uniform, 0.0, {}, 0.3});
  CHECK(model.max_tokens_per_rank == tt::rel(mc.max_tokens, 0.015));
  CHECK(model.max_pairs_per_rank == tt::rel(mc.max_pairs, 0.015));
}
