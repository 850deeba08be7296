#include "stream_decoder.hpp"

#include <fmt/format.h>

namespace piglix::decode_tool {
namespace {

// Octets kept before packets_end_, so that an excerpt can show what led up to an error.
constexpr std::uint64_t context_octets = 16;

}  // namespace

Status StreamDecoder::feed(Bytes chunk, std::vector<describe::Node>& out) {
  recent_.insert(recent_.end(), chunk.begin(), chunk.end());
  const std::size_t first_new = out.size();
  const Status status = stream_.feed(chunk, out);
  if (out.size() > first_new) packets_end_ = out.back().offset + out.back().length;
  // Drop what no error can point at any more, in large steps so that erasing stays cheap.
  const std::uint64_t keep_from = packets_end_ > context_octets ? packets_end_ - context_octets : 0;
  if (keep_from > recent_offset_ + 65536) {
    recent_.erase(recent_.begin(),
                  recent_.begin() + static_cast<std::ptrdiff_t>(keep_from - recent_offset_));
    recent_offset_ = keep_from;
  }
  return status;
}

std::string StreamDecoder::unfinished() const {
  const tpkt::Framer& framer = stream_.framer();
  if (framer.at_boundary()) return "inside a TSDU (its last DT TPDU did not have EOT set)";
  if (framer.partial_packet_size() == 0) {
    return fmt::format("inside a TPKT header ({} of {} octets)", framer.partial_octets(),
                       tpkt::header_size);
  }
  return fmt::format("inside a TPKT ({} of {} octets)", framer.partial_octets(),
                     framer.partial_packet_size());
}

Excerpt StreamDecoder::excerpt(std::uint64_t offset) const {
  return make_excerpt(recent_, recent_offset_, offset);
}

}  // namespace piglix::decode_tool
