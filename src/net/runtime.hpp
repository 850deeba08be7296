// detail::Runtime: what one connection of piglix::net owns — its socket, strand, timers and the
// sans-I/O stack — and the one reader loop, one writer loop and timers that drive it.
//
// Everything here runs on the connection's strand. After every input (octets read, a write done,
// a timer, a user request) settle() moves the machine's outputs out: octets to the writer, events
// to a waiting async_receive(), TIM to its timer, and the end of the connection to the socket.
#pragma once

#include <asio/buffer.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/steady_timer.hpp>
#include <asio/strand.hpp>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <system_error>
#include <variant>
#include <vector>

#include "piglix/fifo.hpp"
#include "piglix/net/completion.hpp"
#include "piglix/net/options.hpp"
#include "piglix/net/session.hpp"
#include "piglix/stack.hpp"

namespace piglix::net::detail {

// A connection's strand, type-erased. Over an io_context's own executor (what is nearly always
// given) the strand fits inside the any_io_executor, so copying it (the executor of every handler,
// every work guard) allocates nothing; a strand over an executor that is type-erased already does
// not fit, and cost a heap allocation per copy: ten per round trip of a request/response dialogue.
using Strand = asio::any_io_executor;
// The executor a connection's handlers run on: a strand over `executor`, or with
// Options::single_thread over an io_context that executor itself.
Strand make_strand_for(const asio::any_io_executor& executor, bool single_thread);
using EventHandler = Completion<std::error_code, session::Event>;
using RequestHandler = Completion<std::error_code, std::uint64_t>;

struct Runtime : std::enable_shared_from_this<Runtime> {
  Runtime(const asio::any_io_executor& executor, Options options);
  ~Runtime();
  Runtime(const Runtime&) = delete;
  Runtime& operator=(const Runtime&) = delete;

  Strand strand;
  asio::ip::tcp::socket socket;
  Options options;
  stack::Connection stack;
  asio::ip::tcp::endpoint peer;
  std::string name;  // "address:port" of the peer, for log lines

  // Reader and writer.
  bool reading = false;                          // a read loop runs or a wait for input is pending
  OutputQueue writing;                           // octets of the write in flight
  std::vector<asio::const_buffer> write_pieces;  // `writing` as the gather write's buffers
  bool write_in_flight = false;
  // The socket is registered for writability: a connect or an asynchronous write waited for it.
  bool write_interest = false;
  bool socket_open = false;
  bool network_lost = false;  // the stack was told the TCP connection is gone

