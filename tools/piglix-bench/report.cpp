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

constexpr auto table_line = "{:<11} {:<26} {:<14} {:>12} {:>12} {:>7} {:>13}\n";

// The ratios' interquartile range, "low-high", or "-" when a ratio is not a number.
std::string spread(const Row& row) {
  if (!std::isfinite(row.ratio_low) || !std::isfinite(row.ratio_high)) return "-";
  return number(row.ratio_low) + "-" + number(row.ratio_high);
}

}  // namespace

void print_header(bool json) {
  if (json) return;
  fmt::print(table_line, "scenario", "parameter", "metric", "piglix", "raw", "ratio",
             "pairs p25-p75");
  std::fflush(stdout);
}

void print_row(const Row& row, bool json) {
  if (json) {
    fmt::print(
        "{{\"scenario\":{},\"parameter\":{},\"metric\":{},\"piglix\":{},\"raw\":{},\"ratio\":{},"
        "\"ratio_p25\":{},\"ratio_p75\":{},\"count\":{},\"runs\":{},\"piglix_client_writes\":{},"
        "\"raw_client_writes\":{}}}\n",
        json_string(row.scenario), json_string(row.parameter), json_string(row.metric),
        json_number(row.piglix), json_number(row.raw), json_number(row.ratio),
        json_number(row.ratio_low), json_number(row.ratio_high), row.count, row.runs,
        json_number(row.piglix_writes), json_number(row.raw_writes));
  } else {
    fmt::print(table_line, row.scenario, row.parameter, row.metric, number(row.piglix),
               number(row.raw), number(row.ratio), spread(row));
  }
  std::fflush(stdout);  // a row as soon as it is measured, also into a pipe
}

void report_error(std::string_view message) { fmt::print(stderr, "piglix-bench: {}\n", message); }

}  // namespace piglix::bench_tool
