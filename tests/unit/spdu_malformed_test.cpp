// Malformed TSDUs: every one is rejected with the exact error code and offset, and a message that
// names the SPDU and the parameter.
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "spdu_samples.hpp"

namespace piglix::spdu {
namespace {

using namespace test;

struct Malformed {
  const char* name;
  const char* octets;
  errc code;
  std::size_t offset;
  std::vector<std::string_view> mentions;
};

class MalformedTsdu : public ::testing::TestWithParam<Malformed> {};

TEST_P(MalformedTsdu, IsRejectedWhereItGoesWrong) {
  const Malformed& m = GetParam();
  EXPECT_TRUE(decode_fails(hex(m.octets), m.code, m.offset, m.mentions));
}

std::string case_name(const ::testing::TestParamInfo<Malformed>& p) { return p.param.name; }

constexpr errc truncated = errc::truncated, bad_length = errc::spdu_bad_length,
               non_canonical = errc::spdu_non_canonical_length,
               bad_param_length = errc::spdu_bad_parameter_length,
               bad_value = errc::spdu_bad_parameter_value,
               duplicate = errc::spdu_duplicate_parameter, missing = errc::spdu_missing_parameter,
               not_allowed = errc::spdu_parameter_not_allowed, nesting = errc::spdu_group_nesting,
               concatenation = errc::spdu_bad_concatenation,
               no_user_information = errc::spdu_missing_user_information,
               unknown = errc::spdu_unknown_type;

INSTANTIATE_TEST_SUITE_P(
    Lengths, MalformedTsdu,
    ::testing::Values(
        Malformed{"LiMissing", "09", truncated, 1, {"SI 0x09", "length indicator missing"}},
        Malformed{"ThreeOctetLiCutShort", "09 ff 01", truncated, 1, {"SI 0x09", "3-octet"}},
        Malformed{"LiBeyondTsdu", "09 05 11 01 01", bad_length, 0, {"SI 0x09", "LI 5", "3 octets"}},
        Malformed{"ThreeOctetLiBeyondTsdu", "09 ff 01 00 c1", bad_length, 0, {"SI 0x09", "LI 256"}},
        Malformed{"LiBeyondTsduAfterHerald", "01 00 31 09 2a 01 35", bad_length, 2, {"SI 0x31"}},
        Malformed{
            "NonCanonicalLi", "09 ff 00 03 11 01 01", non_canonical, 1, {"SI 0x09", "length 3"}},
        Malformed{"NonCanonicalParameterLength",
                  "09 05 11 ff 00 01 01",
                  non_canonical,
                  3,
                  {"SPDU FN", "parameter 0x11", "length 1"}},
        Malformed{
            "ParameterLengthMissing", "09 01 11", truncated, 3, {"SPDU FN", "parameter 0x11"}},
        Malformed{"ParameterBeyondField",
                  "09 03 11 05 01",
                  bad_param_length,
                  2,
                  {"SPDU FN: parameter 0x11 length 5 exceeds the parameter field remaining 1"}},
        Malformed{"ParameterBeyondGroup",
                  "0e 05 05 03 14 03 00",
                  bad_param_length,
                  4,
                  {"SPDU AC", "parameter 0x14 length 3 exceeds PGI 0x05 remaining 1"}},
        Malformed{"GroupBeyondField",
                  "0e 04 05 05 13 01",
                  bad_param_length,
                  2,
                  {"SPDU AC", "parameter 0x05 length 5"}},
        Malformed{"TokenItemOfTwoOctets",
                  "01 04 10 02 01 00",
                  bad_param_length,
                  2,
                  {"SPDU GT", "0x10", "Token Item", "length 2, expected 1"}},
        Malformed{"TsduMaximumSizeOfThreeOctets",
                  "0d 07 05 05 15 03 00 00 00",
                  bad_param_length,
                  4,
                  {"SPDU CN", "PGI 0x05", "0x15", "TSDU Maximum Size", "length 3, expected 4"}},
        Malformed{"RequirementsOfOneOctet",
                  "0d 03 14 01 02",
                  bad_param_length,
                  2,
                  {"SPDU CN", "0x14", "expected 2"}},
        Malformed{"EmptyReasonCode", "0c 02 32 00", bad_param_length, 2, {"SPDU RF", "0x32"}},
        Malformed{"ActivityIdentifierOfSevenOctets",
                  "01 00 2d 09 29 07 01 02 03 04 05 06 07",
                  bad_param_length,
                  4,
                  {"SPDU AS", "0x29", "expected 1..6"}},
        Malformed{
            "EmptySerialNumber", "02 00 32 02 2a 00", bad_param_length, 4, {"SPDU MIA", "0x2a"}},
        Malformed{"SerialNumberOfSevenDigits",
                  "02 00 32 09 2a 07 31 32 33 34 35 36 37",
                  bad_param_length,
                  4,
                  {"SPDU MIA", "0x2a", "Serial Number", "length 7"}}),
    case_name);

INSTANTIATE_TEST_SUITE_P(
    Values, MalformedTsdu,
    ::testing::Values(
        Malformed{"SerialNumberWithALetter",
                  "02 00 32 03 2a 01 41",
                  bad_value,
                  4,
                  {"SPDU MIA", "0x2a", "0x41"}},
        Malformed{"SerialNumberWithAColon",
                  "01 00 31 05 2a 03 31 3a 32",
                  bad_value,
                  4,
                  {"SPDU MIP", "0x2a", "0x3a"}},
        Malformed{"InitialSerialNumberWithASlash",
                  "0e 05 05 03 17 01 2f",
                  bad_value,
                  4,
                  {"SPDU AC", "PGI 0x05", "0x17", "0x2f"}},
        Malformed{"EnclosureBit3", "0a 03 19 01 04", bad_value, 2, {"SPDU DN", "0x19", "0x04"}},
        Malformed{"TokenItemBit2", "01 03 10 01 02", bad_value, 2, {"SPDU GT", "0x10", "0x02"}},
        Malformed{
            "VersionBit3", "0c 06 16 01 04 32 01 00", bad_value, 2, {"SPDU RF", "0x16", "0x04"}},
        Malformed{
            "VersionZero", "0d 05 05 03 16 01 00", bad_value, 4, {"SPDU CN", "PGI 0x05", "0x16"}},
        Malformed{"ResyncTypeThree",
                  "01 00 35 06 1b 01 03 2a 01 33",
                  bad_value,
                  4,
                  {"SPDU RS", "0x1b", "0x03"}},
        Malformed{"SecondResyncTypeThree",
                  "01 00 35 09 1b 01 00 2a 01 33 35 01 03",
                  bad_value,
                  10,
                  {"SPDU RS", "0x35"}},
        Malformed{"ExceptionReasonTwo", "02 00 30 03 32 01 02", bad_value, 4, {"SPDU ED", "0x32"}},
        Malformed{"ActivityInterruptReasonFour",
                  "01 00 19 03 32 01 04",
                  bad_value,
                  4,
                  {"SPDU AI", "0x32"}},
        Malformed{"TransportDisconnectBit6", "19 03 11 01 20", bad_value, 2, {"SPDU AB", "0x11"}},
        Malformed{"RequirementsBit14", "0d 04 14 02 20 00", bad_value, 2, {"SPDU CN", "0x14"}},
        Malformed{"PrepareTypeFive", "07 03 18 01 05", bad_value, 2, {"SPDU PR", "0x18"}},
        Malformed{
            "SyncTypeBit2", "01 00 31 06 0f 01 02 2a 01 35", bad_value, 4, {"SPDU MIP", "0x0f"}},
        Malformed{"ProtocolOptionsBit2",
                  "0d 05 05 03 13 01 02",
                  bad_value,
                  4,
                  {"SPDU CN", "PGI 0x05", "0x13"}},
        Malformed{"DataOverflowTwo", "0d 03 3c 01 02", bad_value, 2, {"SPDU CN", "0x3c"}}),
    case_name);

INSTANTIATE_TEST_SUITE_P(
    Parameters, MalformedTsdu,
    ::testing::Values(
        Malformed{"DuplicateTransportDisconnect",
                  "09 06 11 01 01 11 01 01",
                  duplicate,
                  5,
                  {"SPDU FN", "0x11", "twice"}},
        Malformed{"DuplicateVersionInGroup",
                  "0d 08 05 06 16 01 02 16 01 02",
                  duplicate,
                  7,
                  {"SPDU CN", "PGI 0x05", "0x16"}},
        Malformed{"DuplicateNewActivityIdentifier",
                  "01 00 1d 0e 21 06 29 01 01 2a 01 31 29 01 02 29 01 03",
                  duplicate,
                  15,
                  {"SPDU AR", "0x29"}},
        Malformed{"AbortWithoutTransportDisconnect",
                  "19 00",
                  missing,
                  2,
                  {"SPDU AB", "0x11", "Transport Disconnect"}},
        Malformed{"AbortWithOnlyUserData", "19 03 c1 01 aa", missing, 5, {"SPDU AB", "0x11"}},
        Malformed{"MinorSyncWithoutSerialNumber",
                  "01 00 31 03 0f 01 01",
                  missing,
                  7,
                  {"SPDU MIP", "0x2a", "Serial Number"}},
        Malformed{"ResyncWithoutResyncType",
                  "01 00 35 04 2a 02 31 32",
                  missing,
                  8,
                  {"SPDU RS", "0x1b", "Resync Type"}},
        Malformed{
            "ResyncWithoutSerialNumber", "01 00 35 03 1b 01 00", missing, 7, {"SPDU RS", "0x2a"}},
        Malformed{"RefuseWithoutReason", "0c 03 11 01 01", missing, 5, {"SPDU RF", "0x32"}},
        Malformed{"PrepareWithoutType", "07 00", missing, 2, {"SPDU PR", "0x18"}},
        Malformed{"OverflowAcceptWithoutVersion", "10 00", missing, 2, {"SPDU OA", "0x16"}},
        Malformed{"DataOverflowWithoutEnclosure", "0f 00", missing, 2, {"SPDU CDO", "0x19"}},
        Malformed{"ExceptionDataWithoutReason", "02 00 30 00", missing, 4, {"SPDU ED", "0x32"}},
        Malformed{"ActivityStartWithoutIdentifier", "01 00 2d 00", missing, 4, {"SPDU AS", "0x29"}},
        Malformed{"ResumeWithoutLinkingInformation",
                  "01 00 1d 03 29 01 02",
                  missing,
                  7,
                  {"SPDU AR", "0x21"}},
        Malformed{"LinkingInformationWithoutOldIdentifier",
                  "01 00 1d 08 21 03 2a 01 31 29 01 02",
                  missing,
                  9,
                  {"SPDU AR", "PGI 0x21", "0x29"}},
        Malformed{"TokenItemInDisconnect",
                  "0a 03 10 01 01",
                  not_allowed,
                  2,
                  {"SPDU DN", "0x10", "Token Item"}},
        Malformed{"ReasonCodeInGiveTokens",
                  "01 06 10 01 01 32 01 00",
                  not_allowed,
                  5,
                  {"SPDU GT", "0x32"}},
        Malformed{
            "GiveTokensAloneWithoutTokenItem", "01 00", missing, 0, {"SPDU GT", "Token Item"}},
        Malformed{"PleaseTokensAloneWithoutTokenItem", "02 02 c1 00", missing, 0, {"SPDU PT"}},
        Malformed{"ConnectWithBothUserDataForms",
                  "0d 06 c1 01 aa c2 01 bb",
                  not_allowed,
                  0,
                  {"SPDU CN", "0xc1", "0xc2"}},
        Malformed{"RefuseReasonZeroWithData",
                  "0c 04 32 02 00 aa",
                  bad_value,
                  0,
                  {"SPDU RF", "Reason Code 0", "only reason 2"}},
        Malformed{"ReservedTokenSetting", "0d 05 05 03 1a 01 ff", bad_value, 4, {"0x1a"}},
        Malformed{"OverflowAcceptVersionOne", "10 03 16 01 01", bad_value, 2, {"SPDU OA", "0x16"}},
        Malformed{"ExtendedUserDataInAccept", "0e 02 c2 00", not_allowed, 2, {"SPDU AC", "0xc2"}},
        Malformed{"RequirementsInsideConnectAcceptItem",
                  "0e 06 05 04 14 02 00 02",
                  not_allowed,
                  4,
                  {"SPDU AC", "PGI 0x05", "0x14"}},
        Malformed{"EnclosureInExpedited", "05 03 19 01 03 aa", not_allowed, 2, {"SPDU EX", "0x19"}},
        Malformed{"UserDataGroupInsideConnectAcceptItem",
                  "0d 04 05 02 c1 00",
                  nesting,
                  4,
                  {"SPDU CN", "PGI 0x05", "0xc1"}},
        Malformed{"ConnectionIdentifierInsideLinkingInformation",
                  "01 00 1d 04 21 02 01 00",
                  nesting,
                  6,
                  {"SPDU AR", "PGI 0x21", "0x01"}}),
    case_name);

INSTANTIATE_TEST_SUITE_P(
    Concatenation, MalformedTsdu,
    ::testing::Values(
        Malformed{"EmptyTsdu", "", truncated, 0, {"empty"}},
        Malformed{"UnknownSi40", "40 00", unknown, 0, {"0x40"}},
        Malformed{"UnknownSiFf", "ff 00", unknown, 0, {"0xff"}},
        Malformed{"UnknownSi3", "03 00", unknown, 0, {"0x03"}},
        Malformed{"UnknownSiAfterHerald", "01 00 40 00", unknown, 2, {"0x40"}},
        Malformed{"MinorSyncWithoutHerald", "31 03 2a 01 35", concatenation, 0, {"MIP", "GT"}},
        Malformed{"ExceptionReportWithoutHerald", "00 00", concatenation, 0, {"ER", "PT"}},
        Malformed{
            "DataTransferAfterPleaseTokens", "02 00 01 00 aa", concatenation, 2, {"DT", "GT"}},
        Malformed{
            "MinorSyncAfterPleaseTokens", "02 00 31 03 2a 01 35", concatenation, 2, {"MIP", "PT"}},
        Malformed{
            "MinorSyncAckAfterGiveTokens", "01 00 32 03 2a 01 35", concatenation, 2, {"MIA", "GT"}},
        Malformed{"FinishFollowedByAbortAccept", "09 03 11 01 01 1a 00", concatenation, 5, {"FN"}},
        Malformed{"AbortAcceptTwice", "1a 00 1a 00", concatenation, 2, {"AA"}},
        Malformed{"CategoryOneAfterHerald", "01 00 09 00", concatenation, 2, {"FN", "GT"}},
        Malformed{"HeraldAfterHerald", "01 00 02 00", concatenation, 2, {"PT", "GT"}},
        Malformed{"HeraldWithTokenItemBeforeData",
                  "01 03 10 01 01 01 00 aa",
                  concatenation,
                  0,
                  {"GT", "Token Item"}},
        Malformed{"HeraldWithTokenItemBeforeMinorSyncAck",
                  "02 03 10 01 01 32 03 2a 01 35",
                  concatenation,
                  0,
                  {"PT", "Token Item"}},
        Malformed{"TwoCategoryTwoWithoutExtendedConcatenation",
                  "01 00 31 03 2a 01 35 31 03 2a 01 36",
                  concatenation,
                  7,
                  {"MIP", "extended concatenation"}},
        Malformed{
            "DataTransferWithoutUserInformation", "01 00 01 00", no_user_information, 4, {"DT"}},
        Malformed{"DataTransferWholeWithoutUserInformation",
                  "01 00 01 03 19 01 03",
                  no_user_information,
                  7,
                  {"DT"}},
        Malformed{"DataTransferMiddleWithoutUserInformation",
                  "01 00 01 03 19 01 00",
                  no_user_information,
                  7,
                  {"DT"}},
        Malformed{"TypedDataWithoutUserInformation", "21 00", no_user_information, 2, {"TD"}},
        Malformed{"ExpeditedOf15Octets",
                  "05 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f",
                  bad_length,
                  2,
                  {"EX", "15"}}),
    case_name);

// --- Cases that need long inputs ------------------------------------------------------------

TEST(MalformedLong, NonCanonicalGroupLength) {
  // PGI 193 of 254 octets written as ff 00 fe.
  const ByteBuffer tsdu = concat({hex("0d ff 01 02 c1 ff 00 fe"), pattern(254)});
  EXPECT_TRUE(decode_fails(tsdu, non_canonical, 5, {"SPDU CN", "parameter 0xc1", "254"}));
}

TEST(MalformedLong, SessionSelectorOf17Octets) {
  const ByteBuffer tsdu = concat({hex("0d 13 33 11"), pattern(17)});
  EXPECT_TRUE(decode_fails(tsdu, bad_param_length, 2, {"SPDU CN", "0x33", "expected 1..16"}));
}

TEST(MalformedLong, ReflectParameterValuesOf10Octets) {
  const ByteBuffer tsdu = concat({hex("19 0f 11 01 01 31 0a"), pattern(10)});
  EXPECT_TRUE(decode_fails(tsdu, bad_param_length, 5, {"SPDU AB", "0x31", "expected 0..9"}));
}

TEST(MalformedLong, ConnectUserDataOf513Octets) {
  const ByteBuffer tsdu = concat({hex("0d ff 02 05 c1 ff 02 01"), pattern(513)});
  EXPECT_TRUE(decode_fails(tsdu, bad_param_length, 4, {"SPDU CN", "0xc1", "513"}));
}

// --- Inputs that are odd but valid ----------------------------------------------------------

TEST(Tolerated, UnknownParameterCodeIsSkipped) {
  const ByteBuffer tsdu = hex("09 06 70 01 aa 11 01 01");
  const auto decoded = decode_ok(tsdu);
  ASSERT_EQ(kinds_of(decoded), std::vector<Kind>{Kind::FN});
  EXPECT_EQ(std::get<Finish>(decoded[0]).transport_disconnect, transport_disconnect::released);
  EXPECT_EQ(to_hex(encode_ok(decoded)), "09 03 11 01 01");
}

TEST(Tolerated, UnknownParameterWithThreeOctetLengthIsSkipped) {
  const ByteBuffer tsdu = concat({hex("09 ff 01 07 70 ff 01 00"), pattern(256), hex("11 01 01")});
  const auto decoded = decode_ok(tsdu);
  ASSERT_EQ(kinds_of(decoded), std::vector<Kind>{Kind::FN});
  EXPECT_EQ(std::get<Finish>(decoded[0]).transport_disconnect, transport_disconnect::released);
}

TEST(Tolerated, UnknownParameterInsideAGroupIsSkipped) {
  const ByteBuffer tsdu = hex("0d 08 05 06 70 01 aa 16 01 02");
  const auto decoded = decode_ok(tsdu);
  ASSERT_EQ(decoded.size(), 1u);
  const auto& item = std::get<Connect>(decoded[0]).connect_accept_item;
  ASSERT_TRUE(item.has_value());
  EXPECT_EQ(item->version_number, version::v2);
  EXPECT_FALSE(item->protocol_options.has_value());
}

TEST(Tolerated, ParametersInAnyOrder) {
  // AB with User Data before Transport Disconnect ([WB] order differs from ISODE's).
  const ByteBuffer tsdu = hex("19 06 c1 01 aa 11 01 03");
  const auto decoded = decode_ok(tsdu);
  ASSERT_EQ(decoded.size(), 1u);
  EXPECT_EQ(render(decoded[0]), render(Abort{0x03, std::nullopt, std::nullopt, hex("aa")}));
  EXPECT_EQ(to_hex(encode_ok(decoded)), "19 06 11 01 03 c1 01 aa");
}

TEST(Tolerated, UserDataGroupIsOpaque) {
  const ByteBuffer tsdu = hex("0d 04 c1 02 05 00");  // looks like a PGI 5, but is user data
  const auto decoded = decode_ok(tsdu);
  ASSERT_EQ(decoded.size(), 1u);
  const auto& cn = std::get<Connect>(decoded[0]);
  EXPECT_FALSE(cn.connect_accept_item.has_value());
  ASSERT_TRUE(cn.user_data.has_value());
  EXPECT_EQ(to_hex(*cn.user_data), "05 00");
}

TEST(Tolerated, DataTransferEndingASsduMayBeEmpty) {
  const ByteBuffer tsdu = hex("01 00 01 03 19 01 02");
  const auto decoded = decode_ok(tsdu);
  ASSERT_EQ(kinds_of(decoded), (std::vector<Kind>{Kind::GT, Kind::DT}));
  const auto& dt = std::get<DataTransfer>(decoded[1]);
  EXPECT_EQ(dt.enclosure, enclosure::end);
  EXPECT_TRUE(dt.user_information.empty());
  EXPECT_EQ(to_hex(encode_ok(decoded)), to_hex(tsdu));
  EXPECT_TRUE(decode_ok(hex("21 03 19 01 02")).size() == 1u) << "TD ending an SSDU";
}

TEST(Tolerated, ExpeditedOf14Octets) {
  const ByteBuffer tsdu = concat({hex("05 00"), pattern(14)});
  const auto decoded = decode_ok(tsdu);
  ASSERT_EQ(decoded.size(), 1u);
  EXPECT_EQ(std::get<Expedited>(decoded[0]).user_information.size(), 14u);
}

TEST(Tolerated, ExtendedConcatenationAllowsSeveralCategoryTwo) {
  const ByteBuffer tsdu = hex("01 00 31 03 2a 01 35 31 03 2a 01 36 01 00 aa");
  DecodeOptions extended;
  extended.extended_concatenation = true;
  const auto decoded = decode_ok(tsdu, extended);
  ASSERT_EQ(kinds_of(decoded), (std::vector<Kind>{Kind::GT, Kind::MIP, Kind::MIP, Kind::DT}));
  EXPECT_EQ(std::get<MinorSyncPoint>(decoded[2]).serial_number, SerialNumber{6});
  EXPECT_EQ(to_hex(encode_ok(decoded, true)), to_hex(tsdu));
  EXPECT_TRUE(decode_fails(tsdu, concatenation, 7, {"extended concatenation"}));
}

}  // namespace
}  // namespace piglix::spdu
