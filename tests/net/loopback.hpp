// Helpers of the loopback tests: a server on 127.0.0.1 with an io_context run by real threads,
// coroutines run to completion with a time limit, and a raw peer that speaks the protocol
// through a sans-I/O stack over a blocking socket (to misbehave on purpose).
#pragma once

#include <gtest/gtest.h>

#include <asio.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <chrono>
#include <future>
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
  void flush() {
    asio::write(socket, asio::buffer(stack.transport.output));
    stack.transport.output.clear();
  }
  // Reads until the session has an event; returns it.
  session::Event next_event() {
    for (;;) {
      if (auto e = session::poll_event(stack.session)) return std::move(*e);
      std::uint8_t buffer[4096];
      const std::size_t n = socket.read_some(asio::buffer(buffer));
      stack::receive(stack, Bytes(buffer, n));
      flush();
    }
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

  asio::io_context io;
  asio::ip::tcp::socket socket;
  stack::Connection stack;
};

}  // namespace piglix::test
