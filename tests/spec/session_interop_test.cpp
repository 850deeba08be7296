// The interop profile of specs/x225/interop.md, checked on session::Connection with the captured
// octets of specs/vectors/session-mms.md (an MMS association of the common IEC 61850 stacks):
// piglix takes what those stacks send, and what it sends for the same primitives is the same
// octets, so a stack that accepts only its own encoding accepts piglix's.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "piglix/session/connection.hpp"

namespace piglix::session {
namespace {

namespace fs = std::filesystem;

// The octets of the `n`th ```hex block under the "## `title`..." heading of session-mms.md.
ByteBuffer vector_octets(const std::string& title, std::size_t n = 0) {
  std::ifstream in(fs::path(PIGLIX_SPECS_DIR) / "vectors" / "session-mms.md");
  EXPECT_TRUE(in) << "cannot read specs/vectors/session-mms.md";
  bool in_section = false;
  std::size_t seen = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("## ", 0) == 0) in_section = line.rfind("## " + title, 0) == 0;
    if (!in_section || line.rfind("```hex", 0) != 0) continue;
    std::string hex;
    for (std::string l; std::getline(in, l) && l != "```";) hex += l + "\n";
    if (seen++ != n) continue;
    ByteBuffer out;
    EXPECT_TRUE(parse_hex(hex, out)) << title;
    return out;
  }
  ADD_FAILURE() << "no hex block " << n << " under '## " << title << "'";
  return {};
}

// The TSDU of a one-TPDU capture: TPKT (4 octets) and the class 0 DT header 02 f0 80 stripped.
ByteBuffer tsdu_of_capture(const std::string& title) {
  const ByteBuffer tpkt = vector_octets(title);
  const ByteBuffer dt_eot = {0x02, 0xf0, 0x80};
  if (tpkt.size() < 7 || tpkt[0] != 3 ||
      !std::equal(dt_eot.begin(), dt_eot.end(), tpkt.begin() + 4)) {
    ADD_FAILURE() << title << " is not one TPKT holding one DT TPDU with EOT";
    return {};
  }
  return {tpkt.begin() + 7, tpkt.end()};
}

const ByteBuffer kSelector = {0x00, 0x01};

// The user data of an SPDU whose User Data parameter (PGI 0xc1, 1-octet length) ends the TSDU.
ByteBuffer trailing_user_data(const ByteBuffer& tsdu, std::size_t size) {
  return {tsdu.end() - static_cast<std::ptrdiff_t>(size), tsdu.end()};
}

std::vector<ByteBuffer> sent_tsdus(Connection& c) {
  std::vector<ByteBuffer> out;
  while (auto action = poll_transport(c)) {
    if (action->kind == TransportAction::Kind::send) out.push_back(std::move(action->tsdu));
  }
  return out;
}

template <class T>
T take(Connection& c) {
  std::optional<Event> e = poll_event(c);
  if (!e || !std::holds_alternative<T>(*e)) {
    ADD_FAILURE() << "expected another event";
    return T{};
  }
  return std::get<T>(std::move(*e));
}

// Acceptor: the CN of A2 arrives; the AC answering with A3's parameters is A3's octets.
Connection responder_after_the_mms_connect() {
  Connection c = make_connection();
  transport_indication(c);
  (void)poll_transport(c);  // TCONrsp
  receive(c, tsdu_of_capture("A2."));
  return c;
}

TEST(SessionInterop, TheMmsConnectIsIndicatedWithEveryParameter) {
  Connection c = responder_after_the_mms_connect();
  const auto ind = take<ConnectIndication>(c);
  EXPECT_EQ(ind.functional_units, spdu::fu::duplex);
  EXPECT_EQ(ind.versions, spdu::version::v2);
  EXPECT_EQ(ind.calling_selector, kSelector);
  EXPECT_EQ(ind.called_selector, kSelector);
  EXPECT_EQ(ind.user_data.size(), 156u);
  EXPECT_EQ(c.state, State::STA08);
}

TEST(SessionInterop, OurAcceptIsTheOctetsTheMmsStacksSend) {
  Connection c = responder_after_the_mms_connect();
  (void)take<ConnectIndication>(c);
  const ByteBuffer a3 = tsdu_of_capture("A3.");
  AcceptResponse response;
  response.responding_selector = kSelector;
  response.functional_units = spdu::fu::duplex;
  response.user_data = trailing_user_data(a3, 116);
  ASSERT_TRUE(accept(c, response));
  EXPECT_EQ(sent_tsdus(c), std::vector<ByteBuffer>{a3});
  EXPECT_EQ(c.state, State::STA713);
}

