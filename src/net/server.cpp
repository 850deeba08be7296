// net::Server: one acceptor loop on the listener's strand; each accepted TCP connection gets its
// own Runtime (and strand), which reports back here at its S-CONNECT indication and at its end.
#include "piglix/net/server.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <asio/post.hpp>
#include <atomic>
#include <unordered_set>
#include <vector>

#include "net/registry.hpp"
#include "net/runtime.hpp"

namespace piglix::net {
namespace detail {

struct Listener : std::enable_shared_from_this<Listener> {
  ~Listener() {
    asio::use_service<Registry>(asio::query(io, asio::execution::context)).remove(this);
  }
  Listener(const asio::any_io_executor& executor, ServerOptions opts)
      : io(executor),
        strand(make_strand_for(executor, opts.connection.single_thread)),
        acceptor(strand),
        options(std::move(opts)),
        grace_timer(strand) {}

  asio::any_io_executor io;
  Strand strand;
  asio::ip::tcp::acceptor acceptor;
  ServerOptions options;
  bool open = true;

  std::unordered_set<std::shared_ptr<Runtime>> live;  // every connection not yet closed
  std::atomic<std::size_t> count = 0;                 // live.size(), readable from any thread
  std::deque<std::pair<std::shared_ptr<Runtime>, session::ConnectIndication>> ready;
  struct Waiter {
    std::uint64_t id;  // what its canceller names it by
    AcceptHandler handler;
  };
  std::deque<Waiter> waiters;
  std::atomic<std::uint64_t> waiter_ids = 0;

  asio::steady_timer grace_timer;
  std::optional<ShutdownHandler> shutdown_done;

  // io_context shutdown (registry.hpp): drop waiting handlers and connections without calls.
  void abandon() {
    auto w = std::move(waiters);
    auto r = std::move(ready);
    auto l = std::move(live);
    auto d = std::move(shutdown_done);
    waiters.clear();
    ready.clear();
    live.clear();
    shutdown_done.reset();
  }

  void log(std::string_view what) const {
    if (options.connection.log) options.connection.log(fmt::format("server: {}", what));
  }

  void accept_next() {
    if (!open) return;
    auto rt = make_runtime(io, options.connection);
    acceptor.async_accept(rt->socket, [self = shared_from_this(), rt](std::error_code ec) {
      if (!self->open) return;
      if (ec) {
        // Out of descriptors and the like: report, and keep serving the connections there are.
        self->log(fmt::format("accept failed: {}", ec.message()));
      } else if (self->live.size() >= self->options.max_connections) {
        self->log(fmt::format("connection limit of {} reached: closing a new connection",
                              self->options.max_connections));
        std::error_code ignored;
        (void)rt->socket.close(ignored);
      } else {
        self->serve(rt);
      }
      self->accept_next();
    });
  }

  void serve(const std::shared_ptr<Runtime>& rt) {
    live.insert(rt);
    count = live.size();
    std::weak_ptr<Listener> weak = weak_from_this();
    rt->stack = stack::make_acceptor(options.connection.stack);
    rt->on_setup = [weak, rt_weak = std::weak_ptr<Runtime>(rt)](
                       std::error_code ec, std::optional<session::Event> event) {
      auto self = weak.lock();
      auto r = rt_weak.lock();
      if (!self || !r || ec || !event) return;  // ended before its S-CONNECT indication
      asio::dispatch(self->strand, [self, r, e = std::move(*event)]() mutable {
        self->indicated(r, std::get<session::ConnectIndication>(std::move(e)));
      });
    };
    rt->on_closed = [weak, rt_weak = std::weak_ptr<Runtime>(rt)] {
      auto self = weak.lock();
      auto r = rt_weak.lock();
      if (!self || !r) return;
      asio::dispatch(self->strand, [self, r] { self->closed(r); });
    };
    on_strand(rt, [limit = options.connection.connect_timeout](Runtime& r) { r.start(limit); });
  }

  void indicated(const std::shared_ptr<Runtime>& rt, session::ConnectIndication indication) {
    if (!open || ready.size() >= options.max_pending_indications) {
      log(fmt::format("{}: refusing a session (temporary congestion)", rt->name));
      on_strand(rt, [](Runtime& r) {
        const session::RefuseResponse congested{spdu::refuse_reason::temporary_congestion, {}};
        if (session::refuse(r.stack.session, congested)) stack::pump(r.stack);
        r.settle();
      });
      return;
    }
    ready.emplace_back(rt, std::move(indication));
    hand_over();
  }

  void hand_over() {
    while (!ready.empty() && !waiters.empty()) {
      auto [rt, indication] = std::move(ready.front());
      ready.pop_front();
      AcceptHandler h = std::move(waiters.front().handler);
      waiters.pop_front();
      h(std::error_code{}, Session(rt), std::move(indication));
    }
  }

