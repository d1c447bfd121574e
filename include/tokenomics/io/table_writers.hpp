#pragma once
// Tables for machines and people: CSV (RFC 4180 quoting, numbers in shortest round-trip form) and
// a fixed-width text table (headers, a rule, numbers right-aligned, text left-aligned). Generic:
// rows of cells that are text or numbers; no dependency on tokenomics beyond core.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "../core/error.hpp"

namespace tokenomics {

// One cell: text or a number. Integers are stored as double (exact below 2^53) and print without
// a decimal point.
struct table_cell {
  std::variant<std::string, double> value;

  table_cell(std::string text) : value(std::move(text)) {}                 // NOLINT: implicit on purpose
  table_cell(std::string_view text) : value(std::string(text)) {}          // NOLINT
  table_cell(const char* text) : value(std::string(text)) {}               // NOLINT
  template <std::floating_point F>
  table_cell(F number) : value(static_cast<double>(number)) {}             // NOLINT
  template <std::integral I>
    requires(!std::same_as<I, bool> && !std::same_as<I, char>)
  table_cell(I number) : value(static_cast<double>(number)) {}             // NOLINT

  [[nodiscard]] bool is_number() const noexcept { return std::holds_alternative<double>(value); }
};
using table_row = std::vector<table_cell>;

// Quotes a CSV field if it holds a comma, a double quote, CR or LF; inner quotes are doubled
// (RFC 4180 §2.6-2.7). Everything else passes through unchanged.
[[nodiscard]] inline std::string csv_escape(std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(field);
  std::string out;
  out.reserve(field.size() + 2);
  out.push_back('"');
  for (char c : field) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

namespace detail {

inline void require_row_width(std::size_t row, std::size_t cells, std::size_t columns) {
  if (cells != columns)
    fail("rows[" + std::to_string(row) + "]", std::to_string(cells) + " cells",
         "must have " + std::to_string(columns) + " cells, one per header");
}

// Human-readable number: `decimals` >= 0 fixes the digits after the point; otherwise integers
// print as integers, other values with `significant_digits` significant digits in fixed notation
// for 1e-3 <= |v| < 1e15 and in scientific notation outside that band.
inline std::string format_number_for_people(double v, int significant_digits, int decimals) {
  if (!std::isfinite(v)) return std::isnan(v) ? "nan" : (v > 0 ? "inf" : "-inf");
  char buf[400];  // fixed notation of |v| < 1e308 with <= 17 decimals fits
  std::to_chars_result r{};
  const double a = std::fabs(v);
  if (decimals >= 0) {
    r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, std::min(decimals, 17));
  } else if (a == 0.0 || (a < 1e15 && v == std::floor(v))) {
    r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, 0);
  } else if (a >= 1e-3 && a < 1e15) {
    const int exponent = static_cast<int>(std::floor(std::log10(a)));
    const int d = std::clamp(significant_digits - 1 - exponent, 0, 17);
    r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, d);
  } else {
    r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific,
                      std::clamp(significant_digits - 1, 0, 17));
  }
  return {buf, r.ptr};
}

// Display width of UTF-8 text: code points (continuation bytes 10xxxxxx do not count).
inline std::size_t display_width(std::string_view s) noexcept {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0u) != 0x80u; }));
}

}  // namespace detail