// Initiator: our CN for the MMS parameters is A2's octets, and A3's AC completes the connection.
Connection initiator_connected_to_an_mms_server() {
  Connection c = make_connection();
  const ByteBuffer a2 = tsdu_of_capture("A2.");
  ConnectRequest request;
  request.calling_selector = kSelector;
  request.called_selector = kSelector;
  request.functional_units = spdu::fu::duplex;
  request.user_data = trailing_user_data(a2, 156);
  EXPECT_TRUE(connect(c, request));
  transport_connected(c);
  EXPECT_EQ(sent_tsdus(c), std::vector<ByteBuffer>{a2}) << "our CN is not A2's octets";
  receive(c, tsdu_of_capture("A3."));
  return c;
}

TEST(SessionInterop, OurConnectIsTheOctetsTheMmsStacksSendAndTheirAcceptConfirmsIt) {
  Connection c = initiator_connected_to_an_mms_server();
  const auto cnf = take<ConnectConfirm>(c);
  EXPECT_TRUE(cnf.accepted);
  EXPECT_EQ(cnf.functional_units, spdu::fu::duplex);
  EXPECT_EQ(cnf.version, 2);
  EXPECT_EQ(cnf.responding_selector, kSelector);
  EXPECT_EQ(cnf.user_data.size(), 116u);
  EXPECT_EQ(c.state, State::STA713);
}

TEST(SessionInterop, DataBothWaysUsesTheGtDtPrefix) {
  Connection client = initiator_connected_to_an_mms_server();
  (void)take<ConnectConfirm>(client);
  const ByteBuffer request = tsdu_of_capture("A4.");
  const ByteBuffer prefix = {0x01, 0x00, 0x01, 0x00};
  ASSERT_TRUE(send_data(client, Bytes(request).subspan(prefix.size())));
  EXPECT_EQ(sent_tsdus(client), std::vector<ByteBuffer>{request});

  Connection server = responder_after_the_mms_connect();
  (void)take<ConnectIndication>(server);
  ASSERT_TRUE(accept(server, AcceptResponse{}));
  (void)sent_tsdus(server);
  receive(server, request);
  EXPECT_EQ(take<DataIndication>(server).data, ByteBuffer(request.begin() + 4, request.end()));
  const ByteBuffer response = tsdu_of_capture("A5.");
  ASSERT_TRUE(send_data(server, Bytes(response).subspan(prefix.size())));
  EXPECT_EQ(sent_tsdus(server), std::vector<ByteBuffer>{response});
}

TEST(SessionInterop, ReleaseAndAbortAsLibiec61850WritesThem) {
  const ByteBuffer fn = vector_octets("B7.", 0), dn = vector_octets("B7.", 1),
                   ab = vector_octets("B7.", 2);
  // Their FN arrives; our DN with the same user data is their DN's octets.
  Connection server = responder_after_the_mms_connect();
  (void)take<ConnectIndication>(server);
  ASSERT_TRUE(accept(server, AcceptResponse{}));
  (void)sent_tsdus(server);
  receive(server, fn);
  EXPECT_EQ(take<ReleaseIndication>(server).user_data, trailing_user_data(fn, 5));
  ASSERT_TRUE(accept_release(server, trailing_user_data(dn, 5)));
  EXPECT_EQ(sent_tsdus(server), std::vector<ByteBuffer>{dn});

  // Our FN is theirs plus Transport Disconnect 0x01: piglix says "release the transport"
  // explicitly, as ISODE does, where they leave it to the receiver's reading of an absent
  // parameter (interop.md). Their DN confirms the release.
  Connection client = initiator_connected_to_an_mms_server();
  (void)take<ConnectConfirm>(client);
  ASSERT_TRUE(release(client, trailing_user_data(fn, 5)));
  ByteBuffer our_fn = {fn[0], static_cast<std::uint8_t>(fn[1] + 3), 0x11, 0x01, 0x01};
  our_fn.insert(our_fn.end(), fn.begin() + 2, fn.end());
  EXPECT_EQ(sent_tsdus(client), std::vector<ByteBuffer>{our_fn});
  receive(client, dn);
  const auto cnf = take<ReleaseConfirm>(client);
  EXPECT_TRUE(cnf.accepted);
  EXPECT_EQ(cnf.user_data, trailing_user_data(dn, 5));

  // Their AB: a user abort with its user data, the transport released.
  Connection aborted = initiator_connected_to_an_mms_server();
  (void)take<ConnectConfirm>(aborted);
  receive(aborted, ab);
  const auto ind = take<AbortIndication>(aborted);
  EXPECT_TRUE(ind.source == AbortIndication::Source::user);
  EXPECT_EQ(ind.user_data, trailing_user_data(ab, 5));
  EXPECT_EQ(aborted.state, State::STA01);
}

}  // namespace
}  // namespace piglix::session
