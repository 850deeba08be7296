// Many concurrent sessions in one process on a two-thread io_context: each sends messages whose
// checksum the server verifies before echoing them, and checks the echo octet for octet.
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <atomic>
#include <cstdlib>

#include "loopback.hpp"

namespace piglix::test {
namespace {

// FNV-1a over `data`, stored big-endian in its first 8 octets by make_message().
std::uint64_t fnv(Bytes data) {
  std::uint64_t h = 0xCBF29CE484222325ull;
  for (std::uint8_t b : data) h = (h ^ b) * 0x100000001B3ull;
  return h;
}

ByteBuffer make_message(std::size_t size, unsigned seed) {
  ByteBuffer m = pattern(size + 8, seed);
  const std::uint64_t h = fnv(Bytes(m).subspan(8));
  for (int i = 0; i < 8; ++i) m[i] = static_cast<std::uint8_t>(h >> (56 - 8 * i));
  return m;
}

bool checksum_holds(Bytes m) {
  if (m.size() < 8) return false;
  std::uint64_t h = 0;
  for (int i = 0; i < 8; ++i) h = (h << 8) | m[i];
  return h == fnv(m.subspan(8));
}

// Room for `sessions` connections (two descriptors each, both ends in this process).
std::size_t sessions_that_fit(std::size_t wanted) {
  rlimit limit{};
  getrlimit(RLIMIT_NOFILE, &limit);
  const rlim_t need = static_cast<rlim_t>(wanted * 2 + 64);
  if (limit.rlim_cur < need) {
    limit.rlim_cur = std::min(need, limit.rlim_max);
    setrlimit(RLIMIT_NOFILE, &limit);
    getrlimit(RLIMIT_NOFILE, &limit);
  }
  return std::min<std::size_t>(wanted, (limit.rlim_cur - 64) / 2);
}

TEST(NetLoad, ThousandConcurrentSessionsWithVerifiedData) {
  const std::size_t wanted = std::getenv("PIGLIX_NET_SESSIONS")
                                 ? std::strtoul(std::getenv("PIGLIX_NET_SESSIONS"), nullptr, 10)
                                 : 1000;
  const std::size_t sessions = sessions_that_fit(wanted);
  if (sessions < wanted) {
    GTEST_SKIP() << "the descriptor limit allows only " << sessions << " sessions of " << wanted;
  }
  // A load test, not a timing test: a thousand set-ups at once, under the sanitizers on a busy
  // 2-core machine, may take longer than the default 10 s set-up limit on either side.
  net::ServerOptions server_options;
  server_options.connection.connect_timeout = 120s;
  net::Options client_options;
  client_options.connect_timeout = 120s;
  Loopback net(server_options, 2);
  std::atomic<std::size_t> bad_checksums = 0, server_done = 0, client_ok = 0;

  std::function<asio::awaitable<void>()> serve = [&]() -> asio::awaitable<void> {
    auto [ec, s, indication] = co_await net.server.async_accept(use_tuple);
    if (ec) co_return;
    asio::co_spawn(net.io, serve(), fail_on_throw);  // the next one, at once
    co_await s.async_accept({}, asio::use_awaitable);
    for (;;) {
      auto [rec, event] = co_await s.async_receive(use_tuple);
      if (rec) break;
      if (auto* d = std::get_if<session::DataIndication>(&event)) {
        if (!checksum_holds(d->data)) ++bad_checksums;
        co_await s.async_send_data(d->data, asio::use_awaitable);
      } else if (std::holds_alternative<session::ReleaseIndication>(event)) {
        co_await s.async_accept_release({}, asio::use_awaitable);
      }
    }
    ++server_done;
  };
  asio::co_spawn(net.io, serve(), fail_on_throw);

  auto client = [&](unsigned id) -> asio::awaitable<void> {
    auto [ec, s, confirm] = co_await net::async_connect(net.io.get_executor(), "127.0.0.1",
                                                        net.port(), {}, client_options, use_tuple);
    if (ec) throw std::runtime_error("connect " + std::to_string(id) + ": " + ec.message());
    bool same = true;
    for (unsigned k = 0; k < 3; ++k) {
      const ByteBuffer m = make_message(100 + (id * 977 + k * 4099) % 20000, id * 3 + k);
      co_await s.async_send_data(m, asio::use_awaitable);
      auto echo = co_await expect<session::DataIndication>(s);
      same = same && echo.data == m;
    }
    co_await s.async_release({}, asio::use_awaitable);
    co_await expect<session::ReleaseConfirm>(s);
    if (same) ++client_ok;
  };
  std::vector<std::future<void>> done;
  for (unsigned i = 0; i < sessions; ++i) {
    done.push_back(asio::co_spawn(net.io, client(i), asio::use_future));
  }
  for (auto& d : done) {
    ASSERT_EQ(d.wait_for(120s), std::future_status::ready);
    d.get();
  }
  EXPECT_EQ(client_ok.load(), sessions);
  EXPECT_EQ(bad_checksums.load(), 0u);
  for (int i = 0; i < 500 && server_done.load() < sessions; ++i) std::this_thread::sleep_for(10ms);
  EXPECT_EQ(server_done.load(), sessions);
}

}  // namespace
}  // namespace piglix::test
