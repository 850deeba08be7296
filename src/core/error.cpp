#include "piglix/error.hpp"

#include <fmt/format.h>

namespace piglix {
namespace {

class Category final : public std::error_category {
 public:
  const char* name() const noexcept override { return "piglix"; }

  std::string message(int value) const override {
    switch (static_cast<errc>(value)) {
      case errc::truncated: return "input ends before the structure it announces";
      case errc::trailing_octets: return "octets follow a structure that must end its container";
      case errc::tpkt_bad_version: return "TPKT version is not 3";
      case errc::tpkt_bad_length: return "TPKT length is outside 7..65535";
      case errc::tpkt_too_large: return "TPKT is larger than the configured maximum";
      case errc::tpdu_bad_length_indicator: return "TPDU length indicator is invalid";
      case errc::tpdu_not_class0: return "TPDU type is not used in transport class 0";
      case errc::tpdu_unknown_type: return "TPDU type code is unknown";
      case errc::tpdu_bad_class: return "TPDU proposes a class or option other than class 0";
      case errc::tpdu_bad_parameter_length: return "TPDU parameter has a wrong length";
      case errc::tpdu_bad_parameter_value: return "TPDU parameter has an invalid value";
      case errc::tpdu_duplicate_parameter: return "TPDU parameter appears twice";
      case errc::tpdu_parameter_not_allowed: return "TPDU parameter is not allowed in this TPDU";
      case errc::spdu_unknown_type: return "SPDU identifier is unknown";
      case errc::spdu_bad_length: return "SPDU length exceeds the octets available";
      case errc::spdu_non_canonical_length: return "3-octet length form used for a value below 255";
      case errc::spdu_bad_parameter_length: return "SPDU parameter has a wrong length";
      case errc::spdu_bad_parameter_value: return "SPDU parameter has an invalid value";
      case errc::spdu_duplicate_parameter: return "SPDU parameter appears twice";
      case errc::spdu_missing_parameter: return "SPDU lacks a mandatory parameter";
      case errc::spdu_parameter_not_allowed: return "SPDU parameter is not allowed in this SPDU";
      case errc::spdu_group_nesting: return "parameter group inside a parameter group";
      case errc::spdu_bad_concatenation: return "SPDUs are concatenated against the rules";
      case errc::spdu_missing_user_information: return "SPDU lacks its user information";
      case errc::spdu_bad_segmentation: return "enclosure item is inconsistent with segmentation";
      case errc::value_too_large: return "value does not fit its field";
      case errc::invalid_argument: return "invalid argument";
      case errc::request_not_allowed: return "session request not allowed in this state";
      case errc::session_protocol_error: return "session protocol error";
      case errc::limit_exceeded: return "limit exceeded";
      case errc::transport_protocol_error: return "transport protocol error";
      case errc::transport_refused: return "transport connection refused";
      case errc::connection_closed: return "session connection closed";
      case errc::session_refused: return "session connection refused";
      case errc::timed_out: return "timed out";
      case errc::session_aborted: return "session connection aborted";
      case errc::shut_down: return "shut down by this side";
    }
    return fmt::format("unknown piglix error {}", value);
  }
};

}  // namespace

const std::error_category& piglix_category() noexcept {
  static const Category category;
  return category;
}

std::string Error::message() const {
  if (detail.empty()) return fmt::format("{} (at offset {})", error_code().message(), offset);
  return fmt::format("{} (at offset {})", detail, offset);
}

}  // namespace piglix
