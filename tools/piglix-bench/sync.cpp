// minor-sync and major-sync: data with a sync point after every `every`th message. A minor sync
// asks for no confirmation, so the sender goes straight on; a major sync waits for the
// receiver's acknowledgement.
#include <asio/co_spawn.hpp>
#include <asio/use_future.hpp>

#include "loopback.hpp"
#include "piglix_side.hpp"
#include "raw_tcp.hpp"
#include "scenarios.hpp"

namespace piglix::bench_tool {

namespace {

enum class Sync { minor, major };

// The sync point tokens start on the client's side (connect_session), and in duplex there is no
// data token, so the client may sync whenever it likes.
std::uint16_t units_for(Sync kind) {
  return spdu::fu::duplex |
         (kind == Sync::minor ? spdu::fu::minor_synchronize : spdu::fu::major_synchronize);
}

std::uint64_t sync_points(const Workload& w) { return w.count / w.every; }

asio::awaitable<Side> piglix_receiver(net::Server& server, Sync kind) {
  Side side;
  Connected c = co_await accept_session(server, units_for(kind));
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
    } else if (kind == Sync::minor && std::holds_alternative<session::SyncMinorIndication>(event)) {
      ++side.units;
      side.finished = Clock::now();
    } else if (kind == Sync::major && std::holds_alternative<session::SyncMajorIndication>(event)) {
      ++side.units;
      side.finished = Clock::now();
      auto [ack_ec] = co_await c.session.async_acknowledge_sync_major(use_tuple);
      if (ack_ec) side.error = "S-SYNC-MAJOR response: " + ack_ec.message();
    } else {
      side.error = co_await answer_release(c.session, event);
    }
  }
  co_return side;
}

// One sync point: a minor one goes out and the sender goes on; a major one waits for its confirm.
asio::awaitable<std::string> piglix_sync(net::Session& s, Sync kind, Side& side) {
  if (kind == Sync::minor) {
    auto [ec, serial] = co_await s.async_sync_minor(false, use_tuple);
    if (ec) co_return "S-SYNC-MINOR: " + ec.message();
    co_return std::string();
  }
  auto [ec, serial] = co_await s.async_sync_major(use_tuple);
  if (ec) co_return "S-SYNC-MAJOR: " + ec.message();
  auto [receive_ec, event] = co_await s.async_receive(use_tuple);
  if (receive_ec) co_return "receive: " + receive_ec.message();
  if (!std::holds_alternative<session::SyncMajorConfirm>(event)) co_return unexpected(event);
  ++side.units;
  side.finished = Clock::now();
  co_return std::string();
}

asio::awaitable<Side> piglix_sender(std::uint16_t port, Sync kind, Workload w) {
  Side side;
  Connected c = co_await connect_session(port, units_for(kind), w);
  if (!c.error.empty()) {
    side.error = c.error;
    co_return side;
  }
  const ByteBuffer message(w.size, 0x5a);
  const std::uint64_t writes_before = c.session.statistics().writes;
  side.started = Clock::now();
  for (std::uint64_t i = 1; i <= w.count && side.error.empty(); ++i) {
    auto [ec] = co_await c.session.async_send_data(message, use_tuple);
    if (ec) side.error = "S-DATA: " + ec.message();
    if (side.error.empty() && i % w.every == 0)
      side.error = co_await piglix_sync(c.session, kind, side);
  }
  if (side.error.empty()) side.error = co_await release_session(c.session);
  side.writes = c.session.statistics().writes - writes_before;
  co_return side;
}

// Raw: a sync point is a small write; for a major one the receiver answers it with another.
asio::awaitable<Side> raw_receiver(asio::ip::tcp::acceptor& acceptor, Sync kind, Workload w) {
  Side side;
  asio::ip::tcp::socket socket(acceptor.get_executor());
  if (auto ec = co_await raw_accept(acceptor, socket)) {
    side.error = "accept: " + ec.message();
    co_return side;
  }
  ByteBuffer scratch(w.read_size);
  const std::uint64_t period = w.every * w.size + raw_signal_size;
  const std::uint64_t total = w.count * w.size + sync_points(w) * raw_signal_size;
  if (kind == Sync::major) {
    // The sender waits at each sync point, so the stream stops exactly at its signal.
    const ByteBuffer answer(raw_signal_size, 0);
    for (std::uint64_t k = 1; k <= sync_points(w) && side.error.empty(); ++k) {
      side.error = co_await raw_receive_until(socket, k * period, scratch, side);
      ++side.units;
      if (side.error.empty()) {
        if (auto ec = co_await raw_write(socket, answer)) side.error = "write: " + ec.message();
      }
    }
  }
  if (side.error.empty()) side.error = co_await raw_receive_until(socket, total, scratch, side);
  co_return side;
}

