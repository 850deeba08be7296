// One session as piglix-peer drives it: a loop that prints and queues every indication and
// confirm, and the commands of a script (or the prompt) run against it, one after the other.
#pragma once

#include <asio/awaitable.hpp>
#include <asio/steady_timer.hpp>
#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "exit_status.hpp"
#include "piglix/net/session.hpp"
#include "printer.hpp"
#include "script.hpp"

namespace piglix::peer {

struct Dialogue {
  Dialogue(net::Session s, std::string session_name, const Printer& p,
           std::chrono::milliseconds expect_limit)
      : session(std::move(s)),
        name(std::move(session_name)),
        printer(&p),
        expect_timeout(expect_limit),
        arrival(session.get_executor()),
        space(session.get_executor()) {}

  net::Session session;
  std::string name;  // the peer's address, as every printed line shows it
  const Printer* printer;
  std::chrono::milliseconds expect_timeout;

  std::deque<session::Event> inbox;  // received, not yet taken by `expect` or a listener mode
  bool closed = false;               // the last event has been received
  bool over = false;                 // released or aborted, by either side: nothing more to ask for
  // Waits of next_event() sleep on it; every arrival cancels it.
  asio::steady_timer arrival;
  // At most this many events wait in the inbox: beyond it the receive loop sleeps on `space`
  // (next_event() wakes it), the binding stops reading, and TCP slows the peer down. A script
  // that never expects what a peer floods it with thus costs bounded memory.
  static constexpr std::size_t inbox_limit = 1024;
  asio::steady_timer space;
  // What ack-minor answers when no serial number is given: the last S-SYNC-MINOR.ind.
  std::uint64_t last_minor_indicated = 0;
  // Called once the connection is over (the prompt stops reading then).
  std::function<void()> on_closed;
};

// An address as the binding's log and trace lines name it ("127.0.0.1:40312", "[::1]:102").
std::string endpoint_name(const asio::ip::tcp::endpoint& endpoint);
// The peer's address, so named.
std::string session_name(const net::Session& session);

// Prints and queues every event until the connection is over. Start it once per Dialogue.
asio::awaitable<void> receive_loop(std::shared_ptr<Dialogue> d);

// The next queued event, waiting for one up to `limit` (zero: no limit). std::nullopt when the
// connection is over and nothing is queued, or the time ran out (`timed_out` then says so).
asio::awaitable<std::optional<session::Event>> next_event(Dialogue& d,
                                                          std::chrono::milliseconds limit,
                                                          bool* timed_out = nullptr);

// Runs one command (each of its repeats). A refused request, a failed expectation or an
// unexpected end of the session are printed and returned as the exit status they give.
asio::awaitable<ExitStatus> run_command(Dialogue& d, const Command& command);

// Ends a dialogue whose commands are done: a session left open is aborted (with a note), then
// the rest of its events are printed until the connection closes. Returns `status`, or aborted
// when an abort arrived meanwhile.
asio::awaitable<ExitStatus> finish(Dialogue& d, ExitStatus status);

// Runs a script to its end or to the first failure, then finish().
asio::awaitable<ExitStatus> run_script(Dialogue& d, const std::vector<Command>& script);

// Reads every `file:` payload of `script` into it; the error names the line and the file.
Status load_files(std::vector<Command>& script);

}  // namespace piglix::peer
