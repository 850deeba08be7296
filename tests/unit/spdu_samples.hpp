// One SPDU of every kind with all optional parameters present, and one with all of them absent
// (tests/support/spdu_render.hpp renders them field by field, so that a decoded SPDU can be
// compared with the original).
#pragma once

#include <string>
#include <string_view>

#include "spdu_render.hpp"
#include "spdu_test_support.hpp"

namespace piglix::spdu::test {

// --- Samples ----------------------------------------------------------------------------------

inline const ByteBuffer kUserData = pattern(40, 0x11);
inline const ByteBuffer kConnectUserData = pattern(limit::connect_user_data, 0x22);
inline const ByteBuffer kReflect = pattern(limit::reflect_parameter_values, 0x33);
inline const ByteBuffer kUserInformation = pattern(100, 0x44);
inline const ByteBuffer kExpedited = pattern(limit::expedited_data, 0x55);

inline Bytes text(std::string_view s) { return as_bytes(s); }

inline std::uint8_t token_settings(std::uint8_t data, std::uint8_t minor, std::uint8_t major,
                                   std::uint8_t release) {
  return static_cast<std::uint8_t>(
      data << token_setting::data_shift | minor << token_setting::minor_sync_shift |
      major << token_setting::major_activity_shift | release << token_setting::release_shift);
}

inline ConnectionIdentifier full_connection_identifier() {
  return {text("CALLED-REF"), text("CALLING-REF"), text("COMMON-REF"), text("ADD4")};
}

inline ConnectAcceptItem full_connect_accept_item() {
  ConnectAcceptItem c;
  c.protocol_options = option_extended_concatenation;
  c.tsdu_maximum_size = TsduMaximumSize{2048, 65535};
  c.version_number = version::v1 | version::v2;
  c.initial_serial_number = SerialNumber{999999};
  c.token_setting_item =
      token_settings(token_setting::acceptor_chooses, token_setting::initiator_side,
                     token_setting::acceptor_side, token_setting::acceptor_chooses);
  c.second_initial_serial_number = SerialNumber{17};
  c.upper_limit_serial_number = 6;
  c.large_initial_serial_number = SerialNumber{1234567890123456789};
  c.large_second_initial_serial_number = SerialNumber{98765432101};
  return c;
}

inline LinkingInformation full_linking_information() {
  return {text("CALLED"), text("CALLING"), text("COMMON"),
          text("ADDI"),   text("OLD-ID"),  SerialNumber{4242}};
}

constexpr std::uint16_t kAllRequirements = 0x1FFD;  // every FU but duplex

// Every optional parameter present, every value different from its default.
inline Spdu full_sample(Kind kind) {
  const Bytes ud = kUserData;
  const std::uint8_t encl = enclosure::begin;
  switch (kind) {
    case Kind::CN:
      return Connect{full_connection_identifier(),
                     full_connect_accept_item(),
                     kAllRequirements,
                     text("CALLING-SSEL"),
                     text("0123456789ABCDEF"),
                     1,
                     Bytes(kConnectUserData),
                     std::nullopt};
    case Kind::OA: return OverflowAccept{TsduMaximumSize{4096, 0}, version::v2};
    case Kind::CDO: return ConnectDataOverflow{enclosure::begin, ud};
    case Kind::AC:
      return Accept{full_connection_identifier(),
                    full_connect_accept_item(),
                    token::all,
                    fu::half_duplex | fu::typed_data,
                    enclosure::whole,
                    text("SSEL-A"),
                    text("SSEL-B"),
                    ud};
    case Kind::RF:
      return Refuse{full_connection_identifier(),
                    transport_disconnect::released,
                    fu::duplex,
                    version::v2,
                    enclosure::whole,
                    {refuse_reason::user_data_follows, ud}};
    case Kind::FN: return Finish{transport_disconnect::released, encl, ud};
    case Kind::DN: return Disconnect{encl, ud};
    case Kind::NF: return NotFinished{encl, ud};
    case Kind::AB:
      return Abort{transport_disconnect::released | transport_disconnect::user_abort |
                       transport_disconnect::no_reason,
                   Bytes(kReflect), encl, ud};
    case Kind::AA: return AbortAccept{};
    case Kind::DT: return DataTransfer{enclosure::end, kUserInformation};
    case Kind::EX: return Expedited{kExpedited};
    case Kind::TD: return TypedData{enclosure::middle, kUserInformation};
    case Kind::CD: return CapabilityData{encl, ud};
    case Kind::CDA: return CapabilityDataAck{encl, ud};
    case Kind::GT: return GiveTokens{token::all, encl, ud};
    case Kind::PT: return PleaseTokens{token::data | token::release, encl, ud};
    case Kind::GTC: return GiveTokensConfirm{};
    case Kind::GTA: return GiveTokensAck{};
    case Kind::MIP:
      return MinorSyncPoint{sync_type::no_explicit_confirmation, SerialNumber{123456}, encl, ud};
    case Kind::MIA: return MinorSyncAck{SerialNumber{7}, encl, ud};
    case Kind::MAP:
      return MajorSyncPoint{sync_type::activity_not_ended, SerialNumber{12}, encl, ud};
    case Kind::MAA: return MajorSyncAck{SerialNumber{13}, encl, ud};
    case Kind::RS:
      return Resynchronize{token_settings(1, 1, 0, 2),
                           resync_type::set,
                           SerialNumber{100},
                           resync_type::abandon,
                           SerialNumber{200},
                           encl,
                           ud};
    case Kind::RA:
      return ResynchronizeAck{token_settings(0, 1, 1, 0), SerialNumber{300}, SerialNumber{301},
                              encl, ud};
    case Kind::PR: return Prepare{prepare_type::abort};
    case Kind::ER: return ExceptionReport{Bytes(kReflect)};
    case Kind::ED: return ExceptionData{exception_reason::demand_data_token, encl, ud};
    case Kind::AS: return ActivityStart{text("ACT-01"), encl, ud};
    case Kind::AR: return ActivityResume{full_linking_information(), text("NEW-ID"), encl, ud};
    case Kind::AI:
      return ActivityInterrupt{exception_reason::unrecoverable_procedural_error, encl, ud};
    case Kind::AIA: return ActivityInterruptAck{encl, ud};
    case Kind::AD: return ActivityDiscard{exception_reason::local_user_error, encl, ud};
    case Kind::ADA: return ActivityDiscardAck{encl, ud};
    case Kind::AE: return ActivityEnd{SerialNumber{999999}, encl, ud};
    case Kind::AEA: return ActivityEndAck{SerialNumber{1}, encl, ud};
  }
  return AbortAccept{};
}

// Every optional parameter absent; mandatory ones keep a non-default value where they have one.
inline Spdu minimal_sample(Kind kind) {
  switch (kind) {
    case Kind::CN: return Connect{};
    case Kind::OA: return OverflowAccept{std::nullopt, version::v2};
    case Kind::CDO: return ConnectDataOverflow{enclosure::end, std::nullopt};
    case Kind::AC: return Accept{};
    case Kind::RF: return Refuse{.reason = {refuse_reason::spm_congestion, {}}};
    case Kind::FN: return Finish{};
    case Kind::DN: return Disconnect{};
    case Kind::NF: return NotFinished{};
    case Kind::AB: return Abort{.transport_disconnect = transport_disconnect::protocol_error};
    case Kind::AA: return AbortAccept{};
    case Kind::DT: return DataTransfer{std::nullopt, Bytes(kUserInformation).first(1)};
    case Kind::EX: return Expedited{};
    case Kind::TD: return TypedData{std::nullopt, Bytes(kUserInformation).first(3)};
    case Kind::CD: return CapabilityData{};
    case Kind::CDA: return CapabilityDataAck{};
    case Kind::GT: return GiveTokens{};
    case Kind::PT: return PleaseTokens{};
    case Kind::GTC: return GiveTokensConfirm{};
    case Kind::GTA: return GiveTokensAck{};
    case Kind::MIP: return MinorSyncPoint{.serial_number = SerialNumber{5}};
    case Kind::MIA: return MinorSyncAck{.serial_number = SerialNumber{5}};
    case Kind::MAP: return MajorSyncPoint{.serial_number = SerialNumber{12}};
    case Kind::MAA: return MajorSyncAck{.serial_number = SerialNumber{12}};
    case Kind::RS:
      return Resynchronize{.resync_type = resync_type::abandon, .serial_number = SerialNumber{3}};
    case Kind::RA: return ResynchronizeAck{.serial_number = SerialNumber{3}};
    case Kind::PR: return Prepare{prepare_type::resynchronize};
    case Kind::ER: return ExceptionReport{};
    case Kind::ED: return ExceptionData{.reason = exception_reason::user_sequence_error};
    case Kind::AS: return ActivityStart{.activity_identifier = text("A")};
    case Kind::AR:
      return ActivityResume{.linking_information = {.old_activity_identifier = text("O"),
                                                    .serial_number = SerialNumber{0}},
                            .new_activity_identifier = text("N")};
    case Kind::AI: return ActivityInterrupt{};
    case Kind::AIA: return ActivityInterruptAck{};
    case Kind::AD: return ActivityDiscard{};
    case Kind::ADA: return ActivityDiscardAck{};
    case Kind::AE: return ActivityEnd{.serial_number = SerialNumber{0}};
    case Kind::AEA: return ActivityEndAck{.serial_number = SerialNumber{999999}};
  }
  return AbortAccept{};
}

// What the receiver must know to tell a shared SI code apart (see DecodeOptions).
inline DecodeOptions options_for(Kind kind) {
  DecodeOptions options;
  if (kind == Kind::MAP) options.activity_management = false;  // MAP may lack the Sync Type Item
  if (kind == Kind::AEA) options.major_ack_is_activity_end = true;
  return options;
}

}  // namespace piglix::spdu::test
