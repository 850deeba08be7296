// Helpers of the loopback tests: a server on 127.0.0.1 with an io_context run by real threads,
// coroutines run to completion with a time limit, and a raw peer that speaks the protocol
// through a sans-I/O stack over a blocking socket (to misbehave on purpose).
#pragma once

#include <gtest/gtest.h>

#include <asio.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <chrono>
#include <condition_variable>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "piglix/net.hpp"
#include "piglix/stack.hpp"

namespace piglix::test {

using namespace std::chrono_literals;
inline constexpr auto use_tuple = asio::experimental::as_tuple(asio::use_awaitable);

// Completion of a co_spawned side of a dialogue: an exception there fails the test.
inline void fail_on_throw(std::exception_ptr e) {
  if (!e) return;
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& error) {
    ADD_FAILURE() << "a coroutine threw: " << error.what();
  }
}

// An io_context on `threads` threads and a Server bound to a free loopback port.
struct Loopback {
  explicit Loopback(net::ServerOptions options = {}, int threads = 1,
                    asio::ip::address address = asio::ip::address_v4::loopback())
      : server(io.get_executor(), {address, 0}, std::move(options)), guard(io.get_executor()) {
    for (int i = 0; i < threads; ++i) runners.emplace_back([this] { io.run(); });
  }
  ~Loopback() {
    server.close();
    guard.reset();
    io.stop();
    for (auto& t : runners) t.join();
  }

  std::string port() const { return std::to_string(server.local_endpoint().port()); }

  // Runs the coroutine to its end; fails the test if it throws or takes longer than `limit`.
  template <class Awaitable>
  bool run(Awaitable&& a, std::chrono::seconds limit = 60s) {
    auto done = asio::co_spawn(io, std::forward<Awaitable>(a), asio::use_future);
    if (done.wait_for(limit) != std::future_status::ready) {
      ADD_FAILURE() << "the dialogue did not finish within " << limit.count() << " s";
      return false;
    }
    try {
      done.get();
      return true;
    } catch (const std::exception& e) {
      ADD_FAILURE() << "the dialogue threw: " << e.what();
      return false;
    }
  }

  asio::io_context io;
  net::Server server;
  asio::executor_work_guard<asio::io_context::executor_type> guard;
  std::vector<std::thread> runners;
};

// The next event, which must be a T.
template <class T>
asio::awaitable<T> expect(net::Session& s) {
  auto [ec, event] = co_await s.async_receive(use_tuple);
  if (ec) throw std::runtime_error("async_receive failed: " + ec.message());
  if (auto* t = std::get_if<T>(&event)) co_return std::move(*t);
  throw std::runtime_error("another event than expected arrived (index " +
                           std::to_string(event.index()) + ")");
}

// The next session the server indicates, accepted with `response`.
inline asio::awaitable<net::Session> accept_session(net::Server& server,
                                                    session::AcceptResponse response = {}) {
  auto [ec, s, indication] = co_await server.async_accept(use_tuple);
  if (ec) throw std::runtime_error("accept: " + ec.message());
  co_await s.async_accept(std::move(response), asio::use_awaitable);
  co_return s;
}

// Echoes every S-DATA of an accepted session and accepts its release.
inline asio::awaitable<void> echo(net::Session& s) {
  for (;;) {
    auto [rec, event] = co_await s.async_receive(use_tuple);
    if (rec) co_return;  // connection_closed
    if (auto* data = std::get_if<session::DataIndication>(&event)) {
      co_await s.async_send_data(data->data, asio::use_awaitable);
    } else if (std::holds_alternative<session::ReleaseIndication>(event)) {
      co_await s.async_accept_release({}, asio::use_awaitable);
    }
  }
}

// Serves one session: accepts it, then echo().
inline asio::awaitable<void> echo_one(net::Server& server) {
  net::Session s = co_await accept_session(server);
  co_await echo(s);
}

