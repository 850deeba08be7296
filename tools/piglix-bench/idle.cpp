// idle: many established sessions that send nothing, all held by this process's server, and the
// resident memory each one costs. The clients run in a child process (this program again, with
// --idle-clients), so that the server side alone is measured and each process has the whole
// descriptor limit for its own end of the connections.
#include <fmt/format.h>
#include <malloc.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/use_future.hpp>
#include <cstdio>
#include <fstream>

#include "loopback.hpp"
#include "piglix_side.hpp"
#include "raw_tcp.hpp"
#include "scenarios.hpp"

extern char** environ;

namespace piglix::bench_tool {

namespace {

constexpr std::uint16_t units = spdu::fu::duplex;
// Connects in flight at once: enough to keep the listener busy, few enough for its backlog.
constexpr std::size_t connect_window = 128;

std::uint64_t resident_octets() {
  std::ifstream statm("/proc/self/statm");
  std::uint64_t size = 0, resident = 0;
  statm >> size >> resident;
  return resident * static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
}

// Octets the allocator has handed out and not taken back: unlike the resident size, it does not
// depend on what earlier runs of this process freed and left for reuse.
std::uint64_t heap_in_use() {
  const struct mallinfo2 info = ::mallinfo2();
  return info.uordblks + info.hblkhd;
}

// The child: `n` clients to 127.0.0.1:`port`, each established, then idle until standard input
// closes (the parent has measured). One line on standard output says they are all up.
struct Child {
  pid_t pid = -1;
  int to_child = -1;    // closing it ends the child
  int from_child = -1;  // "up\n" once every client is established
};

Child spawn_clients(std::uint16_t port, std::size_t n, bool raw) {
  int down[2], up[2];
  if (::pipe(down) != 0 || ::pipe(up) != 0) return {};
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, down[0], STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, up[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, down[1]);
  posix_spawn_file_actions_addclose(&actions, up[0]);
  std::string self = "/proc/self/exe", flag = "--idle-clients", p = std::to_string(port),
              count = std::to_string(n), kind = raw ? "raw" : "piglix";
  char* argv[] = {self.data(), flag.data(), p.data(), count.data(), kind.data(), nullptr};
  Child child;
  if (posix_spawn(&child.pid, self.c_str(), &actions, nullptr, argv, environ) != 0) child.pid = -1;
  posix_spawn_file_actions_destroy(&actions);
  ::close(down[0]);
  ::close(up[1]);
  child.to_child = down[1];
  child.from_child = up[0];
  return child;
}

std::string end_child(Child& child) {
  if (child.to_child >= 0) ::close(child.to_child);
  if (child.from_child >= 0) ::close(child.from_child);
  int status = 0;
  if (child.pid > 0 && ::waitpid(child.pid, &status, 0) == child.pid && WIFEXITED(status) &&
      WEXITSTATUS(status) == 0)
    return {};
  return fmt::format("the client process failed (status {})", status);
}

// The server side of a run: accepts `n` connections with `accept_one`, measuring the time and
// the resident memory they add.
template <class AcceptOne>
Run serve_idle(const Workload& w, std::uint16_t port, AcceptOne accept_one, bool raw,
               Loopback& loop) {
  Run run;
  const std::uint64_t before = resident_octets();
  const std::uint64_t heap_before = heap_in_use();
  const auto start = Clock::now();
  Child child = spawn_clients(port, w.sessions, raw);
  if (child.pid < 0) {
    run.error = "cannot start the client process";
    return run;
  }
  auto accepted = asio::co_spawn(loop.server_io, accept_one(w.sessions), asio::use_future);
  if (accepted.wait_for(w.time_limit) != std::future_status::ready) {
    run.error = "the sessions were not all accepted within the time limit";
  } else if (std::string error = accepted.get(); !error.empty()) {
    run.error = error;
  }
  // The child says when all its clients are established too.
  char line[8] = {};
  if (run.error.empty() && ::read(child.from_child, line, sizeof line) <= 0)
    run.error = "the client process ended early";
  run.setup_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  run.seconds = run.setup_seconds;
  run.units = w.sessions;
  const auto per_session = [&](std::uint64_t now, std::uint64_t then) {
    return now > then ? static_cast<double>(now - then) / static_cast<double>(w.sessions) : 0.0;
  };
  run.resident_per_session = per_session(resident_octets(), before);
  run.heap_per_session = per_session(heap_in_use(), heap_before);
  if (std::string error = end_child(child); run.error.empty()) run.error = error;
  return run;
}

}  // namespace

Run idle_piglix(const Workload& w) {
  Loopback loop;
  net::Server server(loop.server_io.get_executor(), loopback_any_port(), server_options(w));
  start(loop);
  std::vector<net::Session> sessions;
  sessions.reserve(w.sessions);
  auto accept_all = [&](std::size_t n) -> asio::awaitable<std::string> {
    for (std::size_t i = 0; i < n; ++i) {
      Connected c = co_await accept_session(server, units);
      if (!c.error.empty()) co_return c.error;
      sessions.push_back(std::move(c.session));
    }
    co_return std::string();
  };
  Run run = serve_idle(w, server.local_endpoint().port(), accept_all, false, loop);
  server.close();
  for (auto& s : sessions) s.close();
  stop(loop);
  return run;
}

Run idle_raw(const Workload& w) {
  Loopback loop;
  asio::ip::tcp::acceptor acceptor(loop.server_io, loopback_any_port());
  start(loop);
  // What a minimal raw server holds per connection: the socket and a wait for input on it.
  std::vector<std::unique_ptr<asio::ip::tcp::socket>> sockets;
  sockets.reserve(w.sessions);
  auto accept_all = [&](std::size_t n) -> asio::awaitable<std::string> {
    for (std::size_t i = 0; i < n; ++i) {
      auto socket = std::make_unique<asio::ip::tcp::socket>(loop.server_io);
      if (auto ec = co_await raw_accept(acceptor, *socket)) co_return "accept: " + ec.message();
      socket->async_wait(asio::socket_base::wait_read, [](std::error_code) {});
      sockets.push_back(std::move(socket));
    }
    co_return std::string();
  };
  Run run = serve_idle(w, acceptor.local_endpoint().port(), accept_all, true, loop);
  asio::post(loop.server_io, [&] {
    for (auto& s : sockets) s->close();
    acceptor.close();
  });
  stop(loop);
  return run;
}

int idle_clients(std::uint16_t port, std::size_t n, bool raw) {
  asio::io_context io{1};
  Workload w;
  w.tpdu_size_code = 0x10;
  std::vector<net::Session> sessions;
  std::vector<std::unique_ptr<asio::ip::tcp::socket>> sockets;
  std::size_t started = 0, done = 0, failed = 0;
  // Keeps `connect_window` connects in flight until all `n` are made.
  std::function<void()> next = [&] {
    while (started < n && started - done < connect_window) {
      ++started;
      asio::co_spawn(
          io,
          [&]() -> asio::awaitable<void> {
            if (raw) {
              auto socket = std::make_unique<asio::ip::tcp::socket>(io);
              if (co_await raw_connect(*socket, port)) ++failed;
              sockets.push_back(std::move(socket));
            } else {
              Connected c = co_await connect_session(port, units, w);
              if (!c.error.empty()) ++failed;
              sessions.push_back(std::move(c.session));
            }
            ++done;
            next();
          },
          asio::detached);
    }
  };
  next();
  while (done < n && !failed) io.run_one();
  if (failed) return 1;
  std::fputs("up\n", stdout);
  std::fflush(stdout);
  // Idle until the parent has measured and closes our standard input.
  asio::post(io, [] {});
  std::thread wait_for_parent([&] {
    char c;
    while (::read(STDIN_FILENO, &c, 1) > 0) {
    }
    asio::post(io, [&] { io.stop(); });
  });
  auto guard = asio::make_work_guard(io);
  io.run();
  wait_for_parent.join();
  return 0;
}

}  // namespace piglix::bench_tool
