// piglix::net against hostile or broken peers over loopback: resets in the middle of a TPKT, a
// TSDU, a release and a resynchronization; peers that send one octet per second; floods of tiny
// TPKTs; lengths that claim more than was sent. Each test checks exactly what the server did and
// that it went on serving another session meanwhile or afterwards.
#include <gtest/gtest.h>

#include <future>

#include "loopback.hpp"

namespace piglix::test {
namespace {

using session::AbortIndication;

ByteBuffer tpkt_of(ByteBuffer payload) {
  ByteBuffer packet;
  EXPECT_TRUE(tpkt::append_packet(packet, payload));
  return packet;
}

// One DT TPDU (end of TSDU or not) carrying `data`, in its TPKT.
ByteBuffer dt_tpkt(Bytes data, bool end_of_tsdu = true) {
  ByteBuffer payload = {0x02, 0xf0, static_cast<std::uint8_t>(end_of_tsdu ? 0x80 : 0x00)};
  payload.insert(payload.end(), data.begin(), data.end());
  return tpkt_of(std::move(payload));
}

// A TSDU with one S-DATA: GT and DT, each without parameters (LI 0), then the user information,
// which no LI counts (X.225 8.2.4).
ByteBuffer data_tsdu(Bytes data) {
  ByteBuffer tsdu = {0x01, 0x00, 0x01, 0x00};
  tsdu.insert(tsdu.end(), data.begin(), data.end());
  return tsdu;
}

bool transport_lost(const session::Event& e) {
  const auto* abort = std::get_if<AbortIndication>(&e);
  return abort && abort->source == AbortIndication::Source::transport_lost;
}

// The kinds of the events seen and the error of an abort, for a failure message.
std::string describe_events(const Seen& seen) {
  std::string out;
  for (const auto& e : seen.events) {
    out += std::to_string(e.index()) + " ";
    if (const auto* abort = std::get_if<AbortIndication>(&e); abort && abort->error) {
      out += "(" + abort->error->message() + ") ";
    }
  }
  return out;
}

net::ServerOptions logged(LogLines& logs) {
  net::ServerOptions options;
  options.connection.log = logs.sink();
  return options;
}

// --- Resets ----------------------------------------------------------------------------------

TEST(NetPeerFaults, ResetMidTpkt) {
  LogLines logs;
  Loopback net(logged(logs));
  const Seen seen = server_view(net, [](RawPeer& peer) {
    const std::uint8_t part[] = {0x03, 0x00, 0x00, 0x20, 0x02, 0xf0};  // 6 of 32 octets
    peer.send_raw(part);
    peer.reset();
  });
  ASSERT_EQ(seen.events.size(), 1u);
  EXPECT_TRUE(transport_lost(seen.events[0]));
  EXPECT_EQ(seen.end, make_error_code(errc::connection_closed));
  EXPECT_NE(logs.wait_for("TCP connection lost"), "") << logs.all();
  EXPECT_TRUE(serves_another_session(net));
}

TEST(NetPeerFaults, ResetMidTsdu) {
  Loopback net;
  const Seen seen = server_view(net, [](RawPeer& peer) {
    // The first DT of a TSDU (no end of TSDU): half of an S-DATA.
    const ByteBuffer tsdu = data_tsdu(pattern(3000));
    peer.send_raw(dt_tpkt(Bytes(tsdu).first(1500), false));
    peer.reset();
  });
  ASSERT_EQ(seen.events.size(), 1u) << "no data from half a TSDU";
  EXPECT_TRUE(transport_lost(seen.events[0]));
  EXPECT_TRUE(serves_another_session(net));
}

TEST(NetPeerFaults, ResetMidRelease) {
  Loopback net;
  const Seen seen = server_view(net, [](RawPeer& peer) {
    ASSERT_TRUE(session::release(peer.stack.session));
    stack::pump(peer.stack);
    peer.flush();  // FN; the reset comes before the DN
    std::this_thread::sleep_for(300ms);
    peer.reset();
  });
  ASSERT_EQ(seen.events.size(), 2u);
  EXPECT_TRUE(is<session::ReleaseIndication>(seen.events[0]));
  EXPECT_TRUE(transport_lost(seen.events[1]));
  EXPECT_TRUE(serves_another_session(net));
}

// A session with resynchronization, where the peer asks for one and then goes away before the
// answer, with a reset or an orderly close.
Seen resync_then(Loopback& net, bool reset) {
  session::ConnectRequest request;
  request.functional_units = spdu::fu::duplex | spdu::fu::resynchronize;
  session::AcceptResponse response;
  response.functional_units = request.functional_units;
  return server_view(
      net,
      [reset](RawPeer& peer) {
        ASSERT_TRUE(session::resynchronize(peer.stack.session, {}));  // RS abandon
        stack::pump(peer.stack);
        peer.flush();
        std::this_thread::sleep_for(300ms);
        if (reset) peer.reset();
      },
      request, response);
}

TEST(NetPeerFaults, ResetMidResync) {
  Loopback net;
  const Seen seen = resync_then(net, true);
  ASSERT_EQ(seen.events.size(), 2u);
  EXPECT_TRUE(is<session::ResyncIndication>(seen.events[0]));
  EXPECT_TRUE(transport_lost(seen.events[1]));
  EXPECT_TRUE(serves_another_session(net));
}

TEST(NetPeerFaults, CloseMidResync) {
  Loopback net;
  const Seen seen = resync_then(net, false);
  ASSERT_EQ(seen.events.size(), 2u);
  EXPECT_TRUE(is<session::ResyncIndication>(seen.events[0]));
  EXPECT_TRUE(transport_lost(seen.events[1]));
  EXPECT_TRUE(serves_another_session(net));
}

// --- Slow peers --------------------------------------------------------------------------------

TEST(NetPeerFaults, PeerSendingItsCrOneOctetPerSecondIsClosedAtTheSetUpLimit) {
  LogLines logs;
  net::ServerOptions options = logged(logs);
  options.connection.connect_timeout = 2s;
  Loopback net(options);
  RawPeer slow(net.port());
  ASSERT_TRUE(session::connect(slow.stack.session, {}));
  stack::pump(slow.stack);
  const ByteBuffer cr = slow.stack.transport.output.take_all();  // 22 octets: 22 s at this pace
  const auto start = std::chrono::steady_clock::now();
  auto sent = std::async(std::launch::async, [&] { return slow.trickle(cr, 1s); });
  // Meanwhile the server serves others.
  EXPECT_TRUE(serves_another_session(net));
  EXPECT_NE(logs.wait_for("connection set-up timed out", 10s), "") << logs.all();
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_GE(took, 1900ms);
  EXPECT_LT(took, 5s) << "every octet of the trickle counted as progress";
  EXPECT_FALSE(sent.get()) << "the whole CR went through";
}

TEST(NetPeerFaults, PeerDribblingATpktOneOctetPerSecondIsAbortedAtTheIdleLimit) {
  LogLines logs;
  net::ServerOptions options = logged(logs);
  options.connection.idle_timeout = 2s;
  options.connection.tim = 500ms;
  Loopback net(options);
  std::chrono::steady_clock::duration took{};
  const Seen seen = server_view(net, [&](RawPeer& peer) {
    const ByteBuffer slow = dt_tpkt(data_tsdu(pattern(20)));  // 31 octets
    const auto start = std::chrono::steady_clock::now();
    auto others = std::async(std::launch::async, [&] { return serves_another_session(net); });
    EXPECT_FALSE(peer.trickle(slow, 1s)) << "the server waited for the whole TPKT";
    took = std::chrono::steady_clock::now() - start;
    EXPECT_TRUE(others.get());
  });
  // The server aborted (its own S-U-ABORT has no indication), then closed after TIM.
  EXPECT_TRUE(seen.events.empty());
  EXPECT_NE(logs.wait_for("idle time limit reached"), "") << logs.all();
  EXPECT_GE(took, 2s);
  EXPECT_LT(took, 8s);
}

// --- Floods ----------------------------------------------------------------------------------

TEST(NetPeerFaults, FloodOfOneOctetTpdusMakesOneSsdu) {
  Loopback net;
  const ByteBuffer data = pattern(60000, 3);
  const Seen seen = server_view(net, [&](RawPeer& peer) {
    // 60 004 DT TPDUs of one octet each (480 KB of TPKTs), in one write.
    const ByteBuffer tsdu = data_tsdu(data);
    ByteBuffer flood;
    for (std::size_t i = 0; i < tsdu.size(); ++i) {
      const ByteBuffer one = dt_tpkt(Bytes(tsdu).subspan(i, 1), i + 1 == tsdu.size());
      flood.insert(flood.end(), one.begin(), one.end());
    }
    peer.send_raw(flood);
  });
  ASSERT_EQ(seen.events.size(), 2u) << describe_events(seen);
  ASSERT_TRUE(is<session::DataIndication>(seen.events[0]));
  EXPECT_EQ(std::get<session::DataIndication>(seen.events[0]).data, data);
  EXPECT_TRUE(transport_lost(seen.events[1]));
  EXPECT_TRUE(serves_another_session(net));
}

TEST(NetPeerFaults, FloodOfTinySpdusArrivesWholeAndInOrder) {
  Loopback net;
  constexpr std::size_t count = 20000;
  const Seen seen = server_view(net, [&](RawPeer& peer) {
    ByteBuffer flood;  // 20 000 TPKTs of 12 octets, each an S-DATA of one octet
    for (std::size_t i = 0; i < count; ++i) {
      const std::uint8_t octet = static_cast<std::uint8_t>(i);
      const ByteBuffer one = dt_tpkt(data_tsdu(Bytes(&octet, 1)));
      flood.insert(flood.end(), one.begin(), one.end());
    }
    peer.send_raw(flood);
  });
  ASSERT_EQ(seen.events.size(), count + 1) << describe_events(seen);
  for (std::size_t i = 0; i < count; ++i) {
    const auto* d = std::get_if<session::DataIndication>(&seen.events[i]);
    ASSERT_TRUE(d && d->data == ByteBuffer{static_cast<std::uint8_t>(i)}) << "S-DATA " << i;
  }
  EXPECT_TRUE(transport_lost(seen.events[count]));
  EXPECT_TRUE(serves_another_session(net));
}

// --- Lengths that claim more than was sent ---------------------------------------------------

TEST(NetPeerFaults, TpktClaimingMoreThanSentWaitsOnlyUntilTheIdleLimit) {
  LogLines logs;
  net::ServerOptions options = logged(logs);
  options.connection.idle_timeout = 1s;
  Loopback net(options);
  session::Event answer;
  const Seen seen = server_view(net, [&](RawPeer& peer) {
    const ByteBuffer packet = dt_tpkt(data_tsdu(pattern(93)));  // 100 octets
    peer.send_raw(Bytes(packet).first(20));                     // and no more
    answer = peer.next_event(5s);
  });
  // The server gave up on the TPKT at the idle limit: an AB reached the peer.
  ASSERT_TRUE(is<AbortIndication>(answer));
  EXPECT_TRUE(seen.events.empty());
  EXPECT_NE(logs.wait_for("idle time limit reached"), "") << logs.all();
  EXPECT_TRUE(serves_another_session(net));
}

TEST(NetPeerFaults, SpduClaimingMoreThanItsTsduIsAnsweredWithAb) {
  Loopback net;
  session::Event answer;
  const Seen seen = server_view(net, [&](RawPeer& peer) {
    // GT, then a DT whose LI says 10 octets of parameters where 2 follow.
    peer.send_raw(dt_tpkt(ByteBuffer{0x01, 0x00, 0x01, 0x0a, 0x41, 0x42}));
    answer = peer.next_event(5s);
  });
  ASSERT_TRUE(is<AbortIndication>(answer));
  const auto& got = std::get<AbortIndication>(answer);
  EXPECT_EQ(got.source, AbortIndication::Source::peer_provider);
  EXPECT_TRUE(got.transport_disconnect & spdu::transport_disconnect::protocol_error);
  ASSERT_FALSE(seen.events.empty());
  const auto* abort = std::get_if<AbortIndication>(&seen.events[0]);
  ASSERT_NE(abort, nullptr);
  EXPECT_EQ(abort->source, AbortIndication::Source::protocol_error);
  ASSERT_TRUE(abort->error);
  EXPECT_NE(abort->error->message().find("LI 10 exceeds the 2 octets that remain"),
            std::string::npos)
      << abort->error->message();
  EXPECT_TRUE(serves_another_session(net));
}

TEST(NetPeerFaults, TpduLengthIndicatorClaimingMoreThanItsTpktIsAnsweredWithEr) {
  Loopback net;
  ByteBuffer reply;
  const Seen seen = server_view(net, [&](RawPeer& peer) {
    // LI 10 where the TPKT holds 4 octets of TPDU.
    peer.send_raw(ByteBuffer{0x03, 0x00, 0x00, 0x08, 0x0a, 0xf0, 0x80, 0x41});
    EXPECT_EQ(peer.read_until_closed(5s, &reply), asio::error::eof);
  });
  ASSERT_GE(reply.size(), 6u);
  EXPECT_EQ(reply[5], 0x70) << "ER TPDU";
  ASSERT_EQ(seen.events.size(), 1u);
  const auto& abort = std::get<AbortIndication>(seen.events[0]);
  ASSERT_TRUE(abort.error);
  EXPECT_EQ(abort.error->code, errc::transport_protocol_error);
  EXPECT_TRUE(serves_another_session(net));
}

}  // namespace
}  // namespace piglix::test
