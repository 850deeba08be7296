// Reassembling each direction of a TCP connection into its byte stream, in sequence order.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "pcap_reader.hpp"
#include "piglix/bytes.hpp"

namespace piglix::decode_tool {

// One direction of one TCP connection: "10.0.0.1:49152 -> 10.0.0.2:102".
struct Flow {
  std::string name;
  std::size_t index = 0;  // 0, 1, ... in order of first appearance; a reused 4-tuple gets a new one
};

struct FlowEnd {
  enum class Cause { fin, rst, capture_end, overflow };
  Cause cause = Cause::capture_end;
  std::uint64_t frame = 0;  // the FIN/RST frame or the one that overflowed; 0 at capture end
  std::uint64_t stream_offset = 0;   // octets delivered
  std::uint64_t missing_octets = 0;  // size of the gap at stream_offset that was never filled
  std::uint64_t dropped_octets = 0;  // octets held behind that gap, never delivered
};

struct ReassemblyEvents {
  // The first segment of a direction was seen.
  std::function<void(const Flow&, std::uint64_t frame)> begin;
  // The next in-order octets of a direction; `frame` is the one that completed them.
  std::function<void(const Flow&, std::uint64_t frame, Bytes octets)> data;
  // No more data will come for the direction.
  std::function<void(const Flow&, const FlowEnd&)> end;
};

struct ReassemblyLimits {
  // Out-of-order octets held per direction while a gap is open; beyond it the direction ends.
  std::size_t max_held_octets = std::size_t{16} << 20;
};

// Tracks the initial sequence number from the SYN (or from the first segment seen when the capture
// starts mid-connection), drops retransmitted and overlapping octets, and holds early segments
// until the gap before them closes. A FIN ends the direction once every octet before it has been
// delivered; a RST ends it at once.
class Reassembler {
 public:
  explicit Reassembler(ReassemblyEvents events, ReassemblyLimits limits = {})
      : events_(std::move(events)), limits_(limits) {}

  void add(std::uint64_t frame, const TcpSegment& segment);
  // The capture ended: ends every direction still open.
  void finish();

 private:
  struct Direction {
    Flow flow;
    bool started = false;  // next_sequence is known
    bool ended = false;
    std::uint32_t next_sequence = 0;           // of the octet at stream offset `delivered`
    std::uint64_t delivered = 0;               // octets handed to events.data
    std::map<std::uint64_t, ByteBuffer> held;  // early segments by stream offset
    std::size_t held_octets = 0;
    std::optional<std::uint64_t> fin_offset;  // stream offset of the FIN
  };

  Direction& direction_for(std::uint64_t frame, const TcpSegment& segment);
  void place(Direction& d, std::int64_t offset, Bytes payload, std::uint64_t frame);
  void deliver(Direction& d, Bytes octets, std::uint64_t frame);
  void end(Direction& d, FlowEnd::Cause cause, std::uint64_t frame);

  ReassemblyEvents events_;
  ReassemblyLimits limits_;
  std::unordered_map<std::string, Direction> directions_;  // by "source -> destination"
  std::vector<std::string> order_;                         // keys, first appearance first
  std::size_t next_index_ = 0;
};

}  // namespace piglix::decode_tool