// The log lines of a server or client, for a test to look for. Outlives what logs into it.
struct LogLines {
  std::function<void(std::string_view)> sink() {
    return [this](std::string_view line) {
      std::lock_guard lock(mutex);
      lines.emplace_back(line);
      changed.notify_all();
    };
  }
  // The first line containing `part`, waiting up to `limit` for it; "" if none came.
  std::string wait_for(std::string_view part, std::chrono::milliseconds limit = 5s) {
    std::unique_lock lock(mutex);
    std::string found;
    changed.wait_for(lock, limit, [&] {
      for (const auto& line : lines) {
        if (line.find(part) != std::string::npos) {
          found = line;
          return true;
        }
      }
      return false;
    });
    return found;
  }
  std::string all() {
    std::lock_guard lock(mutex);
    std::string out;
    for (const auto& line : lines) out += line + "\n";
    return out;
  }

  std::mutex mutex;
  std::condition_variable changed;
  std::vector<std::string> lines;
};

struct RawPeer;
// Connects `peer`'s session to the server, which accepts it; returns the server's Session of
// it, or an empty one (with a test failure) when the peer's S-CONNECT was not accepted.
net::Session establish_raw_peer(Loopback& net, RawPeer& peer);

inline ByteBuffer pattern(std::size_t n, unsigned seed = 0) {
  ByteBuffer b(n);
  for (std::size_t i = 0; i < n; ++i) b[i] = static_cast<std::uint8_t>((i * 131 + seed * 7) >> 3);
  return b;
}

// A peer of our own making over a blocking socket: the stack makes the octets, the test decides
// what of them to send and when to stop.
struct RawPeer {
  explicit RawPeer(const std::string& port, stack::Config config = {})
      : socket(io), stack(stack::make_initiator(std::move(config))) {
    socket.connect({asio::ip::address_v4::loopback(), static_cast<std::uint16_t>(std::stoi(port))});
    stack::network_connected(stack);
  }

  // Writes everything the stack has to send.
  void flush() { asio::write(socket, asio::buffer(stack.transport.output.take_all())); }
  // Reads (answering as the stack does) until the session has an event and returns it, or
  // returns nothing once `limit` passes or the connection ends.
  std::optional<session::Event> try_next_event(std::chrono::milliseconds limit,
                                               std::error_code* why = nullptr) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    for (;;) {
      if (auto e = session::poll_event(stack.session)) return e;
      std::uint8_t buffer[4096];
      std::size_t n = 0;
      std::error_code error = make_error_code(errc::timed_out);
      socket.async_read_some(asio::buffer(buffer), [&](std::error_code ec, std::size_t got) {
        error = ec == asio::error::operation_aborted ? make_error_code(errc::timed_out) : ec;
        n = got;
      });
      io.restart();
      io.run_until(deadline);
      if (!io.stopped()) {
        socket.cancel();
        io.run();
      }
      if (error) {
        if (why) *why = error;
        return std::nullopt;
      }
      stack::receive(stack, Bytes(buffer, n));
      flush();
    }
  }
  // The next event; fails the test (and returns an empty Event) when none comes in time.
  session::Event next_event(std::chrono::milliseconds limit = 20s) {
    std::error_code why;
    if (auto e = try_next_event(limit, &why)) return std::move(*e);
    ADD_FAILURE() << "no event came: " << why.message();
    return {};
  }
  // Connects the session (CR/CC, CN/AC) with the server accepting.
  void establish(session::ConnectRequest request = {}) {
    (void)session::connect(stack.session, std::move(request));
    stack::pump(stack);
    flush();
  }
  // Reads until the server closes the connection or `limit` passes, appending what arrives to
  // `got`. Returns asio::error::eof for a close, errc::timed_out when the limit passed first.
  std::error_code read_until_closed(std::chrono::milliseconds limit, ByteBuffer* got = nullptr) {
    std::error_code end = make_error_code(errc::timed_out);
    std::uint8_t buffer[4096];
    std::function<void()> next = [&] {
      socket.async_read_some(asio::buffer(buffer), [&](std::error_code ec, std::size_t n) {
        if (got) got->insert(got->end(), buffer, buffer + n);
        if (!ec) return next();
        if (ec != asio::error::operation_aborted) end = ec;
      });
    };
    next();
    io.restart();
    io.run_for(limit);
    if (!io.stopped()) {  // the limit passed with a read still waiting
      socket.cancel();
      io.run();
    }
    return end;
  }

  void send_raw(Bytes octets) { asio::write(socket, asio::buffer(octets.data(), octets.size())); }
  // Sends one octet at a time, `gap` apart (a slow peer), until all are sent or the connection
  // fails; true if all were sent.
  bool trickle(Bytes octets, std::chrono::milliseconds gap) {
    for (std::uint8_t octet : octets) {
      std::error_code ec;
      asio::write(socket, asio::buffer(&octet, 1), ec);
      if (ec) return false;
      std::this_thread::sleep_for(gap);
    }
    return true;
  }
  // Closes with a TCP reset (RST) instead of an orderly FIN.
  void reset() {
    socket.set_option(asio::socket_base::linger(true, 0));
    socket.close();
  }

  asio::io_context io;
  asio::ip::tcp::socket socket;
  stack::Connection stack;
};

