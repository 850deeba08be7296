// One connection's reader, writer and timers, and settle(): the only place where the stack's
// outputs leave for the socket, the timers and the user.
#include "net/runtime.hpp"

#include "net/registry.hpp"

#include <fmt/format.h>

#include <unistd.h>

#include <algorithm>

#include <asio/dispatch.hpp>
#include <asio/error.hpp>
#include <asio/io_context.hpp>
#include <asio/post.hpp>
#include <asio/write.hpp>

namespace piglix::net::detail {

Strand make_strand_for(const asio::any_io_executor& executor, bool single_thread) {
  if (const auto* io = target_of<asio::io_context::executor_type>(executor)) {
    if (single_thread) return *io;  // one thread serializes the handlers already
    return asio::make_strand(*io);
  }
  return asio::make_strand(executor);
}

Runtime::Runtime(const asio::any_io_executor& executor, Options opts)
    : strand(make_strand_for(executor, opts.single_thread)),
      socket(strand),
      options(std::move(opts)),
      tim_timer(strand),
      connect_timer(strand),
      idle_timer(strand) {}

Runtime::~Runtime() {
  asio::use_service<Registry>(asio::query(strand, asio::execution::context)).remove(this);
}

std::shared_ptr<Runtime> make_runtime(const asio::any_io_executor& executor, Options options) {
  auto rt = std::make_shared<Runtime>(executor, std::move(options));
  asio::use_service<Registry>(asio::query(executor, asio::execution::context))
      .add(rt, &Runtime::abandon);
  return rt;
}

void Runtime::abandon() {
  // Moved out first, destroyed at the end of this scope: a handler's destruction may release
  // the last Session of this very Runtime, which the Registry's caller keeps alive meanwhile.
  EventHandler receive = std::move(receive_waiter);
  Fifo<Drain> drains = std::move(drain_waiters);
  auto setup = std::move(on_setup);
  auto closed = std::move(on_closed);
  on_setup = nullptr;
  on_closed = nullptr;
}

void Runtime::log(std::string_view what) const {
  if (options.log) options.log(fmt::format("{}: {}", name.empty() ? "-" : name, what));
}

std::error_code error_of(const session::Event& event) {
  if (const auto* confirm = std::get_if<session::ConnectConfirm>(&event)) {
    return confirm->accepted ? std::error_code{} : make_error_code(errc::session_refused);
  }
  if (const auto* abort = std::get_if<session::AbortIndication>(&event)) {
    if (abort->error && (abort->error->code == errc::transport_refused ||
                         abort->error->code == errc::limit_exceeded)) {
      return make_error_code(abort->error->code);
    }
    return make_error_code(errc::session_aborted);
  }
  return {};
}

void Runtime::start(Duration setup_limit) {
  socket_open = true;
  std::error_code ignored;
  peer = socket.remote_endpoint(ignored);
  name = peer.address().is_v6() ? fmt::format("[{}]:{}", peer.address().to_string(), peer.port())
                                : fmt::format("{}:{}", peer.address().to_string(), peer.port());
  (void)socket.set_option(asio::ip::tcp::no_delay(true), ignored);
  // Reads never block: read() drains the socket and waits only once it would block.
  (void)socket.non_blocking(true, ignored);
  if (setup_limit != Duration::zero() && !established) {
    connect_timer.expires_after(setup_limit);
    connect_timer.async_wait([self = shared_from_this()](std::error_code ec) {
      if (ec || self->established || !self->socket_open) return;
      const IoScope scope(*self);
      self->log("connection set-up timed out");
      self->close(make_error_code(errc::timed_out));
    });
  }
  read();
  settle();
}

namespace {

// The buffer every connection served by this thread reads into. The stack copies only what
// must outlive the call (a partial TPKT, an unfinished TSDU, the user data of an event), so an
// idle connection holds no read buffer at all: 10 000 idle sessions cost no 64 KiB each.
std::span<std::uint8_t> read_scratch(std::size_t size) {
  thread_local ByteBuffer scratch;
  if (scratch.size() < size) scratch.resize(size);
  return {scratch.data(), size};
}

// Reads in a row before yielding to the other connections of the thread.
constexpr int read_burst = 16;

}  // namespace

namespace {

// The user data an event holds: what Options::max_queued_event_octets bounds.
std::size_t user_octets(const session::Event& event) {
  return std::visit(
      [](const auto& e) {
        std::size_t n = 0;
        if constexpr (requires { e.data.size(); }) n += e.data.size();
        if constexpr (requires { e.user_data.size(); }) n += e.user_data.size();
        return n;
      },
      event);
}

}  // namespace

bool Runtime::input_backlogged() const {
  const auto& events = stack.session.events;
  if (events.size() >= options.max_queued_events) return true;
  // At most max_queued_events to add up, and usually none or one: the user keeps up.
  std::size_t octets = 0;
  for (const session::Event& e : events) {
    octets += user_octets(e);
    if (octets >= options.max_queued_event_octets) return true;
  }
  return false;
}

void Runtime::read() {
  if (reading || !socket_open) return;
  // `reading` also guards the loop: settle() below calls read() again.
  reading = true;
  for (int burst = 0; burst < read_burst; ++burst) {
    // Back-pressure on input: stop reading while the user has not taken the events already made.
    if (!socket_open || input_backlogged()) {
      reading = false;
      return;  // deliver_events() resumes it through settle()
    }
    // A read of nothing would never drain the socket: 0 counts as 1.
    const std::span<std::uint8_t> scratch =
        read_scratch(std::max<std::size_t>(options.read_size, 1));
    std::error_code ec;
    const std::size_t n = socket.read_some(asio::buffer(scratch.data(), scratch.size()), ec);
    if (ec == asio::error::would_block || ec == asio::error::try_again) {
      count(counters.empty_reads, 1);
      // Drained: wait for more. Queuing the wait re-arms Asio's edge-triggered epoll
      // registration (EPOLL_CTL_MOD), so octets that arrive meanwhile still wake it.
      wait_readable();
      return;
    }
    if (ec) {
      reading = false;
      lose_network(ec);
      settle();
      return;
    }
    count(counters.reads, 1);
    count(counters.octets_read, n);
    const Bytes octets(scratch.data(), n);
    if (options.trace) options.trace(name, Direction::received, octets);
    const std::uint64_t framed = stack.transport.framer.stream_offset();
    stack::receive(stack, octets);
    // Only a whole TPKT counts as activity: a peer dribbling one forever is still idle.
    if (stack.transport.framer.stream_offset() != framed) arm_idle();
    settle();
    if (n < scratch.size() && reading && socket_open) {
      // A short read drained the socket: wait at once rather than spend a system call to learn
      // it (one read per message instead of two in a request/response dialogue). Nothing is
      // missed: Asio re-arms the edge-triggered registration (EPOLL_CTL_MOD) when the wait is
      // queued, and the kernel then reports octets that came in since the read. When the user
      // waits for an event this read made, the wait is queued after their handler has run, so
      // that an answer it sends does not wait for that system call.
      if (turn_depth > 0 && (!ready.empty() || flush_pending)) {
        wait_after_ready = true;
      } else {
        wait_readable();
      }
      return;
    }
    // The user waits for an event this read made: let them take it, while its data are still in
    // the cache and before more pile up, then read on. A bulk receiver that recycles its buffers
    // then gets them back before the next SSDU needs one (1 MiB SSDUs: no fresh pages for each).
    if (!ready.empty() && reading && socket_open) break;
  }
  // A peer that keeps the socket full yields to the others on this thread (and to the user
  // handlers made ready), then goes on.
  asio::post(strand, [self = shared_from_this()] {
    const IoScope scope(*self);
    self->reading = false;
    self->read();
    self->settle();
  });
}

void Runtime::wait_readable() {
  // Asio keeps a socket registered for writability once an operation has waited for it (the TCP
  // connect, a write the socket could not take at once). Queuing a wait for input re-arms the
  // registration (EPOLL_CTL_MOD), and a socket with room to write then reports at once: a wasted
  // wake-up of the reactor for every message received. Registering it anew for input only costs
  // two system calls, once.
  if (write_interest && !write_in_flight) {
    if (const std::error_code ec = forget_write_interest()) {
      reading = false;
      lose_network(ec);
      return;
    }
  }
  socket.async_wait(asio::socket_base::wait_read, [self = shared_from_this()](std::error_code ec) {
    const IoScope scope(*self);
    self->reading = false;
    if (ec) {
      if (ec != asio::error::operation_aborted) self->lose_network(ec);
      self->settle();
      return;
    }
    // read() settles after each input it takes; the socket closing meanwhile is all it leaves.
    self->read();
    if (!self->socket_open) self->settle();
  });
}

std::error_code Runtime::forget_write_interest() {
  write_interest = false;
#if defined(ASIO_HAS_EPOLL)
  std::error_code ec;
  const auto protocol = socket.local_endpoint(ec).protocol();
  if (ec) return ec;
  const auto fd = socket.release(ec);
  if (ec) return ec;
  socket.assign(protocol, fd, ec);
  if (ec) {
    ::close(fd);
    return ec;
  }
  // Asio forgets the socket's modes with it; the descriptor itself stays non-blocking.
  (void)socket.non_blocking(true, ec);
  return ec;
#else
  return {};  // other reactors register interest per operation
#endif
}

void Runtime::write() {
  if (write_in_flight || !socket_open || stack.transport.output.empty()) return;
  if (turn_depth > 0) {
    flush_pending = true;
    return;
  }
  if (flush_posted) return;
  flush_posted = true;
  asio::post(strand, [self = shared_from_this()] {
    const IoScope scope(*self);
    self->flush_posted = false;
    self->flush_pending = true;  // the end of this turn writes
  });
}

namespace {

// Drops the first `n` octets of a gather write's buffers.
void consume(std::vector<asio::const_buffer>& pieces, std::size_t n) {
  auto first = pieces.begin();
  while (first != pieces.end() && n >= first->size()) {
    n -= first->size();
    ++first;
  }
  pieces.erase(pieces.begin(), first);
  if (!pieces.empty()) pieces.front() += n;
}

}  // namespace

void Runtime::flush() {
  if (write_in_flight || !socket_open || stack.transport.output.empty()) return;
  // Everything queued since the last write leaves in this one: many SPDUs, one gather write of
  // the copied octets and the large TSDUs the queue holds. The two queues trade places, so their
  // capacity is reused instead of reallocated.
  writing.swap(stack.transport.output);
  count(counters.writes, 1);
  count(counters.octets_written, writing.size());
  if (options.trace) options.trace(name, Direction::sent, writing.flatten());
  write_pieces.clear();
  writing.for_each_piece(
      [&](Bytes piece) { write_pieces.emplace_back(piece.data(), piece.size()); });
  // The socket is non-blocking: this takes what fits and never waits. Usually that is all, and
  // the write is over without a round of the scheduler.
  std::error_code failed;
  // One piece, what a dialogue of small SPDUs writes, goes by send(2): the kernel then copies no
  // message header and iovec array in as sendmsg(2) needs.
  const std::size_t n = write_pieces.size() == 1 ? socket.write_some(write_pieces.front(), failed)
                                                 : socket.write_some(write_pieces, failed);
  if (failed == asio::error::would_block || failed == asio::error::try_again) failed.clear();
  if (failed || n == writing.size()) {
    stack::written(stack, writing);
    if (failed) lose_network(failed);
    return;
  }
  consume(write_pieces, n);
  write_in_flight = true;
  write_interest = true;
  asio::async_write(socket, write_pieces,
                    [self = shared_from_this()](std::error_code ec, std::size_t) {
                      const IoScope scope(*self);
                      self->write_in_flight = false;
                      stack::written(self->stack, self->writing);
                      if (ec && ec != asio::error::operation_aborted) self->lose_network(ec);
                      self->settle();
                    });
}

void Runtime::lose_network(std::error_code why) {
  if (network_lost) return;
  network_lost = true;
  if (why != asio::error::eof) log(fmt::format("TCP connection lost: {}", why.message()));
  stack::network_closed(stack);
  close(why);
}

void Runtime::close(std::error_code why) {
  if (!socket_open && ended) return;
  if (!ended) ended = why;
  if (socket_open) {
    socket_open = false;
    std::error_code ignored;
    (void)socket.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    (void)socket.close(ignored);
  }
  tim_timer.cancel();
  connect_timer.cancel();
  idle_timer.cancel();
  tim_armed.reset();
  if (!network_lost) {
    // Closed by this side (timeout, close(), a finished session): the machine learns it too.
    network_lost = true;
    stack::network_closed(stack);
  }
  settle();
}

void Runtime::arm_tim() {
  const session::Timer t = session::timer(stack.session);
  if (!t.running || !socket_open) {
    if (tim_armed) {
      tim_armed.reset();
      tim_timer.cancel();
    }
    return;
  }
  if (tim_armed == t.generation) return;
  tim_armed = t.generation;
  tim_timer.expires_after(options.tim);
  tim_timer.async_wait([self = shared_from_this(), generation = t.generation](std::error_code ec) {
    if (ec || self->tim_armed != generation) return;
    const IoScope scope(*self);
    self->tim_armed.reset();
    self->log("TIM expired");
    session::timer_expired(self->stack.session, generation);
    stack::pump(self->stack);
    self->settle();
  });
}

void Runtime::arm_idle() {
  if (!established || options.idle_timeout == Duration::zero() || !socket_open) return;
  idle_timer.expires_after(options.idle_timeout);
  idle_timer.async_wait([self = shared_from_this()](std::error_code ec) {
    if (ec || !self->socket_open) return;
    const IoScope scope(*self);
    self->log("idle time limit reached: aborting");
    if (!session::abort(self->stack.session)) {
      self->close(make_error_code(errc::timed_out));
      return;
    }
    stack::pump(self->stack);
    self->settle();
  });
}

void Runtime::deliver_events() {
  auto& events = stack.session.events;
  if (on_setup) {
    if (!events.empty()) {
      const bool setup_event = std::holds_alternative<session::ConnectConfirm>(events.front()) ||
                               std::holds_alternative<session::ConnectIndication>(events.front());
      auto done = std::move(on_setup);
      on_setup = nullptr;
      connect_timer.cancel();
      const std::error_code ec = error_of(events.front());
      if (setup_event) {
        // Handed over with the Session; anything else (an abort) stays for async_receive().
        established = !ec;
        session::Event e = std::move(events.front());
        events.pop_front();
        if (established) arm_idle();
        done(ec, std::move(e));
      } else {
        done(ec, std::nullopt);
      }
    } else if (!socket_open) {
      auto done = std::move(on_setup);
      on_setup = nullptr;
      done(ended ? ended : make_error_code(errc::connection_closed), std::nullopt);
    }
  }
  if (on_setup) return;  // nothing reaches async_receive() before the set-up is decided
  if (receive_waiter && !events.empty()) {
    session::Event e = std::move(events.front());
    events.pop_front();
    complete(std::move(receive_waiter), std::error_code{}, std::move(e));
  } else if (receive_waiter && !socket_open) {
    complete(std::move(receive_waiter), make_error_code(errc::connection_closed), session::Event{});
  }
}

void Runtime::complete(EventHandler handler, std::error_code ec, session::Event event) {
  if (turn_depth > 0) {
    ready.emplace_back(ReadyEvent{std::move(handler), ec, std::move(event)});
  } else {
    handler(ec, std::move(event));
  }
}

void Runtime::complete(RequestHandler handler, std::error_code ec, std::uint64_t value) {
  if (turn_depth > 0) {
    ready.emplace_back(ReadyRequest{std::move(handler), ec, value});
  } else {
    handler(ec, value);
  }
}

void Runtime::run_ready() {
  // Taken out first: a handler run here may start operations that complete into `ready` again.
  std::vector<std::variant<ReadyEvent, ReadyRequest>> now;
  now.swap(ready);
  for (auto& r : now) {
    if (auto* e = std::get_if<ReadyEvent>(&r)) {
      e->handler.dispatch(e->ec, std::move(e->event));
    } else {
      auto& q = std::get<ReadyRequest>(r);
      q.handler.dispatch(q.ec, q.value);
    }
  }
  now.clear();
  if (ready.empty()) ready.swap(now);  // keeps the capacity for the next handler
}

namespace {

// Rounds of writing and running the user's handlers in one turn: a user who answers every
// completion with another request yields to the other connections of the thread after these.
constexpr int turn_rounds = 16;

}  // namespace

void Runtime::end_turn() {
  for (int round = 0; round < turn_rounds; ++round) {
    if (flush_pending) {
      flush_pending = false;
      flush();
      after_flush();
    }
    if (ready.empty()) break;
    run_ready();
  }
  if (wait_after_ready) {
    wait_after_ready = false;
    if (reading && socket_open) {
      wait_readable();
    } else {
      // The user's handler closed the connection meanwhile: no read is pending any more.
      reading = false;
      settle();
    }
  }
  if (flush_pending || !ready.empty()) {
    // A turn of its own, later, for the rest: its end does the work.
    asio::post(strand, [self = shared_from_this()] { const IoScope scope(*self); });
  }
}

void Runtime::release_drain_waiters() {
  // A request completes once its octets went to the socket (or wait behind a write it is taking
  // its time with), not while they wait for the write of this turn.
  if (socket_open && (flush_pending || flush_posted)) return;
  const std::size_t queued = writing.size() + stack.transport.output.size();
  if (socket_open && queued > options.output_high_water) return;
  const std::error_code ec =
      socket_open ? std::error_code{} : make_error_code(errc::connection_closed);
  while (!drain_waiters.empty()) {
    RequestHandler h = std::move(drain_waiters.front().handler);
    const std::uint64_t value = drain_waiters.front().value;
    drain_waiters.pop_front();
    complete(std::move(h), ec, ec ? 0 : value);
  }
}

namespace {

// The log line of an abort: who ended the session and, where the machine knows, why.
std::string abort_line(const session::AbortIndication& abort) {
  using Source = session::AbortIndication::Source;
  const std::string why = abort.error ? ": " + abort.error->message() : std::string();
  switch (abort.source) {
    case Source::user: return "aborted by the peer's session user" + why;
    case Source::peer_provider:
      return fmt::format(
          "aborted by the peer's session provider (AB transport disconnect 0x{:02x})",
          abort.transport_disconnect);
    case Source::protocol_error: return "aborted (protocol error)" + why;
    case Source::transport_lost: return "aborted: the transport connection ended" + why;
  }
  return "aborted";
}

}  // namespace

void Runtime::log_abort() {
  // An AbortIndication is the last event a session makes, so it is at the back when it is new;
  // every input settles before the user can take it.
  auto& events = stack.session.events;
  if (abort_logged || events.empty()) return;
  if (const auto* abort = std::get_if<session::AbortIndication>(&events.back())) {
    abort_logged = true;
    log(abort_line(*abort));
  }
}

void Runtime::after_flush() {
  // A write ends nothing but the wait of the requests behind it, or, once the machine has closed
  // the transport and everything before that is written, the connection.
  if (socket_open && stack::finished(stack) && !write_in_flight) {
    settle();
    return;
  }
  release_drain_waiters();
}

void Runtime::settle() {
  log_abort();
  deliver_events();
  arm_tim();
  write();
  if (socket_open && stack::finished(stack) && !write_in_flight) {
    // The machine closed the transport and every octet before it is written.
    close(make_error_code(errc::connection_closed));
    return;  // close() settles again
  }
  release_drain_waiters();
  read();
  if (!socket_open && on_closed && !write_in_flight && !reading) {
    auto closed = std::move(on_closed);
    on_closed = nullptr;
    closed();
  }
}

void Runtime::wind_down() {
  if (!socket_open) return;
  session::Connection& s = stack.session;
  if (session::release(s) || session::refuse(s, {spdu::refuse_reason::temporary_congestion, {}}) ||
      session::abort(s)) {
    stack::pump(stack);
    settle();
    return;
  }
  close(make_error_code(errc::shut_down));  // no session yet (waiting for the CR or CN)
}

void Runtime::start_receive(EventHandler handler, std::uint64_t id) {
  if (receive_waiter) {
    handler(make_error_code(std::errc::operation_in_progress), session::Event{});
    return;
  }
  receive_waiter = std::move(handler);
  receive_id = id;
  // Taking an event changes nothing but the events waiting, and so maybe whether reading may go
  // on: the rest of settle() has nothing to do.
  deliver_events();
  read();
}

void Runtime::start_request(const Request& request, RequestHandler handler, std::uint64_t id) {
  if (!socket_open) {
    handler(make_error_code(errc::connection_closed), 0);
    return;
  }
  // Requests wait for the queue to drain below output_high_water; only a user that does not wait
  // for them can queue this much, and then the request is refused before the machine sees it.
  const std::size_t queued = writing.size() + stack.transport.output.size();
  if (queued > options.max_queued_output) {
    log(fmt::format("request refused: {} octets wait to be written, above the limit of {}", queued,
                    options.max_queued_output));
    handler(make_error_code(errc::limit_exceeded), 0);
    return;
  }
  Result<std::uint64_t> result = request(stack.session);
  if (!result) {
    log(fmt::format("request refused: {}", result.error().message()));
    handler(result.error().error_code(), 0);
    return;
  }
  stack::pump(stack);
  drain_waiters.push_back(Drain{std::move(handler), *result, id});
  settle();
}

void Runtime::cancel_receive(std::uint64_t id) {
  if (!receive_waiter || receive_id != id) return;  // completed already, or another one
  complete(std::move(receive_waiter), asio::error::operation_aborted, session::Event{});
}

void Runtime::cancel_request(std::uint64_t id) {
  // Left in the queue empty: release_drain_waiters() completes nothing for it. The request was
  // made: its value (a serial number) still comes with operation_aborted.
  for (Drain& d : drain_waiters) {
    if (d.id == id && d.handler) {  // never id 0: nothing cancels those
      complete(std::move(d.handler), asio::error::operation_aborted, d.value);
      return;
    }
  }
}

}  // namespace piglix::net::detail
