// X.225 codes: SPDU identifiers, parameter codes and the bit values carried in parameters.
// The tables in specs/x225/spdus.md list the same codes with their meaning.
#pragma once

#include <cstddef>
#include <cstdint>

namespace piglix::spdu {

// SPDU identifiers (SI). Five values are shared by two SPDUs each; which one is meant follows
// from the SPDU's position in the TSDU and its parameters (see decode_tsdu).
namespace si {
inline constexpr std::uint8_t exception_report = 0;         // ER
inline constexpr std::uint8_t data_transfer = 1;            // DT (after a GT herald)
inline constexpr std::uint8_t give_tokens = 1;              // GT (first in a TSDU)
inline constexpr std::uint8_t please_tokens = 2;            // PT
inline constexpr std::uint8_t expedited = 5;                // EX
inline constexpr std::uint8_t prepare = 7;                  // PR
inline constexpr std::uint8_t not_finished = 8;             // NF
inline constexpr std::uint8_t finish = 9;                   // FN
inline constexpr std::uint8_t disconnect = 10;              // DN
inline constexpr std::uint8_t refuse = 12;                  // RF
inline constexpr std::uint8_t connect = 13;                 // CN
inline constexpr std::uint8_t accept = 14;                  // AC
inline constexpr std::uint8_t connect_data_overflow = 15;   // CDO
inline constexpr std::uint8_t overflow_accept = 16;         // OA
inline constexpr std::uint8_t give_tokens_confirm = 21;     // GTC
inline constexpr std::uint8_t give_tokens_ack = 22;         // GTA
inline constexpr std::uint8_t abort = 25;                   // AB (alone in a TSDU)
inline constexpr std::uint8_t activity_interrupt = 25;      // AI (after a GT herald)
inline constexpr std::uint8_t abort_accept = 26;            // AA (alone in a TSDU)
inline constexpr std::uint8_t activity_interrupt_ack = 26;  // AIA (after a PT herald)
inline constexpr std::uint8_t activity_resume = 29;         // AR
inline constexpr std::uint8_t typed_data = 33;              // TD
inline constexpr std::uint8_t resynchronize_ack = 34;       // RA
inline constexpr std::uint8_t major_sync_point = 41;        // MAP (Sync Type Item: not ended)
inline constexpr std::uint8_t activity_end = 41;            // AE
inline constexpr std::uint8_t major_sync_ack = 42;          // MAA
inline constexpr std::uint8_t activity_end_ack = 42;        // AEA
inline constexpr std::uint8_t activity_start = 45;          // AS
inline constexpr std::uint8_t exception_data = 48;          // ED
inline constexpr std::uint8_t minor_sync_point = 49;        // MIP
inline constexpr std::uint8_t minor_sync_ack = 50;          // MIA
inline constexpr std::uint8_t resynchronize = 53;           // RS
inline constexpr std::uint8_t activity_discard = 57;        // AD
inline constexpr std::uint8_t activity_discard_ack = 58;    // ADA
inline constexpr std::uint8_t capability_data = 61;         // CD
inline constexpr std::uint8_t capability_data_ack = 62;     // CDA
}  // namespace si

// Parameter group identifiers (PGI) and parameter identifiers (PI).
namespace code {
// Groups.
inline constexpr std::uint8_t connection_identifier = 1;
inline constexpr std::uint8_t connect_accept_item = 5;
inline constexpr std::uint8_t linking_information = 33;
inline constexpr std::uint8_t user_data = 193;
inline constexpr std::uint8_t extended_user_data = 194;
// Single parameters.
inline constexpr std::uint8_t called_ss_user_reference = 9;
inline constexpr std::uint8_t calling_ss_user_reference = 10;
inline constexpr std::uint8_t common_reference = 11;
inline constexpr std::uint8_t additional_reference_information = 12;
inline constexpr std::uint8_t sync_type_item = 15;
inline constexpr std::uint8_t token_item = 16;
inline constexpr std::uint8_t transport_disconnect = 17;
inline constexpr std::uint8_t protocol_options = 19;
inline constexpr std::uint8_t session_user_requirements = 20;
inline constexpr std::uint8_t tsdu_maximum_size = 21;
inline constexpr std::uint8_t version_number = 22;
inline constexpr std::uint8_t initial_serial_number = 23;
inline constexpr std::uint8_t prepare_type = 24;
inline constexpr std::uint8_t enclosure_item = 25;
inline constexpr std::uint8_t token_setting_item = 26;
inline constexpr std::uint8_t resync_type = 27;
inline constexpr std::uint8_t activity_identifier = 41;
inline constexpr std::uint8_t serial_number = 42;
inline constexpr std::uint8_t mia_user_data = 46;
inline constexpr std::uint8_t reflect_parameter_values = 49;
inline constexpr std::uint8_t reason_code = 50;
inline constexpr std::uint8_t calling_session_selector = 51;
inline constexpr std::uint8_t called_session_selector = 52;  // "responding" in AC
inline constexpr std::uint8_t second_resync_type = 53;
inline constexpr std::uint8_t second_serial_number = 54;
inline constexpr std::uint8_t second_initial_serial_number = 55;
inline constexpr std::uint8_t upper_limit_serial_number = 56;
inline constexpr std::uint8_t large_initial_serial_number = 57;
inline constexpr std::uint8_t large_second_initial_serial_number = 58;
inline constexpr std::uint8_t data_overflow = 60;
}  // namespace code

// Token Item (PI 16) and the token bit masks used throughout.
namespace token {
inline constexpr std::uint8_t data = 0x01;
inline constexpr std::uint8_t minor_sync = 0x04;
inline constexpr std::uint8_t major_activity = 0x10;
inline constexpr std::uint8_t release = 0x40;
inline constexpr std::uint8_t all = data | minor_sync | major_activity | release;
}  // namespace token

// Token Setting Item (PI 26): two bits per token, at these shifts.
namespace token_setting {
inline constexpr unsigned data_shift = 0;
inline constexpr unsigned minor_sync_shift = 2;
inline constexpr unsigned major_activity_shift = 4;
inline constexpr unsigned release_shift = 6;
inline constexpr std::uint8_t initiator_side = 0;
inline constexpr std::uint8_t acceptor_side = 1;
inline constexpr std::uint8_t acceptor_chooses = 2;
}  // namespace token_setting

// Transport Disconnect (PI 17).
namespace transport_disconnect {
inline constexpr std::uint8_t released = 0x01;  // clear: the transport connection is kept
inline constexpr std::uint8_t user_abort = 0x02;
inline constexpr std::uint8_t protocol_error = 0x04;
inline constexpr std::uint8_t no_reason = 0x08;
inline constexpr std::uint8_t implementation_restriction = 0x10;
}  // namespace transport_disconnect

// Session User Requirements (PI 20): one bit per functional unit.
namespace fu {
inline constexpr std::uint16_t half_duplex = 0x0001;
inline constexpr std::uint16_t duplex = 0x0002;
inline constexpr std::uint16_t expedited_data = 0x0004;
inline constexpr std::uint16_t minor_synchronize = 0x0008;
inline constexpr std::uint16_t major_synchronize = 0x0010;
inline constexpr std::uint16_t resynchronize = 0x0020;
inline constexpr std::uint16_t activity_management = 0x0040;
inline constexpr std::uint16_t negotiated_release = 0x0080;
inline constexpr std::uint16_t capability_data = 0x0100;
inline constexpr std::uint16_t exceptions = 0x0200;
inline constexpr std::uint16_t typed_data = 0x0400;
inline constexpr std::uint16_t symmetric_synchronize = 0x0800;
inline constexpr std::uint16_t data_separation = 0x1000;
// Assumed when a CN or AC carries no Session User Requirements.
inline constexpr std::uint16_t default_set =
    half_duplex | minor_synchronize | activity_management | capability_data | exceptions;
}  // namespace fu

// Protocol Options (PI 19).
inline constexpr std::uint8_t option_extended_concatenation = 0x01;

// Version Number (PI 22).
namespace version {
inline constexpr std::uint8_t v1 = 0x01;
inline constexpr std::uint8_t v2 = 0x02;
}  // namespace version

// Enclosure Item (PI 25).
namespace enclosure {
inline constexpr std::uint8_t middle = 0x00;
inline constexpr std::uint8_t begin = 0x01;
inline constexpr std::uint8_t end = 0x02;
inline constexpr std::uint8_t whole = begin | end;
}  // namespace enclosure

// Sync Type Item (PI 15).
namespace sync_type {
inline constexpr std::uint8_t no_explicit_confirmation = 0x01;  // in MIP
inline constexpr std::uint8_t activity_not_ended = 0x01;        // in MAP
}  // namespace sync_type

// Resync Type (PI 27).
namespace resync_type {
inline constexpr std::uint8_t restart = 0;
inline constexpr std::uint8_t abandon = 1;
inline constexpr std::uint8_t set = 2;
}  // namespace resync_type

// Prepare Type (PI 24).
namespace prepare_type {
inline constexpr std::uint8_t major_sync_ack = 1;
inline constexpr std::uint8_t resynchronize = 2;
inline constexpr std::uint8_t resynchronize_ack = 3;
inline constexpr std::uint8_t abort = 4;
}  // namespace prepare_type

// Reason Code (PI 50) in RF: the first octet.
namespace refuse_reason {
inline constexpr std::uint8_t not_specified = 0;
inline constexpr std::uint8_t temporary_congestion = 1;
inline constexpr std::uint8_t user_data_follows = 2;
inline constexpr std::uint8_t selector_unknown = 129;
inline constexpr std::uint8_t user_not_attached = 130;
inline constexpr std::uint8_t spm_congestion = 131;
inline constexpr std::uint8_t versions_not_supported = 132;
inline constexpr std::uint8_t spm_not_specified = 133;
inline constexpr std::uint8_t implementation_restriction = 134;
}  // namespace refuse_reason

// Reason Code (PI 50) in ED, AI and AD.
namespace exception_reason {
inline constexpr std::uint8_t no_specific_reason = 0;
inline constexpr std::uint8_t temporarily_unable = 1;
inline constexpr std::uint8_t user_sequence_error = 3;
inline constexpr std::uint8_t local_user_error = 5;
inline constexpr std::uint8_t unrecoverable_procedural_error = 6;
inline constexpr std::uint8_t demand_data_token = 128;
}  // namespace exception_reason

// Size limits of user data (octets).
namespace limit {
inline constexpr std::size_t connect_user_data = 512;             // PGI 193 in CN
inline constexpr std::size_t connect_extended_user_data = 10240;  // PGI 194 in CN (version 2)
inline constexpr std::size_t v1_user_data = 512;                  // other SPDUs in version 1
inline constexpr std::size_t v1_abort_user_data = 9;
inline constexpr std::size_t expedited_data = 14;
inline constexpr std::size_t reflect_parameter_values = 9;
inline constexpr std::size_t session_selector = 16;
inline constexpr std::size_t ss_user_reference = 64;
inline constexpr std::size_t additional_reference_information = 4;
inline constexpr std::size_t activity_identifier = 6;
inline constexpr std::size_t serial_number_digits = 6;
}  // namespace limit

}  // namespace piglix::spdu
