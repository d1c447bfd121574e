#pragma once
// Writes docs/kernels.md (method, bounds, per-stack fitted parameters and errors, fits above the
// 10 % target) and one SVG per fitted curve in docs/kernels/: measured and modelled latency
// against the work for three representative shapes, log axes.
#include <tokenomics/io/svg_plot.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "header_writer.hpp"

namespace kernel_fit {

inline constexpr double target_median_error = 0.10;

// A parameter within 1 % (in log space) of a bound is marked: the data pushed it there.
inline std::string with_bound_mark(double v, bounds b, const std::string& text) {
  const double span = std::log(b.hi / b.lo);
  const bool at = std::log(v / b.lo) < 0.01 * span || std::log(b.hi / v) < 0.01 * span;
  return at ? text + " ‡" : text;
}

inline std::string plot_file(const stack_fit& s, family f, kernel_dtype d) {
  return stack_name(s) + "_" + std::string(name_of(f)) + (has_dtypes(f) ? "_" + std::string(tk::name_of(d)) : "") +
         ".svg";
}

// The smallest, median and largest shape (by median measured time) with >= 4 points.
inline std::string plot_svg(const stack_fit& s, family f, kernel_dtype d, const std::vector<sample>& samples) {
  std::map<std::string, std::vector<const sample*>> by_shape;
  for (const auto& x : samples) by_shape[x.shape].push_back(&x);
  std::vector<std::pair<double, std::string>> shapes;
  for (auto& [shape, xs] : by_shape) {
    if (xs.size() < 4) continue;
    std::ranges::sort(xs, [&](const sample* a, const sample* b) { return (is_link(f) ? a->bytes < b->bytes : a->work < b->work); });
    shapes.emplace_back(xs[xs.size() / 2]->seconds, shape);
  }
  std::ranges::sort(shapes);
  std::vector<std::string> picked;
  for (std::size_t i : {std::size_t(0), shapes.size() / 2, shapes.size() - 1})
    if (i < shapes.size() && std::ranges::find(picked, shapes[i].second) == picked.end()) picked.push_back(shapes[i].second);
  std::vector<tk::plot_series> series;
  for (const auto& shape : picked) {
    tk::plot_series measured{.name = shape + " measured"}, model{.name = shape + " model"};
    for (const auto* x : by_shape[shape]) {
      const double at = is_link(f) ? x->bytes : x->work;
      measured.x.push_back(at), measured.y.push_back(x->seconds * 1e6);
      model.x.push_back(at), model.y.push_back(model_seconds(s.stack, f, *x, *s.gpu) * 1e6);
    }
    series.push_back(std::move(measured)), series.push_back(std::move(model));
  }
  const std::string work_label = f == family::gemm                                        ? "GEMM rows m"
                                 : f == family::moe                                        ? "rows per touched expert"
                                 : f == family::decode_attention || f == family::decode_mla ? "sequences (batch)"
                                 : is_link(f)                                              ? "bus bytes"
                                                                                           : "prompt tokens per sequence";
  return tk::svg_plot(series, {.title = std::string(tk::name_of(s.fw)) + " on " + std::string(s.gpu->dir) + ": " +
                                        std::string(name_of(f)) + (has_dtypes(f) ? " " + std::string(tk::name_of(d)) : ""),
                               .x_axis = {.label = work_label, .scale = tk::axis_scale::log},
                               .y_axis = {.label = "latency (µs)", .scale = tk::axis_scale::log}});
}

inline std::string parameter_cells(const stack_fit& s, const fit_record& r) {
  if (is_link(r.f)) {
    const auto& c = link_curve_of(s.stack, r.f);
    return "| – | – | " + with_bound_mark(c.bandwidth_fraction, link_bounds[0], num(c.bandwidth_fraction)) + " | " +
           with_bound_mark(c.latency_s, link_bounds[1], num(c.latency_s * 1e6)) + " |";
  }
  const auto& c = kernel_curve_of(s.stack, r.f, r.dtype);
  return "| " + with_bound_mark(c.compute_fraction, kernel_bounds[0], num(c.compute_fraction)) + " | " +
         with_bound_mark(c.half_work, kernel_bounds[1], num(c.half_work)) + " | " +
         with_bound_mark(c.bandwidth_fraction, kernel_bounds[2], num(c.bandwidth_fraction)) + " | " +
         with_bound_mark(c.latency_s, kernel_bounds[3], num(c.latency_s * 1e6)) + " |";
}

inline std::string label(const fit_record& r) {
  return std::string(name_of(r.f)) + (has_dtypes(r.f) ? " " + std::string(tk::name_of(r.dtype)) : "");
}

inline void write_doc(const std::vector<stack_fit>& all, const std::filesystem::path& doc,
                      const std::string& method_text) {
  const auto plots = doc.parent_path() / "kernels";
  std::filesystem::create_directories(plots);
  std::ostringstream o, misses;
  for (const auto& s : all)
    for (const auto& r : s.records)
      if (r.copied_from.empty() && r.errors.median > target_median_error)
        misses << "| " << tk::name_of(s.fw) << " | " << s.gpu->dir << " | " << label(r) << " | " << r.errors.n << " | "
               << percent(r.errors.median) << " | " << percent(r.errors.p90) << " |\n";
  o << method_text;
  o << "\n## Fits above the 10 % median target\n\n"
       "The law has one saturating term (compute) and one fixed latency per family. Where a kernel's "
       "speed depends on something the law does not see, the fit misses the target; the reasons are "
       "discussed under *Known misses* above.\n\n"
       "| framework | GPU | curve | rows | median | p90 |\n|---|---|---|---|---|---|\n"
    << misses.str();
  for (const auto& s : all) {
    o << "\n## " << tk::name_of(s.fw) << " on " << s.gpu->dir << " (`presets::" << stack_name(s) << "`)\n\n"
      << "| curve | table | rows | c | n½ | b | latency (µs) | median | p90 | subset rows | subset median | plot |\n"
         "|---|---|---|---|---|---|---|---|---|---|---|---|\n";
    for (const auto& r : s.records) {
      if (!r.copied_from.empty()) {
        o << "| " << label(r) << " | copied: " << r.copied_from << " | | | | | | | | | | |\n";
        continue;
      }
      const auto file = plot_file(s, r.f, r.dtype);
      std::ofstream(plots / file) << plot_svg(s, r.f, r.dtype, s.samples.at({r.f, r.dtype}));
      o << "| " << label(r) << " | `" << r.table << "` | " << r.errors.n << " " << parameter_cells(s, r) << " "
        << percent(r.errors.median) << " | " << percent(r.errors.p90) << " | " << r.subset_errors.n << " | "
        << percent(r.subset_errors.median) << " | [svg](kernels/" << file << ") |\n";
    }
  }
  std::ofstream(doc) << o.str();
}

}  // namespace kernel_fit
