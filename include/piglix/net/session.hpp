// net::Session: one session connection over its own TCP connection, driven by Asio.
//
// Every operation takes a completion token (a callback, asio::use_future, asio::use_awaitable,
// ...). The templates here only erase the handler's type; the bodies are in src/net. Each
// connection runs on its own strand, so an io_context may run on many threads; a Session handle
// may be used from any thread.
//
// Requests (send_data, give_tokens, sync_major, release, ...) run the session machine at once and
// complete when the machine has taken them, their octets were offered to the socket (requests made
// together leave in one write), and the output queue is at most Options::output_high_water
// octets: with an error code if the machine refused them
// (errc::request_not_allowed, errc::invalid_argument) or the connection is over
// (errc::connection_closed). Indications and confirms arrive, in order, through async_receive().
// Buffers passed as Bytes must stay valid until the operation completes; a SharedBuffer is kept by
// the connection for as long as it needs it.
//
// Cancellation (the handler's associated cancellation slot, emitted serialized with the handler's
// executor: for a plain callback the connection's strand, get_executor()): async_receive()
// completes with asio::error::operation_aborted while it waits, for any cancellation type, and
// takes no event. A request is taken by the machine when it is made; terminal cancellation ends
// only its wait for the output queue (operation_aborted, with the request's value), and its
// SPDUs still leave.
#pragma once

#include <asio/any_io_executor.hpp>
#include <asio/async_result.hpp>
#include <asio/bind_cancellation_slot.hpp>
#include <asio/bind_executor.hpp>
#include <asio/ip/tcp.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <system_error>
#include <utility>

#include "piglix/bytes.hpp"
#include "piglix/net/completion.hpp"
#include "piglix/session/connection.hpp"

namespace piglix::net {

namespace detail {
struct Runtime;
}

// A session request as a function of the machine: what the named operations below are built on,
// for anything they do not cover. It runs on the connection's strand.
using Request = std::function<Result<std::uint64_t>(session::Connection&)>;

// Counters of one connection's socket: what a benchmark or a health check needs to see that
// writes are coalesced and reads are large.
struct Statistics {
  std::uint64_t reads = 0;        // read system calls that returned octets
  std::uint64_t empty_reads = 0;  // read system calls that found nothing (the socket drained)
  std::uint64_t octets_read = 0;
  std::uint64_t writes = 0;  // gather writes issued (each may be several SPDUs)
  std::uint64_t octets_written = 0;
};

class Session {
 public:
  using executor_type = asio::any_io_executor;

  Session() = default;  // no connection
  explicit Session(std::shared_ptr<detail::Runtime> runtime) : runtime_(std::move(runtime)) {}

  explicit operator bool() const noexcept { return runtime_ != nullptr; }
  executor_type get_executor() const;  // the connection's strand
  asio::ip::tcp::endpoint remote_endpoint() const;
  // A snapshot, readable from any thread.
  Statistics statistics() const;

  // The next indication or confirm, in the order the machine produced them. After the last event
  // of a finished connection (ReleaseConfirm, AbortIndication, ...), errc::connection_closed.
  template <class Token>
  auto async_receive(Token&& token) {
    return asio::async_initiate<Token, void(std::error_code, session::Event)>(
        [this](auto handler) {
          start_receive(
              detail::Completion<std::error_code, session::Event>(std::move(handler), strand()));
        },
        token);
  }

  // Any request; completes with the value the request returns (a serial number, or 0).
  template <class Token>
  auto async_request(Request request, Token&& token) {
    return asio::async_initiate<Token, void(std::error_code, std::uint64_t)>(
        [this](auto handler, Request r) {
          start_request(std::move(r), detail::Completion<std::error_code, std::uint64_t>(
                                          std::move(handler), strand()));
        },
        token, std::move(request));
  }

  // --- Connection set-up (acceptor, after the ConnectIndication of Server::async_accept) ---
  template <class Token>
  auto async_accept(session::AcceptResponse response, Token&& token) {
    return run(
        [r = std::move(response)](session::Connection& c) { return done(session::accept(c, r)); },
        std::forward<Token>(token));
  }
  template <class Token>
  auto async_refuse(session::RefuseResponse response, Token&& token) {
    return run(
        [r = std::move(response)](session::Connection& c) { return done(session::refuse(c, r)); },
        std::forward<Token>(token));
  }

