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
#include <utility>

namespace tokenomics {

// Thrown for every invalid input: what() is "<field> = <value>: <rule>" (or "<field>: <rule>"
// when there is no single value, e.g. a file that cannot be opened). The parts stay available so
// a front end can map the field to its own name for it (the CLI: a flag) without parsing text.
class invalid_argument : public std::invalid_argument {
 public:
  invalid_argument(std::string field, std::string value, std::string rule)
      : std::invalid_argument(field + (value.empty() ? "" : " = " + value) + ": " + rule),
        field_(std::move(field)), value_(std::move(value)), rule_(std::move(rule)) {}
  // A message that is not of that shape ("config.json: hidden_size missing"), parts kept.
  invalid_argument(std::string field, std::string value, std::string rule, const std::string& message)
      : std::invalid_argument(message), field_(std::move(field)), value_(std::move(value)), rule_(std::move(rule)) {}
  // Free text from code that has no parts (kept for callers written before field()): field() is
  // the text before the first " = " when the message has the "<field> = <value>: <rule>" shape.
  explicit invalid_argument(const std::string& message) : std::invalid_argument(message) {
    const auto eq = message.find(" = ");
    const auto colon = eq == std::string::npos ? eq : message.find(": ", eq + 3);
    if (colon == std::string::npos) { rule_ = message; return; }
    field_ = message.substr(0, eq);
    value_ = message.substr(eq + 3, colon - eq - 3);
    rule_ = message.substr(colon + 2);
  }
  // The same error seen from an enclosing context ("config.json" + "model.hidden" ->
  // "config.json: model.hidden"), keeping value and rule.
  invalid_argument(std::string_view context, const invalid_argument& inner)
      : invalid_argument(std::string(context) + ": " + inner.field(), inner.value(), inner.rule()) {}

  [[nodiscard]] const std::string& field() const noexcept { return field_; }  // dotted path
  [[nodiscard]] const std::string& value() const noexcept { return value_; }  // as shown
  [[nodiscard]] const std::string& rule() const noexcept { return rule_; }

 private:
  std::string field_, value_, rule_;
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
  throw invalid_argument(std::string(field), value, std::string(rule));
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
