// Per-connection configuration of the session protocol machine: the local choices Annex A leaves
// to the implementation, and piglix's limits.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "piglix/bytes.hpp"
#include "piglix/spdu/codes.hpp"

namespace piglix::session {

struct Config {
  // Protocol versions this side speaks (spdu::version bits). Version 2 only by default: that is
  // what the common MMS stacks send and all they accept (specs/x225/interop.md).
  std::uint8_t versions = spdu::version::v2;

  // The largest TSDU this side takes, proposed in the TSDU Maximum Size; 0 = no limit. A non-zero
  // value makes the peer segment larger SSDUs.
  std::uint16_t max_receive_tsdu = 0;

  // Bound on one reassembled SSDU (a segmented DT, TD, ...) and on S-CONNECT user data collected
  // from CDO SPDUs. A peer that sends more is aborted (AB, implementation restriction).
  std::size_t max_ssdu_size = std::size_t{1} << 20;

  // Session selectors this side answers to (acceptor); empty = any. A CN for another selector is
  // refused with reason "session selector unknown".
  std::vector<ByteBuffer> session_selectors;

  // Annex A p02: keep the transport connection after a refusal or abort (AB-r / RF-r, then idle
  // in STA01C) instead of disconnecting it.
  bool keep_transport = false;

  // Annex A p64: as transport initiator, ask at release to keep the transport connection for a
  // new session (FN with Transport Disconnect "kept").
  bool reuse_transport_on_release = false;
};

}  // namespace piglix::session
