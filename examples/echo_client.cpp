// A client of the echo server: connects, sends a few S-DATA of growing size, checks each echo,
// releases. Usage: echo_client [HOST [PORT]]   (default localhost 10102)
#include <asio.hpp>
#include <cstdio>
#include <piglix/net.hpp>
#include <string>

using namespace piglix;

asio::awaitable<int> run(std::string host, std::string port) {
  auto executor = co_await asio::this_coro::executor;
  session::ConnectRequest request;  // version 2, duplex: what MMS stacks propose
  auto [s, confirm] = co_await net::async_connect(executor, host, port, std::move(request),
                                                  net::Options{}, asio::use_awaitable);
  std::printf("connected, version %d\n", confirm.version);
  for (std::size_t size : {16, 1024, 65000}) {
    ByteBuffer data(size, static_cast<std::uint8_t>(size));
    co_await s.async_send_data(data, asio::use_awaitable);
    auto event = co_await s.async_receive(asio::use_awaitable);
    auto* echo = std::get_if<session::DataIndication>(&event);
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
