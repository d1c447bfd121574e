// io/measurements.hpp: calibration.json -> measurement records.
#include <tokenomics/io/measurements.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "tt.hpp"

#ifndef TOKENOMICS_REFERENCE_DIR
#error "define TOKENOMICS_REFERENCE_DIR (path of data/reference)"
#endif

namespace tk = tokenomics;
using nlohmann::json;

namespace {
std::string calibration_file() { return std::string(TOKENOMICS_REFERENCE_DIR) + "/measurements/calibration.json"; }

const tk::measurement& by_id(const tk::measurement_set& s, const std::string& id) {
  const auto it = std::find_if(s.records.begin(), s.records.end(), [&](const auto& m) { return m.id == id; });
  REQUIRE(it != s.records.end());
  return *it;
}

// A minimal valid record (an InferenceMAX-style aggregated point).
json minimal_record() {
  return json::parse(R"({
    "id": "x", "source_family": "test", "model": "DeepSeek-R1", "gpu": "B200", "num_gpus": 8,
    "weight_precision": "FP8", "kv_cache_precision": null, "framework": "SGLang",
    "parallelism": {"disaggregated": false, "tp": 8, "ep": 1, "attention_dp": false, "pp": 1},
    "isl": 1024, "osl": 1024, "concurrency": 4, "batch_size": null, "speculative_decoding": "none",
    "scenario": "online_fixed_concurrency", "metrics": {"output_tok_per_s_per_gpu": 30.0},
    "date": "2026-01-01", "source": {"url": "https://example.org"}})");
}
}  // namespace

TEST_CASE("measurements: all 61 records read, 52 mapped, 9 skipped with reasons") {
  const auto s = tk::load_measurements(calibration_file());
  // By hand from calibration.json: 61 records. Not mappable: the 7 MLPerf v4.1 records (scenario
  // mlperf_offline/mlperf_server, isl/osl null) and the 2 DeepSeek day-6 production averages
  // (isl/osl null). Every other record names a preset model (or Llama-2-70B) and a GPU preset.
  CHECK(s.records.size() + s.skipped.size() == 61);
  CHECK(s.records.size() == 52);
  REQUIRE(s.skipped.size() == 9);
  int mlperf = 0, production = 0;
  for (const auto& k : s.skipped) {
    CHECK_FALSE(k.reason.empty());
    if (k.id.rfind("mlperf41-", 0) == 0) ++mlperf;
    if (k.id.rfind("deepseek-day6-", 0) == 0) ++production;
  }
  CHECK(mlperf == 7);
  CHECK(production == 2);
  // Every mapped record validates and carries at least one metric and its source.
  for (const auto& m : s.records) {
    CHECK_FALSE(m.metrics.empty());
    CHECK_FALSE(m.source.empty());
    CHECK_NOTHROW(validate(m.plan, m.model, m.system));
    CHECK_FALSE(m.speculative);  // the only MTP record (DeepSeek day-6 decode) is skipped
  }
}

