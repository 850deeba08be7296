// Plain Asio sockets for the raw-TCP baselines.
#include "raw_tcp.hpp"

#include <fmt/format.h>
#include <asio/buffer.hpp>
#include <asio/read.hpp>
#include <asio/write.hpp>

#include <algorithm>

#include "loopback.hpp"

namespace piglix::bench_tool {

namespace {
void no_delay(asio::ip::tcp::socket& socket) {
  std::error_code ignored;  // as in piglix::net: a socket without it still works
  (void)socket.set_option(asio::ip::tcp::no_delay(true), ignored);
}
}  // namespace

asio::awaitable<std::error_code> raw_connect(asio::ip::tcp::socket& socket, std::uint16_t port) {
  auto [ec] = co_await socket.async_connect({asio::ip::address_v4::loopback(), port}, use_tuple);
  if (!ec) no_delay(socket);
  co_return ec;
}

asio::awaitable<std::error_code> raw_accept(asio::ip::tcp::acceptor& acceptor,
                                            asio::ip::tcp::socket& socket) {
  auto [ec] = co_await acceptor.async_accept(socket, use_tuple);
  if (!ec) no_delay(socket);
  co_return ec;
}

asio::awaitable<std::error_code> raw_write(asio::ip::tcp::socket& socket, Bytes octets) {
  auto [ec, n] =
      co_await asio::async_write(socket, asio::buffer(octets.data(), octets.size()), use_tuple);
  co_return ec;
}

asio::awaitable<std::error_code> raw_read_exactly(asio::ip::tcp::socket& socket, std::uint64_t n,
                                                  ByteBuffer& scratch) {
  while (n > 0) {
    const std::size_t ask = static_cast<std::size_t>(std::min<std::uint64_t>(n, scratch.size()));
    auto [ec, got] =
        co_await asio::async_read(socket, asio::buffer(scratch.data(), ask), use_tuple);
    if (ec) co_return ec;
    n -= got;
  }
  co_return std::error_code{};
}

asio::awaitable<std::error_code> raw_read_some(asio::ip::tcp::socket& socket, ByteBuffer& scratch,
                                               std::size_t& n) {
  auto [ec, got] = co_await socket.async_read_some(asio::buffer(scratch), use_tuple);
  n = got;
  co_return ec;
}

asio::awaitable<std::string> raw_receive_until(asio::ip::tcp::socket& socket, std::uint64_t total,
                                               ByteBuffer& scratch, Side& side) {
  while (side.octets < total) {
    std::size_t n = 0;
    const std::error_code ec = co_await raw_read_some(socket, scratch, n);
    side.octets += n;
    side.wire_octets += n;
    ++side.reads;  // one system call per completed read: Asio reads once per completion
    if (n > 0) side.finished = Clock::now();
    if (ec == asio::error::eof) break;
    if (ec) co_return fmt::format("read: {}", ec.message());
  }
  if (side.octets != total) {
    co_return fmt::format("received {} octets where {} were sent", side.octets, total);
  }
  co_return std::string();
}

asio::awaitable<std::string> raw_close_and_wait(asio::ip::tcp::socket& socket) {
  std::error_code ec;
  (void)socket.shutdown(asio::ip::tcp::socket::shutdown_send, ec);
  if (ec) co_return fmt::format("shutdown: {}", ec.message());
  std::uint8_t extra = 0;
  auto [read_ec, n] = co_await socket.async_read_some(asio::buffer(&extra, 1), use_tuple);
  if (n > 0) co_return std::string("the peer sent octets that were not expected");
  if (read_ec != asio::error::eof)
    co_return fmt::format("waiting for close: {}", read_ec.message());
  co_return std::string();
}

}  // namespace piglix::bench_tool
