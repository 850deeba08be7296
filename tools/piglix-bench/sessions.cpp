// sessions: many connections at once. All are set up together (timed: connections per second),
// then every one sends its messages at the same time (timed: aggregate throughput), then all are
// released.
#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/use_future.hpp>

#include "loopback.hpp"
#include "piglix_side.hpp"
#include "raw_tcp.hpp"
#include "scenarios.hpp"

namespace piglix::bench_tool {

namespace {

constexpr std::uint16_t units = spdu::fu::duplex;

// The first failure is the one reported; the ones it causes elsewhere would only hide it.
void note(Side& side, std::string error) {
  if (side.error.empty()) side.error = std::move(error);
}

// --- piglix ---

asio::awaitable<void> piglix_serve(net::Session s, Side& side, Pending& pending) {
  std::string error = co_await accept_connect(s, units);
  while (error.empty()) {
    auto [ec, event] = co_await s.async_receive(use_tuple);
    if (ec == errc::connection_closed) break;
    if (ec) {
      error = "receive: " + ec.message();
    } else if (auto* data = std::get_if<session::DataIndication>(&event)) {
      side.octets += data->data.size();
      ++side.messages;
      side.finished = Clock::now();
    } else {
      error = co_await answer_release(s, event);
    }
  }
  note(side, std::move(error));
  pending.done();
}

asio::awaitable<Side> piglix_server(net::Server& server, Workload w) {
  Side side;
  auto executor = co_await asio::this_coro::executor;
  Pending pending(executor);
  for (std::size_t i = 0; i < w.sessions && side.error.empty(); ++i) {
    auto [ec, s, indication] = co_await server.async_accept(use_tuple);
    if (ec) {
      note(side, "accept: " + ec.message());
      break;
    }
    pending.add();
    asio::co_spawn(executor, piglix_serve(std::move(s), side, pending), asio::detached);
  }
  side.set_up = Clock::now();
  co_await pending.wait();
  co_return side;
}

asio::awaitable<void> piglix_connect(std::uint16_t port, const Workload& w, net::Session& s,
                                     Side& side, Pending& pending) {
  Connected c = co_await connect_session(port, units, w);
  if (c.error.empty()) {
    s = std::move(c.session);
  } else {
    note(side, std::move(c.error));
  }
  pending.done();
}

asio::awaitable<void> piglix_send(net::Session& s, const ByteBuffer& message, std::uint64_t count,
                                  Side& side, Pending& pending) {
  for (std::uint64_t i = 0; i < count; ++i) {
    auto [ec] = co_await s.async_send_data(message, use_tuple);
    if (ec) {
      note(side, "S-DATA: " + ec.message());
      break;
    }
  }
  pending.done();
}

asio::awaitable<void> piglix_release(net::Session& s, Side& side, Pending& pending) {
  note(side, co_await release_session(s));
  pending.done();
}

asio::awaitable<Side> piglix_clients(std::uint16_t port, Workload w) {
  Side side;
  auto executor = co_await asio::this_coro::executor;
  Pending pending(executor);
  std::vector<net::Session> sessions(w.sessions);
  // Every phase waits for all it spawned, even after a failure: they use this frame's variables.
  side.connecting = Clock::now();
  for (net::Session& s : sessions) {
    pending.add();
    asio::co_spawn(executor, piglix_connect(port, w, s, side, pending), asio::detached);
  }
  co_await pending.wait();
  side.set_up = Clock::now();
  if (!side.error.empty()) co_return side;

  const ByteBuffer message(w.size, 0x5a);
  std::uint64_t writes_before = 0;
  for (const net::Session& s : sessions) writes_before += s.statistics().writes;
  side.started = Clock::now();
  for (net::Session& s : sessions) {
    pending.add();
    asio::co_spawn(executor, piglix_send(s, message, w.count, side, pending), asio::detached);
  }
  co_await pending.wait();
  if (!side.error.empty()) co_return side;

  for (net::Session& s : sessions) {
    pending.add();
    asio::co_spawn(executor, piglix_release(s, side, pending), asio::detached);
  }
  co_await pending.wait();
  for (const net::Session& s : sessions) side.writes += s.statistics().writes;
  side.writes -= writes_before;
  co_return side;
}

// --- raw TCP ---

asio::awaitable<void> raw_serve(asio::ip::tcp::socket socket, const Workload& w, Side& side,
                                Pending& pending) {
  Side connection;
  ByteBuffer scratch(w.read_size);
  note(side, co_await raw_receive_until(socket, w.count * w.size, scratch, connection));
  side.octets += connection.octets;
  side.finished = std::max(side.finished, connection.finished);
  pending.done();
}

asio::awaitable<Side> raw_server(asio::ip::tcp::acceptor& acceptor, Workload w) {
  Side side;
  auto executor = co_await asio::this_coro::executor;
  Pending pending(executor);
  for (std::size_t i = 0; i < w.sessions; ++i) {
    asio::ip::tcp::socket socket(executor);
    if (auto ec = co_await raw_accept(acceptor, socket)) {
      note(side, "accept: " + ec.message());
      break;
    }
    pending.add();
    asio::co_spawn(executor, raw_serve(std::move(socket), w, side, pending), asio::detached);
  }
  side.set_up = Clock::now();
  co_await pending.wait();
  co_return side;
}

asio::awaitable<void> raw_connect_one(asio::ip::tcp::socket& socket, std::uint16_t port, Side& side,
                                      Pending& pending) {
  if (auto ec = co_await raw_connect(socket, port)) note(side, "connect: " + ec.message());
  pending.done();
}

asio::awaitable<void> raw_send(asio::ip::tcp::socket& socket, const ByteBuffer& message,
                               std::uint64_t count, Side& side, Pending& pending) {
  for (std::uint64_t i = 0; i < count; ++i, ++side.writes) {
    if (auto ec = co_await raw_write(socket, message)) {
      note(side, "write: " + ec.message());
      break;
    }
  }
  pending.done();
}

asio::awaitable<void> raw_close(asio::ip::tcp::socket& socket, Side& side, Pending& pending) {
  note(side, co_await raw_close_and_wait(socket));
  pending.done();
}

asio::awaitable<Side> raw_clients(std::uint16_t port, Workload w) {
  Side side;
  auto executor = co_await asio::this_coro::executor;
  Pending pending(executor);
  std::vector<asio::ip::tcp::socket> sockets;
  sockets.reserve(w.sessions);
  for (std::size_t i = 0; i < w.sessions; ++i) sockets.emplace_back(executor);

  side.connecting = Clock::now();
  for (auto& socket : sockets) {
    pending.add();
    asio::co_spawn(executor, raw_connect_one(socket, port, side, pending), asio::detached);
  }
  co_await pending.wait();
  side.set_up = Clock::now();
  if (!side.error.empty()) co_return side;

  const ByteBuffer message(w.size, 0x5a);
  side.started = Clock::now();
  for (auto& socket : sockets) {
    pending.add();
    asio::co_spawn(executor, raw_send(socket, message, w.count, side, pending), asio::detached);
  }
  co_await pending.wait();
  if (!side.error.empty()) co_return side;

  for (auto& socket : sockets) {
    pending.add();
    asio::co_spawn(executor, raw_close(socket, side, pending), asio::detached);
  }
  co_await pending.wait();
  co_return side;
}

Run verified(const Outcome& outcome, const Workload& w, bool raw) {
  Run run = measured(outcome);
  const Side& c = outcome.client;
  const Side& s = outcome.server;
  // Established means both ends know it: the client's confirm (piglix) or connect, and the
  // server's indication (piglix) or accept, whichever came last.
  run.setup_seconds =
      std::chrono::duration<double>(std::max(c.set_up, s.set_up) - c.connecting).count();
  run.units = w.sessions;
  run.octets = s.octets;
  run.messages = w.sessions * w.count;
  run.writes = c.writes;
  fail_if(run, mismatch("server", "octets", s.octets, w.sessions * w.count * w.size));
  if (!raw) fail_if(run, mismatch("server", "S-DATA indications", s.messages, run.messages));
  return run;
}

}  // namespace

Run sessions_piglix(const Workload& w) {
  Loopback loop;
  net::Server server(loop.server_io.get_executor(), loopback_any_port(), server_options(w));
  auto peer = asio::co_spawn(loop.server_io, piglix_server(server, w), asio::use_future);
  auto clients = asio::co_spawn(loop.client_io, piglix_clients(server.local_endpoint().port(), w),
                                asio::use_future);
  start(loop);
  return verified(finish(loop, clients, peer, w.time_limit), w, false);
}

Run sessions_raw(const Workload& w) {
  Loopback loop;
  asio::ip::tcp::acceptor acceptor(loop.server_io, loopback_any_port());
  auto peer = asio::co_spawn(loop.server_io, raw_server(acceptor, w), asio::use_future);
  auto clients = asio::co_spawn(loop.client_io, raw_clients(acceptor.local_endpoint().port(), w),
                                asio::use_future);
  start(loop);
  return verified(finish(loop, clients, peer, w.time_limit), w, true);
}

}  // namespace piglix::bench_tool
