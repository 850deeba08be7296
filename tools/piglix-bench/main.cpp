// piglix-bench: session dialogue throughput over loopback TCP with piglix::net, each measurement
// beside a raw-TCP baseline with the same socket pattern, run in the same process.
//
// This file only turns the command line into Settings (plan.cpp and measure.cpp do the rest).
// Exit status: 0 every measurement done, 1 a measurement failed, 2 usage error.
#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <charconv>
#include <optional>
#include <string>
#include <vector>

#include "bench.hpp"
#include "loopback.hpp"
#include "measure.hpp"
#include "plan.hpp"
#include "report.hpp"
#include "scenarios.hpp"

namespace {

using piglix::bench_tool::exit_ok;
using piglix::bench_tool::exit_usage;

// The largest message: the stack holds a whole SSDU in memory on both sides.
constexpr std::size_t max_size = std::size_t{64} << 20;

// "16", "1K", "64k", "1M", "1KiB", "16B": octets, K and M meaning 1024 and 1024².
std::optional<std::size_t> parse_size(std::string_view text) {
  std::size_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end == text.data()) return std::nullopt;
  std::string unit(end, text.data() + text.size());
  for (char& c : unit) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  std::size_t scale = 0;
  if (unit.empty() || unit == "B") scale = 1;
  if (unit == "K" || unit == "KIB") scale = 1024;
  if (unit == "M" || unit == "MIB") scale = std::size_t{1} << 20;
  if (scale == 0 || value == 0 || value > max_size / scale) return std::nullopt;
  return value * scale;
}

// A CLI11 check for sizes, so that a bad one is a parse error like any other.
const CLI::Validator size_check(
    [](std::string& text) {
      return parse_size(text) ? std::string()
                              : "not a size from 1 B to 64 MiB (e.g. 16, 1K, 64K, 1M): " + text;
    },
    "SIZE");

}  // namespace

