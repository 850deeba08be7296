// transport::Connection: the X.224 class 0 transport machine over RFC 1006, sans-I/O.
//
// One Connection per TCP connection. Inputs: the network events (network_connected(),
// network_closed()), received octets in any cuts (receive()), and the transport user's requests
// (accept(), refuse(), send(), disconnect()). Outputs, read after every input: the octets to
// write (`output`, TPKT-framed TPDUs, appended), whether to close the TCP connection once they are
// written (`close_after_output`), and events for the transport user (poll_event()).
//
// The machine is a table (specs/transport/class0-machine.md): a TPDU the state does not allow is
// answered with an ER TPDU and the connection is closed; a request the state does not allow is
// refused with errc::request_not_allowed and changes nothing. Nothing here throws for anything a
// peer sends, reads a clock or touches a socket.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <variant>
#include <vector>

#include "piglix/bytes.hpp"
#include "piglix/error.hpp"
#include "piglix/fifo.hpp"
#include "piglix/output_queue.hpp"
#include "piglix/tpdu.hpp"
#include "piglix/tpkt.hpp"

namespace piglix::transport {

struct Config {
  // The largest TPDU this side proposes (initiator) or agrees to (acceptor), as a TPDU size code:
  // 0x07 (128) .. 0x10 (65531, RFC 1006). 8192 by default: what the common MMS stacks grant.
  std::uint8_t tpdu_size_code = 0x0D;
  // Acceptor: TSAP selectors this side answers to as called TSAP; empty = any. A CR for another
  // is refused with DR reason 3 (address unknown).
  std::vector<ByteBuffer> local_tsaps;
  // Bound on one reassembled TSDU. A peer that sends more is disconnected (limit_exceeded).
  std::size_t max_tsdu_size = std::size_t{1} << 20;
  // This side's reference in CR / CC (class 0 uses it only to match the CC to the CR).
  std::uint16_t local_reference = 1;
  // A TSDU that arrives whole in one DT is indicated as a view into the received octets
  // (DataIndication::view) instead of a copy. The view is valid only until the next call of
  // receive_one() or receive(), so its events must be taken before: stack::Connection does so.
  bool deliver_views = false;
};

// The largest TPKT taken before a TPDU size is agreed: a CR, CC, DR or ER is a header of at most
// 255 octets (its one-octet length indicator is at most 254) with at most 64 octets of user data
// (a DR's limit; a CR's or CC's is 32). So a peer cannot make a connection in set-up hold more.
// Once the size is agreed, a TPKT may be at most a TPDU of that size: a longer one is refused at
// its header (ER), before its body is buffered.
inline constexpr std::size_t setup_packet_limit = tpkt::header_size + 255 + 64;

// T-CONNECT request: the TSAP selectors of the CR.
struct ConnectRequest {
  std::optional<ByteBuffer> calling_tsap;
  std::optional<ByteBuffer> called_tsap;
};

// States (X.224 Annex A names where it has them).
enum class State : std::uint8_t {
  wait_network,   // WFNC: initiator, TCP connect under way
  wait_cc,        // WFCC: CR sent
  wait_cr,        // acceptor: TCP accepted, no CR yet
  wait_response,  // WFTRESP: CR indicated, waiting for accept() or refuse()
  open,           // OPEN: data transfer
  closed,         // CLOSED: the TCP connection is (to be) closed; everything is ignored
};
inline constexpr std::size_t state_count = static_cast<std::size_t>(State::closed) + 1;

// --- Events ---------------------------------------------------------------------------------

// T-CONNECT indication (acceptor): a valid CR arrived. Answer with accept() or refuse().
struct ConnectIndication {
  std::optional<ByteBuffer> calling_tsap;
  std::optional<ByteBuffer> called_tsap;
  std::size_t tpdu_size = 0;  // what the CC will agree
  ByteBuffer user_data;       // RFC 1006 allows up to 32 octets in a CR
};

// T-CONNECT confirm (initiator): the CC arrived.
struct ConnectConfirm {
  std::optional<ByteBuffer> calling_tsap;  // as the CC carries them (stacks echo or swap them)
  std::optional<ByteBuffer> called_tsap;
  std::size_t tpdu_size = 0;  // agreed
  ByteBuffer user_data;
};

// T-DATA indication: one whole TSDU, owned, or with Config::deliver_views a view when it came in
// one DT.
struct DataIndication {
  ByteBuffer tsdu;
  Bytes view;
  Bytes octets() const noexcept { return tsdu.empty() ? view : Bytes(tsdu); }
};

// T-DISCONNECT indication: the transport connection is gone (or was never made). Not given for a
// disconnect() of this side.
struct DisconnectIndication {
  enum class Cause : std::uint8_t {
    network_closed,  // TCP closed or failed, or the peer closed without a DR
    peer_refused,    // DR in answer to our CR (dr_reason), or ER (error)
    peer_released,   // DR after the connection was open (dr_reason)
    peer_error,      // ER: the peer says we broke the protocol (error names the cause)
    protocol_error,  // this side found the peer's error and sent ER (error says what)
    limit_exceeded,  // a TSDU longer than Config::max_tsdu_size
  };
  Cause cause = Cause::network_closed;
  std::optional<std::uint8_t> dr_reason;
  std::optional<Error> error;
};

using Event = std::variant<ConnectIndication, ConnectConfirm, DataIndication, DisconnectIndication>;

// --- The machine ----------------------------------------------------------------------------

struct Connection {
  Config config;
  State state = State::closed;
  bool initiator = false;
  ConnectRequest request;  // initiator: what the CR carries
  std::uint16_t peer_reference = 0;
  std::size_t tpdu_size = 0;  // agreed; 0 before
  tpkt::Framer framer;
  ByteBuffer tsdu;        // DT payloads of the TSDU being received
  ByteBuffer spare_tsdu;  // a DataIndication's buffer handed back (recycle()), for the next TSDU

