// The catalogue: each scenario's workloads, parameter text and reported metrics.
#include "plan.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "scenarios.hpp"

namespace piglix::bench_tool {

namespace {

double megabytes_per_second(const Run& r) {
  return static_cast<double>(r.octets) / r.seconds / 1e6;
}
double messages_per_second(const Run& r) { return static_cast<double>(r.messages) / r.seconds; }
double units_per_second(const Run& r) { return static_cast<double>(r.units) / r.seconds; }
double sessions_per_second(const Run& r) { return static_cast<double>(r.units) / r.setup_seconds; }
double mean_rtt(const Run& r) {
  double sum = 0;
  for (double rtt : r.rtt_us) sum += rtt;
  return r.rtt_us.empty() ? 0 : sum / static_cast<double>(r.rtt_us.size());
}
double median_rtt(const Run& r) {
  std::vector<double> sorted = r.rtt_us;
  if (sorted.empty()) return 0;
  const auto middle = sorted.begin() + static_cast<std::ptrdiff_t>(sorted.size() / 2);
  std::nth_element(sorted.begin(), middle, sorted.end());
  return *middle;
}

// Octets received per read system call (piglix counts the reads that found the socket empty).
double kib_per_read(const Run& r) {
  return r.reads ? static_cast<double>(r.wire_octets) / 1024 / static_cast<double>(r.reads) : 0;
}

// "16 B", "64 KiB", "1 MiB": sizes as the --sizes option takes them.
std::string size_text(std::size_t size) {
  if (size >= (std::size_t{1} << 20) && size % (std::size_t{1} << 20) == 0) {
    return fmt::format("{} MiB", size >> 20);
  }
  if (size >= 1024 && size % 1024 == 0) return fmt::format("{} KiB", size >> 10);
  return fmt::format("{} B", size);
}

Workload base_workload(const Settings& s) {
  Workload w;
  w.count = s.count;
  w.tpdu_size_code = s.tpdu_size_code;
  w.read_size = s.read_size;
  w.copy_data = s.copy_data;
  w.strand = s.strand;
  w.time_limit =
      std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s.time_limit));
  w.log = s.log;
  w.size = s.payload;
  return w;
}

void add_bulk(const Settings& s, std::size_t, std::vector<Measurement>& out) {
  for (std::size_t size : s.sizes) {
    Workload w = base_workload(s);
    w.size = size;
    out.push_back({"bulk",
                   size_text(size),
                   w,
                   bulk_piglix,
                   bulk_raw,
                   {{"MB/s", megabytes_per_second},
                    {"msg/s", messages_per_second},
                    {"KiB/read", kib_per_read}}});
  }
}

double writes_per_message(const Run& r) {
  return r.messages ? static_cast<double>(r.writes) / static_cast<double>(r.messages) : 0;
}

void add_stream(const Settings& s, std::size_t, std::vector<Measurement>& out) {
  out.push_back({"stream",
                 size_text(s.payload),
                 base_workload(s),
                 stream_piglix,
                 bulk_raw,
                 {{"MB/s", megabytes_per_second},
                  {"msg/s", messages_per_second},
                  {"writes/msg", writes_per_message},
                  {"KiB/read", kib_per_read}}});
}

void add_pingpong(const Settings& s, std::size_t, std::vector<Measurement>& out) {
  out.push_back({"pingpong",
                 size_text(s.payload),
                 base_workload(s),
                 pingpong_piglix,
                 pingpong_raw,
                 {{"round trips/s", units_per_second},
                  {"mean RTT us", mean_rtt},
                  {"median RTT us", median_rtt}}});
}

void add_minor_sync(const Settings& s, std::size_t, std::vector<Measurement>& out) {
  Workload w = base_workload(s);
  w.every = s.sync_every;
  out.push_back({"minor-sync",
                 fmt::format("{}, sync every {}", size_text(s.payload), s.sync_every),
                 w,
                 minor_sync_piglix,
                 minor_sync_raw,
                 {{"MB/s", megabytes_per_second}, {"msg/s", messages_per_second}}});
}

