// The 1- and 3-octet length forms (X.225 8.2.5): boundaries, large user data, locate_spdus.
#include <gtest/gtest.h>

#include "spdu_samples.hpp"

namespace piglix::spdu {
namespace {

using namespace test;

// Encodes a FINISH whose only parameter is User Data of `size` octets.
ByteBuffer finish_with(const ByteBuffer& user_data) {
  ByteBuffer out;
  const Status status = encode(Finish{.user_data = Bytes(user_data)}, out);
  EXPECT_TRUE(status) << status.error().message();
  return out;
}

std::string head(const ByteBuffer& b, std::size_t n) { return to_hex(Bytes(b).first(n)); }

struct LengthCase {
  std::size_t user_data;
  const char* header;  // SI, LI, PGI 193 code and length
};

class FinishLengthForms : public ::testing::TestWithParam<LengthCase> {};

TEST_P(FinishLengthForms, ShortestFormEncodesAndDecodes) {
  const ByteBuffer data = pattern(GetParam().user_data, 7);
  const ByteBuffer tsdu = finish_with(data);
  const std::string header = GetParam().header;
  const std::size_t header_octets = (header.size() + 1) / 3;
  EXPECT_EQ(head(tsdu, header_octets), header);
  EXPECT_EQ(tsdu.size(), header_octets + data.size());
  EXPECT_EQ(encoded_size(Finish{.user_data = Bytes(data)}), tsdu.size());

  const auto decoded = decode_ok(tsdu);
  ASSERT_EQ(decoded.size(), 1u);
  const auto& fn = std::get<Finish>(decoded[0]);
  ASSERT_TRUE(fn.user_data.has_value());
  EXPECT_TRUE(same_bytes(*fn.user_data, data));
  EXPECT_EQ(fn.user_data->data(), tsdu.data() + header_octets);
}

INSTANTIATE_TEST_SUITE_P(
    Boundaries, FinishLengthForms,
    ::testing::Values(LengthCase{0, "09 02 c1 00"}, LengthCase{252, "09 fe c1 fc"},
                      LengthCase{253, "09 ff 00 ff c1 fd"}, LengthCase{254, "09 ff 01 00 c1 fe"},
                      LengthCase{255, "09 ff 01 03 c1 ff 00 ff"},
                      LengthCase{300, "09 ff 01 30 c1 ff 01 2c"},
                      LengthCase{65000, "09 ff fd ec c1 ff fd e8"},
                      LengthCase{65531, "09 ff ff ff c1 ff ff fb"}),
    [](const auto& p) { return "UserData" + std::to_string(p.param.user_data); });

TEST(SpduLengthForms, AcceptWith300OctetsOfUserDataInGroupAndLi) {
  const ByteBuffer data = pattern(300, 1);
  const std::vector<Spdu> sent = {
      Accept{.session_user_requirements = fu::duplex, .user_data = Bytes(data)}};
  const ByteBuffer tsdu = encode_ok(sent);
  EXPECT_EQ(head(tsdu, 12), "0e ff 01 34 14 02 00 02 c1 ff 01 2c");
  const auto decoded = decode_ok(tsdu);
  ASSERT_EQ(decoded.size(), 1u);
  EXPECT_EQ(render(decoded[0]), render(sent[0]));
  EXPECT_EQ(to_hex(encode_ok(decoded)), to_hex(tsdu));
}

TEST(SpduLengthForms, DataTransferUserInformationIsNotCoveredByLi) {
  const ByteBuffer data = pattern(65000, 3);
  const std::vector<Spdu> sent = {GiveTokens{}, DataTransfer{std::nullopt, data}};
  const ByteBuffer tsdu = encode_ok(sent);
  EXPECT_EQ(head(tsdu, 4), "01 00 01 00");
  EXPECT_EQ(tsdu.size(), 4 + data.size());
  const auto decoded = decode_ok(tsdu);
  ASSERT_EQ(decoded.size(), 2u);
  EXPECT_TRUE(same_bytes(std::get<DataTransfer>(decoded[1]).user_information, data));
}

TEST(SpduLengthForms, ConnectWith10240OctetsOfExtendedUserData) {
  const ByteBuffer data = pattern(limit::connect_extended_user_data, 9);
  ConnectAcceptItem item;
  item.protocol_options = 0;
  item.version_number = version::v2;
  const std::vector<Spdu> sent = {Connect{.connect_accept_item = item,
                                          .session_user_requirements = fu::duplex,
                                          .data_overflow = std::uint8_t{1},
                                          .extended_user_data = Bytes(data)}};
  const ByteBuffer tsdu = encode_ok(sent);
  // LI = 8 (PGI 5) + 4 (PI 20) + 3 (PI 60) + 4 + 10240 (PGI 194) = 10259 = 0x2813.
  EXPECT_EQ(head(tsdu, 23), "0d ff 28 13 05 06 13 01 00 16 01 02 14 02 00 02 3c 01 01 c2 ff 28 00");
  EXPECT_EQ(tsdu.size(), 4 + 10259u);
  const auto decoded = decode_ok(tsdu);
  ASSERT_EQ(decoded.size(), 1u);
  EXPECT_EQ(render(decoded[0]), render(sent[0]));
  const auto& cn = std::get<Connect>(decoded[0]);
  EXPECT_FALSE(cn.user_data.has_value());
  ASSERT_TRUE(cn.extended_user_data.has_value());
  EXPECT_EQ(cn.extended_user_data->size(), limit::connect_extended_user_data);
  EXPECT_EQ(to_hex(encode_ok(decoded)), to_hex(tsdu));
}

TEST(SpduLengthForms, ThreeOctetLengthIsReadBackWhereverItAppears) {
  // Reason Code of an RF with 300 octets of user data after the reason octet.
  const ByteBuffer data = pattern(300, 5);
  const std::vector<Spdu> sent = {Refuse{.reason = {refuse_reason::user_data_follows, data}}};
  const ByteBuffer tsdu = encode_ok(sent);
  EXPECT_EQ(head(tsdu, 9), "0c ff 01 31 32 ff 01 2d 02");
  const auto decoded = decode_ok(tsdu);
  ASSERT_EQ(decoded.size(), 1u);
  EXPECT_EQ(render(decoded[0]), render(sent[0]));
}

TEST(SpduLocate, ReportsOffsetsAndHeaderSizesOfAThreeOctetLi) {
  const ByteBuffer data = pattern(300, 2);
  const std::vector<Spdu> sent = {
      GiveTokens{}, MinorSyncPoint{std::nullopt, SerialNumber{77}, std::nullopt, Bytes(data)}};
  const ByteBuffer tsdu = encode_ok(sent);
  // MIP parameters: 2a 02 37 37 (4) + c1 ff 01 2c + 300 (304) = 308 = 0x134.
  EXPECT_EQ(head(tsdu, 10), "01 00 31 ff 01 34 2a 02 37 37");

  std::vector<SpduLocation> where = {SpduLocation{Kind::AA}};  // cleared by locate_spdus
  const Status status = locate_spdus(tsdu, where);
  ASSERT_TRUE(status) << status.error().message();
  ASSERT_EQ(where.size(), 2u);
  EXPECT_EQ(where[0].kind, Kind::GT);
  EXPECT_EQ(where[0].offset, 0u);
  EXPECT_EQ(where[0].header_size, 2u);
  EXPECT_TRUE(where[0].parameters.empty());
  EXPECT_EQ(where[0].end(), 2u);
  EXPECT_EQ(where[1].kind, Kind::MIP);
  EXPECT_EQ(where[1].offset, 2u);
  EXPECT_EQ(where[1].header_size, 4u);
  EXPECT_EQ(where[1].parameters.size(), 308u);
  EXPECT_EQ(where[1].parameters.data(), tsdu.data() + 6);
  EXPECT_TRUE(where[1].user_information.empty());
  EXPECT_EQ(where[1].end(), tsdu.size());

  auto mip = decode_spdu(where[1]);
  ASSERT_TRUE(mip) << mip.error().message();
  EXPECT_EQ(render(*mip), render(sent[1]));
}

TEST(SpduLocate, DataTransferUserInformationRunsToTheEnd) {
  const ByteBuffer tsdu = hex("01 00 01 03 19 01 03 aa bb cc");
  std::vector<SpduLocation> where;
  ASSERT_TRUE(locate_spdus(tsdu, where));
  ASSERT_EQ(where.size(), 2u);
  EXPECT_EQ(where[1].kind, Kind::DT);
  EXPECT_EQ(where[1].offset, 2u);
  EXPECT_EQ(where[1].header_size, 2u);
  EXPECT_EQ(to_hex(where[1].parameters), "19 01 03");
  EXPECT_EQ(to_hex(where[1].user_information), "aa bb cc");
  EXPECT_EQ(where[1].end(), tsdu.size());
}

TEST(SpduEncodedSize, MatchesAppendedOctetsForLargeSpdus) {
  const ByteBuffer data = pattern(1000, 4);
  const Spdu samples[] = {
      Accept{.user_data = Bytes(data)},
      Abort{.user_data = Bytes(data)},
      CapabilityData{enclosure::whole, Bytes(data)},
      TypedData{std::nullopt, data},
      Expedited{Bytes(data).first(14)},
      Connect{.extended_user_data = Bytes(data)},
      ActivityResume{full_linking_information(), text("ID"), std::nullopt, Bytes(data)},
  };
  for (const Spdu& s : samples) {
    ByteBuffer out(3, 0x99);
    ASSERT_TRUE(encode(s, out)) << render(s);
    EXPECT_EQ(out.size() - 3, encoded_size(s)) << render(s);
  }
}

}  // namespace
}  // namespace piglix::spdu
