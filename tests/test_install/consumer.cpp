// Built against the installed package by .ci/run: proves find_package(tokenomics) works.
#include <tokenomics/tokenomics.hpp>

#include <cstdio>

int main() {
  namespace tk = tokenomics;
  const auto c = tk::parameter_count_of(tk::presets::llama_3_1_8b);
  // models.json derived count for Llama-3.1-8B: 8,030,261,248 parameters.
  if (c.total() != 8030261248.0) {
    std::fprintf(stderr, "unexpected parameter count %.0f\n", c.total());
    return 1;
  }
  std::printf("tokenomics consumer OK: Llama-3.1-8B has %.0f parameters\n", c.total());
  return 0;
}
