// stack::Connection: two whole stacks (session over class 0 transport over TPKT) joined by their
// byte streams, as a TCP connection would join them, with each stream cut at every offset.
#include "piglix/stack.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <numeric>
#include <string>
#include <vector>

namespace piglix {
namespace {

using session::AbortIndication;
using session::ConnectConfirm;
using session::ConnectIndication;
using session::DataIndication;
using session::Event;
using session::ReleaseConfirm;
using session::ReleaseIndication;

// Two stacks and a TCP connection between them, in memory. `cut_*` splits the stream towards a
// side at an octet offset, so that the octets around it arrive in two reads.
struct Link {
  stack::Connection client;
  stack::Connection server;
  std::uint64_t cut_to_server = UINT64_MAX, cut_to_client = UINT64_MAX;
  std::uint64_t sent_to_server = 0, sent_to_client = 0;
  bool closed = false;  // TCP is gone
  std::vector<Event> client_events, server_events;

  explicit Link(stack::Config client_config = {}, stack::Config server_config = {})
      : client(stack::make_initiator(std::move(client_config))),
        server(stack::make_acceptor(std::move(server_config))) {
    stack::network_connected(client);
  }

  // Writes `from`'s output to `to`, cut where asked; true if anything moved.
  bool flush(stack::Connection& from, stack::Connection& to, std::uint64_t cut,
             std::uint64_t& sent) {
    if (closed) return false;
    ByteBuffer octets = from.transport.output.take_all();
    const bool close = from.transport.close_after_output;
    if (!octets.empty()) {
      const Bytes all(octets);
      std::size_t first = all.size();
      if (cut > sent && cut < sent + all.size()) first = static_cast<std::size_t>(cut - sent);
      stack::receive(to, all.first(first));
      if (first < all.size()) stack::receive(to, all.subspan(first));
      sent += all.size();
    }
    if (close) {
      closed = true;
      stack::network_closed(to);
      stack::network_closed(from);
      return true;
    }
    return !octets.empty();
  }

