# The CLI half of the bad-input campaign (issue L; the library half is tests/spec/test_bad_input.cpp):
# every numeric flag with zero, negative, NaN, empty and out-of-range values, absurd sizes that used
# to overflow or hang, malformed and deeply nested config.json files, unknown names and non-regular
# files. Each case must exit 2 naming the flag within 10 s. include() after cli_tests.cmake.
set(_campaign_dir ${CMAKE_CURRENT_BINARY_DIR}/campaign)
file(MAKE_DIRECTORY ${_campaign_dir}/x.json)  # a directory named like a config
string(REPEAT "[" 50000 _deep)
file(WRITE ${_campaign_dir}/deep.json "${_deep}")  # 50,000 unclosed brackets overflowed the stack
file(READ ${_hf_dir}/llama-3.1-8b.json _llama)
string(REPLACE "\"num_key_value_heads\": 8" "\"num_key_value_heads\": 0" _kv0 "${_llama}")
file(WRITE ${_campaign_dir}/kv0.json "${_kv0}")
string(REPLACE "\"num_key_value_heads\": 8" "\"num_key_value_heads\": -8" _kvneg "${_llama}")
file(WRITE ${_campaign_dir}/kvneg.json "${_kvneg}")
string(REPLACE "\"head_dim\": 128," "" _nohd "${_llama}")
string(REPLACE "\"hidden_size\": 4096" "\"hidden_size\": 4095" _odd "${_nohd}")
file(WRITE ${_campaign_dir}/hidden_odd.json "${_odd}")
file(READ ${_hf_dir}/deepseek-v3.json _ds)
string(REPLACE "\"qk_rope_head_dim\": 64" "\"qk_rope_head_dim\": 2147483647" _rope "${_ds}")
file(WRITE ${_campaign_dir}/rope_huge.json "${_rope}")
file(WRITE ${_campaign_dir}/not_object.json "[1, 2, 3]")
file(WRITE ${_campaign_dir}/empty.json "")

function(campaign_case name args flag)
  tokenomics_cli_test(campaign.${name} ARGS "${args}" RC 2 STDERR "${flag}")
  set_tests_properties(cli.campaign.${name} PROPERTIES TIMEOUT 10 LABELS campaign)
endfunction()

# Every numeric flag of estimate, each bad value in turn; the other flags stay valid. An empty value
# ("--tp ''") used to be read as "not given"; "--tp=" last on the line is CLI11's missing value.
set(_vals zero 0 negative -1 nan nan empty @EMPTY@ text 1x huge 99999999999 max 2147483647)
foreach(flag gpus tp ep pp dp isl osl concurrency mtp acceptance price-usd-per-gpu-hour redundant-experts)
  set(gpus 1)
  set(isl 128)
  set(osl 128)
  set(concurrency 4)
  list(LENGTH _vals n)
  math(EXPR last "${n} - 1")
  foreach(i RANGE 0 ${last} 2)
    math(EXPR j "${i} + 1")
    list(GET _vals ${i} label)
    list(GET _vals ${j} value)
    # valid: --mtp 0 and --redundant-experts 0 (off), --acceptance 0
    if(flag MATCHES "^(mtp|redundant-experts|acceptance)$" AND label STREQUAL "zero")
      continue()
    endif()
    if(label STREQUAL "max" AND NOT flag MATCHES "^(isl|osl|concurrency|tp|redundant-experts|price-usd-per-gpu-hour)$")
      continue()
    endif()
    set(model llama-3.1-8b)
    set(g h100)
    set(base "")
    foreach(f gpus isl osl concurrency)  # the required flags, but the one under test
      if(NOT f STREQUAL flag)
        string(APPEND base "|--${f}|${${f}}")
      endif()
    endforeach()
    if(flag STREQUAL "acceptance")
      string(APPEND base "|--mtp|1")
    elseif(flag STREQUAL "redundant-experts")
      set(model deepseek-r1)
      set(g gb200)
      string(REPLACE "--gpus|1" "--gpus|8" base "${base}")
      string(APPEND base "|--tp|1|--dp|8|--ep|8")
    endif()
    if(label STREQUAL "max" AND flag STREQUAL "price-usd-per-gpu-hour")
      set(value 1e308)  # printed $2.6e307 per M tokens
    endif()
    campaign_case(estimate_${flag}_${label} "estimate|--model|${model}|--gpu|${g}${base}|--${flag}|${value}" "--${flag}")
    if(label STREQUAL "empty")
      campaign_case(estimate_${flag}_missing "estimate|--model|${model}|--gpu|${g}${base}|--${flag}=" "--${flag}")
    endif()
  endforeach()