  // --- Data and tokens ---
  template <class Token>
  auto async_send_data(Bytes data, Token&& token) {
    return run([data](session::Connection& c) { return done(session::send_data(c, data)); },
               std::forward<Token>(token));
  }
  // The same for data in a SharedBuffer, which the connection refers to until written instead of
  // copying it: the buffer may be released (or sent again) at once, but not changed while the
  // connection may still hold it. For bulk data, it saves a copy of every octet.
  template <class Token>
  auto async_send_data(SharedBuffer data, Token&& token) {
    return run([data = std::move(data)](
                   session::Connection& c) { return done(session::send_data(c, data)); },
               std::forward<Token>(token));
  }
  template <class Token>
  auto async_send_expedited_data(Bytes data, Token&& token) {
    return run(
        [data](session::Connection& c) { return done(session::send_expedited_data(c, data)); },
        std::forward<Token>(token));
  }
  template <class Token>
  auto async_send_typed_data(Bytes data, Token&& token) {
    return run([data](session::Connection& c) { return done(session::send_typed_data(c, data)); },
               std::forward<Token>(token));
  }
  template <class Token>
  auto async_send_typed_data(SharedBuffer data, Token&& token) {
    return run([data = std::move(data)](
                   session::Connection& c) { return done(session::send_typed_data(c, data)); },
               std::forward<Token>(token));
  }
  template <class Token>
  auto async_give_tokens(session::TokenSet tokens, Token&& token) {
    return run([tokens](session::Connection& c) { return done(session::give_tokens(c, tokens)); },
               std::forward<Token>(token));
  }
  template <class Token>
  auto async_please_tokens(session::TokenSet tokens, Token&& token) {
    return run([tokens](session::Connection& c) { return done(session::please_tokens(c, tokens)); },
               std::forward<Token>(token));
  }
  template <class Token>
  auto async_give_control(Token&& token) {
    return run([](session::Connection& c) { return done(session::give_control(c)); },
               std::forward<Token>(token));
  }

  // --- Synchronization: the sync point requests complete with their serial number ---
  template <class Token>
  auto async_sync_minor(bool confirm_required, Token&& token) {
    return async_request(
        [confirm_required](session::Connection& c) {
          return session::sync_minor(c, confirm_required);
        },
        std::forward<Token>(token));
  }
  template <class Token>
  auto async_acknowledge_sync_minor(std::uint64_t serial_number, Token&& token) {
    return run(
        [serial_number](session::Connection& c) {
          return done(session::acknowledge_sync_minor(c, serial_number));
        },
        std::forward<Token>(token));
  }
  template <class Token>
  auto async_sync_major(Token&& token) {
    return async_request([](session::Connection& c) { return session::sync_major(c); },
                         std::forward<Token>(token));
  }
  template <class Token>
  auto async_acknowledge_sync_major(Token&& token) {
    return run([](session::Connection& c) { return done(session::acknowledge_sync_major(c)); },
               std::forward<Token>(token));
  }
  template <class Token>
  auto async_resynchronize(session::ResyncRequest request, Token&& token) {
    return run([r = std::move(request)](
                   session::Connection& c) { return done(session::resynchronize(c, r)); },
               std::forward<Token>(token));
  }
  template <class Token>
  auto async_acknowledge_resynchronize(session::ResyncResponse response, Token&& token) {
    return run(
        [r = std::move(response)](session::Connection& c) {
          return done(session::acknowledge_resynchronize(c, r));
        },
        std::forward<Token>(token));
  }

  // --- Activities ---
  template <class Token>
  auto async_start_activity(Bytes activity_id, Token&& token) {
    return run(
        [activity_id](session::Connection& c) {
          return done(session::start_activity(c, activity_id));
        },
        std::forward<Token>(token));
  }
  template <class Token>
  auto async_end_activity(Token&& token) {
    return async_request([](session::Connection& c) { return session::end_activity(c); },
                         std::forward<Token>(token));
  }
  template <class Token>
  auto async_acknowledge_activity_end(Token&& token) {
    return run([](session::Connection& c) { return done(session::acknowledge_activity_end(c)); },
               std::forward<Token>(token));
  }

