// The parameter layout of every SPDU and parameter group, as data (internal header).
//
// Each struct of piglix/spdu/types.hpp has a schema: its fields in the canonical encoding order,
// each with the parameter code, name, length bounds and value check. One generic decoder and one
// generic encoder (spdu_parameters.hpp) work from these tables, and the describer prints with the
// same names, so the wire format is written down exactly once.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <tuple>
#include <type_traits>

#include "piglix/spdu/types.hpp"

namespace piglix::spdu::detail {

// How a parameter value is encoded.
enum class ValueKind : std::uint8_t {
  octet,          // one octet
  two_octets,     // 16-bit big-endian
  tsdu_size,      // two 16-bit big-endian values
  digits,         // decimal IA5 digits
  octets,         // opaque octets
  refuse_reason,  // reason octet, then octets
  group,          // nested parameters (a PGI)
};

// Which values of an octet or 16-bit parameter are valid; nullptr accepts any value.
using ValueCheck = bool (*)(std::uint16_t value);

template <std::uint16_t Mask>
constexpr bool only_bits(std::uint16_t value) {
  return (value & ~Mask) == 0;
}
template <std::uint16_t Low, std::uint16_t High>
constexpr bool in_range(std::uint16_t value) {
  return value >= Low && value <= High;
}
// Token Setting Item: two bits per token; the value 11 is reserved.
constexpr bool token_setting_value(std::uint16_t value) {
  for (unsigned shift = 0; shift < 8; shift += 2) {
    if (((value >> shift) & 3) == 3) return false;
  }
  return value <= 0xFF;
}
// ED, AI and AD reasons: 2 and 4 are reserved, 7..127 undefined.
constexpr bool exception_reason_value(std::uint16_t value) {
  return value == 0 || value == 1 || value == 3 || value == 5 || value == 6 || value == 128;
}

struct ParamSpec {
  std::uint8_t code = 0;
  std::string_view name;
  ValueKind kind = ValueKind::octets;
  std::uint32_t min_length = 0;
  std::uint32_t max_length = 0;
  bool mandatory = false;
  ValueCheck check = nullptr;
  std::span<const ParamSpec> members;  // ValueKind::group only
};

// Maps a member's value type to its encoding and default length bounds.
template <class T>
struct ValueTraits;
template <>
struct ValueTraits<std::uint8_t> {
  static constexpr ValueKind kind = ValueKind::octet;
  static constexpr std::uint32_t min = 1, max = 1;
};
template <>
struct ValueTraits<std::uint16_t> {
  static constexpr ValueKind kind = ValueKind::two_octets;
  static constexpr std::uint32_t min = 2, max = 2;
};
template <>
struct ValueTraits<TsduMaximumSize> {
  static constexpr ValueKind kind = ValueKind::tsdu_size;
  static constexpr std::uint32_t min = 4, max = 4;
};
template <>
struct ValueTraits<SerialNumber> {
  static constexpr ValueKind kind = ValueKind::digits;
  static constexpr std::uint32_t min = 1, max = limit::serial_number_digits;
};
template <>
struct ValueTraits<Bytes> {
  static constexpr ValueKind kind = ValueKind::octets;
  static constexpr std::uint32_t min = 0, max = 65535;
};
template <>
struct ValueTraits<RefuseReason> {
  static constexpr ValueKind kind = ValueKind::refuse_reason;
  static constexpr std::uint32_t min = 1, max = 65535;
};

template <class T>
struct Unwrap {
  using type = T;
  static constexpr bool optional = false;
};
template <class T>
struct Unwrap<std::optional<T>> {
  using type = T;
  static constexpr bool optional = true;
};

template <class T>
struct IsGroup : std::false_type {};
template <>
struct IsGroup<ConnectionIdentifier> : std::true_type {};
template <>
struct IsGroup<ConnectAcceptItem> : std::true_type {};
template <>
struct IsGroup<LinkingInformation> : std::true_type {};

// One field of a struct: where it lives and how it is encoded.
template <class S, class M>
struct Field {
  M S::*member;
  ParamSpec spec;
  using Value = typename Unwrap<M>::type;
};

template <class G>
constexpr auto schema_of(std::type_identity<G>);

template <class Table>
constexpr auto to_array(const Table& table) {
  return std::apply([](const auto&... f) { return std::array<ParamSpec, sizeof...(f)>{f.spec...}; },
                    table);
}

// The runtime table of a struct's parameters (used for groups and by the describer).
template <class S>
inline constexpr auto table_of = to_array(schema_of(std::type_identity<S>{}));

template <class S, class M>
constexpr Field<S, M> field(M S::*member, std::uint8_t code, std::string_view name,
                            ValueCheck check = nullptr) {
  using V = typename Unwrap<M>::type;
  ParamSpec spec{code, name, ValueKind::group, 0, 65535, !Unwrap<M>::optional, check, {}};
  if constexpr (IsGroup<V>::value) {
    spec.members = table_of<V>;
  } else {
    spec.kind = ValueTraits<V>::kind;
    spec.min_length = ValueTraits<V>::min;
    spec.max_length = ValueTraits<V>::max;
  }
  return {member, spec};
}

// A field whose length bounds differ from its type's defaults.
template <class S, class M>
constexpr Field<S, M> sized(M S::*member, std::uint8_t code, std::string_view name,
                            std::uint32_t min_length, std::uint32_t max_length) {
  auto f = field(member, code, name);
  f.spec.min_length = min_length;
  f.spec.max_length = max_length;
  return f;
}

// Value checks shared by several SPDUs.
inline constexpr ValueCheck enclosure_bits = &only_bits<enclosure::whole>;
inline constexpr ValueCheck token_bits = &only_bits<token::all>;
inline constexpr ValueCheck transport_disconnect_bits = &only_bits<0x1F>;
inline constexpr ValueCheck requirement_bits = &only_bits<0x1FFF>;
inline constexpr ValueCheck version_bits = &in_range<version::v1, version::v1 | version::v2>;
inline constexpr ValueCheck resync_types = &in_range<resync_type::restart, resync_type::set>;
inline constexpr ValueCheck exception_reasons = &exception_reason_value;
inline constexpr ValueCheck token_settings = &token_setting_value;

// Common fields, as functions so that each SPDU's table reads top to bottom like the standard.
template <class S>
constexpr auto enclosure_field(std::optional<std::uint8_t> S::*member) {
  return field(member, code::enclosure_item, "Enclosure Item", enclosure_bits);
}
template <class S>
constexpr auto user_data_field(std::optional<Bytes> S::*member) {
  return field(member, code::user_data, "User Data");
}
// The tail most SPDUs with user data share: Enclosure Item (segmentation), then User Data.
template <class S>
constexpr auto enclosed_user_data() {
  return std::tuple{enclosure_field(&S::enclosure), user_data_field(&S::user_data)};
}
template <class S>
constexpr auto serial_field(SerialNumber S::*member) {
  return field(member, code::serial_number, "Serial Number");
}

// --- Groups -----------------------------------------------------------------------------------

template <>
constexpr auto schema_of(std::type_identity<ConnectionIdentifier>) {
  using G = ConnectionIdentifier;
  return std::tuple{
      sized(&G::called_ss_user_reference, code::called_ss_user_reference,
            "Called SS-user Reference", 0, limit::ss_user_reference),
      sized(&G::calling_ss_user_reference, code::calling_ss_user_reference,
            "Calling SS-user Reference", 0, limit::ss_user_reference),
      sized(&G::common_reference, code::common_reference, "Common Reference", 0,
            limit::ss_user_reference),
      sized(&G::additional_reference_information, code::additional_reference_information,
            "Additional Reference Information", 0, limit::additional_reference_information),
  };
}

template <>
constexpr auto schema_of(std::type_identity<ConnectAcceptItem>) {
  using G = ConnectAcceptItem;
  return std::tuple{
      field(&G::protocol_options, code::protocol_options, "Protocol Options",
            &only_bits<option_extended_concatenation>),
      field(&G::tsdu_maximum_size, code::tsdu_maximum_size, "TSDU Maximum Size"),
      field(&G::version_number, code::version_number, "Version Number", version_bits),
      field(&G::initial_serial_number, code::initial_serial_number, "Initial Serial Number"),
      field(&G::token_setting_item, code::token_setting_item, "Token Setting Item", token_settings),
      field(&G::second_initial_serial_number, code::second_initial_serial_number,
            "Second Initial Serial Number"),
      field(&G::upper_limit_serial_number, code::upper_limit_serial_number,
            "Upper Limit Serial Number"),
      sized(&G::large_initial_serial_number, code::large_initial_serial_number,
            "Large Initial Serial Number", 1, 19),
      sized(&G::large_second_initial_serial_number, code::large_second_initial_serial_number,
            "Large Second Initial Serial Number", 1, 19),
  };
}

template <>
constexpr auto schema_of(std::type_identity<LinkingInformation>) {
  using G = LinkingInformation;
  return std::tuple{
      sized(&G::called_ss_user_reference, code::called_ss_user_reference,
            "Called SS-user Reference", 0, limit::ss_user_reference),
      sized(&G::calling_ss_user_reference, code::calling_ss_user_reference,
            "Calling SS-user Reference", 0, limit::ss_user_reference),
      sized(&G::common_reference, code::common_reference, "Common Reference", 0,
            limit::ss_user_reference),
      sized(&G::additional_reference_information, code::additional_reference_information,
            "Additional Reference Information", 0, limit::additional_reference_information),
      sized(&G::old_activity_identifier, code::activity_identifier, "Old Activity Identifier", 1,
            limit::activity_identifier),
      serial_field(&G::serial_number),
  };
}

// --- Connection establishment -----------------------------------------------------------------

template <>
constexpr auto schema_of(std::type_identity<Connect>) {
  using S = Connect;
  return std::tuple{
      field(&S::connection_identifier, code::connection_identifier, "Connection Identifier"),
      field(&S::connect_accept_item, code::connect_accept_item, "Connect/Accept Item"),
      field(&S::session_user_requirements, code::session_user_requirements,
            "Session User Requirements", requirement_bits),
      sized(&S::calling_session_selector, code::calling_session_selector,
            "Calling Session Selector", 1, limit::session_selector),
      sized(&S::called_session_selector, code::called_session_selector, "Called Session Selector",
            1, limit::session_selector),
      field(&S::data_overflow, code::data_overflow, "Data Overflow", &only_bits<0x01>),
      sized(&S::user_data, code::user_data, "User Data", 0, limit::connect_user_data),
      sized(&S::extended_user_data, code::extended_user_data, "Extended User Data", 0,
            limit::connect_extended_user_data),
  };
}

// OA exists only in version 2, and says so.
template <>
constexpr auto schema_of(std::type_identity<OverflowAccept>) {
  using S = OverflowAccept;
  return std::tuple{
      field(&S::tsdu_maximum_size, code::tsdu_maximum_size, "TSDU Maximum Size"),
      field(&S::version_number, code::version_number, "Version Number",
            &in_range<version::v2, version::v2>),
  };
}

template <>
constexpr auto schema_of(std::type_identity<ConnectDataOverflow>) {
  using S = ConnectDataOverflow;
  return std::tuple{
      field(&S::enclosure, code::enclosure_item, "Enclosure Item", enclosure_bits),
      user_data_field(&S::user_data),
  };
}

template <>
constexpr auto schema_of(std::type_identity<Accept>) {
  using S = Accept;
  return std::tuple{
      field(&S::connection_identifier, code::connection_identifier, "Connection Identifier"),
      field(&S::connect_accept_item, code::connect_accept_item, "Connect/Accept Item"),
      field(&S::token_item, code::token_item, "Token Item", token_bits),
      field(&S::session_user_requirements, code::session_user_requirements,
            "Session User Requirements", requirement_bits),
      enclosure_field(&S::enclosure),
      sized(&S::calling_session_selector, code::calling_session_selector,
            "Calling Session Selector", 1, limit::session_selector),
      sized(&S::responding_session_selector, code::called_session_selector,
            "Responding Session Selector", 1, limit::session_selector),
      user_data_field(&S::user_data),
  };
}

template <>
constexpr auto schema_of(std::type_identity<Refuse>) {
  using S = Refuse;
  return std::tuple{
      field(&S::connection_identifier, code::connection_identifier, "Connection Identifier"),
      field(&S::transport_disconnect, code::transport_disconnect, "Transport Disconnect",
            transport_disconnect_bits),
      field(&S::session_user_requirements, code::session_user_requirements,
            "Session User Requirements", requirement_bits),
      field(&S::version_number, code::version_number, "Version Number", version_bits),
      enclosure_field(&S::enclosure),
      field(&S::reason, code::reason_code, "Reason Code"),
  };
}

// --- Release and abort ------------------------------------------------------------------------

template <>
constexpr auto schema_of(std::type_identity<Finish>) {
  using S = Finish;
  return std::tuple{
      field(&S::transport_disconnect, code::transport_disconnect, "Transport Disconnect",
            transport_disconnect_bits),
      enclosure_field(&S::enclosure),
      user_data_field(&S::user_data),
  };
}

template <>
constexpr auto schema_of(std::type_identity<Disconnect>) {
  return enclosed_user_data<Disconnect>();
}

template <>
constexpr auto schema_of(std::type_identity<NotFinished>) {
  return enclosed_user_data<NotFinished>();
}

template <>
constexpr auto schema_of(std::type_identity<Abort>) {
  using S = Abort;
  return std::tuple{
      field(&S::transport_disconnect, code::transport_disconnect, "Transport Disconnect",
            transport_disconnect_bits),
      sized(&S::reflect_parameter_values, code::reflect_parameter_values,
            "Reflect Parameter Values", 0, limit::reflect_parameter_values),
      enclosure_field(&S::enclosure),
      user_data_field(&S::user_data),
  };
}

template <>
constexpr auto schema_of(std::type_identity<AbortAccept>) {
  return std::tuple{};
}

// --- Data -------------------------------------------------------------------------------------

template <>
constexpr auto schema_of(std::type_identity<DataTransfer>) {
  return std::tuple{enclosure_field(&DataTransfer::enclosure)};
}

template <>
constexpr auto schema_of(std::type_identity<Expedited>) {
  return std::tuple{};
}

template <>
constexpr auto schema_of(std::type_identity<TypedData>) {
  return std::tuple{enclosure_field(&TypedData::enclosure)};
}

template <>
constexpr auto schema_of(std::type_identity<CapabilityData>) {
  return enclosed_user_data<CapabilityData>();
}

template <>
constexpr auto schema_of(std::type_identity<CapabilityDataAck>) {
  return enclosed_user_data<CapabilityDataAck>();
}

// --- Tokens -----------------------------------------------------------------------------------

template <>
constexpr auto schema_of(std::type_identity<GiveTokens>) {
  using S = GiveTokens;
  return std::tuple{field(&S::token_item, code::token_item, "Token Item", token_bits),
                    enclosure_field(&S::enclosure), user_data_field(&S::user_data)};
}

template <>
constexpr auto schema_of(std::type_identity<PleaseTokens>) {
  using S = PleaseTokens;
  return std::tuple{
      field(&S::token_item, code::token_item, "Token Item", token_bits),
      enclosure_field(&S::enclosure),
      user_data_field(&S::user_data),
  };
}

template <>
constexpr auto schema_of(std::type_identity<GiveTokensConfirm>) {
  return std::tuple{};
}

template <>
constexpr auto schema_of(std::type_identity<GiveTokensAck>) {
  return std::tuple{};
}

// --- Synchronization --------------------------------------------------------------------------

template <>
constexpr auto schema_of(std::type_identity<MinorSyncPoint>) {
  using S = MinorSyncPoint;
  return std::tuple{
      field(&S::sync_type_item, code::sync_type_item, "Sync Type Item", &only_bits<0x01>),
      serial_field(&S::serial_number),
      enclosure_field(&S::enclosure),
      user_data_field(&S::user_data),
  };
}

template <>
constexpr auto schema_of(std::type_identity<MinorSyncAck>) {
  using S = MinorSyncAck;
  return std::tuple{
      serial_field(&S::serial_number),
      enclosure_field(&S::enclosure),
      field(&S::user_data, code::mia_user_data, "User Data"),
  };
}

template <>
constexpr auto schema_of(std::type_identity<MajorSyncPoint>) {
  using S = MajorSyncPoint;
  return std::tuple{
      field(&S::sync_type_item, code::sync_type_item, "Sync Type Item", &only_bits<0x01>),
      serial_field(&S::serial_number),
      enclosure_field(&S::enclosure),
      user_data_field(&S::user_data),
  };
}

template <>
constexpr auto schema_of(std::type_identity<MajorSyncAck>) {
  using S = MajorSyncAck;
  return std::tuple{serial_field(&S::serial_number), enclosure_field(&S::enclosure),
                    user_data_field(&S::user_data)};
}

template <>
constexpr auto schema_of(std::type_identity<Resynchronize>) {
  using S = Resynchronize;
  return std::tuple{
      field(&S::token_setting_item, code::token_setting_item, "Token Setting Item", token_settings),
      field(&S::resync_type, code::resync_type, "Resync Type", resync_types),
      serial_field(&S::serial_number),
      field(&S::second_resync_type, code::second_resync_type, "Second Resync Type", resync_types),
      field(&S::second_serial_number, code::second_serial_number, "Second Serial Number"),
      enclosure_field(&S::enclosure),
      user_data_field(&S::user_data),
  };
}

template <>
constexpr auto schema_of(std::type_identity<ResynchronizeAck>) {
  using S = ResynchronizeAck;
  return std::tuple{
      field(&S::token_setting_item, code::token_setting_item, "Token Setting Item", token_settings),
      serial_field(&S::serial_number),
      field(&S::second_serial_number, code::second_serial_number, "Second Serial Number"),
      enclosure_field(&S::enclosure),
      user_data_field(&S::user_data),
  };
}

template <>
constexpr auto schema_of(std::type_identity<Prepare>) {
  return std::tuple{field(&Prepare::prepare_type, code::prepare_type, "Prepare Type",
                          &in_range<prepare_type::major_sync_ack, prepare_type::abort>)};
}

// --- Exceptions -------------------------------------------------------------------------------

template <>
constexpr auto schema_of(std::type_identity<ExceptionReport>) {
  return std::tuple{sized(&ExceptionReport::reflect_parameter_values,
                          code::reflect_parameter_values, "Reflect Parameter Values", 0,
                          limit::reflect_parameter_values)};
}

template <>
constexpr auto schema_of(std::type_identity<ExceptionData>) {
  using S = ExceptionData;
  return std::tuple{
      field(&S::reason, code::reason_code, "Reason Code", exception_reasons),
      enclosure_field(&S::enclosure),
      user_data_field(&S::user_data),
  };
}

// --- Activities -------------------------------------------------------------------------------

template <>
constexpr auto schema_of(std::type_identity<ActivityStart>) {
  using S = ActivityStart;
  return std::tuple{
      sized(&S::activity_identifier, code::activity_identifier, "Activity Identifier", 1,
            limit::activity_identifier),
      enclosure_field(&S::enclosure),
      user_data_field(&S::user_data),
  };
}

template <>
constexpr auto schema_of(std::type_identity<ActivityResume>) {
  using S = ActivityResume;
  return std::tuple{
      field(&S::linking_information, code::linking_information, "Linking Information"),
      sized(&S::new_activity_identifier, code::activity_identifier, "New Activity Identifier", 1,
            limit::activity_identifier),
      enclosure_field(&S::enclosure),
      user_data_field(&S::user_data),
  };
}

template <>
constexpr auto schema_of(std::type_identity<ActivityInterrupt>) {
  return std::tuple_cat(std::tuple{field(&ActivityInterrupt::reason, code::reason_code,
                                         "Reason Code", exception_reasons)},
                        enclosed_user_data<ActivityInterrupt>());
}

template <>
constexpr auto schema_of(std::type_identity<ActivityInterruptAck>) {
  return enclosed_user_data<ActivityInterruptAck>();
}

template <>
constexpr auto schema_of(std::type_identity<ActivityDiscard>) {
  return std::tuple_cat(std::tuple{field(&ActivityDiscard::reason, code::reason_code, "Reason Code",
                                         exception_reasons)},
                        enclosed_user_data<ActivityDiscard>());
}

template <>
constexpr auto schema_of(std::type_identity<ActivityDiscardAck>) {
  return enclosed_user_data<ActivityDiscardAck>();
}

template <>
constexpr auto schema_of(std::type_identity<ActivityEnd>) {
  using S = ActivityEnd;
  return std::tuple{serial_field(&S::serial_number), enclosure_field(&S::enclosure),
                    user_data_field(&S::user_data)};
}

template <>
constexpr auto schema_of(std::type_identity<ActivityEndAck>) {
  using S = ActivityEndAck;
  return std::tuple{serial_field(&S::serial_number), enclosure_field(&S::enclosure),
                    user_data_field(&S::user_data)};
}

// The parameter table of each SPDU kind, for code that does not know the struct type.
std::span<const ParamSpec> parameters_of(Kind kind) noexcept;

// True for the parameter group codes (1, 5, 33, 193, 194), whose units may not nest.
constexpr bool is_group_code(std::uint8_t c) {
  return c == code::connection_identifier || c == code::connect_accept_item ||
         c == code::linking_information || c == code::user_data || c == code::extended_user_data;
}

}  // namespace piglix::spdu::detail
