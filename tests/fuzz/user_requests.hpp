// The session-user requests a connection fuzz input can make, each with operands read from the
// input: every request of session/connection.hpp, with parameters both valid and not.
#pragma once

#include <cstddef>

#include "fuzz_input.hpp"
#include "piglix/error.hpp"
#include "piglix/session/connection.hpp"

namespace piglix::fuzz {

// Number of distinct requests; `which` is taken modulo it.
std::size_t request_count() noexcept;

// Makes request `which` on `c` with operands from `in`. Returns what the machine answered; the
// caller checks that a refusal changed nothing. `data_octets` is set to the user data passed.
Status make_request(session::Connection& c, std::size_t which, Input& in, std::size_t& data_octets);

}  // namespace piglix::fuzz
