// Rules that tie parameters of one SPDU together, beyond each parameter's own checks (internal).
// Both the decoder and the encoder apply them, so piglix never sends what it would refuse.
#pragma once

#include <fmt/format.h>

#include "piglix/error.hpp"
#include "piglix/spdu/types.hpp"

namespace piglix::spdu::detail {

// `offset`: where the SPDU starts, for the error.
template <class S>
Status check_rules(const S&, std::size_t) {
  return {};
}

// X.225 8.3.1: a CONNECT carries its user data in User Data or in Extended User Data, never both.
inline Status check_rules(const Connect& cn, std::size_t offset) {
  if (cn.user_data && cn.extended_user_data) {
    return Error{errc::spdu_parameter_not_allowed, offset,
                 "SPDU CN: User Data (PGI 0xc1) and Extended User Data (PGI 0xc2) together"};
  }
  return {};
}

// Only reason 2 ("rejected by the called SS-user, data follows") carries user data.
inline Status check_rules(const Refuse& rf, std::size_t offset) {
  if (rf.reason.reason != refuse_reason::user_data_follows && !rf.reason.user_data.empty()) {
    return Error{errc::spdu_bad_parameter_value, offset,
                 fmt::format("SPDU RF: Reason Code {} is followed by {} octets; only reason 2 "
                             "carries user data",
                             rf.reason.reason, rf.reason.user_data.size())};
  }
  return {};
}

}  // namespace piglix::spdu::detail
