// Connects to a piglix::net server in the same process through the installed library.
#include <asio.hpp>
#include <cstdio>
#include <piglix/net.hpp>

int main() {
  using namespace piglix;
  asio::io_context io;
  net::Server server(io.get_executor(), {asio::ip::address_v4::loopback(), 0});
  server.async_accept([](std::error_code ec, net::Session s, session::ConnectIndication) {
    if (!ec) s.async_accept({}, [s](std::error_code) {});
  });
  bool accepted = false;
  net::async_connect(io.get_executor(), "127.0.0.1", std::to_string(server.local_endpoint().port()),
                     {}, {}, [&](std::error_code ec, net::Session s, session::ConnectConfirm c) {
                       accepted = !ec && c.accepted;
                       s.close();
                       io.stop();
                     });
  io.run_for(std::chrono::seconds(10));
  std::printf("session %s\n", accepted ? "accepted" : "not accepted");
  return accepted ? 0 : 1;
}
