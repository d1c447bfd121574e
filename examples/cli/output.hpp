#pragma once
// Estimates -> JSON (field names: docs/cli.md, stable), text tables, CSV and SVG.
#include <tokenomics/explore/compare.hpp>
#include <tokenomics/io/svg_plot.hpp>
#include <tokenomics/io/table_writers.hpp>
#include <tokenomics/serving/estimate_result.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace tokenomics_cli {

namespace tk = tokenomics;
using json = nlohmann::ordered_json;  // keys in insertion order: readable output

inline std::string_view name_of(tk::bound_by b) {
  switch (b) {
    case tk::bound_by::memory_bandwidth: return "memory_bandwidth";
    case tk::bound_by::compute: return "compute";
    case tk::bound_by::communication: return "communication";
    case tk::bound_by::overhead: return "overhead";
  }
  return "?";
}

inline std::string_view name_of(tk::operator_class c) {
  switch (c) {
    case tk::operator_class::attention_projections: return "attention_projections";
    case tk::operator_class::attention: return "attention";
    case tk::operator_class::dense_ffn: return "dense_ffn";
    case tk::operator_class::shared_experts: return "shared_experts";
    case tk::operator_class::routed_experts: return "routed_experts";
    case tk::operator_class::lm_head: return "lm_head";
    case tk::operator_class::mtp_draft: return "mtp_draft";
  }
  return "?";
}

inline std::string_view name_of(tk::serving_mode m) {
  return m == tk::serving_mode::aggregated ? "aggregated" : "disaggregated";
}

inline json plan_json(const tk::serving_plan& p) {
  return json{{"tp", p.tp},
              {"ep", p.ep},
              {"pp", p.pp},
              {"dp_attention", p.dp_attention},
              {"expert_tp", p.expert_tp_degree()},
              {"micro_batches", p.micro_batches},
              {"redundant_experts", p.redundant_experts},
              {"gpus", p.gpus()},
              {"weights", tk::name_of(p.weights)},
              {"expert_weights", tk::name_of(p.expert_weight_precision())},
              {"activations", tk::name_of(p.activations)},
              {"kv", tk::name_of(p.kv_cache)},
              {"mtp", p.mtp_depth},
              {"mtp_acceptance", p.mtp_depth > 0 ? p.mtp_acceptance : 0.0}};
}

inline json breakdown_json(const tk::step_time& s) {
  json ops = json::object();
  for (std::size_t i = 0; i < tk::num_operator_classes; ++i) {
    const auto c = static_cast<tk::operator_class>(i);
    const auto& o = s.at(c);
    if (!(o.time_s > 0)) continue;
    ops[std::string(name_of(c))] = json{{"time_s", o.time_s}, {"compute_s", o.compute_s}, {"memory_s", o.memory_s},
                                        {"bound", name_of(o.limiter)}};
  }
  json j{{"time_s", s.time_s},
         {"compute_s", s.compute_s},
         {"memory_s", s.memory_s},
         {"communication_s", s.communication_s},
         {"overhead_s", s.overhead_s},
         {"operators_s", s.operators_s},
         {"tp_communication_s", s.tp_communication_s},
         {"ep_communication_s", s.ep_communication_s},
         {"pp_communication_s", s.pp_communication_s},
         {"bound", name_of(s.limiter)},
         {"operators", ops}};
  if (s.routing.mean_pairs_per_rank > 0)  // MoE: the busiest EP rank of one micro-batch
    j["routing"] = json{{"mean_pairs_per_rank", s.routing.mean_pairs_per_rank},
                        {"max_pairs_per_rank", s.routing.max_pairs_per_rank},
                        {"sd_pairs_per_rank", s.routing.sd_pairs_per_rank},
                        {"rank_imbalance", s.routing.max_pairs_per_rank / s.routing.mean_pairs_per_rank - 1.0},
                        {"max_distinct_experts_per_rank", s.routing.max_distinct_experts_per_rank}};
  return j;
}

