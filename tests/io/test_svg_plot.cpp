// Tests for include/tokenomics/io/svg_plot.hpp: the document is well formed (a small tag-stack
// checker below), carries the title, axis labels, legend and ticks we expect by hand, keeps every
// marker inside the plot area, and rejects unplottable values naming the series and the value.
#include <tokenomics/io/svg_plot.hpp>

#include <cstdlib>
#include <limits>
#include <string>
#include <vector>

#include "tt.hpp"

namespace tk = tokenomics;

namespace {

// Minimal XML well-formedness check for what svg_plot emits: every element is opened and closed
// in order (or self-closed), attribute values are quoted, text holds no raw '<' or stray '&'.
// Returns an empty string when well formed, else what went wrong.
std::string xml_problem(const std::string& doc) {
  std::vector<std::string> stack;
  std::size_t i = 0;
  while (i < doc.size()) {
    if (doc[i] == '&') {
      const auto semi = doc.find(';', i);
      const std::string entity = semi == std::string::npos ? "" : doc.substr(i, semi - i + 1);
      if (entity != "&amp;" && entity != "&lt;" && entity != "&gt;" && entity != "&quot;" && entity != "&apos;")
        return "bad entity at " + std::to_string(i);
      i = semi + 1;
      continue;
    }
    if (doc[i] != '<') {
      if (doc[i] == '>') return "raw '>' in text at " + std::to_string(i);
      ++i;
      continue;
    }
    // A tag: find its end, honouring quoted attribute values.
    std::size_t j = i + 1;
    bool quoted = false;
    while (j < doc.size() && (quoted || doc[j] != '>')) {
      if (doc[j] == '"') quoted = !quoted;
      if (!quoted && doc[j] == '<') return "'<' inside a tag at " + std::to_string(j);
      ++j;
    }
    if (j >= doc.size()) return "unterminated tag at " + std::to_string(i);
    std::string tag = doc.substr(i + 1, j - i - 1);
    i = j + 1;
    if (tag.empty()) return "empty tag";
    if (tag[0] == '/') {
      const std::string name = tag.substr(1);
      if (stack.empty() || stack.back() != name) return "unbalanced </" + name + ">";
      stack.pop_back();
      continue;
    }
    const bool self_closing = tag.back() == '/';
    const std::string name = tag.substr(0, tag.find_first_of(" \n/"));
    if (stack.empty() && name != "svg") return "content outside <svg>: <" + name + ">";
    if (!self_closing) stack.push_back(name);
  }
  return stack.empty() ? "" : "unclosed <" + stack.back() + ">";
}

std::size_t count(const std::string& s, const std::string& what) {
  std::size_t n = 0;
  for (auto p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
  return n;
}

// Every value of attribute `name` ("cx=\"") in the document, as numbers.
std::vector<double> attribute_values(const std::string& doc, const std::string& name) {
  std::vector<double> out;
  const std::string key = " " + name + "=\"";
  for (auto p = doc.find(key); p != std::string::npos; p = doc.find(key, p + 1))
    out.push_back(std::strtod(doc.c_str() + p + key.size(), nullptr));
  return out;
}

const std::vector<tk::plot_series> two_systems{
    {.name = "GB200 NVL72", .x = {10, 50, 100, 400}, .y = {20000, 9000, 4000, 300}},
    {.name = "H200 & co <8x>", .x = {8, 30, 120}, .y = {3000, 1500, 100}},
};

}  // namespace

TEST_CASE("svg_plot: well formed, titled, labelled, with a legend entry per series") {
  tk::plot_options opt;
  opt.title = "DeepSeek-R1, 1k/8k";
  const std::string svg = tk::svg_plot(two_systems, opt);
  CHECK(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0) == 0);  // starts with <svg
  CHECK(svg.size() > 7);
  CHECK(svg.substr(svg.size() - 7) == "</svg>\n");
  CHECK(xml_problem(svg) == "");
  CHECK(count(svg, "<text") == count(svg, "</text>"));
  CHECK(count(svg, "<g") == count(svg, "</g>"));
  CHECK(svg.find(">DeepSeek-R1, 1k/8k</text>") != std::string::npos);
  // Default axis labels carry their units.
  CHECK(svg.find(">Interactivity (tok/s/user)</text>") != std::string::npos);
  CHECK(svg.find(">Throughput (output tok/s/GPU)</text>") != std::string::npos);
  // Legend entries, names escaped.
  CHECK(svg.find(">GB200 NVL72</text>") != std::string::npos);
  CHECK(svg.find(">H200 &amp; co &lt;8x&gt;</text>") != std::string::npos);
  // One polyline per series, one marker per point (4 + 3).
  CHECK(count(svg, "<polyline") == 2);
  CHECK(count(svg, "<circle") == 7);
}

