#pragma once
// Writes include/tokenomics/presets/fitted_stacks.hpp: one software_stack constant per
// (framework, GPU), every curve with where it came from, and generic_stack (the per-parameter
// median of the fitted curves; the curves are fractions of peak, so the median is GPU-agnostic).
#include <cstdio>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "stack_fit.hpp"

namespace kernel_fit {

inline std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

inline std::string percent(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f %%", 100 * v);
  return buf;
}

inline std::string stack_name(const stack_fit& s) {
  return std::string(tk::name_of(s.fw)) + "_on_" + std::string(s.gpu->dir == "b200_sxm" ? "b200" : s.gpu->dir);
}

[[nodiscard]] inline const fit_record* record_of(const stack_fit& s, family f, kernel_dtype d) {
  for (const auto& r : s.records)
    if (r.f == f && r.dtype == d) return &r;
  return nullptr;
}

inline std::string provenance(const fit_record* r) {
  if (!r) return "no table, no donor: ideal curve";
  if (!r->copied_from.empty()) return "copied: " + r->copied_from;
  return r->table + ", " + std::to_string(r->errors.n) + " rows, median |error| " + percent(r->errors.median);
}

inline std::string kernel_init(const tk::kernel_curve& c) {
  return "{.compute_fraction = " + num(c.compute_fraction) + ", .half_work = " + num(c.half_work) +
         ", .bandwidth_fraction = " + num(c.bandwidth_fraction) + ", .latency_s = " + num(c.latency_s) + "}";
}
inline std::string link_init(const tk::link_curve& c) {
  return "{.latency_s = " + num(c.latency_s) + ", .bandwidth_fraction = " + num(c.bandwidth_fraction) + "}";
}

// The stack's body (designated initializers in declaration order); `s` null for generic_stack.
inline void write_curves(std::ostream& o, const tk::software_stack& stack, const stack_fit* s) {
  auto note = [&](family f) { return s ? "    // " + provenance(record_of(*s, f, kernel_dtype::bf16)) + "\n" : std::string(); };
  for (auto f : {family::gemm, family::moe}) {
    o << "    ." << name_of(f) << " = {{\n";
    for (std::size_t i = 0; i < tk::num_kernel_dtypes; ++i) {
      const auto d = static_cast<kernel_dtype>(i);
      o << "        // " << tk::name_of(d) << (s ? ": " + provenance(record_of(*s, f, d)) : std::string()) << "\n"
        << "        " << kernel_init(kernel_curve_of(stack, f, d)) << ",\n";
    }
    o << "    }},\n";
  }
  for (auto f : {family::decode_attention, family::prefill_attention, family::decode_mla, family::prefill_mla})
    o << note(f) << "    ." << name_of(f) << " = " << kernel_init(kernel_curve_of(stack, f, kernel_dtype::bf16)) << ",\n";
  for (auto f : {family::all_reduce, family::nccl_all_reduce, family::nccl_all_gather, family::ep_low_latency,
                 family::ep_normal})
    o << note(f) << "    ." << name_of(f) << " = " << link_init(link_curve_of(stack, f)) << ",\n";
  // Fixed costs and the scheduler are the framework's, fitted end to end (presets/stacks.hpp).
  o << "    .scale_out_fraction = 0.85,  // DeepEP internode: 40-46 of 50 GB/s per GPU at EP >= 32\n";
}

inline std::string source_of(const stack_fit& s) {
  std::string copied;
  for (const auto& r : s.records)
    if (!r.copied_from.empty() && !has_dtypes(r.f)) copied += "; " + std::string(name_of(r.f)) + ": " + r.copied_from;
  return "aiconfigurator 095f58a51 kernel tables, " + std::string(s.gpu->dir) + " (docs/kernels.md)" + copied;
}

// The median of each parameter over the stacks that fitted that curve from a table.
inline tk::software_stack median_stack(const std::vector<stack_fit>& all) {
  auto median = [](std::vector<double> v) {
    std::ranges::sort(v);
    return v.empty() ? 0.0 : v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
  };
  tk::software_stack g;
  g.name = tk::framework::generic;
  std::set<std::pair<family, kernel_dtype>> with_median;
  for (auto f : all_families)
    for (std::size_t i = 0; i < (has_dtypes(f) ? tk::num_kernel_dtypes : 1); ++i) {
      const auto d = static_cast<kernel_dtype>(i);
      std::vector<double> p[4];
      for (const auto& s : all) {
        if (!s.fitted(f, d)) continue;
        if (is_link(f)) {
          p[0].push_back(link_curve_of(s.stack, f).latency_s);
          p[1].push_back(link_curve_of(s.stack, f).bandwidth_fraction);
        } else {
          const auto& c = kernel_curve_of(s.stack, f, d);
          for (int k = 0; k < 4; ++k)
            p[k].push_back(std::array{c.compute_fraction, c.half_work, c.bandwidth_fraction, c.latency_s}[k]);
        }
      }
      if (p[0].empty()) continue;
      if (is_link(f)) link_curve_of(g, f) = {.latency_s = median(p[0]), .bandwidth_fraction = median(p[1])};
      else kernel_curve_of(g, f, d) = {median(p[0]), median(p[1]), median(p[2]), median(p[3])};
      with_median.insert({f, d});
    }
  // Dtypes no stack fitted (W4A16/W4A8 GEMMs) take the nearest fitted dtype, as in each stack.
  for (auto f : {family::gemm, family::moe})
    for (std::size_t i = 0; i < tk::num_kernel_dtypes; ++i) {
      const auto d = static_cast<kernel_dtype>(i);
      if (with_median.contains({f, d})) continue;
      for (auto near : nearest_dtypes(d))
        if (with_median.contains({f, near})) {
          kernel_curve_of(g, f, d) = kernel_curve_of(g, f, near);
          break;
        }
    }
  return g;
}

inline std::string fitted_stacks_header(const std::vector<stack_fit>& all) {
  std::ostringstream o;
  o << "#pragma once\n"
       "// Generated by examples/kernel_fit (tokenomics_kernel_fit) -- do not edit; re-run it instead\n"
       "// (docs/kernels.md). Each (framework, GPU) software stack's kernel and link curves, fitted to the\n"
       "// aiconfigurator kernel microbenchmark tables (ai-dynamo/aiconfigurator 095f58a51, Apache-2.0,\n"
       "// (c) NVIDIA; compact subset in data/kernels) by minimising the squared log error of the law in\n"
       "// spec/software_stack.hpp over bounded parameters. docs/kernels.md lists bounds, errors and plots.\n"
       "// Dtypes without a table carry the nearest dtype's curve of the same stack (noted per line).\n"
       "#include <array>\n#include <string_view>\n\n#include \"../spec/software_stack.hpp\"\n\n"
       "namespace tokenomics::presets {\n\n";
  for (const auto& s : all) {
    o << "// " << tk::name_of(s.fw) << " on " << s.gpu->dir << ". Tables used (rows, median |error|):\n";
    for (const auto& r : s.records)
      if (r.copied_from.empty())
        o << "//   " << name_of(r.f) << (has_dtypes(r.f) ? " " + std::string(tk::name_of(r.dtype)) : "") << ": "
          << r.table << ", " << r.errors.n << " rows, " << percent(r.errors.median) << "\n";
    // The framework release: the version directory of its GEMM table.
    const auto gemm = std::ranges::find_if(s.records, [](const fit_record& r) { return r.f == family::gemm; });
    const std::string version = gemm == s.records.end() ? "" : gemm->version;
    o << "inline constexpr software_stack " << stack_name(s) << "{\n"
      << "    .name = framework::" << tk::name_of(s.fw) << ",\n"
      << "    .version = \"" << version << "\",\n"
      << "    .source = \"" << source_of(s) << "\",\n";
    write_curves(o, s.stack, &s);
    o << "};\n\n";
  }
  o << "// The per-parameter median of the " << all.size()
    << " stacks above over the curves fitted from a table (not the copied ones):\n"
       "// a GPU-agnostic default, since every curve is a fraction of the GPU's own peaks.\n"
       "inline constexpr software_stack generic_stack{\n"
       "    .name = framework::generic,\n    .version = \"\",\n"
       "    .source = \"median of the 12 fitted (framework, GPU) stacks (docs/kernels.md)\",\n";
  write_curves(o, median_stack(all), nullptr);
  o << "};\n\n"
       "// Every fitted stack with the GPU (table directory) it was measured on.\n"
       "struct fitted_stack_entry {\n  std::string_view gpu;\n  const software_stack* stack;\n};\n"
       "inline constexpr std::array<fitted_stack_entry, "
    << all.size() << "> fitted_stacks{{\n";
  for (const auto& s : all) o << "    {\"" << s.gpu->dir << "\", &" << stack_name(s) << "},\n";
  o << "}};\n\n}  // namespace tokenomics::presets\n";
  return o.str();
}

}  // namespace kernel_fit
