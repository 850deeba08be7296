// Known encodings (wire-examples.md A2-A5, B1, B5-B7, C4) decode to the stated SPDUs and
// re-encode octet for octet.
#include <gtest/gtest.h>

#include <string>

#include "spdu_samples.hpp"
#include "spdu_wire_vectors.hpp"

namespace piglix::spdu {
namespace {

using namespace test;

// Decodes, checks the kinds, re-encodes and compares; returns the decoded SPDUs.
std::vector<Spdu> decode_and_reencode(Bytes tsdu, const std::vector<Kind>& kinds,
                                      const DecodeOptions& options = {}) {
  std::vector<Spdu> decoded = decode_ok(tsdu, options);
  EXPECT_EQ(kinds_of(decoded), kinds) << to_hex(tsdu);
  ByteBuffer again;
  const Status status = encode_tsdu(decoded, again);
  EXPECT_TRUE(status) << status.error().message();
  EXPECT_EQ(to_hex(again), to_hex(tsdu));
  return decoded;
}

class IsodeVectors : public ::testing::TestWithParam<IsodeVector> {};

TEST_P(IsodeVectors, DecodeToStatedKindsAndReencodeIdentically) {
  const ByteBuffer tsdu = hex(GetParam().octets);
  const auto decoded = decode_and_reencode(tsdu, GetParam().kinds);
  if (decoded.size() == 2) {  // a herald carries nothing
    EXPECT_EQ(render(decoded[0]), render(herald_of(kind_of(decoded[1]))));
  }
}

INSTANTIATE_TEST_SUITE_P(C4, IsodeVectors, ::testing::ValuesIn(isode_vectors()),
                         [](const auto& p) { return std::string(p.param.name); });

// --- C4 field values --------------------------------------------------------------------------

template <class S>
S only(const std::vector<Spdu>& spdus, std::size_t index) {
  EXPECT_GT(spdus.size(), index);
  if (spdus.size() <= index || !std::holds_alternative<S>(spdus[index])) return S{};
  return std::get<S>(spdus[index]);
}

TEST(IsodeVectorFields, AbortsAndFinish) {
  const ByteBuffer ab = hex("19 03 11 01 03"), pe = hex("19 03 11 01 05"),
                   fn = hex("09 03 11 01 01");
  EXPECT_EQ(only<Abort>(decode_ok(ab), 0).transport_disconnect,
            transport_disconnect::released | transport_disconnect::user_abort);
  EXPECT_EQ(only<Abort>(decode_ok(pe), 0).transport_disconnect,
            transport_disconnect::released | transport_disconnect::protocol_error);
  const Finish f = only<Finish>(decode_ok(fn), 0);
  EXPECT_EQ(f.transport_disconnect, transport_disconnect::released);
  EXPECT_FALSE(f.user_data.has_value());
}

TEST(IsodeVectorFields, RefuseVersionsNotSupported) {
  const ByteBuffer tsdu = hex("0c 09 11 01 01 16 01 03 32 01 84");
  const Refuse rf = only<Refuse>(decode_ok(tsdu), 0);
  EXPECT_EQ(rf.transport_disconnect, transport_disconnect::released);
  EXPECT_EQ(rf.version_number, version::v1 | version::v2);
  EXPECT_EQ(rf.reason.reason, refuse_reason::versions_not_supported);
  EXPECT_TRUE(rf.reason.user_data.empty());
  EXPECT_FALSE(rf.connection_identifier.has_value());
}

TEST(IsodeVectorFields, TokensAndPrepare) {
  const ByteBuffer gt = hex("01 03 10 01 01"), pt = hex("02 03 10 01 01"),
                   pr = hex("07 03 18 01 01");
  EXPECT_EQ(only<GiveTokens>(decode_ok(gt), 0).token_item, token::data);
  EXPECT_EQ(only<PleaseTokens>(decode_ok(pt), 0).token_item, token::data);
  EXPECT_EQ(only<Prepare>(decode_ok(pr), 0).prepare_type, prepare_type::major_sync_ack);
}

TEST(IsodeVectorFields, SynchronizationSerialNumbersAreDigits) {
  const ByteBuffer mip = hex("01 00 31 06 0f 01 01 2a 01 35");
  const MinorSyncPoint m = only<MinorSyncPoint>(decode_ok(mip), 1);
  EXPECT_EQ(m.sync_type_item, sync_type::no_explicit_confirmation);
  EXPECT_EQ(m.serial_number, SerialNumber{5});
  EXPECT_FALSE(m.user_data.has_value());

  const ByteBuffer mia = hex("02 00 32 03 2a 01 35");
  EXPECT_EQ(only<MinorSyncAck>(decode_ok(mia), 1).serial_number, SerialNumber{5});

  const ByteBuffer map = hex("01 00 29 07 0f 01 01 2a 02 31 32");
  const MajorSyncPoint p = only<MajorSyncPoint>(decode_ok(map), 1);
  EXPECT_EQ(p.sync_type_item, sync_type::activity_not_ended);
  EXPECT_EQ(p.serial_number, SerialNumber{12});

  const ByteBuffer ae = hex("01 00 29 04 2a 02 31 32");
  EXPECT_EQ(only<ActivityEnd>(decode_ok(ae), 1).serial_number, SerialNumber{12});
  const ByteBuffer maa = hex("02 00 2a 04 2a 02 31 32");
  EXPECT_EQ(only<MajorSyncAck>(decode_ok(maa), 1).serial_number, SerialNumber{12});

  const ByteBuffer rs = hex("01 00 35 06 1b 01 00 2a 01 33");
  const Resynchronize r = only<Resynchronize>(decode_ok(rs), 1);
  EXPECT_EQ(r.resync_type, resync_type::restart);
  EXPECT_EQ(r.serial_number, SerialNumber{3});
  EXPECT_FALSE(r.token_setting_item.has_value());
  EXPECT_FALSE(r.second_resync_type.has_value());
  const ByteBuffer ra = hex("02 00 22 03 2a 01 33");
  EXPECT_EQ(only<ResynchronizeAck>(decode_ok(ra), 1).serial_number, SerialNumber{3});
}

TEST(IsodeVectorFields, ActivitiesAndExceptions) {
  const ByteBuffer as = hex("01 00 2d 03 29 01 01"), ai = hex("01 00 19 03 32 01 00"),
                   ed = hex("02 00 30 03 32 01 03");
  EXPECT_EQ(to_hex(only<ActivityStart>(decode_ok(as), 1).activity_identifier), "01");
  EXPECT_EQ(only<ActivityInterrupt>(decode_ok(ai), 1).reason, exception_reason::no_specific_reason);
  EXPECT_EQ(only<ExceptionData>(decode_ok(ed), 1).reason, exception_reason::user_sequence_error);
}

// --- A2-A5: captured libiec61850 exchanges ----------------------------------------------------

TEST(CapturedVectors, A2ConnectDecodesAndReencodes) {
  const ByteBuffer tsdu = a2_connect();
  ASSERT_EQ(tsdu.size(), 187u - 7u);
  const Connect cn = only<Connect>(decode_and_reencode(tsdu, {Kind::CN}), 0);
  EXPECT_FALSE(cn.connection_identifier.has_value());
  ASSERT_TRUE(cn.connect_accept_item.has_value());
  EXPECT_EQ(cn.connect_accept_item->protocol_options, 0);
  EXPECT_EQ(cn.connect_accept_item->version_number, version::v2);
  EXPECT_FALSE(cn.connect_accept_item->tsdu_maximum_size.has_value());
  EXPECT_FALSE(cn.connect_accept_item->initial_serial_number.has_value());
  EXPECT_FALSE(cn.connect_accept_item->token_setting_item.has_value());
  EXPECT_EQ(cn.session_user_requirements, fu::duplex);
  ASSERT_TRUE(cn.calling_session_selector && cn.called_session_selector);
  EXPECT_EQ(to_hex(*cn.calling_session_selector), "00 01");
  EXPECT_EQ(to_hex(*cn.called_session_selector), "00 01");
  EXPECT_FALSE(cn.data_overflow.has_value());
  EXPECT_FALSE(cn.extended_user_data.has_value());
  ASSERT_TRUE(cn.user_data.has_value());
  EXPECT_EQ(cn.user_data->size(), 156u);
  EXPECT_EQ(cn.user_data->data(), tsdu.data() + 24);
  EXPECT_EQ(to_hex(cn.user_data->first(3)), "31 81 99");
  EXPECT_EQ(to_hex(cn.user_data->last(3)), "79 ef 18");
}

TEST(CapturedVectors, A3AcceptDecodesAndReencodes) {
  const ByteBuffer tsdu = a3_accept();
  ASSERT_EQ(tsdu.size(), 143u - 7u);
  const Accept ac = only<Accept>(decode_and_reencode(tsdu, {Kind::AC}), 0);
  ASSERT_TRUE(ac.connect_accept_item.has_value());
  EXPECT_EQ(ac.connect_accept_item->protocol_options, 0);
  EXPECT_EQ(ac.connect_accept_item->version_number, version::v2);
  EXPECT_EQ(ac.session_user_requirements, fu::duplex);
  EXPECT_FALSE(ac.calling_session_selector.has_value());
  ASSERT_TRUE(ac.responding_session_selector.has_value());
  EXPECT_EQ(to_hex(*ac.responding_session_selector), "00 01");
  EXPECT_FALSE(ac.token_item.has_value());
  EXPECT_FALSE(ac.enclosure.has_value());
  ASSERT_TRUE(ac.user_data.has_value());
  EXPECT_EQ(ac.user_data->size(), 116u);
  EXPECT_EQ(to_hex(ac.user_data->first(2)), "31 72");
  EXPECT_EQ(to_hex(ac.user_data->last(3)), "40 ed 18");
}

TEST(CapturedVectors, A4AndA5DataTsdus) {
  for (const auto& [tsdu, user_size] :
       {std::pair{a4_read_request(), 55u}, std::pair{a5_read_response(), 124u}}) {
    const auto decoded = decode_and_reencode(tsdu, {Kind::GT, Kind::DT});
    EXPECT_FALSE(only<GiveTokens>(decoded, 0).token_item.has_value());
    const DataTransfer dt = only<DataTransfer>(decoded, 1);
    EXPECT_FALSE(dt.enclosure.has_value());
    EXPECT_EQ(dt.user_information.size(), user_size);
    EXPECT_EQ(dt.user_information.data(), tsdu.data() + 4);
    EXPECT_EQ(dt.user_information[0], 0x61);
  }
}

// --- B: literal headers in public source code -------------------------------------------------

TEST(SourceVectors, B1GiveTokensDataTransferPrefix) {
  const ByteBuffer user = hex("61 03 02 01 07");
  const std::vector<Spdu> sent = {GiveTokens{}, DataTransfer{std::nullopt, user}};
  const ByteBuffer tsdu = encode_ok(sent);
  EXPECT_EQ(to_hex(tsdu), "01 00 01 00 61 03 02 01 07");
  decode_and_reencode(tsdu, {Kind::GT, Kind::DT});
}

// 01 00 01 00 and user information has a fast path in both directions; the TSDUs next to it,
// one parameter or one octet away, take the general one and must come out as it says.
TEST(SourceVectors, B1NeighboursTakeTheGeneralPath) {
  EXPECT_TRUE(decode_fails(hex("01 00 01 00"), errc::spdu_missing_user_information, 4, {"DT"}));
  EXPECT_TRUE(decode_fails(hex("01 03 10 01 01 01 00 61"), errc::spdu_bad_concatenation, 0,
                           {"Token Item"}));
  const auto segment = decode_and_reencode(hex("01 00 01 03 19 01 01 61"), {Kind::GT, Kind::DT});
  EXPECT_EQ(only<DataTransfer>(segment, 1).enclosure, enclosure::begin);

  const ByteBuffer user = hex("61");
  ByteBuffer out;
  const std::vector<Spdu> herald_with_tokens = {GiveTokens{token::data},
                                                DataTransfer{std::nullopt, user}};
  EXPECT_FALSE(encode_tsdu(herald_with_tokens, out));
  EXPECT_TRUE(out.empty());
  const std::vector<Spdu> v2_herald = {GiveTokens{std::nullopt, enclosure::whole, Bytes(user)},
                                       DataTransfer{std::nullopt, user}};
  EXPECT_EQ(to_hex(encode_ok(v2_herald)), "01 06 19 01 03 c1 01 61 01 00 61");
}

Connect iec61850bean_connect(Bytes user_data) {
  ConnectAcceptItem item;
  item.protocol_options = 0;
  item.version_number = version::v2;
  static const ByteBuffer selector = {0x00, 0x01};
  return Connect{.connect_accept_item = item,
                 .session_user_requirements = fu::duplex,
                 .calling_session_selector = Bytes(selector),
                 .called_session_selector = Bytes(selector),
                 .user_data = user_data};
}

TEST(SourceVectors, B5ConnectHeader) {
  const ByteBuffer user = hex("aa bb cc");  // LL = NN + 22
  const std::vector<Spdu> sent = {iec61850bean_connect(user)};
  const ByteBuffer tsdu = encode_ok(sent);
  EXPECT_EQ(to_hex(tsdu),
            "0d 19 05 06 13 01 00 16 01 02 14 02 00 02 33 02 00 01 34 02 00 01 c1 03 aa bb cc");
  decode_and_reencode(tsdu, {Kind::CN});
}

TEST(SourceVectors, B6AcceptHeader) {
  const ByteBuffer user = hex("aa bb cc");  // LL = NN + 18
  ConnectAcceptItem item;
  item.protocol_options = 0;
  item.version_number = version::v2;
  const ByteBuffer selector = {0x00, 0x01};
  const std::vector<Spdu> sent = {Accept{.connect_accept_item = item,
                                         .session_user_requirements = fu::duplex,
                                         .responding_session_selector = Bytes(selector),
                                         .user_data = Bytes(user)}};
  const ByteBuffer tsdu = encode_ok(sent);
  EXPECT_EQ(to_hex(tsdu), "0e 15 05 06 13 01 00 16 01 02 14 02 00 02 34 02 00 01 c1 03 aa bb cc");
  decode_and_reencode(tsdu, {Kind::AC});
}

TEST(SourceVectors, B7FinishDisconnectAbortHeaders) {
  const ByteBuffer user = hex("62 02 80 00");  // an RLRQ-like payload
  const struct {
    Spdu spdu;
    const char* octets;
  } cases[] = {
      {Finish{.user_data = Bytes(user)}, "09 06 c1 04 62 02 80 00"},
      {Disconnect{.user_data = Bytes(user)}, "0a 06 c1 04 62 02 80 00"},
      {Abort{.transport_disconnect = 0x0b, .user_data = Bytes(user)},
       "19 09 11 01 0b c1 04 62 02 80 00"},
  };
  for (const auto& c : cases) {
    const std::vector<Spdu> sent = {c.spdu};
    const ByteBuffer tsdu = encode_ok(sent);
    EXPECT_EQ(to_hex(tsdu), c.octets);
    const ByteBuffer expected = hex(c.octets);
    const auto decoded = decode_and_reencode(expected, {kind_of(c.spdu)});
    ASSERT_EQ(decoded.size(), 1u);
    EXPECT_EQ(render(decoded[0]), render(c.spdu));
  }
}

// --- Shared SI codes --------------------------------------------------------------------------

TEST(SharedSi, GiveTokensOrDataTransferByPosition) {
  decode_and_reencode(hex("01 03 10 01 40"), {Kind::GT});
  decode_and_reencode(hex("01 00 01 00 7f"), {Kind::GT, Kind::DT});
}

TEST(SharedSi, AbortOrActivityInterruptByPosition) {
  decode_and_reencode(hex("19 03 11 01 03"), {Kind::AB});
  decode_and_reencode(hex("01 00 19 03 32 01 00"), {Kind::GT, Kind::AI});
  decode_and_reencode(hex("01 00 19 00"), {Kind::GT, Kind::AI});
}

TEST(SharedSi, AbortAcceptOrActivityInterruptAckByPosition) {
  decode_and_reencode(hex("1a 00"), {Kind::AA});
  decode_and_reencode(hex("02 00 1a 00"), {Kind::PT, Kind::AIA});
}

TEST(SharedSi, MajorSyncPointOrActivityEndBySyncTypeItem) {
  const ByteBuffer with_sync_type = hex("01 00 29 07 0f 01 01 2a 02 31 32");
  const ByteBuffer without = hex("01 00 29 04 2a 02 31 32");
  DecodeOptions no_activities;
  no_activities.activity_management = false;

  decode_and_reencode(with_sync_type, {Kind::GT, Kind::MAP});
  decode_and_reencode(with_sync_type, {Kind::GT, Kind::MAP}, no_activities);
  decode_and_reencode(without, {Kind::GT, Kind::AE});
  const auto map = decode_and_reencode(without, {Kind::GT, Kind::MAP}, no_activities);
  const MajorSyncPoint p = only<MajorSyncPoint>(map, 1);
  EXPECT_FALSE(p.sync_type_item.has_value());
  EXPECT_EQ(p.serial_number, SerialNumber{12});
}

TEST(SharedSi, MajorSyncAckOrActivityEndAckByReceiverState) {
  const ByteBuffer tsdu = hex("02 00 2a 07 2a 02 31 32 19 01 00");
  DecodeOptions after_activity_end;
  after_activity_end.major_ack_is_activity_end = true;

  const auto maa = decode_and_reencode(tsdu, {Kind::PT, Kind::MAA});
  EXPECT_EQ(only<MajorSyncAck>(maa, 1).serial_number, SerialNumber{12});
  EXPECT_EQ(only<MajorSyncAck>(maa, 1).enclosure, enclosure::middle);
  const auto aea = decode_and_reencode(tsdu, {Kind::PT, Kind::AEA}, after_activity_end);
  EXPECT_EQ(only<ActivityEndAck>(aea, 1).serial_number, SerialNumber{12});
  EXPECT_EQ(only<ActivityEndAck>(aea, 1).enclosure, enclosure::middle);
}

TEST(SharedSi, ActivityEndAndMajorSyncPointWithoutSyncTypeEncodeAlike) {
  const ByteBuffer ae = encode_ok(tsdu_of(ActivityEnd{SerialNumber{12}}));
  const ByteBuffer map = encode_ok(tsdu_of(MajorSyncPoint{.serial_number = SerialNumber{12}}));
  EXPECT_EQ(to_hex(ae), "01 00 29 04 2a 02 31 32");
  EXPECT_EQ(to_hex(map), to_hex(ae));
  const ByteBuffer maa = encode_ok(tsdu_of(MajorSyncAck{SerialNumber{12}}));
  const ByteBuffer aea = encode_ok(tsdu_of(ActivityEndAck{SerialNumber{12}}));
  EXPECT_EQ(to_hex(maa), "02 00 2a 04 2a 02 31 32");
  EXPECT_EQ(to_hex(aea), to_hex(maa));
}

}  // namespace
}  // namespace piglix::spdu
