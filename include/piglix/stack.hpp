// stack::Connection: the whole sans-I/O stack of one TCP connection — the X.225 session machine
// over the X.224 class 0 transport machine over RFC 1006 — as one value.
//
// It holds no logic of either protocol; it only carries the session machine's transport actions
// down (T-CONNECT request and response, T-DATA, T-DISCONNECT) and the transport machine's events
// up (T-CONNECT indication and confirm, T-DATA, T-DISCONNECT), which is what a binding would
// otherwise write by hand. Use it like either machine:
//
//   inputs   network_connected(), network_closed(), receive(octets); session requests on
//            `c.session` (session::send_data(c.session, ...)) followed by pump(c)
//   outputs  `c.transport.output` (octets to write, appended; hand it to written() once written)
//            and `c.transport.close_after_output`,
//            session events (session::poll_event(c.session)), TIM (session::timer(c.session))
//
// A transport that ends (DR, ER, a TPDU error, TCP closed) reaches the session as T-DISCONNECT;
// the AbortIndication the session gives then carries the transport's reason in `error`.
#pragma once

#include <optional>

#include "piglix/bytes.hpp"
#include "piglix/session/connection.hpp"
#include "piglix/transport.hpp"

namespace piglix::stack {

struct Config {
  transport::Config transport;
  session::Config session;
  // Initiator: the TSAP selectors of the CR.
  transport::ConnectRequest tsaps;
};

struct Connection {
  transport::Connection transport;
  session::Connection session;
  bool network_up = false;         // the TCP connection is open
  bool connect_requested = false;  // initiator: the session asked for the transport connection
  // What the transport connect carried (acceptor: the CR; initiator: the CC), for the user.
  std::optional<transport::ConnectIndication> transport_indication;
  std::optional<transport::ConnectConfirm> transport_confirm;
  // Why the transport ended, when it did.
  std::optional<transport::DisconnectIndication> transport_end;
};

// An initiator: the binding opens the TCP connection and reports network_connected(); the CR goes
// out once both that and session::connect() have happened, in either order.
Connection make_initiator(Config config);
// An acceptor on a TCP connection just accepted: it waits for the CR, accepts it (the transport
// checks the called TSAP), then waits for the CN.
Connection make_acceptor(Config config);

void network_connected(Connection& c);
void network_closed(Connection& c);
// Octets read from TCP, in any cuts. Only a partial TPKT or an unfinished TSDU is kept.
void receive(Connection& c, Bytes octets);
// Moves the session's transport actions down and the transport's events up until neither has
// anything left. The other inputs call it; call it after every session request.
void pump(Connection& c);
// The binding wrote `output` (the transport's output queue, swapped out): its held TSDU buffers go
// back to the session machine for the next TSDUs, and `output` is emptied, ready to swap again.
void written(Connection& c, OutputQueue& output);

// The session connection is over and nothing is left to write: the binding may close TCP.
inline bool finished(const Connection& c) {
  return c.transport.close_after_output && c.transport.output.empty();
}

}  // namespace piglix::stack
