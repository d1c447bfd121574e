#pragma once
// data/reference/measurements/silicon_calibration.csv -> typed silicon_record rows (plain CSV,
// io/csv.hpp; needs no dependency). The columns are described in that folder's README; what a
// record means for the library (model, system, plans, workload) is io/silicon_case.hpp's job.
//
//   std::vector<tokenomics::silicon_record> rows = tokenomics::load_silicon_csv(path);
//
// Conventions of the file, kept as they are:
//  - A size that is empty or 0 is "not stated" and stored as 0: attention_dp_size in many agg
//    rows, the MoE sizes of dense models, batch sizes and worker counts of most disagg rows.
//    tp and pp are always stated (> 0); an agg row always states its batch_size.
//  - Agg rows fill the plain columns and leave every prefill_/decode_ column empty; disagg rows
//    the other way round.
//  - gemm_quant_mode / moe_quant_mode: empty -> bf16, fp8, fp8_block, nvfp4, int4_wo -> int4. The
//    `precision` column only summarises them and is not read.
//  - The client concurrency is the N of "silicon_concurrency=N" in silicon_data_source (0 if absent).
//
// Checks (tokenomics::invalid_argument "row <id>.<column> = <value>: <rule>"; before the id is
// known, "<file>: line <n>.id"): integers and positive finite times, known backend / system /
// mode / quant mode, unique ids, the block of the other mode left empty, and the GPU identity
// tp·pp·dp = moe_tp·moe_ep·pp of an agg replica or disagg worker wherever the row states both
// sides (its attention DP and an expert layout moe_tp·moe_ep > 1: dense rows carry MoE sizes of
// 1 or 0 that describe nothing).
#include <charconv>
#include <cmath>
#include <filesystem>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "../core/error.hpp"
#include "../core/precision.hpp"
#include "../spec/software_stack.hpp"
#include "csv.hpp"

namespace tokenomics {

enum class silicon_mode { agg, disagg };
enum class silicon_system { h100_sxm, h200_sxm, b200_sxm, gb200 };

[[nodiscard]] constexpr std::string_view name_of(silicon_mode m) noexcept {
  return m == silicon_mode::agg ? "agg" : "disagg";
}
[[nodiscard]] constexpr std::string_view name_of(silicon_system s) noexcept {
  switch (s) {
    case silicon_system::h100_sxm: return "h100_sxm";
    case silicon_system::h200_sxm: return "h200_sxm";
    case silicon_system::b200_sxm: return "b200_sxm";
    case silicon_system::gb200: return "gb200";
  }
  return "?";
}

// One engine: the agg replica, or one prefill / decode worker. 0 = not stated (see above).
struct silicon_layout {
  int batch_size{};    // requests in flight per attention-DP rank
  int num_workers{};   // disagg: workers of this kind (agg rows: 1, the one replica)
  int tp{};
  int pp{};
  int attention_dp{};
  int moe_tp{};
  int moe_ep{};
};

struct silicon_record {
  std::string id;
  std::string data_source;
  framework backend{framework::generic};
  std::string backend_version;  // empty = not stated
  std::string model_path;       // Hugging Face model id
  silicon_system system{};
  precision gemm_quant{precision::bf16};
  precision moe_quant{precision::bf16};
  silicon_mode mode{};
  int isl{};
  int osl{};
  silicon_layout agg{};      // agg rows
  silicon_layout prefill{};  // disagg rows
  silicon_layout decode{};   // disagg rows
  double ttft_s{};
  double tpot_s{};
  int client_concurrency{};  // silicon_concurrency=N, 0 = not stated
};

namespace detail::silicon {

inline constexpr std::string_view layout_fields[] = {"batch_size", "num_workers", "tp_size", "pp_size",
                                                     "attention_dp_size", "moe_tp_size", "moe_ep_size"};

// The cells of one row, read by column name; every message names "row <id>.<column>".
class row_reader {
 public:
  row_reader(const csv_table& t, std::size_t row, std::string id) : t_(t), row_(row), id_(std::move(id)) {}

