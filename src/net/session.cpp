// net::Session: each operation hops onto the connection's strand and hands over to the Runtime.
#include "piglix/net/session.hpp"

#include <asio/post.hpp>

#include "net/runtime.hpp"

namespace piglix::net {

Session::executor_type Session::get_executor() const { return runtime_->strand; }

const Session::executor_type& Session::strand() const { return runtime_->strand; }

asio::ip::tcp::endpoint Session::remote_endpoint() const { return runtime_->peer; }

Statistics Session::statistics() const {
  const auto& c = runtime_->counters;
  return {c.reads.load(std::memory_order_relaxed), c.empty_reads.load(std::memory_order_relaxed),
          c.octets_read.load(std::memory_order_relaxed), c.writes.load(std::memory_order_relaxed),
          c.octets_written.load(std::memory_order_relaxed)};
}

namespace {

// What cancelling an operation does: the cancellation goes to the connection's strand, posted, so
// that the operation never completes inside the user's emit() and always after it was started
// (which is dispatched or posted to the strand before). Weak: a canceller may outlive its
// connection in the user's slot.
template <void (detail::Runtime::*Cancel)(std::uint64_t)>
struct Canceller {
  std::weak_ptr<detail::Runtime> runtime;
  std::uint64_t id;
  asio::cancellation_type supported;

  void operator()(asio::cancellation_type type) const {
    if (!detail::asks_for(type, supported)) return;
    if (auto rt = runtime.lock()) {
      asio::post(rt->strand, [rt, id = id] { ((*rt).*Cancel)(id); });
    }
  }
};

}  // namespace

void Session::start_receive(detail::EventHandler handler) {
  // Identifier 0: nothing can cancel it (and the common case costs no atomic operation).
  std::uint64_t id = 0;
  if (handler.cancellable()) {
    id = runtime_->next_operation_id();
    // Nothing is taken from the session by a receive that waits: any cancellation type may end
    // it.
    handler.on_cancel(
        Canceller<&detail::Runtime::cancel_receive>{runtime_, id, asio::cancellation_type::all});
  }
  detail::on_strand(runtime_, [h = std::move(handler), id](detail::Runtime& rt) mutable {
    rt.start_receive(std::move(h), id);
  });
}

void Session::start_request(Request request, detail::RequestHandler handler) {
  std::uint64_t id = 0;
  if (handler.cancellable()) {
    id = runtime_->next_operation_id();
    // The machine takes a request at once; only its wait for the output queue can be cut
    // short, and the request stays done: terminal cancellation alone allows that.
    handler.on_cancel(Canceller<&detail::Runtime::cancel_request>{
        runtime_, id, asio::cancellation_type::terminal});
  }
  detail::on_strand(
      runtime_, [r = std::move(request), h = std::move(handler), id](detail::Runtime& rt) mutable {
        rt.start_request(r, std::move(h), id);
      });
}

void Session::recycle(ByteBuffer&& buffer) {
  if (!runtime_ || buffer.capacity() == 0) return;
  detail::on_strand(runtime_, [b = std::move(buffer)](detail::Runtime& rt) mutable {
    session::recycle(rt.stack.session, std::move(b));
  });
}

void Session::close() {
  if (!runtime_) return;
  detail::on_strand(runtime_,
                    [](detail::Runtime& rt) { rt.close(make_error_code(errc::shut_down)); });
}

}  // namespace piglix::net
