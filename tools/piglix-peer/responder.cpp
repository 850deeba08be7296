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
std::optional<Command> answer(const session::Event& e, const TokenState& tokens) {
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
  if (auto* please = std::get_if<session::TokenPleaseIndication>(&e)) {
    const auto held = static_cast<session::TokenSet>(please->tokens & tokens.owned);
    if (held) return give(held);
  }
  return std::nullopt;
}

// Where the tokens are once this side has taken `e` and made its answer (answer() above): the
// session machine is ahead of the events not yet taken, so its own token state cannot tell.
void follow(TokenState& t, const session::Event& e) {
  if (auto* given = std::get_if<session::TokenGiveIndication>(&e)) t.owned |= given->tokens;
  if (std::holds_alternative<session::ControlGiveIndication>(e)) t.owned = t.available;
  if (auto* please = std::get_if<session::TokenPleaseIndication>(&e))
    t.owned = static_cast<session::TokenSet>(t.owned & ~please->tokens);
  if (auto* resync = std::get_if<session::ResyncIndication>(&e)) {
    // The answer decides nothing, so each token goes where the request put it; a token left to
    // this side's choice goes to the requester.
    t.owned = 0;
    for (session::TokenSet token : {spdu::token::data, spdu::token::minor_sync,
                                    spdu::token::major_activity, spdu::token::release})
      if (t.available & token &&
          session::token_side(resync->token_setting, token) == session::TokenSide::acceptor)
        t.owned |= token;
  }
  // An acknowledged interrupt or discard leaves every token with the side that asked for it.
  if (std::holds_alternative<session::ActivityInterruptIndication>(e) ||
      std::holds_alternative<session::ActivityDiscardIndication>(e))
    t.owned = 0;
}

bool may_send_data(const TokenState& t) {
  return !(t.available & spdu::token::data) || (t.owned & spdu::token::data);
}

}  // namespace

asio::awaitable<ExitStatus> respond(std::shared_ptr<Dialogue> d, ResponderMode mode,
                                    TokenState tokens) {
  const bool echo = mode == ResponderMode::echo;
  // Echoes that wait for the data token (half-duplex): sent when the initiator gives it, after
  // which the token goes back, so the initiator may go on.
  std::deque<ByteBuffer> waiting;
  std::uint64_t octets = 0, messages = 0;
  ExitStatus status = ExitStatus::ok;
  while (auto event = co_await next_event(*d, std::chrono::milliseconds(0))) {
    std::optional<Command> reply = answer(*event, tokens);
    follow(tokens, *event);
    if (auto* data = std::get_if<session::DataIndication>(&*event)) {
      octets += data->data.size();
      ++messages;
      if (echo && may_send_data(tokens))
        status = worse(status, co_await run_command(*d, with_data(Verb::data, data->data)));
      else if (echo)
        waiting.push_back(std::move(data->data));
    } else if (auto* expedited = std::get_if<session::ExpeditedDataIndication>(&*event)) {
      if (echo) reply = with_data(Verb::expedited, expedited->data);
    } else if (auto* typed = std::get_if<session::TypedDataIndication>(&*event)) {
      if (echo) reply = with_data(Verb::typed, typed->data);
    } else if (auto* capability = std::get_if<session::CapabilityDataIndication>(&*event)) {
      reply = with_data(Verb::capability_ack, echo ? capability->data : ByteBuffer{});
    }
    if (!waiting.empty() && may_send_data(tokens)) {
      for (auto& held : waiting)
        status = worse(status, co_await run_command(*d, with_data(Verb::data, held)));
      waiting.clear();
      reply = give(spdu::token::data);
      tokens.owned = static_cast<session::TokenSet>(tokens.owned & ~spdu::token::data);
    }
    if (reply) status = worse(status, co_await run_command(*d, *reply));
  }
  if (!echo)
    print_note(*d->printer, d->name, fmt::format("sink: {} S-DATA, {} octets", messages, octets));
  co_return status;
}

}  // namespace piglix::peer
