// The network example of README.md: serve() and client() are verbatim copies of it, driven here
// against each other on a free loopback port, so that the README stays true.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "loopback.hpp"

namespace readme {
// clang-format off
// --- begin README example ---
using namespace piglix;

// Server: every S-CONNECT indication arrives with its Session; accept, then serve it.
asio::awaitable<void> serve(net::Server& server) {
  auto [s, indication] = co_await server.async_accept(asio::use_awaitable);
  co_await s.async_accept(session::AcceptResponse{}, asio::use_awaitable);
  auto event = co_await s.async_receive(asio::use_awaitable);         // DataIndication
  auto& data = std::get<session::DataIndication>(event).data;
  co_await s.async_send_data(data, asio::use_awaitable);               // echo it
  co_await s.async_receive(asio::use_awaitable);                       // ReleaseIndication
  co_await s.async_accept_release({}, asio::use_awaitable);
}

// Client: resolve, TCP, CR/CC, CN/AC in one operation, bounded by Options::connect_timeout.
asio::awaitable<void> client(std::string host, std::string port) {
  auto executor = co_await asio::this_coro::executor;
  auto [s, confirm] = co_await net::async_connect(executor, host, port, session::ConnectRequest{},
                                                  net::Options{}, asio::use_awaitable);
  const std::uint8_t pdu[] = {0xa0, 0x03, 0x02, 0x01, 0x01};
  co_await s.async_send_data(pdu, asio::use_awaitable);
  auto echo = co_await s.async_receive(asio::use_awaitable);
  co_await s.async_release({}, asio::use_awaitable);
  auto done = co_await s.async_receive(asio::use_awaitable);          // ReleaseConfirm
  // --- end README example ---
  // clang-format on
  EXPECT_EQ(std::get<session::DataIndication>(echo).data, (ByteBuffer{pdu, pdu + 5}));
  EXPECT_TRUE(std::get<session::ReleaseConfirm>(done).accepted);
}
}  // namespace readme

namespace piglix::test {
namespace {

TEST(Readme, NetworkExample) {
  Loopback net;
  asio::co_spawn(net.io, readme::serve(net.server), fail_on_throw);
  net.run(readme::client("localhost", net.port()));
}

std::string read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(Readme, NetworkExampleIsTheReadmeText) {
  const std::string source = read(__FILE__);
  const std::string readme = read(std::string(PIGLIX_SPECS_DIR) + "/../README.md");
  const std::string begin = "// --- begin README example ---\n",
                    end = "  // --- end README example ---";
  const auto from = source.find(begin) + begin.size();
  const std::string block = source.substr(from, source.find(end) - from);
  ASSERT_GT(block.size(), 500u);
  EXPECT_NE(readme.find(block), std::string::npos)
      << "README.md's network example differs from tests/net/readme_net_test.cpp";
}

}  // namespace
}  // namespace piglix::test