// CSV text: a header line, then one line per row, each ending in "\n". Text cells are escaped with
// csv_escape; numbers use the shortest form that reads back to the same double ("1.25e-09");
// NaN and infinities print as "nan", "inf", "-inf". Throws invalid_argument naming "rows[i]" if a
// row's width differs from the number of headers.
[[nodiscard]] inline std::string to_csv(std::span<const std::string> headers, std::span<const table_row> rows) {
  std::string out;
  auto put_line = [&out](auto&& cells_begin, auto&& cells_end, auto&& text_of) {
    for (auto it = cells_begin; it != cells_end; ++it) {
      if (it != cells_begin) out.push_back(',');
      out += text_of(*it);
    }
    out.push_back('\n');
  };
  put_line(headers.begin(), headers.end(), [](const std::string& h) { return csv_escape(h); });
  for (std::size_t i = 0; i < rows.size(); ++i) {
    detail::require_row_width(i, rows[i].size(), headers.size());
    put_line(rows[i].begin(), rows[i].end(), [](const table_cell& c) {
      return c.is_number() ? detail::show(std::get<double>(c.value)) : csv_escape(std::get<std::string>(c.value));
    });
  }
  return out;
}
[[nodiscard]] inline std::string to_csv(const std::vector<std::string>& headers, const std::vector<table_row>& rows) {
  return to_csv(std::span<const std::string>(headers), std::span<const table_row>(rows));
}

struct text_table_options {
  int significant_digits = 4;        // for numbers without a fixed number of decimals
  std::vector<int> column_decimals;  // per column: digits after the point; -1 or missing = automatic
  std::string separator = "  ";      // between columns
};

// Fixed-width table for people:
//   model         tok/s/user  tok/s/GPU
//   ------------  ----------  ---------
//   llama-3.1-8b       120.5       2510
// A column whose body cells are all numbers is right-aligned, header included; text cells are
// left-aligned, numbers always right-aligned. Lines end in "\n" without trailing blanks. Throws
// invalid_argument naming "rows[i]" on a width mismatch, "options.significant_digits" if < 1.
[[nodiscard]] inline std::string to_text_table(std::span<const std::string> headers, std::span<const table_row> rows,
                                               const text_table_options& options = {}) {
  if (options.significant_digits < 1)
    detail::fail("options.significant_digits", std::to_string(options.significant_digits), "must be >= 1");
  const std::size_t n = headers.size();
  std::vector<std::vector<std::string>> text(rows.size(), std::vector<std::string>(n));
  std::vector<bool> numeric_column(n, !rows.empty());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    detail::require_row_width(i, rows[i].size(), n);
    for (std::size_t j = 0; j < n; ++j) {
      const auto& cell = rows[i][j];
      if (cell.is_number()) {
        const int decimals = j < options.column_decimals.size() ? options.column_decimals[j] : -1;
        text[i][j] =
            detail::format_number_for_people(std::get<double>(cell.value), options.significant_digits, decimals);
      } else {
        text[i][j] = std::get<std::string>(cell.value);
        numeric_column[j] = false;
      }
    }
  }
  std::vector<std::size_t> width(n);
  for (std::size_t j = 0; j < n; ++j) {
    width[j] = detail::display_width(headers[j]);
    for (const auto& row : text) width[j] = std::max(width[j], detail::display_width(row[j]));
  }
  std::string out;
  auto put_line = [&](auto&& cell_text, auto&& right_aligned) {
    std::string line;
    for (std::size_t j = 0; j < n; ++j) {
      if (j) line += options.separator;
      const std::string& s = cell_text(j);
      const std::string pad(width[j] - detail::display_width(s), ' ');
      line += right_aligned(j) ? pad + s : s + pad;
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line;
    out.push_back('\n');
  };
  put_line([&](std::size_t j) -> const std::string& { return headers[j]; },
           [&](std::size_t j) { return bool(numeric_column[j]); });
  std::vector<std::string> rule(n);
  for (std::size_t j = 0; j < n; ++j) rule[j] = std::string(width[j], '-');
  put_line([&](std::size_t j) -> const std::string& { return rule[j]; }, [](std::size_t) { return false; });
  for (std::size_t i = 0; i < rows.size(); ++i)
    put_line([&](std::size_t j) -> const std::string& { return text[i][j]; },
             [&](std::size_t j) { return rows[i][j].is_number(); });
  return out;
}
[[nodiscard]] inline std::string to_text_table(const std::vector<std::string>& headers,
                                               const std::vector<table_row>& rows,
                                               const text_table_options& options = {}) {
  return to_text_table(std::span<const std::string>(headers), std::span<const table_row>(rows), options);
}

}  // namespace tokenomics
