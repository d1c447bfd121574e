#pragma once
// Typed access to the keys of one JSON object, for the file readers of io/ (config.json,
// measurements): every error names the file and the dotted key path, and shows the bad value
// ("config.json: text_config.hidden_size = \"4096\": must be an integer").
#include <climits>
#include <istream>
#include <vector>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "../core/error.hpp"

namespace tokenomics::detail {

// Nesting deeper than this is rejected while parsing: real configs nest 3 levels, and a
// 200,000-deep value would overflow the stack in the recursive dump() of an error message.
inline constexpr int max_json_depth = 64;

[[nodiscard]] inline nlohmann::json parse_json_bounded(std::istream& in) {
  return nlohmann::json::parse(in, [](int depth, nlohmann::json::parse_event_t, nlohmann::json&) {
    if (depth > max_json_depth)
      throw invalid_argument("JSON nesting", std::to_string(depth), "must be <= " + std::to_string(max_json_depth));
    return true;
  });
}

// The same bound on a value built in memory (parse_hf_config), walked without recursion.
inline void check_depth(const nlohmann::json& j, const std::string& where) {
  std::vector<std::pair<const nlohmann::json*, int>> todo{{&j, 0}};
  while (!todo.empty()) {
    const auto [v, depth] = todo.back();
    todo.pop_back();
    if (depth > max_json_depth)
      throw invalid_argument(where + ": JSON nesting", std::to_string(depth),
                             "must be <= " + std::to_string(max_json_depth));
    if (v->is_structured())
      for (const auto& child : *v) todo.emplace_back(&child, depth + 1);
  }
}

class json_fields {
 public:
  json_fields(const nlohmann::json& object, std::string where, std::string path)
      : j_(object), where_(std::move(where)), path_(std::move(path)) {}

  // "<file>: <path><key> = <value>: <rule>"; field() is "<file>: <path><key>".
  [[noreturn]] void fail(std::string_view key, std::string value, std::string_view rule) const {
    throw invalid_argument(field(key), std::move(value), std::string(rule));
  }
  [[noreturn]] void missing(std::string_view key) const {
    throw invalid_argument(field(key), "", "missing", field(key) + " missing");
  }
  [[nodiscard]] std::string field(std::string_view key) const { return where_ + ": " + path_ + std::string(key); }
  // Present and not null.
  [[nodiscard]] bool has(std::string_view key) const {
    const auto it = j_.find(key);
    return it != j_.end() && !it->is_null();
  }
  [[nodiscard]] const nlohmann::json& at(std::string_view key) const {
    const auto it = j_.find(key);
    if (it == j_.end()) missing(key);
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
    if (!v.is_number()) fail(key, brief(v), "must be a number");
    return v.get<double>();
  }
  [[nodiscard]] bool boolean_or(std::string_view key, bool fallback) const {
    if (!has(key)) return fallback;
    const auto& v = at(key);
    if (!v.is_boolean()) fail(key, brief(v), "must be true or false");
    return v.get<bool>();
  }
  [[nodiscard]] std::string string(std::string_view key) const {
    const auto& v = at(key);
    if (!v.is_string()) fail(key, brief(v), "must be a string");
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
    if (!v.is_object()) fail(key, brief(v), "must be an object");
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
      if (u > static_cast<unsigned long long>(INT_MAX)) fail(key, brief(v), "out of range");
      return static_cast<int>(u);
    }
    if (v.is_number_integer()) {
      const auto i = v.get<long long>();
      if (i < INT_MIN || i > INT_MAX) fail(key, brief(v), "out of range");
      return static_cast<int>(i);
    }
    fail(key, brief(v), "must be an integer");
  }

  const nlohmann::json& j_;
  std::string where_;
  std::string path_;
};

}  // namespace tokenomics::detail
