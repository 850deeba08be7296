// What the encoder refuses: values the wire format or the standard cannot carry, and TSDUs that
// break the concatenation rules. Every refusal leaves the output buffer as it was.
#include <gtest/gtest.h>

#include <string>

#include "spdu_samples.hpp"

namespace piglix::spdu {
namespace {

using namespace test;

const ByteBuffer kPrefix = {0x5a, 0xa5, 0x00};

// encode() and encoded_size() both refuse `spdu`.
::testing::AssertionResult encode_refuses(const Spdu& spdu, errc code,
                                          const std::vector<std::string_view>& mentions = {}) {
  ByteBuffer out = kPrefix;
  const Status status = encode(spdu, out);
  if (status) return ::testing::AssertionFailure() << "encoded " << to_hex(out);
  if (out != kPrefix) return ::testing::AssertionFailure() << "output changed: " << to_hex(out);
  if (encoded_size(spdu) != 0) return ::testing::AssertionFailure() << "encoded_size() != 0";
  return is_error(status.error(), code, 0, mentions);
}

// encode_tsdu() refuses `spdus`.
::testing::AssertionResult tsdu_refused(std::vector<Spdu> spdus, errc code,
                                        const std::vector<std::string_view>& mentions = {},
                                        bool extended = false) {
  ByteBuffer out = kPrefix;
  const Status status = encode_tsdu(spdus, out, extended);
  if (status) return ::testing::AssertionFailure() << "encoded " << to_hex(out);
  if (out != kPrefix) return ::testing::AssertionFailure() << "output changed: " << to_hex(out);
  return is_error(status.error(), code, 0, mentions);
}

constexpr errc too_large = errc::value_too_large, invalid = errc::invalid_argument,
               concatenation = errc::spdu_bad_concatenation;

TEST(EncodeRefuses, SelectorOf17Octets) {
  const ByteBuffer selector = pattern(17);
  EXPECT_TRUE(encode_refuses(Connect{.calling_session_selector = Bytes(selector)}, too_large,
                             {"SPDU CN", "0x33", "17"}));
  EXPECT_TRUE(encode_refuses(Accept{.responding_session_selector = Bytes(selector)}, too_large,
                             {"SPDU AC", "0x34"}));
  // Too short is a wrong argument rather than a value that does not fit.
  EXPECT_TRUE(encode_refuses(Connect{.called_session_selector = Bytes{}}, errc::invalid_argument,
                             {"SPDU CN", "0x34", "0 octets"}));
}

TEST(EncodeRefuses, AbortReflectValuesOf10Octets) {
  const ByteBuffer reflect = pattern(10);
  EXPECT_TRUE(encode_refuses(Abort{.reflect_parameter_values = Bytes(reflect)}, too_large,
                             {"SPDU AB", "0x31", "10"}));
  EXPECT_TRUE(encode_refuses(ExceptionReport{Bytes(reflect)}, too_large, {"SPDU ER", "0x31"}));
}

TEST(EncodeRefuses, ConnectUserDataOf513Octets) {
  const ByteBuffer data = pattern(513);
  EXPECT_TRUE(
      encode_refuses(Connect{.user_data = Bytes(data)}, too_large, {"SPDU CN", "0xc1", "513"}));
  const ByteBuffer extended = pattern(10241);
  EXPECT_TRUE(encode_refuses(Connect{.extended_user_data = Bytes(extended)}, too_large,
                             {"SPDU CN", "0xc2", "10241"}));
}

TEST(EncodeRefuses, ExpeditedOf15Octets) {
  const ByteBuffer data = pattern(15);
  EXPECT_TRUE(encode_refuses(Expedited{data}, too_large, {"SPDU EX", "15"}));
}

TEST(EncodeRefuses, DataTransferWithoutUserInformation) {
  EXPECT_TRUE(encode_refuses(DataTransfer{}, invalid, {"SPDU DT", "user information"}));
  EXPECT_TRUE(encode_refuses(DataTransfer{enclosure::whole, {}}, invalid, {"SPDU DT"}));
  EXPECT_TRUE(encode_refuses(TypedData{enclosure::begin, {}}, invalid, {"SPDU TD"}));
  // Through encode_tsdu the herald, already appended, is taken back.
  EXPECT_TRUE(tsdu_refused({GiveTokens{}, DataTransfer{}}, invalid, {"SPDU DT"}));
}

TEST(EncodeRefuses, ParameterFieldBeyond65535) {
  const ByteBuffer data = pattern(65536);
  EXPECT_TRUE(encode_refuses(Finish{.user_data = Bytes(data)}, too_large, {"SPDU FN", "0xc1"}));
  // 65532 octets of user data fit their PGI, but the parameter field would be 65536 octets.
  EXPECT_TRUE(encode_refuses(Finish{.user_data = Bytes(data).first(65532)}, too_large,
                             {"SPDU FN", "65536"}));
  ByteBuffer out;
  EXPECT_TRUE(encode(Finish{.user_data = Bytes(data).first(65531)}, out));
  EXPECT_EQ(out.size(), 4u + 65535u);
}

TEST(EncodeRefuses, UndefinedValues) {
  EXPECT_TRUE(encode_refuses(GiveTokens{0x02}, invalid, {"SPDU GT", "0x10"}));
  EXPECT_TRUE(encode_refuses(Disconnect{.enclosure = 0x04}, invalid, {"SPDU DN", "0x19"}));
  EXPECT_TRUE(encode_refuses(Resynchronize{.resync_type = 3, .serial_number = {1}}, invalid,
                             {"SPDU RS", "0x1b"}));
  EXPECT_TRUE(encode_refuses(ExceptionData{.reason = 2}, invalid, {"SPDU ED", "0x32"}));
  EXPECT_TRUE(encode_refuses(Refuse{.version_number = 0x04}, invalid, {"SPDU RF", "0x16"}));
  ConnectAcceptItem item;
  item.version_number = 0;
  EXPECT_TRUE(encode_refuses(Connect{.connect_accept_item = item}, invalid,
                             {"SPDU CN", "PGI 0x05", "0x16"}));
}

TEST(EncodeRefuses, SerialNumberOfSevenDigits) {
  EXPECT_TRUE(encode_refuses(MinorSyncAck{SerialNumber{1000000}}, too_large, {"SPDU MIA", "0x2a"}));
  EXPECT_TRUE(
      encode_refuses(ActivityResume{.linking_information = {.old_activity_identifier = text("O"),
                                                            .serial_number = SerialNumber{1234567}},
                                    .new_activity_identifier = text("N")},
                     too_large, {"SPDU AR", "PGI 0x21", "0x2a"}));
}

TEST(EncodeRefuses, DataTransferFirst) {
  const ByteBuffer data = pattern(3);
  EXPECT_TRUE(tsdu_refused({DataTransfer{std::nullopt, data}}, concatenation, {"DT", "GT"}));
}

TEST(EncodeRefuses, AbortFollowedByAnything) {
  EXPECT_TRUE(tsdu_refused({Abort{}, AbortAccept{}}, concatenation, {"AB"}));
  EXPECT_TRUE(tsdu_refused({Abort{}, GiveTokens{}}, concatenation, {"AB"}));
  EXPECT_TRUE(tsdu_refused({Abort{}, ActivityInterrupt{}}, concatenation, {"AB"}, true));
}

TEST(EncodeRefuses, MinorSyncAckAfterGiveTokens) {
  EXPECT_TRUE(
      tsdu_refused({GiveTokens{}, MinorSyncAck{SerialNumber{5}}}, concatenation, {"MIA", "PT"}));
  EXPECT_TRUE(tsdu_refused({PleaseTokens{}, MinorSyncPoint{.serial_number = {5}}}, concatenation,
                           {"MIP", "GT"}));
}

TEST(EncodeRefuses, OtherConcatenationErrors) {
  const ByteBuffer data = pattern(3);
  EXPECT_TRUE(tsdu_refused({}, invalid));
  EXPECT_TRUE(tsdu_refused({GiveTokens{token::data}, DataTransfer{std::nullopt, data}},
                           concatenation, {"GT", "Token Item"}));
  EXPECT_TRUE(tsdu_refused(
      {GiveTokens{}, MinorSyncPoint{.serial_number = {5}}, MinorSyncPoint{.serial_number = {6}}},
      concatenation, {"extended concatenation"}));
  EXPECT_TRUE(tsdu_refused({GiveTokens{}, DataTransfer{std::nullopt, data}, ActivityInterrupt{}},
                           concatenation, {"DT"}, true));
  EXPECT_TRUE(tsdu_refused({GiveTokens{}, PleaseTokens{}}, concatenation, {"PT"}));
  EXPECT_TRUE(tsdu_refused({GiveTokens{}, Finish{}}, concatenation, {"FN"}));
  EXPECT_TRUE(tsdu_refused({TypedData{std::nullopt, data}, Finish{}}, concatenation, {"TD"}));
}

TEST(EncodeAccepts, SingleSpdusAndHeraldPairs) {
  EXPECT_EQ(to_hex(encode_ok(std::vector<Spdu>{GiveTokens{token::data}})), "01 03 10 01 01");
  EXPECT_EQ(to_hex(encode_ok(std::vector<Spdu>{AbortAccept{}})), "1a 00");
  EXPECT_EQ(to_hex(encode_ok(std::vector<Spdu>{PleaseTokens{}, ActivityInterruptAck{}})),
            "02 00 1a 00");
  ByteBuffer out = kPrefix;
  const std::vector<Spdu> pair = {GiveTokens{}, ActivityInterrupt{std::uint8_t{0}}};
  ASSERT_TRUE(encode_tsdu(pair, out));
  EXPECT_EQ(to_hex(out), "5a a5 00 01 00 19 03 32 01 00") << "encode_tsdu appends";
}

}  // namespace
}  // namespace piglix::spdu