TEST_CASE("measurements: field mapping of representative records") {
  const auto s = tk::load_measurements(calibration_file());
  SUBCASE("TensorRT-LLM perf overview, Llama-3.3-70B FP8 on H200 TP2, offline") {
    const auto& m = by_id(s, "trtllm-perfov-llama33-70b-h200-tp2-1000x1000");
    CHECK(m.model.name == "Llama-3.3-70B-Instruct");
    CHECK(m.system.gpu.hbm_bytes == 141e9);
    CHECK(m.plan.tp == 2);
    CHECK(m.plan.weights == tk::precision::fp8);
    CHECK(m.plan.activations == tk::precision::fp8);  // W8A8 on Hopper
    CHECK(m.plan.kv_cache == tk::precision::fp8);     // TensorRT-LLM + FP8 checkpoint
    CHECK(m.scenario == tk::measurement_scenario::offline_max_throughput);
    CHECK(m.isl == 1000);
    CHECK(m.osl == 1000);
    REQUIRE(m.metrics.size() == 1);
    CHECK(m.metrics[0].quantity == tk::measured_quantity::output_tok_per_s_per_gpu);
    CHECK(m.metrics[0].value == 2587);
  }
  SUBCASE("gpt-oss-120b 'FP8' on H100 DEP4 is the released checkpoint: MXFP4 experts, BF16 elsewhere") {
    const auto& m = by_id(s, "trtllm-perfov-gptoss-120b-h100-dep4-1000x1000");
    CHECK(m.plan.tp == 1);
    CHECK(m.plan.dp_attention == 4);
    CHECK(m.plan.ep == 4);
    CHECK(m.plan.expert_weight_precision() == tk::precision::mxfp4);
    CHECK(m.plan.weights == tk::precision::bf16);
    CHECK(m.plan.activations == tk::precision::bf16);  // no FP4 tensor cores on Hopper: W4A16
    CHECK(m.plan.kv_cache == tk::precision::bf16);  // "auto (Hopper ...)"
  }
  SUBCASE("DeepSeek-R1 NVFP4 on B200 DEP4: FP4 experts, FP8 elsewhere, FP4 activations") {
    const auto& m = by_id(s, "trtllm-perfov-dsr1-0528-b200-dep4-1000x1000");
    CHECK(m.plan.expert_weight_precision() == tk::precision::nvfp4);
    CHECK(m.plan.weights == tk::precision::fp8);
    CHECK(m.plan.activations == tk::precision::nvfp4);
    CHECK(m.plan.kv_cache == tk::precision::fp8);  // stated
  }
  SUBCASE("MXFP4 on MI355X TP4, online, SGLang default BF16 cache") {
    const auto& m = by_id(s, "imax-dsr1-mi355x-sglang-fp4-1k1k-c4");
    CHECK(m.plan.tp == 4);
    CHECK(m.plan.dp_attention == 1);
    CHECK(m.plan.expert_weight_precision() == tk::precision::mxfp4);
    CHECK(m.plan.activations == tk::precision::mxfp4);
    CHECK(m.plan.kv_cache == tk::precision::bf16);
    CHECK(m.concurrency == 4);
    REQUIRE(m.metrics.size() == 3);  // output/GPU, tok/s/user, TTFT (shown only)
    CHECK(m.metrics[1].quantity == tk::measured_quantity::tok_per_s_per_user);
    CHECK(m.metrics[1].value == 103.65);
    CHECK(m.metrics[2].quantity == tk::measured_quantity::ttft_s);
    CHECK(m.metrics[2].value == tt::rel(0.1022, 1e-12));
    CHECK_FALSE(m.metrics[2].fitted);
  }
  SUBCASE("disaggregated H100: decode TP16/EP16 x 3 workers, prefill DEP16") {
    const auto& m = by_id(s, "imax-dsr1-h100-dynamo-trt-fp8-1k1k-c30");
    REQUIRE(m.prefill_plan.has_value());
    CHECK(m.plan.tp == 16);
    CHECK(m.plan.ep == 16);
    CHECK(m.plan.dp_attention == 1);
    CHECK(m.prefill_plan->tp == 1);
    CHECK(m.prefill_plan->dp_attention == 16);
    CHECK(m.concurrency == 10);  // 30 client requests over 3 decode workers
    CHECK(m.system.num_gpus == 64);
    CHECK(m.metrics[0].quantity == tk::measured_quantity::output_tok_per_s_per_decode_gpu);
    CHECK(m.metrics[0].value == 22.6);
  }
  SUBCASE("TensorRT-LLM v0.5 batch-1 latency, Llama-2-70B FP16 on A100 TP4") {
    const auto& m = by_id(s, "trtllm-v05-llama2-70b-a100-tp4-bs1-ttft-2048");
    CHECK(m.model.name == "Llama-2-70B");
    CHECK(m.plan.weights == tk::precision::fp16);
    CHECK(m.plan.kv_cache == tk::precision::fp16);
    CHECK(m.scenario == tk::measurement_scenario::batch1_prefill_latency);
    CHECK(m.batch_size == 1);
    REQUIRE(m.metrics.size() == 1);
    CHECK(m.metrics[0].value == tt::rel(0.377, 1e-12));
    CHECK(m.metrics[0].fitted);
  }
  SUBCASE("static batch: batch size kept") {
    const auto& m = by_id(s, "trtllm-v061-llama2-70b-h100-tp2-bs1024-128x128");
    CHECK(m.scenario == tk::measurement_scenario::offline_static_batch);
    CHECK(m.batch_size == 1024);
  }
}

