// Parameters of the session service primitives (X.215) that carry more than user data: what the
// SS-user passes to S-CONNECT request and response, and the token notation shared by both.
#pragma once

#include <cstdint>
#include <optional>

#include "piglix/bytes.hpp"
#include "piglix/spdu/codes.hpp"

namespace piglix::session {

// A set of tokens as spdu::token bits (data 0x01, minor sync 0x04, major/activity 0x10,
// release 0x40).
using TokenSet = std::uint8_t;

// Who gets a token at connection time (Token Setting Item, two bits per token).
enum class TokenSide : std::uint8_t { initiator = 0, acceptor = 1, acceptor_chooses = 2 };

// The Token Setting Item value with `side` for every token in `tokens`, initiator side elsewhere.
std::uint8_t token_setting(TokenSet tokens, TokenSide side) noexcept;
// Where `token` (one spdu::token bit) is placed by a Token Setting Item value.
TokenSide token_side(std::uint8_t setting, TokenSet token) noexcept;

// Connection Identifier (PGI 1): references the SS-users exchange, opaque to the provider.
struct ConnectionReferences {
  std::optional<ByteBuffer> ss_user_reference;  // calling (CN) or called (AC, RF)
  std::optional<ByteBuffer> common_reference;
  std::optional<ByteBuffer> additional_reference_information;
};

// S-CONNECT request.
struct ConnectRequest {
  std::optional<ByteBuffer> calling_selector;
  std::optional<ByteBuffer> called_selector;
  ConnectionReferences references;
  // Functional units proposed (spdu::fu bits). Duplex alone is what MMS stacks use.
  std::uint16_t functional_units = spdu::fu::duplex;
  // Where each token that the functional units create should start; initiator side by default.
  std::uint8_t token_setting = 0;
  // Initial serial number, proposed when minor/major sync or resynchronize is in the units.
  std::optional<std::uint64_t> initial_serial_number;
  // Up to 512 octets in version 1; up to 10 240 in one CN in version 2, more through CDO SPDUs.
  ByteBuffer user_data;
};

// S-CONNECT response, accept.
struct AcceptResponse {
  std::optional<ByteBuffer> responding_selector;
  ConnectionReferences references;
  // Functional units accepted; the session gets the intersection with the proposal.
  std::uint16_t functional_units = spdu::fu::duplex;
  // Decisions for the tokens the CN left to the acceptor (TokenSide::acceptor_chooses); tokens
  // the initiator placed keep their side whatever is written here.
  std::uint8_t token_setting = 0;
  // Tokens the acceptor asks for at once (the AC's Token Item: it then counts as a PLEASE TOKENS).
  TokenSet please_tokens = 0;
  std::optional<std::uint64_t> initial_serial_number;
  ByteBuffer user_data;
};

// S-CONNECT response, reject. Reasons are the SS-user's: spdu::refuse_reason::not_specified,
// temporary_congestion or user_data_follows (the only one that carries user data).
struct RefuseResponse {
  std::uint8_t reason = spdu::refuse_reason::not_specified;
  ByteBuffer user_data;
};

// S-RESYNCHRONIZE request. The types are X.215's: abandon (the provider picks the serial number,
// V(M)), restart (back to a sync point this side may return to, V(R) <= serial <= V(M)) and set
// (any serial number the users agree on).
enum class ResyncType : std::uint8_t { abandon, restart, set };

struct ResyncRequest {
  ResyncType type = ResyncType::abandon;
  std::uint64_t serial_number = 0;  // restart and set; ignored for abandon
  // Where each available token goes (Token Setting Item, "initiator" = the side that asks for
  // the resynchronization); TokenSide::acceptor_chooses leaves it to the peer's response.
  std::uint8_t token_setting = 0;
  ByteBuffer user_data;
};

// S-RESYNCHRONIZE response.
struct ResyncResponse {
  // The serial number to resume from. Empty: the one the indication gave (restart and set) or
  // V(M) (abandon), the only values X.225 accepts for restart and abandon.
  std::optional<std::uint64_t> serial_number;
  // Decisions for the tokens the request left to this side ("initiator" = the requesting side);
  // a token left undecided goes to the requesting side, as at connection time.
  std::uint8_t token_setting = 0;
  ByteBuffer user_data;
};

// The session connection an interrupted activity ran on (Linking Information), when it was
// another one than the resuming session's.
struct OldConnection {
  std::optional<ByteBuffer> calling_ss_user_reference;
  std::optional<ByteBuffer> called_ss_user_reference;
  std::optional<ByteBuffer> common_reference;
  std::optional<ByteBuffer> additional_reference_information;
};

// S-ACTIVITY-RESUME request: start a new activity that continues an interrupted one.
struct ActivityResumeRequest {
  ByteBuffer activity_id;           // the new activity's identifier, 1 to 6 octets
  ByteBuffer old_activity_id;       // the interrupted activity's identifier, 1 to 6 octets
  std::uint64_t serial_number = 0;  // the sync point of the old activity to continue after
  OldConnection old_connection;
  ByteBuffer user_data;
};

}  // namespace piglix::session