int main(int argc, char** argv) {
  namespace tool = piglix::bench_tool;
  // The idle scenario's clients: this program again, in a child process.
  if (argc == 5 && std::string_view(argv[1]) == "--idle-clients") {
    tool::raise_descriptor_limit();
    return tool::idle_clients(static_cast<std::uint16_t>(std::stoul(argv[2])), std::stoul(argv[3]),
                              std::string_view(argv[4]) == "raw");
  }
  tool::Settings settings;
  CLI::App app{
      "Measure piglix session dialogues over loopback TCP against a raw-TCP baseline with the\n"
      "same socket pattern (same message sizes, writes, request/response pattern and threads:\n"
      "server on one thread, client on another, one process). Prints, per scenario and\n"
      "parameter, the median of --repeat runs of each and the ratio piglix/raw (above 1:\n"
      "piglix is faster, except for RTT, where above 1 means slower). Runs alternate, piglix\n"
      "then raw, and the ratio is the median of each such pair's ratio; the quartiles of\n"
      "those ratios (pairs p25-p75) show how much the machine's noise spreads them. Received\n"
      "octets are counted and must equal those sent; the clock runs from the first send to\n"
      "the last octet received.\n"
      "Exit status: 0 all measured, 1 a measurement failed (error or octet count), 2 usage.",
      "piglix-bench"};
  std::vector<std::string> names = tool::scenario_names();
  names.push_back("all");
  settings.scenarios = {"all"};
  app.add_option("scenario", settings.scenarios,
                 "Scenarios to run (default all):\n"
                 "  bulk        S-DATA one way, per --sizes\n"
                 "  stream      S-DATA of --payload octets one way, requested 256 at a time\n"
                 "              (coalesced writes) against raw TCP's one write per message\n"
                 "  pingpong    request/response, --payload octets echoed\n"
                 "  minor-sync  S-DATA with S-SYNC-MINOR (no confirmation) every --sync-every\n"
                 "  major-sync  S-DATA with S-SYNC-MAJOR every --sync-every, awaiting the confirm\n"
                 "  tokens      half duplex: --per-turn S-DATA, then the data token to the peer\n"
                 "  sessions    --sessions set up at once, then all send at once\n"
                 "  idle        --idle-sessions established and left idle (clients in a child\n"
                 "              process): sessions/s and the server's resident memory per session")
      ->check(CLI::IsMember(names));
  std::vector<std::string> sizes{"16", "64", "1K", "16K", "64K", "1M"};
  app.add_option("--sizes", sizes, "bulk: message sizes (K = 1024, M = 1024*1024)")
      ->delimiter(',')
      ->check(size_check)
      ->capture_default_str();
  std::string payload = "64";
  app.add_option("--payload", payload, "Message size of every scenario but bulk")
      ->check(size_check)
      ->capture_default_str();
  app.add_option("--sync-every", settings.sync_every, "Data SPDUs between sync points")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 20))
      ->capture_default_str();
  app.add_option("--per-turn", settings.per_turn, "tokens: data SPDUs per turn")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 20))
      ->capture_default_str();
  app.add_option("--sessions", settings.sessions,
                 "sessions: concurrent sessions (bounded by ulimit -n, raised to its hard limit)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 20))
      ->capture_default_str();
  app.add_option("--idle-sessions", settings.idle_sessions,
                 "idle: sessions held by the server at once")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 20))
      ->capture_default_str();
  auto* duration = app.add_option("--duration", settings.duration,
                                  "Seconds each run should take: a pilot run sets the count")
                       ->check(CLI::Range(0.001, 3600.0))
                       ->capture_default_str();
  app.add_option("--count", settings.count,
                 "Exact count instead of --duration: messages (bulk, minor-sync, major-sync), "
                 "round trips (pingpong), turns (tokens, rounded up to even), messages per "
                 "session (sessions)")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1'000'000'000}))
      ->excludes(duration);
  app.add_option("--repeat", settings.repeat, "Runs of each measurement; the median is reported")
      ->check(CLI::Range(1u, 1000u))
      ->capture_default_str();
  app.add_option("--time-limit", settings.time_limit, "Seconds after which a run has failed")
      ->check(CLI::Range(0.1, 86400.0))
      ->capture_default_str();
  unsigned tpdu_size_code = settings.tpdu_size_code;
  app.add_option("--tpdu-size-code", tpdu_size_code,
                 "X.224 TPDU size code: 0x07 (128) .. 0x10 (65531, the RFC 1006 maximum)")
      ->check(CLI::Range(0x07u, 0x10u))
      ->capture_default_str();
  std::string read_size = fmt::format("{}K", settings.read_size >> 10);
  app.add_option("--read-size", read_size,
                 "Octets asked of each read from the socket, by piglix (net::Options::read_size) "
                 "and by the raw-TCP receivers alike")
      ->check(size_check)
      ->capture_default_str();
  app.add_flag("--copy-data", settings.copy_data,
               "bulk: give the S-DATA octets as Bytes, which the stack copies, instead of in a "
               "SharedBuffer it sends from");
  app.add_flag("--strand", settings.strand,
               "Run piglix connections on a strand, as with several threads per io_context "
               "(net::Options::single_thread off; by default it is on: each side of a run has one "
               "thread)");
  app.add_flag("--json", settings.json,
               "JSON Lines: one object per result on its own line instead of the table");
  app.add_flag("--log", settings.log, "Print piglix::net's log lines (failures, aborts) on stderr");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // app.exit prints help (status 0) or the parse error; every parse error is a usage error.
    return app.exit(e) == 0 ? exit_ok : exit_usage;
  }
  settings.sizes.clear();
  for (const std::string& size : sizes) settings.sizes.push_back(*parse_size(size));
  settings.payload = *parse_size(payload);
  settings.read_size = *parse_size(read_size);
  settings.tpdu_size_code = static_cast<std::uint8_t>(tpdu_size_code);

  // Both ends of every connection are in this process: the sessions scenario needs the room.
  const std::size_t descriptor_limit = tool::raise_descriptor_limit();
  return tool::run_measurements(tool::plan(settings, descriptor_limit), settings);
}