  template <class Token>
  auto async_resume_activity(session::ActivityResumeRequest request, Token&& token) {
    return run([r = std::move(request)](
                   session::Connection& c) { return done(session::resume_activity(c, r)); },
               std::forward<Token>(token));
  }
  // `reason`: a spdu::exception_reason code.
  template <class Token>
  auto async_interrupt_activity(std::uint8_t reason, Token&& token) {
    return run(
        [reason](session::Connection& c) { return done(session::interrupt_activity(c, reason)); },
        std::forward<Token>(token));
  }
  template <class Token>
  auto async_acknowledge_activity_interrupt(Token&& token) {
    return run(
        [](session::Connection& c) { return done(session::acknowledge_activity_interrupt(c)); },
        std::forward<Token>(token));
  }
  template <class Token>
  auto async_discard_activity(std::uint8_t reason, Token&& token) {
    return run(
        [reason](session::Connection& c) { return done(session::discard_activity(c, reason)); },
        std::forward<Token>(token));
  }
  template <class Token>
  auto async_acknowledge_activity_discard(Token&& token) {
    return run(
        [](session::Connection& c) { return done(session::acknowledge_activity_discard(c)); },
        std::forward<Token>(token));
  }

  // --- Exceptions and capability data ---
  template <class Token>
  auto async_report_exception(std::uint8_t reason, Token&& token) {
    return run(
        [reason](session::Connection& c) { return done(session::report_exception(c, reason)); },
        std::forward<Token>(token));
  }
  template <class Token>
  auto async_send_capability_data(Bytes user_data, Token&& token) {
    return run(
        [user_data](session::Connection& c) {
          return done(session::send_capability_data(c, user_data));
        },
        std::forward<Token>(token));
  }
  template <class Token>
  auto async_acknowledge_capability_data(Bytes user_data, Token&& token) {
    return run(
        [user_data](session::Connection& c) {
          return done(session::acknowledge_capability_data(c, user_data));
        },
        std::forward<Token>(token));
  }

  // --- Release and abort ---
  template <class Token>
  auto async_release(Bytes user_data, Token&& token) {
    return run([user_data](session::Connection& c) { return done(session::release(c, user_data)); },
               std::forward<Token>(token));
  }
  template <class Token>
  auto async_accept_release(Bytes user_data, Token&& token) {
    return run(
        [user_data](session::Connection& c) { return done(session::accept_release(c, user_data)); },
        std::forward<Token>(token));
  }
  template <class Token>
  auto async_refuse_release(Bytes user_data, Token&& token) {
    return run(
        [user_data](session::Connection& c) { return done(session::refuse_release(c, user_data)); },
        std::forward<Token>(token));
  }
  template <class Token>
  auto async_abort(Bytes user_data, Token&& token) {
    return run([user_data](session::Connection& c) { return done(session::abort(c, user_data)); },
               std::forward<Token>(token));
  }

  // Closes the TCP connection at once, without any SPDU; pending operations complete with
  // errc::shut_down.
  void close();

  // Optional: hands back the buffer of an event the user is done with (a DataIndication's data,
  // say), for the connection to build a later indication in. A steady flow of large SSDUs then
  // reuses its memory instead of allocating, and faulting in, fresh pages for each.
  void recycle(ByteBuffer&& buffer);

 private:
  static Result<std::uint64_t> done(const Status& s) {
    if (!s) return s.error();
    return std::uint64_t{0};
  }

  // A request whose completion carries only the error code.
  template <class Token>
  auto run(Request request, Token&& token) {
    return asio::async_initiate<Token, void(std::error_code)>(
        [this](auto handler, Request r) {
          auto executor = asio::get_associated_executor(handler, strand());
          // The wrapper keeps the handler's executor and cancellation slot.
          auto slot = asio::get_associated_cancellation_slot(handler);
          auto drop_value = asio::bind_cancellation_slot(
              slot, asio::bind_executor(executor, [h = std::move(handler)](std::error_code ec,
                                                                           std::uint64_t) mutable {
                std::move(h)(ec);
              }));
          start_request(std::move(r), detail::Completion<std::error_code, std::uint64_t>(
                                          std::move(drop_value), strand()));
        },
        token, std::move(request));
  }

  // get_executor() without the copy, for the fallback executor of a handler.
  const executor_type& strand() const;
  void start_receive(detail::Completion<std::error_code, session::Event> handler);
  void start_request(Request request, detail::Completion<std::error_code, std::uint64_t> handler);

  std::shared_ptr<detail::Runtime> runtime_;
};

}  // namespace piglix::net
