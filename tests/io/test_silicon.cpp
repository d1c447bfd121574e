// io/csv.hpp, io/silicon.hpp, io/silicon_case.hpp: silicon_calibration.csv -> records -> cases.
// Expected counts were taken from the file with a separate script (Python csv module), the row
// values from the file's text, the model shapes from the config files' text.
#include <tokenomics/io/silicon_case.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "tt.hpp"

#ifndef TOKENOMICS_REFERENCE_DIR
#error "define TOKENOMICS_REFERENCE_DIR (path of data/reference)"
#endif

namespace tk = tokenomics;
namespace fs = std::filesystem;
using doctest::Contains;

namespace {
fs::path reference() { return TOKENOMICS_REFERENCE_DIR; }
fs::path silicon_file() { return reference() / "measurements" / "silicon_calibration.csv"; }

const std::vector<tk::silicon_record>& shipped() {
  static const auto rows = tk::load_silicon_csv(silicon_file());
  return rows;
}
const tk::silicon_cases& shipped_cases() {
  static const auto cases = tk::map_silicon_records(shipped(), reference() / "hf_configs");
  return cases;
}

template <class Range>
const auto& by_id(const Range& items, const std::string& id) {
  const auto it = std::find_if(items.begin(), items.end(), [&](const auto& x) {
    if constexpr (requires { x.record; }) return x.record.id == id;
    else return x.id == id;
  });
  REQUIRE(it != items.end());
  return *it;
}

// The real header line and one agg row of the file (Qwen3-32B BF16, SGLang, H100).
const std::string header =
    "id,silicon_data_source,backend,backend_version,model_path,system,precision,mode,isl,osl,gemm_quant_mode,"
    "moe_quant_mode,batch_size,tp_size,pp_size,attention_dp_size,moe_tp_size,moe_ep_size,prefill_batch_size,"
    "prefill_num_workers,prefill_tp_size,prefill_pp_size,prefill_attention_dp_size,prefill_moe_tp_size,"
    "prefill_moe_ep_size,decode_batch_size,decode_num_workers,decode_tp_size,decode_pp_size,"
    "decode_attention_dp_size,decode_moe_tp_size,decode_moe_ep_size,silicon_ttft_ms,silicon_tpot_ms\n";
std::vector<std::string> agg_row() {
  return {"r1", "src; silicon_concurrency=16", "sglang", "0.5.1", "Qwen/Qwen3-32B", "h100_sxm", "", "agg", "1024",
          "128", "", "", "16", "2", "1", "", "1", "1", "", "", "", "", "", "", "", "", "", "", "", "", "", "",
          "840.8", "16.5"};
}
std::size_t column(const std::string& name) {
  std::vector<std::string> names;
  std::string cur;
  for (char c : header) {
    if (c == ',' || c == '\n') names.push_back(std::exchange(cur, {}));
    else cur += c;
  }
  return static_cast<std::size_t>(std::find(names.begin(), names.end(), name) - names.begin());
}
std::string line(const std::vector<std::string>& cells) {
  std::string s;
  for (std::size_t i = 0; i < cells.size(); ++i) s += (i ? "," : "") + cells[i];
  return s + "\n";
}
fs::path write_temp(const std::string& text) {
  static int n = 0;
  const fs::path p = fs::temp_directory_path() / ("tokenomics_silicon_test_" + std::to_string(++n) + ".csv");
  std::ofstream(p, std::ios::binary) << text;
  return p;
}
// The one-row file with `name` set to `value`.
fs::path with(const std::string& name, const std::string& value) {
  auto row = agg_row();
  row[column(name)] = value;
  return write_temp(header + line(row));
}
}  // namespace

TEST_CASE("silicon: the shipped CSV loads whole, counts per backend, mode and system") {
  const auto& rows = shipped();
  REQUIRE(rows.size() == 2355);
  auto count = [&](auto pred) { return std::count_if(rows.begin(), rows.end(), pred); };
  CHECK(count([](const auto& r) { return r.backend == tk::framework::trtllm; }) == 1328);
  CHECK(count([](const auto& r) { return r.backend == tk::framework::sglang; }) == 602);
  CHECK(count([](const auto& r) { return r.backend == tk::framework::vllm; }) == 425);
  CHECK(count([](const auto& r) { return r.mode == tk::silicon_mode::agg; }) == 1686);
  CHECK(count([](const auto& r) { return r.mode == tk::silicon_mode::disagg; }) == 669);
  CHECK(count([](const auto& r) { return r.system == tk::silicon_system::b200_sxm; }) == 930);
  CHECK(count([](const auto& r) { return r.system == tk::silicon_system::gb200; }) == 362);
  CHECK(count([](const auto& r) { return r.gemm_quant == tk::precision::bf16; }) == 281);
  CHECK(count([](const auto& r) { return r.moe_quant == tk::precision::fp8_block; }) == 448);
  CHECK(count([](const auto& r) { return r.client_concurrency > 0; }) == 2339);
}

