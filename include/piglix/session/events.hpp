// What the session protocol machine tells its SS-user: indications and confirms, as values. The
// binding polls them with session::poll_event() after every input; user data is owned by the
// event.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "piglix/bytes.hpp"
#include "piglix/error.hpp"
#include "piglix/session/primitives.hpp"

namespace piglix::session {

// S-CONNECT indication: a peer's CN (with all its CDO data), waiting for accept() or refuse().
struct ConnectIndication {
  std::optional<ByteBuffer> calling_selector;
  std::optional<ByteBuffer> called_selector;
  ConnectionReferences references;
  std::uint16_t functional_units = 0;  // proposed
  std::uint8_t versions = 0;           // proposed (spdu::version bits)
  std::uint8_t token_setting = 0;      // proposed
  std::optional<std::uint64_t> initial_serial_number;
  // TSDU Maximum Size proposed per direction (0 = no limit).
  std::uint16_t max_tsdu_to_responder = 0;
  std::uint16_t max_tsdu_to_initiator = 0;
  ByteBuffer user_data;
};

// S-CONNECT confirm. On acceptance the session is established with these values.
struct ConnectConfirm {
  bool accepted = false;
  std::uint8_t refuse_reason = 0;  // when refused: spdu::refuse_reason
  bool transport_kept = false;     // refused with the transport connection kept (RF-r)
  std::optional<ByteBuffer> responding_selector;
  ConnectionReferences references;
  std::uint16_t functional_units = 0;  // selected
  std::uint8_t version = 0;            // selected (1 or 2)
  TokenSet tokens_owned = 0;           // tokens this side holds now
  ByteBuffer user_data;
};

struct DataIndication {
  ByteBuffer data;
};
struct ExpeditedDataIndication {
  ByteBuffer data;
};
struct TypedDataIndication {
  ByteBuffer data;
};
struct CapabilityDataIndication {
  ByteBuffer data;
};
struct CapabilityDataConfirm {
  ByteBuffer data;
};

// S-TOKEN-GIVE indication: the peer gave these tokens.
struct TokenGiveIndication {
  TokenSet tokens = 0;
  ByteBuffer user_data;
};
// S-TOKEN-PLEASE indication: the peer asks for these tokens.
struct TokenPleaseIndication {
  TokenSet tokens = 0;
  ByteBuffer user_data;
};
// S-CONTROL-GIVE indication: the peer gave every token.
struct ControlGiveIndication {};

struct ReleaseIndication {
  ByteBuffer user_data;
};
struct ReleaseConfirm {
  bool accepted = false;  // false: NOT FINISHED (negotiated release refused)
  ByteBuffer user_data;
};

// S-U-ABORT or S-P-ABORT indication. The session is gone.
struct AbortIndication {
  enum class Source : std::uint8_t {
    user,            // the peer SS-user aborted (AB with the user-abort bit)
    peer_provider,   // the peer's session provider aborted (AB without it)
    protocol_error,  // this side found a protocol error and sent AB
    transport_lost,  // the transport connection went away
  };
  Source source = Source::transport_lost;
  std::uint8_t transport_disconnect = 0;  // the received AB's PI 17, when there was one
  std::optional<Error> error;             // protocol_error: what the peer did wrong
  ByteBuffer user_data;
};

using Event =
    std::variant<ConnectIndication, ConnectConfirm, DataIndication, ExpeditedDataIndication,
                 TypedDataIndication, CapabilityDataIndication, CapabilityDataConfirm,
                 TokenGiveIndication, TokenPleaseIndication, ControlGiveIndication,
                 ReleaseIndication, ReleaseConfirm, AbortIndication>;

}  // namespace piglix::session
