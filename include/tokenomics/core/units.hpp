#pragma once
// Scale factors, used only at the edges (presets, examples, printing). Everything stored is in SI
// base units or a plain count: bytes, s, FLOP, FLOP/s, bytes/s, W, USD (style.md §3).
namespace tokenomics::units {
inline constexpr double KB = 1e3, MB = 1e6, GB = 1e9, TB = 1e12;          // decimal: datasheets
inline constexpr double KiB = 1024.0, MiB = KiB * 1024.0, GiB = MiB * 1024.0;  // binary: allocators
inline constexpr double GFLOP = 1e9, TFLOP = 1e12;                         // FLOP counts
inline constexpr double TFLOPS = 1e12, PFLOPS = 1e15;                      // FLOP/s
inline constexpr double Gbit_per_s = 1e9 / 8.0;                            // link specs -> bytes/s
inline constexpr double ms = 1e-3, us = 1e-6, ns = 1e-9;                   // -> s
inline constexpr double hour = 3600.0;                                     // s
inline constexpr double kW = 1e3, MW = 1e6;                                // W
}  // namespace tokenomics::units
