// The parts of the session protocol machine, shared between its files: the table runner
// (machine.cpp), the output items (outputs.cpp: SPDUs sent; indications.cpp: events for the
// SS-user; actions.cpp: the numbered actions) and connection negotiation (negotiation.cpp).
#pragma once

#include "piglix/error.hpp"
#include "piglix/session/connection.hpp"
#include "piglix/spdu/types.hpp"
#include "session/context.hpp"
#include "session/table.hpp"

namespace piglix::session::detail {

// Runs one input through the table: the first row of (state, input) whose condition holds. A
// blank pair is an invalid intersection (invalid.md): an SPDU makes a protocol error, a request
// is refused with errc::request_not_allowed and nothing changes, a transport or timer event is
// ignored.
Status run(Connection& c, Context& ctx);

// The peer broke the protocol (or exceeded a piglix limit: `restriction`): Rule S of invalid.md.
void protocol_error(Connection& c, Error error, bool restriction = false);

// One output item of a row. Failures are piglix limits met while executing (they abort).
Status send(Connection& c, const Context& ctx, table::Op op);
// The SPDUs of synchronization, resynchronization, activities, exceptions and capability data
// (dialogue_outputs.cpp); send() hands them over.
Status send_dialogue(Connection& c, const Context& ctx, table::Op op);
void indicate(Connection& c, const Context& ctx, table::Op op);
void indicate_dialogue(Connection& c, const Context& ctx, table::Op op);
Status act(Connection& c, const Context& ctx, table::Op op);

// Encodes `spdu` (with its herald if it is category 2, segmented when a TSDU maximum size is in
// force) and queues the TSDUs. User data that are in `shared` are referred to, not copied.
Status emit(Connection& c, const spdu::Spdu& spdu, const SharedBuffer* shared = nullptr);
void emit_transport(Connection& c, TransportAction::Kind kind);
// Version 2 connect data overflow (initiator): the next CDO, and whether more remains (p201).
Status send_overflow_chunk(Connection& c);
bool overflow_remains(const Connection& c);

// The Vrsp value of a resynchronization-like event sent or received (RS, AI, AD and their
// requests); Resync::none for every other input.
Resync resync_of(table::Input input);
// The empty GT or PT that must precede a category 2 SPDU of this kind.
spdu::Spdu herald_for(spdu::Kind kind);
// Owned copies of optional views, and the references of a Connection Identifier (`calling`: the
// CN's calling reference, else the called one of AC/RF).
std::optional<ByteBuffer> copy(const std::optional<Bytes>& bytes);
// Views for building SPDUs: of an optional owned buffer, and of user data (empty = absent).
std::optional<Bytes> view(const std::optional<ByteBuffer>& bytes);
std::optional<Bytes> optional_data(Bytes data);
ConnectionReferences references_of(const std::optional<spdu::ConnectionIdentifier>& id,
                                   bool calling);

void start_timer(Connection& c);
void stop_timer(Connection& c);

// Connection negotiation (negotiation.cpp).
// The units of `units` piglix can run, consistent as X.225 requires: exceptions only with
// half-duplex, capability data only with activity management (x225-facts §6.1).
std::uint16_t usable_units(std::uint16_t units);
// p76: whether this side refuses the CN, as an RF reason code.
std::optional<std::uint8_t> refusal_reason(const Config& config, const spdu::Connect& cn);
ConnectIndication indication_from(const spdu::Connect& cn);
spdu::Connect connect_spdu(const Connection& c, const ConnectRequest& request);
// The AC for `response` to `indication`, and the session both sides will then have.
spdu::Accept accept_spdu(const Connection& c, const ConnectIndication& indication,
                         const AcceptResponse& response);
Session accepted_session(const Connection& c, const ConnectIndication& indication,
                         const AcceptResponse& response);
// The initiator's view of the session from its CN and the peer's AC; an AC that leaves no
// usable session (no common version, neither duplex nor half-duplex) is a protocol error.
Result<Session> confirmed_session(const Connection& c, const ConnectRequest& request,
                                  const spdu::Accept& ac);
// Resynchronization (RS / RA): the RS's Token Setting Item completed with the acceptor's
// `decided` placements, as the RA carries it; and the tokens this side owns once the
// resynchronization of `ctx` (SRSYNrsp, or an RA received) completes. "Initiator" in these
// settings is the side that sent the RS.
std::uint8_t resync_final_setting(const Connection& c, std::uint8_t decided);
TokenSet tokens_after_resync(const Connection& c, const Context& ctx);
// Checks a response before it runs (both halves of duplex/half-duplex, sizes, tokens).
Status check_accept(const Connection& c, const AcceptResponse& response);

}  // namespace piglix::session::detail
