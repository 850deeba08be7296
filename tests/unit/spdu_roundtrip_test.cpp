// Every SPDU kind, with all optional parameters present and with all absent: encode, decode,
// compare field by field, re-encode and compare octet by octet.
#include <gtest/gtest.h>

#include <string>
#include <tuple>
#include <vector>

#include "spdu_samples.hpp"

namespace piglix::spdu {
namespace {

using namespace test;

// The SI, category and herald of every kind, from the X.225 fact sheet (section 2 and 3.4).
struct Expected {
  Kind kind;
  std::uint8_t si;
  Category category;
  Kind herald;  // category 2 only
};
constexpr Category c0 = Category::zero, c1 = Category::one, c2 = Category::two;
constexpr Expected kKinds[] = {
    {Kind::CN, 13, c1, Kind::CN},   {Kind::OA, 16, c1, Kind::OA},  {Kind::CDO, 15, c1, Kind::CDO},
    {Kind::AC, 14, c1, Kind::AC},   {Kind::RF, 12, c1, Kind::RF},  {Kind::FN, 9, c1, Kind::FN},
    {Kind::DN, 10, c1, Kind::DN},   {Kind::NF, 8, c1, Kind::NF},   {Kind::AB, 25, c1, Kind::AB},
    {Kind::AA, 26, c1, Kind::AA},   {Kind::DT, 1, c2, Kind::GT},   {Kind::EX, 5, c1, Kind::EX},
    {Kind::TD, 33, c1, Kind::TD},   {Kind::CD, 61, c2, Kind::GT},  {Kind::CDA, 62, c2, Kind::PT},
    {Kind::GT, 1, c0, Kind::GT},    {Kind::PT, 2, c0, Kind::PT},   {Kind::GTC, 21, c1, Kind::GTC},
    {Kind::GTA, 22, c1, Kind::GTA}, {Kind::MIP, 49, c2, Kind::GT}, {Kind::MIA, 50, c2, Kind::PT},
    {Kind::MAP, 41, c2, Kind::GT},  {Kind::MAA, 42, c2, Kind::PT}, {Kind::RS, 53, c2, Kind::GT},
    {Kind::RA, 34, c2, Kind::PT},   {Kind::PR, 7, c1, Kind::PR},   {Kind::ER, 0, c2, Kind::PT},
    {Kind::ED, 48, c2, Kind::PT},   {Kind::AS, 45, c2, Kind::GT},  {Kind::AR, 29, c2, Kind::GT},
    {Kind::AI, 25, c2, Kind::GT},   {Kind::AIA, 26, c2, Kind::PT}, {Kind::AD, 57, c2, Kind::GT},
    {Kind::ADA, 58, c2, Kind::PT},  {Kind::AE, 41, c2, Kind::GT},  {Kind::AEA, 42, c2, Kind::PT},
};
static_assert(std::size(kKinds) == kind_count);

TEST(SpduKinds, TableMatchesTheStandard) {
  for (std::size_t i = 0; i < kind_count; ++i) {
    const Expected& e = kKinds[i];
    const KindInfo& k = info(e.kind);
    SCOPED_TRACE(std::string(k.abbreviation));
    EXPECT_EQ(static_cast<std::size_t>(e.kind), i);
    EXPECT_EQ(k.kind, e.kind);
    EXPECT_EQ(k.si, e.si);
    EXPECT_EQ(k.category, e.category);
    if (e.category == c2) {
      EXPECT_EQ(k.herald, e.herald);
    }
    EXPECT_EQ(k.has_user_information,
              e.kind == Kind::DT || e.kind == Kind::EX || e.kind == Kind::TD);
  }
}

TEST(SpduKinds, SamplesHaveTheirKind) {
  for (std::size_t i = 0; i < kind_count; ++i) {
    const Kind kind = static_cast<Kind>(i);
    EXPECT_EQ(kind_of(full_sample(kind)), kind);
    EXPECT_EQ(kind_of(minimal_sample(kind)), kind);
  }
}

// --- The round trip ---------------------------------------------------------------------------

enum class Variant { full, minimal };

class SpduRoundTrip : public ::testing::TestWithParam<std::tuple<Kind, Variant>> {
 protected:
  Kind kind() const { return std::get<0>(GetParam()); }
  Spdu sample() const {
    return std::get<1>(GetParam()) == Variant::full ? full_sample(kind()) : minimal_sample(kind());
  }
};

TEST_P(SpduRoundTrip, EncodeDecodeReencode) {
  const Spdu original = sample();
  if (info(original).category == Category::zero && encoded_size(original) == 2) {
    // A GT or PT without a Token Item is only a herald; alone in a TSDU it is refused.
    ByteBuffer out;
    const Status status = encode_tsdu(std::vector<Spdu>{original}, out);
    ASSERT_FALSE(status);
    EXPECT_EQ(status.error().code, errc::spdu_missing_parameter);
    EXPECT_TRUE(out.empty());
    return;
  }
  const std::vector<Spdu> sent = tsdu_of(original);
  const ByteBuffer tsdu = encode_ok(sent);
  ASSERT_FALSE(tsdu.empty());

  // The SPDU's own octets start with its SI and are exactly encoded_size() long.
  const std::size_t herald_size = sent.size() == 2 ? 2 : 0;
  ASSERT_EQ(tsdu.size(), herald_size + encoded_size(original));
  EXPECT_EQ(tsdu[herald_size], info(original).si);
  if (herald_size != 0) {
    EXPECT_EQ(tsdu[0], info(info(original).herald).si);
    EXPECT_EQ(tsdu[1], 0) << "a herald has an empty parameter field";
  }

  const std::vector<Spdu> received = decode_ok(tsdu, options_for(kind()));
  ASSERT_EQ(kinds_of(received), kinds_of(sent)) << to_hex(tsdu);
  for (std::size_t i = 0; i < sent.size(); ++i) {
    EXPECT_EQ(render(received[i]), render(sent[i])) << "SPDU " << i << " of " << to_hex(tsdu);
  }

  ByteBuffer again;
  const Status status = encode_tsdu(received, again);
  ASSERT_TRUE(status) << status.error().message();
  EXPECT_EQ(to_hex(again), to_hex(tsdu));
}

// encode() appends: what was in the buffer stays, and encoded_size() octets are added.
TEST_P(SpduRoundTrip, EncodeAppendsEncodedSize) {
  const Spdu original = sample();
  ByteBuffer out = {0xde, 0xad};
  const Status status = encode(original, out);
  ASSERT_TRUE(status) << status.error().message();
  EXPECT_EQ(out.size(), 2 + encoded_size(original));
  EXPECT_EQ(out[0], 0xde);
  EXPECT_EQ(out[1], 0xad);
  EXPECT_EQ(out[2], info(original).si);
}

std::string name_of(const ::testing::TestParamInfo<std::tuple<Kind, Variant>>& p) {
  return std::string(info(std::get<0>(p.param)).abbreviation) +
         (std::get<1>(p.param) == Variant::full ? "_AllOptional" : "_NoOptional");
}

std::vector<Kind> all_kinds() {
  std::vector<Kind> kinds;
  for (std::size_t i = 0; i < kind_count; ++i) kinds.push_back(static_cast<Kind>(i));
  return kinds;
}

INSTANTIATE_TEST_SUITE_P(EveryKind, SpduRoundTrip,
                         ::testing::Combine(::testing::ValuesIn(all_kinds()),
                                            ::testing::Values(Variant::full, Variant::minimal)),
                         name_of);

// --- Exact encodings of the samples that exercise nested and multi-octet values ---------------

ByteBuffer encode_one(const Spdu& spdu) {
  ByteBuffer out;
  const Status status = encode(spdu, out);
  EXPECT_TRUE(status) << status.error().message();
  return out;
}

// encode_tsdu_head() is encode_tsdu() without the last SPDU's user information, which a
// sender appends from its own buffer: the two parts together are the same octets.
TEST(SpduEncoding, TsduHeadAndUserInformationAreTheWholeTsdu) {
  const ByteBuffer data(3000, 0x5a);
  DataTransfer segment;
  segment.enclosure = enclosure::begin;
  segment.user_information = data;
  const std::vector<std::vector<Spdu>> tsdus = {
      {GiveTokens{}, DataTransfer{{}, data}},
      {GiveTokens{}, segment},
      {TypedData{{}, data}},
  };
  for (const auto& spdus : tsdus) {
    ByteBuffer whole, head;
    ASSERT_TRUE(encode_tsdu(spdus, whole));
    ASSERT_TRUE(encode_tsdu_head(spdus, head));
    // A fresh buffer takes room for the head only, not for the user information it leaves out.
    EXPECT_LT(head.capacity(), data.size());
    ASSERT_EQ(head.size() + data.size(), whole.size());
    head.insert(head.end(), data.begin(), data.end());
    EXPECT_EQ(head, whole) << to_hex(head);
  }
  // What encode_tsdu() refuses, so does encode_tsdu_head(): a DT without user information.
  const std::vector<Spdu> empty = {GiveTokens{}, DataTransfer{}};
  ByteBuffer out;
  EXPECT_FALSE(encode_tsdu_head(empty, out));
  EXPECT_TRUE(out.empty());
}

TEST(SpduEncoding, ActivityResumeNestsLinkingInformation) {
  const ByteBuffer user_data = hex("aa bb");
  const ActivityResume ar{{text("D"), text("IN"), text("COM"), text("A"), text("OLD"), {42}},
                          text("NEW"),
                          enclosure::whole,
                          Bytes(user_data)};
  EXPECT_EQ(to_hex(encode_one(ar)),
            "1d 26 21 18 09 01 44 0a 02 49 4e 0b 03 43 4f 4d 0c 01 41 29 03 4f 4c 44 2a 02 34 32 "
            "29 03 4e 45 57 19 01 03 c1 02 aa bb");
}

TEST(SpduEncoding, ResynchronizeWithSecondResyncType) {
  const Resynchronize rs{token_settings(1, 0, 2, 0),
                         resync_type::set,
                         {15},
                         resync_type::restart,
                         SerialNumber{9},
                         std::nullopt,
                         std::nullopt};
  EXPECT_EQ(to_hex(encode_one(rs)), "35 10 1a 01 21 1b 01 02 2a 02 31 35 35 01 00 36 01 39");
  const ByteBuffer tsdu = concat({hex("01 00"), encode_one(rs)});
  const auto decoded = decode_ok(tsdu);
  ASSERT_EQ(decoded.size(), 2u);
  const auto& got = std::get<Resynchronize>(decoded[1]);
  EXPECT_EQ(got.token_setting_item, 0x21);
  EXPECT_EQ(got.resync_type, resync_type::set);
  EXPECT_EQ(got.serial_number, SerialNumber{15});
  EXPECT_EQ(got.second_resync_type, resync_type::restart);
  EXPECT_EQ(got.second_serial_number, SerialNumber{9});
}

TEST(SpduEncoding, RefuseWithReasonTwoCarriesUserData) {
  const ByteBuffer user_data = hex("01 02 03");
  const Refuse rf{.transport_disconnect = transport_disconnect::released,
                  .reason = {refuse_reason::user_data_follows, user_data}};
  const ByteBuffer tsdu = encode_one(rf);
  EXPECT_EQ(to_hex(tsdu), "0c 09 11 01 01 32 04 02 01 02 03");
  const auto decoded = decode_ok(tsdu);
  ASSERT_EQ(decoded.size(), 1u);
  const auto& got = std::get<Refuse>(decoded[0]);
  EXPECT_EQ(got.reason.reason, refuse_reason::user_data_follows);
  EXPECT_EQ(to_hex(got.reason.user_data), "01 02 03");
  EXPECT_EQ(got.reason.user_data.data(), tsdu.data() + 8) << "user data is a view into the TSDU";
}

TEST(SpduEncoding, ConnectAcceptItemWithTokenSettings) {
  Connect cn;
  cn.connect_accept_item = ConnectAcceptItem{};
  cn.connect_accept_item->protocol_options = 0;
  cn.connect_accept_item->version_number = version::v2;
  cn.connect_accept_item->initial_serial_number = SerialNumber{0};
  cn.connect_accept_item->token_setting_item =
      token_settings(token_setting::acceptor_chooses, token_setting::acceptor_side,
                     token_setting::initiator_side, token_setting::acceptor_side);
  const ByteBuffer tsdu = encode_one(cn);
  EXPECT_EQ(to_hex(tsdu), "0d 0e 05 0c 13 01 00 16 01 02 17 01 30 1a 01 46");
  const auto decoded = decode_ok(tsdu);
  ASSERT_EQ(decoded.size(), 1u);
  const auto& item = std::get<Connect>(decoded[0]).connect_accept_item;
  ASSERT_TRUE(item.has_value());
  EXPECT_EQ(item->token_setting_item, 0x46);
  EXPECT_EQ(item->initial_serial_number, SerialNumber{0});
  EXPECT_FALSE(item->tsdu_maximum_size.has_value());
}

TEST(SpduEncoding, TsduMaximumSizeIsTwoBigEndianHalves) {
  Accept ac;
  ac.connect_accept_item = ConnectAcceptItem{};
  ac.connect_accept_item->tsdu_maximum_size = TsduMaximumSize{0x1234, 0xabcd};
  EXPECT_EQ(to_hex(encode_one(ac)), "0e 08 05 06 15 04 12 34 ab cd");
}

}  // namespace
}  // namespace piglix::spdu
