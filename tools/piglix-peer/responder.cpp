#include "responder.hpp"

#include <fmt/format.h>

#include <asio/experimental/as_tuple.hpp>
#include <asio/use_awaitable.hpp>
#include <deque>

#include "piglix/spdu/codes.hpp"

namespace piglix::peer {
namespace {

Command simple(Verb verb) {
  Command c;
  c.verb = verb;
  return c;
}

Command with_data(Verb verb, const ByteBuffer& data) {
  Command c = simple(verb);
  c.payload.kind = Payload::Kind::octets;
  c.payload.octets = data;
  return c;
}

Command give(session::TokenSet tokens) {
  Command c = simple(Verb::give);
  c.tokens = tokens;
  return c;
}

// The answer of a cooperative peer to each confirmed service.
std::optional<Command> answer(const session::Event& e) {
  if (auto* minor = std::get_if<session::SyncMinorIndication>(&e)) {
    if (!minor->confirm_required) return std::nullopt;
    Command c = simple(Verb::ack_minor);
    c.serial_number = minor->serial_number;
    return c;
  }
  if (std::holds_alternative<session::SyncMajorIndication>(e)) return simple(Verb::ack_major);
  if (std::holds_alternative<session::ResyncIndication>(e)) return simple(Verb::ack_resync);
  if (std::holds_alternative<session::ActivityEndIndication>(e))
    return simple(Verb::ack_activity_end);
  if (std::holds_alternative<session::ActivityInterruptIndication>(e))
    return simple(Verb::ack_activity_interrupt);
  if (std::holds_alternative<session::ActivityDiscardIndication>(e))
    return simple(Verb::ack_activity_discard);
  if (std::holds_alternative<session::ReleaseIndication>(e)) return simple(Verb::accept_release);
  if (auto* please = std::get_if<session::TokenPleaseIndication>(&e)) return give(please->tokens);
  return std::nullopt;
}

}  // namespace

asio::awaitable<ExitStatus> respond(std::shared_ptr<Dialogue> d, ResponderMode mode) {
  const bool echo = mode == ResponderMode::echo;
  // Echoes that wait for the data token (half-duplex): sent when the initiator gives it, after
  // which the token goes back, so the initiator may go on.
  std::deque<ByteBuffer> waiting;
  std::uint64_t octets = 0, messages = 0;
  ExitStatus status = ExitStatus::ok;
  while (auto event = co_await next_event(*d, std::chrono::milliseconds(0))) {
    std::optional<Command> reply = answer(*event);
    if (auto* data = std::get_if<session::DataIndication>(&*event)) {
      octets += data->data.size();
      ++messages;
      if (echo) {
        Command c = with_data(Verb::data, data->data);
        auto [ec, value] = co_await d->session.async_request(
            [&](session::Connection& s) -> Result<std::uint64_t> {
              if (s.session.available & spdu::token::data && !(s.session.owned & spdu::token::data))
                return Error{errc::request_not_allowed, 0, "no data token"};
              return std::uint64_t{0};
            },
            asio::experimental::as_tuple(asio::use_awaitable));
        (void)value;
        if (ec)
          waiting.push_back(std::move(data->data));
        else
          status = worse(status, co_await run_command(*d, c));
      }
    } else if (auto* expedited = std::get_if<session::ExpeditedDataIndication>(&*event)) {
      if (echo) reply = with_data(Verb::expedited, expedited->data);
    } else if (auto* typed = std::get_if<session::TypedDataIndication>(&*event)) {
      if (echo) reply = with_data(Verb::typed, typed->data);
    } else if (auto* capability = std::get_if<session::CapabilityDataIndication>(&*event)) {
      reply = with_data(Verb::capability_ack, echo ? capability->data : ByteBuffer{});
    } else if (auto* given = std::get_if<session::TokenGiveIndication>(&*event)) {
      if (given->tokens & spdu::token::data && !waiting.empty()) {
        for (auto& held : waiting)
          status = worse(status, co_await run_command(*d, with_data(Verb::data, held)));
        waiting.clear();
        reply = give(spdu::token::data);
      }
    }
    if (reply) status = worse(status, co_await run_command(*d, *reply));
  }
  if (!echo)
    print_note(*d->printer, d->name, fmt::format("sink: {} S-DATA, {} octets", messages, octets));
  co_return status;
}

}  // namespace piglix::peer
