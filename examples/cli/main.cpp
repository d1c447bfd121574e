// tokenomics — command-line front end of the library (flags: docs/cli.md).
//
//   tokenomics estimate --model NAME|config.json --gpu NAME --gpus N [--tp T] [--ep E] [--pp P]
//       [--dp D] [--weights bf16|fp8|fp4|nvfp4|mxfp4] [--kv bf16|fp8] --isl I --osl O
//       --concurrency C [--mtp N --acceptance A] [--price-usd-per-gpu-hour X] [--format text|json]
//       [--routing R] [--redundant-experts N]
//   tokenomics sweep   --model ... --gpu ... --isl I --osl O [--max-gpus N] [--format text|json|csv|svg]
//       [--routing R] [--redundant-experts N]
//   tokenomics at      --model ... --gpu ... --isl I --osl O --interactivity X [--max-gpus N] [--format ...]
//   tokenomics compare --model A --model B --gpu ... --isl I --osl O [--max-gpus N] [--format ...]
//   tokenomics list models|gpus
//
// Exit codes: 0 success; 2 bad input (unknown name, bad flag value, invalid plan, malformed
// config.json: stderr names the flag and the value), a plan that does not fit (estimate), or no
// configuration reaching the requested interactivity (at); 1 an unexpected internal error.
// With --format json a plan that does not fit still prints its JSON object ("fits": false and
// an "error" text) on stdout before exiting with 2, so scripts can read both.
// Defaults: without --tp/--ep/--pp/--dp, tp = gpus (ep = pp = dp = 1); with some of them given,
// tp (if absent) = gpus / (dp × pp), else dp (if absent) = gpus / (tp × pp); ep defaults to 1.
// Without --weights the model's released precisions; --kv defaults to bf16; --acceptance to 0.85
// (DeepSeek-V3 tech report §5.4.3). --max-gpus defaults to the GPU's system (8, or 72 for
// gb200/gb300); a plan larger than the system spans several boxes/racks over the scale-out network.
// Beyond the basic plan flags: --routing sets the expert popularity (uniform by default; deepseek-r1-translation
// is presets/routing.hpp; lognormal:SIGMA[:CV], zipf:S[:CV], dirichlet:ALPHA[:CV] with CV the
// step-to-step share fluctuation) and --redundant-experts N the EPLB replica slots per MoE layer
// (estimate: that plan; sweep/at/compare: tried besides 0 where ep divides num_experts + N);
// --framework trtllm|sglang|vllm|atom|auto picks the software stack (presets/stacks.hpp; auto: the
// best-calibrated for the GPU); JSON reports it (estimate: plan.framework; sweep/at/compare:
// framework). --weights also takes fp8-block (128x128 block scales) and int4-wo (weight-only INT4).
#include <CLI/CLI.hpp>

#include <tokenomics/explore/compare.hpp>
#include <tokenomics/explore/sweep.hpp>
#include <tokenomics/serving/estimate.hpp>

#include <cmath>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "args.hpp"
#include "output.hpp"

namespace cli = tokenomics_cli;
namespace tk = tokenomics;

