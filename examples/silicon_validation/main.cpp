// Predicts every point of silicon_calibration.csv (measured TTFT and TPOT of real serving runs)
// with the library and writes a markdown report of the relative errors, grouped by framework,
// GPU, model, mode, concurrency band and ISL/OSL, plus the records it could not predict.
//
//   tokenomics_silicon_validation [--csv FILE] [--configs DIR] [--out FILE]
//
// Defaults: the repository's data/reference/measurements/silicon_calibration.csv and
// data/reference/hf_configs; the report goes to stdout unless --out is given.
// Relative error = predicted / measured − 1 (positive = the model is too slow).
#include <tokenomics/io/silicon_case.hpp>
#include <tokenomics/serving/estimate.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <exception>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#ifndef TOKENOMICS_REFERENCE_DIR
#error "define TOKENOMICS_REFERENCE_DIR (path of data/reference)"
#endif

namespace tk = tokenomics;

namespace {

struct prediction {
  double ttft_s{};
  double tpot_s{};
  bool ok{};
  std::string reason;  // why not, when !ok
};

// The one entry point from a measured case to the library's TTFT and TPOT.
prediction predict(const tk::silicon_case& c) {
  try {
    const tk::estimate_result e =
        c.record.mode == tk::silicon_mode::agg
            ? tk::estimate(c.model, c.system, c.plan, c.work)
            : tk::estimate_disaggregated(c.model, c.system, c.prefill_plan, c.plan, c.work);
    if (!e.fits)
      return {.reason = "does not fit in GPU memory (concurrency " + std::to_string(c.work.concurrency) +
                        ", max " + std::to_string(e.max_concurrency) + ")"};
    if (!(std::isfinite(e.ttft_s) && e.ttft_s > 0 && std::isfinite(e.tpot_s) && e.tpot_s > 0))
      return {.reason = "no finite positive TTFT/TPOT"};
    return {.ttft_s = e.ttft_s, .tpot_s = e.tpot_s, .ok = true, .reason = {}};
  } catch (const std::exception& e) {
    return {.reason = std::string("unsupported: ") + e.what()};
  }
}

// ---- generic grouping: (key, errors) -> summary ----

struct scored {
  const tk::silicon_case* c;
  double ttft_error;  // predicted / measured − 1
  double tpot_error;
};

struct group_key {
  long long order{};  // groups sort by order, then label
  std::string label;
  auto operator<=>(const group_key&) const = default;
};

struct grouping {
  std::string title;
  std::function<group_key(const tk::silicon_case&)> key;
};

struct summary {
  std::size_t n{};
  double median_abs{};
  double mean_abs{};
  double median{};  // signed: the bias
};

double median_of(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t m = v.size() / 2;
  return v.size() % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

summary summarize(const std::vector<double>& errors) {
  std::vector<double> abs_errors;
  double sum = 0;
  for (const double e : errors) {
    abs_errors.push_back(std::abs(e));
    sum += std::abs(e);
  }
  return {errors.size(), median_of(abs_errors), sum / double(errors.size()), median_of(errors)};
}

std::string percent(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%+.1f%%", 100 * x);
  return buf;
}
std::string percent_abs(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", 100 * x);
  return buf;
}

void write_table(std::ostream& out, const grouping& g, const std::vector<scored>& points) {
  std::map<group_key, std::pair<std::vector<double>, std::vector<double>>> groups;  // tpot, ttft
  for (const scored& p : points) {
    auto& [tpot, ttft] = groups[g.key(*p.c)];
    tpot.push_back(p.tpot_error);
    ttft.push_back(p.ttft_error);
  }
  out << "\n### By " << g.title << "\n\n"
      << "| " << g.title << " | n | TPOT median \\|e\\| | TPOT mean \\|e\\| | TPOT bias | TTFT median \\|e\\| "
      << "| TTFT mean \\|e\\| | TTFT bias |\n|---|--:|--:|--:|--:|--:|--:|--:|\n";
  for (const auto& [key, errors] : groups) {
    const summary t = summarize(errors.first), f = summarize(errors.second);
    out << "| " << key.label << " | " << t.n << " | " << percent_abs(t.median_abs) << " | " << percent_abs(t.mean_abs)
        << " | " << percent(t.median) << " | " << percent_abs(f.median_abs) << " | " << percent_abs(f.mean_abs) << " | "
        << percent(f.median) << " |\n";
  }
}

// Concurrency per (decode) replica, in bands.
group_key concurrency_band(const tk::silicon_case& c) {
  const int n = c.work.concurrency;
  if (n <= 1) return {1, "1"};
  if (n <= 8) return {2, "2–8"};
  if (n <= 64) return {3, "9–64"};
  if (n <= 512) return {4, "65–512"};
  return {5, ">512"};
}

std::vector<grouping> groupings() {
  return {
      {"all", [](const tk::silicon_case&) { return group_key{0, "all"}; }},
      {"framework", [](const tk::silicon_case& c) { return group_key{0, std::string(tk::name_of(c.record.backend))}; }},
      {"GPU", [](const tk::silicon_case& c) { return group_key{0, std::string(tk::name_of(c.record.system))}; }},
      {"model", [](const tk::silicon_case& c) { return group_key{0, c.record.model_path}; }},
      {"mode", [](const tk::silicon_case& c) { return group_key{0, std::string(tk::name_of(c.record.mode))}; }},
      {"concurrency per replica", concurrency_band},
      {"ISL/OSL",
       [](const tk::silicon_case& c) {
         return group_key{c.work.isl * 100000LL + c.work.osl, std::to_string(c.work.isl) + "/" + std::to_string(c.work.osl)};
       }},
  };
}

struct options {
  std::string csv = std::string(TOKENOMICS_REFERENCE_DIR) + "/measurements/silicon_calibration.csv";
  std::string configs = std::string(TOKENOMICS_REFERENCE_DIR) + "/hf_configs";
  std::string out;  // empty: stdout
};

options parse_args(int argc, char** argv) {
  options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (i + 1 >= argc || (a != "--csv" && a != "--configs" && a != "--out"))
      throw std::runtime_error("usage: tokenomics_silicon_validation [--csv FILE] [--configs DIR] [--out FILE]");
    (a == "--csv" ? o.csv : a == "--configs" ? o.configs : o.out) = argv[++i];
  }
  return o;
}

void write_report(std::ostream& out, std::size_t loaded, const tk::silicon_cases& mapped,
                  const std::vector<scored>& points, const std::vector<tk::silicon_skip>& not_predicted) {
  out << "# silicon_calibration.csv: predicted vs measured TTFT and TPOT\n\n"
      << "Records loaded: " << loaded << "; mapped to model/system/plan/workload: " << mapped.cases.size()
      << "; predicted: " << points.size() << "; not predicted: " << not_predicted.size() << ".\n\n"
      << "Relative error e = predicted / measured − 1 (positive: the model is slower than measured); bias = "
         "median of e. Concurrency is per (decode) replica (io/silicon_case.hpp). Default library efficiencies.\n";
  for (const grouping& g : groupings()) write_table(out, g, points);
  out << "\n## Not predicted (" << not_predicted.size() << ")\n\n| id | reason |\n|---|---|\n";
  for (const auto& s : not_predicted) out << "| " << s.id << " | " << s.reason << " |\n";
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const options o = parse_args(argc, argv);
    const auto records = tk::load_silicon_csv(o.csv);
    const tk::silicon_cases mapped = tk::map_silicon_records(records, o.configs);
    std::vector<scored> points;
    std::vector<tk::silicon_skip> not_predicted = mapped.unsupported;
    for (const tk::silicon_case& c : mapped.cases) {
      const prediction p = predict(c);
      if (!p.ok) {
        not_predicted.push_back({c.record.id, p.reason});
        continue;
      }
      points.push_back({&c, p.ttft_s / c.record.ttft_s - 1, p.tpot_s / c.record.tpot_s - 1});
    }
    if (o.out.empty()) {
      write_report(std::cout, records.size(), mapped, points, not_predicted);
    } else {
      std::ofstream file(o.out);
      if (!file) throw std::runtime_error(o.out + ": cannot open for writing");
      write_report(file, records.size(), mapped, points, not_predicted);
    }
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "tokenomics_silicon_validation: " << e.what() << "\n";
    return 1;
  }
}
