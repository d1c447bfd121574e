// The library half of the bad-input campaign (issue L): each input that once overflowed an int,
// divided by zero, produced NaN, hung or crashed now throws invalid_argument whose field() names
// the culprit. The CLI half is tests/cli/bad_input_campaign.cmake.
#include <tokenomics/closed_form/memory.hpp>
#include <tokenomics/core/error.hpp>
#include <tokenomics/io/hf_config.hpp>
#include <tokenomics/moe/ep_load.hpp>
#include <tokenomics/moe/eplb.hpp>
#include <tokenomics/moe/skew.hpp>
#include <tokenomics/presets/models.hpp>
#include <tokenomics/presets/systems.hpp>
#include <tokenomics/spec/plan.hpp>
#include <tokenomics/spec/workload.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <climits>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <numeric>
#include <string>
#include <thread>
#include <vector>

#include "tt.hpp"

#ifndef TOKENOMICS_TEST_DATA_DIR
#error "define TOKENOMICS_TEST_DATA_DIR (path of tests/data)"
#endif

namespace {
namespace tk = tokenomics;
namespace pr = tokenomics::presets;
using nlohmann::json;

// field() of the invalid_argument `f` throws; "" when it does not throw that type.
std::string field_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const tk::invalid_argument& e) {
    return e.field();
  }
  return "";
}

json fixture(const char* file) {
  std::ifstream in(std::string(TOKENOMICS_TEST_DATA_DIR) + "/hf/" + file);
  REQUIRE(in.good());
  return json::parse(in);
}

std::string hf_field(const json& j) {
  return field_of([&] { (void)tk::parse_hf_config(j, "x"); });
}

std::filesystem::path temp_path(const std::string& name) {
  return std::filesystem::temp_directory_path() / ("tokenomics_bad_input_" + std::to_string(::getpid()) + "_" + name);
}
}  // namespace

TEST_CASE("invalid_argument: field, value and rule behind the '<field> = <value>: <rule>' text") {
  try {
    tk::detail::fail("plan.tp", "3", "must divide model.num_attention_heads = 64");
    FAIL("no throw");
  } catch (const tk::invalid_argument& e) {
    CHECK(std::string(e.what()) == "plan.tp = 3: must divide model.num_attention_heads = 64");
    CHECK(e.field() == "plan.tp");
    CHECK(e.value() == "3");
    CHECK(e.rule() == "must divide model.num_attention_heads = 64");
    const tk::invalid_argument outer("config.json", e);
    CHECK(std::string(outer.what()) == "config.json: plan.tp = 3: must divide model.num_attention_heads = 64");
    CHECK(outer.value() == "3");
  }
  const tk::invalid_argument legacy("prefill_plan.ep = 5: must divide 8");  // text-only callers
  CHECK(legacy.field() == "prefill_plan.ep");
  CHECK(legacy.value() == "5");
  CHECK(legacy.rule() == "must divide 8");
}

TEST_CASE("plan: degrees whose product overflows int are rejected by name (was SIGFPE in the CLI)") {
  tk::serving_plan p{.tp = 1, .pp = 65536, .dp_attention = 65536};
  CHECK(field_of([&] { tk::validate(p); }) == "plan.gpus");
  CHECK(field_of([&] { (void)p.gpus(); }) == "plan.gpus");
  p = {.tp = INT_MAX};
  CHECK(field_of([&] { tk::validate(p); }) == "plan.tp");
  p = {.tp = 8, .ep = 0};
  CHECK(field_of([&] { (void)p.expert_tp_degree(); }) == "plan.ep");  // was a division by zero
  p = {.tp = 8, .ep = 8, .redundant_experts = INT_MAX};
  CHECK(field_of([&] { tk::validate(p); }) == "plan.redundant_experts");
  // 256 experts on EP8: at most 256 × 7 replicas (one copy of each expert per rank).
  auto sys = pr::gb200_nvl72;
  p = {.tp = 1, .ep = 8, .dp_attention = 8, .redundant_experts = 256 * 7 + 8};
  CHECK(field_of([&] { tk::validate(p, pr::deepseek_v3, sys); }) == "plan.redundant_experts");
}

TEST_CASE("memory: busiest_stage and kv_head_fraction_per_gpu check the plan fields they divide by") {
  CHECK(field_of([] { (void)tk::busiest_stage(pr::llama_3_3_70b, 0); }) == "plan.pp");
  CHECK(field_of([] { (void)tk::busiest_stage(pr::llama_3_3_70b, -1); }) == "plan.pp");
  CHECK(field_of([] { (void)tk::kv_head_fraction_per_gpu(pr::llama_3_3_70b, 0); }) == "plan.tp");
  // 80 layers on 3 stages: the busiest holds ceil(80/3) = 27.
  CHECK(tk::busiest_stage(pr::llama_3_3_70b, 3).layers == 27);
}

