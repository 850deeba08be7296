// The class 0 transport machine: inputs in, the table consulted, blanks answered
// (specs/transport/class0-machine.md).
#include "transport/machine.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <utility>

namespace piglix::transport {
namespace detail {
namespace {

using table::Input;

// States in which no TCP connection exists (yet or any more): octets are ignored.
bool has_network(State s) { return s != State::wait_network && s != State::closed; }

bool is_tpdu(Input in) { return in >= Input::CR && in <= Input::ER; }
bool is_request(Input in) { return in >= Input::accept; }

Input input_of(const tpdu::Tpdu& t) {
  switch (tpdu::type_of(t)) {
    case tpdu::Type::CR: return Input::CR;
    case tpdu::Type::CC: return Input::CC;
    case tpdu::Type::DR: return Input::DR;
    case tpdu::Type::ER: return Input::ER;
    default: return Input::DT;
  }
}

// ER reject cause for an undecodable TPDU (X.224 13.12.3).
std::uint8_t cause_of(const Error& e) {
  switch (e.code) {
    case errc::tpdu_unknown_type:
    case errc::tpdu_not_class0: return tpdu::cause::invalid_tpdu_type;
    case errc::tpdu_bad_parameter_value:
    case errc::tpdu_bad_class: return tpdu::cause::invalid_parameter_value;
    case errc::tpdu_bad_parameter_length:
    case errc::tpdu_duplicate_parameter:
    case errc::tpdu_parameter_not_allowed: return tpdu::cause::invalid_parameter_code;
    default: return tpdu::cause::not_specified;
  }
}

}  // namespace

Status run(Connection& c, const Context& ctx) {
  if (const auto r = table::row(c.state, ctx.input)) {
    if (act(c, ctx, r->action)) c.state = r->next;
    return {};
  }
  // Blank pairs.
  if (is_request(ctx.input)) {
    return Error{errc::request_not_allowed, 0,
                 fmt::format("transport {} is not allowed in state {}", table::name(ctx.input),
                             name(c.state))};
  }
  if (is_tpdu(ctx.input) && has_network(c.state)) {
    protocol_error(c, ctx.raw, tpdu::cause::invalid_tpdu_type,
                   Error{errc::transport_protocol_error, 0,
                         fmt::format("TPDU {} is not allowed in state {}", table::name(ctx.input),
                                     name(c.state))});
  }
  return {};  // a network event that changes nothing here
}

void end(Connection& c, std::optional<DisconnectIndication> indication) {
  c.state = State::closed;
  c.close_after_output = true;
  c.tsdu.clear();
  if (indication) c.events.emplace_back(std::move(*indication));
}

void protocol_error(Connection& c, Bytes offending, std::uint8_t cause, Error error) {
  tpdu::TpduError er;
  er.dst_ref = c.peer_reference;
  er.cause = cause;
  // The rejected TPDU's header: its LI octet and the LI octets that follow, as far as received.
  if (!offending.empty()) {
    const std::size_t header = std::min<std::size_t>(offending.size(), offending[0] + 1u);
    er.invalid_tpdu = offending.first(std::min<std::size_t>(header, 64));
  }
  (void)emit(c, er);  // an ER of at most 64 + 5 octets always encodes
  DisconnectIndication ind;
  ind.cause = DisconnectIndication::Cause::protocol_error;
  ind.error = std::move(error);
  end(c, std::move(ind));
}

Status emit(Connection& c, const tpdu::Tpdu& t) {
  ByteBuffer payload;
  if (Status s = tpdu::encode(t, payload); !s) return s;
  ByteBuffer packet;
  if (Status s = tpkt::append_packet(packet, payload); !s) return s;
  c.output.append(packet);
  return {};
}

std::size_t octets_of(std::uint8_t code) noexcept { return tpdu::tpdu_size_octets(code); }

std::uint8_t code_at_most(std::size_t octets) noexcept {
  std::uint8_t code = tpdu::min_tpdu_size_code;
  while (code < tpdu::max_tpdu_size_code && octets_of(code + 1) <= octets) ++code;
  return code;
}

}  // namespace detail

namespace {

using detail::Context;
using table::Input;

Context context(Input input) {
  Context ctx;
  ctx.input = input;
  return ctx;
}

Connection make(Config config, State state, bool initiator) {
  Connection c;
  c.config = std::move(config);
  c.state = state;
  c.initiator = initiator;
  c.framer.set_limits({.max_packet_size = setup_packet_limit});
  return c;
}

// One TPKT payload: decoded and run, or answered as undecodable.
void take_tpdu(Connection& c, Bytes payload) {
  Result<tpdu::Tpdu> decoded = tpdu::decode(payload);
  if (!decoded) {
    const Error& e = decoded.error();
    Error error{errc::transport_protocol_error, e.offset,
                fmt::format("undecodable TPDU in state {}: {}", name(c.state), e.message())};
    detail::protocol_error(c, payload, detail::cause_of(e), std::move(error));
    return;
  }
  Context ctx;
  ctx.input = detail::input_of(*decoded);
  ctx.tpdu = &*decoded;
  ctx.raw = payload;
  (void)detail::run(c, ctx);
}

}  // namespace

Connection make_initiator(Config config, ConnectRequest request) {
  Connection c = make(std::move(config), State::wait_network, true);
  c.request = std::move(request);
  return c;
}

Connection make_acceptor(Config config) { return make(std::move(config), State::wait_cr, false); }

void network_connected(Connection& c) { (void)detail::run(c, context(Input::network_connected)); }

void network_closed(Connection& c) {
  (void)detail::run(c, context(Input::network_closed));
  c.state = State::closed;  // whatever the state: there is no network any more
}

bool receive_one(Connection& c, Bytes& octets) {
  if (c.state == State::closed || c.state == State::wait_network) return false;
  Result<std::optional<Bytes>> next = c.framer.next(octets);
  if (!next) {
    // A bad TPKT header: the stream cannot be cut any further.
    // The framer's bound is setup_packet_limit, then the agreed TPDU size: say which.
    const std::string bound =
        next.error().code != errc::tpkt_too_large ? std::string()
        : c.tpdu_size == 0
            ? " (no TPDU size is agreed yet: a set-up TPDU)"
            : fmt::format(" (the agreed TPDU size of {} and the TPKT header)", c.tpdu_size);
    Error error{
        errc::transport_protocol_error, next.error().offset,
        fmt::format("bad TPKT in state {}: {}{}", name(c.state), next.error().detail, bound)};
    detail::protocol_error(c, {}, tpdu::cause::not_specified, std::move(error));
    return false;
  }
  if (!*next) return false;  // every octet used; a partial TPKT may be held
  take_tpdu(c, **next);
  return true;
}

void receive(Connection& c, Bytes octets) {
  while (receive_one(c, octets)) {
  }
}

Status accept(Connection& c) { return detail::run(c, context(Input::accept)); }

Status refuse(Connection& c, std::uint8_t reason) {
  Context ctx = context(Input::refuse);
  ctx.reason = reason;
  return detail::run(c, ctx);
}

Status send(Connection& c, Bytes tsdu) {
  Context ctx = context(Input::send);
  ctx.tsdu = tsdu;
  return detail::run(c, ctx);
}

Status send(Connection& c, ByteBuffer&& tsdu) {
  Context ctx = context(Input::send);
  ctx.tsdu = tsdu;
  ctx.owned_tsdu = &tsdu;
  return detail::run(c, ctx);
}

Status send(Connection& c, ByteBuffer&& head, const SharedSlice& tail) {
  Context ctx = context(Input::send);
  ctx.tsdu = head;
  ctx.owned_tsdu = &head;
  ctx.tail = &tail;
  return detail::run(c, ctx);
}

void disconnect(Connection& c) { (void)detail::run(c, context(Input::disconnect)); }

void recycle(Connection& c, ByteBuffer&& buffer) {
  // One spare is enough: a TSDU is reassembled at a time. Keep the larger.
  if (buffer.capacity() > c.spare_tsdu.capacity()) c.spare_tsdu = std::move(buffer);
}

std::optional<Event> poll_event(Connection& c) {
  if (c.events.empty()) return std::nullopt;
  Event e = std::move(c.events.front());
  c.events.pop_front();
  return e;
}

}  // namespace piglix::transport
