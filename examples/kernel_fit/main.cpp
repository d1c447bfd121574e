// tokenomics_kernel_fit: fits every (GPU, framework) software stack to the kernel microbenchmark
// tables and writes the preset header, the documentation with plots, and the compact data subset.
//   tokenomics_kernel_fit --tables <kernel tables> --out-header include/tokenomics/presets/fitted_stacks.hpp
//                         --out-doc docs/kernels.md --out-data data/kernels
#include <CLI/CLI.hpp>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "data_subset.hpp"
#include "doc_writer.hpp"
#include "header_writer.hpp"
#include "method_text.hpp"
#include "stack_fit.hpp"

int main(int argc, char** argv) {
  CLI::App app{"Fit software-stack kernel curves to kernel microbenchmark tables"};
  std::string tables, header, doc, data;
  app.add_option("--tables", tables, "root of <gpu>/<op>/<framework>/<version>/<table>.csv")->required();
  app.add_option("--out-header", header, "generated preset header")->required();
  app.add_option("--out-doc", doc, "generated markdown (plots go to <its directory>/kernels/)")->required();
  app.add_option("--out-data", data, "directory of the compact data subset")->required();
  CLI11_PARSE(app, argc, argv);

  using namespace kernel_fit;
  std::vector<stack_fit> all;
  for (const auto& gpu : gpu_targets)
    for (auto fw : frameworks) {
      all.push_back(fit_stack(tables, gpu, fw));
      fill_missing_dtypes(all.back());
    }
  fill_missing_families(all);

  write_data_subset(all, tables, data);
  measure_subset_errors(all, data);
  write_fit_summary(all, data);
  std::ofstream(header) << fitted_stacks_header(all);
  write_doc(all, doc, method_text());

  for (const auto& s : all)
    for (const auto& r : s.records)
      if (r.copied_from.empty())
        std::printf("%-9s %-7s %-28s %6zu rows  median %5.1f %%  p90 %6.1f %%\n", std::string(s.gpu->dir).c_str(),
                    std::string(tk::name_of(s.fw)).c_str(), label(r).c_str(), r.errors.n, 100 * r.errors.median,
                    100 * r.errors.p90);
  return 0;
}
