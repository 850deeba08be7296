#include "piglix/tpkt.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace piglix {
namespace {

ByteBuffer hex(std::string_view text) {
  ByteBuffer out;
  EXPECT_TRUE(parse_hex(text, out)) << text;
  return out;
}

// Runs the framer over `stream` delivered in the given chunk sizes and returns every payload.
Result<std::vector<ByteBuffer>> frame_in_chunks(Bytes stream, const std::vector<std::size_t>& cuts,
                                                tpkt::FramerLimits limits = {}) {
  tpkt::Framer framer(limits);
  std::vector<ByteBuffer> payloads;
  std::size_t start = 0;
  auto feed = [&](Bytes chunk) -> Status {
    for (;;) {
      auto next = framer.next(chunk);
      if (!next) return next.error();
      if (!*next) return {};
      payloads.emplace_back((*next)->begin(), (*next)->end());
    }
  };
  for (std::size_t cut : cuts) {
    if (auto s = feed(stream.subspan(start, cut - start)); !s) return s.error();
    start = cut;
  }
  if (auto s = feed(stream.subspan(start)); !s) return s.error();
  EXPECT_TRUE(framer.at_boundary());
  return payloads;
}

TEST(Tpkt, HeaderCountsItself) {
  EXPECT_EQ(tpkt::header_for(3), (std::array<std::uint8_t, 4>{3, 0, 0, 7}));
  EXPECT_EQ(tpkt::header_for(65531), (std::array<std::uint8_t, 4>{3, 0, 0xff, 0xff}));
}

TEST(Tpkt, AppendPacketRefusesOversizedPayload) {
  ByteBuffer out;
  ByteBuffer payload(tpkt::max_payload_size + 1);
  auto status = tpkt::append_packet(out, payload);
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, errc::value_too_large);
  EXPECT_TRUE(out.empty());
  payload.pop_back();
  ASSERT_TRUE(tpkt::append_packet(out, payload));
  EXPECT_EQ(out.size(), 65535u);
}

TEST(Tpkt, WholePacketIsAViewIntoTheInput) {
  const ByteBuffer stream = hex("03 00 00 07 02 f0 80");
  tpkt::Framer framer;
  Bytes input(stream);
  auto next = framer.next(input);
  ASSERT_TRUE(next && *next);
  EXPECT_EQ((*next)->data(), stream.data() + 4);
  EXPECT_EQ(to_hex(**next), "02 f0 80");
  EXPECT_TRUE(input.empty());
}

TEST(Tpkt, SeveralPacketsCutAtEveryOffset) {
  const ByteBuffer stream =
      hex("03 00 00 07 02 f0 80"
          "03 00 00 0b 02 f0 80 01 00 01 00"
          "03 00 00 16 11 d0 00 01 00 01 00 c0 01 0d c2 02 00 01 c1 02 00 01");
  for (std::size_t a = 0; a <= stream.size(); ++a) {
    for (std::size_t b = a; b <= stream.size(); b += 5) {
      auto payloads = frame_in_chunks(stream, {a, b});
      ASSERT_TRUE(payloads) << payloads.error().message();
      ASSERT_EQ(payloads->size(), 3u) << "cuts " << a << "," << b;
      EXPECT_EQ(to_hex((*payloads)[0]), "02 f0 80");
      EXPECT_EQ(to_hex((*payloads)[1]), "02 f0 80 01 00 01 00");
      EXPECT_EQ((*payloads)[2].size(), 18u);
    }
  }
}

TEST(Tpkt, OneOctetAtATime) {
  const ByteBuffer stream = hex("03 00 00 0b 02 f0 80 01 00 01 00 03 00 00 07 02 f0 80");
  std::vector<std::size_t> cuts;
  for (std::size_t i = 1; i < stream.size(); ++i) cuts.push_back(i);
  auto payloads = frame_in_chunks(stream, cuts);
  ASSERT_TRUE(payloads);
  ASSERT_EQ(payloads->size(), 2u);
  EXPECT_EQ(to_hex((*payloads)[1]), "02 f0 80");
}

TEST(Tpkt, BadVersionIsReportedAndSticky) {
  const ByteBuffer stream = hex("03 00 00 07 02 f0 80 04 00 00 07 02 f0 80");
  tpkt::Framer framer;
  Bytes input(stream);
  ASSERT_TRUE(framer.next(input));
  auto bad = framer.next(input);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, errc::tpkt_bad_version);
  EXPECT_EQ(bad.error().offset, 7u);
  EXPECT_EQ(bad.error().message(), "TPKT: version 4 where 3 is required (at offset 7)");
  Bytes more(stream);
  auto again = framer.next(more);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, errc::tpkt_bad_version);
}

TEST(Tpkt, LengthBelowSevenIsRefusedEvenWhenSplit) {
  for (std::string_view text : {"03 00 00 06 02 f0", "03 00 00 00", "03 00 00 03"}) {
    const ByteBuffer stream = hex(text);
    auto whole = frame_in_chunks(stream, {});
    ASSERT_FALSE(whole) << text;
    EXPECT_EQ(whole.error().code, errc::tpkt_bad_length);
    EXPECT_EQ(whole.error().offset, 2u);
    auto split = frame_in_chunks(stream, {1, 2, 3});
    ASSERT_FALSE(split);
    EXPECT_EQ(split.error().code, errc::tpkt_bad_length);
  }
}

TEST(Tpkt, ConfiguredMaximumIsEnforcedBeforeBuffering) {
  const ByteBuffer stream = hex("03 00 10 00");
  auto result = frame_in_chunks(stream, {}, tpkt::FramerLimits{.max_packet_size = 2048});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, errc::tpkt_too_large);
  EXPECT_EQ(result.error().message(),
            "TPKT: length 4096 exceeds the configured maximum of 2048 (at offset 2)");
}

TEST(Tpkt, PartialPacketWaitsForMore) {
  const ByteBuffer stream = hex("03 00 00 0b 02 f0 80 01");
  tpkt::Framer framer;
  Bytes input(stream);
  auto next = framer.next(input);
  ASSERT_TRUE(next);
  EXPECT_FALSE(*next);
  EXPECT_FALSE(framer.at_boundary());
  EXPECT_TRUE(input.empty());
  EXPECT_EQ(framer.partial_octets(), 8u);
  EXPECT_EQ(framer.partial_packet_size(), 11u);
  const ByteBuffer header_part = hex("03 00");
  tpkt::Framer fresh;
  Bytes two(header_part);
  ASSERT_TRUE(fresh.next(two));
  EXPECT_EQ(fresh.partial_octets(), 2u);
  EXPECT_EQ(fresh.partial_packet_size(), 0u);
}

// stream_offset() is where the held partial packet starts (error offsets count from it); the
// octets consumed are that plus partial_octets().
TEST(Tpkt, StreamOffsetCountsCompletePackets) {
  const ByteBuffer stream = hex("03 00 00 07 02 f0 80 03 00 00");
  tpkt::Framer framer;
  Bytes input(stream);
  auto first = framer.next(input);
  ASSERT_TRUE(first);
  ASSERT_TRUE(*first);
  EXPECT_EQ(framer.stream_offset(), 7u);
  auto second = framer.next(input);
  ASSERT_TRUE(second);
  EXPECT_FALSE(*second);
  EXPECT_TRUE(input.empty());
  EXPECT_EQ(framer.stream_offset(), 7u);
  EXPECT_EQ(framer.partial_octets(), 3u);
}

}  // namespace
}  // namespace piglix
