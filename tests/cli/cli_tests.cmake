# CLI tests (design §9 contract): include() this file from tests/CMakeLists.txt after the
# `tokenomics_cli` target exists (examples/cli, OUTPUT_NAME tokenomics), e.g.
#   if(TARGET tokenomics_cli)
#     include(${CMAKE_CURRENT_SOURCE_DIR}/cli/cli_tests.cmake)
#   endif()
# Each case runs tests/cli/run_cli.cmake, which checks the exit code and literal substrings of
# stdout/stderr. Sweeps use a small model and --max-gpus 2 to stay well under a second.
set(_cli_dir ${CMAKE_CURRENT_LIST_DIR})
set(_hf_dir ${CMAKE_CURRENT_LIST_DIR}/../data/hf)

# tokenomics_cli_test(NAME ARGS "a|b|c" [RC n] [STDOUT "x|y"] [STDERR "x|y"])
function(tokenomics_cli_test name)
  cmake_parse_arguments(T "" "ARGS;RC;STDOUT;STDERR" "" ${ARGN})
  if(NOT DEFINED T_RC)
    set(T_RC 0)
  endif()
  add_test(NAME cli.${name}
           COMMAND ${CMAKE_COMMAND} -DCLI=$<TARGET_FILE:tokenomics_cli> "-DARGS=${T_ARGS}" -DEXPECT_RC=${T_RC}
                   "-DSTDOUT_CONTAINS=${T_STDOUT}" "-DSTDERR_CONTAINS=${T_STDERR}" -P ${_cli_dir}/run_cli.cmake)
endfunction()

set(_est "estimate|--model|llama-3.1-8b|--gpu|h100|--isl|1024|--osl|1024|--concurrency|16")
set(_fields "\"tpot_s\"|\"ttft_s\"|\"tok_per_s_per_user\"|\"output_tok_per_s_per_gpu\"|\"total_tok_per_s_per_gpu\"|\"weights_bytes_per_gpu\"|\"kv_bytes_per_gpu\"|\"fits\"|\"usd_per_million_output_tokens\"|\"output_tokens_per_megawatt\"|\"breakdown\"|\"plan\"|\"tp\"|\"ep\"|\"pp\"|\"dp_attention\"|\"weights\"|\"kv\"|\"mtp\"|\"compute_s\"|\"memory_s\"|\"communication_s\"|\"overhead_s\"|\"bound\"")
set(_sweep "--model|llama-3.1-8b|--gpu|h100|--isl|1024|--osl|1024|--max-gpus|2")

# --- happy paths
tokenomics_cli_test(list_models ARGS "list|models" STDOUT "llama-3.1-8b|deepseek-r1|gpt-oss-120b|qwen3-30b-a3b")
tokenomics_cli_test(list_gpus ARGS "list|gpus" STDOUT "h100|gb200|mi355x")
tokenomics_cli_test(estimate_json ARGS "${_est}|--gpus|1|--format|json" STDOUT "${_fields}|\"fits\": true")
tokenomics_cli_test(estimate_text ARGS "${_est}|--gpus|2" STDOUT "tok_per_s_per_user|output_tok_per_s_per_gpu|tp2")
tokenomics_cli_test(estimate_config_json
                    ARGS "estimate|--model|${_hf_dir}/llama-3.1-8b.json|--gpu|h100|--gpus|1|--isl|128|--osl|128|--concurrency|4|--format|json"
                    STDOUT "\"fits\": true")
tokenomics_cli_test(estimate_moe_fp4_mtp
                    ARGS "estimate|--model|deepseek-r1|--gpu|gb200|--gpus|8|--tp|1|--ep|8|--dp|8|--weights|fp4|--kv|fp8|--isl|1024|--osl|1024|--concurrency|64|--mtp|1|--acceptance|0.9|--format|json"
                    STDOUT "\"weights\": \"nvfp4\"|\"mtp\": 1|\"routed_experts\"")
tokenomics_cli_test(estimate_amd_fp4
                    ARGS "estimate|--model|llama-3.1-8b|--gpu|mi355x|--gpus|1|--weights|fp4|--isl|128|--osl|128|--concurrency|1|--format|json"
                    STDOUT "\"weights\": \"mxfp4\"")
tokenomics_cli_test(estimate_price ARGS "${_est}|--gpus|1|--price-usd-per-gpu-hour|3.5|--format|json"
                    STDOUT "usd_per_million_output_tokens")
