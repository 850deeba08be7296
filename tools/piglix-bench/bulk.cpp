// bulk: data one way, as fast as the sender can hand it over.
#include <asio/co_spawn.hpp>
#include <asio/steady_timer.hpp>
#include <asio/use_future.hpp>
#include <functional>

#include "loopback.hpp"
#include "piglix_side.hpp"
#include "raw_tcp.hpp"
#include "scenarios.hpp"

namespace piglix::bench_tool {

namespace {

constexpr std::uint16_t units = spdu::fu::duplex;

asio::awaitable<Side> piglix_receiver(net::Server& server) {
  Side side;
  Connected c = co_await accept_session(server, units);
  side.error = c.error;
  const net::Statistics before = c.session ? c.session.statistics() : net::Statistics{};
  while (side.error.empty()) {
    auto [ec, event] = co_await c.session.async_receive(use_tuple);
    if (ec == errc::connection_closed) break;  // released
    if (ec) {
      side.error = "receive: " + ec.message();
    } else if (auto* data = std::get_if<session::DataIndication>(&event)) {
      side.octets += data->data.size();
      ++side.messages;
      side.finished = Clock::now();
      c.session.recycle(std::move(data->data));  // as a bulk receiver that keeps up would
    } else {
      side.error = co_await answer_release(c.session, event);
    }
  }
  if (c.session) {
    const net::Statistics after = c.session.statistics();
    side.reads = after.reads + after.empty_reads - before.reads - before.empty_reads;
    side.wire_octets = after.octets_read - before.octets_read;
  }
  co_return side;
}

asio::awaitable<Side> piglix_sender(std::uint16_t port, Workload w) {
  Side side;
  Connected c = co_await connect_session(port, units, w);
  if (!c.error.empty()) {
    side.error = c.error;
    co_return side;
  }
  // The message is the sender's own buffer, sent again and again as raw TCP sends its buffer:
  // shared, the stack writes from it; as Bytes (--copy-data), it copies it first.
  const SharedBuffer message = std::make_shared<const ByteBuffer>(w.size, 0x5a);
  const std::uint64_t writes_before = c.session.statistics().writes;
  side.started = Clock::now();
  for (std::uint64_t i = 0; i < w.count; ++i) {
    auto [ec] = w.copy_data ? co_await c.session.async_send_data(Bytes(*message), use_tuple)
                            : co_await c.session.async_send_data(message, use_tuple);
    if (ec) {
      side.error = "S-DATA: " + ec.message();
      co_return side;
    }
  }
  side.error = co_await release_session(c.session);
  side.writes = c.session.statistics().writes - writes_before;
  co_return side;
}

// The sender of stream: requests are issued without waiting for each, up to `window` at once.
// Each completion issues the next, so while one write is in flight the SPDUs requested meanwhile
// queue behind it and leave in the next single write.
asio::awaitable<Side> piglix_streaming_sender(std::uint16_t port, Workload w) {
  constexpr std::uint64_t window = 256;
  Side side;
  Connected c = co_await connect_session(port, units, w);
  if (!c.error.empty()) {
    side.error = c.error;
    co_return side;
  }
  const ByteBuffer message(w.size, 0x5a);
  const std::uint64_t writes_before = c.session.statistics().writes;
  asio::steady_timer settled(co_await asio::this_coro::executor, Clock::time_point::max());
  std::uint64_t issued = 0, completed = 0;
  std::error_code failure;
  std::function<void()> issue = [&] {
    while (!failure && issued < w.count && issued - completed < window) {
      ++issued;
      c.session.async_send_data(message, [&](std::error_code ec) {
        ++completed;
        if (ec && !failure) failure = ec;
        if (completed == issued && (issued == w.count || failure))
          settled.cancel();
        else
          issue();
      });
    }
  };
  side.started = Clock::now();
  issue();
  while (completed < issued) co_await settled.async_wait(use_tuple);
  if (failure) {
    side.error = "S-DATA: " + failure.message();
    co_return side;
  }
  side.error = co_await release_session(c.session);
  side.writes = c.session.statistics().writes - writes_before;
  co_return side;
}

asio::awaitable<Side> raw_receiver(asio::ip::tcp::acceptor& acceptor, Workload w) {
  Side side;
  asio::ip::tcp::socket socket(acceptor.get_executor());
  if (auto ec = co_await raw_accept(acceptor, socket)) {
    side.error = "accept: " + ec.message();
    co_return side;
  }
  ByteBuffer scratch(w.read_size);
  side.error = co_await raw_receive_until(socket, w.count * w.size, scratch, side);
  co_return side;  // closing the socket answers the sender's FIN
}

asio::awaitable<Side> raw_sender(std::uint16_t port, Workload w) {
  Side side;
  asio::ip::tcp::socket socket(co_await asio::this_coro::executor);
  if (auto ec = co_await raw_connect(socket, port)) {
    side.error = "connect: " + ec.message();
    co_return side;
  }
  const ByteBuffer message(w.size, 0x5a);
  side.started = Clock::now();
  for (std::uint64_t i = 0; i < w.count; ++i, ++side.writes) {
    if (auto ec = co_await raw_write(socket, message)) {
      side.error = "write: " + ec.message();
      co_return side;
    }
  }
  side.error = co_await raw_close_and_wait(socket);
  co_return side;
}

Run verified(const Outcome& outcome, const Workload& w) {
  Run run = measured(outcome);
  run.octets = outcome.server.octets;
  run.messages = w.count;
  run.writes = outcome.client.writes;
  run.reads = outcome.server.reads;
  run.wire_octets = outcome.server.wire_octets;
  fail_if(run, mismatch("server", "octets", outcome.server.octets, w.count * w.size));
  return run;
}

// A piglix run of bulk or stream: `sender` is what tells them apart.
Run one_way_piglix(const Workload& w, asio::awaitable<Side> (*sender)(std::uint16_t, Workload)) {
  Loopback loop;
  net::Server server(loop.server_io.get_executor(), loopback_any_port(), server_options(w));
  auto received = asio::co_spawn(loop.server_io, piglix_receiver(server), asio::use_future);
  auto sent =
      asio::co_spawn(loop.client_io, sender(server.local_endpoint().port(), w), asio::use_future);
  start(loop);
  const Outcome outcome = finish(loop, sent, received, w.time_limit);
  Run run = verified(outcome, w);
  fail_if(run, mismatch("server", "S-DATA indications", outcome.server.messages, w.count));
  return run;
}

}  // namespace

Run bulk_piglix(const Workload& w) { return one_way_piglix(w, piglix_sender); }
Run stream_piglix(const Workload& w) { return one_way_piglix(w, piglix_streaming_sender); }

Run bulk_raw(const Workload& w) {
  Loopback loop;
  asio::ip::tcp::acceptor acceptor(loop.server_io, loopback_any_port());
  auto receiver = asio::co_spawn(loop.server_io, raw_receiver(acceptor, w), asio::use_future);
  auto sender = asio::co_spawn(loop.client_io, raw_sender(acceptor.local_endpoint().port(), w),
                               asio::use_future);
  start(loop);
  return verified(finish(loop, sender, receiver, w.time_limit), w);
}

}  // namespace piglix::bench_tool
