// pingpong: the client sends a message, the server echoes it, the client waits for the echo
// before sending the next; every round trip is timed.
#include <asio/co_spawn.hpp>
#include <asio/use_future.hpp>

#include "loopback.hpp"
#include "piglix_side.hpp"
#include "raw_tcp.hpp"
#include "scenarios.hpp"

namespace piglix::bench_tool {

namespace {

constexpr std::uint16_t units = spdu::fu::duplex;

double microseconds_since(Clock::time_point start) {
  return std::chrono::duration<double, std::micro>(Clock::now() - start).count();
}

asio::awaitable<Side> piglix_echo(net::Server& server) {
  Side side;
  Connected c = co_await accept_session(server, units);
  side.error = c.error;
  while (side.error.empty()) {
    auto [ec, event] = co_await c.session.async_receive(use_tuple);
    if (ec == errc::connection_closed) break;
    if (ec) {
      side.error = "receive: " + ec.message();
    } else if (auto* data = std::get_if<session::DataIndication>(&event)) {
      side.octets += data->data.size();
      ++side.messages;
      side.finished = Clock::now();
      auto [send_ec] = co_await c.session.async_send_data(data->data, use_tuple);
      if (send_ec) side.error = "S-DATA: " + send_ec.message();
      // Taken, so the buffer is free again: as a server that keeps its memory would.
      c.session.recycle(std::move(data->data));
    } else {
      side.error = co_await answer_release(c.session, event);
    }
  }
  co_return side;
}

asio::awaitable<Side> piglix_pinger(std::uint16_t port, Workload w) {
  Side side;
  Connected c = co_await connect_session(port, units, w);
  if (!c.error.empty()) {
    side.error = c.error;
    co_return side;
  }
  const ByteBuffer message(w.size, 0x5a);
  side.rtt_us.reserve(w.count);
  const std::uint64_t writes_before = c.session.statistics().writes;
  side.started = Clock::now();
  for (std::uint64_t i = 0; i < w.count; ++i) {
    const Clock::time_point sent = Clock::now();
    auto [ec] = co_await c.session.async_send_data(message, use_tuple);
    if (ec) {
      side.error = "S-DATA: " + ec.message();
      co_return side;
    }
    auto [receive_ec, event] = co_await c.session.async_receive(use_tuple);
    const auto* echo = std::get_if<session::DataIndication>(&event);
    if (receive_ec || !echo) {
      side.error = receive_ec ? "receive: " + receive_ec.message() : unexpected(event);
      co_return side;
    }
    side.rtt_us.push_back(microseconds_since(sent));
    side.finished = Clock::now();
    side.octets += echo->data.size();
    ++side.units;
    c.session.recycle(std::move(std::get<session::DataIndication>(event).data));
  }
  side.error = co_await release_session(c.session);
  side.writes = c.session.statistics().writes - writes_before;
  co_return side;
}

asio::awaitable<Side> raw_echo(asio::ip::tcp::acceptor& acceptor, Workload w) {
  Side side;
  asio::ip::tcp::socket socket(acceptor.get_executor());
  if (auto ec = co_await raw_accept(acceptor, socket)) {
    side.error = "accept: " + ec.message();
    co_return side;
  }
  ByteBuffer message(w.size);
  for (std::uint64_t i = 0; i < w.count; ++i) {
    if (auto ec = co_await raw_read_exactly(socket, w.size, message)) {
      side.error = "read: " + ec.message();
      co_return side;
    }
    side.octets += w.size;
    side.finished = Clock::now();
    if (auto ec = co_await raw_write(socket, message)) {
      side.error = "write: " + ec.message();
      co_return side;
    }
  }
  co_return side;
}

asio::awaitable<Side> raw_pinger(std::uint16_t port, Workload w) {
  Side side;
  asio::ip::tcp::socket socket(co_await asio::this_coro::executor);
  if (auto ec = co_await raw_connect(socket, port)) {
    side.error = "connect: " + ec.message();
    co_return side;
  }
  const ByteBuffer message(w.size, 0x5a);
  ByteBuffer echo(w.size);
  side.rtt_us.reserve(w.count);
  side.started = Clock::now();
  for (std::uint64_t i = 0; i < w.count; ++i, ++side.writes) {
    const Clock::time_point sent = Clock::now();
    std::error_code ec = co_await raw_write(socket, message);
    if (!ec) ec = co_await raw_read_exactly(socket, w.size, echo);
    if (ec) {
      side.error = "round trip: " + ec.message();
      co_return side;
    }
    side.rtt_us.push_back(microseconds_since(sent));
    side.finished = Clock::now();
    side.octets += w.size;
    ++side.units;
  }
  side.error = co_await raw_close_and_wait(socket);
  co_return side;
}

Run verified(Outcome outcome, const Workload& w) {
  Run run = measured(outcome);
  run.octets = outcome.client.octets;
  run.messages = outcome.client.units;
  run.units = outcome.client.units;
  run.writes = outcome.client.writes;
  run.rtt_us = std::move(outcome.client.rtt_us);
  fail_if(run, mismatch("server", "octets", outcome.server.octets, w.count * w.size));
  fail_if(run, mismatch("client", "echoed octets", outcome.client.octets, w.count * w.size));
  return run;
}

}  // namespace

Run pingpong_piglix(const Workload& w) {
  Loopback loop;
  net::Server server(loop.server_io.get_executor(), loopback_any_port(), server_options(w));
  auto echo = asio::co_spawn(loop.server_io, piglix_echo(server), asio::use_future);
  auto pinger = asio::co_spawn(loop.client_io, piglix_pinger(server.local_endpoint().port(), w),
                               asio::use_future);
  start(loop);
  return verified(finish(loop, pinger, echo, w.time_limit), w);
}

Run pingpong_raw(const Workload& w) {
  Loopback loop;
  asio::ip::tcp::acceptor acceptor(loop.server_io, loopback_any_port());
  auto echo = asio::co_spawn(loop.server_io, raw_echo(acceptor, w), asio::use_future);
  auto pinger = asio::co_spawn(loop.client_io, raw_pinger(acceptor.local_endpoint().port(), w),
                               asio::use_future);
  start(loop);
  return verified(finish(loop, pinger, echo, w.time_limit), w);
}

}  // namespace piglix::bench_tool