endforeach()

# Flags of sweep / at / compare.
set(_sw "--model|llama-3.1-8b|--gpu|h100")
foreach(pair "zero|0" "negative|-1" "nan|nan" "empty|@EMPTY@" "huge|99999999999")
  string(REPLACE "|" ";" pair "${pair}")
  list(GET pair 0 label)
  list(GET pair 1 value)
  campaign_case(sweep_isl_${label} "sweep|${_sw}|--osl|8|--max-gpus|2|--isl|${value}" "--isl")
  campaign_case(sweep_osl_${label} "sweep|${_sw}|--isl|8|--max-gpus|2|--osl|${value}" "--osl")
  campaign_case(sweep_max_gpus_${label} "sweep|${_sw}|--isl|8|--osl|8|--max-gpus|${value}" "--max-gpus")
  campaign_case(at_interactivity_${label} "at|${_sw}|--isl|8|--osl|8|--max-gpus|2|--interactivity|${value}" "--interactivity")
  if(NOT label STREQUAL "zero")  # 0 replica slots is valid
    campaign_case(sweep_redundant_${label}
                  "sweep|--model|qwen3-30b-a3b|--gpu|h100|--isl|8|--osl|8|--max-gpus|2|--redundant-experts|${value}"
                  "--redundant-experts")
  endif()
endforeach()
campaign_case(estimate_format_empty "estimate|--model|llama-3.1-8b|--gpu|h100|--gpus|1|--isl|8|--osl|8|--concurrency|1|--format|@EMPTY@" "--format")
campaign_case(estimate_model_empty "estimate|--model|@EMPTY@|--gpu|h100|--gpus|1|--isl|8|--osl|8|--concurrency|1" "--model")
campaign_case(estimate_gpu_empty "estimate|--model|llama-3.1-8b|--gpu|@EMPTY@|--gpus|1|--isl|8|--osl|8|--concurrency|1" "--gpu")

# Absurd sizes that overflowed int, divided by zero or hung.
set(_e8 "estimate|--model|llama-3.1-8b|--gpu|h100|--isl=128|--osl=128|--concurrency=4")
campaign_case(dp_pp_overflow "${_e8}|--gpus=8|--dp=65536|--pp=65536" "--gpus")  # was SIGFPE
campaign_case(tp_dp_overflow "${_e8}|--gpus=8|--tp=1|--dp=65536|--pp=65536" "--gpus")
campaign_case(isl_osl_sum "estimate|--model|llama-3.1-8b|--gpu|h100|--gpus=1|--isl=2000000000|--osl=2000000000|--concurrency=1" "--isl")
campaign_case(concurrency_million "${_e8}|--gpus=1|--concurrency=1000000" "--concurrency")
set(_r1 "estimate|--model|deepseek-r1|--gpu|gb200|--gpus=8|--tp=1|--dp=8|--ep=8|--isl=128|--osl=128|--concurrency=8")
campaign_case(redundant_near_max "${_r1}|--redundant-experts=2147483640" "--redundant-experts")  # spun in eplb()
campaign_case(redundant_beyond_copies "${_r1}|--redundant-experts=2048" "--redundant-experts")
campaign_case(sweep_max_gpus_65536 "sweep|${_sw}|--isl=8|--osl=8|--max-gpus=65536" "--max-gpus")  # hung
foreach(r "lognormal:300" "lognormal:250" "zipf:400" "dirichlet:1e10" "dirichlet:1e308" "dirichlet:0" "lognormal:nan"
          "lognormal:inf" "lognormal:" "lognormal:1:1e9" "zipf" "pareto:1")
  string(MAKE_C_IDENTIFIER "${r}" id)
  campaign_case(routing_${id} "${_r1}|--routing=${r}" "--routing")
