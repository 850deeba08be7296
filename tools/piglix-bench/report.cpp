// The results table and its JSON Lines form.
#include "report.hpp"

#include <fmt/format.h>

#include <cmath>
#include <cstdio>

namespace piglix::bench_tool {

namespace {

// Enough digits to compare, not so many that noise looks like precision.
std::string number(double value) {
  if (!std::isfinite(value)) return "-";
  if (std::fabs(value) >= 100) return fmt::format("{:.0f}", value);
  if (std::fabs(value) >= 10) return fmt::format("{:.1f}", value);
  return fmt::format("{:.2f}", value);
}

std::string json_string(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string json_number(double value) {
  return std::isfinite(value) ? fmt::format("{:.6g}", value) : "null";
}

constexpr auto table_line = "{:<11} {:<26} {:<14} {:>12} {:>12} {:>7}\n";

}  // namespace

void print_header(bool json) {
  if (json) return;
  fmt::print(table_line, "scenario", "parameter", "metric", "piglix", "raw", "ratio");
  std::fflush(stdout);
}

void print_row(const Row& row, bool json) {
  if (json) {
    fmt::print(
        "{{\"scenario\":{},\"parameter\":{},\"metric\":{},\"piglix\":{},\"raw\":{},\"ratio\":{},"
        "\"count\":{},\"runs\":{},\"piglix_client_writes\":{},\"raw_client_writes\":{}}}\n",
        json_string(row.scenario), json_string(row.parameter), json_string(row.metric),
        json_number(row.piglix), json_number(row.raw), json_number(row.ratio), row.count, row.runs,
        json_number(row.piglix_writes), json_number(row.raw_writes));
  } else {
    fmt::print(table_line, row.scenario, row.parameter, row.metric, number(row.piglix),
               number(row.raw), number(row.ratio));
  }
  std::fflush(stdout);  // a row as soon as it is measured, also into a pipe
}

void report_error(std::string_view message) { fmt::print(stderr, "piglix-bench: {}\n", message); }

}  // namespace piglix::bench_tool
