// The thread layout of every run, piglix and raw alike: the server side on one io_context and
// thread, the client side on another, both ends of every TCP connection in this process.
#pragma once

#include <asio/awaitable.hpp>
#include <asio/executor_work_guard.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/steady_timer.hpp>
#include <asio/use_awaitable.hpp>
#include <cstddef>
#include <future>
#include <string>
#include <string_view>
#include <thread>

#include "bench.hpp"

namespace piglix::bench_tool {

// Every asynchronous operation completes with its error code as a value: what a peer does is
// never an exception here.
inline constexpr auto use_tuple = asio::experimental::as_tuple(asio::use_awaitable);

inline asio::ip::tcp::endpoint loopback_any_port() { return {asio::ip::address_v4::loopback(), 0}; }

struct Loopback {
  // Concurrency hint 1: each context is run by exactly one thread.
  asio::io_context server_io{1};
  asio::io_context client_io{1};
  asio::executor_work_guard<asio::io_context::executor_type> server_work{server_io.get_executor()};
  asio::executor_work_guard<asio::io_context::executor_type> client_work{client_io.get_executor()};
  std::thread server_thread;
  std::thread client_thread;

  Loopback() = default;
  Loopback(const Loopback&) = delete;
  Loopback& operator=(const Loopback&) = delete;
  ~Loopback();  // stop()s first
};

void start(Loopback& loop);
// Stops both contexts and joins their threads; what is still pending is destroyed with them.
void stop(Loopback& loop);

// What both sides of a run returned, or why the run failed.
struct Outcome {
  std::string error;
  Side client;
  Side server;
};

// Waits for the two sides, at most `limit` in all, then stops the loop. The client is waited for
// first: when it fails, the server gets only a moment more to report its own error.
Outcome finish(Loopback& loop, std::future<Side>& client, std::future<Side>& server,
               Clock::duration limit);

// A run's numbers from its two sides: the clock runs from the client's first send to the last
// octet either side received.
Run measured(const Outcome& outcome);

// "server: received 10 of 12 octets" when `got` differs from `expected`, else empty.
std::string mismatch(std::string_view who, std::string_view what, std::uint64_t got,
                     std::uint64_t expected);

// Makes `problem` the run's error unless it already failed or there is no problem.
inline void fail_if(Run& run, std::string problem) {
  if (run.error.empty()) run.error = std::move(problem);
}

// Lets a coroutine wait for those it spawned on the same thread: each is add()ed before it is
// spawned and calls done() at its end; wait() returns once none is left running.
struct Pending {
  explicit Pending(const asio::any_io_executor& executor);
  void add() { ++running; }
  void done();
  asio::awaitable<void> wait();

  std::size_t running = 0;
  asio::steady_timer timer;
};

// Raises the soft descriptor limit to the hard one; returns the limit in force.
std::size_t raise_descriptor_limit();

}  // namespace piglix::bench_tool
