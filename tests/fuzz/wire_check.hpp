// Checks the octets a connection under test writes: they must be a valid RFC 1006 stream of class
// 0 TPDUs whose TSDUs decode as SPDUs, whatever the input that made the connection write them.
#pragma once

#include <cstddef>

#include "piglix/bytes.hpp"
#include "piglix/stack.hpp"
#include "piglix/tpkt.hpp"

namespace piglix::fuzz {

class WireCheck {
 public:
  // Checks `octets`, the next ones `c` wrote (aborting on anything invalid). `c` gives what was
  // negotiated: the TPDU size and the peer's TSDU maximum size.
  void feed(const stack::Connection& c, Bytes octets);
  // True when the stream written so far ends at a TPKT and TSDU boundary.
  bool at_boundary() const noexcept { return framer_.at_boundary() && tsdu_.empty(); }

 private:
  void payload(const stack::Connection& c, Bytes tpdu);

  tpkt::Framer framer_;
  ByteBuffer tsdu_;
};

}  // namespace piglix::fuzz
