// Running the planned measurements: a pilot run for the count, then the piglix and raw runs
// alternating, and their medians reported.
#pragma once

#include <vector>

#include "bench.hpp"

namespace piglix::bench_tool {

// Runs every measurement and prints its rows as soon as it is done. A failed run is reported on
// stderr and its measurement skipped; the others still run. Returns exit_ok or exit_failed.
int run_measurements(const std::vector<Measurement>& measurements, const Settings& settings);

}  // namespace piglix::bench_tool
