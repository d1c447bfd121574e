#pragma once
// Comma-separated values as text cells (RFC 4180): one header line, then one record per line.
// A field may be quoted ("a, b"); inside quotes a doubled quote is one quote ("say ""hi""") and
// commas and line breaks are data. Lines end in LF or CRLF; a final line break is optional and
// blank lines are skipped. Needs no dependency.
//
//   tokenomics::csv_table t = tokenomics::read_csv("points.csv");
//   t.header[0], t.rows[3][0], t.lines[3]   // line number of row 3 in the file, for messages
//
// Errors: tokenomics::invalid_argument naming the file and line ("x.csv: cannot open file",
// "x.csv: line 7: 3 fields, header has 4", "x.csv: line 9: quote not closed").
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "../core/error.hpp"

namespace tokenomics {

struct csv_table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<int> lines;  // 1-based line on which each row starts
};

namespace detail::csv {

// Splits the text into records of cells; `lines` gets the first line of each record.
class splitter {
 public:
  splitter(std::string_view text, std::string_view where) : text_(text), where_(where) {}

  [[nodiscard]] bool next(std::vector<std::string>& cells, int& first_line) {
    skip_blank_lines();
    if (pos_ >= text_.size()) return false;
    first_line = line_;
    cells.assign(1, std::string{});
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c == '"' && cells.back().empty() && !in_unquoted_) {
        read_quoted(cells.back());
      } else if (c == ',') {
        cells.emplace_back();
        in_unquoted_ = false;
        ++pos_;
      } else if (c == '\n' || c == '\r') {
        end_line();
        break;
      } else {
        cells.back() += c;
        in_unquoted_ = true;
        ++pos_;
      }
    }
    in_unquoted_ = false;
    return true;
  }

 private:
  void skip_blank_lines() {
    while (pos_ < text_.size() && (text_[pos_] == '\n' || text_[pos_] == '\r')) end_line();
  }
  void end_line() {  // consumes "\n", "\r\n" or a lone "\r"
    if (text_[pos_] == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') ++pos_;
    ++pos_;
    ++line_;
  }
  void read_quoted(std::string& cell) {
    const int opened = line_;
    ++pos_;  // opening quote
    while (pos_ < text_.size()) {
      const char c = text_[pos_++];
      if (c == '"') {
        if (pos_ < text_.size() && text_[pos_] == '"') {
          cell += '"';
          ++pos_;
          continue;
        }
        in_unquoted_ = true;  // text after the closing quote is appended as is
        return;
      }
      if (c == '\n') ++line_;
      cell += c;
    }
    throw invalid_argument(std::string(where_) + ": line " + std::to_string(opened) + ": quote not closed");
  }

  std::string_view text_;
  std::string_view where_;
  std::size_t pos_{0};
  int line_{1};
  bool in_unquoted_{false};
};

}  // namespace detail::csv

// Parses CSV text; `where` (a file name) prefixes every message.
[[nodiscard]] inline csv_table parse_csv(std::string_view text, std::string_view where) {
  csv_table t;
  detail::csv::splitter split(text, where);
  int line = 0;
  if (!split.next(t.header, line)) throw invalid_argument(std::string(where) + ": empty file, no header line");
  std::vector<std::string> cells;
  while (split.next(cells, line)) {
    if (cells.size() != t.header.size())
      throw invalid_argument(std::string(where) + ": line " + std::to_string(line) + ": " +
                             std::to_string(cells.size()) + " fields, header has " +
                             std::to_string(t.header.size()));
    t.rows.push_back(cells);
    t.lines.push_back(line);
  }
  return t;
}

[[nodiscard]] inline csv_table read_csv(const std::filesystem::path& path) {
  const std::string where = path.filename().string();
  std::ifstream in(path, std::ios::binary);
  if (!in) throw invalid_argument(where + ": cannot open file");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_csv(text.str(), where);
}

}  // namespace tokenomics
