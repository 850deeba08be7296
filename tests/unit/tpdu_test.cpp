#include "piglix/tpdu.hpp"

#include <gtest/gtest.h>

#include <fmt/format.h>

#include <string>
#include <vector>

#include "piglix/tpkt.hpp"

namespace piglix::tpdu {
namespace {

ByteBuffer hex(std::string_view text) {
  ByteBuffer out;
  EXPECT_TRUE(parse_hex(text, out)) << text;
  return out;
}

// ---- Rendering every field, so whole TPDUs can be compared (std::span has no operator==). ----

std::string show(const std::optional<Bytes>& value) {
  return value ? "[" + to_hex(*value) + "]" : "-";
}

template <class Number>
std::string show(const std::optional<Number>& value) {
  return value ? fmt::format("{:#x}", *value) : "-";
}

std::string show(const ConnectParameters& p) {
  return fmt::format(
      "size={} preferred={} calling={} called={} version={} protection={} options={} "
      "alternatives={} checksum={}",
      show(p.tpdu_size_code), show(p.preferred_max_tpdu_size), show(p.calling_tsap),
      show(p.called_tsap), show(p.version), show(p.protection), show(p.additional_options),
      show(p.alternative_classes), show(p.checksum));
}

std::string show_one(const ConnectionRequest& t) {
  return fmt::format("CR dst={:#06x} src={:#06x} credit={} class={:#04x} {} data=[{}]", t.dst_ref,
                     t.src_ref, t.credit, t.class_options, show(t.parameters), to_hex(t.user_data));
}
std::string show_one(const ConnectionConfirm& t) {
  return fmt::format("CC dst={:#06x} src={:#06x} credit={} class={:#04x} {} data=[{}]", t.dst_ref,
                     t.src_ref, t.credit, t.class_options, show(t.parameters), to_hex(t.user_data));
}
std::string show_one(const DisconnectRequest& t) {
  return fmt::format("DR dst={:#06x} src={:#06x} reason={} info={} checksum={} data=[{}]",
                     t.dst_ref, t.src_ref, t.reason, show(t.additional_information),
                     show(t.checksum), to_hex(t.user_data));
}
std::string show_one(const Data& t) {
  return fmt::format("DT eot={} data=[{}]", t.end_of_tsdu, to_hex(t.user_data));
}
std::string show_one(const TpduError& t) {
  return fmt::format("ER dst={:#06x} cause={} invalid={} checksum={}", t.dst_ref, t.cause,
                     show(t.invalid_tpdu), show(t.checksum));
}
std::string show(const Tpdu& tpdu) {
  return std::visit([](const auto& value) { return show_one(value); }, tpdu);
}

constexpr std::string_view no_parameters =
    "size=- preferred=- calling=- called=- version=- protection=- options=- alternatives=- "
    "checksum=-";

// ---- Helpers. ----

// The payload of one whole TPKT, through the real framer so that vectors are used as captured.
Bytes tpkt_payload(const ByteBuffer& packet) {
  tpkt::Framer framer;
  Bytes input(packet);
  auto next = framer.next(input);
  EXPECT_TRUE(next && *next && input.empty()) << to_hex(packet);
  return next && *next ? **next : Bytes();
}

// Encodes, checks the octets, decodes, checks every field, and encodes again identically.
void expect_round_trip(const Tpdu& tpdu, std::string_view expected_hex) {
  ByteBuffer first;
  const Status encoded = encode(tpdu, first);
  ASSERT_TRUE(encoded) << encoded.error().message();
  EXPECT_EQ(to_hex(first), to_hex(hex(expected_hex)));
  const auto decoded = decode(first);
  ASSERT_TRUE(decoded) << decoded.error().message();
  EXPECT_EQ(show(*decoded), show(tpdu));
  ByteBuffer second;
  ASSERT_TRUE(encode(*decoded, second));
  EXPECT_EQ(first, second);
}

// Decodes `text` expecting an error with this code and offset; returns the error's message.
std::string expect_error(std::string_view text, errc code, std::size_t offset) {
  const ByteBuffer input = hex(text);
  const auto decoded = decode(input);
  if (decoded) {
    ADD_FAILURE() << text << " decoded as " << show(*decoded);
    return {};
  }
  EXPECT_EQ(decoded.error().code, code) << text << ": " << decoded.error().message();
  EXPECT_EQ(decoded.error().offset, offset) << text << ": " << decoded.error().message();
  return decoded.error().message();
}

std::string decode_to_text(std::string_view text) {
  const ByteBuffer input = hex(text);
  const auto decoded = decode(input);
  if (!decoded) return "error: " + decoded.error().message();
  return show(*decoded);
}

// Encodes expecting a refusal with this code, and checks the output buffer was left alone.
std::string expect_refusal(const Tpdu& tpdu, errc code) {
  ByteBuffer out = hex("01 02 03");
  const Status status = encode(tpdu, out);
  if (status) {
    ADD_FAILURE() << "encoded as " << to_hex(out);
    return {};
  }
  EXPECT_EQ(status.error().code, code) << status.error().message();
  EXPECT_EQ(to_hex(out), "01 02 03");
  return status.error().detail;
}

Bytes octets(const ByteBuffer& buffer) { return Bytes(buffer); }

// Builders for TPDUs without optional parts (designated initializers that skip members make
// GCC warn).
template <class Connect>
Connect connect(std::uint16_t dst, std::uint16_t src, std::uint8_t credit = 0,
                std::uint8_t class_options = 0) {
  Connect tpdu;
  tpdu.dst_ref = dst;
  tpdu.src_ref = src;
  tpdu.credit = credit;
  tpdu.class_options = class_options;
  return tpdu;
}

DisconnectRequest disconnect(std::uint16_t dst, std::uint16_t src) {
  DisconnectRequest tpdu;
  tpdu.dst_ref = dst;
  tpdu.src_ref = src;
  return tpdu;
}

TpduError tpdu_error(std::uint16_t dst, std::uint8_t cause) {
  TpduError tpdu;
  tpdu.dst_ref = dst;
  tpdu.cause = cause;
  return tpdu;
}

// ---- Wire vectors from /work/shared/reference/wire-examples.md (whole TPKTs unless noted). ----

constexpr std::string_view a1_cc =
    "03 00 00 16 11 d0 00 01 00 01 00 c0 01 0d c2 02 00 01 c1 02 00 01";
constexpr std::string_view a2_cn =
    "03 00 00 bb 02 f0 80 0d b2 05 06 13 01 00 16 01 02 14 02 00 02 33 02 00 01 34 02 00 01 c1 9c"
    " 31 81 99 a0 03 80 01 01 a2 81 91 81 04 00 00 00 01 82 04 00 00 00 01 a4 23 30 0f 02 01 01"
    " 06 04 52 01 00 01 30 04 06 02 51 01 30 10 02 01 03 06 05 28 ca 22 02 01 30 04 06 02 51 01"
    " 61 5e 30 5c 02 01 01 a0 57 60 55 a1 07 06 05 28 ca 22 02 03 a2 07 06 05 29 01 87 67 01 a3"
    " 03 02 01 0c a6 06 06 04 29 01 87 67 a7 03 02 01 0c be 2f 28 2d 02 01 03 a0 28 a8 26 80 03"
    " 00 fd e8 81 01 05 82 01 05 83 01 0a a4 16 80 01 01 81 03 05 f1 00 82 0c 03 ee 1c 00 00 04"
    " 08 00 00 79 ef 18";
constexpr std::string_view a3_ac =
    "03 00 00 8f 02 f0 80 0e 86 05 06 13 01 00 16 01 02 14 02 00 02 34 02 00 01 c1 74 31 72 a0 03"
    " 80 01 01 a2 6b 83 04 00 00 00 01 a5 12 30 07 80 01 00 81 02 51 01 30 07 80 01 00 81 02 51"
    " 01 61 4f 30 4d 02 01 01 a0 48 61 46 a1 07 06 05 28 ca 22 02 03 a2 03 02 01 00 a3 05 a1 03"
    " 02 01 00 be 2f 28 2d 02 01 03 a0 28 a9 26 80 03 00 fd e8 81 01 05 82 01 05 83 01 0a a4 16"
    " 80 01 01 81 03 05 f1 00 82 0c 03 ee 1c 00 00 00 02 00 00 40 ed 18";
constexpr std::string_view a4_read =
    "03 00 00 42 02 f0 80 01 00 01 00 61 35 30 33 02 01 03 a0 2e a0 2c 02 01 01 a4 27 a1 25 a0 23"
    " 30 21 a0 1f a1 1d 1a 11 73 69 6d 70 6c 65 49 4f 47 65 6e 65 72 69 63 49 4f 1a 08 47 47 49"
    " 4f 31 24 4d 58";
constexpr std::string_view a5_read_response =
    "03 00 00 87 02 f0 80 01 00 01 00 61 7a 30 78 02 01 03 a0 73 a1 71 02 01 01 a4 6c a1 6a a2 68"
    " a2 18 a2 07 87 05 08 bf 79 d5 69 84 03 03 00 00 91 08 69 5b a6 ce 6a 3d 70 80 a2 18 a2 07"
    " 87 05 08 bf 35 fb 38 84 03 03 00 00 91 08 69 5b a6 ce 6a 3d 70 80 a2 18 a2 07 87 05 08 3e"
    " 54 bc 2f 84 03 03 00 00 91 08 69 5b a6 ce 6a 3d 70 80 a2 18 a2 07 87 05 08 3f 6f 73 b4 84"
    " 03 03 00 00 91 08 69 5b a6 ce 6a 3d 70 80";
constexpr std::string_view b3_template =
    "03 00 00 16 11 e0 00 00 00 2e 00 c1 02 01 00 c2 02 03 00 c0 01 0a";
constexpr std::string_view b3_rack0_slot2 =
    "03 00 00 16 11 e0 00 00 00 2e 00 c1 02 01 00 c2 02 03 02 c0 01 0a";
constexpr std::string_view b4_cr_cotp_only =
    "11 e0 00 00 00 01 00 c0 01 0a c1 02 01 00 c2 02 01 02";
// B8 with its placeholders filled in: DST-REF DD DD = 00 01, SRC-REF SS SS = 00 2e.
constexpr std::string_view b8_dr = "03 00 00 0b 06 80 00 01 00 2e 00";
constexpr std::string_view c1_cr =
    "03 00 00 16 11 e0 00 00 00 01 00 c0 01 0d c2 02 00 01 c1 02 00 01";
constexpr std::string_view c2_cr =
    "03 00 00 16 11 e0 00 00 00 01 00 c0 01 10 c2 02 00 01 c1 02 00 00";
constexpr std::string_view c3_dt = "03 00 00 07 02 f0 80";

// Every vector as a bare TPDU, for the truncation and mutation sweeps.
std::vector<ByteBuffer> all_vector_tpdus() {
  std::vector<ByteBuffer> tpdus;
  for (std::string_view packet : {a1_cc, a2_cn, a3_ac, a4_read, a5_read_response, b3_template,
                                  b3_rack0_slot2, b8_dr, c1_cr, c2_cr, c3_dt}) {
    const ByteBuffer whole = hex(packet);
    const Bytes payload = tpkt_payload(whole);
    tpdus.emplace_back(payload.begin(), payload.end());
  }
  for (std::string_view bare :
       {b4_cr_cotp_only, std::string_view("02 f0 80"), std::string_view("02 f0 00")}) {
    tpdus.push_back(hex(bare));
  }
  return tpdus;
}

// ---- Names. ----

TEST(TpduNames, TypeAbbreviationsAndFullNames) {
  EXPECT_EQ(abbreviation(Type::CR), "CR");
  EXPECT_EQ(abbreviation(Type::AK), "AK");
  EXPECT_EQ(full_name(Type::CC), "connection confirm");
  EXPECT_EQ(full_name(Type::ER), "TPDU error");
  EXPECT_EQ(abbreviation(static_cast<Type>(0x30)), "?");
  EXPECT_EQ(full_name(static_cast<Type>(0x90)), "?");
}

TEST(TpduNames, ParameterNamesDependOnTheTpdu) {
  EXPECT_EQ(parameter_name(Type::CR, param::tpdu_size), "TPDU size");
  EXPECT_EQ(parameter_name(Type::CR, param::calling_tsap), "calling TSAP-ID");
  EXPECT_EQ(parameter_name(Type::ER, param::calling_tsap), "invalid TPDU");
  EXPECT_EQ(parameter_name(Type::CC, param::preferred_max_tpdu_size),
            "preferred maximum TPDU size");
  EXPECT_EQ(parameter_name(Type::CR, 0x85), "unknown");
}

TEST(TpduNames, SizeCodesIncludeTheRfc1006Extensions) {
  EXPECT_EQ(tpdu_size_octets(0x07), 128u);
  EXPECT_EQ(tpdu_size_octets(0x0a), 1024u);
  EXPECT_EQ(tpdu_size_octets(0x0d), 8192u);
  EXPECT_EQ(tpdu_size_octets(0x0e), 16384u);
  EXPECT_EQ(tpdu_size_octets(0x0f), 32768u);
  EXPECT_EQ(tpdu_size_octets(0x10), 65531u);  // the TPKT limit, not 65536
  EXPECT_EQ(tpdu_size_octets(0x06), 0u);
  EXPECT_EQ(tpdu_size_octets(0x11), 0u);
}

TEST(TpduNames, ReasonAndCauseTexts) {
  EXPECT_EQ(reason_text(reason::normal), "normal disconnect initiated by the session entity");
  EXPECT_EQ(reason_text(reason::address_unknown), "address unknown");
  EXPECT_EQ(reason_text(reason::header_or_parameter_length_invalid),
            "header or parameter length invalid");
  EXPECT_EQ(reason_text(4), "unknown");
  EXPECT_EQ(reason_text(134), "unknown");
  EXPECT_EQ(cause_text(cause::invalid_tpdu_type), "invalid TPDU type");
  EXPECT_EQ(cause_text(4), "unknown");
}

TEST(TpduNames, TypeOfEveryAlternative) {
  EXPECT_EQ(type_of(ConnectionRequest{}), Type::CR);
  EXPECT_EQ(type_of(ConnectionConfirm{}), Type::CC);
  EXPECT_EQ(type_of(DisconnectRequest{}), Type::DR);
  EXPECT_EQ(type_of(Data{}), Type::DT);
  EXPECT_EQ(type_of(TpduError{}), Type::ER);
}

// ---- Round trips. ----

TEST(TpduRoundTrip, ConnectionRequestWithEveryParameter) {
  const ByteBuffer calling = hex("00 01"), called = hex("00 02"), protection = hex("aa bb cc");
  const ByteBuffer alternatives = hex("00"), user = hex("de ad");
  ConnectionRequest cr;
  cr.src_ref = 0x0001;
  cr.parameters.tpdu_size_code = 0x0d;
  cr.parameters.preferred_max_tpdu_size = 65536;
  cr.parameters.calling_tsap = octets(calling);
  cr.parameters.called_tsap = octets(called);
  cr.parameters.version = 1;
  cr.parameters.protection = octets(protection);
  cr.parameters.additional_options = 0x01;
  cr.parameters.alternative_classes = octets(alternatives);
  cr.parameters.checksum = 0x1234;
  cr.user_data = user;
  expect_round_trip(cr,
                    "27 e0 00 00 00 01 00 c1 02 00 01 c2 02 00 02 c0 01 0d f0 02 02 00 c4 01 01"
                    " c5 03 aa bb cc c3 02 12 34 c6 01 01 c7 01 00 de ad");
}

TEST(TpduRoundTrip, ConnectionConfirmWithEveryParameter) {
  const ByteBuffer calling = hex("00 01"), called = hex("00 02"), protection = hex("");
  ConnectionConfirm cc;
  cc.dst_ref = 0x0001;
  cc.src_ref = 0xbeef;
  cc.parameters.tpdu_size_code = 0x0b;
  cc.parameters.preferred_max_tpdu_size = 2048;
  cc.parameters.calling_tsap = octets(calling);
  cc.parameters.called_tsap = octets(called);
  cc.parameters.version = 1;
  cc.parameters.protection = octets(protection);
  cc.parameters.additional_options = 0x00;
  cc.parameters.checksum = 0xffff;
  expect_round_trip(cc,
                    "20 d0 00 01 be ef 00 c1 02 00 01 c2 02 00 02 c0 01 0b f0 01 10 c4 01 01"
                    " c5 00 c3 02 ff ff c6 01 00");
}

TEST(TpduRoundTrip, DisconnectRequestWithEveryParameter) {
  const ByteBuffer info = hex("62 79 65");  // "bye"
  DisconnectRequest dr;
  dr.dst_ref = 0x0001;
  dr.src_ref = 0x0002;
  dr.reason = reason::normal;
  dr.additional_information = octets(info);
  dr.checksum = 0xabcd;
  const ByteBuffer user = hex("01 02 03");
  dr.user_data = user;
  expect_round_trip(dr, "0f 80 00 01 00 02 80 e0 03 62 79 65 c3 02 ab cd 01 02 03");
}

TEST(TpduRoundTrip, DataBothEotValues) {
  const ByteBuffer user = hex("01 00 01 00 61");
  expect_round_trip(Data{false, user}, "02 f0 00 01 00 01 00 61");
  expect_round_trip(Data{true, user}, "02 f0 80 01 00 01 00 61");
  EXPECT_EQ(dt_header(true), (std::array<std::uint8_t, 3>{0x02, 0xf0, 0x80}));
  EXPECT_EQ(dt_header(false), (std::array<std::uint8_t, 3>{0x02, 0xf0, 0x00}));
}

TEST(TpduRoundTrip, TpduErrorWithEveryParameter) {
  const ByteBuffer rejected = hex("06 e0 00 00");
  TpduError er;
  er.dst_ref = 0x0007;
  er.cause = cause::invalid_tpdu_type;
  er.invalid_tpdu = octets(rejected);
  er.checksum = 0x0102;
  expect_round_trip(er, "0e 70 00 07 02 c1 04 06 e0 00 00 c3 02 01 02");
}

TEST(TpduRoundTrip, EveryTypeWithNothingOptional) {
  expect_round_trip(connect<ConnectionRequest>(0, 1), "06 e0 00 00 00 01 00");
  expect_round_trip(connect<ConnectionConfirm>(1, 2), "06 d0 00 01 00 02 00");
  expect_round_trip(disconnect(1, 2), "06 80 00 01 00 02 00");
  expect_round_trip(Data{}, "02 f0 80");
  expect_round_trip(tpdu_error(1, cause::not_specified), "04 70 00 01 00");
}

TEST(TpduRoundTrip, ReportedFieldsAreEncodedAsGiven) {
  // Credit, class/options and a non-zero CR DST-REF are the transport machine's to judge.
  expect_round_trip(connect<ConnectionRequest>(5, 1, 3, 0x42), "06 e3 00 05 00 01 42");
  expect_round_trip(connect<ConnectionConfirm>(0, 0, 0x0f, 0x20), "06 df 00 00 00 00 20");
}

TEST(TpduRoundTrip, PreferredSizeUsesAsFewOctetsAsHoldIt) {
  const auto encoded = [](std::uint64_t size) {
    ByteBuffer out;
    ConnectionRequest cr;
    cr.parameters.preferred_max_tpdu_size = size;
    EXPECT_TRUE(encode(cr, out));
    return to_hex(Bytes(out).subspan(7));
  };
  EXPECT_EQ(encoded(128), "f0 01 01");
  EXPECT_EQ(encoded(128 * 255), "f0 01 ff");
  EXPECT_EQ(encoded(128 * 256), "f0 02 01 00");
  EXPECT_EQ(encoded(65536), "f0 02 02 00");
  EXPECT_EQ(encoded(128 * 0x10000ull), "f0 03 01 00 00");
  EXPECT_EQ(encoded(128 * 0xffffffffull), "f0 04 ff ff ff ff");
}

// ---- The wire examples. ----

TEST(TpduVectors, A1ConnectionConfirm) {
  const ByteBuffer packet = hex(a1_cc);
  const Bytes payload = tpkt_payload(packet);
  const auto cc = decode(payload);
  ASSERT_TRUE(cc) << cc.error().message();
  ASSERT_TRUE(std::holds_alternative<ConnectionConfirm>(*cc));
  const auto& confirm = std::get<ConnectionConfirm>(*cc);
  EXPECT_EQ(confirm.dst_ref, 1);
  EXPECT_EQ(confirm.src_ref, 1);
  EXPECT_EQ(confirm.parameters.tpdu_size_code, 0x0d);
  EXPECT_EQ(tpdu_size_octets(*confirm.parameters.tpdu_size_code), 8192u);
  EXPECT_EQ(show(*cc),
            "CC dst=0x0001 src=0x0001 credit=0 class=0x00 size=0xd preferred=- calling=[00 01] "
            "called=[00 01] version=- protection=- options=- alternatives=- checksum=- data=[]");
  // The TSAP views point into the packet: nothing was copied.
  EXPECT_EQ(confirm.parameters.called_tsap->data(), packet.data() + 16);
  // libiec61850 writes C2 before C1; our canonical order is C1 first, so only the decode is
  // asserted byte for byte. The re-encoding has the same length and the same fields.
  ByteBuffer again;
  ASSERT_TRUE(encode(*cc, again));
  EXPECT_EQ(to_hex(again), "11 d0 00 01 00 01 00 c1 02 00 01 c2 02 00 01 c0 01 0d");
}

TEST(TpduVectors, A2ToA5DataHeadersInsideCapturedTpkts) {
  struct Case {
    std::string_view packet;
    std::size_t tsdu_size;
    std::uint8_t first_spdu_octet;
  };
  for (const Case& c : {Case{a2_cn, 180, 0x0d}, Case{a3_ac, 136, 0x0e}, Case{a4_read, 59, 0x01},
                        Case{a5_read_response, 128, 0x01}}) {
    SCOPED_TRACE(c.packet.substr(0, 11));
    const ByteBuffer packet = hex(c.packet);
    const Bytes payload = tpkt_payload(packet);
    const auto dt = decode(payload);
    ASSERT_TRUE(dt) << dt.error().message();
    ASSERT_TRUE(std::holds_alternative<Data>(*dt));
    const Data& data = std::get<Data>(*dt);
    EXPECT_TRUE(data.end_of_tsdu);
    EXPECT_EQ(data.user_data.size(), c.tsdu_size);
    EXPECT_EQ(data.user_data.data(), packet.data() + 7);  // a view, not a copy
    EXPECT_EQ(data.user_data[0], c.first_spdu_octet);
    ByteBuffer again;
    ASSERT_TRUE(encode(*dt, again));
    EXPECT_TRUE(same_bytes(again, payload));
  }
}

TEST(TpduVectors, B2DataHeaders) {
  EXPECT_EQ(decode_to_text("02 f0 80"), "DT eot=true data=[]");
  EXPECT_EQ(decode_to_text("02 f0 00"), "DT eot=false data=[]");
  expect_round_trip(Data{true, {}}, "02 f0 80");
  expect_round_trip(Data{false, {}}, "02 f0 00");
}

TEST(TpduVectors, B3S7NetPlusConnectionRequestBothForms) {
  // S7NetPlus writes C1, C2, C0: X.224's order and ours, so both forms re-encode exactly.
  for (auto [packet, called] :
       {std::pair{b3_template, "03 00"}, std::pair{b3_rack0_slot2, "03 02"}}) {
    const ByteBuffer whole = hex(packet);
    ByteBuffer again;
    ASSERT_TRUE(encode(*decode(tpkt_payload(whole)), again));
    EXPECT_EQ(to_hex(again), to_hex(tpkt_payload(whole)));
    EXPECT_EQ(show(*decode(tpkt_payload(whole))),
              fmt::format("CR dst=0x0000 src=0x002e credit=0 class=0x00 size=0xa preferred=- "
                          "calling=[01 00] called=[{}] version=- protection=- options=- "
                          "alternatives=- checksum=- data=[]",
                          called));
  }
}

TEST(TpduVectors, B4JavaforceConnectionRequestReencodesInCanonicalOrder) {
  const ByteBuffer tpdu = hex(b4_cr_cotp_only);
  const auto cr = decode(tpdu);
  ASSERT_TRUE(cr) << cr.error().message();
  EXPECT_EQ(show(*cr),
            "CR dst=0x0000 src=0x0001 credit=0 class=0x00 size=0xa preferred=- calling=[01 00] "
            "called=[01 02] version=- protection=- options=- alternatives=- checksum=- data=[]");
  ByteBuffer again;
  ASSERT_TRUE(encode(*cr, again));
  // javaforce writes C0, C1, C2; ours is X.224's C1, C2, C0.
  EXPECT_EQ(to_hex(again), "11 e0 00 00 00 01 00 c1 02 01 00 c2 02 01 02 c0 01 0a");
}

TEST(TpduVectors, B8DisconnectRequestReencodesExactly) {
  const ByteBuffer packet = hex(b8_dr);
  const Bytes payload = tpkt_payload(packet);
  const auto dr = decode(payload);
  ASSERT_TRUE(dr) << dr.error().message();
  EXPECT_EQ(show(*dr), "DR dst=0x0001 src=0x002e reason=0 info=- checksum=- data=[]");
  ByteBuffer again;
  ASSERT_TRUE(encode(*dr, again));
  EXPECT_TRUE(same_bytes(again, payload));
}

TEST(TpduVectors, C1AndC2ConnectionRequests) {
  // Both write C2 before C1 (decode asserted only; see A1).
  const ByteBuffer c1 = hex(c1_cr), c2 = hex(c2_cr);
  EXPECT_EQ(show(*decode(tpkt_payload(c1))),
            "CR dst=0x0000 src=0x0001 credit=0 class=0x00 size=0xd preferred=- calling=[00 01] "
            "called=[00 01] version=- protection=- options=- alternatives=- checksum=- data=[]");
  const auto bean = decode(tpkt_payload(c2));
  ASSERT_TRUE(bean) << bean.error().message();
  EXPECT_EQ(show(*bean),
            "CR dst=0x0000 src=0x0001 credit=0 class=0x00 size=0x10 preferred=- calling=[00 00] "
            "called=[00 01] version=- protection=- options=- alternatives=- checksum=- data=[]");
  EXPECT_EQ(tpdu_size_octets(*std::get<ConnectionRequest>(*bean).parameters.tpdu_size_code),
            65531u);
}

TEST(TpduVectors, C3SmallestTpkt) {
  const ByteBuffer packet = hex(c3_dt);
  const Bytes payload = tpkt_payload(packet);
  EXPECT_EQ(show(*decode(payload)), "DT eot=true data=[]");
  ByteBuffer again;
  ASSERT_TRUE(encode(*decode(payload), again));
  EXPECT_TRUE(same_bytes(again, payload));
}

// Every prefix shorter than the header is truncated, at the octet where the input stops; longer
// prefixes are the same TPDU with less user data (no length covers the user data).
TEST(TpduVectors, TruncationAtEveryOctet) {
  for (const ByteBuffer& tpdu : all_vector_tpdus()) {
    SCOPED_TRACE(to_hex(tpdu));
    const std::size_t header_size = std::size_t{tpdu[0]} + 1;
    for (std::size_t n = 0; n < tpdu.size(); ++n) {
      const auto decoded = decode(Bytes(tpdu).first(n));
      if (n < header_size) {
        ASSERT_FALSE(decoded) << n;
        EXPECT_EQ(decoded.error().code, errc::truncated) << n;
        EXPECT_EQ(decoded.error().offset, n);
      } else {
        ASSERT_TRUE(decoded) << n << ": " << decoded.error().message();
        const Data* data = std::get_if<Data>(&*decoded);
        ASSERT_NE(data, nullptr);
        EXPECT_EQ(data->user_data.size(), n - header_size);
      }
    }
  }
}

// Whatever decodes must encode, and the encoding must be a fixed point: decode(encode(x)) has
// the same fields and encodes to the same octets. Every octet of every vector is replaced by
// every value; nothing may crash (run under the sanitizers too).
TEST(TpduVectors, EveryOneOctetMutationDecodesOrFailsCleanly) {
  std::size_t decoded_count = 0;
  for (ByteBuffer tpdu : all_vector_tpdus()) {
    for (std::size_t at = 0; at < std::min<std::size_t>(tpdu.size(), 24); ++at) {
      const std::uint8_t original = tpdu[at];
      for (int value = 0; value < 256; ++value) {
        tpdu[at] = static_cast<std::uint8_t>(value);
        const auto decoded = decode(tpdu);
        if (!decoded) {
          EXPECT_FALSE(decoded.error().detail.empty());
          EXPECT_LE(decoded.error().offset, tpdu.size());
          continue;
        }
        ++decoded_count;
        ByteBuffer first, second;
        const Status encoded = encode(*decoded, first);
        ASSERT_TRUE(encoded) << to_hex(tpdu) << ": " << encoded.error().message();
        const auto again = decode(first);
        ASSERT_TRUE(again) << to_hex(first) << ": " << again.error().message();
        EXPECT_EQ(show(*again), show(*decoded));
        ASSERT_TRUE(encode(*again, second));
        EXPECT_EQ(first, second);
      }
      tpdu[at] = original;
    }
  }
  EXPECT_GT(decoded_count, 1000u);
}

// ---- Malformed input: one test per rule, exact code and offset. ----

TEST(TpduMalformed, EmptyAndLoneLengthIndicatorAreTruncated) {
  expect_error("", errc::truncated, 0);
  expect_error("11", errc::truncated, 1);
}

TEST(TpduMalformed, LengthIndicatorZeroOr255) {
  EXPECT_EQ(expect_error("00 f0 80", errc::tpdu_bad_length_indicator, 0),
            "TPDU: LI 0 is invalid, expected 1..254 (at offset 0)");
  expect_error("ff e0 00 00 00 01 00", errc::tpdu_bad_length_indicator, 0);
}

TEST(TpduMalformed, LengthIndicatorBeyondTheInput) {
  EXPECT_EQ(expect_error("11 e0 00 00 00 01 00 c0 01 0d", errc::truncated, 10),
            "CR: LI 17 announces a 18-octet header but the input has 10 octets (at offset 10)");
  expect_error("04 70 00 01", errc::truncated, 4);
  expect_error("06 80 00 01 00 02", errc::truncated, 6);
}

TEST(TpduMalformed, LengthIndicatorTooSmallForTheFixedPart) {
  EXPECT_EQ(expect_error("05 e0 00 00 00 01", errc::tpdu_bad_length_indicator, 0),
            "CR: LI 5 is too small for the 6-octet fixed part (at offset 0)");
  expect_error("05 d0 00 01 00 01", errc::tpdu_bad_length_indicator, 0);
  expect_error("05 80 00 01 00 02", errc::tpdu_bad_length_indicator, 0);
  expect_error("03 70 00 01", errc::tpdu_bad_length_indicator, 0);
  expect_error("01 f0", errc::tpdu_bad_length_indicator, 0);
  expect_error("03 f0 80 00", errc::tpdu_bad_length_indicator, 0);
  // Smallest legal LIs decode.
  EXPECT_EQ(decode_to_text("04 70 00 01 03"), "ER dst=0x0001 cause=3 invalid=- checksum=-");
}

TEST(TpduMalformed, DataWithDestinationReferenceIsNotClass0) {
  EXPECT_EQ(expect_error("04 f0 00 01 80", errc::tpdu_not_class0, 0),
            "DT: LI 4 is the class 2-4 DT format with a DST-REF, not used in transport class 0 "
            "(at offset 0)");
}

TEST(TpduMalformed, DataTpduNumberMustBeZero) {
  EXPECT_EQ(expect_error("02 f0 81", errc::tpdu_bad_parameter_value, 2),
            "DT: TPDU-NR is 1, must be 0 in transport class 0 (at offset 2)");
  expect_error("02 f0 7f 00", errc::tpdu_bad_parameter_value, 2);
}

TEST(TpduMalformed, TypesOfOtherClassesAreNotClass0) {
  EXPECT_EQ(expect_error("02 60 80", errc::tpdu_not_class0, 1),
            "AK TPDU (0x60) is not used in transport class 0 (at offset 1)");
  for (std::string_view text :
       {"02 10 80 01", "02 20 80", "02 40 80", "02 53 80", "06 c0 00 01 00 02"}) {
    expect_error(text, errc::tpdu_not_class0, 1);
  }
}

TEST(TpduMalformed, UnknownTypeCodes) {
  EXPECT_EQ(expect_error("02 30 80", errc::tpdu_unknown_type, 1),
            "TPDU code 0x30 is unknown (at offset 1)");
  for (std::string_view text : {"02 00 80", "02 90 80", "02 a0 80", "02 b0 80"}) {
    expect_error(text, errc::tpdu_unknown_type, 1);
  }
  // DT, DR and ER have no credit: a set low nibble makes the octet no code at all.
  EXPECT_EQ(
      expect_error("02 f1 80", errc::tpdu_unknown_type, 1),
      "TPDU code octet 0xf1 is unknown: the DT code requires a zero low nibble (at offset 1)");
  expect_error("06 88 00 01 00 02 00", errc::tpdu_unknown_type, 1);
  expect_error("04 7f 00 01 00", errc::tpdu_unknown_type, 1);
}

TEST(TpduMalformed, TpduSizeLengthMustBeOne) {
  EXPECT_EQ(expect_error("0a e0 00 00 00 01 00 c0 02 0d 0d", errc::tpdu_bad_parameter_length, 8),
            "CR: parameter 0xc0 (TPDU size) has length 2, expected 1 (at offset 8)");
  expect_error("08 d0 00 01 00 01 00 c0 00", errc::tpdu_bad_parameter_length, 8);
}

TEST(TpduMalformed, TpduSizeValueMustBe07To10) {
  EXPECT_EQ(expect_error("09 e0 00 00 00 01 00 c0 01 06", errc::tpdu_bad_parameter_value, 9),
            "CR: parameter 0xc0 (TPDU size) has value 0x06, expected 0x07..0x10 (at offset 9)");
  expect_error("09 d0 00 01 00 01 00 c0 01 11", errc::tpdu_bad_parameter_value, 9);
  EXPECT_NE(decode_to_text("09 e0 00 00 00 01 00 c0 01 07").find("size=0x7 "), std::string::npos);
  EXPECT_NE(decode_to_text("09 e0 00 00 00 01 00 c0 01 10").find("size=0x10 "), std::string::npos);
}

TEST(TpduMalformed, PreferredSizeIsOneToFourNonZeroOctets) {
  EXPECT_EQ(expect_error("08 e0 00 00 00 01 00 f0 00", errc::tpdu_bad_parameter_length, 8),
            "CR: parameter 0xf0 (preferred maximum TPDU size) has length 0, expected 1..4 (at "
            "offset 8)");
  expect_error("0d e0 00 00 00 01 00 f0 05 00 00 00 00 01", errc::tpdu_bad_parameter_length, 8);
  expect_error("09 e0 00 00 00 01 00 f0 01 00", errc::tpdu_bad_parameter_value, 9);
  expect_error("0b d0 00 01 00 01 00 f0 03 00 00 00", errc::tpdu_bad_parameter_value, 9);
  // The largest 4-octet value needs more than 32 bits once multiplied by 128.
  EXPECT_NE(decode_to_text("0c e0 00 00 00 01 00 f0 04 ff ff ff ff").find("preferred=0x7fffffff80"),
            std::string::npos);
  // Leading zero octets are accepted; the encoder writes the short form.
  EXPECT_NE(decode_to_text("0a e0 00 00 00 01 00 f0 02 00 10").find("preferred=0x800 "),
            std::string::npos);
}

TEST(TpduMalformed, FixedLengthParameters) {
  EXPECT_EQ(expect_error("09 e0 00 00 00 01 00 c3 01 00", errc::tpdu_bad_parameter_length, 8),
            "CR: parameter 0xc3 (checksum) has length 1, expected 2 (at offset 8)");
  expect_error("0a e0 00 00 00 01 00 c4 02 01 01", errc::tpdu_bad_parameter_length, 8);
  expect_error("08 d0 00 01 00 01 00 c6 00", errc::tpdu_bad_parameter_length, 8);
  expect_error("0b 80 00 01 00 02 00 c3 03 00 00 00", errc::tpdu_bad_parameter_length, 8);
  expect_error("07 70 00 01 00 c3 01 00", errc::tpdu_bad_parameter_length, 6);
}

TEST(TpduMalformed, VariableLengthParametersTakeAnyLength) {
  EXPECT_EQ(decode_to_text("0e e0 00 00 00 01 00 c1 00 c2 00 c5 00 c7 00"),
            "CR dst=0x0000 src=0x0001 credit=0 class=0x00 size=- preferred=- calling=[] called=[] "
            "version=- protection=[] options=- alternatives=[] checksum=- data=[]");
  ByteBuffer long_tsap = hex("ce e0 00 00 00 01 00 c1 c6");  // LI 206, a 198-octet TSAP-ID
  long_tsap.resize(long_tsap.size() + 198, 0x41);
  const auto cr = decode(long_tsap);
  ASSERT_TRUE(cr) << cr.error().message();
  EXPECT_EQ(std::get<ConnectionRequest>(*cr).parameters.calling_tsap->size(), 198u);
  EXPECT_EQ(decode_to_text("08 80 00 01 00 02 00 e0 00"),
            "DR dst=0x0001 src=0x0002 reason=0 info=[] checksum=- data=[]");
}

TEST(TpduMalformed, DuplicateParameters) {
  EXPECT_EQ(expect_error("0f e0 00 00 00 01 00 c1 01 01 c2 01 02 c1 01 03",
                         errc::tpdu_duplicate_parameter, 13),
            "CR: parameter 0xc1 (calling TSAP-ID) appears twice (at offset 13)");
  expect_error("0c d0 00 01 00 01 00 c0 01 0a c0 01 0a", errc::tpdu_duplicate_parameter, 10);
  expect_error("0e 80 00 01 00 02 00 c3 02 00 00 c3 02 00 00", errc::tpdu_duplicate_parameter, 11);
  EXPECT_EQ(expect_error("0a 70 00 01 00 c1 01 00 c1 01 00", errc::tpdu_duplicate_parameter, 8),
            "ER: parameter 0xc1 (invalid TPDU) appears twice (at offset 8)");
}

TEST(TpduMalformed, ParameterInTheWrongTpdu) {
  EXPECT_EQ(expect_error("09 d0 00 01 00 01 00 c7 01 00", errc::tpdu_parameter_not_allowed, 7),
            "CC: parameter 0xc7 (alternative protocol classes) is not allowed in a CC (at offset "
            "7)");
  expect_error("09 e0 00 00 00 01 00 e0 01 41", errc::tpdu_parameter_not_allowed, 7);
  expect_error("09 d0 00 01 00 01 00 e0 01 41", errc::tpdu_parameter_not_allowed, 7);
  expect_error("09 80 00 01 00 02 00 c0 01 0a", errc::tpdu_parameter_not_allowed, 7);
  expect_error("09 80 00 01 00 02 00 c1 01 00", errc::tpdu_parameter_not_allowed, 7);
  expect_error("08 70 00 01 00 c2 02 00 01", errc::tpdu_parameter_not_allowed, 5);
  expect_error("07 70 00 01 00 e0 01 41", errc::tpdu_parameter_not_allowed, 5);
}

TEST(TpduMalformed, UnknownParametersAreSkippedOnlyInConnectTpdus) {
  // 0x85 (acknowledgement time) and 0xf2 (inactivity timer) belong to class 4: a CR offering
  // class 4 with class 0 as an alternative carries them, and they must not stop us.
  EXPECT_EQ(decode_to_text("13 e0 00 00 00 01 40 85 02 00 10 f2 04 00 00 00 10 c7 01 00"),
            "CR dst=0x0000 src=0x0001 credit=0 class=0x40 size=- preferred=- calling=- called=- "
            "version=- protection=- options=- alternatives=[00] checksum=- data=[]");
  EXPECT_EQ(decode_to_text("0b d0 00 01 00 01 00 99 00 c0 01 0b"),
            fmt::format("CC dst=0x0001 src=0x0001 credit=0 class=0x00 {} data=[]",
                        std::string(no_parameters).replace(5, 1, "0xb")));
  EXPECT_EQ(expect_error("09 80 00 01 00 02 00 99 01 00", errc::tpdu_parameter_not_allowed, 7),
            "DR: parameter 0x99 (unknown) is not allowed in a DR (at offset 7)");
  expect_error("08 70 00 01 00 85 02 00 10", errc::tpdu_parameter_not_allowed, 5);
}

TEST(TpduMalformed, ParameterRunningPastTheHeader) {
  EXPECT_EQ(expect_error("0a e0 00 00 00 01 00 c1 05 01 02", errc::tpdu_bad_parameter_length, 8),
            "CR: parameter 0xc1 (calling TSAP-ID) has length 5 but only 2 octets remain in the "
            "header (at offset 8)");
  // The length must not reach into the user data that follows the header.
  expect_error("0a e0 00 00 00 01 00 c1 05 01 02 03 04 05", errc::tpdu_bad_parameter_length, 8);
  EXPECT_EQ(expect_error("07 e0 00 00 00 01 00 c0", errc::tpdu_bad_parameter_length, 7),
            "CR: parameter 0xc0 (TPDU size) has no length octet before the end of the header (at "
            "offset 7)");
  expect_error("07 80 00 01 00 02 00 e0", errc::tpdu_bad_parameter_length, 7);
}

TEST(TpduMalformed, TpduErrorCarriesNoUserData) {
  EXPECT_EQ(expect_error("04 70 00 01 02 ff", errc::trailing_octets, 5),
            "ER: 1 octets follow the header; an ER carries no user data (at offset 5)");
  expect_error("08 70 00 01 02 c1 02 06 e0 aa bb", errc::trailing_octets, 9);
}

TEST(TpduMalformed, UserDataOfConnectAndDisconnectIsAView) {
  const ByteBuffer cr = hex("06 e0 00 00 00 01 00 aa bb");
  const auto decoded = decode(cr);
  ASSERT_TRUE(decoded);
  const Bytes user = std::get<ConnectionRequest>(*decoded).user_data;
  EXPECT_EQ(to_hex(user), "aa bb");
  EXPECT_EQ(user.data(), cr.data() + 7);
  EXPECT_EQ(decode_to_text("09 d0 00 01 00 01 00 c0 01 0b 01 02"),
            "CC dst=0x0001 src=0x0001 credit=0 class=0x00 size=0xb preferred=- calling=- "
            "called=- version=- protection=- options=- alternatives=- checksum=- data=[01 02]");
  EXPECT_EQ(decode_to_text("06 80 00 01 00 02 01 ff"),
            "DR dst=0x0001 src=0x0002 reason=1 info=- checksum=- data=[ff]");
}

TEST(TpduMalformed, CreditAndClassAreReportedNotJudged) {
  EXPECT_EQ(decode_to_text("06 e7 00 09 00 01 42"),
            fmt::format("CR dst=0x0009 src=0x0001 credit=7 class=0x42 {} data=[]", no_parameters));
  EXPECT_EQ(decode_to_text("06 d1 00 01 00 01 20"),
            fmt::format("CC dst=0x0001 src=0x0001 credit=1 class=0x20 {} data=[]", no_parameters));
}

// ---- Encoder refusals. ----

TEST(TpduEncode, RefusesTpduSizeCodesOutsideTheRange) {
  for (std::uint8_t code : {std::uint8_t{0x06}, std::uint8_t{0x11}, std::uint8_t{0x00}}) {
    ConnectionRequest cr;
    cr.parameters.tpdu_size_code = code;
    expect_refusal(cr, errc::invalid_argument);
  }
  ConnectionConfirm cc;
  cc.parameters.tpdu_size_code = 0x06;
  EXPECT_EQ(expect_refusal(cc, errc::invalid_argument),
            "CC: TPDU size code 0x06 is outside 0x07..0x10");
}

TEST(TpduEncode, RefusesPreferredSizesItCannotCarry) {
  for (std::uint64_t size : {std::uint64_t{0}, std::uint64_t{100}, std::uint64_t{129}}) {
    ConnectionRequest cr;
    cr.parameters.preferred_max_tpdu_size = size;
    expect_refusal(cr, errc::invalid_argument);
  }
  ConnectionRequest cr;
  cr.parameters.preferred_max_tpdu_size = 128 * 0x1'0000'0000ull;
  EXPECT_EQ(expect_refusal(cr, errc::value_too_large),
            "CR: preferred maximum TPDU size 549755813888 needs more than 4 octets");
}

TEST(TpduEncode, RefusesParametersLongerThan255) {
  const ByteBuffer tsap(256, 0x41);
  ConnectionRequest cr;
  cr.parameters.called_tsap = octets(tsap);
  EXPECT_EQ(expect_refusal(cr, errc::value_too_large),
            "CR: parameter 0xc2 (called TSAP-ID) of 256 octets exceeds the 255 a parameter can "
            "carry");
}

TEST(TpduEncode, RefusesHeadersLongerThan254) {
  // CR: 6 fixed octets + 2 + n; n = 246 gives LI 254 exactly.
  const ByteBuffer fits(246, 0x41), too_long(247, 0x41);
  ConnectionRequest cr;
  cr.parameters.calling_tsap = octets(fits);
  ByteBuffer out;
  ASSERT_TRUE(encode(cr, out));
  EXPECT_EQ(out[0], 254);
  EXPECT_TRUE(decode(out));
  cr.parameters.calling_tsap = octets(too_long);
  EXPECT_EQ(expect_refusal(cr, errc::value_too_large),
            "CR: header of 255 octets after the LI exceeds the 254 an LI can count");

  // ER: 4 fixed octets + 2 + n; DR: 6 + 2 + n.
  const ByteBuffer er_fits(248, 0), er_too_long(249, 0);
  TpduError er;
  er.invalid_tpdu = octets(er_fits);
  out.clear();
  ASSERT_TRUE(encode(er, out));
  EXPECT_EQ(out[0], 254);
  er.invalid_tpdu = octets(er_too_long);
  expect_refusal(er, errc::value_too_large);
  DisconnectRequest dr;
  dr.additional_information = octets(too_long);
  expect_refusal(dr, errc::value_too_large);
}

TEST(TpduEncode, RefusesAlternativeClassesInAConnectionConfirm) {
  const ByteBuffer classes = hex("00");
  ConnectionConfirm cc;
  cc.parameters.alternative_classes = octets(classes);
  EXPECT_EQ(expect_refusal(cc, errc::invalid_argument),
            "CC: alternative protocol classes (0xc7) may appear only in a CR");
}

TEST(TpduEncode, RefusesCreditAbove15) {
  EXPECT_EQ(expect_refusal(connect<ConnectionRequest>(0, 1, 16), errc::value_too_large),
            "CR: credit 16 does not fit the 4-bit CDT field");
}

TEST(TpduEncode, AppendsAfterExistingOutput) {
  ByteBuffer out = hex("03 00 00 07");
  ASSERT_TRUE(encode(Data{}, out));
  ASSERT_TRUE(encode(tpdu_error(2, cause::invalid_parameter_code), out));
  EXPECT_EQ(to_hex(out), "03 00 00 07 02 f0 80 04 70 00 02 01");
}

}  // namespace
}  // namespace piglix::tpdu
