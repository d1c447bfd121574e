#pragma once
// Fitting every curve of one software stack (a framework on a GPU) from its tables, then filling
// what no table times: a link another framework's table on the same GPU times, a dtype no table
// times from the nearest dtype's curve of the same stack.
#include <algorithm>
#include <cstddef>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "curve_fit.hpp"

namespace kernel_fit {

// One fitted (family, dtype) curve, or a copied one with the reason.
struct fit_record {
  family f;
  kernel_dtype dtype;
  std::string table;    // "<op>/<framework>/<version>/<table>" or "" when copied
  std::string version;  // the table's version directory
  error_stats errors;   // over the table's samples, zero when copied
  error_stats subset_errors;  // over the compact subset's samples (data/kernels)
  std::string copied_from;  // "" when fitted
};

struct used_table {
  found_table where;
  std::shared_ptr<const csv_table> table;
  std::set<std::size_t> rows;  // rows some fit used
};

struct stack_fit {
  const gpu_target* gpu{};
  tk::framework fw{};
  tk::software_stack stack{};
  std::vector<fit_record> records;
  std::map<std::string, used_table> tables;             // by path
  std::map<std::pair<family, kernel_dtype>, std::vector<sample>> samples;  // fitted ones
  [[nodiscard]] bool fitted(family f, kernel_dtype d) const {
    return std::ranges::any_of(records, [&](const fit_record& r) { return r.f == f && r.dtype == d && r.copied_from.empty(); });
  }
};

[[nodiscard]] inline std::string table_label(const found_table& t, std::string_view gpu_dir,
                                             const std::filesystem::path& root) {
  return std::filesystem::relative(t.path, root / gpu_dir).replace_extension().generic_string();
}

inline std::vector<double> errors_of(const tk::software_stack& s, family f, std::span<const sample> samples,
                                     const gpu_target& g) {
  std::vector<double> e;
  for (const auto& x : samples) e.push_back(std::abs(model_seconds(s, f, x, g) / x.seconds - 1));
  return e;
}

// Fits every family whose table exists for this (gpu, framework).
[[nodiscard]] inline stack_fit fit_stack(const std::filesystem::path& root, const gpu_target& g, tk::framework fw) {
  stack_fit out;
  out.gpu = &g;
  out.fw = fw;
  out.stack.name = fw;
  out.stack.scale_out_fraction = 0.85;
  for (auto f : all_families) {
    const auto where = find_table(root, g.dir, fw, f);
    if (!where) continue;
    auto& used = out.tables[where->path.string()];
    if (!used.table) used = {*where, std::make_shared<const csv_table>(where->path.string()), {}};
    std::map<kernel_dtype, std::vector<sample>> by_dtype;
    for (auto& s : samples_of(f, *used.table, where->name, g)) {
      const auto d = has_dtypes(f) ? s.dtype : kernel_dtype::bf16;
      by_dtype[d].push_back(std::move(s));
    }
    for (auto& [d, samples] : by_dtype) {
      if (samples.size() < 4) continue;
      if (is_link(f)) link_curve_of(out.stack, f) = fit_link_curve(samples, g);
      else kernel_curve_of(out.stack, f, d) = fit_kernel_curve(f, samples, g);
      for (const auto& s : samples) used.rows.insert(s.row);
      out.records.push_back({f, d, table_label(*where, g.dir, root), where->version,
                             relative_errors(errors_of(out.stack, f, samples, g)), {}, ""});
      out.samples[{f, d}] = std::move(samples);
    }
  }
  return out;
}

// Dtypes without a table take the curve of the nearest dtype the stack has: the same weight
// format first, then the same math width (FP4 on Hopper runs as FP8 or BF16 math).
[[nodiscard]] inline std::vector<kernel_dtype> nearest_dtypes(kernel_dtype d) {
  using enum kernel_dtype;
  switch (d) {
    case bf16: return {w4a16, fp8, fp8_block};
    case fp8: return {fp8_block, bf16};
    case fp8_block: return {fp8, bf16};
    case nvfp4: return {w4a8, fp8_block, fp8};
    case w4a16: return {bf16, fp8_block};
    case w4a8: return {nvfp4, w4a16, fp8_block, fp8};
  }
  return {};
}

inline void fill_missing_dtypes(stack_fit& s) {
  for (auto f : {family::gemm, family::moe})
    for (std::size_t i = 0; i < tk::num_kernel_dtypes; ++i) {
      const auto d = static_cast<kernel_dtype>(i);
      if (s.fitted(f, d)) continue;
      for (auto near : nearest_dtypes(d))
        if (s.fitted(f, near)) {
          kernel_curve_of(s.stack, f, d) = kernel_curve_of(s.stack, f, near);
          s.records.push_back({f, d, "", "", {}, {}, std::string(tk::name_of(near)) + " curve of this stack (no table)"});
          break;
        }
    }
}

// Families no table of this framework times on this GPU take another framework's fit on the
// same GPU (sglang's DeepEP and MLA tables serve trtllm and vllm where they have none).
inline void fill_missing_families(std::vector<stack_fit>& all) {
  for (auto& s : all)
    for (auto f : all_families) {
      if (has_dtypes(f) || s.fitted(f, kernel_dtype::bf16)) continue;
      for (auto donor_fw : {tk::framework::sglang, tk::framework::trtllm, tk::framework::vllm}) {
        const auto donor = std::ranges::find_if(all, [&](const stack_fit& o) {
          return o.gpu == s.gpu && o.fw == donor_fw && o.fitted(f, kernel_dtype::bf16);
        });
        if (donor == all.end()) continue;
        if (is_link(f)) link_curve_of(s.stack, f) = link_curve_of(donor->stack, f);
        else kernel_curve_of(s.stack, f, kernel_dtype::bf16) = kernel_curve_of(donor->stack, f, kernel_dtype::bf16);
        s.records.push_back({f, kernel_dtype::bf16, "", "", {}, {},
                             std::string(tk::name_of(donor_fw)) + "'s fit on this GPU (no " +
                                 std::string(tk::name_of(s.fw)) + " table)"});
        break;
      }
    }
}

}  // namespace kernel_fit
