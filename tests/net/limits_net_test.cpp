// piglix::net's limits, each exceeded on purpose over loopback: the TPKT and TSDU bounds of the
// transport, the SSDU bound of the session, the server's connection and pending-indication
// limits, and the hard bound on queued output. Each test checks the protocol's own answer (ER,
// close, AB with its reason, RF), the log line that names the limit, and that the server goes on
// serving other sessions.
#include <gtest/gtest.h>

#include <atomic>

#include "loopback.hpp"

namespace piglix::test {
namespace {

// One TPKT with a class 0 DT TPDU carrying `data`, the last of its TSDU or not.
ByteBuffer dt_tpkt(Bytes data, bool end_of_tsdu) {
  ByteBuffer payload = {0x02, 0xf0, static_cast<std::uint8_t>(end_of_tsdu ? 0x80 : 0x00)};
  payload.insert(payload.end(), data.begin(), data.end());
  ByteBuffer packet;
  EXPECT_TRUE(tpkt::append_packet(packet, payload));
  return packet;
}

net::ServerOptions logged(LogLines& logs) {
  net::ServerOptions options;
  options.connection.log = logs.sink();
  return options;
}

const session::AbortIndication& only_abort(const Seen& seen) {
  static const session::AbortIndication none;
  EXPECT_EQ(seen.events.size(), 1u);
  if (seen.events.size() != 1 || !is<session::AbortIndication>(seen.events[0])) {
    ADD_FAILURE() << "the server saw something else than one AbortIndication";
    return none;
  }
  return std::get<session::AbortIndication>(seen.events[0]);
}

TEST(NetLimits, TpktLongerThanTheAgreedTpduSizeIsAnsweredWithErAtItsHeader) {
  LogLines logs;
  Loopback net(logged(logs));
  ByteBuffer reply;
  const Seen seen = server_view(net, [&](RawPeer& peer) {
    // The header of a 65535-octet TPKT where 8192 octets were agreed, and a little of its body:
    // the server must not wait for (or buffer) the rest.
    const std::uint8_t start[] = {0x03, 0x00, 0xff, 0xff, 0x02, 0xf0, 0x80};
    peer.send_raw(start);
    EXPECT_EQ(peer.read_until_closed(5s, &reply), asio::error::eof);
  });
  ASSERT_GE(reply.size(), 6u);
  EXPECT_EQ(reply[5], 0x70) << "the answer is an ER TPDU";
  const auto& abort = only_abort(seen);
  ASSERT_TRUE(abort.error);
  EXPECT_EQ(abort.error->code, errc::transport_protocol_error);
  EXPECT_NE(logs.wait_for("length 65535 exceeds the configured maximum of 8196"), "") << logs.all();
  EXPECT_TRUE(serves_another_session(net));
}

TEST(NetLimits, TsduBeyondItsBoundClosesTheConnection) {
  LogLines logs;
  net::ServerOptions options = logged(logs);
  options.connection.stack.transport.max_tsdu_size = 20000;
  Loopback net(options);
  const Seen seen = server_view(net, [&](RawPeer& peer) {
    // Three DT TPDUs of 8000 octets without end of TSDU: 24 000 octets of a TSDU never ended.
    const ByteBuffer part = pattern(8000);
    for (int i = 0; i < 3; ++i) peer.send_raw(dt_tpkt(part, false));
    // Class 0 has no DR once connected: the answer is the end of the TCP connection.
    EXPECT_EQ(peer.read_until_closed(5s), asio::error::eof);
  });
  const auto& abort = only_abort(seen);
  EXPECT_EQ(abort.source, session::AbortIndication::Source::transport_lost);
  ASSERT_TRUE(abort.error);
  EXPECT_EQ(abort.error->code, errc::limit_exceeded);
  EXPECT_NE(logs.wait_for("TSDU exceeds the configured maximum of 20000 octets"), "") << logs.all();
  EXPECT_TRUE(serves_another_session(net));
}

TEST(NetLimits, SsduBeyondItsBoundIsAbortedWithAReason) {
  LogLines logs;
  net::ServerOptions options = logged(logs);
  options.connection.stack.session.max_ssdu_size = 20000;
  // TSDUs of at most 4096 octets, so that the peer segments its SSDU (X.225 7.11.2); a whole
  // SSDU in one TSDU is bounded by the transport's TSDU bound instead.
  options.connection.stack.session.max_receive_tsdu = 4096;
  Loopback net(options);
  session::Event answer;
  const Seen seen = server_view(net, [&](RawPeer& peer) {
    ASSERT_TRUE(session::send_data(peer.stack.session, pattern(30000)));
    stack::pump(peer.stack);
    peer.flush();
    answer = peer.next_event();
  });
  // The peer gets an AB from the server's provider, flagged as an implementation restriction
  // (X.225 8.3.26: the Transport Disconnect parameter's bit for it, version 2).
  ASSERT_TRUE(is<session::AbortIndication>(answer));
  const auto& got = std::get<session::AbortIndication>(answer);
  EXPECT_EQ(got.source, session::AbortIndication::Source::peer_provider);
  EXPECT_TRUE(got.transport_disconnect & spdu::transport_disconnect::implementation_restriction)
      << int(got.transport_disconnect);
  const auto& abort = only_abort(seen);
  EXPECT_EQ(abort.source, session::AbortIndication::Source::protocol_error);
  ASSERT_TRUE(abort.error);
  EXPECT_EQ(abort.error->code, errc::limit_exceeded) << abort.error->message();
  EXPECT_NE(logs.wait_for("aborted (protocol error)"), "") << logs.all();
  EXPECT_NE(logs.wait_for("20000"), "") << logs.all();
  EXPECT_TRUE(serves_another_session(net));
}

TEST(NetLimits, ConnectionsBeyondTheLimitAreClosedAtOnce) {
  LogLines logs;
  net::ServerOptions options = logged(logs);
  options.max_connections = 2;
  Loopback net(options);
  for (int i = 0; i < 2; ++i) asio::co_spawn(net.io, echo_one(net.server), fail_on_throw);
  RawPeer first(net.port()), second(net.port());
  for (RawPeer* peer : {&first, &second}) {
    peer->establish();
    ASSERT_TRUE(is<session::ConnectConfirm>(peer->next_event()));
  }
  {
    RawPeer third(net.port());  // TCP connects (the backlog takes it), then is closed
    EXPECT_EQ(third.read_until_closed(5s), asio::error::eof);
  }
  EXPECT_NE(logs.wait_for("connection limit of 2 reached"), "") << logs.all();
  // The two served go on: each gets its data echoed.
  for (RawPeer* peer : {&first, &second}) {
    ASSERT_TRUE(session::send_data(peer->stack.session, pattern(100)));
    stack::pump(peer->stack);
    peer->flush();
    const session::Event echo = peer->next_event();
    ASSERT_TRUE(is<session::DataIndication>(echo));
    EXPECT_EQ(std::get<session::DataIndication>(echo).data, pattern(100));
  }
  // Once one of them leaves, the slot serves a new session.
  first.reset();
  for (int i = 0; i < 200 && net.server.connection_count() > 1; ++i) {
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_TRUE(serves_another_session(net));
}

// With single_thread the refusal runs inside the connection's own indication (the server's
// executor is the connection's): both layouts are checked.
void refuse_indications_beyond_the_limit(bool single_thread) {
  LogLines logs;
  net::ServerOptions options = logged(logs);
  options.max_pending_indications = 1;
  options.connection.single_thread = single_thread;
  Loopback net(options);
  // Nobody accepts yet: the first indication waits, the second finds the queue full.
  RawPeer waiting(net.port()), refused(net.port());
  waiting.establish();
  // Its CR, CC and CN: then it waits, with no answer to its CN.
  EXPECT_FALSE(waiting.try_next_event(300ms)) << "the first session was answered";
  refused.establish();
  const session::Event answer = refused.next_event();
  ASSERT_TRUE(is<session::ConnectConfirm>(answer)) << logs.all();
  const auto& confirm = std::get<session::ConnectConfirm>(answer);
  EXPECT_FALSE(confirm.accepted);
  EXPECT_EQ(confirm.refuse_reason, spdu::refuse_reason::temporary_congestion);
  EXPECT_NE(logs.wait_for("refusing a session (temporary congestion)"), "") << logs.all();
  // The waiting one is accepted once the server takes it.
  asio::co_spawn(net.io, echo_one(net.server), fail_on_throw);
  const session::Event accepted = waiting.next_event();
  ASSERT_TRUE(is<session::ConnectConfirm>(accepted));
  EXPECT_TRUE(std::get<session::ConnectConfirm>(accepted).accepted);
  EXPECT_TRUE(serves_another_session(net));
}

TEST(NetLimits, IndicationsBeyondTheLimitAreRefusedWithCongestion) {
  refuse_indications_beyond_the_limit(false);
}

TEST(NetLimits, IndicationsBeyondTheLimitAreRefusedWithCongestionOnASingleThread) {
  refuse_indications_beyond_the_limit(true);
}

TEST(NetLimits, RequestsBeyondTheQueuedOutputBoundFailAndChangeNothing) {
  LogLines logs;
  net::ServerOptions options = logged(logs);
  options.connection.output_high_water = 64 << 10;
  options.connection.max_queued_output = 1 << 20;
  Loopback net(options);
  RawPeer peer(net.port());
  net::Session s = establish_raw_peer(net, peer);
  ASSERT_TRUE(s);

  // 400 S-DATA of 60 000 octets issued at once, none waited for, to a peer that reads nothing
  // for now: 24 MB, far beyond the socket buffers and the 1 MiB bound.
  constexpr int requests = 400;
  const ByteBuffer data = pattern(60000, 9);
  std::atomic<int> completed = 0, refused = 0, other = 0;
  std::promise<void> issued;
  asio::post(s.get_executor(), [&] {
    for (int i = 0; i < requests; ++i) {
      s.async_send_data(data, [&](std::error_code ec) {
        if (!ec)
          ++completed;
        else if (ec == make_error_code(errc::limit_exceeded))
          ++refused;
        else
          ++other;
      });
    }
    issued.set_value();
  });
  issued.get_future().wait();
  // Refusals are decided as the requests are made and completed by posting to the connection's
  // strand, so a handler posted there now runs after all of them.
  std::promise<void> counted;
  asio::post(s.get_executor(), [&] { counted.set_value(); });
  counted.get_future().wait();
  EXPECT_GT(refused.load(), 0) << "every request was queued";
  EXPECT_NE(logs.wait_for("above the limit of 1048576"), "") << logs.all();

  // The peer reads: exactly the requests that were not refused arrive, each intact. No more were
  // taken than the bound holds, plus the one that crossed it.
  const int taken = requests - refused.load();
  EXPECT_LE(taken, (1 << 20) / 60000 + 1);
  int received = 0;
  while (received < taken) {
    const session::Event e = peer.next_event();
    if (!is<session::DataIndication>(e)) break;
    EXPECT_EQ(std::get<session::DataIndication>(e).data, data) << received;
    ++received;
  }
  EXPECT_EQ(received, taken);
  for (int i = 0; i < 500 && completed.load() < taken; ++i) std::this_thread::sleep_for(10ms);
  EXPECT_EQ(completed.load(), taken);
  EXPECT_EQ(other.load(), 0);
  // Nothing beyond them is on the wire: a release is what comes next.
  ASSERT_TRUE(session::release(peer.stack.session));
  stack::pump(peer.stack);
  peer.flush();
  auto release = s.async_receive(asio::use_future);
  ASSERT_EQ(release.wait_for(10s), std::future_status::ready);
  EXPECT_TRUE(is<session::ReleaseIndication>(release.get()));
  EXPECT_TRUE(serves_another_session(net));
}

}  // namespace
}  // namespace piglix::test
