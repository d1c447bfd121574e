// Tests for include/tokenomics/io/table_writers.hpp. Expected strings are written out by hand.
#include <tokenomics/io/table_writers.hpp>

#include <limits>
#include <string>
#include <vector>

#include "tt.hpp"

namespace tk = tokenomics;

TEST_CASE("csv_escape follows RFC 4180") {
  CHECK(tk::csv_escape("llama-3.1-8b") == "llama-3.1-8b");           // nothing special: as is
  CHECK(tk::csv_escape("") == "");
  CHECK(tk::csv_escape("a,b") == "\"a,b\"");                          // comma: quoted
  CHECK(tk::csv_escape("say \"hi\"") == "\"say \"\"hi\"\"\"");        // quotes doubled
  CHECK(tk::csv_escape("two\nlines") == "\"two\nlines\"");            // line break: quoted
  CHECK(tk::csv_escape("cr\r") == "\"cr\r\"");
  CHECK(tk::csv_escape(" padded ") == " padded ");                    // spaces are data
}

TEST_CASE("to_csv: header, rows, numbers in shortest round-trip form") {
  const std::vector<std::string> headers{"model", "tok_per_s_per_user", "tpot_s"};
  const std::vector<tk::table_row> rows{
      {"llama, 8b", 120.5, 1.25e-9},
      {"gb200", 3, 0.1},
      {std::string("x\"y"), -0.0, std::numeric_limits<double>::infinity()},
  };
  // 1.25e-9 -> "1.25e-09" (std::to_chars shortest), 3 -> "3", 0.1 -> "0.1", -0.0 -> "-0".
  CHECK(tk::to_csv(headers, rows) ==
        "model,tok_per_s_per_user,tpot_s\n"
        "\"llama, 8b\",120.5,1.25e-09\n"
        "gb200,3,0.1\n"
        "\"x\"\"y\",-0,inf\n");
  // Headers alone.
  CHECK(tk::to_csv(headers, std::vector<tk::table_row>{}) == "model,tok_per_s_per_user,tpot_s\n");
  // Shortest round trip keeps every bit.
  const double third = 1.0 / 3.0;
  const std::string line = tk::to_csv(std::vector<std::string>{"v"}, std::vector<tk::table_row>{{third}});
  CHECK(std::stod(line.substr(2)) == third);
}

TEST_CASE("to_csv and to_text_table reject rows of the wrong width by index") {
  const std::vector<std::string> headers{"a", "b"};
  const std::vector<tk::table_row> rows{{1, 2}, {1, 2, 3}};
  CHECK_THROWS_WITH_AS((void)tk::to_csv(headers, rows), doctest::Contains("rows[1] = 3 cells"), tk::invalid_argument);
  CHECK_THROWS_WITH_AS((void)tk::to_text_table(headers, rows), doctest::Contains("rows[1] = 3 cells"),
                       tk::invalid_argument);
}

TEST_CASE("to_text_table: aligned columns for people") {
  const std::vector<std::string> headers{"model", "tok/s/user", "tok/s/GPU"};
  const std::vector<tk::table_row> rows{
      {"llama-3.1-8b", 120.5, 2510},
      {"gb200", 75.25, 12345.678},
  };
  // Automatic format, 4 significant digits: 120.5 -> "120.5"; 2510 is an integer -> "2510";
  // 75.25 -> "75.25"; 12345.678 has 5 integer digits -> 0 decimals -> "12346".
  // Widths: model 12 ("llama-3.1-8b"), tok/s/user 10 (header), tok/s/GPU 9 (header).
  // Numeric columns are right-aligned, header included; two blanks between columns.
  CHECK(tk::to_text_table(headers, rows) ==
        "model         tok/s/user  tok/s/GPU\n"
        "------------  ----------  ---------\n"
        "llama-3.1-8b       120.5       2510\n"
        "gb200              75.25      12346\n");
}

TEST_CASE("to_text_table: number formats") {
  const std::vector<std::string> h{"v"};
  auto one = [&](tk::table_cell c, tk::text_table_options o = {}) {
    const std::string t = tk::to_text_table(h, std::vector<tk::table_row>{{std::move(c)}}, o);
    return t.substr(t.rfind('\n', t.size() - 2) + 1);  // last line
  };
  CHECK(one(0.5) == "0.5000\n");        // 4 significant digits: exponent -1 -> 4 decimals
  CHECK(one(3.14159) == "3.142\n");
  CHECK(one(0.0) == "0\n");
  CHECK(one(-42) == "-42\n");
  CHECK(one(1.25e-9) == "1.250e-09\n");  // below 1e-3: scientific, 4 significant digits
  CHECK(one(2.5e16) == "2.500e+16\n");   // 1e15 and above: scientific
  CHECK(one(std::numeric_limits<double>::quiet_NaN()) == "nan\n");
  tk::text_table_options fixed;
  fixed.column_decimals = {2};
  CHECK(one(1234.5678, fixed) == "1234.57\n");
  CHECK(one(2, fixed) == "2.00\n");
  tk::text_table_options digits;
  digits.significant_digits = 2;
  CHECK(one(3.14159, digits) == "3.1\n");
  digits.significant_digits = 0;
  CHECK_THROWS_WITH_AS((void)one(1.0, digits), doctest::Contains("options.significant_digits = 0"),
                       tk::invalid_argument);
}

TEST_CASE("to_text_table: text columns left-aligned, UTF-8 counted by code point, mixed columns") {
  const std::vector<std::string> headers{"TPOT (µs)", "note"};
  const std::vector<tk::table_row> rows{{12, "ok"}, {"n/a", "too big"}};
  // Column 0 mixes text and numbers: header and text left, numbers right; "TPOT (µs)" is 9 code
  // points (µ is 2 bytes). Column 1 is text: left-aligned; trailing blanks are trimmed.
  CHECK(tk::to_text_table(headers, rows) ==
        "TPOT (µs)  note\n"
        "---------  -------\n"
        "       12  ok\n"
        "n/a        too big\n");
  // No rows: header and rule only.
  CHECK(tk::to_text_table(headers, std::vector<tk::table_row>{}) == "TPOT (µs)  note\n---------  ----\n");
}