endforeach()
campaign_case(routing_empty "${_r1}|--routing|@EMPTY@" "--routing")

# Config files: malformed, deeply nested, not an object, empty, a directory, bad keys.
set(_cfg "--gpu|h100|--gpus=1|--isl=8|--osl=8|--concurrency=1")
campaign_case(config_deep "estimate|--model|${_campaign_dir}/deep.json|${_cfg}" "--model")
campaign_case(config_directory "estimate|--model|${_campaign_dir}/x.json|${_cfg}" "--model")  # was exit 1
campaign_case(config_not_object "estimate|--model|${_campaign_dir}/not_object.json|${_cfg}" "--model")
campaign_case(config_empty "estimate|--model|${_campaign_dir}/empty.json|${_cfg}" "--model")
campaign_case(config_missing "estimate|--model|${_campaign_dir}/no_such.json|${_cfg}" "--model")
campaign_case(config_kv_heads_zero "estimate|--model|${_campaign_dir}/kv0.json|${_cfg}" "num_key_value_heads")
campaign_case(config_kv_heads_negative "estimate|--model|${_campaign_dir}/kvneg.json|${_cfg}" "num_key_value_heads")
campaign_case(config_hidden_not_divisible "estimate|--model|${_campaign_dir}/hidden_odd.json|${_cfg}" "hidden_size")
campaign_case(config_rope_huge "estimate|--model|${_campaign_dir}/rope_huge.json|--gpu|gb200|--gpus=8|--isl=8|--osl=8|--concurrency=1"
              "qk_rope_head_dim")  # exited 0 with a negative TPOT

# Unknown names.
campaign_case(unknown_model "estimate|--model|llama-9|${_cfg}" "--model")
campaign_case(unknown_gpu "estimate|--model|llama-3.1-8b|--gpu|h900|--gpus=1|--isl=8|--osl=8|--concurrency=1" "--gpu")
campaign_case(unknown_weights "${_e8}|--gpus=1|--weights=int3" "--weights")
campaign_case(unknown_kv "${_e8}|--gpus=1|--kv=int3" "--kv")
campaign_case(unknown_format "${_e8}|--gpus=1|--format=yaml" "--format")
campaign_case(compare_one_model "compare|${_sw}|--isl=8|--osl=8|--max-gpus=2" "--model")

# Valid extremes that used to hang: they must finish (exit 0) within the 10 s timeout.
tokenomics_cli_test(campaign.sweep_osl_1 ARGS "sweep|--model|deepseek-r1|--gpu|gb200|--isl|1024|--osl|1|--format|csv"
                    STDOUT "tok_per_s_per_user")  # an 8.4M-token prefill step took minutes
tokenomics_cli_test(campaign.routing_dirichlet_bound ARGS "${_r1}|--routing|dirichlet:10000|--format|json"
                    STDOUT "\"fits\": true")
tokenomics_cli_test(campaign.concurrency_limit
                    ARGS "estimate|--model|deepseek-r1|--gpu|gb200|--gpus=8|--tp=1|--dp=8|--ep=8|--isl=1|--osl=1|--concurrency=131072|--format|json"
                    STDOUT "\"fits\": true")
set_tests_properties(cli.campaign.sweep_osl_1 cli.campaign.routing_dirichlet_bound cli.campaign.concurrency_limit
                     PROPERTIES TIMEOUT 10 LABELS campaign)