  [[nodiscard]] const std::string& text(std::string_view column) const { return t_.rows[row_][index(column)]; }
  [[nodiscard]] std::string field(std::string_view column) const { return "row " + id_ + "." + std::string(column); }

  [[nodiscard]] int integer(std::string_view column) const {  // empty -> 0
    const std::string& s = text(column);
    if (s.empty()) return 0;
    int v = 0;
    const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    if (r.ec != std::errc{} || r.ptr != s.data() + s.size()) fail(field(column), s, "must be an integer");
    if (v < 0) fail(field(column), s, "must be >= 0");
    return v;
  }
  [[nodiscard]] int positive_integer(std::string_view column) const {
    const int v = integer(column);
    if (v <= 0) fail(field(column), text(column), "must be an integer > 0");
    return v;
  }
  [[nodiscard]] double milliseconds_as_seconds(std::string_view column) const {
    const std::string& s = text(column);
    double v = 0;
    const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || r.ec != std::errc{} || r.ptr != s.data() + s.size() || !std::isfinite(v) || v <= 0)
      fail(field(column), s, "must be a finite number > 0 (milliseconds)");
    return v * 1e-3;
  }

 private:
  [[nodiscard]] std::size_t index(std::string_view column) const {
    for (std::size_t i = 0; i < t_.header.size(); ++i)
      if (t_.header[i] == column) return i;
    throw invalid_argument(field(column) + ": column missing");
  }
  const csv_table& t_;
  std::size_t row_;
  std::string id_;
};

inline precision quant_mode(const row_reader& r, std::string_view column) {
  const std::string& s = r.text(column);
  if (s.empty()) return precision::bf16;
  if (s == "fp8") return precision::fp8;
  if (s == "fp8_block") return precision::fp8_block;
  if (s == "nvfp4") return precision::nvfp4;
  if (s == "int4_wo") return precision::int4;
  fail(r.field(column), s, "unknown quant mode (empty, fp8, fp8_block, nvfp4, int4_wo)");
}

inline framework backend(const row_reader& r) {
  const std::string& s = r.text("backend");
  if (s == "trtllm") return framework::trtllm;
  if (s == "sglang") return framework::sglang;
  if (s == "vllm") return framework::vllm;
  fail(r.field("backend"), s, "unknown backend (trtllm, sglang, vllm)");
}

inline silicon_system system(const row_reader& r) {
  const std::string& s = r.text("system");
  for (auto v : {silicon_system::h100_sxm, silicon_system::h200_sxm, silicon_system::b200_sxm, silicon_system::gb200})
    if (name_of(v) == s) return v;
  fail(r.field("system"), s, "unknown system (h100_sxm, h200_sxm, b200_sxm, gb200)");
}

inline silicon_mode mode(const row_reader& r) {
  const std::string& s = r.text("mode");
  if (s == "agg") return silicon_mode::agg;
  if (s == "disagg") return silicon_mode::disagg;
  fail(r.field("mode"), s, "unknown mode (agg, disagg)");
}

// "silicon_concurrency=N" inside the provenance text, or 0.
inline int client_concurrency(const row_reader& r) {
  constexpr std::string_view key = "silicon_concurrency=";
  const std::string& s = r.text("silicon_data_source");
  const auto at = s.find(key);
  if (at == std::string::npos) return 0;
  const char* begin = s.data() + at + key.size();
  int v = 0;
  const auto res = std::from_chars(begin, s.data() + s.size(), v);
  if (res.ec != std::errc{} || v <= 0)
    fail(r.field("silicon_data_source"), std::string(key) + std::string(begin, res.ptr), "N must be an integer > 0");
  return v;
}

inline void require_empty_block(const row_reader& r, std::string_view prefix, std::string_view mode) {
  for (auto f : layout_fields) {
    const std::string column = std::string(prefix) + std::string(f);
    if (f == "num_workers" && prefix.empty()) continue;  // agg rows have no worker column
    if (!r.text(column).empty()) fail(r.field(column), r.text(column), "must be empty in " + std::string(mode) + " rows");
  }
}

// tp·pp·dp = moe_tp·moe_ep·pp where the row states both sides (see the header comment).
inline void check_gpu_identity(const row_reader& r, std::string_view prefix, const silicon_layout& l) {
  if (l.attention_dp == 0 || l.moe_tp * l.moe_ep <= 1) return;
  if (l.tp * l.attention_dp != l.moe_tp * l.moe_ep)
    fail(r.field(std::string(prefix) + "moe_ep_size"), show(l.moe_ep),
         "GPUs tp * pp * attention_dp = " + show(l.tp * l.pp * l.attention_dp) + " but moe_tp * moe_ep * pp = " +
             show(l.moe_tp * l.moe_ep * l.pp));
}

inline silicon_layout layout(const row_reader& r, std::string_view prefix) {
  auto col = [&](std::string_view f) { return std::string(prefix) + std::string(f); };
  silicon_layout l;
  l.batch_size = r.integer(col("batch_size"));
  l.num_workers = prefix.empty() ? 1 : r.integer(col("num_workers"));
  l.tp = r.positive_integer(col("tp_size"));
  l.pp = r.positive_integer(col("pp_size"));
  l.attention_dp = r.integer(col("attention_dp_size"));
  l.moe_tp = r.integer(col("moe_tp_size"));
  l.moe_ep = r.integer(col("moe_ep_size"));
  check_gpu_identity(r, prefix, l);
  return l;
}

inline silicon_record record(const row_reader& r) {
  silicon_record s;
  s.id = r.text("id");
  s.data_source = r.text("silicon_data_source");
  s.backend = backend(r);
  s.backend_version = r.text("backend_version");
  s.model_path = r.text("model_path");
  if (s.model_path.empty()) fail(r.field("model_path"), "\"\"", "must name a Hugging Face model");
  s.system = system(r);
  s.gemm_quant = quant_mode(r, "gemm_quant_mode");
  s.moe_quant = quant_mode(r, "moe_quant_mode");
  s.mode = mode(r);
  s.isl = r.positive_integer("isl");
  s.osl = r.positive_integer("osl");
  if (s.mode == silicon_mode::agg) {
    s.agg = layout(r, "");
    if (s.agg.batch_size == 0) fail(r.field("batch_size"), r.text("batch_size"), "must be an integer > 0");
    require_empty_block(r, "prefill_", "agg");
    require_empty_block(r, "decode_", "agg");
  } else {
    s.prefill = layout(r, "prefill_");
    s.decode = layout(r, "decode_");
    require_empty_block(r, "", "disagg");
  }
  s.ttft_s = r.milliseconds_as_seconds("silicon_ttft_ms");
  s.tpot_s = r.milliseconds_as_seconds("silicon_tpot_ms");
  s.client_concurrency = client_concurrency(r);
  return s;
}

}  // namespace detail::silicon

// Reads every row of a silicon_calibration.csv-shaped file; throws on the first bad row.
[[nodiscard]] inline std::vector<silicon_record> load_silicon_csv(const std::filesystem::path& path) {
  const csv_table t = read_csv(path);
  const std::string where = path.filename().string();
  std::size_t id_column = t.header.size();
  for (std::size_t i = 0; i < t.header.size(); ++i)
    if (t.header[i] == "id") id_column = i;
  if (id_column == t.header.size()) throw invalid_argument(where + ": column id missing");
  std::vector<silicon_record> out;
  std::set<std::string, std::less<>> ids;
  for (std::size_t i = 0; i < t.rows.size(); ++i) {
    const std::string& id = t.rows[i][id_column];
    if (id.empty()) detail::fail(where + ": line " + std::to_string(t.lines[i]) + ".id", "\"\"", "must not be empty");
    if (!ids.insert(id).second) detail::fail("row " + id + ".id", id, "duplicate id");
    out.push_back(detail::silicon::record(detail::silicon::row_reader(t, i, id)));
  }
  return out;
}

}  // namespace tokenomics
