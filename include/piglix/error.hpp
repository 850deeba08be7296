// Error codes and the Result type used at every API boundary.
//
// Nothing a peer sends makes piglix throw: decoders return a Result whose Error names the problem
// (an errc), where it is (an octet offset into the decoded input) and the details a person needs
// ("SPDU AC: parameter 0x14 length 3 exceeds PGI 0x05 remaining 1").
#pragma once

#include <cstddef>
#include <string>
#include <system_error>
#include <type_traits>
#include <utility>
#include <variant>

namespace piglix {

enum class errc {
  // Input ended before the structure it announced (a header, a length, a parameter).
  truncated = 1,
  // Octets remain after a structure that must end its container.
  trailing_octets,

  // RFC 1006 TPKT.
  tpkt_bad_version,
  tpkt_bad_length,
  tpkt_too_large,

  // X.224 TPDUs.
  tpdu_bad_length_indicator,
  tpdu_not_class0,
  tpdu_unknown_type,
  tpdu_bad_class,
  tpdu_bad_parameter_length,
  tpdu_bad_parameter_value,
  tpdu_duplicate_parameter,
  tpdu_parameter_not_allowed,

  // X.225 SPDUs.
  spdu_unknown_type,
  spdu_bad_length,
  spdu_non_canonical_length,
  spdu_bad_parameter_length,
  spdu_bad_parameter_value,
  spdu_duplicate_parameter,
  spdu_missing_parameter,
  spdu_parameter_not_allowed,
  spdu_group_nesting,
  spdu_bad_concatenation,
  spdu_missing_user_information,
  spdu_bad_segmentation,

  // Encoding: the caller asked for something the wire format cannot carry.
  value_too_large,
  invalid_argument,

  // Session service: an SS-user request the protocol machine refuses in its current state (no
  // row of the Annex A table allows it, e.g. S-DATA without the data token). Nothing changed.
  request_not_allowed,
  // The session was aborted, or the peer did something the protocol forbids.
  session_protocol_error,
  // A piglix limit was exceeded (reassembly bound, connect data).
  limit_exceeded,

  // Transport (class 0 machine): the peer broke X.224 / RFC 1006 (a TPDU the state does not allow,
  // a DT larger than the agreed TPDU size, a CC that does not answer the CR), or the peer refused
  // the connection (DR, or ER in answer to the CR).
  transport_protocol_error,
  transport_refused,

  // Network binding (piglix::net).
  // The session connection is over: every event has been delivered, nothing more will come.
  connection_closed,
  // The peer's SS-user (RF SPDU) or session provider refused the session connection.
  session_refused,
  // A binding time limit passed (connect, accept, idle).
  timed_out,
  // The session connection was aborted (AB sent or received, or the transport was lost).
  session_aborted,
  // The server or connection was shut down by this side.
  shut_down,
};

const std::error_category& piglix_category() noexcept;

inline std::error_code make_error_code(errc e) noexcept {
  return {static_cast<int>(e), piglix_category()};
}

// What went wrong, where, and why. `offset` counts octets from the start of the input handed to
// the decoder that failed (a TPKT, a TPDU, a TSDU).
struct Error {
  errc code{};
  std::size_t offset = 0;
  std::string detail;

  std::error_code error_code() const noexcept { return make_error_code(code); }
  // "<detail> (at offset <offset>)".
  std::string message() const;
};

// Either a value or an Error. A small stand-in for C++23 std::expected.
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}
  Result(Error error) : state_(std::in_place_index<1>, std::move(error)) {}

  bool has_value() const noexcept { return state_.index() == 0; }
  explicit operator bool() const noexcept { return has_value(); }

  T& value() & { return std::get<0>(state_); }
  const T& value() const& { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const& { return std::get<1>(state_); }
  Error&& error() && { return std::get<1>(std::move(state_)); }

 private:
  std::variant<T, Error> state_;
};

// Result of an operation that yields nothing but may fail.
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), failed_(true) {}

  bool has_value() const noexcept { return !failed_; }
  explicit operator bool() const noexcept { return !failed_; }
  const Error& error() const& { return error_; }
  Error&& error() && { return std::move(error_); }

 private:
  Error error_;
  bool failed_ = false;
};

using Status = Result<void>;

}  // namespace piglix

template <>
struct std::is_error_code_enum<piglix::errc> : std::true_type {};
