// One TPKT byte stream being described (a whole input, or one TCP direction of a capture), with
// the octets an error message needs kept beside it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "output.hpp"
#include "piglix/bytes.hpp"
#include "piglix/describe.hpp"

namespace piglix::decode_tool {

class StreamDecoder {
 public:
  explicit StreamDecoder(const spdu::DecodeOptions& options) : stream_({}, options) {}

  // describe::Stream::feed, remembering where the last complete TPKT ended.
  Status feed(Bytes chunk, std::vector<describe::Node>& out);

  bool at_boundary() const noexcept { return stream_.at_boundary(); }
  bool failed_in_reassembled_tsdu() const noexcept { return stream_.failed_in_reassembled_tsdu(); }
  // Where the stream stopped when it is not at a boundary: "inside a TPKT (5 of 22 octets)".
  std::string unfinished() const;
  // The octets around `offset`, if the stream still holds them.
  Excerpt excerpt(std::uint64_t offset) const;

 private:
  describe::Stream stream_;
  // The octets from packets_end_ (less a little context) onwards: a failing TPKT, or the
  // unfinished one, always starts at packets_end_. Older octets are dropped as TPKTs complete.
  ByteBuffer recent_;
  std::uint64_t recent_offset_ = 0;  // stream offset of recent_[0]
  std::uint64_t packets_end_ = 0;    // stream offset just after the last complete TPKT
};

}  // namespace piglix::decode_tool
