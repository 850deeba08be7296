// Every prefix of every known vector: either the exact error the cut must cause, or (where the
// prefix is itself a whole TSDU) a decode that re-encodes to the prefix. Plus single-octet
// corruptions, which must never crash (run this under PIGLIX_SANITIZE too).
#include <gtest/gtest.h>

#include <string>

#include "spdu_samples.hpp"
#include "spdu_wire_vectors.hpp"

namespace piglix::spdu {
namespace {

using namespace test;

struct Span {
  std::size_t begin, parameters_end;  // SI offset; end of the parameter field
  bool user_information;              // DT: user information runs to the end of the TSDU
};

// Where each SPDU of a well-formed TSDU with 1-octet LIs starts and ends, worked out without the
// codec: an SI 1 after the first SPDU is DT.
std::vector<Span> spans_of(Bytes tsdu) {
  std::vector<Span> spans;
  for (std::size_t at = 0; at < tsdu.size();) {
    EXPECT_NE(tsdu[at + 1], 0xff) << "this model handles 1-octet LIs only";
    const Span s{at, at + 2 + tsdu[at + 1], at > 0 && tsdu[at] == si::data_transfer};
    spans.push_back(s);
    at = s.user_information ? tsdu.size() : s.parameters_end;
  }
  return spans;
}

// Decodes tsdu[0, n) and checks the result against what a cut at n must give.
void check_cut(Bytes tsdu, std::size_t n) {
  SCOPED_TRACE("prefix of " + std::to_string(n) + " octets of " + to_hex(tsdu));
  const Bytes prefix = tsdu.first(n);
  if (n == 0) {
    EXPECT_TRUE(decode_fails(prefix, errc::truncated, 0));
    return;
  }
  for (const Span& s : spans_of(tsdu)) {
    if (n == s.begin) break;  // the prefix holds whole SPDUs only
    if (n > s.parameters_end && s.user_information) break;
    if (n >= s.parameters_end && !s.user_information) continue;
    if (n == s.begin + 1) {
      EXPECT_TRUE(decode_fails(prefix, errc::truncated, n, {"length indicator missing"}));
    } else if (n < s.parameters_end) {
      EXPECT_TRUE(decode_fails(prefix, errc::spdu_bad_length, s.begin, {"exceeds"}));
    } else {  // a DT header without user information
      EXPECT_TRUE(decode_fails(prefix, errc::spdu_missing_user_information, n, {"DT"}));
    }
    return;
  }
  // A herald cut off from what follows it is a GT or PT alone without a Token Item.
  const Span first = spans_of(tsdu).front();
  if (n == first.parameters_end && n < tsdu.size() &&
      (tsdu[0] == si::give_tokens || tsdu[0] == si::please_tokens) && tsdu[1] == 0) {
    EXPECT_TRUE(decode_fails(prefix, errc::spdu_missing_parameter, 0, {"Token Item"}));
    return;
  }
  const auto decoded = decode_tsdu(prefix);
  ASSERT_TRUE(decoded) << decoded.error().message();
  ByteBuffer again;
  ASSERT_TRUE(encode_tsdu(*decoded, again));
  EXPECT_EQ(to_hex(again), to_hex(prefix));
}

std::vector<ByteBuffer> all_vectors() {
  std::vector<ByteBuffer> vectors;
  for (const IsodeVector& v : isode_vectors()) vectors.push_back(hex(v.octets));
  vectors.push_back(a2_connect());
  vectors.push_back(a3_accept());
  vectors.push_back(a4_read_request());
  vectors.push_back(hex("19 09 11 01 0b c1 04 62 02 80 00"));  // B7 abort
  vectors.push_back(hex("01 00 01 03 19 01 01 aa bb"));        // DT with an Enclosure Item
  return vectors;
}

TEST(SpduTruncation, EveryPrefixOfEveryVector) {
  for (const ByteBuffer& tsdu : all_vectors()) {
    for (std::size_t n = 0; n <= tsdu.size(); ++n) check_cut(tsdu, n);
  }
}

TEST(SpduTruncation, A2ConnectCutAnywhereIsAnLiError) {
  const ByteBuffer tsdu = a2_connect();
  EXPECT_TRUE(decode_fails(Bytes(tsdu).first(1), errc::truncated, 1));
  for (std::size_t n = 2; n < tsdu.size(); ++n) {
    EXPECT_TRUE(decode_fails(Bytes(tsdu).first(n), errc::spdu_bad_length, 0, {"SI 0x0d", "LI 178"}))
        << "cut at " << n;
  }
}

// The samples use 3-octet lengths and nested groups; their prefixes must fail cleanly or decode
// to something that re-encodes to exactly the prefix.
TEST(SpduTruncation, PrefixesOfEverySampleNeverCrash) {
  for (std::size_t k = 0; k < kind_count; ++k) {
    for (const Spdu& s :
         {full_sample(static_cast<Kind>(k)), minimal_sample(static_cast<Kind>(k))}) {
      // A GT or PT without a Token Item cannot be sent alone (see SpduRoundTrip).
      if (info(s).category == Category::zero && encoded_size(s) == 2) continue;
      const ByteBuffer tsdu = encode_ok(tsdu_of(s));
      for (std::size_t n = 0; n < tsdu.size(); ++n) {
        const Bytes prefix = Bytes(tsdu).first(n);
        auto decoded = decode_tsdu(prefix, options_for(kind_of(s)));
        if (decoded) {
          ByteBuffer again;
          ASSERT_TRUE(encode_tsdu(*decoded, again));
          EXPECT_EQ(to_hex(again), to_hex(prefix)) << render(s);
        } else {
          EXPECT_LE(decoded.error().offset, n) << decoded.error().message();
          EXPECT_FALSE(decoded.error().detail.empty());
        }
      }
    }
  }
}

// Replaces each octet by a few values; decoding must not crash, must point inside the input
// when it fails, and must yield re-encodable SPDUs when it succeeds.
TEST(SpduCorruption, SingleOctetChangesNeverCrash) {
  std::vector<ByteBuffer> inputs = all_vectors();
  for (std::size_t k = 0; k < kind_count; ++k) {
    inputs.push_back(encode_ok(tsdu_of(full_sample(static_cast<Kind>(k)))));
  }
  for (const ByteBuffer& original : inputs) {
    ByteBuffer tsdu = original;
    for (std::size_t i = 0; i < tsdu.size(); ++i) {
      for (int value : {0x00, 0x01, 0x7f, 0x80, 0xfe, 0xff, original[i] ^ 0x01}) {
        tsdu[i] = static_cast<std::uint8_t>(value);
        auto decoded = decode_tsdu(tsdu);
        if (decoded) {
          ByteBuffer again;
          EXPECT_TRUE(encode_tsdu(*decoded, again)) << to_hex(tsdu);
        } else {
          EXPECT_LE(decoded.error().offset, tsdu.size()) << decoded.error().message();
        }
      }
      tsdu[i] = original[i];
    }
  }
}

}  // namespace
}  // namespace piglix::spdu