asio::awaitable<Side> raw_sender(std::uint16_t port, Sync kind, Workload w) {
  Side side;
  asio::ip::tcp::socket socket(co_await asio::this_coro::executor);
  if (auto ec = co_await raw_connect(socket, port)) {
    side.error = "connect: " + ec.message();
    co_return side;
  }
  const ByteBuffer message(w.size, 0x5a);
  const ByteBuffer signal(raw_signal_size, 0);
  ByteBuffer answer(raw_signal_size);
  side.started = Clock::now();
  for (std::uint64_t i = 1; i <= w.count && side.error.empty(); ++i) {
    std::error_code ec = co_await raw_write(socket, message);
    ++side.writes;
    if (!ec && i % w.every == 0) {
      ec = co_await raw_write(socket, signal);
      ++side.writes;
      if (!ec && kind == Sync::major) {
        ec = co_await raw_read_exactly(socket, raw_signal_size, answer);
        ++side.units;
        side.finished = Clock::now();
      }
    }
    if (ec) side.error = "sync dialogue: " + ec.message();
  }
  if (side.error.empty()) side.error = co_await raw_close_and_wait(socket);
  co_return side;
}

Run verified(const Outcome& outcome, Sync kind, const Workload& w, bool raw) {
  Run run = measured(outcome);
  run.octets = w.count * w.size;
  run.messages = w.count;
  run.units = sync_points(w);
  run.writes = outcome.client.writes;
  // The raw receiver sees a minor sync point only as octets of the stream, counted with the data.
  const std::uint64_t signals = raw ? sync_points(w) * raw_signal_size : 0;
  fail_if(run, mismatch("server", "octets", outcome.server.octets, w.count * w.size + signals));
  if (!raw) {
    fail_if(run, mismatch("server", "S-DATA indications", outcome.server.messages, w.count));
  }
  if (!raw || kind == Sync::major) {
    fail_if(run, mismatch("server", "sync points", outcome.server.units, sync_points(w)));
  }
  if (kind == Sync::major) {
    fail_if(run, mismatch("client", "sync confirms", outcome.client.units, sync_points(w)));
  }
  return run;
}

Run run_piglix(const Workload& w, Sync kind) {
  Loopback loop;
  net::Server server(loop.server_io.get_executor(), loopback_any_port(), server_options(w));
  auto receiver = asio::co_spawn(loop.server_io, piglix_receiver(server, kind), asio::use_future);
  auto sender = asio::co_spawn(
      loop.client_io, piglix_sender(server.local_endpoint().port(), kind, w), asio::use_future);
  start(loop);
  return verified(finish(loop, sender, receiver, w.time_limit), kind, w, false);
}

Run run_raw(const Workload& w, Sync kind) {
  Loopback loop;
  asio::ip::tcp::acceptor acceptor(loop.server_io, loopback_any_port());
  auto receiver = asio::co_spawn(loop.server_io, raw_receiver(acceptor, kind, w), asio::use_future);
  auto sender = asio::co_spawn(
      loop.client_io, raw_sender(acceptor.local_endpoint().port(), kind, w), asio::use_future);
  start(loop);
  return verified(finish(loop, sender, receiver, w.time_limit), kind, w, true);
}

}  // namespace

Run minor_sync_piglix(const Workload& w) { return run_piglix(w, Sync::minor); }
Run minor_sync_raw(const Workload& w) { return run_raw(w, Sync::minor); }
Run major_sync_piglix(const Workload& w) { return run_piglix(w, Sync::major); }
Run major_sync_raw(const Workload& w) { return run_raw(w, Sync::major); }

}  // namespace piglix::bench_tool
