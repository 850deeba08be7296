// net::async_connect: a session connection to a peer, as an initiator.
#pragma once

#include <asio/any_io_executor.hpp>
#include <asio/async_result.hpp>
#include <string>
#include <system_error>

#include "piglix/net/completion.hpp"
#include "piglix/net/options.hpp"
#include "piglix/net/session.hpp"

namespace piglix::net {

using ConnectHandler = detail::Completion<std::error_code, Session, session::ConnectConfirm>;

namespace detail {
void start_connect(const asio::any_io_executor& executor, std::string host, std::string service,
                   session::ConnectRequest request, Options options, ConnectHandler handler);
}

// Resolves `host` (a name, an IPv4 or an IPv6 address), tries each address in turn with TCP, then
// makes the transport connection (CR/CC) and the session connection (CN, AC or RF), all within
// Options::connect_timeout. Completes with the Session and the S-CONNECT confirm:
//   {}                    accepted
//   errc::session_refused the peer refused (the confirm says why); the Session is still usable
//                         when the transport connection was kept
//   errc::transport_refused, errc::session_aborted, errc::timed_out, asio errors: no session;
//                         when the session machine produced an AbortIndication it waits in the
//                         Session for async_receive(), with the reason.
//   asio::error::operation_aborted: cancelled (terminal or partial cancellation through the
//                         handler's cancellation slot); the attempt is over and its socket closed.
template <class Token>
auto async_connect(const asio::any_io_executor& executor, std::string host, std::string service,
                   session::ConnectRequest request, Options options, Token&& token) {
  return asio::async_initiate<Token, void(std::error_code, Session, session::ConnectConfirm)>(
      [executor](auto handler, std::string h, std::string s, session::ConnectRequest r, Options o) {
        detail::start_connect(executor, std::move(h), std::move(s), std::move(r), std::move(o),
                              ConnectHandler(std::move(handler), executor));
      },
      token, std::move(host), std::move(service), std::move(request), std::move(options));
}

}  // namespace piglix::net
