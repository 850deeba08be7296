// piglix::net: the Asio binding of the piglix stack (target piglix::net).
//
//   net::async_connect(executor, host, port, request, options, token)  -> Session + confirm
//   net::Server(executor, endpoint, options).async_accept(token)       -> Session + indication
//   Session::async_receive / async_send_data / async_give_tokens / async_sync_major / ...
#pragma once

#include "piglix/net/client.hpp"
#include "piglix/net/options.hpp"
#include "piglix/net/server.hpp"
#include "piglix/net/session.hpp"
