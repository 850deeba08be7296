// Types shared by piglix-bench's files: what the command line asked for, the workload of one
// measurement, what one run of it observed, and how runs become reported numbers.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "piglix/net/options.hpp"

namespace piglix::bench_tool {

// Exit statuses, as documented in --help: scripts tell a failed measurement from a bad invocation.
inline constexpr int exit_ok = 0;
inline constexpr int exit_failed = 1;
inline constexpr int exit_usage = 2;

using Clock = std::chrono::steady_clock;

// The command line, parsed by main.cpp.
struct Settings {
  std::vector<std::string> scenarios;  // names of the scenario catalogue (plan.cpp), or "all"
  std::vector<std::size_t> sizes;      // bulk: message sizes
  std::size_t payload = 64;            // every other scenario: message size
  std::size_t sync_every = 100;        // minor-sync, major-sync: data SPDUs between sync points
  std::size_t per_turn = 10;           // tokens: data SPDUs each side sends per turn
  std::size_t sessions = 1000;         // sessions: concurrent sessions
  std::size_t idle_sessions = 10000;   // idle: sessions held at once
  double duration = 2.0;               // seconds one run should take (sets the count)
  std::uint64_t count = 0;             // fixed count instead of one derived from the duration
  unsigned repeat = 1;                 // runs per measurement; the median is reported
  double time_limit = 60.0;            // seconds after which a run counts as failed
  std::uint8_t tpdu_size_code = 0x10;  // X.224 TPDU size code proposed by the client
  std::size_t read_size = net::default_read_size;  // asked of each read, by piglix and raw alike
  bool copy_data = false;  // bulk: send from Bytes (copied) instead of a SharedBuffer
  bool strand = false;     // piglix connections on a strand (no Options::single_thread)
  bool json = false;
  bool log = false;  // piglix::net's log lines on stderr
};

// What one run does, the same for piglix and its raw-TCP baseline.
struct Workload {
  std::size_t size = 0;     // user octets per data message
  std::uint64_t count = 0;  // in the scenario's unit: messages, round trips, turns, ...
  std::size_t every = 0;    // sync scenarios: messages between sync points; tokens: per turn
  std::size_t sessions = 1;
  std::uint8_t tpdu_size_code = 0x10;
  std::size_t read_size = net::default_read_size;  // net::Options::read_size; raw reads as much
  bool copy_data = false;  // bulk: the S-DATA octets are given as Bytes, so the stack copies them
  bool strand = false;     // net::Options::single_thread off
  Clock::duration time_limit{};
  bool log = false;
};

// What one side of a dialogue observed; each scenario's coroutines return one.
struct Side {
  std::string error;               // empty: everything went as the workload said
  Clock::time_point started{};     // the first data octet was handed to the stack or socket
  Clock::time_point finished{};    // the last data octet this side expects arrived
  Clock::time_point connecting{};  // sessions: the first connect began
  Clock::time_point set_up{};      // sessions: every connection established (client) or accepted
  std::uint64_t octets = 0;        // user data octets received
  std::uint64_t messages = 0;      // data messages received
  std::uint64_t units = 0;         // round trips, sync points, turns received
  std::uint64_t writes = 0;        // write system calls this side's connections issued
  std::uint64_t reads = 0;         // read system calls this side made (piglix: also the empty ones)
  std::uint64_t wire_octets =
      0;                       // octets those reads returned (piglix: with TPKT/TPDU/SPDU headers)
  std::vector<double> rtt_us;  // pingpong: every round trip, in microseconds
};

// One run of one side of a measurement (piglix or raw), already verified.
struct Run {
  std::string error;              // empty: the run is valid
  double seconds = 0;             // first send to last octet received
  double setup_seconds = 0;       // sessions: start of the connects to the last one established
  std::uint64_t octets = 0;       // user data octets received and verified
  std::uint64_t messages = 0;     // data messages received
  std::uint64_t units = 0;        // the scenario's unit (round trips, sync points, turns)
  std::uint64_t writes = 0;       // client-side write system calls
  std::uint64_t reads = 0;        // server-side read system calls
  std::uint64_t wire_octets = 0;  // octets they returned
  std::vector<double> rtt_us;
  double resident_per_session = 0;  // idle: resident memory the server gained per session
  double heap_per_session = 0;      // idle: heap octets in use the server gained per session
};

using Runner = Run (*)(const Workload&);

// A reported number, computed from one run.
struct Metric {
  std::string name;  // with its unit: "MB/s", "median RTT us"
  double (*of)(const Run&);
};

// One line of the catalogue: a workload, its two runners, and what is reported from their runs.
struct Measurement {
  std::string scenario;
  std::string parameter;  // the workload in words: "16 KiB", "64 B, sync every 100"
  Workload workload;      // count 0: derived from Settings::duration by a pilot run
  Runner piglix = nullptr;
  Runner raw = nullptr;
  std::vector<Metric> metrics;
};

}  // namespace piglix::bench_tool
