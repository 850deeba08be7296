#include "user_requests.hpp"

#include <array>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>

#include "piglix/spdu/codes.hpp"

namespace piglix::fuzz {
namespace {

using session::Connection;

const ByteBuffer& filler() {
  static const ByteBuffer octets = [] {
    ByteBuffer b(64 * 1024);
    for (std::size_t i = 0; i < b.size(); ++i) b[i] = static_cast<std::uint8_t>(i * 13 + i / 256);
    return b;
  }();
  return octets;
}

// Operands shared by the requests.
struct Operands {
  Input& in;
  std::size_t data_octets = 0;

  // User data: mostly short, sometimes kilobytes (segmentation, CDO overflow, limits).
  Bytes data() {
    const std::uint8_t n = in.u8();
    const std::size_t size = n < 224 ? n % 64 : (n - 223u) * 2048u;
    data_octets += size;
    return Bytes(filler()).first(std::min(size, filler().size()));
  }
  ByteBuffer owned_data() {
    const Bytes d = data();
    return ByteBuffer(d.begin(), d.end());
  }
  // An activity identifier: 0 to 7 octets, so that 0 and 7 are refused.
  ByteBuffer id() {
    const Bytes d = Bytes(filler()).subspan(100, in.u8() % 8);
    return ByteBuffer(d.begin(), d.end());
  }
  // A serial number near V(M), or one of the edge values.
  std::uint64_t serial(const Connection& c) {
    const std::uint8_t n = in.u8();
    constexpr std::array<std::uint64_t, 4> edges = {0, 999999, 1000000,
                                                    std::numeric_limits<std::uint64_t>::max()};
    if (n >= 0xF0) return edges[n % edges.size()];
    const std::uint64_t back = n % 8;
    const std::uint64_t forward = (n >> 3) % 4;
    return (c.vars.vm >= back ? c.vars.vm - back : 0) + forward;
  }
  std::optional<ByteBuffer> selector() {
    const std::uint8_t n = in.u8();
    if (n % 4 == 0) return std::nullopt;
    return ByteBuffer{0x00, static_cast<std::uint8_t>(n >> 2)};
  }
};

Status connect(Connection& c, Operands& o) {
  session::ConnectRequest r;
  r.calling_selector = o.selector();
  r.called_selector = o.selector();
  r.functional_units = o.in.u16();
  r.token_setting = o.in.u8();
  if (o.in.u8() & 1) r.initial_serial_number = o.serial(c);
  r.user_data = o.owned_data();
  return session::connect(c, std::move(r));
}

Status accept(Connection& c, Operands& o) {
  session::AcceptResponse r;
  r.responding_selector = o.selector();
  r.functional_units = o.in.u16();
  r.token_setting = o.in.u8();
  r.please_tokens = o.in.u8();
  if (o.in.u8() & 1) r.initial_serial_number = o.serial(c);
  r.user_data = o.owned_data();
  return session::accept(c, std::move(r));
}

Status refuse(Connection& c, Operands& o) {
  session::RefuseResponse r;
  r.reason = o.in.u8();
  r.user_data = o.owned_data();
  return session::refuse(c, std::move(r));
}

Status resynchronize(Connection& c, Operands& o) {
  session::ResyncRequest r;
  r.type = static_cast<session::ResyncType>(o.in.u8() % 3);
  r.serial_number = o.serial(c);
  r.token_setting = o.in.u8();
  r.user_data = o.owned_data();
  return session::resynchronize(c, std::move(r));
}

Status acknowledge_resynchronize(Connection& c, Operands& o) {
  session::ResyncResponse r;
  if (o.in.u8() & 1) r.serial_number = o.serial(c);
  r.token_setting = o.in.u8();
  r.user_data = o.owned_data();
  return session::acknowledge_resynchronize(c, std::move(r));
}

Status resume_activity(Connection& c, Operands& o) {
  session::ActivityResumeRequest r;
  r.activity_id = o.id();
  r.old_activity_id = o.id();
  r.serial_number = o.serial(c);
  if (o.in.u8() & 1) r.old_connection.calling_ss_user_reference = ByteBuffer{0x01, 0x02};
  r.user_data = o.owned_data();
  return session::resume_activity(c, std::move(r));
}

template <class T>
Status status_of(const Result<T>& r) {
  if (r) return {};
  return r.error();
}

Status request(Connection& c, std::size_t which, Operands& o) {
  switch (which) {
    case 0: return session::send_data(c, o.data());
    case 1: return session::send_expedited_data(c, o.data());
    case 2: return session::send_typed_data(c, o.data());
    case 3: return session::give_tokens(c, o.in.u8());
    case 4: {
      const session::TokenSet tokens = o.in.u8();
      return session::please_tokens(c, tokens, o.data());
    }
    case 5: return session::give_control(c);
    case 6: return session::release(c, o.data());
    case 7: return session::accept_release(c, o.data());
    case 8: return session::refuse_release(c, o.data());
    case 9: return session::abort(c, o.data());
    case 10: {
      const bool confirm = o.in.u8() & 1;
      return status_of(session::sync_minor(c, confirm, o.data()));
    }
    case 11: {
      const std::uint64_t serial = o.serial(c);
      return session::acknowledge_sync_minor(c, serial, o.data());
    }
    case 12: return status_of(session::sync_major(c, o.data()));
    case 13: return session::acknowledge_sync_major(c, o.data());
    case 14: return resynchronize(c, o);
    case 15: return acknowledge_resynchronize(c, o);
    case 16: {
      const ByteBuffer id = o.id();
      return session::start_activity(c, id, o.data());
    }
    case 17: return resume_activity(c, o);
    case 18: {
      const std::uint8_t reason = o.in.u8();
      return session::interrupt_activity(c, reason, o.data());
    }
    case 19: return session::acknowledge_activity_interrupt(c, o.data());
    case 20: {
      const std::uint8_t reason = o.in.u8();
      return session::discard_activity(c, reason, o.data());
    }
    case 21: return session::acknowledge_activity_discard(c, o.data());
    case 22: return status_of(session::end_activity(c, o.data()));
    case 23: return session::acknowledge_activity_end(c, o.data());
    case 24: {
      const std::uint8_t reason = o.in.u8();
      return session::report_exception(c, reason, o.data());
    }
    case 25: return session::send_capability_data(c, o.data());
    case 26: return session::acknowledge_capability_data(c, o.data());
    case 27: return accept(c, o);
    case 28: return refuse(c, o);
    // The same data from a SharedBuffer: sent by reference from 2048 octets on.
    case 29: return session::send_data(c, std::make_shared<const ByteBuffer>(o.owned_data()));
    case 30: return session::send_typed_data(c, std::make_shared<const ByteBuffer>(o.owned_data()));
    default: return connect(c, o);
  }
}

}  // namespace

std::size_t request_count() noexcept { return 32; }

Status make_request(session::Connection& c, std::size_t which, Input& in,
                    std::size_t& data_octets) {
  Operands o{in};
  Status status = request(c, which % request_count(), o);
  data_octets = o.data_octets;
  return status;
}

}  // namespace piglix::fuzz
