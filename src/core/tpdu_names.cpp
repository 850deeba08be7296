// Human-readable names of TPDU codes, parameters, DR reasons and ER causes, for error messages
// and tools. See specs/transport/tpdu.md for the tables these mirror.
#include "piglix/tpdu.hpp"

namespace piglix::tpdu {

std::string_view abbreviation(Type type) noexcept {
  switch (type) {
    case Type::ED: return "ED";
    case Type::EA: return "EA";
    case Type::UD: return "UD";
    case Type::RJ: return "RJ";
    case Type::AK: return "AK";
    case Type::ER: return "ER";
    case Type::DR: return "DR";
    case Type::DC: return "DC";
    case Type::CC: return "CC";
    case Type::CR: return "CR";
    case Type::DT: return "DT";
  }
  return "?";
}

std::string_view full_name(Type type) noexcept {
  switch (type) {
    case Type::ED: return "expedited data";
    case Type::EA: return "expedited data acknowledgement";
    case Type::UD: return "unit data";
    case Type::RJ: return "reject";
    case Type::AK: return "data acknowledgement";
    case Type::ER: return "TPDU error";
    case Type::DR: return "disconnect request";
    case Type::DC: return "disconnect confirm";
    case Type::CC: return "connection confirm";
    case Type::CR: return "connection request";
    case Type::DT: return "data";
  }
  return "?";
}

std::string_view parameter_name(Type type, std::uint8_t code) noexcept {
  switch (code) {
    case param::tpdu_size: return "TPDU size";
    // The same code means something else in an ER, so the name depends on the TPDU.
    case param::calling_tsap: return type == Type::ER ? "invalid TPDU" : "calling TSAP-ID";
    case param::called_tsap: return "called TSAP-ID";
    case param::checksum: return "checksum";
    case param::version: return "version number";
    case param::protection: return "protection parameters";
    case param::additional_options: return "additional option selection";
    case param::alternative_classes: return "alternative protocol classes";
    case param::additional_information: return "additional information";
    case param::preferred_max_tpdu_size: return "preferred maximum TPDU size";
    default: return "unknown";
  }
}

std::uint32_t tpdu_size_octets(std::uint8_t code) noexcept {
  if (code < min_tpdu_size_code || code > max_tpdu_size_code) return 0;
  // 2^16 would not fit a TPKT; RFC 1006 peers read the top code as the largest TPDU that does.
  if (code == max_tpdu_size_code) return 65531;
  return std::uint32_t{1} << code;
}

std::string_view reason_text(std::uint8_t reason) noexcept {
  switch (reason) {
    case reason::not_specified: return "reason not specified";
    case reason::congestion_at_tsap: return "congestion at TSAP";
    case reason::session_entity_not_attached: return "session entity not attached to TSAP";
    case reason::address_unknown: return "address unknown";
    case reason::normal: return "normal disconnect initiated by the session entity";
    case reason::remote_congestion:
      return "remote transport entity congestion at connect request time";
    case reason::negotiation_failed: return "connection negotiation failed";
    case reason::duplicate_reference: return "duplicate source reference detected";
    case reason::mismatched_references: return "mismatched references";
    case reason::protocol_error: return "protocol error";
    case reason::reference_overflow: return "reference overflow";
    case reason::refused_on_this_connection:
      return "connection request refused on this network connection";
    case reason::header_or_parameter_length_invalid: return "header or parameter length invalid";
    default: return "unknown";
  }
}

std::string_view cause_text(std::uint8_t cause) noexcept {
  switch (cause) {
    case cause::not_specified: return "reason not specified";
    case cause::invalid_parameter_code: return "invalid parameter code";
    case cause::invalid_tpdu_type: return "invalid TPDU type";
    case cause::invalid_parameter_value: return "invalid parameter value";
    default: return "unknown";
  }
}

namespace {
constexpr Type type_of_alternative(const ConnectionRequest&) noexcept { return Type::CR; }
constexpr Type type_of_alternative(const ConnectionConfirm&) noexcept { return Type::CC; }
constexpr Type type_of_alternative(const DisconnectRequest&) noexcept { return Type::DR; }
constexpr Type type_of_alternative(const Data&) noexcept { return Type::DT; }
constexpr Type type_of_alternative(const TpduError&) noexcept { return Type::ER; }
}  // namespace

Type type_of(const Tpdu& tpdu) noexcept {
  return std::visit([](const auto& value) { return type_of_alternative(value); }, tpdu);
}

}  // namespace piglix::tpdu
