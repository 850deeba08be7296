// TCP segments out of a pcap or pcapng capture (libpcap reads both formats).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "input.hpp"
#include "piglix/bytes.hpp"

namespace piglix::decode_tool {

struct TcpSegment {
  std::string source, destination;  // "10.0.0.1:49152", "[2001:db8:0:0:0:0:0:1]:102"
  std::uint32_t sequence = 0;
  bool syn = false, fin = false, rst = false;
  Bytes payload;  // valid only during the callback
  // The capture kept fewer octets than the packet carried (snap length): the payload is a
  // prefix and the reassembler sees the rest as missing.
  bool cut_short = false;
};

struct CaptureError {
  std::string message;
  bool unreadable = false;  // nothing could be read (a usage error), rather than a damaged file
};

using SegmentHandler = std::function<void(std::uint64_t frame, const TcpSegment& segment)>;

// Calls `handler` for each TCP segment whose source or destination port is `port`, with its
// 1-based frame number, in capture order. Link types: Ethernet (with 802.1Q/802.1ad tags), Linux
// cooked (SLL, SLL2), BSD loopback (NULL, LOOP) and raw IP. IPv4 without fragments; IPv6 after
// skipping hop-by-hop, routing and destination-options headers (other extension headers, such as
// fragments, are not followed and the packet is skipped). Returns an error when the capture
// cannot be opened, its link type is not one of these, or it is damaged part way.
std::optional<CaptureError> read_tcp_segments(const Input& capture, std::uint16_t port,
                                              const SegmentHandler& handler);

}  // namespace piglix::decode_tool
