#pragma once
// Preset lookup by the lowercase names of design §9 (the names `tokenomics list` prints; aliases may
// be added, never renamed). A GPU name implies its usual system: 8-GPU boxes for all but gb200 and
// gb300, which are NVL72 racks. Matching ignores ASCII case ("H100" finds "h100").
#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "../core/error.hpp"
#include "gpus.hpp"
#include "models.hpp"
#include "systems.hpp"

namespace tokenomics::presets {

namespace detail {
struct model_entry {
  std::string_view key;
  const model_spec* spec;
};
struct system_entry {
  std::string_view key;
  const system_spec* spec;
};

inline constexpr std::array model_table{
    model_entry{"llama-3.1-8b", &llama_3_1_8b},
    model_entry{"llama-3.3-70b", &llama_3_3_70b},
    model_entry{"llama-3.1-405b", &llama_3_1_405b},
    model_entry{"mixtral-8x7b", &mixtral_8x7b},
    model_entry{"mixtral-8x22b", &mixtral_8x22b},
    model_entry{"deepseek-v3", &deepseek_v3},
    model_entry{"deepseek-r1", &deepseek_r1},
    model_entry{"gpt-oss-120b", &gpt_oss_120b},
    model_entry{"gpt-oss-20b", &gpt_oss_20b},
    model_entry{"qwen3-235b-a22b", &qwen3_235b_a22b},
    model_entry{"qwen3-30b-a3b", &qwen3_30b_a3b},
    model_entry{"llama-4-maverick", &llama_4_maverick},
    model_entry{"kimi-k2", &kimi_k2},
};

inline constexpr std::array system_table{
    system_entry{"a100", &hgx_a100},       system_entry{"h100", &hgx_h100},
    system_entry{"h200", &hgx_h200},       system_entry{"b200", &hgx_b200},
    system_entry{"b300", &hgx_b300},       system_entry{"gb200", &gb200_nvl72},
    system_entry{"gb300", &gb300_nvl72},   system_entry{"mi300x", &mi300x_x8},
    system_entry{"mi325x", &mi325x_x8},    system_entry{"mi355x", &mi355x_x8},
};

template <class Entry, std::size_t N>
constexpr std::array<std::string_view, N> keys_of(const std::array<Entry, N>& table) {
  std::array<std::string_view, N> out{};
  for (std::size_t i = 0; i < N; ++i) out[i] = table[i].key;
  return out;
}

constexpr char ascii_lower(char c) noexcept { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; }
constexpr bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  return true;
}

template <std::size_t N>
std::string join(const std::array<std::string_view, N>& names) {
  std::string out;
  for (auto n : names) {
    if (!out.empty()) out += ", ";
    out += n;
  }
  return out;
}
}  // namespace detail

// Preset names in the order `tokenomics list models|gpus` prints them.
[[nodiscard]] constexpr auto model_names() noexcept { return detail::keys_of(detail::model_table); }
[[nodiscard]] constexpr auto gpu_names() noexcept { return detail::keys_of(detail::system_table); }

[[nodiscard]] constexpr std::optional<model_spec> find_model(std::string_view name) noexcept {
  for (const auto& e : detail::model_table)
    if (detail::iequals(e.key, name)) return *e.spec;
  return std::nullopt;
}
// The usual system of a GPU name (gb200/gb300: NVL72 rack; others: 8-GPU box).
[[nodiscard]] constexpr std::optional<system_spec> find_system(std::string_view gpu_name) noexcept {
  for (const auto& e : detail::system_table)
    if (detail::iequals(e.key, gpu_name)) return *e.spec;
  return std::nullopt;
}
// The accelerator alone.
[[nodiscard]] constexpr std::optional<accelerator_spec> find_gpu(std::string_view gpu_name) noexcept {
  if (auto s = find_system(gpu_name)) return s->gpu;
  return std::nullopt;
}

// Throw tokenomics::invalid_argument naming the value and the known names:
// "model = foo: unknown preset (known: llama-3.1-8b, ...)".
[[nodiscard]] inline model_spec model_or_throw(std::string_view name) {
  if (auto m = find_model(name)) return *m;
  tokenomics::detail::fail("model", std::string(name), "unknown preset (known: " + detail::join(model_names()) + ")");
}
[[nodiscard]] inline system_spec system_or_throw(std::string_view gpu_name) {
  if (auto s = find_system(gpu_name)) return *s;
  tokenomics::detail::fail("gpu", std::string(gpu_name), "unknown preset (known: " + detail::join(gpu_names()) + ")");
}

static_assert(model_names().size() == 13 && gpu_names().size() == 10);
static_assert(find_system("gb200")->scale_up_domain_gpus == 72 && find_system("H100")->scale_up_domain_gpus == 8);
static_assert(!find_model("llama-3-70b").has_value());

}  // namespace tokenomics::presets
