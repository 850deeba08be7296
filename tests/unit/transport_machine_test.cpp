// The class 0 transport machine (include/piglix/transport.hpp): set-up and TPDU size negotiation,
// data with segmentation and reassembly at every cut of the byte stream, refusals, the answers to
// bad input, and the table itself (every row, every blank pair).
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <variant>
#include <vector>

#include "piglix/tpdu.hpp"
#include "piglix/tpkt.hpp"
#include "piglix/transport.hpp"
#include "transport/table.hpp"

// Test inputs name only the members that matter; the others are value-initialized on purpose.
// GCC 12 flags every omitted member.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#endif

namespace piglix::transport {
namespace {

const ByteBuffer kTsap = {0x00, 0x01};

ConnectRequest mms_request() { return {.calling_tsap = kTsap, .called_tsap = kTsap}; }

// Takes the octets the machine has to write.
ByteBuffer take_output(Connection& c) { return c.output.take_all(); }

std::vector<Event> take_events(Connection& c) {
  std::vector<Event> out;
  while (auto e = poll_event(c)) out.push_back(std::move(*e));
  return out;
}

// The TPDUs of a byte stream (whole TPKTs expected).
std::vector<tpdu::Tpdu> tpdus_in(const ByteBuffer& stream, std::vector<ByteBuffer>& storage) {
  tpkt::Framer framer;
  Bytes rest = stream;
  std::vector<tpdu::Tpdu> out;
  while (true) {
    auto next = framer.next(rest);
    EXPECT_TRUE(next);
    if (!next || !*next) break;
    storage.emplace_back(next->value().begin(), next->value().end());
    auto t = tpdu::decode(storage.back());
    EXPECT_TRUE(t) << t.error().message();
    if (t) out.push_back(*t);
  }
  EXPECT_TRUE(framer.at_boundary()) << "output ends inside a TPKT";
  return out;
}

// Two machines connected through their outputs.
struct Pair {
  Connection client = make_initiator({}, mms_request());
  Connection server = make_acceptor({});

