// net::Server: listens on a TCP endpoint and serves many session connections, each on its own
// strand. A connection becomes visible to the user at its S-CONNECT indication (the CR and CN
// have arrived and been checked); the user then answers with Session::async_accept() or
// async_refuse().
#pragma once

#include <asio/any_io_executor.hpp>
#include <asio/async_result.hpp>
#include <asio/ip/tcp.hpp>
#include <memory>
#include <system_error>

#include "piglix/net/completion.hpp"
#include "piglix/net/options.hpp"
#include "piglix/net/session.hpp"

namespace piglix::net {

namespace detail {
struct Listener;
}

using AcceptHandler = detail::Completion<std::error_code, Session, session::ConnectIndication>;
using ShutdownHandler = detail::Completion<std::error_code>;

class Server {
 public:
  // Binds and listens at once (errors throw std::system_error: this is local configuration, not
  // anything a peer sent). Use port 0 for any free port, then local_endpoint().
  Server(const asio::any_io_executor& executor, const asio::ip::tcp::endpoint& endpoint,
         ServerOptions options = {});
  ~Server();
  Server(Server&&) noexcept;
  Server& operator=(Server&&) noexcept;

  asio::ip::tcp::endpoint local_endpoint() const;
  // Connections open now (in set-up, established or closing).
  std::size_t connection_count() const;

  // The next S-CONNECT indication, with its Session. errc::shut_down once the server is closed;
  // asio::error::operation_aborted when cancelled while waiting (any cancellation type), and the
  // next async_accept() gets the session that comes.
  template <class Token>
  auto async_accept(Token&& token) {
    return asio::async_initiate<Token, void(std::error_code, Session, session::ConnectIndication)>(
        [this](auto handler) { start_accept(AcceptHandler(std::move(handler), executor())); },
        token);
  }

  // Stops accepting; connections already open go on.
  void close();

  // Stops accepting, asks every session to release (S-RELEASE where the tokens allow it, else
  // S-U-ABORT; sessions still in set-up are refused), waits up to `grace` for them to end, then
  // aborts and closes what is left. Completes when no connection is left.
  template <class Token>
  auto async_shutdown(Duration grace, Token&& token) {
    return asio::async_initiate<Token, void(std::error_code)>(
        [this, grace](auto handler) {
          start_shutdown(grace, ShutdownHandler(std::move(handler), executor()));
        },
        token);
  }

 private:
  asio::any_io_executor executor() const;
  void start_accept(AcceptHandler handler);
  void start_shutdown(Duration grace, ShutdownHandler handler);

  std::shared_ptr<detail::Listener> listener_;
};

}  // namespace piglix::net
