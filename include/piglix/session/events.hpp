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

// S-SYNC-MINOR indication and confirm. `serial_number` identifies the sync point; the indication
// says whether the peer asked for an explicit confirmation (acknowledge_sync_minor()).
struct SyncMinorIndication {
  std::uint64_t serial_number = 0;
  bool confirm_required = true;
  ByteBuffer user_data;
};
struct SyncMinorConfirm {
  std::uint64_t serial_number = 0;
  ByteBuffer user_data;
};

// S-SYNC-MAJOR indication (answer with acknowledge_sync_major()) and confirm.
struct SyncMajorIndication {
  std::uint64_t serial_number = 0;
  ByteBuffer user_data;
};
struct SyncMajorConfirm {
  std::uint64_t serial_number = 0;
  ByteBuffer user_data;
};

// S-RESYNCHRONIZE indication (answer with acknowledge_resynchronize()) and confirm. Data sent
// before the resynchronization that had not been delivered is discarded by the provider.
struct ResyncIndication {
  ResyncType type = ResyncType::abandon;
  std::uint64_t serial_number = 0;
  std::uint8_t token_setting = 0;  // as requested; "initiator" = the peer
  ByteBuffer user_data;
};
struct ResyncConfirm {
  std::uint64_t serial_number = 0;  // the sync point both sides continue from
  TokenSet tokens_owned = 0;        // tokens this side holds now
  ByteBuffer user_data;
};

// S-ACTIVITY-START and S-ACTIVITY-RESUME indications.
struct ActivityStartIndication {
  ByteBuffer activity_id;
  ByteBuffer user_data;
};
struct ActivityResumeIndication {
  ByteBuffer activity_id;
  ByteBuffer old_activity_id;
  std::uint64_t serial_number = 0;  // of the old activity, to continue after
  OldConnection old_connection;
  ByteBuffer user_data;
};

// S-ACTIVITY-INTERRUPT and S-ACTIVITY-DISCARD: the indication (answer with
// acknowledge_activity_interrupt() / acknowledge_activity_discard()) and the confirm. `reason` is
// a spdu::exception_reason code, absent when the peer sent none.
struct ActivityInterruptIndication {
  std::optional<std::uint8_t> reason;
  ByteBuffer user_data;
};
struct ActivityInterruptConfirm {
  ByteBuffer user_data;
};
struct ActivityDiscardIndication {
  std::optional<std::uint8_t> reason;
  ByteBuffer user_data;
};
struct ActivityDiscardConfirm {
  ByteBuffer user_data;
};

// S-ACTIVITY-END indication (answer with acknowledge_activity_end()) and confirm.
struct ActivityEndIndication {
  std::uint64_t serial_number = 0;
  ByteBuffer user_data;
};
struct ActivityEndConfirm {
  std::uint64_t serial_number = 0;
  ByteBuffer user_data;
};

// S-U-EXCEPTION-REPORT indication (the peer's ED) and S-P-EXCEPTION-REPORT indication (the peer's
// provider reported an error with ER). Either leaves the dialogue waiting for a recovery: the
// data token given back, a resynchronization, an activity interrupt or discard, or an abort.
struct UserExceptionIndication {
  std::uint8_t reason = 0;  // spdu::exception_reason
  ByteBuffer user_data;
};
struct ProviderExceptionIndication {
  ByteBuffer reflected;  // the first octets of the SPDU the peer found in error
};

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
                 SyncMinorIndication, SyncMinorConfirm, SyncMajorIndication, SyncMajorConfirm,
                 ResyncIndication, ResyncConfirm, ActivityStartIndication, ActivityResumeIndication,
                 ActivityInterruptIndication, ActivityInterruptConfirm, ActivityDiscardIndication,
                 ActivityDiscardConfirm, ActivityEndIndication, ActivityEndConfirm,
                 UserExceptionIndication, ProviderExceptionIndication, ReleaseIndication,
                 ReleaseConfirm, AbortIndication>;

}  // namespace piglix::session