namespace {

struct estimate_args {
  std::string model, gpu, gpus, tp, ep, pp, dp, weights, kv, isl, osl, concurrency, mtp, acceptance, price;
  std::string routing, redundant, framework;
  std::string format = "text";
};
struct sweep_args {
  std::vector<std::string> models;
  std::string gpu, isl, osl, max_gpus, interactivity, routing, redundant, framework;
  std::string format = "text";
};

tk::routing_skew routing_of(const std::string& text) {
  return text.empty() ? tk::routing_skew{} : cli::resolve_routing("--routing", text);
}

void print_json(const cli::json& j) { std::cout << j.dump(2) << "\n"; }

std::optional<int> opt_int(std::string_view flag, const std::string& text) {
  if (text.empty()) return std::nullopt;
  return cli::parse_int(flag, text);
}

// Validate the plan, naming the flag the user typed for the offending field.
void validate_plan(const tk::serving_plan& plan, const tk::model_spec& model, const tk::system_spec& system,
                   bool tp_from_gpus) {
  try {
    validate(plan, model, system);
  } catch (const tk::invalid_argument& e) {
    const std::string what = e.what();
    std::string flag = cli::flag_for_field(e.field());
    if (flag.empty()) throw;
    if (flag == "--tp" && tp_from_gpus) flag = "--gpus (tp = gpus by default)";
    // --ep also sets the derived expert_tp (tp × dp / ep): show the ep the user typed
    const std::string value = e.field() == "plan.expert_tp" ? std::to_string(plan.ep) : e.value();
    throw cli::usage_error(flag + " = " + value + ": " + what);
  }
}

int run_estimate(const estimate_args& a) {
  const auto format = cli::resolve_format(a.format, false);
  const auto model = cli::resolve_model("--model", a.model);
  auto system = cli::resolve_system("--gpu", a.gpu);
  const int gpus = cli::parse_int("--gpus", a.gpus);
  const auto tp = opt_int("--tp", a.tp), ep = opt_int("--ep", a.ep), pp = opt_int("--pp", a.pp),
             dp = opt_int("--dp", a.dp);
  if (tp && model.num_attention_heads % *tp != 0)
    cli::fail("--tp", a.tp, "must divide model.num_attention_heads = " + std::to_string(model.num_attention_heads));
  tk::serving_plan plan{};
  plan.pp = pp.value_or(1);
  plan.ep = ep.value_or(1);
  const bool tp_from_gpus = !tp && !ep && !pp && !dp;
  if (tp_from_gpus) {
    plan.tp = gpus;
  } else if (!tp) {
    plan.dp_attention = dp.value_or(1);
    const long long rest = static_cast<long long>(plan.dp_attention) * plan.pp;  // 65536 × 65536 fits
    if (gpus % rest != 0) cli::fail("--gpus", a.gpus, "must be a multiple of dp × pp = " + std::to_string(rest));
    plan.tp = static_cast<int>(gpus / rest);
  } else {
    plan.tp = *tp;
    if (dp) {
      plan.dp_attention = *dp;
    } else {
      const long long rest = static_cast<long long>(plan.tp) * plan.pp;
      if (gpus % rest != 0) cli::fail("--gpus", a.gpus, "must be a multiple of tp × pp = " + std::to_string(rest));
      plan.dp_attention = static_cast<int>(gpus / rest);
    }
  }
  const long long product = static_cast<long long>(plan.tp) * plan.dp_attention * plan.pp;  // each < 2^31
  if (product != gpus)
    cli::fail("--gpus", a.gpus, "must equal tp × dp × pp = " + std::to_string(product));
  if (a.weights.empty()) {
    plan.weights = model.released_weights;
    plan.expert_weights = model.released_expert_weights;
  } else {
    plan.weights = cli::resolve_weights("--weights", a.weights, system.gpu);
    plan.expert_weights = plan.weights;
  }
  plan.kv_cache = a.kv.empty() ? tk::precision::bf16 : cli::resolve_kv("--kv", a.kv);
  plan.redundant_experts = a.redundant.empty() ? 0 : cli::parse_int("--redundant-experts", a.redundant, true);
  // spec/plan.hpp rejects this too; checked here first to word it with the flags
  if (plan.redundant_experts > 0 && plan.ep == 1) cli::fail("--redundant-experts", a.redundant, "needs --ep > 1");
  plan.mtp_depth = a.mtp.empty() ? 0 : cli::parse_int("--mtp", a.mtp, /*allow_zero=*/true);
  if (!a.acceptance.empty() && plan.mtp_depth == 0) cli::fail("--acceptance", a.acceptance, "needs --mtp N > 0");
  plan.mtp_acceptance = plan.mtp_depth > 0 ? (a.acceptance.empty() ? 0.85 : cli::parse_acceptance("--acceptance", a.acceptance)) : 0.0;
  plan = tk::native_precisions(plan, system.gpu);
  if (!a.price.empty()) system.price_usd_per_gpu_hour = cli::parse_positive("--price-usd-per-gpu-hour", a.price);
  if (gpus > system.num_gpus) system.num_gpus = gpus;  // several boxes / racks
  validate_plan(plan, model, system, tp_from_gpus);
  const tk::workload work{.isl = cli::parse_int("--isl", a.isl), .osl = cli::parse_int("--osl", a.osl),
                          .concurrency = cli::parse_int("--concurrency", a.concurrency),
                          .skew = routing_of(a.routing)};
  const auto stack = cli::resolve_stack("--framework", a.framework, system.gpu);
  const auto e = tk::estimate(model, system, plan, work, stack);

  std::string why;
  if (!e.fits) {
    const double context = double(work.isl) + double(work.osl);  // int sum overflows near 2^31
    const auto f = tk::memory_footprint_of(model, system, plan, work.concurrency, context);
    const auto gb = [](double bytes) { return tk::detail::show(std::round(bytes / 1e7) / 100); };  // 0.01 GB
    why = "plan does not fit: per GPU, weights " + gb(f.weights_bytes_per_gpu) + " GB + KV " + gb(f.kv_bytes_per_gpu) +
          " GB for --concurrency " + std::to_string(work.concurrency) +
          (f.fits ? " fit the usable " + gb(f.usable_bytes_per_gpu) +
                        " GB, but not with the prompts being prefilled, counted as extra sequences"
                  : " exceed the usable " + gb(f.usable_bytes_per_gpu) + " GB") +
          " (max concurrency " + std::to_string(e.max_concurrency) + " at isl + osl = " + tk::detail::show(context) +
          " tokens)";
  }
  if (format == cli::output_format::json) {
    auto j = cli::estimate_json(e);
    j["plan"]["framework"] = std::string(tk::name_of(stack.name));
    j["model"] = std::string(model.name);
    j["gpu"] = a.gpu;
    j["isl"] = work.isl;
    j["osl"] = work.osl;
    if (!e.fits) j["error"] = why;
    print_json(j);
  } else if (e.fits) {
    std::cout << cli::estimate_text(e, model.name, a.gpu);
  }
  if (!e.fits) {
    std::cerr << "tokenomics estimate: " << why << "\n";
    return 2;
  }
  return 0;
}

struct sweep_setup {
  tk::system_spec system;
  tk::workload work;
  tk::sweep_space space;
  tk::software_stack stack;
};

sweep_setup setup_sweep(const sweep_args& a) {
  sweep_setup s{.system = cli::resolve_system("--gpu", a.gpu),
                .work = {.isl = cli::parse_int("--isl", a.isl),
                         .osl = cli::parse_int("--osl", a.osl),
                         .concurrency = 1,
                         .skew = routing_of(a.routing)},
                .space = {},
                .stack = cli::resolve_stack("--framework", a.framework, cli::resolve_system("--gpu", a.gpu).gpu)};
  s.space.max_gpus = a.max_gpus.empty() ? s.system.num_gpus : cli::parse_int("--max-gpus", a.max_gpus);
  if (!a.redundant.empty()) s.space.redundant_experts = {0, cli::parse_int("--redundant-experts", a.redundant)};
  return s;
}

cli::json sweep_header(const tk::model_spec& model, const sweep_args& a, const sweep_setup& s) {
  return {{"model", std::string(model.name)}, {"gpu", a.gpu}, {"isl", s.work.isl}, {"osl", s.work.osl},
          {"max_gpus", s.space.max_gpus}, {"framework", std::string(tk::name_of(s.stack.name))}};
}

int run_sweep(const sweep_args& a, bool at) {
  const auto format = cli::resolve_format(a.format, true);
  const auto model = cli::resolve_model("--model", a.models.at(0));
  const auto s = setup_sweep(a);
  const double x = at ? cli::parse_positive("--interactivity", a.interactivity) : 0.0;
  const auto points = tk::sweep(model, s.system, s.work, s.space, s.stack);
  const auto frontier = tk::pareto(points);
  const auto fe = tk::frontier_estimates(points, frontier);
  if (fe.empty()) {
    std::cerr << "tokenomics: no plan of " << model.name << " fits on up to " << s.space.max_gpus << " " << a.gpu
              << " GPUs\n";
    return 2;
  }
  std::optional<std::size_t> chosen;
  if (at) {
    const auto i = tk::frontier_index_at(std::span<const tk::operating_point>(frontier), x);
    if (i < frontier.size()) chosen = i;
  }
  const std::string title = std::string(model.name) + " on " + a.gpu + " (ISL " + std::to_string(s.work.isl) +
                            ", OSL " + std::to_string(s.work.osl) + ", up to " + std::to_string(s.space.max_gpus) +
                            " GPUs)";
  switch (format) {
    case cli::output_format::json: {
      auto j = sweep_header(model, a, s);
      j["points_fitting"] = points.size();
      if (at) {
        j["interactivity"] = x;
        j["output_tok_per_s_per_gpu"] = chosen ? fe[*chosen].output_tok_per_s_per_gpu : 0.0;
        j["chosen"] = chosen ? cli::estimate_json(fe[*chosen]) : cli::json(nullptr);
      }
      j["frontier"] = cli::frontier_json(fe);
      print_json(j);
      break;
    }
    case cli::output_format::csv:
      if (at && chosen) std::cout << cli::frontier_csv({fe[*chosen]});
      else if (!at) std::cout << cli::frontier_csv(fe);
      break;
    case cli::output_format::svg: std::cout << cli::frontier_svg({cli::frontier_series(std::string(model.name), fe)}, title); break;
    case cli::output_format::text:
      std::cout << title << ": Pareto frontier of " << points.size() << " fitting configurations\n\n"
                << cli::frontier_text(fe);
      if (at && chosen)
        std::cout << "\nat >= " << x << " tok/s/user: " << fe[*chosen].output_tok_per_s_per_gpu
                  << " output tok/s/GPU with " << cli::layout_text(fe[*chosen]) << ", concurrency "
                  << fe[*chosen].concurrency << "\n";
      break;
  }
  if (at && !chosen) {
    std::cerr << "tokenomics at: --interactivity = " << a.interactivity << ": no configuration reaches it (max "
              << frontier.back().tok_per_s_per_user << " tok/s/user)\n";
    return 2;
  }
  return 0;
}

int run_compare(const sweep_args& a) {
  const auto format = cli::resolve_format(a.format, true);
  if (a.models.size() != 2) cli::fail("--model", std::to_string(a.models.size()) + " given", "compare needs exactly two");
  const auto ma = cli::resolve_model("--model", a.models[0]);
  const auto mb = cli::resolve_model("--model", a.models[1]);
  const auto s = setup_sweep(a);
  const auto r = tk::compare(ma, mb, s.system, s.work, s.space, {}, 12, s.stack);
  const auto name = [&](tk::cheaper_model c) -> std::string {
    switch (c) {
      case tk::cheaper_model::a: return std::string(ma.name);
      case tk::cheaper_model::b: return std::string(mb.name);
      case tk::cheaper_model::tie: return "tie";
      case tk::cheaper_model::neither: return "neither";
    }
    return "?";
  };
  const std::vector<std::string> headers{"tok_per_s_per_user", "a_output_tok_per_s_per_gpu", "b_output_tok_per_s_per_gpu",
                                         "a_usd_per_million_output_tokens", "b_usd_per_million_output_tokens",
                                         "cheaper", "cost_ratio_b_over_a"};
  std::vector<tk::table_row> rows;
  for (const auto& l : r.levels)
    rows.push_back({l.tok_per_s_per_user, l.a_output_tok_per_s_per_gpu, l.b_output_tok_per_s_per_gpu,
                    l.a_usd_per_million_output_tokens, l.b_usd_per_million_output_tokens, name(l.cheaper),
                    l.cost_ratio_b_over_a});
  switch (format) {
    case cli::output_format::json: {
      cli::json j{{"a", std::string(ma.name)}, {"b", std::string(mb.name)}, {"gpu", a.gpu}, {"isl", s.work.isl},
                       {"osl", s.work.osl}, {"max_gpus", s.space.max_gpus},
                       {"framework", std::string(tk::name_of(s.stack.name))},
                       {"a_saturation_batch_tokens", r.a_saturation_batch_tokens},
                       {"b_saturation_batch_tokens", r.b_saturation_batch_tokens}};
      cli::json levels = cli::json::array();
      for (const auto& l : r.levels)
        levels.push_back({{"tok_per_s_per_user", l.tok_per_s_per_user},
                          {"a_output_tok_per_s_per_gpu", l.a_output_tok_per_s_per_gpu},
                          {"b_output_tok_per_s_per_gpu", l.b_output_tok_per_s_per_gpu},
                          {"a_usd_per_million_output_tokens", l.a_usd_per_million_output_tokens},
                          {"b_usd_per_million_output_tokens", l.b_usd_per_million_output_tokens},
                          {"cheaper", name(l.cheaper)},
                          // +inf (only a reaches the level) has no JSON number: null
                          {"cost_ratio_b_over_a", std::isfinite(l.cost_ratio_b_over_a) ? cli::json(l.cost_ratio_b_over_a)
                                                                                        : cli::json(nullptr)}});
      j["levels"] = levels;
      j["frontier_a"] = cli::frontier_json(r.frontier_a);
      j["frontier_b"] = cli::frontier_json(r.frontier_b);
      print_json(j);
      break;
    }
    case cli::output_format::csv: std::cout << tk::to_csv(headers, rows); break;
    case cli::output_format::svg:
      std::cout << cli::frontier_svg({cli::frontier_series(std::string(ma.name), r.frontier_a),
                                      cli::frontier_series(std::string(mb.name), r.frontier_b)},
                                     std::string(ma.name) + " vs " + std::string(mb.name) + " on " + a.gpu);
      break;
    case cli::output_format::text:
      std::cout << "a = " << ma.name << ", b = " << mb.name << " on " << a.gpu << " (up to " << s.space.max_gpus
                << " GPUs, ISL " << s.work.isl << ", OSL " << s.work.osl << ")\n\n"
                << tk::to_text_table(headers, rows);
      for (const auto& [m, b] : {std::pair{&ma, r.a_saturation_batch_tokens}, std::pair{&mb, r.b_saturation_batch_tokens}})
        if (b > 0)
          std::cout << "\n" << m->name << ": 90% of experts touched at a batch of " << b
                    << " tokens (expert-weight traffic saturates)";
      std::cout << "\n";
      break;
  }
  return 0;
}

int run_list(const std::string& what) {
  if (what == "models") {
    for (auto n : tk::presets::model_names()) std::cout << n << "\n";
  } else if (what == "gpus") {
    for (auto n : tk::presets::gpu_names()) std::cout << n << "\n";
  } else {
    cli::fail("list", what, "must be models or gpus");
  }
  return 0;
}

constexpr const char* routing_help =
    "expert popularity: uniform (default), deepseek-r1-translation, lognormal:SIGMA[:CV], zipf:S[:CV], "
    "dirichlet:ALPHA[:CV] (CV: step-to-step share fluctuation)";

void add_sweep_options(CLI::App* sub, sweep_args& a, bool interactivity, bool two_models) {
  auto* m = sub->add_option("--model", a.models, two_models ? "two models: preset names or config.json paths"
                                                            : "preset name or path to a Hugging Face config.json")
                ->required();
  if (two_models) m->expected(2);
  else m->expected(1);
  sub->add_option("--gpu", a.gpu, "GPU preset (implies its system)")->required();
  sub->add_option("--isl", a.isl, "input tokens per request")->required();
  sub->add_option("--osl", a.osl, "output tokens per request")->required();
  if (interactivity) sub->add_option("--interactivity", a.interactivity, "tok/s/user target")->required();
  sub->add_option("--max-gpus", a.max_gpus, "GPUs per replica at most (default: the system's)");
  sub->add_option("--format", a.format, "text|json|csv|svg");
  sub->add_option("--routing", a.routing, routing_help);
  sub->add_option("--redundant-experts", a.redundant, "EPLB replica slots per MoE layer to try besides 0");
  sub->add_option("--framework", a.framework, "trtllm|sglang|vllm|atom|auto (default auto: the best-calibrated for the GPU)");
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"tokenomics: closed-form models of LLM inference performance and cost", "tokenomics"};
  app.require_subcommand(1);