TEST_CASE("silicon: a disagg row's values equal the file's text") {
  const auto& r = by_id(shipped(), "dsr1_gb200_trtllm_fp8_disagg_1024x8192_c2048_cfg375");
  CHECK(r.backend == tk::framework::trtllm);
  CHECK(r.backend_version == "0.8.1.post2");
  CHECK(r.model_path == "deepseek-ai/DeepSeek-V3");
  CHECK(r.system == tk::silicon_system::gb200);
  CHECK(r.mode == tk::silicon_mode::disagg);
  CHECK(r.gemm_quant == tk::precision::fp8);
  CHECK(r.moe_quant == tk::precision::fp8);
  CHECK((r.isl == 1024 && r.osl == 8192));
  CHECK((r.prefill.batch_size == 1 && r.prefill.num_workers == 1 && r.prefill.tp == 1 && r.prefill.pp == 1));
  CHECK((r.prefill.attention_dp == 8 && r.prefill.moe_tp == 1 && r.prefill.moe_ep == 8));
  CHECK((r.decode.batch_size == 64 && r.decode.num_workers == 1 && r.decode.tp == 1 && r.decode.pp == 1));
  CHECK((r.decode.attention_dp == 32 && r.decode.moe_tp == 1 && r.decode.moe_ep == 32));
  CHECK(r.ttft_s == tt::rel(1.8771552708941047, 1e-12));
  CHECK(r.tpot_s == tt::rel(0.024497003443363074, 1e-12));
  CHECK(r.client_concurrency == 2048);
}

TEST_CASE("silicon: agg rows' values, empty sizes as 0, quant modes") {
  const auto& r = by_id(shipped(), "nvidia_deepseek_r1_nvfp4_nvidia_deepseek_r1_nvfp4_b200_sxm_trtllm_agg_4000x1000_c224_tp4_epnone_1");
  CHECK(r.backend_version == "1.3.0rc1");
  CHECK(r.model_path == "nvidia/DeepSeek-R1-NVFP4");
  CHECK(r.system == tk::silicon_system::b200_sxm);
  CHECK((r.gemm_quant == tk::precision::nvfp4 && r.moe_quant == tk::precision::nvfp4));
  CHECK((r.agg.batch_size == 56 && r.agg.tp == 4 && r.agg.pp == 1 && r.agg.attention_dp == 0));
  CHECK((r.agg.moe_tp == 1 && r.agg.moe_ep == 4));
  CHECK(r.prefill.tp == 0);
  CHECK(r.ttft_s == tt::rel(0.5886100334575892, 1e-12));
  CHECK(r.tpot_s == tt::rel(0.09083985855867864, 1e-12));
  CHECK(r.client_concurrency == 224);

  const auto& bf16 = by_id(shipped(), "qwen_qwen3_32b_qwen_qwen3_32b_h100_sxm_sglang_agg_1024x128_c16_tp2_epnone_1");
  CHECK((bf16.gemm_quant == tk::precision::bf16 && bf16.moe_quant == tk::precision::bf16));
  CHECK(bf16.backend == tk::framework::sglang);

  const auto& block = by_id(
      shipped(),
      "meta_llama_llama_3_1_8b_instruct_meta_llama_llama_3_1_8b_instruct_h200_sxm_sglang_agg_1000x100_c352_tp4_epnone_3");
  CHECK(block.gemm_quant == tk::precision::fp8_block);
  CHECK(block.tpot_s == tt::rel(0.03321, 1e-12));
}

