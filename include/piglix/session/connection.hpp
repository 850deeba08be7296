// session::Connection: the X.225 session protocol machine for one session connection, sans-I/O.
//
// Inputs: SS-user requests (connect(), send_data(), give_tokens(), release(), abort(), ...),
// received TSDUs (receive()), transport events (transport_connected(), ...), and the expiry of
// the one timer TIM (timer_expired()). Outputs, polled after every input: transport actions with
// the TSDUs to send (poll_transport()), events for the SS-user (poll_event()) and the timer
// (timer()). Nothing here reads a clock, touches a socket or throws for anything a peer sends.
//
// Every input runs through the Annex A table (specs/x225/annex-a/transitions.md): the first row of
// (state, input) whose condition holds is executed. A peer's SPDU that the table has no row for is
// a protocol error: AB goes out, the user gets an AbortIndication. A user request the table has no
// row for is refused with errc::request_not_allowed and changes nothing.
//
// TIM needs no clock here: it is a single one-shot timer whose length is a local matter (the
// binding chooses it), so the machine only says whether it runs and bumps `generation` each time
// it is (re)started; the binding arms a real timer and reports expiry with that generation, so a
// stale expiry is recognised and ignored.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>

#include "piglix/bytes.hpp"
#include "piglix/error.hpp"
#include "piglix/fifo.hpp"
#include "piglix/session/config.hpp"
#include "piglix/session/events.hpp"
#include "piglix/session/primitives.hpp"
#include "piglix/session/state.hpp"
#include "piglix/spdu/segment.hpp"

namespace piglix::session {

// Annex A's resynchronization-in-progress variable Vrsp.
enum class Resync : std::uint8_t { none, abandon, restart, set, discard, interrupt };

// The variables of X.225 Annex A (specs/x225/annex-a/predicates.md, "Variables").
struct Variables {
  bool vtca = false;      // this side accepted the transport connection
  bool vtrr = false;      // transport reuse agreed at release
  bool vcoll = false;     // release collision
  bool vdnr = false;      // DN received during a release collision
  bool vact = false;      // an activity is in progress
  bool vnextact = false;  // an activity will be in progress after the pending MAA/AEA
  bool vsc = false;       // this side may answer minor syncs below V(M)
  Resync vrsp = Resync::none;
  std::uint64_t vrspnb = 0;  // serial number of a pending restart (piglix: of any RS)
  std::uint64_t va = 0;      // V(A)
  std::uint64_t vm = 0;      // V(M)
  std::uint64_t vr = 0;      // V(R)
  bool discard_receive = false;
  bool discard_send = false;
  bool texp = false;  // transport expedited flow in use: never over class 0
};

// What the two sides agreed in CN / AC.
struct Session {
  std::uint16_t functional_units = 0;
  std::uint8_t version = 0;                 // 1 or 2 once established
  TokenSet available = 0;                   // tokens the functional units create
  TokenSet owned = 0;                       // of those, held by this side
  std::uint16_t max_send_tsdu = 0;          // 0 = no limit
  std::uint16_t max_receive_tsdu = 0;       // 0 = no limit
  std::uint64_t initial_serial_number = 0;  // of the AC, 0 when absent
};

// An action for the transport below, in the order they must happen.
struct TransportAction {
  enum class Kind : std::uint8_t {
    connect,     // T-CONNECT request: open the transport connection
    accept,      // T-CONNECT response: accept the indicated transport connection
    send,        // T-DATA request: send `tsdu`, then `tail` when it has octets
    disconnect,  // T-DISCONNECT request: close (after sending what is queued before it)
  };
  Kind kind = Kind::send;
  ByteBuffer tsdu;
  // send: the rest of the TSDU, after `tsdu`: user data of a SharedBuffer given to send_data(),
  // sent from that buffer (empty for data given as Bytes, and for small data, which are copied).
  SharedSlice tail;
};

struct Timer {
  bool running = false;
  std::uint32_t generation = 0;
};

struct Connection {
  Config config;
  State state = State::STA01;
  Variables vars;
  Session session;
  Timer tim;

  // Connection set-up in flight: the request this side sent (initiator) or the indication it gave
  // (acceptor), kept until the AC or the response.
  std::optional<ConnectRequest> pending_connect;
  std::optional<ConnectIndication> pending_indication;
  std::size_t overflow_sent = 0;  // initiator: connect user data already sent (CN + CDOs)

  // A segmented SSDU being received: its data, and the first segment's TSDU (which carries the
  // SPDU's parameters) kept to be decoded again when the last segment arrives.
  spdu::SsduAssembler assembler{0};
  ByteBuffer first_segment;
  spdu::Kind segment_kind = spdu::Kind::DT;

  // The Token Setting Item of the resynchronization in progress (sent or received): where the
  // tokens go when it completes ("initiator" = the side that asked for it).
  std::uint8_t resync_token_setting = 0;

  // Action [10]: SPDUs that overtook the normal flow, held as encoded TSDUs until [6].
  std::deque<ByteBuffer> held;

  Fifo<TransportAction> transport_out;
  Fifo<Event> events;

