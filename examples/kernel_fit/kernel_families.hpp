#pragma once
// What each kernel microbenchmark table measures, in the terms of the kernel law
// (spec/software_stack.hpp): every row becomes a sample of work, FLOPs and bytes (or, for a
// collective, bus bytes) with its measured time. The table layout and units are those of
// the aiconfigurator extracts (data/kernels/README.md). The fitter and its test share this file so
// that both count the same physics.
#include <tokenomics/presets/gpus.hpp>
#include <tokenomics/presets/systems.hpp>
#include <tokenomics/spec/software_stack.hpp>

#include <array>
#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "csv_table.hpp"

namespace kernel_fit {

namespace tk = tokenomics;
using tk::kernel_dtype;

// ---- the GPUs and frameworks measured -------------------------------------------------------

struct gpu_target {
  std::string_view dir;  // directory name in the tables
  tk::accelerator_spec gpu;
  tk::system_spec system;  // scale-up line rate per GPU per direction
  int node_gpus;           // GPUs of one node: the DeepEP runs use all of them
};
inline constexpr std::array<gpu_target, 4> gpu_targets{{
    {"h100_sxm", tk::presets::h100_sxm, tk::presets::hgx_h100, 8},
    {"h200_sxm", tk::presets::h200_sxm, tk::presets::hgx_h200, 8},
    {"b200_sxm", tk::presets::b200, tk::presets::hgx_b200, 8},
    {"gb200", tk::presets::gb200, tk::presets::gb200_nvl72, 4},  // a GB200 compute tray holds 4 GPUs
}};
inline constexpr std::array<tk::framework, 3> frameworks{tk::framework::trtllm, tk::framework::sglang,
                                                         tk::framework::vllm};

// ---- kernel families ------------------------------------------------------------------------

enum class family {
  gemm, moe, decode_attention, prefill_attention, decode_mla, prefill_mla,  // kernel law
  all_reduce, nccl_all_reduce, nccl_all_gather, ep_low_latency, ep_normal,  // link law
};
inline constexpr std::array<family, 11> all_families{
    family::gemm,       family::moe,        family::decode_attention, family::prefill_attention,
    family::decode_mla, family::prefill_mla, family::all_reduce,      family::nccl_all_reduce,
    family::nccl_all_gather, family::ep_low_latency, family::ep_normal};

[[nodiscard]] constexpr std::string_view name_of(family f) noexcept {
  constexpr std::array<std::string_view, 11> names{
      "gemm",       "moe",         "decode_attention", "prefill_attention", "decode_mla",    "prefill_mla",
      "all_reduce", "nccl_all_reduce", "nccl_all_gather", "ep_low_latency", "ep_normal"};
  return names[static_cast<std::size_t>(f)];
}
[[nodiscard]] constexpr bool is_link(family f) noexcept { return f >= family::all_reduce; }
[[nodiscard]] constexpr bool has_dtypes(family f) noexcept { return f == family::gemm || f == family::moe; }

// Where a family's rows live: <gpu>/<op>/<framework or nccl>/<version>/<table>.csv; the first
// table name present wins (the EP low-latency link is DeepEP on sglang, the NVLink all-to-all on
// trtllm's GB200 tables).
struct table_location {
  std::string_view op;
  bool nccl;
  std::vector<std::string_view> tables;
};
[[nodiscard]] inline table_location location_of(family f) {
  switch (f) {
    case family::gemm: return {"gemm", false, {"gemm_perf"}};
    case family::moe: return {"moe", false, {"moe_perf"}};
    case family::decode_attention: return {"attention", false, {"generation_attention_perf"}};
    case family::prefill_attention: return {"attention", false, {"context_attention_perf"}};
    case family::decode_mla: return {"mla", false, {"generation_mla_perf"}};
    case family::prefill_mla: return {"mla", false, {"context_mla_perf"}};
    case family::all_reduce: return {"comm", false, {"custom_allreduce_perf"}};
    case family::nccl_all_reduce:
    case family::nccl_all_gather: return {"comm", true, {"nccl_perf"}};
    case family::ep_low_latency: return {"comm", false, {"wideep_deepep_ll_perf", "trtllm_alltoall_perf"}};
    case family::ep_normal: return {"comm", false, {"wideep_deepep_normal_perf"}};
  }
  return {};
}

struct found_table {
  std::filesystem::path path;
  std::string version;  // the version directory
  std::string name;     // table name without .csv
};

[[nodiscard]] inline std::optional<found_table> find_table(const std::filesystem::path& root, std::string_view gpu,
                                                           tk::framework fw, family f) {
  const auto loc = location_of(f);
  const auto dir = root / gpu / loc.op / (loc.nccl ? std::string_view("nccl") : tk::name_of(fw));
  if (!std::filesystem::is_directory(dir)) return std::nullopt;
  std::vector<std::filesystem::path> versions;
  for (const auto& e : std::filesystem::directory_iterator(dir)) versions.push_back(e.path());
  std::ranges::sort(versions);
  for (auto name : loc.tables)
    for (const auto& v : versions)
      if (std::filesystem::exists(v / (std::string(name) + ".csv")))
        return found_table{v / (std::string(name) + ".csv"), v.filename().string(), std::string(name)};
  return std::nullopt;
}

// ---- samples --------------------------------------------------------------------------------

// One measured call. Kernel families: work, FLOPs, HBM bytes. Links: `bytes` are bus bytes.
struct sample {
  kernel_dtype dtype = kernel_dtype::bf16;  // GEMM and MoE
  double work{}, flops{}, bytes{};
  double seconds{};
  std::size_t row{};   // source row, for the compact data subset
  std::string shape;   // what stays fixed along a curve of work (plots)
};

// Weight bytes per element with block scales: FP8 blocks carry one FP32 scale per 128×128
// (negligible), NVFP4 one FP8 scale per 16 values (0.5 + 1/16), MXFP4 one E8M0 per 32 (0.5 + 1/32).
[[nodiscard]] constexpr double weight_bytes(kernel_dtype d) noexcept {
  switch (d) {
    case kernel_dtype::bf16: return 2;
    case kernel_dtype::fp8:
    case kernel_dtype::fp8_block: return 1;
    case kernel_dtype::nvfp4: return 0.5625;
    case kernel_dtype::w4a16:
    case kernel_dtype::w4a8: return 0.53125;
  }
  return 2;
}
// Bytes per element of the activations the tensor cores read.
[[nodiscard]] constexpr double activation_bytes(kernel_dtype d) noexcept {
  switch (d) {
    case kernel_dtype::bf16:
    case kernel_dtype::w4a16: return 2;
    case kernel_dtype::fp8:
    case kernel_dtype::fp8_block:
    case kernel_dtype::w4a8: return 1;
    case kernel_dtype::nvfp4: return 0.5625;
  }
  return 2;
}
// Dense peak the math runs at: the activation width (W4A16 dequantises to BF16 math).
[[nodiscard]] constexpr double peak_flops(const tk::accelerator_spec& g, kernel_dtype d) noexcept {
  switch (d) {
    case kernel_dtype::bf16:
    case kernel_dtype::w4a16: return g.dense_bf16_flops_per_s;
    case kernel_dtype::fp8:
    case kernel_dtype::fp8_block:
    case kernel_dtype::w4a8: return g.dense_fp8_flops_per_s;
    case kernel_dtype::nvfp4: return g.dense_fp4_flops_per_s;
  }
  return g.dense_bf16_flops_per_s;
}

[[nodiscard]] inline std::optional<kernel_dtype> parse_dtype(std::string_view s) {
  static const std::map<std::string_view, kernel_dtype> names{
      {"bfloat16", kernel_dtype::bf16},   {"fp8", kernel_dtype::fp8},
      {"fp8_block", kernel_dtype::fp8_block}, {"nvfp4", kernel_dtype::nvfp4},
      {"w4a16_mxfp4", kernel_dtype::w4a16}, {"w4a8_mxfp4_mxfp8", kernel_dtype::w4a8}};
  const auto it = names.find(s);
  return it == names.end() ? std::nullopt : std::optional(it->second);
}

namespace detail {
inline constexpr double ms = 1e-3, us = 1e-6;
inline constexpr std::array<std::string_view, 2> kernel_choice{"kernel_source", "backend"};

// "prefix" followed by v without trailing zeros (a shape label).
inline std::string fmt(std::string_view prefix, double v) {
  std::string s = std::to_string(v);
  s.erase(s.find_last_not_of('0') + 1);
  if (s.back() == '.') s.pop_back();
  return std::string(prefix) + s;
}
inline double kv_bytes(std::string_view dtype) { return dtype == "fp8" ? 1.0 : 2.0; }

// Y[m,n] = X[m,k]·W[n,k]ᵀ: 2mnk FLOPs; bytes = weights + BF16 X in + BF16 Y out. work = m.
inline std::vector<sample> gemm(const csv_table& t) {
  std::vector<sample> out;
  for (auto r : t.fastest_per_point(kernel_choice, "latency")) {
    const auto d = parse_dtype(t.text(r, "gemm_dtype"));
    if (!d || *d == kernel_dtype::w4a16 || *d == kernel_dtype::w4a8) continue;
    const double m = t.number(r, "m"), n = t.number(r, "n"), k = t.number(r, "k");
    out.push_back({*d, m, 2 * m * n * k, n * k * weight_bytes(*d) + 2 * m * k + 2 * m * n,
                   t.number(r, "latency") * ms, r, fmt("n=", n) + fmt(" k=", k)});
  }
  return out;
}

// The fused MoE layer on the measured GPU under balanced round-robin routing: its E/ep experts
// (each f = inter/tp wide) receive tokens·topk/ep (token, expert) pairs spread evenly, so
// min(E_local, pairs) experts are touched with pairs/distinct rows each (the work). FLOPs: three
// h×f GEMMs (gate, up, down) per pair; bytes: touched experts' weights plus the per-pair data path.
inline std::vector<sample> moe(const csv_table& t) {
  std::vector<sample> out;
  for (auto r : t.fastest_per_point(kernel_choice, "latency")) {
    if (t.text(r, "distribution") != "balanced") continue;
    const auto d = parse_dtype(t.text(r, "moe_dtype"));
    if (!d) continue;
    const double h = t.number(r, "hidden_size"), tp = t.number(r, "moe_tp_size"), ep = t.number(r, "moe_ep_size");
    const double experts = t.number(r, "num_experts") / ep, f = t.number(r, "inter_size") / tp;
    const double pairs = t.number(r, "num_tokens") * t.number(r, "topk") / ep;
    const double distinct = std::min(experts, pairs);
    const double bytes = distinct * 3 * h * f * weight_bytes(*d) +
                         pairs * tk::moe_data_path_bytes_per_pair(h, f, activation_bytes(*d));
    out.push_back({*d, pairs / distinct, pairs * 2 * 3 * h * f, bytes, t.number(r, "latency") * ms, r,
                   fmt("h=", h) + fmt(" E=", t.number(r, "num_experts")) + fmt(" top", t.number(r, "topk")) +
                       fmt(" tp", tp) + fmt(" ep", ep)});
  }
  return out;
}

// Full-attention BF16-math rows only (sliding-window rows time a different kernel path, FP8
// context FMHA a different peak).
inline bool bf16_full_attention(const csv_table& t, std::size_t r) {
  return t.text(r, "window_size") == "0" && t.text(r, "attn_dtype") == "bfloat16";
}
inline std::string heads(const csv_table& t, std::size_t r) {
  return std::string("q") + std::string(t.text(r, "num_heads")) + "/kv" + std::string(t.text(r, "num_key_value_heads")) + " d" +
         std::string(t.text(r, "head_dim")) + " kv:" + std::string(t.text(r, "kv_cache_dtype"));
}

// One query token per sequence attends to step cached tokens plus itself: read K and V of every
// key (2·kv_heads·d elements); QKᵀ and PV cost 2·2·d FLOPs per (head, key). work = sequences.
inline std::vector<sample> decode_attention(const csv_table& t) {
  std::vector<sample> out;
  for (auto r : t.fastest_per_point(kernel_choice, "latency")) {
    if (!bf16_full_attention(t, r)) continue;
    const double b = t.number(r, "batch_size"), keys = t.number(r, "step") + 1;
    const double kv = t.number(r, "num_key_value_heads"), q = t.number(r, "num_heads"), d = t.number(r, "head_dim");
    out.push_back({kernel_dtype::bf16, b, 4 * b * q * keys * d, b * keys * 2 * kv * d * kv_bytes(t.text(r, "kv_cache_dtype")),
                   t.number(r, "latency") * ms, r, heads(t, r) + fmt(" s", keys - 1)});
  }
  return out;
}

// Causal prefill of isl tokens: isl(isl+1)/2 (query, key) pairs per head at 4·d FLOPs; bytes =
// Q and O per query head plus K and V per KV head, BF16, once per token. work = isl.
inline std::vector<sample> prefill_attention(const csv_table& t) {
  std::vector<sample> out;
  for (auto r : t.fastest_per_point(kernel_choice, "latency")) {
    if (!bf16_full_attention(t, r)) continue;
    const double b = t.number(r, "batch_size"), s = t.number(r, "isl");
    const double kv = t.number(r, "num_key_value_heads"), q = t.number(r, "num_heads"), d = t.number(r, "head_dim");
    out.push_back({kernel_dtype::bf16, s, 4 * b * q * d * s * (s + 1) / 2, b * s * (2 * q + 2 * kv) * d * 2,
                   t.number(r, "latency") * ms, r, heads(t, r) + fmt(" b", b)});
  }
  return out;
}

// MLA decode in the absorbed form (DeepSeek: kv_lora 512 + rope 64 = 576 cached values per
// token, shared by all heads): scores over 576 and values over 512 per (head, key), 2 FLOPs each.
inline std::vector<sample> decode_mla(const csv_table& t) {
  std::vector<sample> out;
  for (auto r : t.fastest_per_point(kernel_choice, "latency")) {
    const double b = t.number(r, "batch_size"), keys = t.number(r, "step") + 1, h = t.number(r, "num_heads");
    out.push_back({kernel_dtype::bf16, b, b * h * keys * 2 * (576 + 512),
                   b * keys * 576 * kv_bytes(t.text(r, "kv_cache_dtype")), t.number(r, "latency") * ms, r,
                   fmt("h", h) + " kv:" + std::string(t.text(r, "kv_cache_dtype")) + fmt(" s", keys - 1)});
  }
  return out;
}

// MLA prefill in the expanded form: per head, q·k over 192 (nope 128 + rope 64) and p·v over 128
// for isl(isl+1)/2 causal pairs; bytes = Q and K (192 each) and V (128) per head and token, BF16.
inline std::vector<sample> prefill_mla(const csv_table& t) {
  std::vector<sample> out;
  for (auto r : t.fastest_per_point(kernel_choice, "latency")) {
    const double b = t.number(r, "batch_size"), s = t.number(r, "isl"), h = t.number(r, "num_heads");
    out.push_back({kernel_dtype::bf16, s, b * h * s * (s + 1) / 2 * 2 * (192 + 128), b * s * h * (192 * 2 + 128) * 2,
                   t.number(r, "latency") * ms, r,
                   fmt("h", h) + " kv:" + std::string(t.text(r, "kv_cache_dtype")) + fmt(" b", b)});
  }
  return out;
}

// Ring-equivalent bus bytes (nccl-tests busbw): all-reduce 2(n−1)/n·S, all-gather (n−1)/n·S with
// S the per-rank (all-reduce) or gathered (all-gather) buffer; elements are 2-byte halves.
inline std::vector<sample> nccl(const csv_table& t, std::string_view op, double factor) {
  std::vector<sample> out;
  for (std::size_t r = 0; r < t.rows(); ++r) {
    if (t.text(r, "op_name") != op || t.text(r, "nccl_dtype") != "half") continue;
    const double n = t.number(r, "num_gpus"), bytes = 2 * t.number(r, "message_size");
    out.push_back({kernel_dtype::bf16, 0, 0, factor * (n - 1) / n * bytes, t.number(r, "latency") * ms, r,
                   fmt("n=", n)});
  }
  return out;
}

// The framework's own all-reduce, graph-captured rows where eager ones are timed too.
inline std::vector<sample> custom_all_reduce(const csv_table& t) {
  std::vector<sample> out;
  for (std::size_t r = 0; r < t.rows(); ++r) {
    if (t.has("kernel_source") && t.text(r, "kernel_source").find("graph") == std::string_view::npos) continue;
    const double n = t.number(r, "num_gpus"), bytes = 2 * t.number(r, "message_size");
    out.push_back({kernel_dtype::bf16, 0, 0, 2 * (n - 1) / n * bytes, t.number(r, "latency") * ms, r, fmt("n=", n)});
  }
  return out;
}

// Expert-parallel all-to-all: every (token, expert) pair whose expert sits on one of the n − 1
// other ranks crosses the fabric once; dispatch carries FP8 values with one FP32 scale per 128
// plus 16 bytes of routing metadata, combine returns BF16. Dispatch and combine are separate
// calls, fitted as samples of one curve.
inline double dispatch_bytes_per_pair(double h) { return h * (1 + 4.0 / 128) + 16; }
inline double combine_bytes_per_pair(double h) { return 2 * h; }

inline std::vector<sample> deepep_low_latency(const csv_table& t, int n) {
  std::vector<sample> out;
  const double remote = double(n - 1) / n;
  for (std::size_t r = 0; r < t.rows(); ++r) {
    const double h = t.number(r, "hidden_size"), pairs = t.number(r, "num_token") * t.number(r, "num_topk");
    const std::string shape = fmt("h=", h) + fmt(" top", t.number(r, "num_topk")) + fmt(" E=", t.number(r, "num_experts"));
    out.push_back({kernel_dtype::fp8, 0, 0, pairs * remote * dispatch_bytes_per_pair(h),
                   t.number(r, "dispatch_avg_t_us") * us, r, std::string("dispatch ") + shape});
    out.push_back({kernel_dtype::bf16, 0, 0, pairs * remote * combine_bytes_per_pair(h),
                   t.number(r, "combine_avg_t_us") * us, r, std::string("combine ") + shape});
  }
  return out;
}

// DeepEP normal mode, timed for several SM budgets: the fastest budget per point (its tuning
// is best-of-16 already). Dispatch is FP8 (it takes half of combine's time at large sizes).
inline std::vector<sample> deepep_normal(const csv_table& t, int n) {
  const double remote = double(n - 1) / n;
  std::map<std::string, std::pair<std::size_t, std::size_t>> best;  // point -> fastest dispatch, combine row
  auto dispatch_s = [&](std::size_t r) { return t.number(r, "dispatch_transmit_us") + t.number(r, "dispatch_notify_us"); };
  auto combine_s = [&](std::size_t r) { return t.number(r, "combine_transmit_us") + t.number(r, "combine_notify_us"); };
  for (std::size_t r = 0; r < t.rows(); ++r) {
    const std::string key = std::string(t.text(r, "hidden_size")) + "," + std::string(t.text(r, "num_topk")) + "," +
                            std::string(t.text(r, "num_experts")) + "," + std::string(t.text(r, "num_token"));
    auto [it, inserted] = best.try_emplace(key, r, r);
    if (dispatch_s(r) < dispatch_s(it->second.first)) it->second.first = r;
    if (combine_s(r) < combine_s(it->second.second)) it->second.second = r;
  }
  std::vector<sample> out;
  for (const auto& [key, rows] : best) {
    const auto [rd, rc] = rows;
    const double h = t.number(rd, "hidden_size"), pairs = t.number(rd, "num_token") * t.number(rd, "num_topk");
    const std::string shape = fmt("h=", h) + fmt(" top", t.number(rd, "num_topk")) + fmt(" E=", t.number(rd, "num_experts"));
    out.push_back({kernel_dtype::fp8, 0, 0, pairs * remote * dispatch_bytes_per_pair(h), dispatch_s(rd) * us, rd,
                   std::string("dispatch ") + shape});
    out.push_back({kernel_dtype::bf16, 0, 0, pairs * remote * combine_bytes_per_pair(h), combine_s(rc) * us, rc,
                   std::string("combine ") + shape});
  }
  return out;
}

// TensorRT-LLM's NVLink all-to-all (GB200 NVL72, EP = moe_ep_size ranks): dispatch carries the
// MoE input in its dtype (BF16 2h, FP8 h, NVFP4 0.5625h), combine BF16; fastest implementation
// (one- or two-sided) per point. The FP4 combine and the prepare step are not fitted.
inline std::vector<sample> trtllm_all_to_all(const csv_table& t) {
  std::vector<sample> out;
  for (auto r : t.fastest_per_point(kernel_choice, "latency")) {
    const auto op = t.text(r, "op_name");
    const bool dispatch = op == "alltoall_dispatch";
    if (!dispatch && op != "alltoall_combine") continue;
    const auto d = parse_dtype(t.text(r, "moe_dtype"));
    if (!d) continue;
    const double n = t.number(r, "moe_ep_size"), h = t.number(r, "hidden_size");
    const double pairs = t.number(r, "num_tokens") * t.number(r, "topk");
    const double per_pair = dispatch ? h * activation_bytes(*d) : combine_bytes_per_pair(h);
    out.push_back({*d, 0, 0, pairs * (n - 1) / n * per_pair, t.number(r, "latency") * ms, r,
                   std::string(dispatch ? "dispatch " : "combine ") + std::string(t.text(r, "moe_dtype")) + fmt(" ep", n)});
  }
  return out;
}
}  // namespace detail

[[nodiscard]] inline std::vector<sample> samples_of(family f, const csv_table& t, std::string_view table,
                                                    const gpu_target& g) {
  switch (f) {
    case family::gemm: return detail::gemm(t);
    case family::moe: return detail::moe(t);
    case family::decode_attention: return detail::decode_attention(t);
    case family::prefill_attention: return detail::prefill_attention(t);
    case family::decode_mla: return detail::decode_mla(t);
    case family::prefill_mla: return detail::prefill_mla(t);
    case family::all_reduce: return detail::custom_all_reduce(t);
    case family::nccl_all_reduce: return detail::nccl(t, "all_reduce", 2);
    case family::nccl_all_gather: return detail::nccl(t, "all_gather", 1);
    case family::ep_low_latency:
      return table == "trtllm_alltoall_perf" ? detail::trtllm_all_to_all(t) : detail::deepep_low_latency(t, g.node_gpus);
    case family::ep_normal: return detail::deepep_normal(t, g.node_gpus);
  }
  return {};
}

// ---- the law applied to a sample ------------------------------------------------------------

template <class Stack>
[[nodiscard]] constexpr auto& kernel_curve_of(Stack& s, family f, kernel_dtype d) noexcept {
  switch (f) {
    case family::moe: return s.moe[static_cast<std::size_t>(d)];
    case family::decode_attention: return s.decode_attention;
    case family::prefill_attention: return s.prefill_attention;
    case family::decode_mla: return s.decode_mla;
    case family::prefill_mla: return s.prefill_mla;
    default: return s.gemm[static_cast<std::size_t>(d)];
  }
}
template <class Stack>
[[nodiscard]] constexpr auto& link_curve_of(Stack& s, family f) noexcept {
  switch (f) {
    case family::nccl_all_reduce: return s.nccl_all_reduce;
    case family::nccl_all_gather: return s.nccl_all_gather;
    case family::ep_low_latency: return s.ep_low_latency;
    case family::ep_normal: return s.ep_normal;
    default: return s.all_reduce;
  }
}

// The collective law: t = latency + bus bytes / (line · b).
[[nodiscard]] constexpr double link_seconds(const tk::link_curve& c, double bus_bytes, double line) noexcept {
  return c.latency_s + bus_bytes / (line * c.bandwidth_fraction);
}

// Attention and MLA run BF16 math (FP8 KV is dequantised); GEMM and MoE by dtype.
[[nodiscard]] constexpr double peak_of(family f, kernel_dtype d, const tk::accelerator_spec& g) noexcept {
  return has_dtypes(f) ? peak_flops(g, d) : g.dense_bf16_flops_per_s;
}

[[nodiscard]] inline double kernel_model_seconds(const tk::kernel_curve& c, family f, const sample& s,
                                                 const gpu_target& g) {
  return tk::kernel_seconds(c, s.work, s.flops, s.bytes, peak_of(f, s.dtype, g.gpu), g.gpu.hbm_bytes_per_s);
}

[[nodiscard]] inline double model_seconds(const tk::software_stack& stack, family f, const sample& s,
                                          const gpu_target& g) {
  if (is_link(f)) return link_seconds(link_curve_of(stack, f), s.bytes, g.system.scale_up_bytes_per_s);
  return kernel_model_seconds(kernel_curve_of(stack, f, s.dtype), f, s, g);
}

}  // namespace kernel_fit