TEST_CASE("silicon: malformed rows name row <id>.<column> and the value") {
  CHECK_NOTHROW((void)tk::load_silicon_csv(write_temp(header + line(agg_row()))));
  auto throws = [](const fs::path& p, const std::string& message) {
    CHECK_THROWS_WITH_AS((void)tk::load_silicon_csv(p), Contains(message.c_str()), tk::invalid_argument);
  };
  throws(with("tp_size", "-2"), "row r1.tp_size = -2");
  throws(with("tp_size", "0"), "row r1.tp_size = 0: must be an integer > 0");
  throws(with("tp_size", "two"), "row r1.tp_size = two: must be an integer");
  throws(with("batch_size", ""), "row r1.batch_size: must be an integer > 0");
  throws(with("isl", "1024.5"), "row r1.isl = 1024.5");
  throws(with("backend", "tgi"), "row r1.backend = tgi: unknown backend");
  throws(with("system", "mi300x"), "row r1.system = mi300x: unknown system");
  throws(with("gemm_quant_mode", "fp6"), "row r1.gemm_quant_mode = fp6: unknown quant mode");
  throws(with("moe_quant_mode", "int8"), "row r1.moe_quant_mode = int8");
  throws(with("mode", "both"), "row r1.mode = both");
  throws(with("silicon_tpot_ms", "0"), "row r1.silicon_tpot_ms = 0");
  throws(with("silicon_ttft_ms", "nan"), "row r1.silicon_ttft_ms = nan");
  throws(with("decode_tp_size", "4"), "row r1.decode_tp_size = 4: must be empty in agg rows");
  throws(with("silicon_data_source", "silicon_concurrency=x"), "row r1.silicon_data_source");

  auto bad_identity = agg_row();  // 2 GPUs of attention, 1 x 4 of experts
  bad_identity[column("attention_dp_size")] = "1";
  bad_identity[column("moe_ep_size")] = "4";
  throws(write_temp(header + line(bad_identity)), "row r1.moe_ep_size = 4: GPUs tp * pp * attention_dp = 2 but");

  auto disagg = agg_row();  // a disagg row must leave the agg columns empty
  disagg[column("mode")] = "disagg";
  for (const char* c : {"prefill_tp_size", "prefill_pp_size", "decode_tp_size", "decode_pp_size"}) disagg[column(c)] = "1";
  throws(write_temp(header + line(disagg)), "row r1.batch_size = 16: must be empty in disagg rows");

  throws(write_temp(header + line(agg_row()) + line(agg_row())), "row r1.id = r1: duplicate id");
  auto no_id = agg_row();
  no_id[0] = "";
  throws(write_temp(header + line(no_id)), ": line 2.id");
}

TEST_CASE("silicon: CSV quoting, CRLF and structural errors") {
  auto quoted = agg_row();
  quoted[column("silicon_data_source")] = "\"a, \"\"quoted\"\" note; silicon_concurrency=7\"";
  const auto rows = tk::load_silicon_csv(write_temp(header + line(quoted)));
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].data_source == "a, \"quoted\" note; silicon_concurrency=7");
  CHECK(rows[0].client_concurrency == 7);

  const auto t = tk::parse_csv("a,b\r\n\"x\ny\",2\r\n\r\n3,4", "t.csv");
  REQUIRE(t.rows.size() == 2);
  CHECK(t.rows[0][0] == "x\ny");
  CHECK(t.lines[1] == 5);  // the quoted line break counts

  CHECK_THROWS_WITH_AS((void)tk::parse_csv("a,b\n1\n", "t.csv"), Contains("t.csv: line 2: 1 fields, header has 2"),
                       tk::invalid_argument);
  CHECK_THROWS_WITH_AS((void)tk::parse_csv("a,b\n\"1,2\n", "t.csv"), Contains("t.csv: line 2: quote not closed"),
                       tk::invalid_argument);
  CHECK_THROWS_WITH_AS((void)tk::load_silicon_csv(reference() / "no_such.csv"), Contains("no_such.csv: cannot open file"),
                       tk::invalid_argument);
}

