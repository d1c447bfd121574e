#pragma once
// A small dependency-free SVG writer for Pareto plots (design §9, `--format svg`): x =
// interactivity (tok/s/user), y = throughput (output tok/s/GPU), one named curve per system or
// model, linear or log scale per axis, ticks with labels, axis labels with units, a legend and a
// title. Returns the document as a string; writes no files. Depends on core only.
#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "../core/error.hpp"

namespace tokenomics {

enum class axis_scale { linear, log };

struct plot_axis {
  std::string label{};                  // with its unit, e.g. "Interactivity (tok/s/user)"
  axis_scale scale = axis_scale::linear;
};

// One curve: points drawn as markers joined in the order given (a frontier from pareto is already
// sorted by interactivity). x and y must have the same length.
struct plot_series {
  std::string name{};     // legend entry
  std::vector<double> x{};  // tok/s/user
  std::vector<double> y{};  // output tok/s/GPU
};

struct plot_options {
  std::string title{};
  plot_axis x_axis{.label = "Interactivity (tok/s/user)", .scale = axis_scale::linear};
  plot_axis y_axis{.label = "Throughput (output tok/s/GPU)", .scale = axis_scale::linear};
  double width_px = 800;   // >= 320
  double height_px = 500;  // >= 240
};

namespace detail {

inline std::string xml_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

// Coordinates in the document: two decimals are far below a pixel.
inline std::string svg_num(double v) {
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, 2);
  return {buf, r.ptr};
}

// Tick label: fixed notation with `decimals` digits for |v| < 1e7, else "1e7" / "2.5e-05" style.
inline std::string tick_label(double v, int decimals) {
  char buf[64];
  const double a = std::fabs(v);
  if (a != 0.0 && (a >= 1e7 || a < 1e-4)) {
    const auto r = std::to_chars(buf, buf + sizeof buf, v);  // shortest: "1e+07", "2e-05"
    std::string s(buf, r.ptr);
    const auto e = s.find('e');
    if (e != std::string::npos) {  // "1e+07" -> "1e7", "2e-05" -> "2e-5"
      std::string mantissa = s.substr(0, e), exponent = s.substr(e + 1);
      const bool negative = !exponent.empty() && exponent[0] == '-';
      if (!exponent.empty() && (exponent[0] == '+' || exponent[0] == '-')) exponent.erase(0, 1);
      while (exponent.size() > 1 && exponent[0] == '0') exponent.erase(0, 1);
      s = mantissa + "e" + (negative ? "-" : "") + exponent;
    }
    return s;
  }
  const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, std::max(decimals, 0));
  return {buf, r.ptr};
}

struct axis_layout {
  double lo{}, hi{};            // data range shown (lo < hi)
  std::vector<double> ticks;    // tick values in [lo, hi]
  std::vector<std::string> labels;
  bool log{};
  [[nodiscard]] double t(double v) const { return log ? std::log10(v) : v; }
  [[nodiscard]] double fraction(double v) const { return (t(v) - t(lo)) / (t(hi) - t(lo)); }
};

// m x 10^k rounded once: 10^|k| is exact for |k| <= 22, so 5 / 1e5 is the double nearest 5e-5
// (5 * 1e-5 is not), and tick labels print as "5e-5" rather than "5.000000000000001e-5".
inline double decade(double m, int k) {
  return k >= 0 ? m * std::pow(10.0, k) : m / std::pow(10.0, -k);
}

// Log axis: whole decades covering the data; labelled ticks at 10^k, plus 2 and 5 x 10^k when the
// range spans at most two decades.
inline axis_layout log_axis(double min_v, double max_v) {
  axis_layout a;
  a.log = true;
  int lo = static_cast<int>(std::floor(std::log10(min_v)));
  int hi = static_cast<int>(std::ceil(std::log10(max_v)));
  if (hi <= lo) hi = lo + 1;
  a.lo = decade(1.0, lo);
  a.hi = decade(1.0, hi);
  const bool minor = hi - lo <= 2;
  for (int k = lo; k <= hi; ++k) {
    for (double m : {1.0, 2.0, 5.0}) {
      if (m != 1.0 && (!minor || k == hi)) continue;
      const double v = decade(m, k);
      a.ticks.push_back(v);
      a.labels.push_back(tick_label(v, std::max(0, -k)));
    }
  }
  return a;
}

