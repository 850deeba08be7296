// The two-thread loopback layout, waiting for a run's two sides, and the checks every scenario
// shares.
#include "loopback.hpp"

#include <fmt/format.h>
#include <sys/resource.h>

#include <algorithm>
#include <exception>

namespace piglix::bench_tool {

Loopback::~Loopback() { stop(*this); }

void start(Loopback& loop) {
  loop.server_thread = std::thread([&loop] { loop.server_io.run(); });
  loop.client_thread = std::thread([&loop] { loop.client_io.run(); });
}

void stop(Loopback& loop) {
  loop.server_work.reset();
  loop.client_work.reset();
  loop.server_io.stop();
  loop.client_io.stop();
  if (loop.server_thread.joinable()) loop.server_thread.join();
  if (loop.client_thread.joinable()) loop.client_thread.join();
}

namespace {

// The side's result, or an error when it did not finish by `deadline` or threw (which only a
// local failure such as std::bad_alloc can make it do).
Side collect(std::string_view who, std::future<Side>& side, Clock::time_point deadline) {
  if (side.wait_until(deadline) != std::future_status::ready) {
    Side late;
    late.error = fmt::format("{}: did not finish within the time limit", who);
    return late;
  }
  try {
    Side done = side.get();
    if (!done.error.empty()) done.error = fmt::format("{}: {}", who, done.error);
    return done;
  } catch (const std::exception& e) {
    Side failed;
    failed.error = fmt::format("{}: {}", who, e.what());
    return failed;
  }
}

}  // namespace

Outcome finish(Loopback& loop, std::future<Side>& client, std::future<Side>& server,
               Clock::duration limit) {
  Outcome outcome;
  const Clock::time_point deadline = Clock::now() + limit;
  outcome.client = collect("client", client, deadline);
  // A failed client usually means the server failed first: give it a moment to say why.
  const Clock::time_point server_deadline =
      outcome.client.error.empty() ? deadline
                                   : std::min(deadline, Clock::now() + std::chrono::seconds(1));
  outcome.server = collect("server", server, server_deadline);
  stop(loop);
  if (!outcome.server.error.empty()) outcome.error = outcome.server.error;
  if (!outcome.client.error.empty()) {
    outcome.error =
        outcome.error.empty() ? outcome.client.error : outcome.client.error + "; " + outcome.error;
  }
  return outcome;
}

Run measured(const Outcome& outcome) {
  Run run;
  run.error = outcome.error;
  if (!run.error.empty()) return run;
  const Side& c = outcome.client;
  const Side& s = outcome.server;
  const Clock::time_point last = std::max(c.finished, s.finished);
  run.seconds = std::chrono::duration<double>(last - c.started).count();
  if (run.seconds <= 0) run.error = "no time passed between the first send and the last octet";
  return run;
}

std::string mismatch(std::string_view who, std::string_view what, std::uint64_t got,
                     std::uint64_t expected) {
  if (got == expected) return {};
  return fmt::format("{}: received {} of {} {}", who, got, expected, what);
}

Pending::Pending(const asio::any_io_executor& executor)
    : timer(executor, asio::steady_timer::time_point::max()) {}

void Pending::done() {
  if (running > 0 && --running == 0) timer.cancel();
}

asio::awaitable<void> Pending::wait() {
  // The timer never expires by itself; the last done() cancels it, which wakes the waiter.
  while (running > 0) co_await timer.async_wait(use_tuple);
}

std::size_t raise_descriptor_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 1024;
  if (limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    (void)setrlimit(RLIMIT_NOFILE, &limit);
    (void)getrlimit(RLIMIT_NOFILE, &limit);
  }
  return static_cast<std::size_t>(limit.rlim_cur);
}

}  // namespace piglix::bench_tool
