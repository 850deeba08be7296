// An echo server on piglix::net: accepts every session, sends each S-DATA back, accepts the
// release. Usage: echo_server [PORT]   (default 10102; port 102 needs privileges)
#include <asio.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <cstdio>
#include <piglix/net.hpp>
#include <string>

using namespace piglix;

asio::awaitable<void> serve(net::Session s) {
  co_await s.async_accept(session::AcceptResponse{}, asio::use_awaitable);
  for (;;) {
    auto [ec, event] = co_await s.async_receive(asio::experimental::as_tuple(asio::use_awaitable));
    if (ec) break;  // errc::connection_closed: released or aborted
    if (auto* data = std::get_if<session::DataIndication>(&event)) {
      co_await s.async_send_data(data->data, asio::use_awaitable);
    } else if (std::holds_alternative<session::ReleaseIndication>(event)) {
      co_await s.async_accept_release({}, asio::use_awaitable);
    }
  }
}

asio::awaitable<void> listen(net::Server& server) {
  for (;;) {
    auto [s, indication] = co_await server.async_accept(asio::use_awaitable);
    std::printf("session from %s\n", s.remote_endpoint().address().to_string().c_str());
    auto strand = s.get_executor();  // the session's own strand
    asio::co_spawn(strand, serve(std::move(s)), asio::detached);
  }
}

int main(int argc, char** argv) {
  const auto port = static_cast<std::uint16_t>(argc > 1 ? std::stoi(argv[1]) : 10102);
  asio::io_context io;
  net::ServerOptions options;
  options.connection.log = [](std::string_view line) {
    std::fprintf(stderr, "%.*s\n", static_cast<int>(line.size()), line.data());
  };
  net::Server server(io.get_executor(), {asio::ip::tcp::v6(), port}, options);
  asio::co_spawn(io, listen(server), asio::detached);
  std::printf("echo server on port %u\n", port);
  io.run();
}
