// Fuzz target: one TSDU as the session machine receives it, one or several concatenated SPDUs.
// Whatever decodes must encode as a TSDU, decode again to the same SPDUs field by field, and
// encode again to the same octets. The SPDU locations must tile the TSDU, and each SPDU's octets
// must be exactly encoded_size() long.
//
// Input: octet 0 holds the decode options (bit 0 extended concatenation, bit 1 activity
// management, bit 2 SI 42 read as AEA); the rest is the TSDU.
#include <cstddef>
#include <cstdint>
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

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  spdu::DecodeOptions options;
  options.extended_concatenation = (data[0] & 1) != 0;
  options.activity_management = (data[0] & 2) != 0;
  options.major_ack_is_activity_end = (data[0] & 4) != 0;
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
  return 0;
}
