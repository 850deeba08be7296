// piglix::net over loopback sockets: set-up, data, tokens, synchronization, activities, release,
// refusal and abort, with each completion style (coroutines, futures, callbacks).
#include <gtest/gtest.h>
#include <sys/epoll.h>

#include <asio/thread_pool.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "loopback.hpp"
#include "piglix/describe.hpp"

namespace piglix::test {
namespace {

using session::ConnectIndication;
using session::DataIndication;

// The session's strand, when it is over an executor of type E.
template <class E>
const asio::strand<E>* strand_over(const asio::any_io_executor& executor) {
  return net::detail::target_of<asio::strand<E>>(executor);
}

// Whether the caller runs on the session's strand, whichever executor that strand is over.
bool runs_on_the_strand_of(const net::Session& s) {
  const auto executor = s.get_executor();
  if (const auto* over_io = strand_over<asio::io_context::executor_type>(executor)) {
    return over_io->running_in_this_thread();
  }
  const auto* over_any = strand_over<asio::any_io_executor>(executor);
  return over_any != nullptr && over_any->running_in_this_thread();
}

net::Options quiet() {
  net::Options o;
  if (std::getenv("PIGLIX_NET_LOG"))
    o.log = [](std::string_view line) {
      fprintf(stderr, "log: %.*s\n", int(line.size()), line.data());
    };
  return o;
}

TEST(NetSession, CoroutineDialogueWithEchoAndRelease) {
  Loopback net;
  asio::co_spawn(net.io, echo_one(net.server), fail_on_throw);
  net.run([&]() -> asio::awaitable<void> {
    session::ConnectRequest request;
    request.user_data = {0x60, 0x02, 0x01, 0x00};
    auto [ec, s, confirm] = co_await net::async_connect(
        net.io.get_executor(), "127.0.0.1", net.port(), std::move(request), quiet(), use_tuple);
    EXPECT_FALSE(ec) << ec.message();
    EXPECT_TRUE(confirm.accepted);
    EXPECT_EQ(confirm.version, 2);
    for (std::size_t size : {1u, 1000u, 60000u}) {
      const ByteBuffer data = pattern(size, static_cast<unsigned>(size));
      co_await s.async_send_data(data, asio::use_awaitable);
      auto echo = co_await expect<DataIndication>(s);
      EXPECT_EQ(echo.data, data) << size;
    }
    co_await s.async_release({}, asio::use_awaitable);
    auto done = co_await expect<session::ReleaseConfirm>(s);
    EXPECT_TRUE(done.accepted);
    auto [end, event] = co_await s.async_receive(use_tuple);
    EXPECT_EQ(end, make_error_code(errc::connection_closed));
  });
  // The server side closed too.
  for (int i = 0; i < 100 && net.server.connection_count() != 0; ++i)
    std::this_thread::sleep_for(10ms);
  EXPECT_EQ(net.server.connection_count(), 0u);
}

// S-TYPED-DATA takes a SharedBuffer too (its body is compiled here; the machine's side is tested
// in tests/unit/stack_test.cpp).
static_assert(requires(net::Session & s, SharedBuffer b) {
  s.async_send_typed_data(b, asio::use_future);
});

// Data in a SharedBuffer are written from it: the echo is the same octets, and the connection
// lets go of the buffer once they are written.
TEST(NetSession, SharedBufferDataCrossTheSocket) {
  Loopback net;
  asio::co_spawn(net.io, echo_one(net.server), fail_on_throw);
  net.run([&]() -> asio::awaitable<void> {
    auto [ec, s, confirm] = co_await net::async_connect(net.io.get_executor(), "127.0.0.1",
                                                        net.port(), {}, quiet(), use_tuple);
    EXPECT_FALSE(ec) << ec.message();
    for (std::size_t size : {100u, 60000u}) {
      const auto data = std::make_shared<const ByteBuffer>(pattern(size, 7));
      co_await s.async_send_data(data, asio::use_awaitable);
      auto echo = co_await expect<DataIndication>(s);
      EXPECT_EQ(echo.data, *data) << size;
      for (int i = 0; i < 100 && data.use_count() > 1; ++i) {
        asio::steady_timer t(co_await asio::this_coro::executor, 1ms);
        co_await t.async_wait(asio::use_awaitable);
      }
      EXPECT_EQ(data.use_count(), 1) << size;
    }
    co_await s.async_release({}, asio::use_awaitable);
    co_await expect<session::ReleaseConfirm>(s);
  });
}

// A buffer handed back with recycle() is where the connection builds a later indication.
TEST(NetSession, RecycledBufferHoldsTheNextIndication) {
  Loopback net;
  asio::co_spawn(net.io, echo_one(net.server), fail_on_throw);
  net.run([&]() -> asio::awaitable<void> {
    auto [ec, s, confirm] = co_await net::async_connect(net.io.get_executor(), "127.0.0.1",
                                                        net.port(), {}, quiet(), use_tuple);
    EXPECT_FALSE(ec) << ec.message();
    ByteBuffer big;
    big.reserve(1 << 20);
    s.recycle(std::move(big));
    s.recycle(ByteBuffer{});  // one without capacity is not kept
    const ByteBuffer data = pattern(10);
    co_await s.async_send_data(data, asio::use_awaitable);
    auto echo = co_await expect<DataIndication>(s);
    EXPECT_EQ(echo.data, data);
    EXPECT_GE(echo.data.capacity(), std::size_t{1} << 20) << "built in the recycled buffer";
    co_await s.async_release({}, asio::use_awaitable);
    co_await expect<session::ReleaseConfirm>(s);
  });
  net::Session none;
  none.recycle(ByteBuffer(10));  // no connection: nothing to do
}

// A connection over an executor that is not an io_context's (a thread pool: its strand is over a
// type-erased executor) works the same, its handlers on its strand.
TEST(NetSession, ConnectionOverAThreadPool) {
  Loopback net;
  asio::co_spawn(net.io, echo_one(net.server), fail_on_throw);
  asio::thread_pool pool(2);
  auto connected = net::async_connect(pool.get_executor(), "127.0.0.1", net.port(), {}, quiet(),
                                      asio::use_future);
  ASSERT_EQ(connected.wait_for(10s), std::future_status::ready);
  auto [s, confirm] = connected.get();
  EXPECT_NE(strand_over<asio::any_io_executor>(s.get_executor()), nullptr);
  for (std::size_t size : {10u, 60000u}) {
    const ByteBuffer data = pattern(size, 3);
    s.async_send_data(data, asio::use_future).get();
    std::promise<session::Event> got;
    s.async_receive([&](std::error_code ec, session::Event e) {
      EXPECT_FALSE(ec);
      EXPECT_TRUE(runs_on_the_strand_of(s));
      got.set_value(std::move(e));
    });
    auto event = got.get_future();
    ASSERT_EQ(event.wait_for(10s), std::future_status::ready);
    auto e = event.get();
    ASSERT_TRUE(std::holds_alternative<DataIndication>(e));
    EXPECT_EQ(std::get<DataIndication>(e).data, data) << size;
  }
  s.async_release({}, asio::use_future).get();
  auto confirmed = s.async_receive(asio::use_future);
  ASSERT_EQ(confirmed.wait_for(10s), std::future_status::ready);
  EXPECT_TRUE(std::holds_alternative<session::ReleaseConfirm>(confirmed.get()));
  pool.join();
}

// Options::single_thread: server and client connections run on the io_context's own executor,
// with no strand, and a dialogue with reads of one octet (read_size 0 counts as 1) still works.
TEST(NetSession, SingleThreadConnectionsNeedNoStrand) {
  net::ServerOptions server_options;
  server_options.connection.single_thread = true;
  Loopback net(std::move(server_options));
  std::promise<bool> server_on_io;
  asio::co_spawn(
      net.io,
      [&]() -> asio::awaitable<void> {
        net::Session s = co_await accept_session(net.server);
        server_on_io.set_value(
            net::detail::target_of<asio::io_context::executor_type>(s.get_executor()) != nullptr);
        co_await echo(s);
      },
      fail_on_throw);
  net::Options options = quiet();
  options.single_thread = true;
  options.read_size = 0;
  EXPECT_TRUE(net.run([&]() -> asio::awaitable<void> {
    auto [ec, s, confirm] = co_await net::async_connect(net.io.get_executor(), "127.0.0.1",
                                                        net.port(), {}, options, use_tuple);
    if (ec) throw std::runtime_error("connect: " + ec.message());
    const auto* io = net::detail::target_of<asio::io_context::executor_type>(s.get_executor());
    if (io == nullptr) throw std::runtime_error("the client session runs on a strand");
    const ByteBuffer data = pattern(3000, 7);
    co_await s.async_send_data(data, asio::use_awaitable);
    auto echo = co_await expect<DataIndication>(s);
    if (echo.data != data) throw std::runtime_error("the echo differs");
    if (s.statistics().reads < data.size()) throw std::runtime_error("reads were not one octet");
    co_await s.async_release({}, asio::use_awaitable);
    co_await expect<session::ReleaseConfirm>(s);
  }));
  auto on_io = server_on_io.get_future();
  ASSERT_EQ(on_io.wait_for(10s), std::future_status::ready);
  EXPECT_TRUE(on_io.get()) << "the server's session runs on a strand";
}

// The event masks of every descriptor registered in an epoll set of this process, read from
// /proc/self/fdinfo ("tfd: 11 events: 8000201b data: ...").
std::vector<unsigned> epoll_event_masks() {
  std::vector<unsigned> masks;
  for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd")) {
    std::error_code ec;
    if (std::filesystem::read_symlink(entry.path(), ec).string() != "anon_inode:[eventpoll]") {
      continue;
    }
    std::ifstream info("/proc/self/fdinfo/" + entry.path().filename().string());
    for (std::string line; std::getline(info, line);) {
      std::istringstream fields(line);
      std::string tfd, fd, events;
      unsigned mask = 0;
      if (fields >> tfd >> fd >> events >> std::hex >> mask && tfd == "tfd:") {
        masks.push_back(mask);
      }
    }
  }
  return masks;
}

// A socket waits for input only, once nothing waits to be written: Asio keeps the interest in
// writing that the TCP connect, or a write the socket could not take at once, registered, and
// each wait for input would then wake the reactor at once for a socket that can be written (one
// wasted wake-up per message received).
TEST(NetSession, ConnectedSocketsWaitForInputOnly) {
  Loopback net;
  asio::co_spawn(net.io, echo_one(net.server), fail_on_throw);
  EXPECT_TRUE(net.run([&]() -> asio::awaitable<void> {
    auto [ec, s, confirm] = co_await net::async_connect(net.io.get_executor(), "127.0.0.1",
                                                        net.port(), {}, quiet(), use_tuple);
    if (ec) throw std::runtime_error("connect: " + ec.message());
    // More than the sockets hold, so that both sides' writes wait for room.
    const auto bulk = std::make_shared<const ByteBuffer>(pattern(60000, 2));
    for (int i = 0; i < 128; ++i) co_await s.async_send_data(bulk, asio::use_awaitable);
    for (int i = 0; i < 128; ++i) {
      auto echo = co_await expect<DataIndication>(s);
      if (echo.data != *bulk) throw std::runtime_error("an echo differs");
    }
    const ByteBuffer data = pattern(100, 3);
    co_await s.async_send_data(data, asio::use_awaitable);
    auto echo = co_await expect<DataIndication>(s);
    EXPECT_EQ(echo.data, data);
    const std::vector<unsigned> masks = epoll_event_masks();
    // The listening socket, both ends of the session, the io_context's interrupter and timers.
    EXPECT_GE(masks.size(), 3u);
    for (unsigned mask : masks) EXPECT_EQ(mask & EPOLLOUT, 0u) << std::hex << mask;
    co_await s.async_release({}, asio::use_awaitable);
    co_await expect<session::ReleaseConfirm>(s);
  }));
}

TEST(NetSession, FuturesAndCallbacksFromAnotherThread) {
  Loopback net;
  asio::co_spawn(net.io, echo_one(net.server), fail_on_throw);
  auto connected = net::async_connect(net.io.get_executor(), "localhost", net.port(), {}, quiet(),
                                      asio::use_future);
  ASSERT_EQ(connected.wait_for(10s), std::future_status::ready);
  auto [s, confirm] = connected.get();  // throws system_error on failure
  EXPECT_TRUE(confirm.accepted);

  const ByteBuffer data = pattern(5000);
  auto sent = s.async_send_data(data, asio::use_future);
  ASSERT_EQ(sent.wait_for(10s), std::future_status::ready);
  sent.get();

  std::promise<session::Event> got;
  s.async_receive([&](std::error_code ec, session::Event e) {
    EXPECT_FALSE(ec);
    got.set_value(std::move(e));
  });
  auto event = got.get_future();
  ASSERT_EQ(event.wait_for(10s), std::future_status::ready);
  auto e = event.get();
  ASSERT_TRUE(std::holds_alternative<DataIndication>(e));
  EXPECT_EQ(std::get<DataIndication>(e).data, data);

  // A request the machine refuses completes with its error code (and a log line).
  auto refused = s.async_give_tokens(spdu::token::data, asio::use_future);
  try {
    refused.get();
    ADD_FAILURE() << "give tokens in duplex was accepted";
  } catch (const std::system_error& error) {
    EXPECT_EQ(error.code(), make_error_code(errc::request_not_allowed));
  }
  s.close();
}

// A callback without an executor of its own runs on the connection's strand, dispatched there
// when a read completes it. A request started inside it still never completes inside its own
// initiating call.
TEST(NetSession, CallbacksRunOnTheStrandButNeverInsideTheirInitiatingCall) {
  Loopback net;
  asio::co_spawn(net.io, echo_one(net.server), fail_on_throw);
  net.run([&]() -> asio::awaitable<void> {
    auto [ec, s, confirm] = co_await net::async_connect(net.io.get_executor(), "127.0.0.1",
                                                        net.port(), {}, quiet(), use_tuple);
    EXPECT_FALSE(ec) << ec.message();
    // Over the io_context's own executor, which an any_io_executor holds without allocating.
    EXPECT_NE(strand_over<asio::io_context::executor_type>(s.get_executor()), nullptr);
    const ByteBuffer data = pattern(100);
    co_await s.async_send_data(data, asio::use_awaitable);
    std::promise<void> done;
    bool inside_call = false;
    s.async_receive([&](std::error_code receive_ec, session::Event e) {
      EXPECT_FALSE(receive_ec);
      EXPECT_TRUE(std::holds_alternative<DataIndication>(e));
      EXPECT_TRUE(runs_on_the_strand_of(s));
      inside_call = true;
      s.async_send_data(data, [&](std::error_code send_ec) {
        EXPECT_FALSE(send_ec);
        EXPECT_FALSE(inside_call) << "completed inside async_send_data";
        done.set_value();
      });
      inside_call = false;
    });
    auto finished = done.get_future();
    while (finished.wait_for(0s) != std::future_status::ready) {
      asio::steady_timer t(co_await asio::this_coro::executor, 1ms);
      co_await t.async_wait(asio::use_awaitable);
    }
    co_await expect<DataIndication>(s);  // the second echo
    co_await s.async_release({}, asio::use_awaitable);
    co_await expect<session::ReleaseConfirm>(s);
  });
}

TEST(NetSession, RefusalReachesTheClientWithItsReason) {
  Loopback net;
  asio::co_spawn(
      net.io,
      [&]() -> asio::awaitable<void> {
        auto [ec, s, indication] = co_await net.server.async_accept(use_tuple);
        session::RefuseResponse refusal;
        refusal.reason = spdu::refuse_reason::user_data_follows;
        refusal.user_data = {0x61, 0x00};
        co_await s.async_refuse(std::move(refusal), asio::use_awaitable);
      },
      fail_on_throw);
  net.run([&]() -> asio::awaitable<void> {
    auto [ec, s, confirm] = co_await net::async_connect(net.io.get_executor(), "127.0.0.1",
                                                        net.port(), {}, quiet(), use_tuple);
    EXPECT_EQ(ec, make_error_code(errc::session_refused));
    EXPECT_FALSE(confirm.accepted);
    EXPECT_EQ(confirm.user_data, (ByteBuffer{0x61, 0x00}));
  });
}

TEST(NetSession, UnknownTsapIsATransportRefusal) {
  net::ServerOptions options;
  options.connection.stack.transport.local_tsaps = {ByteBuffer{0x00, 0x01}};
  Loopback net(options);
  net.run([&]() -> asio::awaitable<void> {
    net::Options client;
    client.stack.tsaps.called_tsap = ByteBuffer{0x00, 0x09};
    std::vector<std::string> log;
    client.log = [&](std::string_view line) { log.emplace_back(line); };
    auto [ec, s, confirm] = co_await net::async_connect(net.io.get_executor(), "127.0.0.1",
                                                        net.port(), {}, client, use_tuple);
    EXPECT_EQ(ec, make_error_code(errc::transport_refused));
    // The reason waits in the session.
    auto abort = co_await expect<session::AbortIndication>(s);
    EXPECT_TRUE(abort.error.has_value());
    if (abort.error) {
      EXPECT_NE(abort.error->detail.find("called TSAP unknown"), std::string::npos)
          << abort.error->detail;
    }
  });
}

TEST(NetSession, ConnectTimesOutAgainstASilentPeer) {
  asio::io_context io;
  asio::ip::tcp::acceptor silent(io, {asio::ip::address_v4::loopback(), 0});
  asio::ip::tcp::socket held(io);
  silent.async_accept(held, [](std::error_code) {});  // TCP accepted, never a CC
  net::Options options;
  options.connect_timeout = 200ms;
  std::error_code result;
  const auto start = std::chrono::steady_clock::now();
  net::async_connect(
      io.get_executor(), "127.0.0.1", std::to_string(silent.local_endpoint().port()), {}, options,
      [&](std::error_code ec, net::Session, session::ConnectConfirm) { result = ec; });
  io.run_for(5s);
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(result, make_error_code(errc::timed_out));
  EXPECT_GE(took, 190ms);
  EXPECT_LT(took, 3s);
}

TEST(NetSession, ServerClosesAConnectionThatNeverSendsItsCn) {
  net::ServerOptions options;
  options.connection.connect_timeout = 200ms;
  Loopback net(options);
  RawPeer peer(net.port());
  transport::network_connected(peer.stack.transport);
  peer.flush();  // the CR only: the transport connects, the session never does
  ByteBuffer got;
  EXPECT_EQ(peer.read_until_closed(5s, &got), asio::error::eof);  // the CC, then the end
  EXPECT_GT(got.size(), 0u);
  for (int i = 0; i < 100 && net.server.connection_count() != 0; ++i)
    std::this_thread::sleep_for(10ms);
  EXPECT_EQ(net.server.connection_count(), 0u);
}

TEST(NetSession, TokensSynchronizationAndActivities) {
  Loopback net;
  constexpr std::uint16_t units = spdu::fu::half_duplex | spdu::fu::minor_synchronize |
                                  spdu::fu::major_synchronize | spdu::fu::resynchronize |
                                  spdu::fu::activity_management | spdu::fu::typed_data;
  asio::co_spawn(
      net.io,
      [&]() -> asio::awaitable<void> {
        session::AcceptResponse accept;
        accept.functional_units = units;
        net::Session s = co_await accept_session(net.server, accept);
        auto start = co_await expect<session::ActivityStartIndication>(s);
        EXPECT_EQ(start.activity_id, (ByteBuffer{'A', '1'}));
        auto data = co_await expect<DataIndication>(s);
        auto minor = co_await expect<session::SyncMinorIndication>(s);
        EXPECT_TRUE(minor.confirm_required);
        co_await s.async_acknowledge_sync_minor(minor.serial_number, asio::use_awaitable);
        auto typed = co_await expect<session::TypedDataIndication>(s);
        EXPECT_EQ(typed.data, data.data);
        auto end = co_await expect<session::ActivityEndIndication>(s);
        (void)end;
        co_await s.async_acknowledge_activity_end(asio::use_awaitable);
        auto given = co_await expect<session::TokenGiveIndication>(s);
        EXPECT_EQ(given.tokens, spdu::token::data);
        co_await s.async_send_data(data.data,
                                   asio::use_awaitable);  // the server has the data token
        co_await s.async_please_tokens(spdu::token::minor_sync, asio::use_awaitable);
        co_await s.async_give_tokens(spdu::token::data, asio::use_awaitable);
        auto release = co_await expect<session::ReleaseIndication>(s);
        (void)release;
        co_await s.async_accept_release({}, asio::use_awaitable);
      },
      fail_on_throw);

  net.run([&]() -> asio::awaitable<void> {
    session::ConnectRequest request;
    request.functional_units = units;
    request.initial_serial_number = 1;
    auto [ec, s, confirm] = co_await net::async_connect(
        net.io.get_executor(), "127.0.0.1", net.port(), std::move(request), quiet(), use_tuple);
    EXPECT_FALSE(ec) << ec.message();
    EXPECT_EQ(confirm.functional_units, units);
    const ByteBuffer id{'A', '1'}, data = pattern(3000);
    co_await s.async_start_activity(id, asio::use_awaitable);
    co_await s.async_send_data(data, asio::use_awaitable);
    const std::uint64_t serial = co_await s.async_sync_minor(true, asio::use_awaitable);
    auto confirmed = co_await expect<session::SyncMinorConfirm>(s);
    EXPECT_EQ(confirmed.serial_number, serial);
    co_await s.async_send_typed_data(data, asio::use_awaitable);
    const std::uint64_t end_serial = co_await s.async_end_activity(asio::use_awaitable);
    auto ended = co_await expect<session::ActivityEndConfirm>(s);
    EXPECT_EQ(ended.serial_number, end_serial);
    EXPECT_EQ(end_serial, serial + 1);
    co_await s.async_give_tokens(spdu::token::data, asio::use_awaitable);
    // S-DATA without the data token is refused here, not sent.
    auto [refused] = co_await s.async_send_data(data, use_tuple);
    EXPECT_EQ(refused, make_error_code(errc::request_not_allowed));
    auto back = co_await expect<DataIndication>(s);
    EXPECT_EQ(back.data, data);
    auto please = co_await expect<session::TokenPleaseIndication>(s);
    EXPECT_EQ(please.tokens, spdu::token::minor_sync);
    auto returned = co_await expect<session::TokenGiveIndication>(s);
    EXPECT_EQ(returned.tokens, spdu::token::data);
    co_await s.async_release({}, asio::use_awaitable);  // this side holds every token again
    auto done = co_await expect<session::ReleaseConfirm>(s);
    EXPECT_TRUE(done.accepted);
  });
}

TEST(NetSession, CapabilityDataActivityInterruptResumeExceptionAndDiscard) {
  Loopback net;
  constexpr std::uint16_t units = spdu::fu::half_duplex | spdu::fu::activity_management |
                                  spdu::fu::capability_data | spdu::fu::exceptions |
                                  spdu::fu::minor_synchronize;
  const ByteBuffer cd{'c', 'd'}, ok{'o', 'k'};
  asio::co_spawn(
      net.io,
      [&]() -> asio::awaitable<void> {
        session::AcceptResponse accept;
        accept.functional_units = units;
        net::Session s = co_await accept_session(net.server, accept);
        EXPECT_EQ((co_await expect<session::CapabilityDataIndication>(s)).data, cd);
        co_await s.async_acknowledge_capability_data(ok, asio::use_awaitable);
        co_await expect<session::ActivityStartIndication>(s);
        auto interrupt = co_await expect<session::ActivityInterruptIndication>(s);
        EXPECT_EQ(interrupt.reason, spdu::exception_reason::local_user_error);
        co_await s.async_acknowledge_activity_interrupt(asio::use_awaitable);
        auto resumed = co_await expect<session::ActivityResumeIndication>(s);
        EXPECT_EQ(resumed.activity_id, (ByteBuffer{'A', '2'}));
        EXPECT_EQ(resumed.old_activity_id, (ByteBuffer{'A', '1'}));
        // Without the data token this side may report an exception.
        co_await s.async_report_exception(spdu::exception_reason::user_sequence_error,
                                          asio::use_awaitable);
        auto discard = co_await expect<session::ActivityDiscardIndication>(s);
        EXPECT_EQ(discard.reason, spdu::exception_reason::local_user_error);
        co_await s.async_acknowledge_activity_discard(asio::use_awaitable);
        co_await expect<session::ReleaseIndication>(s);
        co_await s.async_accept_release({}, asio::use_awaitable);
      },
      fail_on_throw);

  net.run([&]() -> asio::awaitable<void> {
    session::ConnectRequest request;
    request.functional_units = units;
    request.initial_serial_number = 1;
    auto [ec, s, confirm] = co_await net::async_connect(
        net.io.get_executor(), "127.0.0.1", net.port(), std::move(request), quiet(), use_tuple);
    EXPECT_EQ(confirm.functional_units, units);
    co_await s.async_send_capability_data(cd, asio::use_awaitable);
    EXPECT_EQ((co_await expect<session::CapabilityDataConfirm>(s)).data, ok);
    const ByteBuffer a1{'A', '1'};
    co_await s.async_start_activity(a1, asio::use_awaitable);
    co_await s.async_interrupt_activity(spdu::exception_reason::local_user_error,
                                        asio::use_awaitable);
    co_await expect<session::ActivityInterruptConfirm>(s);
    session::ActivityResumeRequest resume;
    resume.activity_id = ByteBuffer{'A', '2'};
    resume.old_activity_id = a1;
    resume.serial_number = 1;
    co_await s.async_resume_activity(std::move(resume), asio::use_awaitable);
    auto exception = co_await expect<session::UserExceptionIndication>(s);
    EXPECT_EQ(exception.reason, spdu::exception_reason::user_sequence_error);
    co_await s.async_discard_activity(spdu::exception_reason::local_user_error,
                                      asio::use_awaitable);
    co_await expect<session::ActivityDiscardConfirm>(s);
    co_await s.async_release({}, asio::use_awaitable);
    EXPECT_TRUE((co_await expect<session::ReleaseConfirm>(s)).accepted);
  });
}

TEST(NetSession, ExpeditedMajorSyncResyncActivityEndGiveControlAndRefusedRelease) {
  Loopback net;
  constexpr std::uint16_t units = spdu::fu::half_duplex | spdu::fu::expedited_data |
                                  spdu::fu::major_synchronize | spdu::fu::resynchronize |
                                  spdu::fu::activity_management | spdu::fu::negotiated_release;
  const ByteBuffer ex{'e', 'x'};
  asio::co_spawn(
      net.io,
      [&]() -> asio::awaitable<void> {
        session::AcceptResponse accept;
        accept.functional_units = units;
        net::Session s = co_await accept_session(net.server, accept);
        EXPECT_EQ((co_await expect<session::ExpeditedDataIndication>(s)).data, ex);
        co_await expect<session::ActivityStartIndication>(s);
        const auto major = co_await expect<session::SyncMajorIndication>(s);
        co_await s.async_acknowledge_sync_major(asio::use_awaitable);
        const auto resync = co_await expect<session::ResyncIndication>(s);
        EXPECT_EQ(resync.type, session::ResyncType::abandon);
        EXPECT_EQ(resync.serial_number, major.serial_number + 1);
        co_await s.async_acknowledge_resynchronize({}, asio::use_awaitable);
        co_await expect<session::ActivityEndIndication>(s);
        co_await s.async_acknowledge_activity_end(asio::use_awaitable);
        co_await expect<session::ControlGiveIndication>(s);
        // This side now holds every token: it asks to release, is refused, then asks again.
        co_await s.async_release({}, asio::use_awaitable);
        EXPECT_FALSE((co_await expect<session::ReleaseConfirm>(s)).accepted);
        co_await s.async_release({}, asio::use_awaitable);
        EXPECT_TRUE((co_await expect<session::ReleaseConfirm>(s)).accepted);
      },
      fail_on_throw);

  net.run([&]() -> asio::awaitable<void> {
    session::ConnectRequest request;
    request.functional_units = units;
    request.initial_serial_number = 7;
    auto [ec, s, confirm] = co_await net::async_connect(
        net.io.get_executor(), "127.0.0.1", net.port(), std::move(request), quiet(), use_tuple);
    EXPECT_EQ(confirm.functional_units, units);
    co_await s.async_send_expedited_data(ex, asio::use_awaitable);
    const ByteBuffer id{'X'};
    co_await s.async_start_activity(id, asio::use_awaitable);  // major sync needs an activity
    const std::uint64_t serial = co_await s.async_sync_major(asio::use_awaitable);
    EXPECT_EQ((co_await expect<session::SyncMajorConfirm>(s)).serial_number, serial);
    co_await s.async_resynchronize({}, asio::use_awaitable);  // abandon
    const auto resynced = co_await expect<session::ResyncConfirm>(s);
    EXPECT_EQ(resynced.serial_number, serial + 1);
    EXPECT_EQ(co_await s.async_end_activity(asio::use_awaitable), serial + 1);
    co_await expect<session::ActivityEndConfirm>(s);
    co_await s.async_give_control(asio::use_awaitable);
    co_await expect<session::ReleaseIndication>(s);
    co_await s.async_refuse_release({}, asio::use_awaitable);
    co_await expect<session::ReleaseIndication>(s);
    co_await s.async_accept_release({}, asio::use_awaitable);
    auto [end, event] = co_await s.async_receive(use_tuple);
    EXPECT_EQ(end, make_error_code(errc::connection_closed));
  });
}

TEST(NetSession, SpdusQueuedDuringAWriteLeaveInOneWrite) {
  Loopback net;
  std::promise<std::pair<int, net::Statistics>> server_result;
  asio::co_spawn(
      net.io,
      [&]() -> asio::awaitable<void> {
        net::Session s = co_await accept_session(net.server);
        int in_order = 0;
        for (int i = 0; i < 1000; ++i) {
          auto data = co_await expect<DataIndication>(s);
          if (data.data == pattern(64, static_cast<unsigned>(i))) ++in_order;
        }
        server_result.set_value({in_order, s.statistics()});
      },
      fail_on_throw);
  auto [s, confirm] = net::async_connect(net.io.get_executor(), "127.0.0.1", net.port(), {},
                                         quiet(), asio::use_future)
                          .get();
  const net::Statistics before = s.statistics();
  std::vector<ByteBuffer> messages;
  for (int i = 0; i < 1000; ++i) messages.push_back(pattern(64, static_cast<unsigned>(i)));
  std::atomic<int> sent = 0;
  // 1000 requests in one go on the connection's strand: the first posts the write, which takes
  // them all (however much of it the socket takes at once, it is one gather write).
  asio::post(s.get_executor(), [&] {
    for (const auto& m : messages) s.async_send_data(m, [&](std::error_code ec) { sent += !ec; });
  });
  auto result = server_result.get_future();
  ASSERT_EQ(result.wait_for(20s), std::future_status::ready);
  const auto [in_order, server] = result.get();
  EXPECT_EQ(in_order, 1000);
  EXPECT_EQ(sent.load(), 1000);
  const net::Statistics after = s.statistics();
  EXPECT_EQ(after.writes - before.writes, 1u) << "one write per SPDU instead of gather writes";
  EXPECT_GE(after.octets_written - before.octets_written, 1000u * (64 + 4 + 3 + 4));
  EXPECT_LE(server.reads, 20u) << "the receiver read " << server.octets_read << " octets in "
                               << server.reads << " reads";
  s.close();
}

// The trace sees exactly the octets of the socket, both ways: decoded, the client's sent stream
// is CR, CN, DT, FN and its received stream CC, AC, DT (the echo), DN.
TEST(NetSession, TraceSeesEveryOctetBothWays) {
  Loopback net;
  asio::co_spawn(net.io, echo_one(net.server), fail_on_throw);
  ByteBuffer sent, received;
  net::Options options = quiet();
  options.trace = [&](std::string_view connection, net::Direction way, Bytes octets) {
    EXPECT_EQ(connection.substr(0, 10), "127.0.0.1:");
    auto& to = way == net::Direction::sent ? sent : received;
    to.insert(to.end(), octets.begin(), octets.end());
  };
  net::Statistics totals;
  net.run([&]() -> asio::awaitable<void> {
    auto [ec, s, confirm] = co_await net::async_connect(net.io.get_executor(), "127.0.0.1",
                                                        net.port(), {}, options, use_tuple);
    EXPECT_FALSE(ec) << ec.message();
    co_await s.async_send_data(pattern(3000), asio::use_awaitable);
    co_await expect<DataIndication>(s);
    co_await s.async_release({}, asio::use_awaitable);
    co_await expect<session::ReleaseConfirm>(s);
    totals = s.statistics();
  });
  EXPECT_EQ(sent.size(), totals.octets_written);
  EXPECT_EQ(received.size(), totals.octets_read);
  auto labels = [](const ByteBuffer& stream) {
    describe::Stream decoder;
    std::vector<describe::Node> nodes;
    EXPECT_TRUE(decoder.feed(stream, nodes));
    EXPECT_TRUE(decoder.at_boundary());
    std::string out;
    for (const auto& tpkt : nodes) {
      for (const auto& tpdu : tpkt.children) {
        out += tpdu.label.substr(0, 2);
        if (out.ends_with("DT"))  // a DT's children are its SPDUs; a CR's are parameters
          for (const auto& spdu : tpdu.children) out += "/" + spdu.label.substr(0, 2);
        out += " ";
      }
    }
    return out;
  };
  EXPECT_EQ(labels(sent), "CR DT/CN DT/GT/DT DT/FN ");
  EXPECT_EQ(labels(received), "CC DT/AC DT/GT/DT DT/DN ");
}

TEST(NetSession, UserAbortReachesThePeerWithItsData) {
  Loopback net;
  std::promise<session::AbortIndication> server_saw;
  asio::co_spawn(
      net.io,
      [&]() -> asio::awaitable<void> {
        net::Session s = co_await accept_session(net.server);
        server_saw.set_value(co_await expect<session::AbortIndication>(s));
      },
      fail_on_throw);
  net.run([&]() -> asio::awaitable<void> {
    auto [ec, s, confirm] = co_await net::async_connect(net.io.get_executor(), "127.0.0.1",
                                                        net.port(), {}, quiet(), use_tuple);
    const ByteBuffer reason{0x01, 0x02, 0x03};
    co_await s.async_abort(reason, asio::use_awaitable);
    auto [end, event] = co_await s.async_receive(use_tuple);  // AA or the transport's end
    (void)event;
    (void)end;
  });
  auto saw = server_saw.get_future();
  ASSERT_EQ(saw.wait_for(10s), std::future_status::ready);
  auto abort = saw.get();
  EXPECT_EQ(abort.source, session::AbortIndication::Source::user);
  EXPECT_EQ(abort.user_data, (ByteBuffer{0x01, 0x02, 0x03}));
}

TEST(NetSession, Ipv6Loopback) {
  std::optional<Loopback> net;
  try {
    net.emplace(net::ServerOptions{}, 1, asio::ip::address_v6::loopback());
  } catch (const std::system_error& e) {
    GTEST_SKIP() << "no IPv6 loopback on this machine: " << e.what();
  }
  asio::co_spawn(net->io, echo_one(net->server), fail_on_throw);
  net->run([&]() -> asio::awaitable<void> {
    auto [ec, s, confirm] = co_await net::async_connect(net->io.get_executor(), "::1", net->port(),
                                                        {}, quiet(), use_tuple);
    EXPECT_FALSE(ec) << ec.message();
    EXPECT_TRUE(s.remote_endpoint().address().is_v6());
    const ByteBuffer data = pattern(777);
    co_await s.async_send_data(data, asio::use_awaitable);
    EXPECT_EQ((co_await expect<DataIndication>(s)).data, data);
    co_await s.async_release({}, asio::use_awaitable);
    EXPECT_TRUE((co_await expect<session::ReleaseConfirm>(s)).accepted);
  });
}

}  // namespace
}  // namespace piglix::test
