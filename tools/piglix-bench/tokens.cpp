// tokens: half duplex, the data token going back and forth. In each turn one side sends `every`
// S-DATA and gives the token; the other receives them and the token, then takes its turn.
#include <asio/co_spawn.hpp>
#include <asio/use_future.hpp>

#include "loopback.hpp"
#include "piglix_side.hpp"
#include "raw_tcp.hpp"
#include "scenarios.hpp"

namespace piglix::bench_tool {

namespace {

// The data token starts with the client (connect_session); an even number of turns brings it
// back there, so the client may release at the end.
constexpr std::uint16_t units = spdu::fu::half_duplex;

std::uint64_t turns(const Workload& w) { return w.count + w.count % 2; }
bool clients_turn(std::uint64_t turn) { return turn % 2 == 0; }

asio::awaitable<std::string> piglix_send_turn(net::Session& s, const ByteBuffer& message,
                                              std::size_t per_turn) {
  for (std::size_t i = 0; i < per_turn; ++i) {
    auto [ec] = co_await s.async_send_data(message, use_tuple);
    if (ec) co_return "S-DATA: " + ec.message();
  }
  auto [ec] = co_await s.async_give_tokens(spdu::token::data, use_tuple);
  if (ec) co_return "S-TOKEN-GIVE: " + ec.message();
  co_return std::string();
}

// The peer's turn: its data, then the token.
asio::awaitable<std::string> piglix_receive_turn(net::Session& s, Side& side) {
  for (;;) {
    auto [ec, event] = co_await s.async_receive(use_tuple);
    if (ec) co_return "receive: " + ec.message();
    side.finished = Clock::now();
    if (auto* data = std::get_if<session::DataIndication>(&event)) {
      side.octets += data->data.size();
      ++side.messages;
    } else if (auto* given = std::get_if<session::TokenGiveIndication>(&event);
               given && given->tokens == spdu::token::data) {
      ++side.units;
      co_return std::string();
    } else {
      co_return unexpected(event);
    }
  }
}

// Both sides play the same turns; `client` says which are this side's.
asio::awaitable<std::string> piglix_play(net::Session& s, bool client, const Workload& w,
                                         Side& side) {
  const ByteBuffer message(w.size, 0x5a);
  for (std::uint64_t turn = 0; turn < turns(w); ++turn) {
    // No co_await inside ?: : g++ 12 destroys its temporaries twice.
    std::string error;
    if (clients_turn(turn) == client) {
      error = co_await piglix_send_turn(s, message, w.every);
    } else {
      error = co_await piglix_receive_turn(s, side);
    }
    if (!error.empty()) co_return error;
  }
  co_return std::string();
}

asio::awaitable<Side> piglix_server(net::Server& server, Workload w) {
  Side side;
  Connected c = co_await accept_session(server, units);
  side.error = c.error;
  if (side.error.empty()) side.error = co_await piglix_play(c.session, false, w, side);
  while (side.error.empty()) {
    auto [ec, event] = co_await c.session.async_receive(use_tuple);
    if (ec == errc::connection_closed) break;
    if (ec) {
      side.error = "receive: " + ec.message();
    } else {
      side.error = co_await answer_release(c.session, event);
    }
  }
  co_return side;
}

asio::awaitable<Side> piglix_client(std::uint16_t port, Workload w) {
  Side side;
  Connected c = co_await connect_session(port, units, w);
  if (!c.error.empty()) {
    side.error = c.error;
    co_return side;
  }
  const std::uint64_t writes_before = c.session.statistics().writes;
  side.started = Clock::now();
  side.error = co_await piglix_play(c.session, true, w, side);
  if (side.error.empty()) side.error = co_await release_session(c.session);
  side.writes = c.session.statistics().writes - writes_before;
  co_return side;
}

// Raw: a turn is `every` message writes and one small "turn" write; the other side reads exactly
// that much before it takes its own turn.
asio::awaitable<std::string> raw_play(asio::ip::tcp::socket& socket, bool client, const Workload& w,
                                      Side& side) {
  const ByteBuffer message(w.size, 0x5a);
  const ByteBuffer turn_signal(raw_signal_size, 0);
  ByteBuffer scratch(w.read_size);
  const std::uint64_t turn_octets = w.every * w.size + raw_signal_size;
  for (std::uint64_t turn = 0; turn < turns(w); ++turn) {
    if (clients_turn(turn) != client) {
      std::string error =
          co_await raw_receive_until(socket, side.octets + turn_octets, scratch, side);
      if (!error.empty()) co_return error;
      ++side.units;
      continue;
    }
    for (std::size_t i = 0; i <= w.every; ++i, ++side.writes) {
      const Bytes octets = i < w.every ? Bytes(message) : Bytes(turn_signal);
      if (auto ec = co_await raw_write(socket, octets)) co_return "write: " + ec.message();
    }
  }
  co_return std::string();
}

asio::awaitable<Side> raw_server(asio::ip::tcp::acceptor& acceptor, Workload w) {
  Side side;
  asio::ip::tcp::socket socket(acceptor.get_executor());
  if (auto ec = co_await raw_accept(acceptor, socket)) {
    side.error = "accept: " + ec.message();
    co_return side;
  }
  side.error = co_await raw_play(socket, false, w, side);
  if (side.error.empty()) side.error = co_await raw_close_and_wait(socket);
  co_return side;
}

asio::awaitable<Side> raw_client(std::uint16_t port, Workload w) {
  Side side;
  asio::ip::tcp::socket socket(co_await asio::this_coro::executor);
  if (auto ec = co_await raw_connect(socket, port)) {
    side.error = "connect: " + ec.message();
    co_return side;
  }
  side.started = Clock::now();
  side.error = co_await raw_play(socket, true, w, side);
  if (side.error.empty()) side.error = co_await raw_close_and_wait(socket);
  co_return side;
}

Run verified(const Outcome& outcome, const Workload& w, bool raw) {
  Run run = measured(outcome);
  const std::uint64_t each = turns(w) / 2;  // turns each side received
  const std::uint64_t data_octets = each * w.every * w.size;
  const std::uint64_t signal_octets = raw ? each * raw_signal_size : 0;
  run.octets = 2 * data_octets;
  run.messages = turns(w) * w.every;
  run.units = outcome.client.units + outcome.server.units;
  run.writes = outcome.client.writes;
  for (const Side* side : {&outcome.client, &outcome.server}) {
    const char* who = side == &outcome.client ? "client" : "server";
    fail_if(run, mismatch(who, "octets", side->octets, data_octets + signal_octets));
    fail_if(run, mismatch(who, "turns", side->units, each));
  }
  return run;
}

}  // namespace

Run tokens_piglix(const Workload& w) {
  Loopback loop;
  net::Server server(loop.server_io.get_executor(), loopback_any_port(), server_options(w));
  auto peer = asio::co_spawn(loop.server_io, piglix_server(server, w), asio::use_future);
  auto client = asio::co_spawn(loop.client_io, piglix_client(server.local_endpoint().port(), w),
                               asio::use_future);
  start(loop);
  return verified(finish(loop, client, peer, w.time_limit), w, false);
}

Run tokens_raw(const Workload& w) {
  Loopback loop;
  asio::ip::tcp::acceptor acceptor(loop.server_io, loopback_any_port());
  auto peer = asio::co_spawn(loop.server_io, raw_server(acceptor, w), asio::use_future);
  auto client = asio::co_spawn(loop.client_io, raw_client(acceptor.local_endpoint().port(), w),
                               asio::use_future);
  start(loop);
  return verified(finish(loop, client, peer, w.time_limit), w, true);
}

}  // namespace piglix::bench_tool