TEST_CASE("model: a zero MoE layer interval is named, not divided by") {
  auto m = pr::deepseek_v3;
  m.moe_layer_interval = 0;
  CHECK(m.num_moe_layers() == 0);
  CHECK(field_of([&] { tk::validate(m); }) == "model.moe_layer_interval");
}

TEST_CASE("memory: INT_MAX sequences are counted in 64 bits and simply do not fit") {
  const tk::serving_plan p{.tp = 8};
  const auto f = tk::memory_footprint_of(pr::llama_3_3_70b, pr::hgx_h100, p, INT_MAX, 2048.0);
  CHECK_FALSE(f.fits);
  CHECK(std::isfinite(f.kv_bytes_per_gpu));
  CHECK(f.kv_bytes_per_gpu > 1e15);  // 2^31 sequences × ~84 MB per sequence per GPU
}

TEST_CASE("max_concurrency: the largest count memory_footprint_of accepts, not one more") {
  // Llama-3.3-70B BF16 on 8×H100, isl 745 + osl 10 (the case): max fits, max + 1 does not.
  for (const double context : {755.0, 1.0, 2048.0, 131072.0}) {
    const tk::serving_plan p{.tp = 8};
    const int max = tk::max_concurrency(pr::llama_3_3_70b, pr::hgx_h100, p, context);
    CAPTURE(context);
    REQUIRE(max > 0);
    CHECK(tk::memory_footprint_of(pr::llama_3_3_70b, pr::hgx_h100, p, max, context).fits);
    if (max < tk::workload_limits::max_concurrency)
      CHECK_FALSE(tk::memory_footprint_of(pr::llama_3_3_70b, pr::hgx_h100, p, max + 1, context).fits);
  }
  // DP-attention: the count is per rank times 8 (DeepSeek-V3 FP8, EP8 on GB200).
  const tk::serving_plan dp{.tp = 1, .ep = 8, .dp_attention = 8, .weights = tk::precision::fp8};
  const int max = tk::max_concurrency(pr::deepseek_v3, pr::gb200_nvl72, dp, 2048.0);
  REQUIRE(max > 0);
  CHECK(max % 8 == 0);
  CHECK(tk::memory_footprint_of(pr::deepseek_v3, pr::gb200_nvl72, dp, max, 2048.0).fits);
  CHECK_FALSE(tk::memory_footprint_of(pr::deepseek_v3, pr::gb200_nvl72, dp, max + 8, 2048.0).fits);
}

TEST_CASE("workload: absurd sizes are rejected with the limit named") {
  tk::workload w{.isl = 1024, .osl = 1024, .concurrency = INT_MAX};
  CHECK(field_of([&] { tk::validate(w); }) == "workload.concurrency");
  w = {.isl = INT_MAX, .osl = INT_MAX, .concurrency = 1};  // isl + osl overflowed int
  CHECK(field_of([&] { tk::validate(w); }) == "workload.isl");
  w = {.isl = 1, .osl = INT_MAX, .concurrency = 1};
  CHECK(field_of([&] { tk::validate(w); }) == "workload.osl");
  w = {.isl = 1, .osl = 1, .concurrency = 1, .ttft_sla_s = NAN};
  CHECK(field_of([&] { tk::validate(w); }) == "workload.ttft_sla_s");
}

TEST_CASE("system: price and power bounded so that cost per token stays finite") {
  auto s = pr::hgx_h100;
  s.price_usd_per_gpu_hour = 1e308;
  CHECK(field_of([&] { tk::validate(s); }) == "system.price_usd_per_gpu_hour");
  s = pr::hgx_h100;
  s.all_in_power_w = INFINITY;
  CHECK(field_of([&] { tk::validate(s); }) == "system.all_in_power_w");
  s = pr::hgx_h100;
  s.num_gpus = INT_MAX;
  CHECK(field_of([&] { tk::validate(s); }) == "system.num_gpus");
}

TEST_CASE("skew: parameters beyond the stated bounds are rejected, shares never NaN") {
  using tk::skew_kind;
  for (const auto& skew : {tk::routing_skew{skew_kind::lognormal, 300.0}, tk::routing_skew{skew_kind::lognormal, NAN},
                           tk::routing_skew{skew_kind::zipf, 400.0}, tk::routing_skew{skew_kind::dirichlet, 1e10},
                           tk::routing_skew{skew_kind::dirichlet, 1e308}, tk::routing_skew{skew_kind::dirichlet, 1e-300},
                           tk::routing_skew{skew_kind::zipf, INFINITY}})
    CHECK(field_of([&] { (void)tk::expert_shares(256, 8, skew); }) == "workload.skew.parameter");
  CHECK(field_of([] { (void)tk::expert_shares(256, 8, tk::routing_skew{skew_kind::lognormal, 1.0, {}, 1e9}); }) ==
        "workload.skew.share_cv");
  // At the bounds the shares are finite, in [0, 1] and sum to k: the mass is never dropped.
  for (const auto& skew : {tk::routing_skew{skew_kind::lognormal, tk::workload_limits::max_lognormal_sigma},
                           tk::routing_skew{skew_kind::zipf, tk::workload_limits::max_zipf_s},
                           tk::routing_skew{skew_kind::dirichlet, tk::workload_limits::min_dirichlet_alpha},
                           tk::routing_skew{skew_kind::dirichlet, tk::workload_limits::max_dirichlet_alpha}}) {
    const auto q = tk::expert_shares(256, 8, skew);
    CAPTURE(skew.parameter);
    for (const double x : q) CHECK((x >= 0.0 && x <= 1.0));
    CHECK(std::accumulate(q.begin(), q.end(), 0.0) == tt::rel(8.0, 1e-9));
  }
  // zipf 20 on 256 experts, k = 8, EP8: mean rows per rank stay B k / G = 64 for B = 64.
  const auto s = tk::ep_load(256, 8, 8, 64, tk::routing_skew{skew_kind::zipf, 20.0});
  CHECK(s.mean_pairs_per_rank == tt::rel(64.0, 1e-9));
}