TEST_CASE("svg_plot: linear ticks by hand") {
  // x data 8..400: raw step (400 - 8) / 5 = 78.4 -> 10^1 x 7.84 -> nice step 100; range rounded out
  // to [0, 400]: ticks 0, 100, 200, 300, 400.
  // y data 100..20000: raw 3980 -> 10^3 x 3.98 -> step 5000; range [0, 20000]: 0, 5000, ..., 20000.
  const std::string svg = tk::svg_plot(two_systems);
  for (const char* label : {">0</text>", ">100</text>", ">200</text>", ">300</text>", ">400</text>", ">5000</text>",
                            ">10000</text>", ">15000</text>", ">20000</text>"})
    CHECK_MESSAGE(svg.find(label) != std::string::npos, label);
  CHECK(svg.find(">500</text>") == std::string::npos);
}

TEST_CASE("svg_plot: log ticks by hand") {
  tk::plot_options opt;
  opt.x_axis.scale = tk::axis_scale::log;
  opt.y_axis.scale = tk::axis_scale::log;
  const std::string svg = tk::svg_plot(two_systems, opt);
  CHECK(xml_problem(svg) == "");
  // y 100..20000: decades floor(log10 100) = 2 to ceil(log10 20000) = ceil(4.30) = 5 -> ticks
  // 100, 1000, 10000, 100000; three decades, so no 2x/5x minor ticks.
  for (const char* label : {">100</text>", ">1000</text>", ">10000</text>", ">100000</text>"})
    CHECK_MESSAGE(svg.find(label) != std::string::npos, label);
  CHECK(svg.find(">2000</text>") == std::string::npos);
  // x 8..400: decades 0 (floor log10 8 = 0.90) to 3 (ceil log10 400 = 2.60): 1, 10, 100, 1000.
  CHECK(svg.find(">1</text>") != std::string::npos);

  SUBCASE("two decades or fewer add 2x and 5x ticks") {
    // x 3..40: decades 0 to 2 -> 1, 2, 5, 10, 20, 50, 100.
    const std::vector<tk::plot_series> s{{.name = "a", .x = {3, 40}, .y = {200, 100}}};
    const std::string small = tk::svg_plot(s, opt);
    for (const char* label : {">1</text>", ">2</text>", ">5</text>", ">10</text>", ">20</text>", ">50</text>"})
      CHECK_MESSAGE(small.find(label) != std::string::npos, label);
  }
  SUBCASE("large and small values print in short scientific form") {
    const std::vector<tk::plot_series> s{{.name = "a", .x = {2e-5, 3e-5}, .y = {2e7, 3e7}}};
    const std::string sci = tk::svg_plot(s, opt);
    // y decades 7..8: 1e7, 2e7, 5e7, 1e8; x decades -5..-4: 1e-5, 2e-5, 5e-5, 0.0001.
    for (const char* label : {">1e7</text>", ">2e7</text>", ">1e8</text>", ">1e-5</text>", ">0.0001</text>"})
      CHECK_MESSAGE(sci.find(label) != std::string::npos, label);
  }
}

TEST_CASE("svg_plot: every marker lies inside the plot area") {
  // Default 800 x 500 px with margins left 80, right 190, top 50, bottom 60: the plot area is
  // x in [80, 610], y in [50, 440].
  for (auto scale : {tk::axis_scale::linear, tk::axis_scale::log}) {
    tk::plot_options opt;
    opt.x_axis.scale = scale;
    opt.y_axis.scale = scale;
    const std::string svg = tk::svg_plot(two_systems, opt);
    const auto cx = attribute_values(svg, "cx"), cy = attribute_values(svg, "cy");
    REQUIRE(cx.size() == 7);
    REQUIRE(cy.size() == 7);
    for (double v : cx) CHECK((v >= 80.0 && v <= 610.0));
    for (double v : cy) CHECK((v >= 50.0 && v <= 440.0));
  }
}