tokenomics_cli_test(sweep_json ARGS "sweep|${_sweep}|--format|json" STDOUT "\"frontier\"|\"concurrency\"|\"tok_per_s_per_user\"|\"output_tok_per_s_per_gpu\"|\"plan\"")
tokenomics_cli_test(sweep_csv ARGS "sweep|${_sweep}|--format|csv" STDOUT "tok_per_s_per_user,output_tok_per_s_per_gpu")
tokenomics_cli_test(sweep_svg ARGS "sweep|${_sweep}|--format|svg" STDOUT "<svg|</svg>")
tokenomics_cli_test(sweep_text ARGS "sweep|${_sweep}" STDOUT "Pareto frontier|tok/s/GPU")
tokenomics_cli_test(at_json ARGS "at|${_sweep}|--interactivity|50|--format|json" STDOUT "\"chosen\"|\"frontier\"|\"interactivity\"")
tokenomics_cli_test(compare_json
                    ARGS "compare|--model|llama-3.1-8b|--model|qwen3-30b-a3b|--gpu|h100|--isl|1024|--osl|1024|--max-gpus|2|--format|json"
                    STDOUT "\"levels\"|\"cheaper\"|\"cost_ratio_b_over_a\"|\"b_saturation_batch_tokens\"")
tokenomics_cli_test(help ARGS "--help" STDOUT "estimate|sweep|compare")
set(_r1ep "estimate|--model|deepseek-r1|--gpu|gb200|--gpus|32|--tp|1|--dp|32|--ep|32|--isl|1024|--osl|1024|--concurrency|2048")
tokenomics_cli_test(estimate_routing_eplb
                    ARGS "${_r1ep}|--routing|deepseek-r1-translation|--redundant-experts|32|--format|json"
                    STDOUT "\"redundant_experts\": 32|\"routing\"|\"rank_imbalance\"|\"sd_pairs_per_rank\"")
tokenomics_cli_test(sweep_routing_eplb
                    ARGS "sweep|--model|qwen3-30b-a3b|--gpu|h100|--isl|1024|--osl|1024|--max-gpus|2|--routing|lognormal:1:0.1|--redundant-experts|2|--format|json"
                    STDOUT "\"frontier\"|\"redundant_experts\"")

# --- bad input: exit code 2, stderr names the flag and the value
tokenomics_cli_test(bad_tp ARGS "${_est}|--gpus|3|--tp|3" RC 2 STDERR "--tp = 3|num_attention_heads")
tokenomics_cli_test(bad_gpus_negative ARGS "${_est}|--gpus|-1" RC 2 STDERR "--gpus = -1")
tokenomics_cli_test(bad_gpus_zero ARGS "${_est}|--gpus|0" RC 2 STDERR "--gpus = 0")
tokenomics_cli_test(bad_gpus_default_tp ARGS "${_est}|--gpus|6" RC 2 STDERR "--gpus|= 6")
tokenomics_cli_test(bad_ep ARGS "estimate|--model|qwen3-30b-a3b|--gpu|h100|--gpus|8|--tp|1|--dp|8|--ep|3|--isl|8|--osl|8|--concurrency|1"
                    RC 2 STDERR "--ep = 3")
tokenomics_cli_test(bad_price_nan ARGS "${_est}|--gpus|1|--price-usd-per-gpu-hour|nan" RC 2 STDERR "--price-usd-per-gpu-hour = nan")
tokenomics_cli_test(bad_routing ARGS "${_r1ep}|--routing|pareto:1" RC 2 STDERR "--routing = pareto:1|unknown routing")
tokenomics_cli_test(bad_routing_number ARGS "${_r1ep}|--routing|lognormal:x" RC 2 STDERR "--routing = lognormal:x|not a number")
tokenomics_cli_test(bad_routing_cv ARGS "${_r1ep}|--routing|lognormal:1:-2" RC 2 STDERR "--routing = lognormal:1:-2|share_cv")
tokenomics_cli_test(bad_redundant_ep1
                    ARGS "estimate|--model|deepseek-r1|--gpu|gb200|--gpus|8|--isl|8|--osl|8|--concurrency|1|--redundant-experts|8"
                    RC 2 STDERR "--redundant-experts = 8|--ep > 1")