  // Emptied buffers handed back (recycle()): the next outgoing TSDU or indicated user data is
  // built in one of them, so a steady flow of SPDUs allocates nothing.
  std::vector<ByteBuffer> spare_buffers;
  // Scratch of receive(): the SPDUs of the TSDU being taken, empty between calls.
  std::vector<spdu::Spdu> decoded_spdus;
};

// A machine in STA01 with `config`.
Connection make_connection(Config config = {});

// --- Transport events ---------------------------------------------------------------------

// T-CONNECT indication: a peer opened a transport connection to this side (acceptor).
void transport_indication(Connection& c);
// T-CONNECT confirm: the transport connection asked for by connect() is open.
void transport_connected(Connection& c);
// T-DISCONNECT indication, or any I/O error of the binding. `reason`, when the layer below knows
// why (a DR, an ER, TCP loss), becomes the AbortIndication's `error`.
void transport_disconnected(Connection& c, const std::optional<Error>& reason = std::nullopt);
// One received TSDU. The octets are only read during the call.
void receive(Connection& c, Bytes tsdu);
// TIM expired; `generation` is Timer::generation of the start being reported.
void timer_expired(Connection& c, std::uint32_t generation);

// --- SS-user requests and responses -------------------------------------------------------
// Each returns an Error with errc::request_not_allowed (naming the state and the condition that
// failed) or errc::invalid_argument (a parameter out of range) and then has changed nothing.

Status connect(Connection& c, ConnectRequest request);
Status accept(Connection& c, AcceptResponse response);
Status refuse(Connection& c, RefuseResponse response);
Status send_data(Connection& c, Bytes data);
// The same for data in a SharedBuffer: the TransportActions refer to it (TransportAction::tail)
// instead of copying it, segments and all, down to the output queue. Worth it from a few KiB on;
// smaller data are copied all the same. The buffer must not change until nothing refers to it.
Status send_data(Connection& c, const SharedBuffer& data);
Status send_expedited_data(Connection& c, Bytes data);
Status send_typed_data(Connection& c, Bytes data);
Status send_typed_data(Connection& c, const SharedBuffer& data);
Status give_tokens(Connection& c, TokenSet tokens);
Status please_tokens(Connection& c, TokenSet tokens, Bytes user_data = {});
Status give_control(Connection& c);
Status release(Connection& c, Bytes user_data = {});
Status accept_release(Connection& c, Bytes user_data = {});
Status refuse_release(Connection& c, Bytes user_data = {});
Status abort(Connection& c, Bytes user_data = {});

// Synchronization. A sync point request returns the serial number it used (V(M)).
Result<std::uint64_t> sync_minor(Connection& c, bool confirm_required = true, Bytes user_data = {});
Status acknowledge_sync_minor(Connection& c, std::uint64_t serial_number, Bytes user_data = {});
Result<std::uint64_t> sync_major(Connection& c, Bytes user_data = {});
Status acknowledge_sync_major(Connection& c, Bytes user_data = {});
Status resynchronize(Connection& c, ResyncRequest request);
Status acknowledge_resynchronize(Connection& c, ResyncResponse response);

// Activities. Activity identifiers are 1 to 6 octets; reasons are spdu::exception_reason codes.
Status start_activity(Connection& c, Bytes activity_id, Bytes user_data = {});
Status resume_activity(Connection& c, ActivityResumeRequest request);
Status interrupt_activity(Connection& c, std::uint8_t reason, Bytes user_data = {});
Status acknowledge_activity_interrupt(Connection& c, Bytes user_data = {});
Status discard_activity(Connection& c, std::uint8_t reason, Bytes user_data = {});
Status acknowledge_activity_discard(Connection& c, Bytes user_data = {});
Result<std::uint64_t> end_activity(Connection& c, Bytes user_data = {});
Status acknowledge_activity_end(Connection& c, Bytes user_data = {});

// S-U-EXCEPTION-REPORT: the side without the data token reports a problem.
Status report_exception(Connection& c, std::uint8_t reason, Bytes user_data = {});

// S-CAPABILITY-DATA (outside activities, activity management selected) and its response.
Status send_capability_data(Connection& c, Bytes user_data = {});
Status acknowledge_capability_data(Connection& c, Bytes user_data = {});

// --- Outputs ------------------------------------------------------------------------------

std::optional<TransportAction> poll_transport(Connection& c);
std::optional<Event> poll_event(Connection& c);

// Hands back a buffer the machine gave out (a sent TransportAction's tsdu, the data of an event
// once used) for reuse; optional, it only saves allocations. A few are kept; the rest are freed.
void recycle(Connection& c, ByteBuffer&& buffer);
inline const Timer& timer(const Connection& c) noexcept { return c.tim; }

// Functional units piglix negotiates; others are removed from proposals and acceptances. Left
// out: data separation and symmetric synchronization, which need the transport expedited flow
// (class 0 has none) and have no Annex A rows in the sources (specs/x225/session-machine.md).
inline constexpr std::uint16_t supported_functional_units =
    spdu::fu::half_duplex | spdu::fu::duplex | spdu::fu::expedited_data | spdu::fu::typed_data |
    spdu::fu::negotiated_release | spdu::fu::minor_synchronize | spdu::fu::major_synchronize |
    spdu::fu::resynchronize | spdu::fu::activity_management | spdu::fu::capability_data |
    spdu::fu::exceptions;

}  // namespace piglix::session
