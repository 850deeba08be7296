// A client of the echo server: connects, sends a few S-DATA of growing size, checks each echo
// (waiting at most 5 s for it), releases. Usage: echo_client [HOST [PORT]]   (default localhost
// 10102)
#include <asio.hpp>
#include <asio/experimental/awaitable_operators.hpp>
#include <chrono>
#include <cstdio>
#include <piglix/net.hpp>
#include <string>

using namespace piglix;
using namespace asio::experimental::awaitable_operators;  // a || b: the first to complete

asio::awaitable<int> run(std::string host, std::string port) {
  auto executor = co_await asio::this_coro::executor;
  session::ConnectRequest request;  // version 2, duplex: what MMS stacks propose
  auto [s, confirm] = co_await net::async_connect(executor, host, port, std::move(request),
                                                  net::Options{}, asio::use_awaitable);
  std::printf("connected, version %d\n", confirm.version);
  asio::steady_timer timer(executor);
  for (std::size_t size : {16, 1024, 65000}) {
    ByteBuffer data(size, static_cast<std::uint8_t>(size));
    co_await s.async_send_data(data, asio::use_awaitable);
    // The timer cancels the receive if it ends first (and the receive takes no event then).
    // `||` gives the event's alternatives, and std::monostate when the timer ended first.
    timer.expires_after(std::chrono::seconds(5));
    auto first =
        co_await (s.async_receive(asio::use_awaitable) || timer.async_wait(asio::use_awaitable));
    if (std::holds_alternative<std::monostate>(first)) {
      std::fprintf(stderr, "echo_client: no echo within 5 s\n");
      co_await s.async_abort({}, asio::use_awaitable);
      co_return 1;
    }
    auto* echo = std::get_if<session::DataIndication>(&first);
    if (!echo || echo->data != data) co_return 1;
    std::printf("%zu octets echoed\n", size);
  }
  co_await s.async_release({}, asio::use_awaitable);
  auto done = co_await s.async_receive(asio::use_awaitable);
  co_return std::holds_alternative<session::ReleaseConfirm>(done) ? 0 : 1;
}

int main(int argc, char** argv) {
  asio::io_context io;
  auto result = asio::co_spawn(
      io, run(argc > 1 ? argv[1] : "localhost", argc > 2 ? argv[2] : "10102"), asio::use_future);
  io.run();
  try {
    return result.get();
  } catch (const std::exception& e) {  // e.g. connection refused, session refused, timed out
    std::fprintf(stderr, "echo_client: %s\n", e.what());
    return 1;
  }
}