// Linear axis: step 1, 2 or 5 x 10^k giving about five intervals; range rounded out to steps.
inline axis_layout linear_axis(double min_v, double max_v) {
  axis_layout a;
  if (max_v <= min_v) {  // one value (or none): open a window around it
    const double pad = min_v == 0.0 ? 1.0 : std::fabs(min_v) * 0.1;
    min_v -= pad;
    max_v += pad;
  }
  const double raw = (max_v - min_v) / 5.0;
  const int k = static_cast<int>(std::floor(std::log10(raw)));
  const double base = std::pow(10.0, k), f = raw / base;
  const double step = (f <= 1.0 ? 1.0 : f <= 2.0 ? 2.0 : f <= 5.0 ? 5.0 : 10.0) * base;
  const int decimals = std::max(0, -(f > 5.0 ? k + 1 : k));
  const double first = std::floor(min_v / step), last = std::ceil(max_v / step);
  a.lo = first * step;
  a.hi = last * step;
  for (double i = first; i <= last + 0.5; i += 1.0) {
    const double v = i * step;
    a.ticks.push_back(v);
    a.labels.push_back(tick_label(v == 0.0 ? 0.0 : v, decimals));  // no "-0"
  }
  return a;
}

inline void require_plottable(const std::string& field, double v, axis_scale scale) {
  if (!std::isfinite(v)) fail(field, show(v), "must be finite");
  if (scale == axis_scale::log && !(v > 0.0)) fail(field, show(v), "must be > 0 on a log axis");
}

}  // namespace detail

