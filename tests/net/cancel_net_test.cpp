// Per-operation cancellation in piglix::net, through Asio's cancellation slots: what
// `operation || timer` (asio::experimental::awaitable_operators) and asio::cancellation_signal
// ask of an operation. A cancelled operation completes with operation_aborted, takes nothing from
// the session, and leaves it usable; a cancellation after the operation ended changes nothing.
#include <gtest/gtest.h>

#include <asio/bind_cancellation_slot.hpp>
#include <asio/cancellation_signal.hpp>
#include <asio/experimental/awaitable_operators.hpp>
#include <random>

#include "loopback.hpp"

namespace piglix::test {
namespace {

using namespace asio::experimental::awaitable_operators;
using session::DataIndication;

// Whether the timer of `operation || timer` ended it; then the operation was cancelled.
template <class... Results>
bool timer_won(const std::variant<Results...>& outcome) {
  return outcome.index() == 1;
}

// ASSERT_* cannot return from a coroutine: this ends the dialogue by throwing, which fails the
// test (Loopback::run).
void require(bool condition, const char* what) {
  if (!condition) throw std::runtime_error(std::string("required: ") + what);
}

asio::awaitable<void> after(std::chrono::microseconds delay) {
  asio::steady_timer timer(co_await asio::this_coro::executor, delay);
  co_await timer.async_wait(asio::use_awaitable);
}

asio::awaitable<net::Session> connect(Loopback& net, net::Options options = {}) {
  auto [ec, s, confirm] = co_await net::async_connect(net.io.get_executor(), "127.0.0.1",
                                                      net.port(), {}, options, use_tuple);
  if (ec) throw std::runtime_error("connect: " + ec.message());
  co_return s;
}

// The session goes on after a cancellation: an S-DATA of `size` octets comes back from the echo
// server, then the session is released.
asio::awaitable<void> echo_then_release(net::Session& s, std::size_t size, unsigned seed) {
  const ByteBuffer data = pattern(size, seed);
  co_await s.async_send_data(data, asio::use_awaitable);
  EXPECT_EQ((co_await expect<DataIndication>(s)).data, data);
  co_await s.async_release({}, asio::use_awaitable);
  EXPECT_TRUE((co_await expect<session::ReleaseConfirm>(s)).accepted);
}

TEST(NetCancel, ReceiveEndsWithOperationAbortedAndTheNextOneGetsTheData) {
  Loopback net;
  asio::co_spawn(net.io, echo_one(net.server), fail_on_throw);
  net.run([&]() -> asio::awaitable<void> {
    net::Session s = co_await connect(net);
    // Nothing comes: the timer ends the receive.
    auto outcome = co_await (s.async_receive(use_tuple) || after(50ms));
    EXPECT_TRUE(timer_won(outcome));
    // The session goes on, and the echo reaches the next receive: the cancelled one took
    // nothing.
    const ByteBuffer data = pattern(100, 1);
    co_await s.async_send_data(data, asio::use_awaitable);
    auto echo = co_await (expect<DataIndication>(s) || after(10s));
    require(!timer_won(echo), "the echo came");
    EXPECT_EQ(std::get<0>(echo).data, data);
    // With its event there, the receive completes first, and the timer is what is cancelled.
    co_await s.async_send_data(data, asio::use_awaitable);
    auto first = co_await (s.async_receive(use_tuple) || after(10s));
    require(!timer_won(first), "the second echo came");
    auto [ec, event] = std::get<0>(first);
    EXPECT_FALSE(ec) << ec.message();
    require(std::holds_alternative<DataIndication>(event), "the event is S-DATA");
    EXPECT_EQ(std::get<DataIndication>(event).data, data);
    co_await s.async_release({}, asio::use_awaitable);
    EXPECT_TRUE((co_await expect<session::ReleaseConfirm>(s)).accepted);
  });
}

TEST(NetCancel, ASignalEndsAReceiveOnlyWhileItWaits) {
  Loopback net;
  asio::co_spawn(net.io, echo_one(net.server), fail_on_throw);
  net.run([&]() -> asio::awaitable<void> {
    net::Session s = co_await connect(net);
    asio::cancellation_signal signal;
    std::optional<std::error_code> result;
    s.async_receive(asio::bind_cancellation_slot(
        signal.slot(), [&](std::error_code ec, session::Event) { result = ec; }));
    co_await after(20ms);
    EXPECT_FALSE(result) << "completed without an event or a cancellation";
    signal.emit(asio::cancellation_type::partial);
    EXPECT_FALSE(result) << "completed inside emit()";
    for (int i = 0; i < 100 && !result; ++i) co_await after(10ms);
    require(result.has_value(), "the receive completed");
    EXPECT_EQ(*result, asio::error::operation_aborted);
    // Emitting again, now that nothing waits, changes nothing.
    signal.emit(asio::cancellation_type::terminal);
    co_await echo_then_release(s, 10, 2);
  });
}

TEST(NetCancel, AcceptEndsWithOperationAbortedAndTheNextOneGetsTheSession) {
  Loopback net;
  net.run([&]() -> asio::awaitable<void> {
    asio::cancellation_signal signal;
    std::optional<std::error_code> result;
    net.server.async_accept(asio::bind_cancellation_slot(
        signal.slot(),
        [&](std::error_code ec, net::Session, session::ConnectIndication) { result = ec; }));
    co_await after(20ms);
    signal.emit(asio::cancellation_type::total);
    for (int i = 0; i < 100 && !result; ++i) co_await after(10ms);
    require(result.has_value(), "the accept completed");
    EXPECT_EQ(*result, asio::error::operation_aborted);
    auto outcome = co_await (net.server.async_accept(use_tuple) || after(50ms));
    EXPECT_TRUE(timer_won(outcome));
    // A client comes now: the next async_accept has it.
    asio::co_spawn(net.io, echo_one(net.server), fail_on_throw);
    net::Session s = co_await connect(net);
    co_await echo_then_release(s, 30, 3);
  });
}

TEST(NetCancel, ConnectToASilentPeerEndsWhenCancelledAndClosesTheSocket) {
  Loopback net;
  asio::ip::tcp::acceptor silent(net.io, {asio::ip::address_v4::loopback(), 0});
  asio::ip::tcp::socket held(net.io);
  std::promise<void> accepted;
  silent.async_accept(held, [&](std::error_code) { accepted.set_value(); });  // never a CC
  net::Options options;
  options.connect_timeout = 30s;
  net.run([&]() -> asio::awaitable<void> {
    const auto start = std::chrono::steady_clock::now();
    auto outcome = co_await (net::async_connect(net.io.get_executor(), "127.0.0.1",
                                                std::to_string(silent.local_endpoint().port()), {},
                                                options, use_tuple) ||
                             after(100ms));
    EXPECT_TRUE(timer_won(outcome));
    EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
  });
  // The attempt is over on the wire too: the peer reads its CR, then the end of the stream.
  accepted.get_future().wait();
  held.non_blocking(false);
  std::error_code ec;
  std::uint8_t buffer[512];
  for (int reads = 0; reads < 10 && !ec; ++reads) (void)held.read_some(asio::buffer(buffer), ec);
  EXPECT_EQ(ec, asio::error::eof);
}

// A connect cancelled while TCP still waits for the peer's SYN-ACK (a listener whose accept queue
// is full drops SYNs, and the kernel retries for minutes) ends at once, and nothing of it is left
// running: io_context::run() returns.
TEST(NetCancel, ConnectCancelledBeforeTcpConnectsLeavesNothingRunning) {
  asio::io_context io;
  asio::ip::tcp::acceptor full(io, {asio::ip::address_v4::loopback(), 0});
  full.listen(0);
  const asio::ip::tcp::endpoint endpoint = full.local_endpoint();
  // Fill the accept queue: connections nobody accepts, until one no longer completes.
  std::vector<std::unique_ptr<asio::ip::tcp::socket>> queued;
  for (int i = 0; i < 8; ++i) {
    auto socket = std::make_unique<asio::ip::tcp::socket>(io);
    socket->async_connect(endpoint, [](std::error_code) {});
    queued.push_back(std::move(socket));
  }
  io.run_for(200ms);
  io.restart();
  net::Options options;
  options.connect_timeout = 60s;
  asio::cancellation_signal signal;
  std::optional<std::error_code> result;
  net::async_connect(
      io.get_executor(), "127.0.0.1", std::to_string(endpoint.port()), {}, options,
      asio::bind_cancellation_slot(signal.slot(), [&](std::error_code ec, net::Session,
                                                      session::ConnectConfirm) { result = ec; }));
  asio::steady_timer later(io, 100ms);
  later.async_wait([&](std::error_code) { signal.emit(asio::cancellation_type::terminal); });
  for (auto& socket : queued) socket->close();  // their own connects end too
  queued.clear();
  const auto start = std::chrono::steady_clock::now();
  io.run_for(20s);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s) << "the connect went on";
  ASSERT_TRUE(result);
  EXPECT_EQ(*result, asio::error::operation_aborted);
}

// With Options::single_thread the connection's executor is the io_context's own: cancellation
// works the same.
TEST(NetCancel, ReceiveOfASingleThreadConnectionEndsWhenCancelled) {
  net::ServerOptions server_options;
  server_options.connection.single_thread = true;
  Loopback net(server_options);
  asio::co_spawn(net.io, echo_one(net.server), fail_on_throw);
  net.run([&]() -> asio::awaitable<void> {
    net::Options options;
    options.single_thread = true;
    net::Session s = co_await connect(net, options);
    auto outcome = co_await (s.async_receive(use_tuple) || after(50ms));
    EXPECT_TRUE(timer_won(outcome));
    co_await echo_then_release(s, 20, 5);
  });
}

// Receives cancelled at random moments while S-DATA stream in, on two threads with the
// connection on a strand: each receive ends either with the next S-DATA or with
// operation_aborted, and every S-DATA arrives exactly once, in order.
TEST(NetCancel, ReceivesCancelledAtRandomOnTwoThreadsLoseAndRepeatNothing) {
  constexpr std::uint32_t messages = 1500;
  Loopback net({}, 2);
  std::minstd_rand pace(11);
  asio::co_spawn(
      net.io,
      [&]() -> asio::awaitable<void> {
        net::Session s = co_await accept_session(net.server);
        for (std::uint32_t i = 0; i < messages; ++i) {
          const ByteBuffer numbered{
              static_cast<std::uint8_t>(i >> 24), static_cast<std::uint8_t>(i >> 16),
              static_cast<std::uint8_t>(i >> 8), static_cast<std::uint8_t>(i)};
          co_await s.async_send_data(numbered, asio::use_awaitable);
          co_await after(std::chrono::microseconds(pace() % 600));
        }
        co_await expect<session::ReleaseIndication>(s);
        co_await s.async_accept_release({}, asio::use_awaitable);
      },
      fail_on_throw);
  std::uint32_t received = 0, aborted = 0;
  // Runs on the session's strand, as a coroutine of its own: the handlers, the timer and the
  // emit() that cancels all run there (a slot belongs to its handler's executor).
  auto receive_all = [&](net::Session& s) -> asio::awaitable<void> {
    const auto strand = s.get_executor();
    std::minstd_rand random(7);
    asio::steady_timer delay(strand);
    while (received < messages) {
      asio::cancellation_signal signal;
      std::optional<std::pair<std::error_code, session::Event>> result;
      s.async_receive(asio::bind_cancellation_slot(
          signal.slot(), asio::bind_executor(strand, [&](std::error_code ec, session::Event e) {
            result.emplace(ec, std::move(e));
          })));
      delay.expires_after(std::chrono::microseconds(random() % 100));
      co_await delay.async_wait(use_tuple);
      if (!result) signal.emit(asio::cancellation_type::terminal);
      while (!result) co_await asio::post(strand, asio::use_awaitable);
      auto& [ec, event] = *result;
      if (ec == asio::error::operation_aborted) {
        ++aborted;
        continue;
      }
      require(!ec, "a receive failed");
      const auto* data = std::get_if<DataIndication>(&event);
      require(data && data->data.size() == 4, "an S-DATA of 4 octets");
      const std::uint32_t n = std::uint32_t{data->data[0]} << 24 |
                              std::uint32_t{data->data[1]} << 16 |
                              std::uint32_t{data->data[2]} << 8 | data->data[3];
      EXPECT_EQ(n, received);
      if (n != received) co_return;
      ++received;
    }
  };
  net.run([&]() -> asio::awaitable<void> {
    net::Session s = co_await connect(net);
    co_await asio::co_spawn(s.get_executor(), receive_all(s), asio::use_awaitable);
    co_await s.async_release({}, asio::use_awaitable);
    co_await expect<session::ReleaseConfirm>(s);
  });
  EXPECT_EQ(received, messages);
  EXPECT_GT(aborted, 0u) << "no receive was cancelled: the test proved nothing";
}

// A request is taken by the machine at once; what waits is its wait for the output queue. Only
// terminal cancellation ends that wait, and the data still leave.
TEST(NetCancel, TerminalCancellationEndsARequestsWaitAndTheDataStillArrive) {
  net::ServerOptions options;
  options.connection.output_high_water = 0;  // a request waits until its octets are written
  options.connection.max_queued_output = 64 << 20;
  Loopback net(options);
  RawPeer peer(net.port());
  net::Session s = establish_raw_peer(net, peer);
  ASSERT_TRUE(s);

  // 33 MB to a peer that reads nothing for now, far beyond loopback's socket buffers: 549 S-DATA
  // of 60 000 octets nobody waits for, and one more whose wait is cancelled.
  constexpr int requests = 550;
  const SharedBuffer data = std::make_shared<const ByteBuffer>(pattern(60000, 4));
  std::optional<std::error_code> result;
  std::atomic<int> others_failed = 0;
  asio::cancellation_signal signal;
  std::promise<void> cancelled;
  asio::co_spawn(
      s.get_executor(),
      [&]() -> asio::awaitable<void> {
        for (int i = 1; i < requests; ++i) {
          s.async_send_data(data, [&](std::error_code ec) { others_failed += ec ? 1 : 0; });
        }
        s.async_send_data(data, asio::bind_cancellation_slot(
                                    signal.slot(), [&](std::error_code ec) { result = ec; }));
        co_await after(100ms);
        EXPECT_FALSE(result) << "the write is blocked: nothing should complete it";
        signal.emit(asio::cancellation_type::partial | asio::cancellation_type::total);
        co_await after(100ms);
        EXPECT_FALSE(result) << "only terminal cancellation may end a request's wait";
        signal.emit(asio::cancellation_type::terminal);
        for (int i = 0; i < 100 && !result; ++i) co_await after(10ms);
        cancelled.set_value();
      },
      fail_on_throw);
  cancelled.get_future().wait();
  ASSERT_TRUE(result);
  EXPECT_EQ(*result, asio::error::operation_aborted);

  // The peer reads: every S-DATA arrives intact, the cancelled one's too.
  for (int i = 0; i < requests; ++i) {
    const session::Event e = peer.next_event(60s);
    ASSERT_TRUE(is<DataIndication>(e)) << i;
    EXPECT_TRUE(std::get<DataIndication>(e).data == *data) << i;
  }
  EXPECT_EQ(others_failed.load(), 0);
}

}  // namespace
}  // namespace piglix::test