void add_major_sync(const Settings& s, std::size_t, std::vector<Measurement>& out) {
  Workload w = base_workload(s);
  w.every = s.sync_every;
  out.push_back({"major-sync",
                 fmt::format("{}, sync every {}", size_text(s.payload), s.sync_every),
                 w,
                 major_sync_piglix,
                 major_sync_raw,
                 {{"msg/s", messages_per_second}, {"syncs/s", units_per_second}}});
}

void add_tokens(const Settings& s, std::size_t, std::vector<Measurement>& out) {
  Workload w = base_workload(s);
  w.every = s.per_turn;
  out.push_back({"tokens",
                 fmt::format("{}, {} per turn", size_text(s.payload), s.per_turn),
                 w,
                 tokens_piglix,
                 tokens_raw,
                 {{"turns/s", units_per_second}, {"msg/s", messages_per_second}}});
}

// Descriptors kept for the listener, the io_contexts' own and the standard streams.
constexpr std::size_t reserved_descriptors = 64;

void add_sessions(const Settings& s, std::size_t descriptor_limit, std::vector<Measurement>& out) {
  Workload w = base_workload(s);
  const std::size_t fit =
      descriptor_limit > reserved_descriptors ? (descriptor_limit - reserved_descriptors) / 2 : 1;
  w.sessions = std::max<std::size_t>(1, std::min(s.sessions, fit));
  std::string parameter = fmt::format("{} x {}", w.sessions, size_text(s.payload));
  if (w.sessions < s.sessions) {
    std::fprintf(stderr,
                 "piglix-bench: the descriptor limit (ulimit -n %zu) allows %zu sessions, not the "
                 "%zu asked for\n",
                 descriptor_limit, w.sessions, s.sessions);
    parameter += " (ulimit -n)";
  }
  out.push_back({"sessions",
                 parameter,
                 w,
                 sessions_piglix,
                 sessions_raw,
                 {{"sessions/s", sessions_per_second},
                  {"MB/s", megabytes_per_second},
                  {"msg/s", messages_per_second}}});
}

double resident_per_session(const Run& r) { return r.resident_per_session; }
double heap_per_session(const Run& r) { return r.heap_per_session; }

void add_idle(const Settings& s, std::size_t descriptor_limit, std::vector<Measurement>& out) {
  Workload w = base_workload(s);
  // The server's end only: one descriptor per session in this process.
  const std::size_t fit =
      descriptor_limit > reserved_descriptors ? descriptor_limit - reserved_descriptors : 1;
  w.sessions = std::max<std::size_t>(1, std::min(s.idle_sessions, fit));
  w.count = 1;  // one set-up of all the sessions per run
  std::string parameter = fmt::format("{} idle sessions", w.sessions);
  if (w.sessions < s.idle_sessions) parameter += " (ulimit -n)";
  out.push_back({"idle",
                 parameter,
                 w,
                 idle_piglix,
                 idle_raw,
                 {{"sessions/s", sessions_per_second},
                  {"resident B/session", resident_per_session},
                  {"heap B/session", heap_per_session}}});
}

struct Entry {
  std::string name;
  void (*add)(const Settings&, std::size_t descriptor_limit, std::vector<Measurement>&);
};

const std::vector<Entry>& catalogue() {
  static const std::vector<Entry> entries{{"bulk", add_bulk},
                                          {"stream", add_stream},
                                          {"pingpong", add_pingpong},
                                          {"minor-sync", add_minor_sync},
                                          {"major-sync", add_major_sync},
                                          {"tokens", add_tokens},
                                          {"sessions", add_sessions},
                                          {"idle", add_idle}};
  return entries;
}

}  // namespace

const std::vector<std::string>& scenario_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const Entry& e : catalogue()) out.push_back(e.name);
    return out;
  }();
  return names;
}

std::vector<Measurement> plan(const Settings& settings, std::size_t descriptor_limit) {
  const auto wanted = [&](const std::string& name) {
    return std::any_of(settings.scenarios.begin(), settings.scenarios.end(),
                       [&](const std::string& s) { return s == name || s == "all"; });
  };
  std::vector<Measurement> out;
  for (const Entry& e : catalogue()) {
    if (wanted(e.name)) e.add(settings, descriptor_limit, out);
  }
  return out;
}

}  // namespace piglix::bench_tool
