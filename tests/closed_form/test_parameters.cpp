// Parameter counts against published totals (design §4) and against the reference's own
// config-derived counts (data/reference/models.json, param_count_derived_from_config: arithmetic
// by the reference's author from the HF config fields, independent of this code).
#include <tokenomics/closed_form/parameters.hpp>
#include <tokenomics/presets/models.hpp>

#include "tt.hpp"

namespace tk = tokenomics;
namespace pr = tokenomics::presets;

TEST_CASE("DeepSeek-V3: 671B total, 37B active") {
  const auto c = tk::parameter_count_of(pr::deepseek_v3);
  // models.json param_count_derived_from_config: total 671,026,419,200, active 37,552,297,472 (incl.
  // embedding and LM head, MTP excluded). Same fields, same arithmetic: agree to rounding.
  CHECK(c.total() == tt::rel(671026419200.0, 1e-12));
  CHECK(c.active == tt::rel(37552297472.0, 1e-12));
  // Published (DeepSeek-V3 README): 671B total, 37B activated.
  CHECK(c.total() == tt::rel(671e9, 0.01));
  // "37B" is rounded to the nearest billion, i.e. 36.5B..37.5B. The matmul-active count (embedding
  // gather excluded) is 36.63B, inside that interval; with the embedding table it is 37.55B (1.5 %
  // above: DeepSeek evidently does not count the input embedding as activated).
  CHECK(c.active_matmul == tt::rel(37e9, 0.011));
  CHECK(c.active_matmul >= 36.5e9);
  CHECK(c.active_matmul < 37.5e9);
  // MTP module: 11.61B by the formula; the README's "14B of MTP module weights" is the checkpoint's
  // MTP layer including its own copies of the 129280 × 7168 embedding and head: 11.61 + 2 × 0.927
  // = 13.46B ("14B" as rounded in the README): within 4 %.
  CHECK(c.mtp + 2.0 * 129280.0 * 7168.0 == tt::rel(14e9, 0.04));
}

TEST_CASE("Kimi-K2: 1T total, 32B active") {
  const auto c = tk::parameter_count_of(pr::kimi_k2);
  // models.json param_count_derived_from_config (with the DeepSeek-V3 q-side MLA dims the preset
  // also uses): total 1,026,408,232,448, active 32,861,500,928.
  CHECK(c.total() == tt::rel(1026408232448.0, 1e-12));
  CHECK(c.active == tt::rel(32861500928.0, 1e-12));
  // Kimi-K2 README: 1T total, 32B activated (rounded).
  CHECK(c.total() == tt::rel(1e12, 0.03));
  CHECK(c.active == tt::rel(32e9, 0.03));
}

TEST_CASE("Mixtral-8x7B: 46.7B total, 12.9B active") {
  const auto c = tk::parameter_count_of(pr::mixtral_8x7b);
  CHECK(c.total() == tt::rel(46702792704.0, 1e-12));  // models.json derived
  CHECK(c.active == tt::rel(12879925248.0, 1e-12));   // models.json derived
  // Mistral AI blog: 46.7B total, 12.9B used per token (embedding included in their count).
  CHECK(c.total() == tt::rel(46.7e9, 0.01));
  CHECK(c.active == tt::rel(12.9e9, 0.01));
  // By hand: per layer 8 experts × 3 × 4096 × 14336 = 1,409,286,144; active 2 of them.
  CHECK(c.routed_experts == tt::rel(32.0 * 1409286144.0, 1e-12));
}

TEST_CASE("Mixtral-8x22B: 141B total, 39B active") {
  const auto c = tk::parameter_count_of(pr::mixtral_8x22b);
  // Mistral AI blog: 141B total, 39B active. (Vocabulary 32768 of the Instruct model; models.json
  // derives 140,630,071,296 / 39,161,468,928.)
  CHECK(c.total() == tt::rel(141e9, 0.01));
  CHECK(c.active == tt::rel(39e9, 0.01));
}