// The rates of one estimate (the frontier entries of sweep/at and the body of estimate).
inline json point_json(const tk::estimate_result& e) {
  json j{{"mode", name_of(e.mode)},
         {"plan", plan_json(e.plan)},
         {"concurrency", e.concurrency},
         {"max_concurrency", e.max_concurrency},
         {"gpus", e.gpus},
         {"fits", e.fits},
         {"tpot_s", e.tpot_s},
         {"ttft_s", e.ttft_s},
         {"tok_per_s_per_user", e.tok_per_s_per_user},
         {"output_tok_per_s_per_gpu", e.output_tok_per_s_per_gpu},
         {"total_tok_per_s_per_gpu", e.total_tok_per_s_per_gpu},
         {"accepted_tokens_per_step", e.accepted_tokens_per_step},
         {"weights_bytes_per_gpu", e.weights_bytes_per_gpu},
         {"kv_bytes_per_gpu", e.kv_bytes_per_gpu},
         {"usd_per_million_output_tokens", e.usd_per_million_output_tokens},
         {"usd_per_million_total_tokens", e.usd_per_million_total_tokens},
         {"output_tokens_per_megawatt", e.output_tokens_per_megawatt}};
  if (e.mode == tk::serving_mode::disaggregated) {
    j["prefill_plan"] = plan_json(e.prefill_plan);
    j["kv_transfer_s"] = e.kv_transfer_s;
  }
  return j;
}

inline json estimate_json(const tk::estimate_result& e) {
  json j = point_json(e);
  j["breakdown"] = breakdown_json(e.step);
  j["prefill_breakdown"] = breakdown_json(e.prefill);
  return j;
}

inline std::string plan_text(const tk::serving_plan& p) {
  std::string s = "tp" + std::to_string(p.tp) + " ep" + std::to_string(p.ep) + " dp" + std::to_string(p.dp_attention) +
                  " pp" + std::to_string(p.pp);
  if (p.micro_batches > 1) s += " tbo";
  if (p.mtp_depth > 0) s += " mtp" + std::to_string(p.mtp_depth);
  if (p.redundant_experts > 0) s += " eplb+" + std::to_string(p.redundant_experts);
  s += " " + std::string(tk::name_of(p.weights));
  if (p.expert_weight_precision() != p.weights) s += "/" + std::string(tk::name_of(p.expert_weight_precision()));
  s += " kv:" + std::string(tk::name_of(p.kv_cache));
  return s;
}

inline std::string layout_text(const tk::estimate_result& e) {
  if (e.mode == tk::serving_mode::aggregated) return plan_text(e.plan);
  return "P[" + plan_text(e.prefill_plan) + "] D[" + plan_text(e.plan) + "]";
}

// Text of one estimate: quantities, then the iteration's breakdown per operator class.
inline std::string estimate_text(const tk::estimate_result& e, std::string_view model, std::string_view gpu) {
  const std::vector<std::string> h{"quantity", "value"};
  std::vector<tk::table_row> rows{
      {"model", std::string(model)},
      {"gpu", std::string(gpu)},
      {"plan", layout_text(e)},
      {"gpus per replica", e.gpus},
      {"concurrency", e.concurrency},
      {"max concurrency", e.max_concurrency},
      {"tpot_s", e.tpot_s},
      {"ttft_s", e.ttft_s},
      {"tok_per_s_per_user", e.tok_per_s_per_user},
      {"output_tok_per_s_per_gpu", e.output_tok_per_s_per_gpu},
      {"total_tok_per_s_per_gpu", e.total_tok_per_s_per_gpu},
      {"weights_bytes_per_gpu (GB)", e.weights_bytes_per_gpu / 1e9},
      {"kv_bytes_per_gpu (GB)", e.kv_bytes_per_gpu / 1e9},
      {"usd_per_million_output_tokens", e.usd_per_million_output_tokens},
      {"output_tokens_per_megawatt", e.output_tokens_per_megawatt},
      {"bound by", std::string(name_of(e.step.limiter))},
  };
  std::string out = tk::to_text_table(h, rows);
  const std::vector<std::string> bh{"iteration part", "time_s", "compute_s", "memory_s", "bound"};
  std::vector<tk::table_row> brows;
  for (std::size_t i = 0; i < tk::num_operator_classes; ++i) {
    const auto c = static_cast<tk::operator_class>(i);
    const auto& o = e.step.at(c);
    if (o.time_s > 0) brows.push_back({std::string(name_of(c)), o.time_s, o.compute_s, o.memory_s, std::string(name_of(o.limiter))});
  }
  brows.push_back({"communication (exposed)", e.step.communication_s, 0.0, 0.0, "communication"});
  brows.push_back({"overhead", e.step.overhead_s, 0.0, 0.0, "overhead"});
  brows.push_back({"total", e.step.time_s, e.step.compute_s, e.step.memory_s, std::string(name_of(e.step.limiter))});
  out += "\n" + tk::to_text_table(bh, brows);
  return out;
}

