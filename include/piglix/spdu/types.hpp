// The 36 X.225 SPDUs as plain structs, one per SPDU, and the Spdu variant over them.
//
// Optional parameters are std::optional (or an optional group); mandatory ones are plain members
// that every encoding carries. Octet-string parameters and user data are views (piglix::Bytes):
// a decoded SPDU borrows from the TSDU it was decoded from.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <variant>

#include "piglix/bytes.hpp"
#include "piglix/spdu/codes.hpp"

namespace piglix::spdu {

// Serial numbers travel as 1..6 decimal IA5 digits (the large-serial-number parameters allow more).
struct SerialNumber {
  std::uint64_t value = 0;
  friend bool operator==(SerialNumber, SerialNumber) = default;
};

// TSDU Maximum Size (PI 21): per direction, 0 = no limit.
struct TsduMaximumSize {
  std::uint16_t initiator_to_responder = 0;
  std::uint16_t responder_to_initiator = 0;
  friend bool operator==(TsduMaximumSize, TsduMaximumSize) = default;
};

// Reason Code (PI 50) of a REFUSE: the reason octet, then (reason 2) the SS-user's data.
struct RefuseReason {
  std::uint8_t reason = refuse_reason::not_specified;
  Bytes user_data;
};

// PGI 1 (CN, AC, RF).
struct ConnectionIdentifier {
  std::optional<Bytes> called_ss_user_reference;   // AC, RF
  std::optional<Bytes> calling_ss_user_reference;  // CN
  std::optional<Bytes> common_reference;
  std::optional<Bytes> additional_reference_information;
};

// PGI 5 (CN, AC).
struct ConnectAcceptItem {
  std::optional<std::uint8_t> protocol_options;
  std::optional<TsduMaximumSize> tsdu_maximum_size;
  std::optional<std::uint8_t> version_number;
  std::optional<SerialNumber> initial_serial_number;
  std::optional<std::uint8_t> token_setting_item;
  std::optional<SerialNumber> second_initial_serial_number;
  std::optional<std::uint8_t> upper_limit_serial_number;
  std::optional<SerialNumber> large_initial_serial_number;
  std::optional<SerialNumber> large_second_initial_serial_number;
};

// PGI 33 (AR).
struct LinkingInformation {
  std::optional<Bytes> called_ss_user_reference;
  std::optional<Bytes> calling_ss_user_reference;
  std::optional<Bytes> common_reference;
  std::optional<Bytes> additional_reference_information;
  Bytes old_activity_identifier;
  SerialNumber serial_number;
};

// --- Connection establishment ---------------------------------------------------------------

struct Connect {  // CN
  std::optional<ConnectionIdentifier> connection_identifier;
  std::optional<ConnectAcceptItem> connect_accept_item;
  std::optional<std::uint16_t> session_user_requirements;
  std::optional<Bytes> calling_session_selector;
  std::optional<Bytes> called_session_selector;
  std::optional<std::uint8_t> data_overflow;
  std::optional<Bytes> user_data;           // up to 512 octets
  std::optional<Bytes> extended_user_data;  // version 2: 513..10240 octets
};

struct OverflowAccept {  // OA
  std::optional<TsduMaximumSize> tsdu_maximum_size;
  std::uint8_t version_number = version::v2;
};

struct ConnectDataOverflow {  // CDO
  std::uint8_t enclosure = enclosure::end;
  std::optional<Bytes> user_data;
};

struct Accept {  // AC
  std::optional<ConnectionIdentifier> connection_identifier;
  std::optional<ConnectAcceptItem> connect_accept_item;
  std::optional<std::uint8_t> token_item;  // tokens the acceptor asks for
  std::optional<std::uint16_t> session_user_requirements;
  std::optional<std::uint8_t> enclosure;
  std::optional<Bytes> calling_session_selector;
  std::optional<Bytes> responding_session_selector;
  std::optional<Bytes> user_data;
};

struct Refuse {  // RF
  std::optional<ConnectionIdentifier> connection_identifier;
  std::optional<std::uint8_t> transport_disconnect;
  std::optional<std::uint16_t> session_user_requirements;
  std::optional<std::uint8_t> version_number;
  std::optional<std::uint8_t> enclosure;
  RefuseReason reason;
};

// --- Release and abort ----------------------------------------------------------------------

struct Finish {  // FN
  std::optional<std::uint8_t> transport_disconnect;
  std::optional<std::uint8_t> enclosure;
  std::optional<Bytes> user_data;
};

struct Disconnect {  // DN
  std::optional<std::uint8_t> enclosure;
  std::optional<Bytes> user_data;
};

struct NotFinished {  // NF
  std::optional<std::uint8_t> enclosure;
  std::optional<Bytes> user_data;
};

struct Abort {  // AB
  std::uint8_t transport_disconnect = transport_disconnect::released;
  std::optional<Bytes> reflect_parameter_values;
  std::optional<std::uint8_t> enclosure;
  std::optional<Bytes> user_data;
};

struct AbortAccept {};  // AA

// --- Data -------------------------------------------------------------------------------------

// DT, EX and TD carry user information after their parameter field, up to the end of the TSDU.
struct DataTransfer {  // DT
  std::optional<std::uint8_t> enclosure;
  Bytes user_information;
};

struct Expedited {         // EX
  Bytes user_information;  // at most 14 octets
};

struct TypedData {  // TD
  std::optional<std::uint8_t> enclosure;
  Bytes user_information;
};

struct CapabilityData {  // CD
  std::optional<std::uint8_t> enclosure;
  std::optional<Bytes> user_data;
};

struct CapabilityDataAck {  // CDA
  std::optional<std::uint8_t> enclosure;
  std::optional<Bytes> user_data;
};

// --- Tokens -----------------------------------------------------------------------------------

// Without a Token Item a GT or PT is a herald: the category 0 SPDU in front of a category 2 one.
struct GiveTokens {  // GT
  std::optional<std::uint8_t> token_item;
  std::optional<std::uint8_t> enclosure;  // version 2
  std::optional<Bytes> user_data;         // version 2
};

struct PleaseTokens {  // PT
  std::optional<std::uint8_t> token_item;
  std::optional<std::uint8_t> enclosure;
  std::optional<Bytes> user_data;
};

struct GiveTokensConfirm {};  // GTC
struct GiveTokensAck {};      // GTA

// --- Synchronization --------------------------------------------------------------------------

struct MinorSyncPoint {  // MIP
  std::optional<std::uint8_t> sync_type_item;
  SerialNumber serial_number;
  std::optional<std::uint8_t> enclosure;
  std::optional<Bytes> user_data;
};

struct MinorSyncAck {  // MIA
  SerialNumber serial_number;
  std::optional<std::uint8_t> enclosure;
  std::optional<Bytes> user_data;  // carried in PI 46
};

// An SI 41 SPDU with a Sync Type Item is a MAP; without one it is an AE where activity
// management is in use (see DecodeOptions).
struct MajorSyncPoint {                        // MAP
  std::optional<std::uint8_t> sync_type_item;  // sync_type::activity_not_ended
  SerialNumber serial_number;
  std::optional<std::uint8_t> enclosure;
  std::optional<Bytes> user_data;
};

struct MajorSyncAck {  // MAA
  SerialNumber serial_number;
  std::optional<std::uint8_t> enclosure;
  std::optional<Bytes> user_data;
};

struct Resynchronize {  // RS
  std::optional<std::uint8_t> token_setting_item;
  std::uint8_t resync_type = resync_type::restart;
  SerialNumber serial_number;
  std::optional<std::uint8_t> second_resync_type;
  std::optional<SerialNumber> second_serial_number;
  std::optional<std::uint8_t> enclosure;
  std::optional<Bytes> user_data;
};

struct ResynchronizeAck {  // RA
  std::optional<std::uint8_t> token_setting_item;
  SerialNumber serial_number;
  std::optional<SerialNumber> second_serial_number;
  std::optional<std::uint8_t> enclosure;
  std::optional<Bytes> user_data;
};

struct Prepare {  // PR
  std::uint8_t prepare_type = prepare_type::major_sync_ack;
};

// --- Exceptions -------------------------------------------------------------------------------

struct ExceptionReport {           // ER
  Bytes reflect_parameter_values;  // the octets of the SPDU in error, at most 9
};

struct ExceptionData {  // ED
  std::uint8_t reason = exception_reason::no_specific_reason;
  std::optional<std::uint8_t> enclosure;
  std::optional<Bytes> user_data;
};

// --- Activities -------------------------------------------------------------------------------

struct ActivityStart {  // AS
  Bytes activity_identifier;
  std::optional<std::uint8_t> enclosure;
  std::optional<Bytes> user_data;
};

struct ActivityResume {  // AR
  LinkingInformation linking_information;
  Bytes new_activity_identifier;
  std::optional<std::uint8_t> enclosure;
  std::optional<Bytes> user_data;
};

struct ActivityInterrupt {  // AI
  std::optional<std::uint8_t> reason;
  std::optional<std::uint8_t> enclosure;
  std::optional<Bytes> user_data;
};

struct ActivityInterruptAck {  // AIA
  std::optional<std::uint8_t> enclosure;
  std::optional<Bytes> user_data;
};

struct ActivityDiscard {  // AD
  std::optional<std::uint8_t> reason;
  std::optional<std::uint8_t> enclosure;
  std::optional<Bytes> user_data;
};

struct ActivityDiscardAck {  // ADA
  std::optional<std::uint8_t> enclosure;
  std::optional<Bytes> user_data;
};

struct ActivityEnd {  // AE
  SerialNumber serial_number;
  std::optional<std::uint8_t> enclosure;
  std::optional<Bytes> user_data;
};

struct ActivityEndAck {  // AEA
  SerialNumber serial_number;
  std::optional<std::uint8_t> enclosure;
  std::optional<Bytes> user_data;
};

// The order of the alternatives is the order of Kind.
using Spdu =
    std::variant<Connect, OverflowAccept, ConnectDataOverflow, Accept, Refuse, Finish, Disconnect,
                 NotFinished, Abort, AbortAccept, DataTransfer, Expedited, TypedData,
                 CapabilityData, CapabilityDataAck, GiveTokens, PleaseTokens, GiveTokensConfirm,
                 GiveTokensAck, MinorSyncPoint, MinorSyncAck, MajorSyncPoint, MajorSyncAck,
                 Resynchronize, ResynchronizeAck, Prepare, ExceptionReport, ExceptionData,
                 ActivityStart, ActivityResume, ActivityInterrupt, ActivityInterruptAck,
                 ActivityDiscard, ActivityDiscardAck, ActivityEnd, ActivityEndAck>;

enum class Kind : std::uint8_t {
  CN,
  OA,
  CDO,
  AC,
  RF,
  FN,
  DN,
  NF,
  AB,
  AA,
  DT,
  EX,
  TD,
  CD,
  CDA,
  GT,
  PT,
  GTC,
  GTA,
  MIP,
  MIA,
  MAP,
  MAA,
  RS,
  RA,
  PR,
  ER,
  ED,
  AS,
  AR,
  AI,
  AIA,
  AD,
  ADA,
  AE,
  AEA,
};
inline constexpr std::size_t kind_count = std::variant_size_v<Spdu>;

// How an SPDU may be concatenated (X.225 6.3.7): category 0 (GT, PT) may stand alone or head a
// TSDU; category 1 stands alone; category 2 always follows a category 0 SPDU.
enum class Category : std::uint8_t { zero, one, two };

struct KindInfo {
  Kind kind;
  std::uint8_t si;
  Category category;
  Kind herald;                    // category 2: the category 0 SPDU (GT or PT) that precedes it
  bool has_user_information;      // DT, EX, TD: user octets after the parameter field
  std::string_view abbreviation;  // "MIP"
  std::string_view name;          // "MINOR SYNC POINT"
};

const KindInfo& info(Kind kind) noexcept;
inline Kind kind_of(const Spdu& spdu) noexcept { return static_cast<Kind>(spdu.index()); }
inline const KindInfo& info(const Spdu& spdu) noexcept { return info(kind_of(spdu)); }

}  // namespace piglix::spdu