  estimate_args ea;
  auto* est = app.add_subcommand("estimate", "one plan on one GPU system");
  est->add_option("--model", ea.model, "preset name or path to a Hugging Face config.json")->required();
  est->add_option("--gpu", ea.gpu, "GPU preset (implies its system)")->required();
  est->add_option("--gpus", ea.gpus, "GPUs per replica")->required();
  est->add_option("--tp", ea.tp, "tensor parallel degree (default: gpus)");
  est->add_option("--ep", ea.ep, "expert parallel degree");
  est->add_option("--pp", ea.pp, "pipeline parallel degree");
  est->add_option("--dp", ea.dp, "data parallel attention degree");
  est->add_option("--weights", ea.weights, "bf16|fp8|fp8-block|fp4|nvfp4|mxfp4|int4-wo (default: released)");
  est->add_option("--kv", ea.kv, "bf16|fp8 (default bf16)");
  est->add_option("--isl", ea.isl, "input tokens per request")->required();
  est->add_option("--osl", ea.osl, "output tokens per request")->required();
  est->add_option("--concurrency", ea.concurrency, "requests in flight per replica")->required();
  est->add_option("--mtp", ea.mtp, "MTP / speculative draft depth");
  est->add_option("--acceptance", ea.acceptance, "per-draft-token acceptance (default 0.85)");
  est->add_option("--price-usd-per-gpu-hour", ea.price, "override the system's price");
  est->add_option("--format", ea.format, "text|json");
  est->add_option("--routing", ea.routing, routing_help);
  est->add_option("--redundant-experts", ea.redundant, "EPLB replica slots per MoE layer (needs --ep > 1)");
  est->add_option("--framework", ea.framework, "trtllm|sglang|vllm|atom|auto (default auto: the best-calibrated for the GPU)");