TEST_CASE("svg_plot: degenerate inputs still give a well-formed document") {
  CHECK(xml_problem(tk::svg_plot(std::vector<tk::plot_series>{})) == "");
  CHECK(xml_problem(tk::svg_plot(std::vector<tk::plot_series>{{.name = "empty"}})) == "");
  CHECK(xml_problem(tk::svg_plot(std::vector<tk::plot_series>{{.name = "one", .x = {5}, .y = {5}}})) == "");
  tk::plot_options log_opt;
  log_opt.x_axis.scale = tk::axis_scale::log;
  log_opt.y_axis.scale = tk::axis_scale::log;
  CHECK(xml_problem(tk::svg_plot(std::vector<tk::plot_series>{{.name = "one", .x = {5}, .y = {5}}}, log_opt)) == "");
  // Negative values are fine on a linear axis.
  CHECK(xml_problem(tk::svg_plot(std::vector<tk::plot_series>{{.name = "neg", .x = {-5, 5}, .y = {-1, 1}}})) == "");
  // More series than colours: dashed curves, still well formed.
  std::vector<tk::plot_series> many;
  for (int i = 0; i < 23; ++i) many.push_back({.name = "s" + std::to_string(i), .x = {1.0 + i}, .y = {2.0 + i}});
  const std::string svg = tk::svg_plot(many);
  CHECK(xml_problem(svg) == "");
  CHECK(svg.find(">s22</text>") != std::string::npos);
  CHECK(svg.find("stroke-dasharray") != std::string::npos);
}

TEST_CASE("svg_plot: unplottable values are rejected naming the series and the value") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  tk::plot_options log_opt;
  log_opt.x_axis.scale = tk::axis_scale::log;
  log_opt.y_axis.scale = tk::axis_scale::log;
  CHECK_THROWS_WITH_AS((void)tk::svg_plot(std::vector<tk::plot_series>{{.name = "GB200", .x = {1, 2}, .y = {3, nan}}}),
                       doctest::Contains("series \"GB200\".y[1] = "), tk::invalid_argument);
  CHECK_THROWS_WITH_AS((void)tk::svg_plot(std::vector<tk::plot_series>{{.name = "GB200", .x = {1, inf}, .y = {3, 4}}}),
                       doctest::Contains("series \"GB200\".x[1] = inf"), tk::invalid_argument);
  const std::vector<tk::plot_series> zero_x{{.name = "ok", .x = {1}, .y = {1}}, {.name = "H200", .x = {0}, .y = {1}}};
  CHECK_THROWS_WITH_AS((void)tk::svg_plot(zero_x, log_opt),
                       doctest::Contains("series \"H200\".x[0] = 0: must be > 0 on a log axis"), tk::invalid_argument);
  const std::vector<tk::plot_series> negative_y{{.name = "MI355X", .x = {1}, .y = {-2}}};
  CHECK_THROWS_WITH_AS((void)tk::svg_plot(negative_y, log_opt), doctest::Contains("series \"MI355X\".y[0] = -2"),
                       tk::invalid_argument);
  // Only the log axis is strict: a log y axis with a linear x axis accepts x = 0.
  tk::plot_options y_log;
  y_log.y_axis.scale = tk::axis_scale::log;
  CHECK_NOTHROW((void)tk::svg_plot(std::vector<tk::plot_series>{{.name = "a", .x = {0, 1}, .y = {1, 2}}}, y_log));
  CHECK_THROWS_WITH_AS((void)tk::svg_plot(std::vector<tk::plot_series>{{.name = "A", .x = {1, 2}, .y = {1}}}),
                       doctest::Contains("series \"A\".x.size() = 2"), tk::invalid_argument);
  tk::plot_options tiny;
  tiny.width_px = 100;
  CHECK_THROWS_WITH_AS((void)tk::svg_plot(two_systems, tiny), doctest::Contains("options.width_px = 100"),
                       tk::invalid_argument);
}

TEST_CASE("svg_plot: the legend makes room for long series names") {
  // A 40-character name at ~7 px per character needs 16 + 30 + 280 + 10 = 336 px right of the
  // plot (more than the 190 px default): its text starts at 800 − 336 + 46 = 510 px and ends by
  // 510 + 280 = 790 px, inside the 800 px picture.
  const std::string name(40, 'n');
  const std::vector<tokenomics::plot_series> series{{name, {1.0, 2.0}, {2.0, 1.0}}};
  const std::string svg = tokenomics::svg_plot(series);
  const auto at = svg.find(">" + name + "</text>");
  REQUIRE(at != std::string::npos);
  const auto x_at = svg.rfind("<text x=\"", at);
  REQUIRE(x_at != std::string::npos);
  const double x = std::strtod(svg.c_str() + x_at + 9, nullptr);
  CHECK(x == tt::rel(510.0, 1e-9));
  CHECK(x + 7.0 * 40 <= 800.0);
}
