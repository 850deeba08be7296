// A field-by-field rendering of SPDU values, so that two SPDUs can be compared member by member
// (the structs hold views, so they have no operator==). Shared by the codec tests and the fuzz
// targets, hence free of gtest.
#pragma once

#include <string>
#include <string_view>
#include <type_traits>

#include "piglix/spdu.hpp"

namespace piglix::spdu::test {

// --- Field-by-field rendering -----------------------------------------------------------------

// Renders named values; absent optionals, empty octet strings and groups all read differently.
class Fields {
 public:
  template <class T>
  Fields& operator()(std::string_view name, const T& value) {
    out_ += name;
    out_ += '=';
    put(value);
    out_ += "; ";
    return *this;
  }
  const std::string& str() const { return out_; }

 private:
  void put(std::uint8_t v) { out_ += std::to_string(v); }
  void put(std::uint16_t v) { out_ += std::to_string(v); }
  void put(SerialNumber v) { out_ += "#" + std::to_string(v.value); }
  void put(TsduMaximumSize v) {
    out_ +=
        std::to_string(v.initiator_to_responder) + "/" + std::to_string(v.responder_to_initiator);
  }
  void put(Bytes v) { out_ += "[" + to_hex(v) + "]"; }
  void put(const RefuseReason& v) {
    out_ += std::to_string(v.reason) + "+[" + to_hex(v.user_data) + "]";
  }
  void put(const ConnectionIdentifier& g) {
    group(Fields{}("called", g.called_ss_user_reference)("calling", g.calling_ss_user_reference)(
        "common", g.common_reference)("additional", g.additional_reference_information));
  }
  void put(const ConnectAcceptItem& g) {
    group(Fields{}("options", g.protocol_options)("tsdu_max", g.tsdu_maximum_size)(
        "version", g.version_number)("isn", g.initial_serial_number)(
        "token_setting", g.token_setting_item)("second_isn", g.second_initial_serial_number)(
        "upper_limit", g.upper_limit_serial_number)("large_isn", g.large_initial_serial_number)(
        "large_second_isn", g.large_second_initial_serial_number));
  }
  void put(const LinkingInformation& g) {
    group(Fields{}("called", g.called_ss_user_reference)("calling", g.calling_ss_user_reference)(
        "common", g.common_reference)("additional", g.additional_reference_information)(
        "old_id", g.old_activity_identifier)("serial", g.serial_number));
  }
  template <class T>
  void put(const std::optional<T>& v) {
    if (v) {
      put(*v);
    } else {
      out_ += "absent";
    }
  }
  void group(const Fields& inner) { out_ += "{" + inner.str() + "}"; }

  std::string out_;
};

// Every member of every SPDU struct, in declaration order.
inline std::string render(const Spdu& spdu) {
  return std::visit(
      [](const auto& s) -> std::string {
        using S = std::remove_cvref_t<decltype(s)>;
        Fields f;
        if constexpr (std::is_same_v<S, Connect>) {
          f("ci", s.connection_identifier)("cai", s.connect_accept_item)(
              "sur", s.session_user_requirements)("calling_ssel", s.calling_session_selector)(
              "called_ssel", s.called_session_selector)("overflow", s.data_overflow)(
              "ud", s.user_data)("xud", s.extended_user_data);
        } else if constexpr (std::is_same_v<S, OverflowAccept>) {
          f("tsdu_max", s.tsdu_maximum_size)("version", s.version_number);
        } else if constexpr (std::is_same_v<S, ConnectDataOverflow>) {
          f("encl", s.enclosure)("ud", s.user_data);
        } else if constexpr (std::is_same_v<S, Accept>) {
          f("ci", s.connection_identifier)("cai", s.connect_accept_item)("token", s.token_item)(
              "sur", s.session_user_requirements)("encl", s.enclosure)("calling_ssel",
                                                                       s.calling_session_selector)(
              "responding_ssel", s.responding_session_selector)("ud", s.user_data);
        } else if constexpr (std::is_same_v<S, Refuse>) {
          f("ci", s.connection_identifier)("td", s.transport_disconnect)(
              "sur", s.session_user_requirements)("version", s.version_number)("encl", s.enclosure)(
              "reason", s.reason);
        } else if constexpr (std::is_same_v<S, Finish>) {
          f("td", s.transport_disconnect)("encl", s.enclosure)("ud", s.user_data);
        } else if constexpr (std::is_same_v<S, Abort>) {
          f("td", s.transport_disconnect)("reflect", s.reflect_parameter_values)(
              "encl", s.enclosure)("ud", s.user_data);
        } else if constexpr (std::is_same_v<S, GiveTokens>) {
          f("token", s.token_item)("encl", s.enclosure)("ud", s.user_data);
        } else if constexpr (std::is_same_v<S, PleaseTokens>) {
          f("token", s.token_item)("encl", s.enclosure)("ud", s.user_data);
        } else if constexpr (std::is_same_v<S, MinorSyncPoint> ||
                             std::is_same_v<S, MajorSyncPoint>) {
          f("sync_type", s.sync_type_item)("serial", s.serial_number)("encl", s.enclosure)(
              "ud", s.user_data);
        } else if constexpr (std::is_same_v<S, Resynchronize>) {
          f("token_setting", s.token_setting_item)("type", s.resync_type)(
              "serial", s.serial_number)("second_type", s.second_resync_type)(
              "second_serial", s.second_serial_number)("encl", s.enclosure)("ud", s.user_data);
        } else if constexpr (std::is_same_v<S, ResynchronizeAck>) {
          f("token_setting", s.token_setting_item)("serial", s.serial_number)(
              "second_serial", s.second_serial_number)("encl", s.enclosure)("ud", s.user_data);
        } else if constexpr (std::is_same_v<S, Prepare>) {
          f("type", s.prepare_type);
        } else if constexpr (std::is_same_v<S, ExceptionReport>) {
          f("reflect", s.reflect_parameter_values);
        } else if constexpr (std::is_same_v<S, ExceptionData>) {
          f("reason", s.reason)("encl", s.enclosure)("ud", s.user_data);
        } else if constexpr (std::is_same_v<S, ActivityStart>) {
          f("id", s.activity_identifier)("encl", s.enclosure)("ud", s.user_data);
        } else if constexpr (std::is_same_v<S, ActivityResume>) {
          f("linking", s.linking_information)("new_id", s.new_activity_identifier)(
              "encl", s.enclosure)("ud", s.user_data);
        } else if constexpr (std::is_same_v<S, ActivityInterrupt> ||
                             std::is_same_v<S, ActivityDiscard>) {
          f("reason", s.reason)("encl", s.enclosure)("ud", s.user_data);
        } else if constexpr (requires { s.user_information; }) {  // DT, EX, TD
          if constexpr (requires { s.enclosure; }) f("encl", s.enclosure);
          f("ui", s.user_information);
        } else if constexpr (requires { s.serial_number; }) {  // MIA, MAA, AE, AEA
          f("serial", s.serial_number)("encl", s.enclosure)("ud", s.user_data);
        } else if constexpr (requires { s.user_data; }) {  // DN, NF, CD, CDA, AIA, ADA
          f("encl", s.enclosure)("ud", s.user_data);
        } else {
          static_assert(std::is_empty_v<S>, "every SPDU with members is rendered above");
        }
        return std::string(info(Spdu(s)).abbreviation) + " " + f.str();
      },
      spdu);
}

}  // namespace piglix::spdu::test
