// The runners of every scenario: each does one run of its workload over loopback TCP, with
// piglix::net or with plain sockets, and returns it verified. plan.cpp says what is measured.
#pragma once

#include "bench.hpp"

namespace piglix::bench_tool {

// bulk: `count` S-DATA of `size` octets one way (raw: one write per message).
Run bulk_piglix(const Workload& w);
Run bulk_raw(const Workload& w);
// stream: as bulk, but piglix's requests are issued up to 256 at a time instead of each waiting
// for the last, so they coalesce into gather writes; raw still makes one write per message.
Run stream_piglix(const Workload& w);

// pingpong: `count` round trips of a `size`-octet message echoed by the server.
Run pingpong_piglix(const Workload& w);
Run pingpong_raw(const Workload& w);

// minor-sync: `count` S-DATA with an S-SYNC-MINOR (no confirmation asked) after every `every`th
// (raw: a small write in its place).
Run minor_sync_piglix(const Workload& w);
Run minor_sync_raw(const Workload& w);

// major-sync: `count` S-DATA with an S-SYNC-MAJOR after every `every`th, each waiting for the
// confirm (raw: a small request and its answer).
Run major_sync_piglix(const Workload& w);
Run major_sync_raw(const Workload& w);

// tokens: `count` turns (rounded up to even, so the client ends with the token) in half duplex;
// in each one side sends `every` S-DATA and gives the data token (raw: a small "turn" write).
Run tokens_piglix(const Workload& w);
Run tokens_raw(const Workload& w);

// sessions: `sessions` connections set up at once, then each sends `count` messages of `size`
// octets at the same time.
Run sessions_piglix(const Workload& w);
Run sessions_raw(const Workload& w);

// idle: `sessions` established and left idle, their clients in a child process; the server's
// resident memory per session and the sessions set up per second.
Run idle_piglix(const Workload& w);
Run idle_raw(const Workload& w);
// The child process of idle (piglix-bench --idle-clients PORT N piglix|raw).
int idle_clients(std::uint16_t port, std::size_t n, bool raw);

}  // namespace piglix::bench_tool
