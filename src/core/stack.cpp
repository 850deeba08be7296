// The session machine over the class 0 transport machine: each side's outputs are the other's
// inputs (X.225 §6 uses T-CONNECT, T-DATA and T-DISCONNECT only, which is all class 0 offers).
#include "piglix/stack.hpp"

#include <fmt/format.h>

#include <utility>

namespace piglix::stack {
namespace {

using session::TransportAction;
using Cause = transport::DisconnectIndication::Cause;

// Why the transport ended, as the Error an AbortIndication(transport_lost) carries.
Error reason_of(const transport::DisconnectIndication& end) {
  if (end.error) {
    Error e = *end.error;
    e.detail = "transport: " + e.detail;
    return e;
  }
  switch (end.cause) {
    case Cause::peer_released:
      return Error{
          errc::transport_protocol_error, 0,
          fmt::format("transport: the peer sent DR reason {} ({})", end.dr_reason.value_or(0),
                      tpdu::reason_text(end.dr_reason.value_or(0)))};
    case Cause::limit_exceeded:
      return Error{errc::limit_exceeded, 0, "transport: a TSDU exceeded the reassembly bound"};
    default:
      return Error{errc::transport_protocol_error, 0, "transport: the TCP connection closed"};
  }
}

void start_transport(Connection& c) {
  if (c.transport.state == transport::State::wait_network)
    transport::network_connected(c.transport);
}

// One session transport action, carried out on the transport machine.
void carry_down(Connection& c, TransportAction& action) {
  switch (action.kind) {
    case TransportAction::Kind::connect:
      c.connect_requested = true;
      if (c.transport.state == transport::State::closed) {
        // No network any more: S-P-ABORT, with the reason when the transport gave one.
        std::optional<Error> reason;
        if (c.transport_end) reason = reason_of(*c.transport_end);
        session::transport_disconnected(c.session, reason);
      } else if (c.network_up) {
        start_transport(c);
      }
      return;
    case TransportAction::Kind::accept: (void)transport::accept(c.transport); return;
    case TransportAction::Kind::send:
      // Refused only when the transport is already closing; its DisconnectIndication follows.
      // A large TSDU is held by the output queue (written, then handed back by written()); a
      // small one was copied, and its buffer is reused at once. User data in a SharedBuffer
      // (the tail) are referred to until written.
      if (action.tail) {
        (void)transport::send(c.transport, std::move(action.tsdu), action.tail);
      } else {
        (void)transport::send(c.transport, std::move(action.tsdu));
      }
      session::recycle(c.session, std::move(action.tsdu));
      return;
    case TransportAction::Kind::disconnect: transport::disconnect(c.transport); return;
  }
}

// One transport event, given to the session machine.
void carry_up(Connection& c, transport::Event& event) {
  if (auto* ind = std::get_if<transport::ConnectIndication>(&event)) {
    c.transport_indication = std::move(*ind);
    session::transport_indication(c.session);
  } else if (auto* cnf = std::get_if<transport::ConnectConfirm>(&event)) {
    c.transport_confirm = std::move(*cnf);
    session::transport_connected(c.session);
  } else if (auto* data = std::get_if<transport::DataIndication>(&event)) {
    session::receive(c.session, data->octets());
    transport::recycle(c.transport, std::move(data->tsdu));
  } else if (auto* end = std::get_if<transport::DisconnectIndication>(&event)) {
    c.transport_end = std::move(*end);
    session::transport_disconnected(c.session, reason_of(*c.transport_end));
  }
}

Connection make(Config config, transport::Connection transport) {
  Connection c;
  c.transport = std::move(transport);
  c.session = session::make_connection(std::move(config.session));
  return c;
}

}  // namespace

Connection make_initiator(Config config) {
  config.transport.deliver_views = true;  // receive() takes each TPKT's events at once
  transport::Connection t =
      transport::make_initiator(std::move(config.transport), std::move(config.tsaps));
  return make(std::move(config), std::move(t));
}

Connection make_acceptor(Config config) {
  config.transport.deliver_views = true;
  transport::Connection t = transport::make_acceptor(std::move(config.transport));
  Connection c = make(std::move(config), std::move(t));
  c.network_up = true;
  return c;
}

void network_connected(Connection& c) {
  c.network_up = true;
  if (c.connect_requested) start_transport(c);
  pump(c);
}

void network_closed(Connection& c) {
  c.network_up = false;
  transport::network_closed(c.transport);
  pump(c);
}

void written(Connection& c, OutputQueue& output) {
  output.clear_into([&](ByteBuffer&& b) { session::recycle(c.session, std::move(b)); });
}

void receive(Connection& c, Bytes octets) {
  // One TPKT at a time, each taken by the session at once: a TSDU in one DT reaches it as a view
  // into `octets` (or into the framer's copy of a split TPKT), never copied by the transport.
  while (transport::receive_one(c.transport, octets)) pump(c);
  pump(c);
}

void pump(Connection& c) {
  // Each step may produce work for the other machine; both queues are finite, and each action
  // of one produces a bounded number of inputs to the other, so this ends.
  for (;;) {
    bool moved = false;
    auto& actions = c.session.transport_out;
    while (!actions.empty()) {
      // Taken out first: carrying it down may make the session queue another action.
      TransportAction action = std::move(actions.front());
      actions.pop_front();
      carry_down(c, action);
      moved = true;
    }
    auto& events = c.transport.events;
    while (!events.empty()) {
      // Used in place: carrying it up only feeds the session machine, never this queue.
      carry_up(c, events.front());
      events.pop_front();
      moved = true;
    }
    if (!moved) return;
  }
}

}  // namespace piglix::stack