  void pump() {
    for (int round = 0; round < 1000; ++round) {
      const bool a = flush(client, server, cut_to_server, sent_to_server);
      const bool b = flush(server, client, cut_to_client, sent_to_client);
      if (!a && !b) break;
    }
    while (auto e = session::poll_event(client.session)) client_events.push_back(std::move(*e));
    while (auto e = session::poll_event(server.session)) server_events.push_back(std::move(*e));
  }
};

template <class T>
const T* last(const std::vector<Event>& events) {
  return events.empty() ? nullptr : std::get_if<T>(&events.back());
}

ByteBuffer pattern(std::size_t n) {
  ByteBuffer b(n);
  for (std::size_t i = 0; i < n; ++i) b[i] = static_cast<std::uint8_t>(i * 7 + i / 251);
  return b;
}

// S-CONNECT with default parameters, accepted.
void establish(Link& link) {
  ASSERT_TRUE(session::connect(link.client.session, {}));
  stack::pump(link.client);
  link.pump();
  ASSERT_TRUE(session::accept(link.server.session, {}));
  stack::pump(link.server);
  link.pump();
  ASSERT_NE(last<ConnectConfirm>(link.client_events), nullptr);
  ASSERT_TRUE(last<ConnectConfirm>(link.client_events)->accepted);
}

// Connect, 20 000 octets each way (several DT TPDUs at the 8192 default), orderly release.
void run_dialogue(Link& link) {
  session::ConnectRequest request;
  request.user_data = {0x60, 0x01, 0x02};
  ASSERT_TRUE(session::connect(link.client.session, std::move(request)));
  stack::pump(link.client);
  link.pump();
  ASSERT_NE(last<ConnectIndication>(link.server_events), nullptr);
  EXPECT_EQ(last<ConnectIndication>(link.server_events)->user_data, (ByteBuffer{0x60, 0x01, 0x02}));
  ASSERT_TRUE(link.server.transport_indication.has_value());

  ASSERT_TRUE(session::accept(link.server.session, {}));
  stack::pump(link.server);
  link.pump();
  ASSERT_NE(last<ConnectConfirm>(link.client_events), nullptr);
  EXPECT_TRUE(last<ConnectConfirm>(link.client_events)->accepted);
  EXPECT_EQ(link.client.transport.tpdu_size, 8192u);

  const ByteBuffer up = pattern(20000), down = pattern(20001);
  ASSERT_TRUE(session::send_data(link.client.session, up));
  stack::pump(link.client);
  ASSERT_TRUE(session::send_data(link.server.session, down));
  stack::pump(link.server);
  link.pump();
  ASSERT_NE(last<DataIndication>(link.server_events), nullptr);
  EXPECT_EQ(last<DataIndication>(link.server_events)->data, up);
  ASSERT_NE(last<DataIndication>(link.client_events), nullptr);
  EXPECT_EQ(last<DataIndication>(link.client_events)->data, down);

  ASSERT_TRUE(session::release(link.client.session));
  stack::pump(link.client);
  link.pump();
  ASSERT_NE(last<ReleaseIndication>(link.server_events), nullptr);
  ASSERT_TRUE(session::accept_release(link.server.session));
  stack::pump(link.server);
  link.pump();
  ASSERT_NE(last<ReleaseConfirm>(link.client_events), nullptr);
  EXPECT_TRUE(last<ReleaseConfirm>(link.client_events)->accepted);
  EXPECT_TRUE(link.closed);
  EXPECT_EQ(link.client.session.state, session::State::STA01);
  EXPECT_EQ(link.server.session.state, session::State::STA01);
}

TEST(Stack, DialogueOverTheTransportMachines) {
  Link link;
  run_dialogue(link);
  EXPECT_EQ(link.client_events.size(), 3u);  // confirm, data, release confirm
  EXPECT_EQ(link.server_events.size(), 3u);  // indication, data, release indication
}

TEST(Stack, DialogueCutAtEveryOffsetOfSetUpAndReleaseAndInsideTheData) {
  Link probe;
  run_dialogue(probe);
  const std::uint64_t longest = std::max(probe.sent_to_server, probe.sent_to_client);
  ASSERT_GT(longest, 20000u);
  // Every offset of the first and the last 400 octets of each stream (set-up, the DT headers of
  // the first TPDUs, the release), every 97th in between: inside the 20 000-octet SSDUs every
  // offset takes the same path through the framer.
  const auto near_end = [](std::uint64_t cut, std::uint64_t total) {
    return cut + 400 > total && cut < total;
  };
  const auto edge = [&](std::uint64_t cut) {
    return cut < 400 || near_end(cut, probe.sent_to_server) || near_end(cut, probe.sent_to_client);
  };
  for (std::uint64_t cut = 1; cut < longest; cut += edge(cut) ? 1 : 97) {
    Link link;
    link.cut_to_server = cut;
    link.cut_to_client = cut;
    run_dialogue(link);
    if (testing::Test::HasFailure()) {
      ADD_FAILURE() << "with both streams cut at offset " << cut;
      return;
    }
  }
}

TEST(Stack, LargeSsduAcrossSmallTpdus) {
  stack::Config small, segmenting;
  small.transport.tpdu_size_code = 0x07;       // 128-octet TPDUs
  segmenting.session.max_receive_tsdu = 8000;  // SSDUs above it arrive in segments
  Link link(small, segmenting);
  establish(link);
  EXPECT_EQ(link.server.transport.tpdu_size, 128u);

  const ByteBuffer data = pattern(65536 * 3);
  const Status sent = session::send_data(link.client.session, data);
  ASSERT_TRUE(sent) << sent.error().message();
  stack::pump(link.client);
  link.pump();
  ASSERT_NE(last<DataIndication>(link.server_events), nullptr);
  EXPECT_EQ(last<DataIndication>(link.server_events)->data, data);
  // 125 octets of TSDU per DT TPDU (3-octet DT header), 4 octets of TPKT each.
  EXPECT_GT(link.sent_to_server, data.size() / 125 * 132);
}

// S-DATA from a SharedBuffer puts the same octets on the wire as from Bytes, for data that are
// copied (small), referred to (large), segmented or not, in TPDUs of every size; the output queue
// refers to the buffer, and lets go of it once written.
TEST(Stack, SharedBufferDataLeaveAsTheSameOctetsWithoutACopy) {
  for (const std::uint8_t tpdu_code :
       {std::uint8_t{0x07}, std::uint8_t{0x0D}, std::uint8_t{0x10}}) {
    for (const std::uint16_t max_tsdu : {std::uint16_t{0}, std::uint16_t{8000}}) {
      for (const std::size_t size : {1u, 2047u, 2048u, 5000u, 60000u, 200000u}) {
        if (max_tsdu == 0 && size > 65000) continue;  // refused unsegmented, as from Bytes
        SCOPED_TRACE(testing::Message() << "TPDU code " << int(tpdu_code) << ", TSDU maximum "
                                        << max_tsdu << ", " << size << " octets");
        stack::Config client, server;
        client.transport.tpdu_size_code = tpdu_code;
        server.session.max_receive_tsdu = max_tsdu;
        Link by_bytes(client, server), by_shared(client, server);
        establish(by_bytes);
        establish(by_shared);
        const auto data = std::make_shared<const ByteBuffer>(pattern(size));
        ASSERT_TRUE(session::send_data(by_bytes.client.session, *data));
        stack::pump(by_bytes.client);
        ASSERT_TRUE(session::send_data(by_shared.client.session, data));
        stack::pump(by_shared.client);
        const OutputQueue& queued = by_shared.client.transport.output;
        EXPECT_EQ(queued.flatten(), by_bytes.client.transport.output.flatten());
        bool referred = false;
        queued.for_each_piece([&](Bytes piece) {
          referred |= piece.data() >= data->data() && piece.data() < data->data() + size;
        });
        EXPECT_EQ(referred, size >= 2048) << "large data are referred to, small ones copied";
        EXPECT_EQ(data.use_count() > 1, size >= 2048);
        OutputQueue written;
        written.swap(by_shared.client.transport.output);
        stack::written(by_shared.client, written);
        EXPECT_EQ(data.use_count(), 1) << "let go once written";
      }
    }
  }
}

TEST(Stack, SharedBufferDataReachThePeerWhole) {
  stack::Config client, server;
  server.session.max_receive_tsdu = 8000;
  Link link(client, server);
  session::ConnectRequest request;
  request.functional_units = spdu::fu::duplex | spdu::fu::typed_data;
  ASSERT_TRUE(session::connect(link.client.session, request));
  stack::pump(link.client);
  link.pump();
  session::AcceptResponse response;
  response.functional_units = request.functional_units;
  ASSERT_TRUE(session::accept(link.server.session, response));
  stack::pump(link.server);
  link.pump();
  const auto data = std::make_shared<const ByteBuffer>(pattern(100000));
  for (int i = 0; i < 3; ++i) {  // the same buffer, sent again before the last send is written
    ASSERT_TRUE(session::send_data(link.client.session, data));
    stack::pump(link.client);
  }
  ASSERT_TRUE(session::send_typed_data(link.client.session, data));
  stack::pump(link.client);
  link.pump();
  ASSERT_EQ(link.server_events.size(), 5u);  // connect indication, 3 data, typed data
  for (int i = 1; i <= 3; ++i) {
    ASSERT_TRUE(std::holds_alternative<DataIndication>(link.server_events[i]));
    EXPECT_EQ(std::get<DataIndication>(link.server_events[i]).data, *data);
  }
  ASSERT_TRUE(std::holds_alternative<session::TypedDataIndication>(link.server_events[4]));
  EXPECT_EQ(std::get<session::TypedDataIndication>(link.server_events[4]).data, *data);
  EXPECT_EQ(data.use_count(), 1);

  const Status empty = session::send_data(link.client.session, SharedBuffer{});
  EXPECT_EQ(empty.error().code, errc::invalid_argument);
  const Status nothing =
      session::send_data(link.client.session, std::make_shared<const ByteBuffer>());
  EXPECT_EQ(nothing.error().code, errc::invalid_argument);
}

TEST(Stack, ConnectBeforeTheNetworkIsUp) {
  stack::Connection client = stack::make_initiator({});
  ASSERT_TRUE(session::connect(client.session, {}));
  stack::pump(client);
  EXPECT_TRUE(client.transport.output.empty());  // no CR before TCP is open
  stack::network_connected(client);
  ASSERT_FALSE(client.transport.output.empty());
  EXPECT_EQ(client.transport.output.flatten()[5], 0xE0);  // CR TPDU
}

TEST(Stack, UnknownCalledTsapEndsInAnAbortThatSaysWhy) {
  stack::Config client_config, server_config;
  client_config.tsaps.called_tsap = ByteBuffer{0x00, 0x02};
  server_config.transport.local_tsaps = {ByteBuffer{0x00, 0x01}};
  Link link(client_config, server_config);
  ASSERT_TRUE(session::connect(link.client.session, {}));
  stack::pump(link.client);
  link.pump();
  EXPECT_TRUE(link.server_events.empty());
  const auto* abort = last<AbortIndication>(link.client_events);
  ASSERT_NE(abort, nullptr);
  EXPECT_EQ(abort->source, AbortIndication::Source::transport_lost);
  ASSERT_TRUE(abort->error.has_value());
  EXPECT_EQ(abort->error->code, errc::transport_refused);
  EXPECT_NE(abort->error->detail.find("called TSAP unknown"), std::string::npos)
      << abort->error->detail;
  ASSERT_TRUE(link.client.transport_end.has_value());
  EXPECT_EQ(link.client.transport_end->dr_reason, tpdu::reason::address_unknown);
}

TEST(Stack, GarbageFromThePeerIsAnsweredWithErAndAnAbort) {
  Link link;
  establish(link);
  const std::uint8_t bad[] = {0x03, 0x00, 0x00, 0x08, 0x03, 0x77, 0x00, 0x00};  // TPDU code 0x7
  stack::receive(link.server, bad);
  std::vector<Event> events;
  while (auto e = session::poll_event(link.server.session)) events.push_back(std::move(*e));
  const auto* abort = last<AbortIndication>(events);
  ASSERT_NE(abort, nullptr);
  ASSERT_TRUE(abort->error.has_value());
  EXPECT_EQ(abort->error->code, errc::transport_protocol_error);
  EXPECT_NE(abort->error->detail.find("transport:"), std::string::npos);
  ASSERT_GE(link.server.transport.output.size(), 7u);
  EXPECT_EQ(link.server.transport.output.flatten()[5], 0x70);  // ER TPDU
  EXPECT_TRUE(link.server.transport.close_after_output);
}

TEST(Stack, TcpLossMidSessionIsATransportLostAbort) {
  Link link;
  establish(link);
  stack::network_closed(link.server);
  std::vector<Event> events;
  while (auto e = session::poll_event(link.server.session)) events.push_back(std::move(*e));
  const auto* abort = last<AbortIndication>(events);
  ASSERT_NE(abort, nullptr);
  EXPECT_EQ(abort->source, AbortIndication::Source::transport_lost);
  ASSERT_TRUE(abort->error.has_value());
  EXPECT_NE(abort->error->detail.find("TCP connection closed"), std::string::npos);
  EXPECT_FALSE(link.server.transport.close_after_output);  // nothing left to close
}

TEST(Stack, ConnectAfterTheNetworkFailedIsAnAbortNotAHang) {
  stack::Connection client = stack::make_initiator({});
  stack::network_closed(client);  // the TCP connect failed
  ASSERT_TRUE(session::connect(client.session, {}));
  stack::pump(client);
  auto event = session::poll_event(client.session);
  ASSERT_TRUE(event.has_value());
  ASSERT_TRUE(std::holds_alternative<AbortIndication>(*event));
  const auto& abort = std::get<AbortIndication>(*event);
  ASSERT_TRUE(abort.error.has_value());
  EXPECT_NE(abort.error->detail.find("TCP connection closed"), std::string::npos)
      << abort.error->detail;
}

TEST(Stack, TransportReuseCarriesASecondSession) {
  stack::Config client_config;
  client_config.session.reuse_transport_on_release = true;
  Link link(client_config, {});
  for (int round = 0; round < 2; ++round) {
    SCOPED_TRACE(round);
    ASSERT_TRUE(session::connect(link.client.session, {}));
    stack::pump(link.client);
    link.pump();
    ASSERT_NE(last<ConnectIndication>(link.server_events), nullptr);
    ASSERT_TRUE(session::accept(link.server.session, {}));
    stack::pump(link.server);
    link.pump();
    ASSERT_NE(last<ConnectConfirm>(link.client_events), nullptr);
    ASSERT_TRUE(session::release(link.client.session));
    stack::pump(link.client);
    link.pump();
    ASSERT_TRUE(session::accept_release(link.server.session));
    stack::pump(link.server);
    link.pump();
    ASSERT_NE(last<ReleaseConfirm>(link.client_events), nullptr);
    EXPECT_FALSE(link.closed);  // the transport connection stays for the next session
    EXPECT_EQ(link.client.session.state, session::State::STA01C);
  }
}

}  // namespace
}  // namespace piglix
