// KV-cache bytes against theory §13's worked values.
#include <tokenomics/closed_form/kv_cache.hpp>
#include <tokenomics/presets/models.hpp>

#include "tt.hpp"

namespace tk = tokenomics;
namespace pr = tokenomics::presets;

TEST_CASE("per-token KV bytes, BF16") {
  // DeepSeek-V3 MLA: 61 layers × (512 + 64) × 2 B = 70,272 B (theory §13).
  CHECK(tk::kv_bytes_per_token(pr::deepseek_v3, tk::precision::bf16) == 70272.0);
  // Llama-3-70B GQA 8 × 128, 80 layers: 80 × 2 × 8 × 128 × 2 = 327,680 B = 320 KiB.
  CHECK(tk::kv_bytes_per_token(pr::llama_3_3_70b, tk::precision::bf16) == 327680.0);
  // Mixtral 8x7B: 32 × 2 × 8 × 128 × 2 = 131,072 B = 128 KiB; Qwen3-235B: 94 × 2 × 4 × 128 × 2 =
  // 192,512 B = 188 KiB; Qwen3-30B-A3B 48 layers: 98,304 B = 96 KiB.
  CHECK(tk::kv_bytes_per_token(pr::mixtral_8x7b, tk::precision::bf16) == 131072.0);
  CHECK(tk::kv_bytes_per_token(pr::qwen3_235b_a22b, tk::precision::bf16) == 192512.0);
  CHECK(tk::kv_bytes_per_token(pr::qwen3_30b_a3b, tk::precision::bf16) == 98304.0);
  // An MHA cache for V3's 128 heads × (192 K + 128 V) would be 4880 KiB (theory §13): MLA is 71× less.
  CHECK(61.0 * 128.0 * (192.0 + 128.0) * 2.0 == 4880.0 * 1024.0);
}

TEST_CASE("FP8 KV halves the bytes") {
  CHECK(tk::kv_bytes_per_token(pr::llama_3_3_70b, tk::precision::fp8) == 163840.0);
  CHECK(tk::kv_bytes_per_token_per_layer(pr::deepseek_v3, tk::precision::fp8) == 576.0);
}

TEST_CASE("gpt-oss-120b: sliding-window layers cap the cache") {
  // theory §13: 18 · 2048 · L + 18 · 2048 · min(L, 128) bytes; L = 8192 -> 292.5 MiB.
  const double at_8k = 18.0 * 2048.0 * 8192.0 + 18.0 * 2048.0 * 128.0;
  CHECK(at_8k == 292.5 * 1024.0 * 1024.0);
  CHECK(tk::kv_bytes_per_sequence(pr::gpt_oss_120b, tk::precision::bf16, 8192.0) == at_8k);
  // Below the window both kinds of layer hold all L tokens: 36 · 2048 · 100.
  CHECK(tk::kv_bytes_per_sequence(pr::gpt_oss_120b, tk::precision::bf16, 100.0) == 36.0 * 2048.0 * 100.0);
  // Long-context asymptote: 18 full layers × 2 KiB = 36 KiB per token (theory §13).
  CHECK(tk::kv_bytes_per_token(pr::gpt_oss_120b, tk::precision::bf16) == 36.0 * 1024.0);
  // gpt-oss-20b: 24 layers -> 12 full × 2 KiB = 24 KiB per token.
  CHECK(tk::kv_bytes_per_token(pr::gpt_oss_20b, tk::precision::bf16) == 24.0 * 1024.0);
}
