// Reading TCP streams out of pcap / pcapng captures, each direction reassembled in sequence order.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "piglix/bytes.hpp"

namespace piglix::decode_tool {

// One direction of a TCP connection: "10.0.0.1:49152 -> 10.0.0.2:102".
struct Flow {
  std::string name;
  std::size_t index = 0;  // 0, 1, ... in order of first appearance
};

struct CaptureSink {
  // In-order payload octets of `flow`, completed by capture frame `frame` (1-based). Returning
  // false stops reading.
  std::function<bool(const Flow& flow, std::uint64_t frame, Bytes octets)> data;
  // The flow ended (FIN, RST, or end of the capture).
  std::function<bool(const Flow& flow)> end;
};

struct CaptureLimits {
  // Out-of-order octets held per direction while a gap is open.
  std::size_t max_pending_octets = 16u << 20;
};

// Reads every TCP segment whose source or destination port is `port` and hands each direction's
// octets to `sink` in sequence order: retransmitted and overlapping octets are dropped, segments
// that arrive early are held until the gap closes. Supports Ethernet (with 802.1Q), Linux cooked
// (SLL, SLL2), BSD loopback (NULL, LOOP) and raw IP links; IPv4 without fragments and IPv6 with
// hop-by-hop, routing and destination-options headers. Returns false with `error` set when the
// file cannot be read or a direction overflows its limit.
bool read_capture(const std::string& path, std::uint16_t port, const CaptureSink& sink,
                  std::string& error, CaptureLimits limits = {});

}  // namespace piglix::decode_tool