  sweep_args sa, aa, ca;
  auto* swp = app.add_subcommand("sweep", "Pareto frontier of every plan up to --max-gpus");
  add_sweep_options(swp, sa, false, false);
  auto* at = app.add_subcommand("at", "best throughput at an interactivity target");
  add_sweep_options(at, aa, true, false);
  auto* cmp = app.add_subcommand("compare", "two models: which costs less per token, per interactivity");
  add_sweep_options(cmp, ca, false, true);

  std::string list_what;
  auto* lst = app.add_subcommand("list", "preset names");
  lst->add_option("what", list_what, "models|gpus")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {  // --help
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "tokenomics: " << e.what() << "\n(run with --help for usage)\n";
    return 2;
  }
  try {
    // CLI11 hands "--tp ''" over as an empty string, which the runs would read as "not given".
    for (const auto* sub : app.get_subcommands())
      for (const auto* opt : sub->get_options())
        for (const auto& r : opt->results())
          if (r.empty()) cli::fail(opt->get_name(), "''", "must not be empty");
    if (*est) return run_estimate(ea);
    if (*swp) return run_sweep(sa, false);
    if (*at) return run_sweep(aa, true);
    if (*cmp) return run_compare(ca);
    if (*lst) return run_list(list_what);
  } catch (const cli::usage_error& e) {
    std::cerr << "tokenomics: " << e.what() << "\n";
    return 2;
  } catch (const tk::invalid_argument& e) {
    const std::string what = e.what();
    const std::string flag = cli::flag_for_field(e.field());
    std::cerr << "tokenomics: " << (flag.empty() ? "" : flag + ": ") << what << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "tokenomics: internal error: " << e.what() << "\n";
    return 1;
  }
  return 2;
}