  // Statistics (written on the strand, read from anywhere).
  struct Counters {
    std::atomic<std::uint64_t> reads = 0, empty_reads = 0, octets_read = 0, writes = 0,
                               octets_written = 0;
  } counters;
  // Adds to a counter. Only the strand writes them, so a load and a store do, without the locked
  // read-modify-write of fetch_add (four per message); readers still see whole values.
  static void count(std::atomic<std::uint64_t>& counter, std::uint64_t n) {
    counter.store(counter.load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
  }

  // Timers: TIM (armed for one generation), the set-up limit, the idle limit.
  asio::steady_timer tim_timer;
  std::optional<std::uint32_t> tim_armed;
  asio::steady_timer connect_timer;
  asio::steady_timer idle_timer;
  bool established = false;   // the S-CONNECT confirm or response is done
  bool abort_logged = false;  // the session's AbortIndication has had its log line

  // Waiting operations, each with the identifier its canceller names it by (see
  // next_operation_id()).
  EventHandler receive_waiter;
  std::uint64_t receive_id = 0;
  // Requests taken by the machine, waiting for the output queue to drop to the high-water mark,
  // with the value each completes with.
  struct Drain {
    RequestHandler handler;  // empty once cancelled
    std::uint64_t value = 0;
    std::uint64_t id = 0;
  };
  Fifo<Drain> drain_waiters;
  // Called once with the first connect event (client: confirm or abort; server: the indication
  // or whatever ended the set-up), instead of async_receive.
  std::function<void(std::error_code, std::optional<session::Event>)> on_setup;
  // Server side: told when this connection is gone, to forget it.
  std::function<void()> on_closed;
  std::error_code ended;  // why the socket was closed, once it was
  std::atomic<std::uint64_t> operation_ids = 0;

  // A turn is the handler of an I/O completion on the strand (a read, a write, a timer, a posted
  // write; see IoScope) with everything it leads to. What a turn makes waits for its end: the
  // octets queued leave then in one write, and the user's handlers made ready run then, at once,
  // instead of after another round of the scheduler; what they request is part of the turn too.
  // In a request/response dialogue a message costs one scheduler round and no posted completion
  // at all. Octets queued outside a turn (a request from a user's thread) post a turn to write
  // them, so that requests made meanwhile join the same write. A completion made by a request the
  // user just started is never run inside the initiating call.
  struct ReadyEvent {
    EventHandler handler;
    std::error_code ec;
    session::Event event;
  };
  struct ReadyRequest {
    RequestHandler handler;
    std::error_code ec;
    std::uint64_t value = 0;
  };
  int turn_depth = 0;          // IoScopes open on the strand
  bool flush_pending = false;  // octets queued in this turn leave at its end
  bool flush_posted = false;   // octets queued outside a turn: a turn to write them is posted
  // A short read drained the socket while the turn had more to do: the wait for more input is
  // queued once the turn's write and the user's handlers are done (reading stays true meanwhile).
  bool wait_after_ready = false;
  std::vector<std::variant<ReadyEvent, ReadyRequest>> ready;

  // Starts the reader (the socket is open) and the set-up limit.
  void start(Duration setup_limit);
  // Moves the stack's outputs out; called after every input.
  void settle();
  void start_receive(EventHandler handler, std::uint64_t id);
  void start_request(const Request& request, RequestHandler handler, std::uint64_t id);
  // A new identifier for an operation, from any thread: what its canceller names it by, so that
  // a cancellation that arrives after the operation ended touches nothing. Never 0, the
  // identifier of an operation nothing can cancel.
  std::uint64_t next_operation_id() { return operation_ids.fetch_add(1) + 1; }
  // Cancellation, on the strand: the waiting async_receive() `id` completes with
  // operation_aborted (no event is taken); so does the request `id` still waiting for the output
  // queue to drain (the machine has taken it: only terminal cancellation asks this).
  void cancel_receive(std::uint64_t id);
  void cancel_request(std::uint64_t id);
  // Server shutdown: S-RELEASE where the state and tokens allow it, a refusal for a session in
  // set-up, S-U-ABORT otherwise.
  void wind_down();
  // Closes the socket now; `why` reaches operations still waiting.
  void close(std::error_code why);
  void log(std::string_view what) const;
  // io_context shutdown: drops every waiting handler without calling it (see registry.hpp).
  void abandon();

 private:
  void read();
  // Too many events, or too many octets in them, wait for the user: reading pauses.
  bool input_backlogged() const;
  void wait_readable();
  // Registers the socket anew, for input only (see wait_readable()).
  std::error_code forget_write_interest();
  // Queues the write of the output: at the end of this turn, or in a turn posted for it.
  void write();
  // Writes the output now: one gather write, then, for what the socket did not take at once, an
  // asynchronous write.
  void flush();
  // After flush(): completes the requests the write took, or closes a finished connection.
  void after_flush();
  void arm_tim();
  void arm_idle();
  void log_abort();
  void deliver_events();
  void release_drain_waiters();
  void lose_network(std::error_code why);
  void complete(EventHandler handler, std::error_code ec, session::Event event);
  void complete(RequestHandler handler, std::error_code ec, std::uint64_t value);
  void run_ready();
  // The end of a turn: writes, runs `ready`, and again, for what the handlers made; then the wait
  // for input it deferred.
  void end_turn();
  friend class IoScope;
};

// Open for the length of an I/O completion handler on the strand: a turn (see Runtime::ready).
class IoScope {
 public:
  explicit IoScope(Runtime& rt) : rt_(rt) { ++rt_.turn_depth; }
  ~IoScope() {
    // The turn ends while still open, so that what end_turn() runs is part of it.
    if (rt_.turn_depth == 1) rt_.end_turn();
    --rt_.turn_depth;
  }
  IoScope(const IoScope&) = delete;
  IoScope& operator=(const IoScope&) = delete;

 private:
  Runtime& rt_;
};

// A Runtime known to its io_context's Registry.
std::shared_ptr<Runtime> make_runtime(const asio::any_io_executor& executor, Options options);

// Runs `f` on the runtime's strand (at once when already there), keeping the runtime alive.
template <class F>
void on_strand(const std::shared_ptr<Runtime>& rt, F&& f) {
  if (runs_in_this_thread(rt->strand)) {
    // What dispatch() does here, without its copies of the executor and of `f`.
    const std::shared_ptr<Runtime> keep = rt;
    f(*keep);
    return;
  }
  asio::dispatch(rt->strand, [rt, f = std::forward<F>(f)]() mutable { f(*rt); });
}

// The error code an event that ends the set-up (or the session) maps to.
std::error_code error_of(const session::Event& event);

}  // namespace piglix::net::detail