TEST_CASE("silicon: every record maps to a valid plan or is listed as unsupported (731, documented)") {
  const auto& c = shipped_cases();
  CHECK(c.cases.size() + c.unsupported.size() == 2355);
  CHECK(c.unsupported.size() == 731);  // io/silicon_case.hpp header and docs/silicon_validation.md
  for (const auto& s : c.unsupported) CHECK_MESSAGE(!s.reason.empty(), s.id);
  for (const auto& k : c.cases) {
    CHECK_NOTHROW(tk::validate(k.plan, k.model, k.system));
    if (k.record.mode == tk::silicon_mode::disagg) CHECK_NOTHROW(tk::validate(k.prefill_plan, k.model, k.system));
    CHECK_NOTHROW(tk::validate(k.work));
  }
  // Why: tp 36 does not divide DeepSeek's 128 heads; the vLLM Qwen3-235B rows state tp 1 but
  // moe_tp 2 with no attention DP.
  CHECK(by_id(c.unsupported, "2026_04_06_deepseek_r1_gb200_trtllm_fp4_agg_1024x1024_c32_tp36_ep1_11").reason ==
        "plan.tp = 36: must divide model.num_attention_heads = 128");
  CHECK(by_id(c.unsupported, "qwen_qwen3_235b_a22b_fp8_qwen_qwen3_235b_a22b_fp8_h200_sxm_vllm_agg_1000x100_c8_tp1_epnone_2")
            .reason == "plan.expert_tp = 2: ep * expert_tp must equal tp * dp_attention = 1");
  // Row cfg177 states tp 64 on 8-GPU B200 boxes; the gap-analysis disagg rows state no decode
  // batch and no decode worker count.
  CHECK(by_id(c.unsupported, "dsr1_b200_trtllm_fp8_agg_8192x1024_c64_cfg177").reason ==
        "plan.tp = 64: a tensor-parallel group larger than the row's system's NVLink domain (8 GPUs)");
  CHECK(by_id(c.unsupported, "2026_03_25_deepseek_r1_b200_sxm_trtllm_fp8_disagg_8192x1024_c1_tp8_0_ep1_0_358")
            .reason.starts_with("concurrency per replica: no batch size"));
}

TEST_CASE("silicon: mapping of a disagg DeepSeek row and a BF16 dense row") {
  const auto& d = by_id(shipped_cases().cases, "dsr1_gb200_trtllm_fp8_disagg_1024x8192_c2048_cfg375");
  CHECK(d.model.num_experts == 256);  // deepseek-ai--DeepSeek-V3_config.json n_routed_experts
  CHECK(d.system.gpu.name == tk::presets::gb200_nvl72.gpu.name);
  CHECK(d.system.num_gpus == 72);  // 8 prefill + 32 decode GPUs fit in the rack
  CHECK((d.plan.tp == 1 && d.plan.dp_attention == 32 && d.plan.ep == 32 && d.plan.expert_tp == 1));
  CHECK((d.prefill_plan.tp == 1 && d.prefill_plan.dp_attention == 8 && d.prefill_plan.ep == 8));
  CHECK((d.plan.weights == tk::precision::fp8 && d.plan.expert_weight_precision() == tk::precision::fp8));
  CHECK((d.plan.activations == tk::precision::fp8 && d.plan.kv_cache == tk::precision::fp8));
  CHECK((d.work.isl == 1024 && d.work.osl == 8192));
  CHECK(d.work.concurrency == 2048);  // decode batch 64 per rank x 32 ranks (= the client's 2048)

  const auto& q = by_id(shipped_cases().cases, "qwen_qwen3_32b_qwen_qwen3_32b_h100_sxm_sglang_agg_1024x128_c16_tp2_epnone_1");
  CHECK(q.model.hidden == 5120);  // Qwen--Qwen3-32B_config.json hidden_size
  CHECK(q.system.num_gpus == 8);
  CHECK((q.plan.tp == 2 && q.plan.dp_attention == 1 && q.plan.ep == 1 && q.plan.expert_tp == 0));
  CHECK((q.plan.weights == tk::precision::bf16 && q.plan.activations == tk::precision::bf16));
  CHECK(q.plan.kv_cache == tk::precision::bf16);
  CHECK(q.work.concurrency == 16);

  // nvfp4: 4-bit activations; DP not stated -> 1; an eight-box replica raises num_gpus to 64.
  const auto& n = by_id(shipped_cases().cases,
                        "nvidia_deepseek_r1_nvfp4_nvidia_deepseek_r1_nvfp4_b200_sxm_trtllm_agg_4000x1000_c224_tp4_epnone_1");
  CHECK((n.plan.activations == tk::precision::nvfp4 && n.plan.kv_cache == tk::precision::fp8));
  CHECK((n.plan.dp_attention == 1 && n.plan.ep == 4 && n.plan.expert_tp == 1));
  CHECK(n.work.concurrency == 56);  // batch 56 x DP 1 (the client ran 224: a data quirk)
  const auto& big = by_id(shipped_cases().cases, "2026_04_06_deepseek_r1_b200_sxm_trtllm_fp4_agg_8192x1024_c32_tp8_ep8_1537");
  CHECK(big.system.num_gpus == 64);
}
