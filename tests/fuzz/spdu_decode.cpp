// Fuzz target: one TSDU as the session machine receives it, one or several concatenated SPDUs.
// Whatever decodes must encode as a TSDU, decode again to the same SPDUs field by field, and
// encode again to the same octets. The SPDU locations must tile the TSDU, and each SPDU's octets
// must be exactly encoded_size() long.
//
// Every SPDU with user data and no Enclosure Item is also segmented for a TSDU maximum size the
// input picks: each segment must fit it and decode, and the SsduAssembler must put the user
// data back together.
//
// Input: octet 0 holds the decode options (bit 0 extended concatenation, bit 1 activity
// management, bit 2 SI 42 read as AEA) and, in bits 3-7, the TSDU maximum size for segmentation
// (8 + 16 times their value); the rest is the TSDU.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <variant>
#include <vector>

#include "check.hpp"
#include "piglix/spdu.hpp"
#include "spdu_render.hpp"

namespace {

using namespace piglix;
using fuzz::check;

bool same_spdus(const std::vector<spdu::Spdu>& a, const std::vector<spdu::Spdu>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (spdu::test::render(a[i]) != spdu::test::render(b[i])) return false;
  }
  return true;
}

void check_segmentation(const spdu::Spdu& whole, std::size_t max_tsdu_size,
                        const spdu::DecodeOptions& options) {
  if (!spdu::segmentable(spdu::kind_of(whole)) || spdu::enclosure_of(whole)) return;
  std::vector<spdu::Spdu> segments;
  if (!spdu::segment(whole, max_tsdu_size, segments)) return;  // too small for the parameters
  check(!segments.empty(), "segmentation yields at least one SPDU");
  const Bytes data = spdu::segment_data(whole);
  spdu::SsduAssembler assembler(data.size());
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const spdu::Spdu& segment = segments[i];
    check(spdu::kind_of(segment) == spdu::kind_of(whole), "segments keep the SPDU's kind");
    ByteBuffer tsdu;
    if (spdu::info(segment).category == spdu::Category::two) {
      const spdu::Kind herald = spdu::info(segment).herald;
      const spdu::Spdu h = herald == spdu::Kind::GT ? spdu::Spdu(spdu::GiveTokens{})
                                                    : spdu::Spdu(spdu::PleaseTokens{});
      check(spdu::encode_tsdu(std::vector<spdu::Spdu>{h, segment}, tsdu).has_value(),
            "a segment encodes behind its herald");
    } else {
      check(spdu::encode_tsdu(std::vector<spdu::Spdu>{segment}, tsdu).has_value(),
            "a segment encodes");
    }
    check(segments.size() == 1 || tsdu.size() <= max_tsdu_size, "a segment fits the TSDU size");
    const auto decoded = spdu::decode_tsdu(tsdu, options);
    if (!decoded) std::fprintf(stderr, "%s\n", decoded.error().message().c_str());
    check(decoded.has_value(), "a segment decodes");
    const auto complete = assembler.add(spdu::enclosure_of(segment), spdu::segment_data(segment));
    check(complete.has_value(), "the segments reassemble");
    check(*complete == (i + 1 == segments.size()), "the SSDU completes with the last segment");
  }
  check(same_bytes(assembler.data(), data), "reassembly gives the user data back");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  spdu::DecodeOptions options;
  options.extended_concatenation = (data[0] & 1) != 0;
  options.activity_management = (data[0] & 2) != 0;
  options.major_ack_is_activity_end = (data[0] & 4) != 0;
  const std::size_t max_tsdu_size = 8 + 16u * (data[0] >> 3);
  const Bytes tsdu(data + 1, size - 1);

  std::vector<spdu::SpduLocation> locations;
  const Status located = spdu::locate_spdus(tsdu, locations, options);
  const auto first = spdu::decode_tsdu(tsdu, options);
  if (!first) {
    check(first.error().offset <= tsdu.size(), "an error offset lies within the TSDU");
    return 0;
  }
  check(located.has_value(), "a TSDU that decodes can be located");
  check(locations.size() == first->size() && !locations.empty(), "one location per SPDU");
  std::size_t end = 0;
  for (std::size_t i = 0; i < locations.size(); ++i) {
    check(locations[i].offset == end, "SPDUs follow each other without gaps");
    check(locations[i].kind == spdu::kind_of((*first)[i]), "location and decoding agree on kind");
    end = locations[i].end();
  }
  check(end == tsdu.size(), "the SPDUs fill the TSDU");

  ByteBuffer encoded;
  const Status status = spdu::encode_tsdu(*first, encoded, options.extended_concatenation);
  check(status.has_value(), "what decodes encodes");
  std::size_t sizes = 0;
  for (const spdu::Spdu& s : *first) sizes += spdu::encoded_size(s);
  check(sizes == encoded.size(), "encoded_size() adds up to the TSDU");

  const auto second = spdu::decode_tsdu(encoded, options);
  check(second.has_value(), "the encoding decodes");
  check(same_spdus(*first, *second), "the same SPDUs decode back");

  ByteBuffer again;
  check(spdu::encode_tsdu(*second, again, options.extended_concatenation).has_value(),
        "the second decoding encodes");
  check(again == encoded, "encoding is a fixed point");

  // A herald heads the TSDU of the SPDU behind it and is not segmented on its own.
  const std::size_t first_segmentable = second->size() > 1 ? 1 : 0;
  for (std::size_t i = first_segmentable; i < second->size(); ++i) {
    check_segmentation((*second)[i], max_tsdu_size, options);
  }
  return 0;
}