tokenomics_cli_test(bad_redundant_negative ARGS "${_r1ep}|--redundant-experts|-4" RC 2 STDERR "--redundant-experts = -4")
tokenomics_cli_test(bad_isl_zero ARGS "estimate|--model|llama-3.1-8b|--gpu|h100|--gpus|1|--isl|0|--osl|8|--concurrency|1" RC 2 STDERR "--isl = 0")
tokenomics_cli_test(bad_concurrency_text ARGS "estimate|--model|llama-3.1-8b|--gpu|h100|--gpus|1|--isl|8|--osl|8|--concurrency|many" RC 2 STDERR "--concurrency = many")
tokenomics_cli_test(bad_weights ARGS "${_est}|--gpus|1|--weights|fp5" RC 2 STDERR "--weights = fp5")
tokenomics_cli_test(bad_kv ARGS "${_est}|--gpus|1|--kv|fp4" RC 2 STDERR "--kv = fp4")
tokenomics_cli_test(bad_acceptance ARGS "${_est}|--gpus|1|--mtp|1|--acceptance|1.5" RC 2 STDERR "--acceptance = 1.5")
tokenomics_cli_test(bad_model ARGS "estimate|--model|nosuch|--gpu|h100|--gpus|1|--isl|8|--osl|8|--concurrency|1" RC 2 STDERR "--model = nosuch")
tokenomics_cli_test(bad_gpu ARGS "estimate|--model|llama-3.1-8b|--gpu|z100|--gpus|1|--isl|8|--osl|8|--concurrency|1" RC 2 STDERR "--gpu = z100")
tokenomics_cli_test(bad_config_json
                    ARGS "estimate|--model|${_hf_dir}/malformed.json|--gpu|h100|--gpus|1|--isl|8|--osl|8|--concurrency|1"
                    RC 2 STDERR "--model = |malformed.json")
tokenomics_cli_test(bad_format ARGS "sweep|${_sweep}|--format|xml" RC 2 STDERR "--format = xml")
tokenomics_cli_test(bad_max_gpus ARGS "sweep|--model|llama-3.1-8b|--gpu|h100|--isl|8|--osl|8|--max-gpus|-4" RC 2 STDERR "--max-gpus = -4")
tokenomics_cli_test(bad_interactivity ARGS "at|${_sweep}|--interactivity|nan" RC 2 STDERR "--interactivity = nan")
tokenomics_cli_test(missing_flag ARGS "estimate|--model|llama-3.1-8b|--gpu|h100|--isl|8|--osl|8|--concurrency|1" RC 2 STDERR "--gpus")
tokenomics_cli_test(bad_list ARGS "list|cars" RC 2 STDERR "cars")
# --- valid input without an answer: exit 2 with a clear message
tokenomics_cli_test(does_not_fit ARGS "estimate|--model|llama-3.1-405b|--gpu|h100|--gpus|1|--isl|1024|--osl|1024|--concurrency|1"
                    RC 2 STDERR "does not fit")
tokenomics_cli_test(does_not_fit_json ARGS "estimate|--model|llama-3.1-405b|--gpu|h100|--gpus|1|--isl|1024|--osl|1024|--concurrency|1|--format|json"
                    RC 2 STDOUT "\"fits\": false|\"error\"" STDERR "does not fit")
tokenomics_cli_test(at_unreachable ARGS "at|${_sweep}|--interactivity|1e9" RC 2 STDERR "--interactivity = 1e9|no configuration")

# --- software stacks (issue I): --framework picks the stack, JSON names it; unknown names exit 2.
tokenomics_cli_test(estimate_framework_sglang ARGS "${_est}|--gpus|1|--framework|sglang|--format|json"
                    STDOUT "\"framework\": \"sglang\"")
tokenomics_cli_test(estimate_framework_auto ARGS "${_est}|--gpus|1|--format|json" STDOUT "\"framework\": \"trtllm\"")
tokenomics_cli_test(estimate_framework_amd_auto
                    ARGS "estimate|--model|llama-3.1-8b|--gpu|mi355x|--gpus|1|--isl|128|--osl|128|--concurrency|1|--format|json"
                    STDOUT "\"framework\": \"generic\"")
tokenomics_cli_test(sweep_framework_vllm ARGS "sweep|${_sweep}|--framework|vllm|--format|json" STDOUT "\"framework\": \"vllm\"")
tokenomics_cli_test(bad_framework ARGS "${_est}|--gpus|1|--framework|tgi" RC 2 STDERR "--framework = tgi|unknown framework")
tokenomics_cli_test(estimate_weights_fp8_block ARGS "${_est}|--gpus|1|--weights|fp8-block|--format|json"
                    STDOUT "\"weights\": \"fp8_block\"")
tokenomics_cli_test(estimate_weights_int4_wo ARGS "${_est}|--gpus|1|--weights|int4-wo|--format|json"
                    STDOUT "\"weights\": \"int4\"")
