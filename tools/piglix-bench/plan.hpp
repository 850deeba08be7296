// The scenario catalogue: what each scenario measures, with which workloads, and which numbers
// are reported from its runs.
#pragma once

#include <string>
#include <vector>

#include "bench.hpp"

namespace piglix::bench_tool {

// The scenarios, in the order `all` runs them.
const std::vector<std::string>& scenario_names();

// The measurements `settings` asks for, in catalogue order. `descriptor_limit` bounds the
// sessions scenario (both ends of every connection are in this process); when it does, a note
// says so on stderr.
std::vector<Measurement> plan(const Settings& settings, std::size_t descriptor_limit);

}  // namespace piglix::bench_tool
