#pragma once
// The one error type of tokenomics and the small validation helpers every description uses.
// Pattern: Boost.Math's check_* helpers (common_error_handling.hpp) that name the parameter and
// print its value; we drop the policy and always throw (style.md §5).
#include <charconv>
#include <cmath>
#include <concepts>
#include <stdexcept>
#include <string>
#include <string_view>

namespace tokenomics {

// Thrown for every invalid input; the message names the field (dotted path) and the value.
struct invalid_argument : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

namespace detail {

// Shortest round-trip text of a number ("1.25e-09", not "0.000000": std::to_string would lose it).
inline std::string show(double v) {
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  return {buf, r.ptr};
}
inline std::string show(long long v) { return std::to_string(v); }
template <std::integral I>
inline std::string show(I v) { return std::to_string(static_cast<long long>(v)); }

[[noreturn]] inline void fail(std::string_view field, const std::string& value, std::string_view rule) {
  throw invalid_argument(std::string(field) + " = " + value + ": " + std::string(rule));
}

template <std::floating_point T>
void require_finite(std::string_view field, T v) {
  if (!std::isfinite(v)) fail(field, show(double(v)), "must be finite");
}
template <std::floating_point T>
void require_positive(std::string_view field, T v) {
  if (!(v > T(0)) || !std::isfinite(v)) fail(field, show(double(v)), "must be finite and > 0");
}
template <std::floating_point T>
void require_non_negative(std::string_view field, T v) {
  if (!(v >= T(0)) || !std::isfinite(v)) fail(field, show(double(v)), "must be finite and >= 0");
}
template <std::floating_point T>
void require_fraction(std::string_view field, T v) {  // (0, 1]
  if (!(v > T(0) && v <= T(1))) fail(field, show(double(v)), "must be in (0, 1]");
}
template <std::floating_point T>
void require_probability(std::string_view field, T v) {  // [0, 1]
  if (!(v >= T(0) && v <= T(1))) fail(field, show(double(v)), "must be in [0, 1]");
}
template <std::integral I>
void require_positive(std::string_view field, I v) {
  if (v <= 0) fail(field, show(v), "must be > 0");
}
template <std::integral I>
void require_non_negative(std::string_view field, I v) {
  if (v < 0) fail(field, show(v), "must be >= 0");
}
// "plan.tp = 3: must divide model.num_attention_heads = 64"
template <std::integral I>
void require_divides(std::string_view field, I divisor, std::string_view of_field, I of_value) {
  if (divisor <= 0 || of_value % divisor != 0)
    fail(field, show(divisor), "must divide " + std::string(of_field) + " = " + show(of_value));
}

}  // namespace detail
}  // namespace tokenomics
