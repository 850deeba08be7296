// What a piglix::net connection or server is configured with: the protocol machines' own
// configuration plus the binding's time limits, buffer bounds and log sink.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>

#include "piglix/bytes.hpp"
#include "piglix/stack.hpp"

namespace piglix::net {

using Duration = std::chrono::steady_clock::duration;

// Which way traced octets went.
enum class Direction : std::uint8_t { received, sent };

// Options::read_size unless set: what a tool that reads as piglix::net does can name.
inline constexpr std::size_t default_read_size = std::size_t{256} << 10;

struct Options {
  // Transport and session configuration (TPDU size, TSAPs, versions, selectors, limits, ...).
  stack::Config stack;

  // Client: from the start of async_connect to the S-CONNECT confirm (name resolution, TCP,
  // CR/CC, CN/AC). Server: from the TCP accept to the S-CONNECT indication (CR and CN must
  // arrive within it). On expiry the TCP connection is closed with errc::timed_out.
  Duration connect_timeout = std::chrono::seconds(10);

  // TIM: how long a side that sent a disconnecting SPDU (AB, RF, DN after FN) waits for the peer
  // to close the transport before it closes it itself (X.225 Annex A, a local matter).
  Duration tim = std::chrono::seconds(10);

  // An established session that receives no whole TPKT for this long is aborted (AB, then
  // close), so a peer dribbling octets of one TPKT does not keep it; zero = no limit.
  Duration idle_timeout = Duration::zero();

  // Output queue: a request completes once the octets waiting to be written are at most this
  // many, so a fast sender waits for a slow peer instead of growing the queue without bound.
  std::size_t output_high_water = std::size_t{1} << 20;
  // The hard bound on that queue: a request that finds more than this waiting (a user issuing
  // requests without waiting for them) fails with errc::limit_exceeded and changes nothing.
  std::size_t max_queued_output = std::size_t{16} << 20;

  // Input: reading stops while this many received events wait for async_receive(), and resumes
  // as they are taken (TCP flow control then slows the peer down).
  std::size_t max_queued_events = 256;
  // ... or while the user data those events hold add up to this many octets: what a connection
  // keeps for a user who does not keep up (256 events of 1 MiB SSDUs would otherwise be 256 MiB).
  // An SSDU larger than this is still received, once the events before it are taken.
  std::size_t max_queued_event_octets = std::size_t{4} << 20;

  // The io_context given for this connection (or server) is run by one thread only: the
  // connection's handlers then run on the io_context's own executor, without a strand, which
  // saves each handler the strand's queue and its two mutex locks (a 64 B round trip between two
  // such connections: 1 950 fewer instructions, callgrind over piglix-bench pingpong). Set it
  // only when that holds: with two threads in io_context::run(), one connection's handlers could
  // run at once. Ignored for any other executor (a thread_pool, a strand of the user's own).
  bool single_thread = false;

  // Octets asked of each read from the socket. The buffer is shared by the connections of each
  // thread that runs the io_context; an idle connection holds none. 0 counts as 1.
  std::size_t read_size = default_read_size;

  // Receives a line for every failure and abort, naming the connection and what happened
  // (e.g. "127.0.0.1:40312: aborted: transport: DR reason 3 ..."). Called on the connection's
  // strand; empty = no logging.
  std::function<void(std::string_view)> log;

  // Receives every octet read from and handed to the socket, in order and in the cuts they came
  // in, with the connection's name as log lines give it, for a protocol trace (piglix-peer -v
  // decodes them into TPDUs and SPDUs). Called on the connection's strand; the view is valid for
  // the call only. Each connection calls its own copy of the function object (a server copies
  // `connection` for every connection it accepts), so a functor may keep per-connection state,
  // such as a decoder, by value. Empty = no tracing.
  std::function<void(std::string_view connection, Direction, Bytes)> trace;
};

// Server-wide limits; each accepted connection also gets `connection`.
struct ServerOptions {
  Options connection;
  // TCP connections served at once (in set-up, established or closing). Beyond it, a new TCP
  // connection is closed at once and the event logged.
  std::size_t max_connections = 10000;
  // S-CONNECT indications waiting for async_accept(); beyond it, the CN is refused with
  // "temporary congestion".
  std::size_t max_pending_indications = 1024;
};

}  // namespace piglix::net
