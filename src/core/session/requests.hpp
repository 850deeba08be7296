// Checks and plumbing shared by the files that turn SS-user requests into table inputs
// (requests.cpp: connection, data, tokens, release, abort; dialogue_requests.cpp:
// synchronization, activities, exceptions, capability data).
#pragma once

#include <cstddef>
#include <string_view>

#include "piglix/error.hpp"
#include "piglix/session/connection.hpp"
#include "session/table.hpp"

namespace piglix::session::detail {

// errc::invalid_argument: `what` carries `size` octets of user data where `max` are allowed.
Status too_long(std::string_view what, std::size_t size, std::size_t max);

// The user data limits of the session's version: 512 octets in version 1; in version 2 what one
// SPDU holds unless a TSDU maximum size lets the SSDU be segmented.
Status check_user_data(const Connection& c, std::string_view what, Bytes data);

// Runs a request that carries nothing but user data and tokens.
Status run_request(Connection& c, table::Input input, Bytes user_data = {}, TokenSet tokens = 0);
// The same for user data in a SharedBuffer (not empty), which the SPDUs sent refer to.
Status run_shared(Connection& c, table::Input input, const SharedBuffer& user_data);

}  // namespace piglix::session::detail
