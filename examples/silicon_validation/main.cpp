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
#include <tokenomics/explore/calibrate.hpp>
#include <tokenomics/presets/stacks.hpp>

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

// One predicted value per case and quantity, under one way of setting the stacks (a column of the
// report); NaN where the plan does not fit.
struct column {
  std::string name;
  std::vector<double> ttft_s, tpot_s;
};

// Every case under `stack_of(i)`: the one entry point from a measured case to the library.
template <class StackOf>
column predict_all(std::string name, const std::vector<tk::measurement>& ms, StackOf stack_of) {
  column c{std::move(name), std::vector<double>(ms.size(), NAN), std::vector<double>(ms.size(), NAN)};
  for (std::size_t i = 0; i < ms.size(); ++i) {
    const auto p = tk::predict(ms[i], stack_of(i));
    c.ttft_s[i] = p[0];
    c.tpot_s[i] = p[1];
  }
  return c;
}

// The fixed costs of each framework fitted on the records `use(i)` admits.
template <class Use>
std::map<tk::framework, tk::fixed_costs> fit_costs(const std::vector<tk::measurement>& ms, Use use) {
  std::map<tk::framework, tk::fixed_costs> out;
  for (const auto fw : {tk::framework::trtllm, tk::framework::sglang, tk::framework::vllm}) {
    std::vector<tk::measurement> subset;
    for (std::size_t i = 0; i < ms.size(); ++i)
      if (ms[i].stack.name == fw && use(i)) subset.push_back(ms[i]);
    if (subset.empty()) continue;
    out[fw] = tk::calibrate(subset, tk::presets::traits_of(fw).fixed).fitted;
  }
  return out;
}

// Leave one group out: each record predicted with the costs fitted on the other groups.
template <class Key>
column held_out(std::string name, const std::vector<tk::measurement>& ms, Key key) {
  std::map<std::string, std::map<tk::framework, tk::fixed_costs>> fits;
  for (const auto& m : ms) {
    const std::string k = key(m);
    if (!fits.contains(k)) fits[k] = fit_costs(ms, [&](std::size_t i) { return key(ms[i]) != k; });
  }
  return predict_all(std::move(name), ms, [&](std::size_t i) {
    const auto& f = fits[key(ms[i])];
    const auto it = f.find(ms[i].stack.name);
    return tk::with_costs(ms[i].stack, it != f.end() ? it->second : ms[i].stack.fixed);
  });
}

// ---- generic grouping: (key, errors) -> summary ----

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

