// Calibration, repetition and medians.
#include "measure.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <exception>

#include "progress.hpp"
#include "report.hpp"

namespace piglix::bench_tool {

namespace {

// Bounds the count a pilot may ask for, so that a run too fast to time cannot overflow it.
constexpr std::uint64_t max_count = 1'000'000'000;

// A runner only throws for local failures (a port that cannot be bound, memory); they fail the
// run like any other error.
Run run_safely(Runner runner, const Workload& w) {
  try {
    return runner(w);
  } catch (const std::exception& e) {
    Run failed;
    failed.error = e.what();
    return failed;
  }
}

// The q-quantile (0 <= q <= 1) of `sorted`, interpolated between its neighbours: q = 0.5 is the
// median, 0.25 and 0.75 the quartiles.
double quantile(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return NAN;
  const double at = q * static_cast<double>(sorted.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(at));
  const std::size_t above = std::min(below + 1, sorted.size() - 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (at - static_cast<double>(below));
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return quantile(values, 0.5);
}

std::string title(const Measurement& m) { return fmt::format("{} {}", m.scenario, m.parameter); }

// The count for which a piglix run takes about `duration`: pilot runs with growing counts until
// one lasts a twentieth of it, scaled from there. Both sides then run with that same count.
std::uint64_t calibrated_count(const Measurement& m, double duration, Progress& progress,
                               std::string& error) {
  Workload w = m.workload;
  w.count = 1;
  for (;;) {
    show(progress, fmt::format("piglix-bench: {}: pilot run of {}", title(m), w.count));
    const Run pilot = run_safely(m.piglix, w);
    if (!pilot.error.empty()) {
      error = fmt::format("pilot run: {}", pilot.error);
      return 0;
    }
    const double scaled = static_cast<double>(w.count) * duration / pilot.seconds;
    if (pilot.seconds >= duration / 20 || w.count >= max_count) {
      return static_cast<std::uint64_t>(std::clamp(std::round(scaled), 1.0, double(max_count)));
    }
    // Aim at a tenth of the duration next, growing at least twofold and at most a hundredfold.
    const double growth = std::clamp(duration / 10 / pilot.seconds, 2.0, 100.0);
    w.count = std::min(max_count, static_cast<std::uint64_t>(std::ceil(double(w.count) * growth)));
  }
}

struct Runs {
  std::vector<Run> piglix;
  std::vector<Run> raw;
};

// `repeat` runs of each side, alternating so that a drift of the machine touches both alike.
Runs repeated(const Measurement& m, const Workload& w, unsigned repeat, Progress& progress,
              std::string& error) {
  Runs runs;
  for (unsigned i = 1; i <= repeat && error.empty(); ++i) {
    for (const bool raw : {false, true}) {
      const char* side = raw ? "raw" : "piglix";
      show(progress, fmt::format("piglix-bench: {}: {} run {}/{} (count {})", title(m), side, i,
                                 repeat, w.count));
      Run run = run_safely(raw ? m.raw : m.piglix, w);
      if (!run.error.empty()) {
        error = fmt::format("{} run {}: {}", side, i, run.error);
        break;
      }
      (raw ? runs.raw : runs.piglix).push_back(std::move(run));
    }
  }
  return runs;
}

double median_of(const std::vector<Run>& runs, double (*of)(const Run&)) {
  std::vector<double> values;
  for (const Run& r : runs) values.push_back(of(r));
  return median(values);
}

// The ratios of each piglix run to the raw run made right after it, sorted. This virtual machine
// drifts between states far apart (raw TCP's 64 KiB bulk from 1 900 to 3 700 MB/s within a
// minute): a pair of runs made together mostly sees one state, where a ratio of the two sides'
// medians may take them from different ones.
std::vector<double> paired_ratios(const Runs& runs, double (*of)(const Run&)) {
  std::vector<double> ratios;
  for (std::size_t i = 0; i < runs.piglix.size() && i < runs.raw.size(); ++i) {
    const double raw = of(runs.raw[i]);
    if (raw > 0) ratios.push_back(of(runs.piglix[i]) / raw);
  }
  std::sort(ratios.begin(), ratios.end());
  return ratios;
}

double median_writes(const std::vector<Run>& runs) {
  return median_of(runs, [](const Run& r) { return static_cast<double>(r.writes); });
}

}  // namespace

int run_measurements(const std::vector<Measurement>& measurements, const Settings& settings) {
  Progress progress = make_progress();
  int status = exit_ok;
  print_header(settings.json);
  for (const Measurement& m : measurements) {
    std::string error;
    Workload w = m.workload;
    if (w.count == 0) w.count = calibrated_count(m, settings.duration, progress, error);
    const Runs runs = error.empty() ? repeated(m, w, settings.repeat, progress, error) : Runs{};
    clear(progress);
    if (!error.empty()) {
      report_error(fmt::format("{}: {}", title(m), error));
      status = exit_failed;
      continue;
    }
    for (const Metric& metric : m.metrics) {
      Row row;
      row.scenario = m.scenario;
      row.parameter = m.parameter;
      row.metric = metric.name;
      row.piglix = median_of(runs.piglix, metric.of);
      row.raw = median_of(runs.raw, metric.of);
      const std::vector<double> ratios = paired_ratios(runs, metric.of);
      row.ratio = quantile(ratios, 0.5);
      row.ratio_low = quantile(ratios, 0.25);
      row.ratio_high = quantile(ratios, 0.75);
      row.count = w.count;
      row.runs = settings.repeat;
      row.piglix_writes = median_writes(runs.piglix);
      row.raw_writes = median_writes(runs.raw);
      print_row(row, settings.json);
    }
  }
  clear(progress);
  return status;
}

}  // namespace piglix::bench_tool