TEST_CASE("measurements: Llama-2-70B and H800 definitions") {
  // HF meta-llama/Llama-2-70b-hf reports 68,976,648,192 parameters: 80 x (2·8192² + 2·8192·1024
  // + 3·8192·28672) + 2·32000·8192 + norms (80·2 + 1)·8192.
  CHECK(tk::parameter_count_of(tk::presets::llama_2_70b).total() == tt::rel(68'976'648'192.0, 1e-9));
  CHECK(tk::presets::h800_system.scale_up_bytes_per_s == 200e9);  // theory §8.4
  CHECK(tk::presets::h800_system.gpu.hbm_bytes_per_s == tk::presets::h100_sxm.hbm_bytes_per_s);
  CHECK(tk::presets::h800_system.gpu.dense_fp8_flops_per_s == tk::presets::h100_sxm.dense_fp8_flops_per_s);
}

TEST_CASE("measurements: errors name the file and the field") {
  SUBCASE("missing file") {
    CHECK_THROWS_WITH_AS(tk::load_measurements("/nonexistent/calibration.json"),
                         doctest::Contains("calibration.json: cannot open file"), tk::invalid_argument);
  }
  SUBCASE("malformed JSON") {
    const auto path = std::filesystem::temp_directory_path() / "tokenomics_bad_measurements.json";
    {
      std::ofstream out(path);
      out << "[{\"id\": \"x\",";
    }
    CHECK_THROWS_WITH_AS(tk::load_measurements(path), doctest::Contains("tokenomics_bad_measurements.json: malformed JSON"),
                         tk::invalid_argument);
    std::filesystem::remove(path);
  }
  SUBCASE("top level not an array") {
    CHECK_THROWS_WITH_AS(tk::parse_measurements(json::object(), "m.json"), doctest::Contains("m.json: top level"),
                         tk::invalid_argument);
  }
  SUBCASE("missing fields") {
    for (const char* field : {"id", "model", "gpu", "scenario", "metrics", "parallelism", "isl"}) {
      json j = json::array({minimal_record()});
      j[0].erase(field);
      const std::string expected = "m.json: [0]." + std::string(field) + " missing";
      CHECK_THROWS_WITH_AS(tk::parse_measurements(j, "m.json"), doctest::Contains(expected.c_str()), tk::invalid_argument);
    }
  }
  SUBCASE("wrong types") {
    json j = json::array({minimal_record(), minimal_record()});
    j[1]["isl"] = "1k";
    CHECK_THROWS_WITH_AS(tk::parse_measurements(j, "m.json"), doctest::Contains("m.json: [1].isl = \"1k\""),
                         tk::invalid_argument);
    j[1]["isl"] = 1024;
    j[1]["metrics"]["output_tok_per_s_per_gpu"] = "fast";
    CHECK_THROWS_WITH_AS(tk::parse_measurements(j, "m.json"), doctest::Contains("[1].metrics.output_tok_per_s_per_gpu"),
                         tk::invalid_argument);
  }
}

TEST_CASE("measurements: unmappable records are skipped, not errors") {
  json j = json::array({minimal_record(), minimal_record(), minimal_record()});
  j[1]["id"] = "unknown-model";
  j[1]["model"] = "Falcon-180B";
  j[2]["id"] = "unknown-gpu";
  j[2]["gpu"] = "TPU-v5p";
  const auto s = tk::parse_measurements(j, "m.json");
  REQUIRE(s.records.size() == 1);
  CHECK(s.records[0].id == "x");
  REQUIRE(s.skipped.size() == 2);
  CHECK(s.skipped[0].id == "unknown-model");
  CHECK(s.skipped[0].reason.find("no preset") != std::string::npos);
  CHECK(s.skipped[1].reason.find("GPU") != std::string::npos);
}