  void closed(const std::shared_ptr<Runtime>& rt) {
    live.erase(rt);
    count = live.size();
    std::erase_if(ready, [&](const auto& entry) { return entry.first == rt; });
    if (live.empty() && shutdown_done) {
      grace_timer.cancel();
      ShutdownHandler done = std::move(*shutdown_done);
      shutdown_done.reset();
      done(std::error_code{});
    }
  }

  void stop() {
    if (!open) return;
    open = false;
    std::error_code ignored;
    (void)acceptor.close(ignored);
    while (!waiters.empty()) {
      AcceptHandler h = std::move(waiters.front().handler);
      waiters.pop_front();
      h(make_error_code(errc::shut_down), Session{}, session::ConnectIndication{});
    }
  }

  // A cancelled async_accept() completes with operation_aborted and takes no indication.
  void cancel_accept(std::uint64_t id) {
    const auto waiter =
        std::find_if(waiters.begin(), waiters.end(), [id](const Waiter& w) { return w.id == id; });
    if (waiter == waiters.end()) return;  // completed meanwhile
    AcceptHandler h = std::move(waiter->handler);
    waiters.erase(waiter);
    h(asio::error::operation_aborted, Session{}, session::ConnectIndication{});
  }

  void shutdown(Duration grace, ShutdownHandler handler) {
    stop();
    if (live.empty()) {
      handler(std::error_code{});
      return;
    }
    shutdown_done = std::move(handler);
    for (const auto& rt : live_now()) on_strand(rt, [](Runtime& r) { r.wind_down(); });
    grace_timer.expires_after(grace);
    grace_timer.async_wait([self = shared_from_this()](std::error_code ec) {
      if (ec) return;
      self->log(fmt::format("grace period over: closing {} connections", self->live.size()));
      for (const auto& rt : self->live_now()) {
        on_strand(rt, [](Runtime& r) { r.close(make_error_code(errc::shut_down)); });
      }
    });
  }

  // The connections open now, to go through while they close: a connection that closes tells
  // closed() at once when it runs on this executor (single_thread), which erases it from `live`.
  std::vector<std::shared_ptr<Runtime>> live_now() const { return {live.begin(), live.end()}; }
};

}  // namespace detail

Server::Server(const asio::any_io_executor& executor, const asio::ip::tcp::endpoint& endpoint,
               ServerOptions options)
    : listener_(std::make_shared<detail::Listener>(executor, std::move(options))) {
  asio::use_service<detail::Registry>(asio::query(executor, asio::execution::context))
      .add(listener_, &detail::Listener::abandon);
  auto& a = listener_->acceptor;
  a.open(endpoint.protocol());
  a.set_option(asio::ip::tcp::acceptor::reuse_address(true));
  a.bind(endpoint);
  a.listen();
  asio::dispatch(listener_->strand, [l = listener_] { l->accept_next(); });
}

Server::~Server() {
  if (listener_) close();
}
Server::Server(Server&&) noexcept = default;
Server& Server::operator=(Server&&) noexcept = default;

asio::ip::tcp::endpoint Server::local_endpoint() const {
  std::error_code ignored;
  return listener_->acceptor.local_endpoint(ignored);
}

std::size_t Server::connection_count() const { return listener_->count.load(); }

asio::any_io_executor Server::executor() const { return listener_->strand; }

void Server::start_accept(AcceptHandler handler) {
  std::uint64_t id = 0;  // 0: nothing can cancel it
  if (handler.cancellable()) {
    id = listener_->waiter_ids.fetch_add(1) + 1;
    // Waiting takes nothing from the server: any cancellation type may end it. Posted to the
    // strand, after the accept itself, and never inside the user's emit().
    handler.on_cancel([weak = std::weak_ptr(listener_), id](asio::cancellation_type type) {
      if (!detail::asks_for(type, asio::cancellation_type::all)) return;
      if (auto l = weak.lock()) asio::post(l->strand, [l, id] { l->cancel_accept(id); });
    });
  }
  asio::dispatch(listener_->strand, [l = listener_, h = std::move(handler), id]() mutable {
    if (!l->open) {
      h(make_error_code(errc::shut_down), Session{}, session::ConnectIndication{});
      return;
    }
    l->waiters.push_back({id, std::move(h)});
    l->hand_over();
  });
}

void Server::close() {
  asio::dispatch(listener_->strand, [l = listener_] { l->stop(); });
}

void Server::start_shutdown(Duration grace, ShutdownHandler handler) {
  asio::dispatch(listener_->strand, [l = listener_, grace, h = std::move(handler)]() mutable {
    l->shutdown(grace, std::move(h));
  });
}

}  // namespace piglix::net
