// Buffers from the session machine's spares (session::recycle()), for what it hands out: the
// TSDUs it sends and the user data it indicates.
#pragma once

#include "piglix/bytes.hpp"
#include "piglix/session/connection.hpp"

namespace piglix::session::detail {

// An empty buffer, with the capacity of a recycled one when there is one.
ByteBuffer take_buffer(Connection& c);
// `octets`, copied into a buffer from take_buffer().
ByteBuffer take_copy(Connection& c, Bytes octets);

}  // namespace piglix::session::detail