// The whole SVG document. Throws invalid_argument naming the series and the value for a NaN or
// infinite coordinate or a value <= 0 on a log axis (`series "GB200".y[3] = -1: ...`), for x and
// y of different lengths, and for a size below 320 x 240 px.
[[nodiscard]] inline std::string svg_plot(std::span<const plot_series> series, const plot_options& options = {}) {
  if (!(options.width_px >= 320.0) || !std::isfinite(options.width_px))
    detail::fail("options.width_px", detail::show(options.width_px), "must be finite and >= 320");
  if (!(options.height_px >= 240.0) || !std::isfinite(options.height_px))
    detail::fail("options.height_px", detail::show(options.height_px), "must be finite and >= 240");
  constexpr double inf = std::numeric_limits<double>::infinity();
  double x_min = inf, x_max = -inf, y_min = inf, y_max = -inf;
  for (const auto& s : series) {
    const std::string at = "series \"" + s.name + "\"";
    if (s.x.size() != s.y.size())
      detail::fail(at + ".x.size()", std::to_string(s.x.size()),
                   "must equal .y.size() = " + std::to_string(s.y.size()));
    for (std::size_t i = 0; i < s.x.size(); ++i) {
      detail::require_plottable(at + ".x[" + std::to_string(i) + "]", s.x[i], options.x_axis.scale);
      detail::require_plottable(at + ".y[" + std::to_string(i) + "]", s.y[i], options.y_axis.scale);
      x_min = std::min(x_min, s.x[i]);
      x_max = std::max(x_max, s.x[i]);
      y_min = std::min(y_min, s.y[i]);
      y_max = std::max(y_max, s.y[i]);
    }
  }
  const bool has_points = x_min <= x_max;
  auto make_axis = [&](const plot_axis& ax, double lo, double hi) {
    if (!has_points) return ax.scale == axis_scale::log ? detail::log_axis(1.0, 10.0) : detail::linear_axis(0.0, 1.0);
    return ax.scale == axis_scale::log ? detail::log_axis(lo, hi) : detail::linear_axis(lo, hi);
  };
  const detail::axis_layout xa = make_axis(options.x_axis, x_min, x_max);
  const detail::axis_layout ya = make_axis(options.y_axis, y_min, y_max);

  const double width = options.width_px, height = options.height_px;
  // Margins: tick labels left and below, the legend right; the legend grows with the longest
  // series name (about 7 px per character at the 12 px font), up to half the width.
  std::size_t longest_name = 0;
  for (const auto& s : series) longest_name = std::max(longest_name, s.name.size());
  const double legend = 16 + 30 + 7.0 * static_cast<double>(longest_name) + 10;
  const double left = 80, right = std::min(std::max(190.0, legend), options.width_px / 2), top = 50, bottom = 60;
  const double plot_w = width - left - right, plot_h = height - top - bottom;
  auto px = [&](double v) { return left + xa.fraction(v) * plot_w; };
  auto py = [&](double v) { return top + (1.0 - ya.fraction(v)) * plot_h; };
  using detail::svg_num;
  using detail::xml_escape;

  static constexpr std::array<const char*, 10> palette{  // Tableau 10
      "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
      "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"};
  static constexpr std::array<const char*, 3> dashes{"", "6 3", "2 2"};  // after 10 series

  std::string o;
  o += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + svg_num(width) + "\" height=\"" + svg_num(height) +
       "\" viewBox=\"0 0 " + svg_num(width) + " " + svg_num(height) +
       "\" font-family=\"sans-serif\" font-size=\"12\">\n";
  o += "<rect x=\"0\" y=\"0\" width=\"" + svg_num(width) + "\" height=\"" + svg_num(height) + "\" fill=\"white\"/>\n";
  o += "<text class=\"title\" x=\"" + svg_num(left + plot_w / 2) +
       "\" y=\"28\" text-anchor=\"middle\" font-size=\"16\">" + xml_escape(options.title) + "</text>\n";

  // Grid and ticks.
  o += "<g class=\"grid\" stroke=\"#e6e6e6\" stroke-width=\"1\">\n";
  for (double v : xa.ticks)
    o += "<line x1=\"" + svg_num(px(v)) + "\" y1=\"" + svg_num(top) + "\" x2=\"" + svg_num(px(v)) + "\" y2=\"" +
         svg_num(top + plot_h) + "\"/>\n";
  for (double v : ya.ticks)
    o += "<line x1=\"" + svg_num(left) + "\" y1=\"" + svg_num(py(v)) + "\" x2=\"" + svg_num(left + plot_w) +
         "\" y2=\"" + svg_num(py(v)) + "\"/>\n";
  o += "</g>\n";
  o += "<g class=\"axes\" stroke=\"black\" stroke-width=\"1\">\n";
  o += "<line x1=\"" + svg_num(left) + "\" y1=\"" + svg_num(top + plot_h) + "\" x2=\"" + svg_num(left + plot_w) +
       "\" y2=\"" + svg_num(top + plot_h) + "\"/>\n";
  o += "<line x1=\"" + svg_num(left) + "\" y1=\"" + svg_num(top) + "\" x2=\"" + svg_num(left) + "\" y2=\"" +
       svg_num(top + plot_h) + "\"/>\n";
  for (double v : xa.ticks)
    o += "<line x1=\"" + svg_num(px(v)) + "\" y1=\"" + svg_num(top + plot_h) + "\" x2=\"" + svg_num(px(v)) +
         "\" y2=\"" + svg_num(top + plot_h + 5) + "\"/>\n";
  for (double v : ya.ticks)
    o += "<line x1=\"" + svg_num(left - 5) + "\" y1=\"" + svg_num(py(v)) + "\" x2=\"" + svg_num(left) + "\" y2=\"" +
         svg_num(py(v)) + "\"/>\n";
  o += "</g>\n";
  o += "<g class=\"x-ticks\" text-anchor=\"middle\">\n";
  for (std::size_t i = 0; i < xa.ticks.size(); ++i)
    o += "<text x=\"" + svg_num(px(xa.ticks[i])) + "\" y=\"" + svg_num(top + plot_h + 18) + "\">" +
         xml_escape(xa.labels[i]) + "</text>\n";
  o += "</g>\n";
  o += "<g class=\"y-ticks\" text-anchor=\"end\">\n";
  for (std::size_t i = 0; i < ya.ticks.size(); ++i)
    o += "<text x=\"" + svg_num(left - 8) + "\" y=\"" + svg_num(py(ya.ticks[i]) + 4) + "\">" +
         xml_escape(ya.labels[i]) + "</text>\n";
  o += "</g>\n";
  o += "<text class=\"x-label\" x=\"" + svg_num(left + plot_w / 2) + "\" y=\"" + svg_num(height - 16) +
       "\" text-anchor=\"middle\">" + xml_escape(options.x_axis.label) + "</text>\n";
  const double ylx = 20, yly = top + plot_h / 2;
  o += "<text class=\"y-label\" x=\"" + svg_num(ylx) + "\" y=\"" + svg_num(yly) + "\" transform=\"rotate(-90 " +
       svg_num(ylx) + " " + svg_num(yly) + ")\" text-anchor=\"middle\">" + xml_escape(options.y_axis.label) +
       "</text>\n";

  // Curves and markers.
  for (std::size_t k = 0; k < series.size(); ++k) {
    const auto& s = series[k];
    const std::string color = palette[k % palette.size()];
    const std::string dash = dashes[(k / palette.size()) % dashes.size()];
    const std::string dash_attr = dash.empty() ? "" : " stroke-dasharray=\"" + dash + "\"";
    o += "<g class=\"series\" data-name=\"" + xml_escape(s.name) + "\">\n";
    if (!s.x.empty()) {
      o += "<polyline fill=\"none\" stroke=\"" + color + "\" stroke-width=\"2\"" + dash_attr + " points=\"";
      for (std::size_t i = 0; i < s.x.size(); ++i)
        o += (i ? " " : "") + svg_num(px(s.x[i])) + "," + svg_num(py(s.y[i]));
      o += "\"/>\n";
    }
    for (std::size_t i = 0; i < s.x.size(); ++i)
      o += "<circle cx=\"" + svg_num(px(s.x[i])) + "\" cy=\"" + svg_num(py(s.y[i])) + "\" r=\"3\" fill=\"" + color +
           "\"/>\n";
    o += "</g>\n";
  }

  // Legend, right of the plot area.
  o += "<g class=\"legend\">\n";
  for (std::size_t k = 0; k < series.size(); ++k) {
    const double lx = left + plot_w + 16, ly = top + 10 + 20.0 * static_cast<double>(k);
    const std::string color = palette[k % palette.size()];
    const std::string dash = dashes[(k / palette.size()) % dashes.size()];
    o += "<line x1=\"" + svg_num(lx) + "\" y1=\"" + svg_num(ly) + "\" x2=\"" + svg_num(lx + 24) + "\" y2=\"" +
         svg_num(ly) + "\" stroke=\"" + color + "\" stroke-width=\"2\"" +
         (dash.empty() ? std::string() : " stroke-dasharray=\"" + dash + "\"") + "/>\n";
    o += "<text x=\"" + svg_num(lx + 30) + "\" y=\"" + svg_num(ly + 4) + "\">" + xml_escape(series[k].name) +
         "</text>\n";
  }
  o += "</g>\n";
  o += "</svg>\n";
  return o;
}
[[nodiscard]] inline std::string svg_plot(const std::vector<plot_series>& series, const plot_options& options = {}) {
  return svg_plot(std::span<const plot_series>(series), options);
}

}  // namespace tokenomics
