// Fuzz target: the TPKT framer must frame a byte stream the same whether it arrives in one read,
// cut at points chosen by the input, or one octet at a time: the same payloads in the same order,
// and the same error (code and stream offset) if the stream breaks.
//
// Input: octet 0 is the number of cuts n (mod 8), the next 2n octets are their positions (16 bits
// each, taken modulo the stream length), octet 2n+1 picks the packet size limit, and the rest is
// the stream.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "check.hpp"
#include "piglix/tpkt.hpp"

namespace {

using namespace piglix;
using fuzz::check;

struct Framing {
  std::vector<ByteBuffer> payloads;
  std::optional<Error> error;
  std::uint64_t consumed = 0;
};

// Feeds `stream` cut at each position in `cuts` (ascending), collecting what comes out.
Framing frame(Bytes stream, const std::vector<std::size_t>& cuts, tpkt::FramerLimits limits) {
  tpkt::Framer framer(limits);
  Framing out;
  std::size_t begin = 0;
  std::vector<std::size_t> ends = cuts;
  ends.push_back(stream.size());
  for (std::size_t end : ends) {
    Bytes piece = stream.subspan(begin, end - begin);
    begin = end;
    while (!out.error) {
      const std::size_t before = piece.size();
      auto next = framer.next(piece);
      if (!next) {
        out.error = next.error();
        break;
      }
      check(piece.size() <= before, "next() never grows its input");
      out.consumed += before - piece.size();
      if (!next->has_value()) {
        check(piece.empty(), "next() returns nothing only once the input is used up");
        break;
      }
      const Bytes payload = **next;
      check(payload.size() + tpkt::header_size <= limits.max_packet_size,
            "no payload above the packet size limit");
      check(payload.size() + tpkt::header_size >= tpkt::min_packet_size,
            "no packet below the minimum size");
      check(framer.at_boundary(), "a packet ends at a boundary");
      out.payloads.emplace_back(payload.begin(), payload.end());
    }
    if (out.error) break;
    check(framer.stream_offset() + framer.partial_octets() == out.consumed,
          "stream_offset() and partial_octets() add up to the octets consumed");
    check(framer.at_boundary() == (framer.partial_octets() == 0),
          "at a boundary exactly when nothing is held");
  }
  if (out.error) {
    // A broken stream stays broken.
    Bytes more = stream;
    auto again = framer.next(more);
    check(!again && again.error().code == out.error->code, "errors are sticky");
  }
  return out;
}

bool same(const Framing& a, const Framing& b) {
  if (a.payloads != b.payloads) return false;
  if (a.error.has_value() != b.error.has_value()) return false;
  if (!a.error) return a.consumed == b.consumed;
  return a.error->code == b.error->code && a.error->offset == b.error->offset;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Bytes input(data, size);
  if (input.empty()) return 0;
  const std::size_t cut_count = input[0] % 8;
  input = input.subspan(1);
  if (input.size() < 2 * cut_count + 1) return 0;
  std::vector<std::uint16_t> positions;
  for (std::size_t i = 0; i < cut_count; ++i) {
    positions.push_back(static_cast<std::uint16_t>(input[2 * i] << 8 | input[2 * i + 1]));
  }
  // 0 keeps the default (65535); others give small limits, which make tpkt_too_large reachable.
  const std::uint8_t limit_octet = input[2 * cut_count];
  tpkt::FramerLimits limits;
  if (limit_octet != 0) limits.max_packet_size = tpkt::min_packet_size + limit_octet * 16u;
  const Bytes stream = input.subspan(2 * cut_count + 1);

  std::vector<std::size_t> cuts;
  for (std::uint16_t p : positions) {
    if (!stream.empty()) cuts.push_back(p % stream.size());
  }
  std::sort(cuts.begin(), cuts.end());

  const Framing whole = frame(stream, {}, limits);
  check(same(frame(stream, cuts, limits), whole), "cut stream frames as the whole one");
  if (stream.size() <= 2048) {
    std::vector<std::size_t> every;
    for (std::size_t i = 1; i < stream.size(); ++i) every.push_back(i);
    check(same(frame(stream, every, limits), whole), "octet-by-octet frames as the whole stream");
  }
  return 0;
}
