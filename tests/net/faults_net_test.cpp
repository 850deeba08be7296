// piglix::net against peers that misbehave or go away: a peer closing in the middle of a TPKT,
// of a TSDU and of a release; a sender faster than its reader (back-pressure); a server shut down
// with sessions open.
#include <gtest/gtest.h>

#include <memory>

#include "loopback.hpp"

namespace piglix::test {
namespace {

// A raw peer misbehaving with a server of its own.
template <class F>
Seen server_view(F misbehave) {
  Loopback net;
  return server_view(net, misbehave);
}

TEST(NetFaults, PeerClosesMidTpkt) {
  const Seen seen = server_view([](RawPeer& peer) {
    const std::uint8_t part[] = {0x03, 0x00, 0x00, 0x20, 0x02, 0xF0};  // 6 of 32 octets
    peer.send_raw(part);
  });
  ASSERT_EQ(seen.events.size(), 1u);
  ASSERT_TRUE(is<session::AbortIndication>(seen.events[0]));
  EXPECT_EQ(std::get<session::AbortIndication>(seen.events[0]).source,
            session::AbortIndication::Source::transport_lost);
  EXPECT_EQ(seen.end, make_error_code(errc::connection_closed));
}

TEST(NetFaults, PeerClosesMidTsdu) {
  const Seen seen = server_view([](RawPeer& peer) {
    // A DT TPDU without EOT: the first part of a TSDU whose rest never comes.
    const std::uint8_t first[] = {0x03, 0x00, 0x00, 0x0B, 0x02, 0xF0, 0x00, 0x01, 0x00, 0x01, 0x10};
    peer.send_raw(first);
  });
  ASSERT_EQ(seen.events.size(), 1u);  // no data delivered from half a TSDU
  EXPECT_TRUE(is<session::AbortIndication>(seen.events[0]));
}

TEST(NetFaults, PeerClosesMidRelease) {
  const Seen seen = server_view([](RawPeer& peer) {
    ASSERT_TRUE(session::release(peer.stack.session));
    stack::pump(peer.stack);
    peer.flush();  // FN, then gone before the DN
  });
  ASSERT_EQ(seen.events.size(), 2u);
  EXPECT_TRUE(is<session::ReleaseIndication>(seen.events[0]));
  EXPECT_TRUE(is<session::AbortIndication>(seen.events[1]));
}

TEST(NetFaults, GarbageIsAnsweredWithErAndTheSessionAborted) {
  ByteBuffer reply;
  const Seen seen = server_view([&](RawPeer& peer) {
    const std::uint8_t bad[] = {0x03, 0x00, 0x00, 0x08, 0x03, 0x77, 0x00, 0x00};
    peer.send_raw(bad);
    EXPECT_EQ(peer.read_until_closed(5s, &reply), asio::error::eof);
  });
  ASSERT_GE(reply.size(), 6u);
  EXPECT_EQ(reply[5], 0x70);  // ER TPDU, then the server closed
  ASSERT_EQ(seen.events.size(), 1u);
  const auto& abort = std::get<session::AbortIndication>(seen.events[0]);
  ASSERT_TRUE(abort.error.has_value());
  EXPECT_EQ(abort.error->code, errc::transport_protocol_error);
}

TEST(NetFaults, TimClosesTheTransportWhenThePeerIgnoresAnAbort) {
  net::ServerOptions options;
  options.connection.tim = 300ms;
  Loopback net(options);
  asio::co_spawn(
      net.io,
      [&]() -> asio::awaitable<void> {
        net::Session s = co_await accept_session(net.server);
        co_await s.async_abort({}, asio::use_awaitable);  // AB, then TIM while awaiting the end
      },
      fail_on_throw);
  RawPeer peer(net.port());
  peer.establish();
  ASSERT_TRUE(std::holds_alternative<session::ConnectConfirm>(peer.next_event()));
  const auto start = std::chrono::steady_clock::now();
  // This peer never answers the AB and never closes: only the server's TIM ends the connection.
  const std::error_code end = peer.read_until_closed(5s);
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(end, asio::error::eof);
  EXPECT_GE(took, 250ms);
  EXPECT_LT(took, 5s);
  for (int i = 0; i < 100 && net.server.connection_count() != 0; ++i) {
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_EQ(net.server.connection_count(), 0u);
}

// A client session and the server's side of it, which reads nothing until the test asks.
std::pair<net::Session, net::Session> connect_to_an_idle_reader(Loopback& net,
                                                                const net::Options& client) {
  std::promise<net::Session> server_session;
  asio::co_spawn(
      net.io,
      [&]() -> asio::awaitable<void> {
        net::Session s = co_await accept_session(net.server);
        server_session.set_value(s);  // and do not read for now
      },
      fail_on_throw);
  auto connected = net::async_connect(net.io.get_executor(), "127.0.0.1", net.port(), {}, client,
                                      asio::use_future);
  auto [s, confirm] = connected.get();
  return {s, server_session.get_future().get()};
}

// Takes `total` events from `server` (each within 20 s); how many were S-DATA carrying `data`.
int receive_data(net::Session& server, int total, Bytes data) {
  int intact = 0;
  for (int received = 0; received < total; ++received) {
    auto next = server.async_receive(asio::use_future);
    if (next.wait_for(20s) != std::future_status::ready) break;
    auto event = next.get();
    const auto* d = std::get_if<session::DataIndication>(&event);
    if (d && same_bytes(d->data, data)) ++intact;
  }
  return intact;
}

TEST(NetFaults, FastSenderWaitsForASlowReader) {
  net::ServerOptions options;
  options.connection.max_queued_events = 4;
  Loopback net(options);
  net::Options client;
  client.output_high_water = 64 << 10;
  auto [s, server] = connect_to_an_idle_reader(net, client);

  constexpr int total = 2000;  // 2000 x 60 000 octets = 120 MB: far beyond socket buffers
  const ByteBuffer data = pattern(60000);
  std::atomic<int> completed = 0;
  std::function<void()> send_next = [&] {
    s.async_send_data(data, [&](std::error_code ec) {
      if (ec) return;
      if (++completed < total) send_next();
    });
  };
  asio::post(s.get_executor(), send_next);
  std::this_thread::sleep_for(500ms);
  const int stalled = completed.load();
  EXPECT_LT(stalled, total) << "every send completed although the peer read nothing";
  std::this_thread::sleep_for(200ms);
  EXPECT_EQ(completed.load(), stalled) << "sends went on completing while nothing was read";

  // Now the server reads: everything arrives, in order, intact, and the sender finishes.
  EXPECT_EQ(receive_data(server, total, data), total);
  for (int i = 0; i < 200 && completed.load() < total; ++i) std::this_thread::sleep_for(10ms);
  EXPECT_EQ(completed.load(), total);
  s.close();
}

// Reading also pauses once the events waiting hold max_queued_event_octets of user data, long
// before max_queued_events of them: a user who does not keep up costs a bounded memory.
TEST(NetFaults, WaitingEventsAreBoundedInOctets) {
  net::ServerOptions options;
  options.connection.max_queued_event_octets = 1 << 20;  // 17 events of 60 000 octets, not 256
  Loopback net(options);
  auto [s, server] = connect_to_an_idle_reader(net, {});

  constexpr int total = 400;  // 24 MB, beyond the socket buffers and 256 events alike
  const auto data = std::make_shared<const ByteBuffer>(pattern(60000));
  std::atomic<int> completed = 0;
  std::function<void()> send_next = [&] {
    s.async_send_data(data, [&](std::error_code ec) {
      if (ec) return;
      if (++completed < total) send_next();
    });
  };
  asio::post(s.get_executor(), send_next);
  for (int i = 0; i < 500 && server.statistics().octets_read <= (1u << 20); ++i)
    std::this_thread::sleep_for(10ms);
  std::this_thread::sleep_for(300ms);  // time to read on, were reading not paused
  EXPECT_LT(completed.load(), total) << "every send completed although the peer read nothing";
  // What the server took off the socket: the bound, plus at most one read and one TSDU beyond it
  // (without the bound, 256 events: 15 MB).
  const std::uint64_t taken = server.statistics().octets_read;
  EXPECT_LT(taken, (1u << 20) + (256u << 10) + 2 * 65536u);
  EXPECT_GT(taken, 1u << 20);

  EXPECT_EQ(receive_data(server, total, *data), total);
  s.close();
}

TEST(NetFaults, GracefulShutdownReleasesEverySession) {
  Loopback net;
  constexpr int sessions = 5;
  std::atomic<int> released = 0, accepted = 0;
  for (int i = 0; i < sessions; ++i) {
    asio::co_spawn(
        net.io,
        [&]() -> asio::awaitable<void> {
          net::Session s = co_await accept_session(net.server);
          ++accepted;  // and served by the server until it shuts down
        },
        fail_on_throw);
  }
  std::vector<std::future<void>> clients;
  for (int i = 0; i < sessions; ++i) {
    clients.push_back(asio::co_spawn(
        net.io,
        [&]() -> asio::awaitable<void> {
          auto [ec, s, confirm] = co_await net::async_connect(net.io.get_executor(), "127.0.0.1",
                                                              net.port(), {}, {}, use_tuple);
          if (ec) throw std::runtime_error("connect: " + ec.message());
          co_await expect<session::ReleaseIndication>(s);
          co_await s.async_accept_release({}, asio::use_awaitable);
          auto [end, event] = co_await s.async_receive(use_tuple);
          if (end == make_error_code(errc::connection_closed)) ++released;
        },
        asio::use_future));
  }
  // Every session accepted (not only every TCP connection counted): a session still in set-up
  // would be refused by the shutdown, which is another test's case.
  for (int i = 0; i < 500 && accepted.load() < sessions; ++i) std::this_thread::sleep_for(10ms);
  ASSERT_EQ(accepted.load(), sessions);
  ASSERT_EQ(net.server.connection_count(), static_cast<std::size_t>(sessions));
  auto shutdown = net.server.async_shutdown(5s, asio::use_future);
  ASSERT_EQ(shutdown.wait_for(10s), std::future_status::ready);
  shutdown.get();
  for (auto& c : clients) {
    ASSERT_EQ(c.wait_for(10s), std::future_status::ready);
    c.get();
  }
  EXPECT_EQ(released.load(), sessions);
  EXPECT_EQ(net.server.connection_count(), 0u);
}

// Connections whose reading is paused (the user takes no events) close at once when the grace
// period ends; with single_thread the server's executor is theirs, so each tells the server it
// is gone while the server is still going through its connections.
TEST(NetFaults, ShutdownOfASingleThreadServerClosesConnectionsThatStoppedReading) {
  net::ServerOptions options;
  options.connection.single_thread = true;
  options.connection.max_queued_events = 1;
  LogLines logs;
  options.connection.log = logs.sink();
  Loopback net(options);
  constexpr int sessions = 4;
  std::mutex held_mutex;
  std::vector<net::Session> held;  // accepted, never asked for an event
  for (int i = 0; i < sessions; ++i) {
    asio::co_spawn(
        net.io,
        [&]() -> asio::awaitable<void> {
          net::Session s = co_await accept_session(net.server);
          std::lock_guard lock(held_mutex);
          held.push_back(std::move(s));
        },
        fail_on_throw);
  }
  std::vector<std::unique_ptr<RawPeer>> peers;
  const ByteBuffer data = pattern(100, 6);
  for (int i = 0; i < sessions; ++i) {
    auto peer = std::make_unique<RawPeer>(net.port());
    peer->establish();
    ASSERT_TRUE(is<session::ConnectConfirm>(peer->next_event()));
    for (int n = 0; n < 3; ++n) ASSERT_TRUE(session::send_data(peer->stack.session, data));
    stack::pump(peer->stack);
    peer->flush();
    peers.push_back(std::move(peer));
  }
  // Each server connection has read its S-DATA and waits for more input; one more makes it
  // look, find its events untaken, and stop reading.
  std::this_thread::sleep_for(100ms);
  for (auto& peer : peers) {
    ASSERT_TRUE(session::send_data(peer->stack.session, data));
    stack::pump(peer->stack);
    peer->flush();
  }
  std::this_thread::sleep_for(100ms);
  ASSERT_EQ(net.server.connection_count(), static_cast<std::size_t>(sessions));
  auto shutdown = net.server.async_shutdown(100ms, asio::use_future);  // the peers answer nothing
  ASSERT_EQ(shutdown.wait_for(10s), std::future_status::ready);
  shutdown.get();
  EXPECT_EQ(net.server.connection_count(), 0u);
  EXPECT_NE(logs.wait_for("grace period over: closing 4 connections"), "") << logs.all();
  for (auto& peer : peers) EXPECT_EQ(peer->read_until_closed(5s), asio::error::eof);
}

TEST(NetFaults, IdleSessionIsAbortedAfterItsLimit) {
  net::ServerOptions options;
  options.connection.idle_timeout = 200ms;
  Loopback net(options);
  asio::co_spawn(
      net.io,
      [&]() -> asio::awaitable<void> {
        net::Session s = co_await accept_session(net.server);
        // This side's own S-U-ABORT has no indication (X.215); the connection just ends.
        for (;;) {
          auto [rec, event] = co_await s.async_receive(use_tuple);
          if (rec) {
            EXPECT_EQ(rec, make_error_code(errc::connection_closed));
            break;
          }
        }
      },
      fail_on_throw);
  const auto start = std::chrono::steady_clock::now();
  net.run([&]() -> asio::awaitable<void> {
    auto [ec, s, confirm] = co_await net::async_connect(net.io.get_executor(), "127.0.0.1",
                                                        net.port(), {}, {}, use_tuple);
    EXPECT_FALSE(ec);
    co_await expect<session::AbortIndication>(s);  // and then nothing: the server gave up
  });
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_GE(took, 190ms);
  EXPECT_LT(took, 5s);
}

}  // namespace
}  // namespace piglix::test
