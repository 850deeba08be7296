#include "piglix/spdu/segment.hpp"

#include <gtest/gtest.h>

#include "piglix/spdu.hpp"

namespace piglix::spdu {
namespace {

ByteBuffer pattern(std::size_t size) {
  ByteBuffer data(size);
  for (std::size_t i = 0; i < size; ++i) data[i] = static_cast<std::uint8_t>(i * 7 + 3);
  return data;
}

// Encodes each segment as its own TSDU (behind its herald when category 2).
std::vector<ByteBuffer> to_tsdus(const std::vector<Spdu>& segments) {
  std::vector<ByteBuffer> tsdus;
  for (const Spdu& s : segments) {
    ByteBuffer tsdu;
    Status status;
    if (info(s).category == Category::two) {
      const Spdu herald = info(s).herald == Kind::GT ? Spdu(GiveTokens{}) : Spdu(PleaseTokens{});
      const Spdu pair[] = {herald, s};
      status = encode_tsdu(pair, tsdu);
    } else {
      status = encode_tsdu(std::span(&s, 1), tsdu);
    }
    EXPECT_TRUE(status) << status.error().message();
    tsdus.push_back(std::move(tsdu));
  }
  return tsdus;
}

struct Received {
  std::optional<std::uint8_t> enclosure;
  Bytes user;
};

Received user_part(const Spdu& s) {
  return std::visit(
      [](const auto& v) -> Received {
        if constexpr (requires {
                        v.user_information;
                        v.enclosure;
                      }) {
          return {v.enclosure, v.user_information};
        } else if constexpr (requires {
                               v.user_data;
                               v.enclosure;
                             }) {
          return {v.enclosure, v.user_data.value_or(Bytes{})};
        } else {
          return {};
        }
      },
      s);
}

// Segments, encodes, decodes and reassembles; checks every TSDU against the maximum.
ByteBuffer round_trip(const Spdu& whole, std::size_t max_tsdu, std::size_t* count = nullptr) {
  std::vector<Spdu> segments;
  auto status = segment(whole, max_tsdu, segments);
  EXPECT_TRUE(status) << status.error().message();
  if (count) *count = segments.size();
  SsduAssembler assembler(1 << 20);
  ByteBuffer result;
  const auto tsdus = to_tsdus(segments);
  for (std::size_t i = 0; i < tsdus.size(); ++i) {
    EXPECT_LE(tsdus[i].size(), max_tsdu) << "segment " << i;
    auto decoded = decode_tsdu(tsdus[i]);
    EXPECT_TRUE(decoded) << decoded.error().message();
    if (!decoded) break;
    EXPECT_EQ(kind_of(decoded->back()), kind_of(whole));
    const Received part = user_part(decoded->back());
    auto done = assembler.add(part.enclosure, part.user);
    EXPECT_TRUE(done) << done.error().message();
    EXPECT_EQ(*done, i + 1 == tsdus.size()) << "segment " << i;
    if (done && *done) result.assign(assembler.data().begin(), assembler.data().end());
  }
  return result;
}

TEST(Segment, SpduThatFitsIsLeftWhole) {
  const ByteBuffer data = pattern(100);
  std::vector<Spdu> out;
  ASSERT_TRUE(segment(DataTransfer{{}, data}, 104, out));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_FALSE(std::get<DataTransfer>(out[0]).enclosure.has_value());
}

TEST(Segment, DataIsPackedIntoFullTsdusAtEveryMaximum) {
  const ByteBuffer data = pattern(1000);
  for (std::size_t max = 8; max <= 1010; ++max) {
    std::size_t count = 0;
    EXPECT_EQ(round_trip(DataTransfer{{}, data}, max, &count), data) << "max " << max;
    // GT herald (2) + DT header with Enclosure Item (5) leave max - 7 octets per segment.
    const std::size_t expected = max >= 1004 ? 1 : (data.size() + max - 8) / (max - 7);
    EXPECT_EQ(count, expected) << "max " << max;
  }
}

TEST(Segment, EnclosureMarksBeginMiddleEnd) {
  const ByteBuffer data = pattern(30);
  std::vector<Spdu> out;
  // TD is category 1 (no herald); SI, LI and the Enclosure Item take 5 of the 12 octets.
  ASSERT_TRUE(segment(TypedData{{}, data}, 12, out));
  ASSERT_EQ(out.size(), 5u);  // 7 + 7 + 7 + 7 + 2
  EXPECT_EQ(std::get<TypedData>(out[0]).enclosure, enclosure::begin);
  for (std::size_t i = 1; i + 1 < out.size(); ++i) {
    EXPECT_EQ(std::get<TypedData>(out[i]).enclosure, enclosure::middle);
  }
  EXPECT_EQ(std::get<TypedData>(out.back()).enclosure, enclosure::end);
}

TEST(Segment, LaterSegmentsKeepOnlyMandatoryParameters) {
  const ByteBuffer data = pattern(2000);
  MinorSyncPoint mip;
  mip.sync_type_item = sync_type::no_explicit_confirmation;
  mip.serial_number = SerialNumber{42};
  mip.user_data = data;
  std::vector<Spdu> out;
  ASSERT_TRUE(segment(mip, 300, out));
  ASSERT_GT(out.size(), 2u);
  EXPECT_EQ(std::get<MinorSyncPoint>(out[0]).sync_type_item, sync_type::no_explicit_confirmation);
  for (std::size_t i = 1; i < out.size(); ++i) {
    const auto& later = std::get<MinorSyncPoint>(out[i]);
    EXPECT_FALSE(later.sync_type_item.has_value());
    EXPECT_EQ(later.serial_number, SerialNumber{42});
  }
  EXPECT_EQ(round_trip(mip, 300), data);
}

// A PT alone in its TSDU must name tokens, except the segments after the first of a segmented
// PT: the first named them, the later ones carry only Enclosure Item and user data (found by
// fuzz_responder: the decoder refused piglix's own second segment).
TEST(Segment, LaterSegmentsOfPleaseTokensNeedNoTokenItem) {
  const ByteBuffer data = pattern(200);
  PleaseTokens pt;
  pt.token_item = token::data;
  pt.user_data = data;
  std::vector<Spdu> out;
  ASSERT_TRUE(segment(pt, 80, out));
  ASSERT_GT(out.size(), 2u);
  EXPECT_EQ(std::get<PleaseTokens>(out[0]).token_item, token::data);
  for (std::size_t i = 1; i < out.size(); ++i) {
    EXPECT_FALSE(std::get<PleaseTokens>(out[i]).token_item.has_value()) << "segment " << i;
  }
  EXPECT_EQ(round_trip(pt, 80), data);

  // Without a Token Item, only a later segment may stand alone.
  for (std::uint8_t enclosure : {enclosure::begin, enclosure::whole}) {
    PleaseTokens first;
    first.enclosure = enclosure;
    first.user_data = Bytes(data).first(10);
    ByteBuffer tsdu;
    EXPECT_FALSE(encode_tsdu(std::span<const Spdu>(std::vector<Spdu>{first}), tsdu));
    ASSERT_TRUE(encode(first, tsdu));
    auto decoded = decode_tsdu(tsdu);
    ASSERT_FALSE(decoded) << "enclosure " << int(enclosure);
    EXPECT_EQ(decoded.error().code, errc::spdu_missing_parameter);
  }
  // A GT carries no user data, so it is never a later segment: an Enclosure Item does not excuse
  // a missing Token Item (found by fuzz_spdu_decode: decoded, but would not encode).
  const ByteBuffer lone_gt{0x01, 0x03, 0x19, 0x01, enclosure::middle};
  auto gt = decode_tsdu(lone_gt);
  ASSERT_FALSE(gt);
  EXPECT_EQ(gt.error().code, errc::spdu_missing_parameter);
}

TEST(Segment, CategoryOneSpduWithUserDataAcrossLengthForms) {
  // 3-octet lengths appear once user data reaches 255 octets: packing must account for them.
  const ByteBuffer data = pattern(5000);
  for (std::size_t max : {40u, 255u, 258u, 259u, 260u, 262u, 600u, 4999u}) {
    Accept ac;
    ac.session_user_requirements = fu::duplex;
    ac.user_data = data;
    EXPECT_EQ(round_trip(ac, max), data) << "max " << max;
  }
}

TEST(Segment, RefusesWhatCannotBeSegmented) {
  const ByteBuffer data = pattern(14);
  std::vector<Spdu> out;
  auto ex = segment(Expedited{data}, 10, out);
  ASSERT_FALSE(ex);
  EXPECT_EQ(ex.error().code, errc::invalid_argument);
  auto tiny = segment(DataTransfer{{}, data}, 7, out);  // no room for one octet of data
  ASSERT_FALSE(tiny);
  EXPECT_EQ(tiny.error().code, errc::invalid_argument);
  EXPECT_TRUE(out.empty());
  EXPECT_FALSE(segmentable(Kind::EX));
  EXPECT_FALSE(segmentable(Kind::CDO));
  EXPECT_TRUE(segmentable(Kind::DT));
  EXPECT_TRUE(segmentable(Kind::MIA));
}

TEST(Segment, DataAndEnclosureAreWhatTheAssemblerTakes) {
  const ByteBuffer data = pattern(10);
  DataTransfer dt;
  dt.enclosure = enclosure::end;
  dt.user_information = data;
  EXPECT_EQ(segment_data(dt).data(), data.data()) << "a view of the user information";
  EXPECT_EQ(enclosure_of(dt), enclosure::end);
  CapabilityData cd;
  cd.user_data = Bytes(data);
  EXPECT_EQ(segment_data(cd).size(), 10u);
  EXPECT_EQ(enclosure_of(cd), std::nullopt);
  Connect cn;
  cn.user_data = Bytes(data);
  EXPECT_TRUE(segment_data(cn).empty()) << "CN is not segmented";
  ConnectDataOverflow cdo;
  cdo.enclosure = enclosure::end;
  EXPECT_EQ(enclosure_of(cdo), std::nullopt) << "CDO's Enclosure Item is not a segment's";
}

TEST(SsduAssembler, WholeSsduIsAViewNotACopy) {
  const ByteBuffer data = pattern(10);
  SsduAssembler assembler(100);
  auto done = assembler.add(std::nullopt, data);
  ASSERT_TRUE(done && *done);
  EXPECT_EQ(assembler.data().data(), data.data());
}

// take() hands a reassembled SSDU over without copying it, and copies one that came whole (a
// view of octets the assembler does not own).
TEST(SsduAssembler, TakeMovesWhatItReassembled) {
  const ByteBuffer data = pattern(30);
  SsduAssembler assembler(100);
  ASSERT_TRUE(assembler.add(enclosure::begin, Bytes(data).first(10)));
  auto done = assembler.add(enclosure::end, Bytes(data).subspan(10));
  ASSERT_TRUE(done && *done);
  const std::uint8_t* collected = assembler.data().data();
  ByteBuffer spare;
  spare.reserve(64);
  const std::uint8_t* spare_storage = spare.data();
  ByteBuffer taken = assembler.take(std::move(spare));
  EXPECT_EQ(taken, data);
  EXPECT_EQ(taken.data(), collected) << "moved, not copied";
  EXPECT_TRUE(assembler.data().empty());

  // The next SSDU is collected in the spare.
  ASSERT_TRUE(assembler.add(enclosure::begin, Bytes(data).first(5)));
  ASSERT_TRUE(assembler.add(enclosure::end, Bytes(data).subspan(5, 5)));
  EXPECT_EQ(assembler.data().data(), spare_storage);

  auto whole = assembler.add(std::nullopt, data);
  ASSERT_TRUE(whole && *whole);
  ByteBuffer copied = assembler.take({});
  EXPECT_EQ(copied, data);
  EXPECT_NE(copied.data(), data.data());
}

TEST(Segment, WithSegmentDataReplacesOnlyTheUserOctets) {
  const ByteBuffer data = pattern(20);
  MinorSyncPoint mip;
  mip.serial_number = SerialNumber{7};
  mip.enclosure = enclosure::begin;
  mip.user_data = data;
  const Spdu cut = with_segment_data(mip, Bytes(data).first(1));
  const auto& m = std::get<MinorSyncPoint>(cut);
  EXPECT_EQ(m.serial_number, SerialNumber{7});
  EXPECT_EQ(m.enclosure, enclosure::begin);
  EXPECT_EQ(segment_data(cut).size(), 1u);
  const Spdu ex = with_segment_data(Expedited{data}, {});
  EXPECT_EQ(std::get<Expedited>(ex).user_information.size(), 20u) << "EX is not segmented";
}

TEST(SsduAssembler, RejectsBrokenSequences) {
  const ByteBuffer data = pattern(10);
  SsduAssembler assembler(100);
  auto middle = assembler.add(enclosure::middle, data);
  ASSERT_FALSE(middle);
  EXPECT_EQ(middle.error().code, errc::spdu_bad_segmentation);
  auto end = assembler.add(enclosure::end, data);
  ASSERT_FALSE(end);
  EXPECT_EQ(end.error().message(), "a last segment arrives without a beginning (at offset 0)");
  ASSERT_TRUE(assembler.add(enclosure::begin, data));
  auto again = assembler.add(enclosure::begin, data);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, errc::spdu_bad_segmentation);
  auto whole = assembler.add(std::nullopt, data);  // unsegmented SPDU inside a sequence
  ASSERT_FALSE(whole);
}

TEST(SsduAssembler, BoundIsEnforcedWithoutBuffering) {
  const ByteBuffer data = pattern(40);
  SsduAssembler assembler(100);
  ASSERT_TRUE(assembler.add(enclosure::begin, data));
  ASSERT_TRUE(assembler.add(enclosure::middle, data));
  auto over = assembler.add(enclosure::end, data);
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error().code, errc::limit_exceeded);
  EXPECT_FALSE(assembler.in_progress());
  // Exactly at the limit is accepted.
  ASSERT_TRUE(assembler.add(enclosure::begin, data));
  ASSERT_TRUE(assembler.add(enclosure::middle, data));
  auto at_limit = assembler.add(enclosure::end, Bytes(data).first(20));
  ASSERT_TRUE(at_limit && *at_limit);
  EXPECT_EQ(assembler.data().size(), 100u);
  auto big_whole = assembler.add(enclosure::whole, pattern(101));
  ASSERT_FALSE(big_whole);
}

}  // namespace
}  // namespace piglix::spdu
