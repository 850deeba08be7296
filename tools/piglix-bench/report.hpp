// Output: the results table or JSON lines on stdout, error messages on stderr.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace piglix::bench_tool {

// One reported number of one measurement: the medians of its piglix and raw runs, and the median
// and quartiles of the piglix/raw ratios of the pairs of runs made together (the quartiles show
// how far the machine's noise spreads them).
struct Row {
  std::string scenario;
  std::string parameter;
  std::string metric;
  double piglix = 0;
  double raw = 0;
  double ratio = 0;
  double ratio_low = 0;      // first quartile of the pairs' ratios
  double ratio_high = 0;     // third quartile
  std::uint64_t count = 0;   // the workload's count (its unit depends on the scenario)
  unsigned runs = 0;         // runs of each side the medians are taken over
  double piglix_writes = 0;  // median client-side write system calls per run
  double raw_writes = 0;
};

// The table's column titles (nothing for JSON).
void print_header(bool json);
// A table line, or one JSON object on one line (JSON Lines).
void print_row(const Row& row, bool json);
// "piglix-bench: <message>" on stderr.
void report_error(std::string_view message);

}  // namespace piglix::bench_tool
