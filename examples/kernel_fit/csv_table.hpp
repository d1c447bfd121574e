#pragma once
// One kernel microbenchmark table as read from its CSV file: the header, every data line kept
// verbatim (so a subset can be written back unchanged) and the cells split on commas (the tables
// quote nothing). Cells are looked up by column name; a missing column reads as "".
#include <algorithm>
#include <cstddef>
#include <fstream>
#include <map>
#include <span>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace kernel_fit {

class csv_table {
 public:
  explicit csv_table(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot open " + path);
    std::getline(in, header_);
    names_ = split(header_);
    for (std::string line; std::getline(in, line);)
      if (!line.empty()) {
        cells_.push_back(split(line));
        lines_.push_back(std::move(line));
      }
  }

  [[nodiscard]] std::size_t rows() const noexcept { return lines_.size(); }
  [[nodiscard]] const std::string& header() const noexcept { return header_; }
  [[nodiscard]] const std::string& line(std::size_t row) const { return lines_[row]; }
  [[nodiscard]] bool has(std::string_view column) const { return index(column) < names_.size(); }

  [[nodiscard]] std::string_view text(std::size_t row, std::string_view column) const {
    const auto i = index(column);
    return i < names_.size() ? std::string_view(cells_[row][i]) : std::string_view();
  }
  [[nodiscard]] double number(std::size_t row, std::string_view column) const {
    const auto i = index(column);
    if (i >= names_.size()) throw std::runtime_error("no column " + std::string(column));
    return std::stod(cells_[row][i]);
  }

  // Rows that time the same point with different kernels (columns `alternatives`) collapse to
  // the fastest one: the framework's dispatcher picks per shape, so the fastest is what it runs.
  [[nodiscard]] std::vector<std::size_t> fastest_per_point(std::span<const std::string_view> alternatives,
                                                           std::string_view latency_column) const {
    const auto lat = index(latency_column);
    std::map<std::string, std::size_t> best;
    for (std::size_t r = 0; r < rows(); ++r) {
      std::string key;
      for (std::size_t c = 0; c < names_.size(); ++c)
        if (c != lat && std::ranges::find(alternatives, names_[c]) == alternatives.end()) key += cells_[r][c] + ",";
      auto [it, inserted] = best.try_emplace(key, r);
      if (!inserted && number(r, latency_column) < number(it->second, latency_column)) it->second = r;
    }
    std::vector<std::size_t> kept;
    for (const auto& [key, r] : best) kept.push_back(r);
    std::ranges::sort(kept);
    return kept;
  }

 private:
  static std::vector<std::string> split(const std::string& line) {
    std::vector<std::string> out;
    std::stringstream s(line);
    for (std::string cell; std::getline(s, cell, ',');) out.push_back(cell);
    if (!line.empty() && line.back() == ',') out.emplace_back();
    return out;
  }
  [[nodiscard]] std::size_t index(std::string_view column) const {
    return static_cast<std::size_t>(std::ranges::find(names_, column) - names_.begin());
  }

  std::string header_;
  std::vector<std::string> names_;
  std::vector<std::string> lines_;
  std::vector<std::vector<std::string>> cells_;
};

}  // namespace kernel_fit
