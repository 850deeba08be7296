// Buffers from the session machine's spares (session::recycle()), for what it hands out: the
// TSDUs it sends and the user data it indicates.
#pragma once

#include "piglix/bytes.hpp"
#include "piglix/session/connection.hpp"
#include "session/context.hpp"

namespace piglix::session::detail {

// An empty buffer, with the capacity of a recycled one when there is one.
ByteBuffer take_buffer(Connection& c);
// `octets`, copied into a buffer from take_buffer().
ByteBuffer take_copy(Connection& c, Bytes octets);
// The input's user data as a buffer: moved out of the assembler when it reassembled them (a
// 1 MiB SSDU is then not copied again), else take_copy().
ByteBuffer take_user_data(Connection& c, const Context& ctx);

}  // namespace piglix::session::detail