// A dialogue of one more session with the server (data echoed, then released): what every fault
// test ends with, to show that the server kept serving the others.
inline bool serves_another_session(Loopback& net) {
  asio::co_spawn(net.io, echo_one(net.server), fail_on_throw);
  return net.run(
      [&]() -> asio::awaitable<void> {
        auto [ec, s, confirm] = co_await net::async_connect(net.io.get_executor(), "127.0.0.1",
                                                            net.port(), {}, {}, use_tuple);
        if (ec) throw std::runtime_error("another session: connect: " + ec.message());
        const ByteBuffer data = pattern(3000, 5);
        co_await s.async_send_data(data, asio::use_awaitable);
        auto echo = co_await expect<session::DataIndication>(s);
        if (echo.data != data) throw std::runtime_error("another session: the echo differs");
        co_await s.async_release({}, asio::use_awaitable);
        co_await expect<session::ReleaseConfirm>(s);
      },
      20s);
}

// What the server side of one session saw: every event until the connection closed.
struct Seen {
  std::vector<session::Event> events;
  std::error_code end;
};

inline asio::awaitable<void> accept_and_collect(net::Server& server, std::promise<Seen>& result,
                                                session::AcceptResponse response = {}) {
  net::Session s = co_await accept_session(server, std::move(response));
  Seen seen;
  for (;;) {
    auto [rec, event] = co_await s.async_receive(use_tuple);
    if (rec) {
      seen.end = rec;
      break;
    }
    seen.events.push_back(std::move(event));
  }
  result.set_value(std::move(seen));
}

// A raw peer establishes a session with `net`'s server (`request` proposing, `response`
// accepting), then does `misbehave`; returns what the server saw once the connection ended.
template <class F>
Seen server_view(Loopback& net, F misbehave, session::ConnectRequest request = {},
                 session::AcceptResponse response = {}) {
  std::promise<Seen> result;
  asio::co_spawn(net.io, accept_and_collect(net.server, result, std::move(response)),
                 fail_on_throw);
  {
    RawPeer peer(net.port());
    peer.establish(std::move(request));
    const session::Event confirm = peer.next_event();
    EXPECT_TRUE(std::holds_alternative<session::ConnectConfirm>(confirm));
    misbehave(peer);
  }  // the peer's socket closes here, unless it already did
  auto seen = result.get_future();
  if (seen.wait_for(20s) != std::future_status::ready) {
    ADD_FAILURE() << "the server never saw the end of the connection";
    return {};
  }
  return seen.get();
}

template <class T>
bool is(const session::Event& e) {
  return std::holds_alternative<T>(e);
}

inline net::Session establish_raw_peer(Loopback& net, RawPeer& peer) {
  // Shared: the accepting side may still finish after a failure returned early.
  auto served = std::make_shared<std::promise<net::Session>>();
  asio::co_spawn(
      net.io,
      [&net, served]() -> asio::awaitable<void> {
        served->set_value(co_await accept_session(net.server));
      },
      fail_on_throw);
  peer.establish();
  if (!is<session::ConnectConfirm>(peer.next_event())) {
    ADD_FAILURE() << "the peer's session was not confirmed";
    return {};
  }
  return served->get_future().get();
}

}  // namespace piglix::test
