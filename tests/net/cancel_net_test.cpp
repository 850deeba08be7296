// Per-operation cancellation in piglix::net, through Asio's cancellation slots: what
// `operation || timer` (asio::experimental::awaitable_operators) and asio::cancellation_signal
// ask of an operation. A cancelled operation completes with operation_aborted, takes nothing from
// the session, and leaves it usable; a cancellation after the operation ended changes nothing.
#include <gtest/gtest.h>

#include <asio/bind_cancellation_slot.hpp>
#include <asio/cancellation_signal.hpp>
#include <asio/experimental/awaitable_operators.hpp>

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

asio::awaitable<void> after(std::chrono::milliseconds delay) {
  asio::steady_timer timer(co_await asio::this_coro::executor, delay);
  co_await timer.async_wait(asio::use_awaitable);
}

asio::awaitable<net::Session> connect(Loopback& net) {
  auto [ec, s, confirm] = co_await net::async_connect(net.io.get_executor(), "127.0.0.1",
                                                      net.port(), {}, {}, use_tuple);
  if (ec) throw std::runtime_error("connect: " + ec.message());
  co_return s;
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
    // A receive that completes first is not touched by the cancellation that follows.
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
    const ByteBuffer data = pattern(10, 2);
    co_await s.async_send_data(data, asio::use_awaitable);
    EXPECT_EQ((co_await expect<DataIndication>(s)).data, data);
    co_await s.async_release({}, asio::use_awaitable);
    co_await expect<session::ReleaseConfirm>(s);
  });
}

TEST(NetCancel, AcceptEndsWithOperationAbortedAndTheNextOneGetsTheSession) {
  Loopback net;
  net.run([&]() -> asio::awaitable<void> {
    auto outcome = co_await (net.server.async_accept(use_tuple) || after(50ms));
    EXPECT_TRUE(timer_won(outcome));
    // A client comes now: the next async_accept has it.
    asio::co_spawn(net.io, echo_one(net.server), fail_on_throw);
    net::Session s = co_await connect(net);
    const ByteBuffer data = pattern(30, 3);
    co_await s.async_send_data(data, asio::use_awaitable);
    EXPECT_EQ((co_await expect<DataIndication>(s)).data, data);
    co_await s.async_release({}, asio::use_awaitable);
    co_await expect<session::ReleaseConfirm>(s);
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

// A request is taken by the machine at once; what waits is its wait for the output queue. Only
// terminal cancellation ends that wait, and the data still leave.
TEST(NetCancel, TerminalCancellationEndsARequestsWaitAndTheDataStillArrive) {
  net::ServerOptions options;
  options.connection.output_high_water = 0;  // a request waits until its octets are written
  options.connection.max_queued_output = 64 << 20;
  Loopback net(options);
  std::promise<net::Session> served;
  asio::co_spawn(
      net.io,
      [&]() -> asio::awaitable<void> { served.set_value(co_await accept_session(net.server)); },
      fail_on_throw);
  RawPeer peer(net.port());
  peer.establish();
  ASSERT_TRUE(is<session::ConnectConfirm>(peer.next_event()));
  net::Session s = served.get_future().get();

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
