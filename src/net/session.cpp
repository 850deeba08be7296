// net::Session: each operation hops onto the connection's strand and hands over to the Runtime.
#include "piglix/net/session.hpp"

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

void Session::start_receive(detail::EventHandler handler) {
  detail::on_strand(runtime_, [h = std::move(handler)](detail::Runtime& rt) mutable {
    rt.start_receive(std::move(h));
  });
}

void Session::start_request(Request request, detail::RequestHandler handler) {
  detail::on_strand(runtime_,
                    [r = std::move(request), h = std::move(handler)](detail::Runtime& rt) mutable {
                      rt.start_request(r, std::move(h));
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