  OutputQueue output;               // to write, in order
  bool close_after_output = false;  // close TCP once `output` is written
  Fifo<Event> events;
};

// An initiator whose binding is opening the TCP connection (T-CONNECT request).
Connection make_initiator(Config config, ConnectRequest request);
// An acceptor on a TCP connection just accepted.
Connection make_acceptor(Config config);

// Network events.
void network_connected(Connection& c);  // sends the CR
void network_closed(Connection& c);     // TCP closed or failed
// Octets read from TCP, in any cuts. Only a partial TPKT or an unfinished TSDU is kept.
void receive(Connection& c, Bytes octets);
// The same for at most one TPKT: consumes octets from the front of `octets` up to the end of the
// next complete TPKT (or all of them) and acts on it. Returns false once nothing is left to do.
bool receive_one(Connection& c, Bytes& octets);

// Transport user requests.
Status accept(Connection& c);  // T-CONNECT response: CC
Status refuse(Connection& c, std::uint8_t reason = tpdu::reason::not_specified);  // DR, close
Status send(Connection& c, Bytes tsdu);  // T-DATA request: DTs of at most tpdu_size octets
// The same for a TSDU in a buffer the transport may keep: a large one is then held by the output
// queue rather than copied into it (`tsdu` is left empty); a small one is copied and left as it
// was, for the caller to reuse.
Status send(Connection& c, ByteBuffer&& tsdu);
// The same for a TSDU of `head` followed by the octets of `tail`, which the output queue refers
// to (keeping its buffer) rather than copying them.
Status send(Connection& c, ByteBuffer&& head, const SharedSlice& tail);
void disconnect(Connection& c);  // T-DISCONNECT request: close (class 0 has no DR/DC)

std::optional<Event> poll_event(Connection& c);
// Hands back a DataIndication's buffer once its TSDU is used, so the next TSDU reuses it.
void recycle(Connection& c, ByteBuffer&& buffer);
std::string_view name(State state) noexcept;

}  // namespace piglix::transport
