// The input being processed: which table event it is and the parameters its rows read.
//
// Predicates and outputs read the event's parameters from here, never from the caller's types, so
// one flat struct serves requests and received SPDUs alike.
#pragma once

#include <cstdint>
#include <optional>

#include "piglix/bytes.hpp"
#include "piglix/error.hpp"
#include "piglix/session/primitives.hpp"
#include "piglix/spdu/types.hpp"
#include "session/table.hpp"

namespace piglix::session::detail {

struct Context {
  table::Input input{};

  // A received SPDU (nullptr for requests and transport events), and its SS-user data: for a
  // segmented SSDU the reassembled octets, else the SPDU's own User Data / user information.
  const spdu::Spdu* spdu = nullptr;
  Bytes user_data;
  // `user_data` is the SSDU the connection's assembler collected (take_user_data() moves it).
  bool user_data_reassembled = false;
  // A request's `user_data` is this buffer's: the SPDUs sent refer to it instead of copying it.
  const SharedBuffer* shared_user_data = nullptr;

  // Tokens of a GT or PT sent or received (the table's GT / RT sets).
  TokenSet tokens = 0;
  // Serial number of the SPDU or request ("sn" in predicates.md).
  std::uint64_t serial = 0;

  // Request parameters.
  bool confirm_required = true;    // SSYNmreq: the MIP asks for an MIA
  std::uint8_t reason = 0;         // SUERreq, SACTIreq, SACTDreq
  std::uint8_t token_setting = 0;  // SRSYNreq, SRSYNrsp
  Bytes activity_id;               // SACTSreq
  const ActivityResumeRequest* resume = nullptr;
  const ConnectRequest* connect = nullptr;
  const AcceptResponse* accept = nullptr;
  const RefuseResponse* refuse = nullptr;

  // CN received: why this SPM refuses it (p76), as an RF reason; nullopt = acceptable.
  std::optional<std::uint8_t> connect_refusal;
  // CDO received: it has the end bit (p202).
  bool last_overflow = false;
  // TDISind: why the transport ended, when the layer below knows (given in SPABind).
  const Error* disconnect_reason = nullptr;
};

}  // namespace piglix::session::detail