TEST_CASE("gpt-oss-120b and gpt-oss-20b") {
  const auto big = tk::parameter_count_of(pr::gpt_oss_120b);
  // Model card (arXiv 2508.10925): 116.8B total, 5.1B active; the card's 5.13B excludes the input
  // embedding, i.e. it is active_matmul here. models.json derived: 116,829,156,672 / 5,132,849,472.
  CHECK(big.total() == tt::rel(116829156672.0, 1e-12));
  CHECK(big.active_matmul == tt::rel(5132849472.0, 1e-12));
  CHECK(big.total() == tt::rel(116.8e9, 0.01));
  CHECK(big.active_matmul == tt::rel(5.1e9, 0.01));
  const auto small = tk::parameter_count_of(pr::gpt_oss_20b);
  CHECK(small.total() == tt::rel(20.9e9, 0.01));         // model card 20.9B
  CHECK(small.active_matmul == tt::rel(3.6e9, 0.01));    // model card 3.6B (3.61B)
}

TEST_CASE("Llama-3 dense models") {
  // models.json derived counts; published 70.6B (Llama 3.1 model card) and 405.9B... nominal 405B.
  const auto l70 = tk::parameter_count_of(pr::llama_3_3_70b);
  CHECK(l70.total() == tt::rel(70553706496.0, 1e-12));
  CHECK(l70.total() == tt::rel(70.6e9, 0.01));
  CHECK(l70.active == l70.total());
  const auto l405 = tk::parameter_count_of(pr::llama_3_1_405b);
  CHECK(l405.total() == tt::rel(405853388800.0, 1e-12));
  CHECK(l405.total() == tt::rel(405.9e9, 0.01));
  const auto l8 = tk::parameter_count_of(pr::llama_3_1_8b);
  CHECK(l8.total() == tt::rel(8030261248.0, 1e-12));
  // By hand for 8B: per layer attention 4096·4096·2 + 2·4096·1024 = 41,943,040; FFN 3·4096·14336
  // = 176,160,768; norms 8192 -> 218,112,000 × 32 = 6,979,584,000; + 2 × 128256 × 4096
  // = 1,050,673,152; + final norm 4096 = 8,030,261,248.
  CHECK(l8.total() == 8030261248.0);
}

TEST_CASE("Qwen3 MoE models") {
  const auto big = tk::parameter_count_of(pr::qwen3_235b_a22b);
  CHECK(big.total() == tt::rel(235093634560.0, 1e-12));  // models.json derived
  CHECK(big.active == tt::rel(22190763520.0, 1e-12));
  CHECK(big.total() == tt::rel(235e9, 0.01));             // "235B in total and 22B activated"
  CHECK(big.active == tt::rel(22e9, 0.01));
  const auto small = tk::parameter_count_of(pr::qwen3_30b_a3b);
  CHECK(small.total() == tt::rel(30532122624.0, 1e-12));
  CHECK(small.total() == tt::rel(30.5e9, 0.01));          // "30.5 billion parameters in total"
  // "approximately 3.3 billion" activated; derived 3.353B (1.6 % above the rounded card value).
  CHECK(small.active == tt::rel(3353032704.0, 1e-12));
}

TEST_CASE("a dense model has no expert or router parameters") {
  const auto c = tk::parameter_count_of(pr::llama_3_1_8b);
  CHECK(c.routed_experts == 0.0);
  CHECK(c.shared_experts == 0.0);
  CHECK(c.routers == 0.0);
  CHECK(c.active_matmul == c.total() - c.embedding);
}

TEST_CASE("tied embeddings drop the LM head") {
  auto m = pr::llama_3_1_8b;
  m.tied_embeddings = true;
  const auto c = tk::parameter_count_of(m);
  CHECK(c.lm_head == 0.0);
  CHECK(c.total() == 8030261248.0 - 128256.0 * 4096.0);
}
