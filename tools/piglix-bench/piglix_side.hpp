// The piglix::net calls every piglix runner makes: configuration for the workload, connecting,
// accepting, releasing, and naming an event that a scenario did not expect.
#pragma once

#include <asio/awaitable.hpp>
#include <cstdint>
#include <piglix/net.hpp>
#include <string>

#include "bench.hpp"

namespace piglix::bench_tool {

// Client and per-connection server options: the workload's TPDU size, and limits that hold its
// largest message.
net::Options stack_options(const Workload& w);
net::ServerOptions server_options(const Workload& w);

struct Connected {
  std::string error;  // empty: `session` is established with the functional units asked for
  net::Session session;
};

// Connects to 127.0.0.1:`port` proposing `units`; every token they create starts on this side.
asio::awaitable<Connected> connect_session(std::uint16_t port, std::uint16_t units,
                                           const Workload& w);
// Answers the S-CONNECT indication `s` came with: accepted, selecting `units`. Returns what went
// wrong, or empty.
asio::awaitable<std::string> accept_connect(net::Session& s, std::uint16_t units);
// The server's next session, accepted with `units`.
asio::awaitable<Connected> accept_session(net::Server& server, std::uint16_t units);

// Client: S-RELEASE and its confirm. Returns what went wrong, or empty.
asio::awaitable<std::string> release_session(net::Session& s);
// Server: answers the ReleaseIndication `event` is (accept), or says what it is instead.
asio::awaitable<std::string> answer_release(net::Session& s, const session::Event& event);

// "unexpected <name>" (with the reason of an abort): what a scenario reports for an event it did
// not ask for.
std::string unexpected(const session::Event& event);

}  // namespace piglix::bench_tool