TEST_CASE("skew: measured shares are owned, copies share them across threads") {
  tk::routing_skew skew;
  {
    const std::vector<double> q{0.5, 0.5, 0.25, 0.75};
    skew = tk::routing_skew{tk::skew_kind::measured, 0.0, q};
  }  // the vector is gone; a span would dangle here
  std::vector<std::thread> threads;
  std::vector<double> sums(4);
  for (std::size_t t = 0; t < sums.size(); ++t)
    threads.emplace_back([&, t] {
      const tk::routing_skew copy = skew;
      sums[t] = std::accumulate(copy.shares.begin(), copy.shares.end(), 0.0);
    });
  for (auto& th : threads) th.join();
  for (const double s : sums) CHECK(s == 2.0);
}

TEST_CASE("EPLB: replica counts beyond one copy per rank are rejected, not spun on") {
  const std::vector<double> load(256, 1.0);
  CHECK(field_of([&] { (void)tk::eplb(std::span<const double>(load), 8, 2147483640); }) == "redundant_slots");
  CHECK(field_of([&] { (void)tk::ep_load(256, 8, 8, 64, tk::routing_skew{}, 2147483647); }) == "redundant_slots");
}

TEST_CASE("hf config: key rules named by the config key") {
  const json base = fixture("llama-3.3-70b.json");
  json j = base;
  j["num_key_value_heads"] = 0;
  CHECK(hf_field(j) == "config.json: num_key_value_heads");
  j["num_key_value_heads"] = -8;
  CHECK(hf_field(j) == "config.json: num_key_value_heads");
  j["num_key_value_heads"] = 3;  // does not divide 64 heads
  CHECK(hf_field(j) == "config.json: num_key_value_heads");
  j = base;
  j.erase("head_dim");
  j["hidden_size"] = 8190;  // head_dim = hidden / heads would be fractional
  CHECK(hf_field(j) == "config.json: hidden_size");
  j = base;
  j["num_hidden_layers"] = 10000000;
  CHECK(hf_field(j) == "config.json: num_hidden_layers");
  j = base;
  j["intermediate_size"] = -1;
  CHECK(hf_field(j) == "config.json: intermediate_size");
  json mistral = fixture("mixtral-8x7b.json");
  mistral["sliding_window"] = -4096;
  CHECK(hf_field(mistral) == "config.json: sliding_window");
  json ds = fixture("deepseek-v3.json");
  ds["qk_rope_head_dim"] = 2147483647;  // exited 0 with fits: true and a negative TPOT
  CHECK(hf_field(ds) == "config.json: qk_rope_head_dim");
  ds = fixture("deepseek-v3.json");
  ds["n_routed_experts"] = 0;
  CHECK(!hf_field(ds).empty());
}

TEST_CASE("hf config: deep nesting, directories and FIFOs are rejected by name") {
  json deep = fixture("llama-3.3-70b.json");
  json* v = &deep["rope_scaling"];
  for (int i = 0; i < 200000; ++i) v = &((*v)["x"] = json::object());  // crashed in dump()
  CHECK(hf_field(deep) == "config.json: JSON nesting");

  const auto file = temp_path("deep.json");
  {
    std::ofstream out(file);
    out << std::string(50000, '[') << std::string(50000, ']');
  }
  CHECK(field_of([&] { (void)tk::load_hf_config(file); }) == file.string() + ": JSON nesting");
  {
    std::ofstream out(file);
    out << std::string(1000000, '[');  // a million unclosed brackets
  }
  CHECK(field_of([&] { (void)tk::load_hf_config(file); }) == file.string() + ": JSON nesting");
  std::filesystem::remove(file);

  const auto dir = temp_path("x.json");
  std::filesystem::create_directory(dir);
  CHECK(field_of([&] { (void)tk::load_hf_config(dir); }) == dir.string());
  std::filesystem::remove(dir);

  const auto fifo = temp_path("fifo.json");
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  CHECK(field_of([&] { (void)tk::load_hf_config(fifo); }) == fifo.string());  // did block forever
  std::filesystem::remove(fifo);
}
