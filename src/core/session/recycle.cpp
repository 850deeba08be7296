// The session machine's spare buffers: what recycle() hands back and take_buffer() reuses.
#include "session/buffers.hpp"

namespace piglix::session {

namespace {
// Enough for the TSDUs and indications in flight at once in a steady dialogue.
constexpr std::size_t spare_limit = 8;
}  // namespace

void recycle(Connection& c, ByteBuffer&& buffer) {
  if (c.spare_buffers.size() >= spare_limit || buffer.capacity() == 0) return;
  buffer.clear();
  c.spare_buffers.push_back(std::move(buffer));
}

namespace detail {

ByteBuffer take_buffer(Connection& c) {
  if (c.spare_buffers.empty()) return {};
  ByteBuffer b = std::move(c.spare_buffers.back());
  c.spare_buffers.pop_back();
  return b;
}

ByteBuffer take_copy(Connection& c, Bytes octets) {
  ByteBuffer b = take_buffer(c);
  b.assign(octets.begin(), octets.end());
  return b;
}

ByteBuffer take_user_data(Connection& c, const Context& ctx) {
  if (ctx.user_data_reassembled) return c.assembler.take(take_buffer(c));
  return take_copy(c, ctx.user_data);
}

}  // namespace detail
}  // namespace piglix::session