  void pump() {
    for (int round = 0; round < 8; ++round) {
      const ByteBuffer to_server = take_output(client), to_client = take_output(server);
      if (to_server.empty() && to_client.empty()) return;
      receive(server, to_server);
      receive(client, to_client);
    }
  }
  void open() {
    network_connected(client);
    pump();
    ASSERT_EQ(server.state, State::wait_response);
    ASSERT_TRUE(accept(server));
    pump();
    ASSERT_EQ(client.state, State::open);
    take_events(client);
    take_events(server);
  }
};

ByteBuffer pattern(std::size_t n) {
  ByteBuffer b(n);
  for (std::size_t i = 0; i < n; ++i) b[i] = static_cast<std::uint8_t>(i * 7 + 3);
  return b;
}

// ---------------------------------------------------------------------------------------------
// Set-up.

TEST(TransportMachine, ConnectsAndAgreesTheTpduSize) {
  Pair p;
  network_connected(p.client);
  EXPECT_EQ(p.client.state, State::wait_cc);
  p.pump();
  auto ind = take_events(p.server);
  ASSERT_EQ(ind.size(), 1u);
  const auto& ci = std::get<ConnectIndication>(ind[0]);
  EXPECT_EQ(ci.calling_tsap, kTsap);
  EXPECT_EQ(ci.called_tsap, kTsap);
  EXPECT_EQ(ci.tpdu_size, 8192u);
  ASSERT_TRUE(accept(p.server));
  EXPECT_EQ(p.server.state, State::open);
  p.pump();
  auto cnf = take_events(p.client);
  ASSERT_EQ(cnf.size(), 1u);
  EXPECT_EQ(std::get<ConnectConfirm>(cnf[0]).tpdu_size, 8192u);
  EXPECT_EQ(p.client.state, State::open);
  EXPECT_EQ(p.client.tpdu_size, 8192u);
  EXPECT_EQ(p.server.tpdu_size, 8192u);
}

TEST(TransportMachine, OurCrIsWhatTheMmsStacksSendInX224Order) {
  Connection c = make_initiator({}, mms_request());
  network_connected(c);
  // libiec61850's CR (specs/vectors/transport.md C1) with its parameters in X.224's order.
  const ByteBuffer expected = {0x03, 0x00, 0x00, 0x16, 0x11, 0xe0, 0x00, 0x00, 0x00, 0x01, 0x00,
                               0xc1, 0x02, 0x00, 0x01, 0xc2, 0x02, 0x00, 0x01, 0xc0, 0x01, 0x0d};
  EXPECT_EQ(take_output(c), expected);
}

TEST(TransportMachine, TakesTheCrOfLibiec61850AndOfIec61850bean) {
  // specs/vectors/transport.md C1 (size 0x0d, called TSAP first) and C2 (size 0x10).
  const ByteBuffer lib = {0x03, 0x00, 0x00, 0x16, 0x11, 0xe0, 0x00, 0x00, 0x00, 0x01, 0x00,
                          0xc0, 0x01, 0x0d, 0xc2, 0x02, 0x00, 0x01, 0xc1, 0x02, 0x00, 0x01};
  ByteBuffer bean = lib;
  bean[13] = 0x10;
  bean[21] = 0x00;
  for (const ByteBuffer& cr : {lib, bean}) {
    Connection c = make_acceptor({});
    receive(c, cr);
    auto events = take_events(c);
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(std::get<ConnectIndication>(events[0]).tpdu_size, 8192u);
    ASSERT_TRUE(accept(c));
    std::vector<ByteBuffer> storage;
    const auto sent = tpdus_in(take_output(c), storage);
    ASSERT_EQ(sent.size(), 1u);
    const auto& cc = std::get<tpdu::ConnectionConfirm>(sent[0]);
    EXPECT_EQ(cc.dst_ref, 1);
    EXPECT_EQ(cc.parameters.tpdu_size_code, 0x0d);
    EXPECT_TRUE(cc.parameters.calling_tsap && cc.parameters.called_tsap) << "TSAPs echoed";
  }
}

// The acceptor's answer to a CR carrying `parameters`.
std::size_t agreed_for(tpdu::ConnectParameters parameters, Config config = {}) {
  ByteBuffer cr;
  EXPECT_TRUE(tpdu::encode(tpdu::ConnectionRequest{.src_ref = 9, .parameters = parameters}, cr));
  ByteBuffer stream;
  EXPECT_TRUE(tpkt::append_packet(stream, cr));
  Connection c = make_acceptor(config);
  receive(c, stream);
  EXPECT_EQ(c.state, State::wait_response);
  return c.tpdu_size;
}

TEST(TransportMachine, TpduSizeIsTheSmallerOfBothSidesAndRfc1006sDefault) {
  EXPECT_EQ(agreed_for({}), 8192u) << "no size: RFC 1006's 65531, capped at ours";
  EXPECT_EQ(agreed_for({.tpdu_size_code = 0x0a}), 1024u);
  EXPECT_EQ(agreed_for({.tpdu_size_code = 0x10}, {.tpdu_size_code = 0x10}), 65531u);
  EXPECT_EQ(agreed_for({.tpdu_size_code = 0x10}, {.tpdu_size_code = 0x07}), 128u);
  // The preferred maximum (RFC 2126) counts; the CC answers with a size code, rounded down.
  EXPECT_EQ(agreed_for({.preferred_max_tpdu_size = 3 * 1024}), 2048u);
}

// An initiator in WFCC given `cc`.
Connection initiator_given(const tpdu::ConnectionConfirm& cc, Config config = {}) {
  Connection c = make_initiator(config, mms_request());
  network_connected(c);
  take_output(c);
  ByteBuffer payload, stream;
  EXPECT_TRUE(tpdu::encode(cc, payload));
  EXPECT_TRUE(tpkt::append_packet(stream, payload));
  receive(c, stream);
  return c;
}

TEST(TransportMachine, CcWithoutSizeAgreesOursAndALargerSizeIsAnError) {
  Connection plain = initiator_given({.dst_ref = 1, .src_ref = 4});
  EXPECT_EQ(plain.state, State::open);
  EXPECT_EQ(plain.tpdu_size, 8192u);
  EXPECT_EQ(plain.peer_reference, 4);

  Connection larger = initiator_given({.dst_ref = 1, .parameters = {.tpdu_size_code = 0x0e}});
  EXPECT_EQ(larger.state, State::closed);
  EXPECT_TRUE(larger.close_after_output);
  std::vector<ByteBuffer> storage;
  const auto sent = tpdus_in(take_output(larger), storage);
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(std::get<tpdu::TpduError>(sent[0]).cause, tpdu::cause::invalid_parameter_value);
  const auto events = take_events(larger);
  ASSERT_EQ(events.size(), 1u);
  const auto& ind = std::get<DisconnectIndication>(events[0]);
  EXPECT_TRUE(ind.cause == DisconnectIndication::Cause::protocol_error);
  EXPECT_NE(ind.error->detail.find("16384"), std::string::npos) << ind.error->detail;

  Connection class2 = initiator_given({.dst_ref = 1, .class_options = 0x20});
  EXPECT_EQ(class2.state, State::closed);
}

// ---------------------------------------------------------------------------------------------
// Refusals.

DisconnectIndication only_disconnect(Connection& c) {
  auto events = take_events(c);
  EXPECT_EQ(events.size(), 1u);
  if (events.size() != 1 || !std::holds_alternative<DisconnectIndication>(events[0])) return {};
  return std::get<DisconnectIndication>(events[0]);
}

TEST(TransportMachine, UnknownCalledTsapIsRefusedWithAddressUnknown) {
  Pair p;
  p.server = make_acceptor({.local_tsaps = {ByteBuffer{0x00, 0x02}}});
  network_connected(p.client);
  receive(p.server, take_output(p.client));
  EXPECT_TRUE(take_events(p.server).empty()) << "the user never hears of a CR it cannot take";
  EXPECT_EQ(p.server.state, State::closed);
  EXPECT_TRUE(p.server.close_after_output);
  receive(p.client, take_output(p.server));
  const auto ind = only_disconnect(p.client);
  EXPECT_TRUE(ind.cause == DisconnectIndication::Cause::peer_refused);
  EXPECT_EQ(ind.dr_reason, tpdu::reason::address_unknown);
  EXPECT_NE(ind.error->detail.find("called TSAP unknown"), std::string::npos) << ind.error->detail;
  EXPECT_EQ(p.client.state, State::closed);
}

TEST(TransportMachine, TheUserRefusesWithItsReason) {
  Pair p;
  network_connected(p.client);
  p.pump();
  take_events(p.server);
  ASSERT_TRUE(refuse(p.server, tpdu::reason::congestion_at_tsap));
  EXPECT_EQ(p.server.state, State::closed);
  p.pump();
  const auto ind = only_disconnect(p.client);
  EXPECT_EQ(ind.dr_reason, tpdu::reason::congestion_at_tsap);
}

TEST(TransportMachine, ClassTwoIsRefusedUnlessClassZeroIsAnAlternative) {
  const auto cr_stream = [](tpdu::ConnectionRequest cr) {
    ByteBuffer payload, stream;
    EXPECT_TRUE(tpdu::encode(cr, payload));
    EXPECT_TRUE(tpkt::append_packet(stream, payload));
    return stream;
  };
  Connection only2 = make_acceptor({});
  receive(only2, cr_stream({.class_options = 0x20}));
  EXPECT_EQ(only2.state, State::closed);
  std::vector<ByteBuffer> storage;
  const auto sent = tpdus_in(take_output(only2), storage);
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_TRUE(std::holds_alternative<tpdu::DisconnectRequest>(sent[0]));

  const ByteBuffer alternatives = {0x00};
  Connection fallback = make_acceptor({});
  receive(fallback, cr_stream({.class_options = 0x20,
                               .parameters = {.alternative_classes = Bytes(alternatives)}}));
  EXPECT_EQ(fallback.state, State::wait_response);
}

// ---------------------------------------------------------------------------------------------
// Data.

TEST(TransportMachine, TsdusAreCutIntoDtsAndReassembledAtEveryCutOfTheStream) {
  const ByteBuffer big = pattern(20000), empty, small = pattern(5);
  Pair p;
  p.open();
  for (const ByteBuffer* tsdu : {&big, &empty, &small}) ASSERT_TRUE(send(p.client, *tsdu));
  const ByteBuffer stream = take_output(p.client);
  std::vector<ByteBuffer> storage;
  const auto dts = tpdus_in(stream, storage);
  ASSERT_EQ(dts.size(), 3u + 1u + 1u) << "20000 octets in DTs of at most 8189";
  EXPECT_FALSE(std::get<tpdu::Data>(dts[0]).end_of_tsdu);
  EXPECT_EQ(std::get<tpdu::Data>(dts[0]).user_data.size(), 8189u);
  EXPECT_TRUE(std::get<tpdu::Data>(dts[2]).end_of_tsdu);

  for (std::size_t cut = 0; cut <= stream.size(); ++cut) {
    Connection server = p.server;
    const Bytes all = stream;
    receive(server, all.first(cut));
    receive(server, all.subspan(cut));
    const auto events = take_events(server);
    ASSERT_EQ(events.size(), 3u) << "cut at " << cut;
    EXPECT_EQ(std::get<DataIndication>(events[0]).tsdu, big) << "cut at " << cut;
    EXPECT_EQ(std::get<DataIndication>(events[1]).tsdu, empty);
    EXPECT_EQ(std::get<DataIndication>(events[2]).tsdu, small);
    EXPECT_EQ(server.state, State::open);
  }
}

// With deliver_views, a TSDU in one DT is indicated as a view into the octets given to
// receive_one(), and one in several DTs as a copy; both say the same octets.
TEST(TransportMachine, ViewsOfTsdusThatCameInOneDt) {
  const ByteBuffer big = pattern(20000), small = pattern(5);
  Pair p;
  p.open();
  p.server.config.deliver_views = true;
  ASSERT_TRUE(send(p.client, small));
  ASSERT_TRUE(send(p.client, big));
  const ByteBuffer stream = take_output(p.client);
  Bytes rest = stream;
  ASSERT_TRUE(receive_one(p.server, rest));
  auto events = take_events(p.server);
  ASSERT_EQ(events.size(), 1u);
  const auto& one = std::get<DataIndication>(events[0]);
  EXPECT_TRUE(one.tsdu.empty());
  EXPECT_TRUE(same_bytes(one.octets(), small));
  EXPECT_GE(one.view.data(), stream.data());  // inside the input: no copy
  EXPECT_LT(one.view.data(), stream.data() + stream.size());
  while (receive_one(p.server, rest)) {
  }
  EXPECT_TRUE(rest.empty());
  events = take_events(p.server);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(std::get<DataIndication>(events[0]).tsdu, big);
  EXPECT_TRUE(same_bytes(std::get<DataIndication>(events[0]).octets(), big));
}

// A large TSDU given by value is held by the output queue, not copied: the DTs' user data are
// pieces of that very buffer between copied headers. A small one is copied and left to the caller.
TEST(TransportMachine, LargeTsduGivenByValueIsHeldNotCopied) {
  const ByteBuffer expected = pattern(20000), small = pattern(100);
  Pair p;
  p.open();
  ByteBuffer big = expected;
  const std::uint8_t* storage = big.data();
  ASSERT_TRUE(send(p.client, std::move(big)));
  EXPECT_EQ(big.capacity(), 0u) << "taken by the queue";
  ByteBuffer little = small;
  ASSERT_TRUE(send(p.client, std::move(little)));
  EXPECT_EQ(little, small) << "copied, and left for reuse";

  std::vector<Bytes> pieces;
  p.client.output.for_each_piece([&](Bytes piece) { pieces.push_back(piece); });
  // Per DT of the big TSDU: headers (copied), then its user data (held); then the small TSDU's
  // headers and data, copied together.
  ASSERT_EQ(pieces.size(), 3u * 2u + 1u);
  EXPECT_EQ(pieces[1].data(), storage);
  EXPECT_EQ(pieces[3].data(), storage + 8189);
  EXPECT_EQ(pieces[5].data(), storage + 2 * 8189);
  EXPECT_EQ(pieces[6].size(), 7u + small.size());

  const ByteBuffer stream = take_output(p.client);
  receive(p.server, stream);
  const auto events = take_events(p.server);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(std::get<DataIndication>(events[0]).tsdu, expected);
  EXPECT_EQ(std::get<DataIndication>(events[1]).tsdu, small);
}

TEST(TransportMachine, SetUpSurvivesEveryCutOfTheStream) {
  Pair p;
  network_connected(p.client);
  const ByteBuffer cr = take_output(p.client);
  for (std::size_t cut = 0; cut <= cr.size(); ++cut) {
    Connection server = make_acceptor({});
    receive(server, Bytes(cr).first(cut));
    EXPECT_EQ(server.state, cut < cr.size() ? State::wait_cr : State::wait_response);
    receive(server, Bytes(cr).subspan(cut));
    EXPECT_EQ(server.state, State::wait_response) << "cut at " << cut;
  }
}

TEST(TransportMachine, ATsduBeyondTheLimitEndsTheConnection) {
  Pair p;
  p.server = make_acceptor({.max_tsdu_size = 10000});
  p.open();
  ASSERT_TRUE(send(p.client, pattern(10001)));
  receive(p.server, take_output(p.client));
  const auto ind = only_disconnect(p.server);
  EXPECT_TRUE(ind.cause == DisconnectIndication::Cause::limit_exceeded);
  EXPECT_EQ(p.server.state, State::closed);
  EXPECT_TRUE(p.server.close_after_output);
  EXPECT_TRUE(p.server.tsdu.empty()) << "the partial TSDU is released";
}

// ---------------------------------------------------------------------------------------------
// Bad input: ER, close, and an indication that says what was wrong.

void expect_er(Connection& c, std::uint8_t cause, std::string_view says) {
  EXPECT_EQ(c.state, State::closed);
  EXPECT_TRUE(c.close_after_output);
  std::vector<ByteBuffer> storage;
  const auto sent = tpdus_in(take_output(c), storage);
  ASSERT_EQ(sent.size(), 1u);
  const auto* er = std::get_if<tpdu::TpduError>(&sent[0]);
  ASSERT_NE(er, nullptr) << "the answer is an ER TPDU";
  EXPECT_EQ(er->cause, cause);
  const auto ind = only_disconnect(c);
  EXPECT_TRUE(ind.cause == DisconnectIndication::Cause::protocol_error);
  ASSERT_TRUE(ind.error);
  EXPECT_NE(ind.error->detail.find(says), std::string::npos) << ind.error->detail;
}

TEST(TransportMachine, DtBeforeTheCrIsAnsweredWithEr) {
  Connection c = make_acceptor({});
  receive(c, ByteBuffer{0x03, 0x00, 0x00, 0x08, 0x02, 0xf0, 0x80, 0x61});
  expect_er(c, tpdu::cause::invalid_tpdu_type, "TPDU DT is not allowed in state wait_cr");
}

TEST(TransportMachine, UndecodableTpduIsAnsweredWithErNamingTheProblem) {
  Connection c = make_acceptor({});
  // A TPDU code class 0 does not use (AK).
  receive(c, ByteBuffer{0x03, 0x00, 0x00, 0x09, 0x04, 0x60, 0x00, 0x01, 0x00});
  expect_er(c, tpdu::cause::invalid_tpdu_type, "undecodable TPDU");
}

TEST(TransportMachine, BadTpktEndsTheConnection) {
  Pair p;
  p.open();
  receive(p.server, ByteBuffer{0x04, 0x00, 0x00, 0x08});
  expect_er(p.server, tpdu::cause::not_specified, "bad TPKT");
}

TEST(TransportMachine, DtLargerThanTheAgreedSizeIsAnError) {
  Pair p;
  p.server = make_acceptor({.tpdu_size_code = 0x07});
  p.open();
  ByteBuffer stream;
  ByteBuffer payload = {0x02, 0xf0, 0x80};
  const ByteBuffer data = pattern(200);
  payload.insert(payload.end(), data.begin(), data.end());
  ASSERT_TRUE(tpkt::append_packet(stream, payload));
  receive(p.server, stream);
  expect_er(p.server, tpdu::cause::not_specified, "the agreed TPDU size of 128");
}

TEST(TransportMachine, TpktLongerThanTheAgreedSizeIsRefusedAtItsHeader) {
  Pair p;
  p.server = make_acceptor({.tpdu_size_code = 0x07});
  p.open();
  // Only the header of a 4096-octet TPKT: the answer comes before any of its body is held.
  receive(p.server, ByteBuffer{0x03, 0x00, 0x10, 0x00, 0x02, 0xf0});
  EXPECT_EQ(p.server.framer.partial_octets(), 0u);
  expect_er(p.server, tpdu::cause::not_specified,
            "length 4096 exceeds the configured maximum of 132 (the agreed TPDU size of 128");
}

TEST(TransportMachine, ConnectionInSetUpHoldsNoMoreThanASetUpTpdu) {
  // A peer announcing a 65535-octet TPKT before any CR: refused at its header, so 10 000 such
  // connections hold no 64 KiB each.
  Connection c = make_acceptor({});
  receive(c, ByteBuffer{0x03, 0x00, 0xff, 0xff, 0x11, 0xe0});
  expect_er(c, tpdu::cause::not_specified, "no TPDU size is agreed yet");
  // A TPKT of exactly setup_packet_limit octets is taken: its body is held until it is whole.
  Connection d = make_acceptor({});
  ByteBuffer big(setup_packet_limit - 1, 0x00);
  const auto header = tpkt::header_for(setup_packet_limit - tpkt::header_size);
  std::copy(header.begin(), header.end(), big.begin());
  receive(d, big);
  EXPECT_EQ(d.state, State::wait_cr);
  EXPECT_EQ(d.framer.partial_octets(), setup_packet_limit - 1);
}

TEST(TransportMachine, PeerDrAndErOnceOpenEndTheConnection) {
  Pair dr;
  dr.open();
  ByteBuffer payload, stream;
  ASSERT_TRUE(tpdu::encode(tpdu::DisconnectRequest{.reason = tpdu::reason::normal}, payload));
  ASSERT_TRUE(tpkt::append_packet(stream, payload));
  receive(dr.client, stream);
  const auto released = only_disconnect(dr.client);
  EXPECT_TRUE(released.cause == DisconnectIndication::Cause::peer_released);
  EXPECT_EQ(released.dr_reason, tpdu::reason::normal);

  Pair er;
  er.open();
  payload.clear();
  stream.clear();
  ASSERT_TRUE(tpdu::encode(tpdu::TpduError{.cause = tpdu::cause::invalid_parameter_code}, payload));
  ASSERT_TRUE(tpkt::append_packet(stream, payload));
  receive(er.client, stream);
  const auto error = only_disconnect(er.client);
  EXPECT_TRUE(error.cause == DisconnectIndication::Cause::peer_error);
  EXPECT_TRUE(take_output(er.client).empty()) << "an ER is not answered";
}

TEST(TransportMachine, NetworkLossIsIndicatedOnceAndDisconnectIsSilent) {
  Pair p;
  p.open();
  network_closed(p.client);
  EXPECT_TRUE(only_disconnect(p.client).cause == DisconnectIndication::Cause::network_closed);
  network_closed(p.client);
  EXPECT_TRUE(take_events(p.client).empty());
  disconnect(p.server);
  EXPECT_TRUE(take_events(p.server).empty());
  EXPECT_TRUE(p.server.close_after_output);
  EXPECT_TRUE(take_output(p.server).empty()) << "class 0 releases by closing TCP";
}

// ---------------------------------------------------------------------------------------------
// The table: every blank pair handled by the rule for blanks.

using table::Input;

Connection in_state(State s) {
  Connection c = make_acceptor({});
  c.state = s;
  c.tpdu_size = 8192;
  return c;
}

ByteBuffer stream_of(Input in) {
  tpdu::Tpdu t;
  switch (in) {
    case Input::CR: t = tpdu::ConnectionRequest{}; break;
    case Input::CC: t = tpdu::ConnectionConfirm{}; break;
    case Input::DR: t = tpdu::DisconnectRequest{}; break;
    case Input::ER: t = tpdu::TpduError{}; break;
    default: t = tpdu::Data{.user_data = Bytes(kTsap)}; break;
  }
  ByteBuffer payload, stream;
  EXPECT_TRUE(tpdu::encode(t, payload));
  EXPECT_TRUE(tpkt::append_packet(stream, payload));
  return stream;
}

TEST(TransportTable, BlankPairsAreRefusedAnsweredOrIgnored) {
  int requests = 0, tpdus = 0, ignored = 0;
  for (std::size_t s = 0; s < state_count; ++s) {
    for (std::size_t i = 0; i < table::input_count; ++i) {
      const auto state = static_cast<State>(s);
      const auto input = static_cast<Input>(i);
      if (table::row(state, input)) continue;
      SCOPED_TRACE(std::string(name(state)) + " " + std::string(table::name(input)));
      Connection c = in_state(state);
      switch (input) {
        case Input::accept:
        case Input::refuse:
        case Input::send: {
          const Status st = input == Input::accept   ? accept(c)
                            : input == Input::refuse ? refuse(c)
                                                     : send(c, kTsap);
          ASSERT_FALSE(st);
          EXPECT_EQ(st.error().code, errc::request_not_allowed);
          EXPECT_EQ(c.state, state);
          EXPECT_TRUE(c.output.empty());
          ++requests;
          break;
        }
        case Input::CR:
        case Input::CC:
        case Input::DR:
        case Input::DT:
        case Input::ER:
          receive(c, stream_of(input));
          if (state == State::closed || state == State::wait_network) {
            EXPECT_EQ(c.state, state);
            EXPECT_TRUE(c.output.empty());
            ++ignored;
          } else {
            expect_er(c, tpdu::cause::invalid_tpdu_type, "is not allowed in state");
            ++tpdus;
          }
          break;
        default:  // network events and disconnect where nothing is left to do
          if (input == Input::network_connected) network_connected(c);
          if (input == Input::network_closed) network_closed(c);
          if (input == Input::disconnect) disconnect(c);
          EXPECT_EQ(c.state, state);
          EXPECT_TRUE(c.output.empty());
          EXPECT_TRUE(c.events.empty());
          ++ignored;
      }
    }
  }
  std::cout << "[   info   ] blank pairs: " << requests << " requests refused, " << tpdus
            << " TPDUs answered with ER, " << ignored << " ignored\n";
  EXPECT_EQ(requests + tpdus + ignored + static_cast<int>(table::row_count()),
            static_cast<int>(state_count * table::input_count));
}

// Every row, on a machine put directly in its state, with a valid input: the next state is the
// row's, and rows that end the connection close it.
TEST(TransportTable, EveryRowLeadsToItsNextState) {
  for (std::size_t r = 0; r < table::row_count(); ++r) {
    const table::Row& row = table::row_at(r);
    SCOPED_TRACE(std::string(name(row.state)) + " " + std::string(table::name(row.input)) + " -> " +
                 std::string(table::name(row.action)));
    Connection c = in_state(row.state);
    c.request = mms_request();
    switch (row.input) {
      case Input::network_connected: network_connected(c); break;
      case Input::network_closed: network_closed(c); break;
      case Input::accept: ASSERT_TRUE(accept(c)); break;
      case Input::refuse: ASSERT_TRUE(refuse(c)); break;
      case Input::send: ASSERT_TRUE(send(c, kTsap)); break;
      case Input::disconnect: disconnect(c); break;
      default: receive(c, stream_of(row.input)); break;
    }
    EXPECT_EQ(name(c.state), name(row.next));
    const bool ends = row.next == State::closed;
    EXPECT_EQ(c.close_after_output, ends && row.input != Input::network_closed);
    EXPECT_EQ(
        c.events.size(),
        ends ? (row.input == Input::disconnect || row.input == Input::refuse ? 0u : 1u)
             : (row.input == Input::CR || row.input == Input::CC || row.input == Input::DT ? 1u
                                                                                           : 0u));
  }
}

// specs/transport/class0-machine.md's Transitions table and table.cpp are the same rows in the
// same order.
TEST(TransportTable, CodeRowsAreTheSpecRows) {
  std::ifstream in(std::filesystem::path(PIGLIX_SPECS_DIR) / "transport" / "class0-machine.md");
  ASSERT_TRUE(in) << "cannot read specs/transport/class0-machine.md";
  std::vector<std::string> spec;
  bool in_table = false;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("## ", 0) == 0) in_table = line == "## Transitions";
    if (!in_table || line.rfind("| ", 0) != 0 || line.rfind("| State", 0) == 0) continue;
    spec.push_back(line);
  }
  std::vector<std::string> code;
  for (std::size_t r = 0; r < table::row_count(); ++r) {
    const table::Row& row = table::row_at(r);
    code.push_back(
        "| " + std::string(name(row.state)) + " | " + std::string(table::name(row.input)) + " | " +
        std::string(table::name(row.action)) + " | " + std::string(name(row.next)) + " |");
  }
  EXPECT_EQ(code, spec);
}

}  // namespace
}  // namespace piglix::transport
