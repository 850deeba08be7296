// async_connect: resolve, TCP connect, then let the stack run CR/CC and CN/AC.
#include <fmt/format.h>

#include <asio/connect.hpp>
#include <asio/post.hpp>

#include "net/runtime.hpp"
#include "piglix/net/client.hpp"

namespace piglix::net::detail {
namespace {

struct Connect {
  std::shared_ptr<Runtime> rt;
  std::shared_ptr<asio::ip::tcp::resolver> resolver;
  session::ConnectRequest request;
  std::shared_ptr<ConnectHandler> handler;  // completed once, by whichever path ends first

  void fail(std::error_code ec) const {
    if (*handler) (*handler)(ec, Session(rt), session::ConnectConfirm{});
  }

  void connected() {
    rt->stack = stack::make_initiator(rt->options.stack);
    // Weak: the Runtime owns this function, and calls it only while alive.
    rt->on_setup = [weak = std::weak_ptr<Runtime>(rt), handler = handler](
                       std::error_code ec, std::optional<session::Event> event) {
      session::ConnectConfirm confirm;
      if (event) confirm = std::get<session::ConnectConfirm>(std::move(*event));
      if (*handler) (*handler)(ec, Session(weak.lock()), std::move(confirm));
    };
    if (Status s = session::connect(rt->stack.session, std::move(request)); !s) {
      rt->on_setup = nullptr;
      rt->log(fmt::format("S-CONNECT request refused: {}", s.error().message()));
      fail(s.error().error_code());
      rt->close(s.error().error_code());
      return;
    }
    stack::network_connected(rt->stack);
    rt->start(Duration::zero());  // the set-up limit already runs
  }
};

// Ends a connection attempt that has not completed: its time limit, or a cancellation.
void give_up(Runtime& rt, asio::ip::tcp::resolver& resolver, ConnectHandler& handler,
             std::error_code why, std::string_view line) {
  rt.log(line);
  resolver.cancel();
  // Before the TCP connection is made close() below has no socket to close, and the connect
  // would go on (SYNs to a peer that never answers: minutes). Closing it ends the connect.
  std::error_code ignored;
  (void)rt.socket.close(ignored);
  if (handler) handler(why, Session(rt.shared_from_this()), session::ConnectConfirm{});
  rt.on_setup = nullptr;
  rt.close(why);
}

}  // namespace

void start_connect(const asio::any_io_executor& executor, std::string host, std::string service,
                   session::ConnectRequest request, Options options, ConnectHandler handler) {
  auto rt = make_runtime(executor, std::move(options));
  Connect op{rt, std::make_shared<asio::ip::tcp::resolver>(rt->strand), std::move(request),
             std::make_shared<ConnectHandler>(std::move(handler))};
  // Cancelling ends the attempt as its time limit does, on the strand (posted, never inside the
  // user's emit()). Not total cancellation: the peer may have seen the CR or CN already.
  op.handler->on_cancel([weak = std::weak_ptr<Runtime>(rt), resolver = std::weak_ptr(op.resolver),
                         handler = std::weak_ptr(op.handler)](asio::cancellation_type type) {
    if (!asks_for(type, asio::cancellation_type::terminal | asio::cancellation_type::partial)) {
      return;
    }
    auto r = weak.lock();
    if (!r) return;
    asio::post(r->strand, [r, resolver, handler] {
      auto res = resolver.lock();
      auto h = handler.lock();
      if (!res || !h || !*h) return;  // completed meanwhile
      give_up(*r, *res, *h, asio::error::operation_aborted, "connect cancelled");
    });
  });
  on_strand(rt, [op = std::move(op), host = std::move(host),
                 service = std::move(service)](Runtime& r) mutable {
    r.name = fmt::format("{}:{}", host, service);
    if (r.options.connect_timeout != Duration::zero()) {
      r.connect_timer.expires_after(r.options.connect_timeout);
      r.connect_timer.async_wait([op](std::error_code ec) {
        if (ec || op.rt->established || !*op.handler) return;
        give_up(*op.rt, *op.resolver, *op.handler, make_error_code(errc::timed_out),
                "connect timed out");
      });
    }
    op.resolver->async_resolve(
        host, service,
        [op](std::error_code ec, const asio::ip::tcp::resolver::results_type& results) mutable {
          if (!*op.handler) return;  // timed out meanwhile
          if (ec) {
            op.rt->log(fmt::format("cannot resolve: {}", ec.message()));
            op.fail(ec);
            return;
          }
          asio::async_connect(
              op.rt->socket, results,
              [op](std::error_code ec2, const asio::ip::tcp::endpoint& endpoint) mutable {
                if (!*op.handler) return;
                if (ec2) {
                  op.rt->log(fmt::format("cannot connect: {}", ec2.message()));
                  op.fail(ec2);
                  return;
                }
                op.rt->peer = endpoint;
                op.rt->write_interest = true;  // the connect waited for writability
                op.connected();
              });
        });
  });
}

}  // namespace piglix::net::detail
