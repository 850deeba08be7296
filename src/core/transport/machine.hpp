// Shared parts of the class 0 transport machine: the input being run (Context), the actions
// (actions.cpp) and the answers to a peer's protocol error (machine.cpp).
#pragma once

#include <cstdint>

#include "piglix/error.hpp"
#include "piglix/tpdu.hpp"
#include "piglix/transport.hpp"
#include "transport/table.hpp"

namespace piglix::transport::detail {

struct Context {
  table::Input input{};
  const tpdu::Tpdu* tpdu = nullptr;   // a received TPDU
  Bytes raw;                          // its octets, for the ER that may answer it
  Bytes tsdu;                         // send()
  ByteBuffer* owned_tsdu = nullptr;   // send(ByteBuffer&&): the buffer `tsdu` views, to hold
  const SharedSlice* tail = nullptr;  // send(head, tail): the TSDU's octets after `tsdu`
  std::uint8_t reason = 0;            // refuse()
};

// Runs one input through the table; a blank pair is refused (requests), answered as a protocol
// error (TPDUs while a network connection exists) or ignored.
Status run(Connection& c, const Context& ctx);

// Runs one row's action. Returns false when the action ended the connection itself (state is
// then closed), true when the row's next state applies.
bool act(Connection& c, const Context& ctx, table::Action action);

// The peer broke the protocol: ER with `cause` (echoing the offending TPDU's header when there is
// one), close, and a T-DISCONNECT indication that says what was wrong.
void protocol_error(Connection& c, Bytes offending, std::uint8_t cause, Error error);

// Ends the connection: close once the output is written, with `indication` for the user if given.
void end(Connection& c, std::optional<DisconnectIndication> indication);

// Appends one TPDU in its TPKT to the output. Fails only if the TPDU cannot be encoded.
Status emit(Connection& c, const tpdu::Tpdu& tpdu);

// TPDU size codes and octets (RFC 1006: 0x10 = 65531).
std::size_t octets_of(std::uint8_t code) noexcept;
// The largest code whose size is at most `octets` (at least 0x07).
std::uint8_t code_at_most(std::size_t octets) noexcept;

}  // namespace piglix::transport::detail
