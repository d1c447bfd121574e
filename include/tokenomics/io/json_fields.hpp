#pragma once
// Typed access to the keys of one JSON object, for the file readers of io/ (config.json,
// measurements): every error names the file and the dotted key path, and shows the bad value
// ("config.json: text_config.hidden_size = \"4096\": must be an integer").
#include <climits>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "../core/error.hpp"

namespace tokenomics::detail {

class json_fields {
 public:
  json_fields(const nlohmann::json& object, std::string where, std::string path)
      : j_(object), where_(std::move(where)), path_(std::move(path)) {}

  [[noreturn]] void fail(std::string_view key, std::string_view rule) const {
    throw invalid_argument(where_ + ": " + path_ + std::string(key) + std::string(rule));
  }
  // Present and not null.
  [[nodiscard]] bool has(std::string_view key) const {
    const auto it = j_.find(key);
    return it != j_.end() && !it->is_null();
  }
  [[nodiscard]] const nlohmann::json& at(std::string_view key) const {
    const auto it = j_.find(key);
    if (it == j_.end()) fail(key, " missing");
    return *it;
  }

  [[nodiscard]] int integer(std::string_view key) const { return to_int(key, at(key)); }
  [[nodiscard]] int integer_or(std::string_view key, int fallback) const {
    return has(key) ? integer(key) : fallback;
  }
  // The key must be there; null means "not stated".
  [[nodiscard]] std::optional<int> nullable_integer(std::string_view key) const {
    const auto& v = at(key);
    if (v.is_null()) return std::nullopt;
    return to_int(key, v);
  }
  [[nodiscard]] double number(std::string_view key) const {
    const auto& v = at(key);
    if (!v.is_number()) fail(key, " = " + brief(v) + ": must be a number");
    return v.get<double>();
  }
  [[nodiscard]] bool boolean_or(std::string_view key, bool fallback) const {
    if (!has(key)) return fallback;
    const auto& v = at(key);
    if (!v.is_boolean()) fail(key, " = " + brief(v) + ": must be true or false");
    return v.get<bool>();
  }
  [[nodiscard]] std::string string(std::string_view key) const {
    const auto& v = at(key);
    if (!v.is_string()) fail(key, " = " + brief(v) + ": must be a string");
    return v.get<std::string>();
  }
  // Absent or null: "".
  [[nodiscard]] std::string string_or_empty(std::string_view key) const { return has(key) ? string(key) : ""; }
  // The key must be there; null: "".
  [[nodiscard]] std::string nullable_string(std::string_view key) const {
    const auto& v = at(key);
    return v.is_null() ? std::string() : string(key);
  }
  [[nodiscard]] json_fields object(std::string_view key) const {
    const auto& v = at(key);
    if (!v.is_object()) fail(key, " = " + brief(v) + ": must be an object");
    return json_fields(v, where_, path_ + std::string(key) + ".");
  }
  [[nodiscard]] const nlohmann::json& json() const noexcept { return j_; }
  [[nodiscard]] const std::string& where() const noexcept { return where_; }

  // A value as it appears in a message, cut to 40 characters.
  [[nodiscard]] static std::string brief(const nlohmann::json& v) {
    std::string s = v.dump();
    if (s.size() > 40) s = s.substr(0, 37) + "...";
    return s;
  }

 private:
  [[nodiscard]] int to_int(std::string_view key, const nlohmann::json& v) const {
    if (v.is_number_unsigned()) {
      const auto u = v.get<unsigned long long>();
      if (u > static_cast<unsigned long long>(INT_MAX)) fail(key, " = " + brief(v) + ": out of range");
      return static_cast<int>(u);
    }
    if (v.is_number_integer()) {
      const auto i = v.get<long long>();
      if (i < INT_MIN || i > INT_MAX) fail(key, " = " + brief(v) + ": out of range");
      return static_cast<int>(i);
    }
    fail(key, " = " + brief(v) + ": must be an integer");
  }

  const nlohmann::json& j_;
  std::string where_;
  std::string path_;
};

}  // namespace tokenomics::detail