// Median |e| of TPOT and TTFT for each column, per group; only cases every column predicts.
void write_table(std::ostream& out, const grouping& g, const std::vector<tk::silicon_case>& cases,
                 const std::vector<column>& columns) {
  struct errors {
    std::vector<std::vector<double>> tpot, ttft;  // per column
  };
  std::map<group_key, errors> groups;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    bool all = true;
    for (const auto& c : columns) all = all && std::isfinite(c.tpot_s[i]) && std::isfinite(c.ttft_s[i]);
    if (!all) continue;
    auto& e = groups[g.key(cases[i])];
    e.tpot.resize(columns.size());
    e.ttft.resize(columns.size());
    for (std::size_t k = 0; k < columns.size(); ++k) {
      e.tpot[k].push_back(columns[k].tpot_s[i] / cases[i].record.tpot_s - 1);
      e.ttft[k].push_back(columns[k].ttft_s[i] / cases[i].record.ttft_s - 1);
    }
  }
  out << "\n### By " << g.title << "\n\nMedian |error| (bias: signed median).\n\n| " << g.title << " | n |";
  for (const auto& c : columns) out << " TPOT " << c.name << " |";
  for (const auto& c : columns) out << " TTFT " << c.name << " |";
  out << "\n|---|--:|";
  for (std::size_t k = 0; k < 2 * columns.size(); ++k) out << "--:|";
  out << "\n";
  for (const auto& [key, e] : groups) {
    out << "| " << key.label << " | " << e.tpot[0].size() << " |";
    for (const auto* side : {&e.tpot, &e.ttft})
      for (const auto& v : *side) {
        const summary s = summarize(v);
        out << " " << percent_abs(s.median_abs) << " (" << percent(s.median) << ") |";
      }
    out << "\n";
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
      {"framework and GPU",
       [](const tk::silicon_case& c) {
         return group_key{0, std::string(tk::name_of(c.record.backend)) + " " + std::string(tk::name_of(c.record.system))};
       }},
      {"framework and mode",
       [](const tk::silicon_case& c) {
         return group_key{0, std::string(tk::name_of(c.record.backend)) + " " + std::string(tk::name_of(c.record.mode))};
       }},
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
                  const std::vector<column>& columns, const std::map<tk::framework, tk::fixed_costs>& fitted) {
  out << "# silicon_calibration.csv: predicted vs measured TTFT and TPOT\n\n"
      << "Records loaded: " << loaded << "; mapped to model/system/plan/workload: " << mapped.cases.size()
      << ". Relative error e = predicted / measured − 1 (positive: the model is slower than measured). "
         "Concurrency is per (decode) replica (io/silicon_case.hpp). Columns: `ideal` the pure roofline; "
         "`shipped` each record's framework stack on its GPU (presets::stack_for) as shipped; `fitted` with "
         "the fixed costs fitted here per framework on every record; `LOMO` / `LOGO` with the fixed costs "
         "fitted per framework on the other models / GPUs only (leave one out). Only cases every column "
         "predicts are counted.\n\n## Fixed costs fitted per framework\n\n"
         "| framework | per_layer_s | per_step_s | per_request_s | latency_exposure | burst_wait |\n"
         "|---|--:|--:|--:|--:|--:|\n";
  auto shown = [](double v, double unit, const char* suffix) {  // 3 significant digits; 0 at the bound
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3g%s", v * unit < 1e-6 ? 0.0 : v * unit, suffix);
    return std::string(buf);
  };
  for (const auto& [fw, c] : fitted)
    out << "| " << tk::name_of(fw) << " | " << shown(c.per_layer_s, 1e6, " µs") << " | "
        << shown(c.per_step_s, 1e3, " ms") << " | " << shown(c.per_request_s, 1e3, " ms") << " | "
        << shown(c.latency_exposure, 1, "") << " | " << shown(c.burst_wait, 1, "") << " |\n";
  for (const grouping& g : groupings()) write_table(out, g, mapped.cases, columns);
  // Unmapped records by kind of reason (numbers blanked), with one example each.
  std::map<std::string, std::pair<int, const tk::silicon_skip*>> kinds;
  for (const auto& s : mapped.unsupported) {
    std::string kind = s.reason;
    for (char& ch : kind)
      if (ch >= '0' && ch <= '9') ch = '#';
    auto& [n, example] = kinds[kind];
    if (n++ == 0) example = &s;
  }
  out << "\n## Not mapped (" << mapped.unsupported.size() << ")\n\n| records | example id | reason |\n|--:|---|---|\n";
  for (const auto& [kind, entry] : kinds)
    out << "| " << entry.first << " | " << entry.second->id << " | " << entry.second->reason << " |\n";
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const options o = parse_args(argc, argv);
    const auto records = tk::load_silicon_csv(o.csv);
    const tk::silicon_cases mapped = tk::map_silicon_records(records, o.configs);
    std::vector<tk::measurement> ms;
    for (const auto& c : mapped.cases) ms.push_back(tk::to_measurement(c));
    const auto fitted = fit_costs(ms, [](std::size_t) { return true; });
    std::vector<column> columns;
    columns.push_back(predict_all("ideal", ms, [](std::size_t) { return tk::software_stack::ideal(); }));
    columns.push_back(predict_all("shipped", ms, [&](std::size_t i) { return ms[i].stack; }));
    columns.push_back(predict_all("fitted", ms, [&](std::size_t i) {
      return tk::with_costs(ms[i].stack, fitted.at(ms[i].stack.name));
    }));
    columns.push_back(held_out("LOMO", ms, [](const tk::measurement& m) { return m.model_label; }));
    columns.push_back(held_out("LOGO", ms, [](const tk::measurement& m) { return m.gpu_label; }));
    if (o.out.empty()) {
      write_report(std::cout, records.size(), mapped, columns, fitted);
    } else {
      std::ofstream file(o.out);
      if (!file) throw std::runtime_error(o.out + ": cannot open for writing");
      write_report(file, records.size(), mapped, columns, fitted);
    }
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "tokenomics_silicon_validation: " << e.what() << "\n";
    return 1;
  }
}