inline const std::vector<std::string>& frontier_headers() {
  static const std::vector<std::string> h{"tok_per_s_per_user", "output_tok_per_s_per_gpu", "total_tok_per_s_per_gpu",
                                          "tpot_s", "ttft_s", "concurrency", "gpus", "mode", "tp", "ep", "pp",
                                          "dp_attention", "micro_batches", "mtp", "weights", "expert_weights", "kv",
                                          "usd_per_million_output_tokens", "output_tokens_per_megawatt"};
  return h;
}

inline tk::table_row frontier_row(const tk::estimate_result& e) {
  return {e.tok_per_s_per_user, e.output_tok_per_s_per_gpu, e.total_tok_per_s_per_gpu, e.tpot_s, e.ttft_s,
          e.concurrency, e.gpus, std::string(name_of(e.mode)), e.plan.tp, e.plan.ep, e.plan.pp, e.plan.dp_attention,
          e.plan.micro_batches, e.plan.mtp_depth, std::string(tk::name_of(e.plan.weights)),
          std::string(tk::name_of(e.plan.expert_weight_precision())), std::string(tk::name_of(e.plan.kv_cache)),
          e.usd_per_million_output_tokens, e.output_tokens_per_megawatt};
}

inline std::string frontier_csv(const std::vector<tk::estimate_result>& f) {
  std::vector<tk::table_row> rows;
  for (const auto& e : f) rows.push_back(frontier_row(e));
  return tk::to_csv(frontier_headers(), rows);
}

inline std::string frontier_text(const std::vector<tk::estimate_result>& f) {
  const std::vector<std::string> h{"tok/s/user", "tok/s/GPU", "TPOT s", "TTFT s", "conc", "GPUs", "$/Mtok", "plan"};
  std::vector<tk::table_row> rows;
  for (const auto& e : f)
    rows.push_back({e.tok_per_s_per_user, e.output_tok_per_s_per_gpu, e.tpot_s, e.ttft_s, e.concurrency, e.gpus,
                    e.usd_per_million_output_tokens, layout_text(e)});
  return tk::to_text_table(h, rows);
}

inline tk::plot_series frontier_series(std::string name, const std::vector<tk::estimate_result>& f) {
  tk::plot_series s{.name = std::move(name)};
  for (const auto& e : f) {
    s.x.push_back(e.tok_per_s_per_user);
    s.y.push_back(e.output_tok_per_s_per_gpu);
  }
  return s;
}

inline std::string frontier_svg(const std::vector<tk::plot_series>& series, std::string title) {
  tk::plot_options o{.title = std::move(title)};
  o.x_axis.scale = tk::axis_scale::log;
  o.y_axis.scale = tk::axis_scale::log;
  return tk::svg_plot(series, o);
}

inline json frontier_json(const std::vector<tk::estimate_result>& f) {
  json a = json::array();
  for (const auto& e : f) a.push_back(point_json(e));
  return a;
}

}  // namespace tokenomics_cli
