#pragma once
// Writes data/kernels: for every table a fit used, a deterministic subset of the rows the fits
// used (evenly spaced in table order, at most rows_per_table, shared evenly between the curves
// the table feeds), verbatim with the table's header, under the same relative path; the errors
// of every fitted curve on that subset, read back as the test reads it; and fit_summary.csv, the
// errors docs/kernels.md states per curve (tests/presets/test_fitted_stacks.cpp re-checks them).
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "stack_fit.hpp"

namespace kernel_fit {

inline constexpr std::size_t rows_per_table = 200;

inline std::set<std::size_t> evenly_spaced(const std::vector<std::size_t>& rows, std::size_t count) {
  std::set<std::size_t> out;
  if (rows.empty()) return out;
  const std::size_t n = std::min(count, rows.size());
  for (std::size_t i = 0; i < n; ++i) out.insert(rows[i * rows.size() / n]);
  return out;
}

inline void write_data_subset(const std::vector<stack_fit>& all, const std::filesystem::path& root,
                              const std::filesystem::path& out) {
  for (const auto& s : all)
    for (const auto& [path, used] : s.tables) {
      // The curves this table feeds, each with its used rows in table order.
      std::vector<std::vector<std::size_t>> groups;
      for (const auto& [key, samples] : s.samples) {
        const auto names = location_of(key.first).tables;
        if (std::ranges::find(names, std::string_view(used.where.name)) == names.end()) continue;
        std::set<std::size_t> rows;
        for (const auto& x : samples) rows.insert(x.row);
        groups.emplace_back(rows.begin(), rows.end());
      }
      std::set<std::size_t> kept;
      for (const auto& g : groups) kept.merge(evenly_spaced(g, rows_per_table / groups.size()));
      const auto target = out / std::filesystem::relative(used.where.path, root);
      std::filesystem::create_directories(target.parent_path());
      std::ofstream o(target);
      o << used.table->header() << "\n";
      for (auto r : kept) o << used.table->line(r) << "\n";
    }
}

// Each fitted curve's errors on the written subset, through the same reader the test uses.
inline void measure_subset_errors(std::vector<stack_fit>& all, const std::filesystem::path& out) {
  for (auto& s : all)
    for (auto& r : s.records) {
      if (!r.copied_from.empty()) continue;
      const auto where = find_table(out, s.gpu->dir, s.fw, r.f);
      const csv_table table(where->path.string());
      std::vector<sample> samples;
      for (auto& x : samples_of(r.f, table, where->name, *s.gpu))
        if (!has_dtypes(r.f) || x.dtype == r.dtype) samples.push_back(std::move(x));
      r.subset_errors = relative_errors(errors_of(s.stack, r.f, samples, *s.gpu));
    }
}

inline void write_fit_summary(const std::vector<stack_fit>& all, const std::filesystem::path& out) {
  std::ofstream summary(out / "fit_summary.csv");
  summary << "gpu,framework,curve,dtype,rows,median_abs_rel_error,p90_abs_rel_error,subset_rows,"
             "subset_median_abs_rel_error\n";
  for (const auto& s : all)
    for (const auto& r : s.records)
      if (r.copied_from.empty())
        summary << s.gpu->dir << "," << tk::name_of(s.fw) << "," << name_of(r.f) << "," << tk::name_of(r.dtype) << ","
                << r.errors.n << "," << r.errors.median << "," << r.errors.p90 << "," << r.subset_errors.n << ","
                << r.subset_errors.median << "\n";
}

}  // namespace kernel_fit
