#pragma once
// Economics per GPU (design §7): dollars per million tokens, tokens per second per megawatt, a
// total-cost-of-ownership price per GPU-hour, and the cost per token of one platform relative to
// another. Pure arithmetic on validated inputs; every argument is checked and a bad one is named.
#include <cmath>
#include <concepts>
#include <limits>
#include <span>
#include <type_traits>
#include <vector>

#include "../core/error.hpp"
#include "../core/units.hpp"
#include "../explore/frontier.hpp"

namespace tokenomics {

// USD per million tokens = price per GPU-second / tokens per GPU-second * 1e6
//                        = price_usd_per_gpu_hour / 3600 / tok_per_s_per_gpu * 1e6   (design §7).
// Example: $2/GPU-h at 1000 tok/s/GPU -> 2 / 3600 / 1000 * 1e6 = $0.5556 per Mtok.
// Both inputs must be finite and > 0 (a zero price is almost always a forgotten field).
template <std::floating_point T>
[[nodiscard]] T usd_per_million_tokens(T price_usd_per_gpu_hour, T tok_per_s_per_gpu) {
  detail::require_positive("price_usd_per_gpu_hour", price_usd_per_gpu_hour);
  detail::require_positive("tok_per_s_per_gpu", tok_per_s_per_gpu);
  return price_usd_per_gpu_hour / T(units::hour) / tok_per_s_per_gpu * T(1e6);
}

// Tokens per second per megawatt of all-in power (GPU plus its share of host, network, cooling):
// tok_per_s_per_gpu / all_in_power_w * 1e6 W/MW   (design §7).
// Example: 1000 tok/s/GPU at 1400 W -> 1000 / 1400 * 1e6 = 714,286 tok/s per MW.
template <std::floating_point T>
[[nodiscard]] T tokens_per_megawatt(T tok_per_s_per_gpu, T all_in_power_w) {
  detail::require_non_negative("tok_per_s_per_gpu", tok_per_s_per_gpu);
  detail::require_positive("all_in_power_w", all_in_power_w);
  return tok_per_s_per_gpu / all_in_power_w * T(units::MW);
}

// Total cost of ownership of one GPU, turned into a price per GPU-hour.
template <std::floating_point T>
struct basic_tco_spec {
  T capex_usd_per_gpu{};       // purchase price per GPU, all-in (its share of server and network)
  T lifetime_s{};              // straight-line depreciation period (e.g. 4 years = 4 * 8760 h)
  T power_w_per_gpu{};         // average IT power per GPU (its share of host and network)
  T pue{};                     // power usage effectiveness: facility power / IT power, >= 1
  T usd_per_kwh{};             // electricity price
  T opex_usd_per_gpu_hour{};   // everything else per GPU-hour (staff, space, support, software)
};
using tco_spec = basic_tco_spec<double>;

template <std::floating_point T>
struct basic_tco_breakdown {
  T capex_usd_per_gpu_hour{};   // capex_usd_per_gpu / (lifetime_s / 3600)
  T energy_usd_per_gpu_hour{};  // power_w_per_gpu * pue / 1000 (kW) * usd_per_kwh (1 h)
  T opex_usd_per_gpu_hour{};    // as given
  T usd_per_gpu_hour{};         // sum of the three
};
using tco_breakdown = basic_tco_breakdown<double>;

// Throws invalid_argument naming "tco.<field>" and its value.
template <std::floating_point T>
void validate(const basic_tco_spec<T>& tco) {
  detail::require_non_negative("tco.capex_usd_per_gpu", tco.capex_usd_per_gpu);
  detail::require_positive("tco.lifetime_s", tco.lifetime_s);
  detail::require_positive("tco.power_w_per_gpu", tco.power_w_per_gpu);
  if (!(tco.pue >= T(1)) || !std::isfinite(tco.pue))
    detail::fail("tco.pue", detail::show(double(tco.pue)), "must be finite and >= 1");
  detail::require_non_negative("tco.usd_per_kwh", tco.usd_per_kwh);
  detail::require_non_negative("tco.opex_usd_per_gpu_hour", tco.opex_usd_per_gpu_hour);
}

// Price per GPU-hour = capex / lifetime in hours + power * PUE * $/kWh / 1000 + opex (design §7).
template <std::floating_point T>
[[nodiscard]] basic_tco_breakdown<T> tco_per_gpu_hour(const basic_tco_spec<T>& tco) {
  validate(tco);
  basic_tco_breakdown<T> r;
  r.capex_usd_per_gpu_hour = tco.capex_usd_per_gpu / (tco.lifetime_s / T(units::hour));
  r.energy_usd_per_gpu_hour = tco.power_w_per_gpu * tco.pue / T(units::kW) * tco.usd_per_kwh;  // kWh in 1 h
  r.opex_usd_per_gpu_hour = tco.opex_usd_per_gpu_hour;
  r.usd_per_gpu_hour = r.capex_usd_per_gpu_hour + r.energy_usd_per_gpu_hour + r.opex_usd_per_gpu_hour;
  return r;
}

// One platform's price and throughput per GPU, the pair that fixes its cost per token.
template <std::floating_point T>
struct basic_priced_throughput {
  T usd_per_gpu_hour{};
  T tok_per_s_per_gpu{};
};
using priced_throughput = basic_priced_throughput<double>;

template <std::floating_point T>
[[nodiscard]] T usd_per_million_tokens(const basic_priced_throughput<T>& p) {
  return usd_per_million_tokens(p.usd_per_gpu_hour, p.tok_per_s_per_gpu);
}

// Cost per token of platform a relative to platform b:
//   (price_a / tput_a) / (price_b / tput_b) = (price_a / price_b) * (tput_b / tput_a).
// Below 1 means a is cheaper per token. Example (Signal65, Dec 2025): GB200 NVL72 at $16.00/GPU-h
// with 28x the throughput of MI355X at $8.60/GPU-h -> 1.86 / 28 = 0.066, about 1/15.
// Throws invalid_argument naming "a.usd_per_gpu_hour", "b.tok_per_s_per_gpu", ... if not > 0.
template <std::floating_point T>
[[nodiscard]] T relative_cost_per_token(const basic_priced_throughput<T>& a, const basic_priced_throughput<T>& b) {
  detail::require_positive("a.usd_per_gpu_hour", a.usd_per_gpu_hour);
  detail::require_positive("a.tok_per_s_per_gpu", a.tok_per_s_per_gpu);
  detail::require_positive("b.usd_per_gpu_hour", b.usd_per_gpu_hour);
  detail::require_positive("b.tok_per_s_per_gpu", b.tok_per_s_per_gpu);
  return (a.usd_per_gpu_hour / b.usd_per_gpu_hour) * (b.tok_per_s_per_gpu / a.tok_per_s_per_gpu);
}

// $ per million output tokens at an interactivity target (design §7 `cost_at`): the price of the
// best frontier throughput with tok/s/user >= x (explore/frontier.hpp throughput_at). Returns
// +infinity when no frontier point reaches x: no configuration serves the target at any price.
template <std::floating_point T>
[[nodiscard]] T cost_at(std::span<const basic_operating_point<T>> frontier, std::type_identity_t<T> min_tok_per_s_per_user,
                        std::type_identity_t<T> price_usd_per_gpu_hour) {
  detail::require_positive("price_usd_per_gpu_hour", price_usd_per_gpu_hour);
  const T throughput = throughput_at(frontier, min_tok_per_s_per_user);
  if (!(throughput > T(0))) return std::numeric_limits<T>::infinity();
  return usd_per_million_tokens(price_usd_per_gpu_hour, throughput);
}
template <std::floating_point T>
[[nodiscard]] T cost_at(const std::vector<basic_operating_point<T>>& frontier, std::type_identity_t<T> min_tok_per_s_per_user,
                        std::type_identity_t<T> price_usd_per_gpu_hour) {
  return cost_at(std::span<const basic_operating_point<T>>(frontier), min_tok_per_s_per_user, price_usd_per_gpu_hour);
}

}  // namespace tokenomics
