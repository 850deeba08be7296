// A type-erased, move-only completion handler, so that the bodies of piglix::net's asynchronous
// operations live in .cpp files (Asio's type-erasure pattern; Debian 12's Asio 1.22 predates
// asio::any_completion_handler, so this is the small part of it piglix needs).
//
// It keeps the handler's associated executor busy (a work guard) until it completes, and
// completes through that executor, never on another connection's strand: by posting, so never
// inside the initiating call, or by dispatching, for a completion made by the handler of another
// asynchronous operation (a read), where running the user's handler at once is what Asio's own
// composed operations do too.
#pragma once

#include <asio/any_io_executor.hpp>
#include <asio/associated_executor.hpp>
#include <asio/dispatch.hpp>
#include <asio/executor_work_guard.hpp>
#include <asio/io_context.hpp>
#include <asio/post.hpp>
#include <asio/strand.hpp>
#include <memory>
#include <type_traits>
#include <typeinfo>
#include <utility>

namespace piglix::net::detail {

// Whether a handler bound to `executor` may run right here: the thread runs that io_context, or
// that strand, now. What asio::dispatch() decides too, without its type-erased detour (which wraps
// the handler in a function object of its own); an executor this cannot tell answers false.
template <class Executor>
bool runs_in_this_thread(const Executor& executor) {
  if constexpr (std::is_same_v<Executor, asio::any_io_executor>) {
    // target_type() first: Asio 1.22's target<T>() does not check the type it casts to.
    using IoExecutor = asio::io_context::executor_type;
    using IoStrand = asio::strand<IoExecutor>;
    const std::type_info& type = executor.target_type();
    if (type == typeid(IoExecutor))
      return executor.template target<IoExecutor>()->running_in_this_thread();
    if (type == typeid(IoStrand))
      return executor.template target<IoStrand>()->running_in_this_thread();
    return false;
  } else if constexpr (requires { executor.running_in_this_thread(); }) {
    return executor.running_in_this_thread();
  } else {
    return false;
  }
}

template <class... Args>
class Completion {
 public:
  Completion() = default;

  // `fallback` is the executor used when the handler has none of its own (plain callbacks).
  template <class Handler>
  Completion(Handler&& handler, const asio::any_io_executor& fallback)
      : impl_(std::make_unique<Impl<std::decay_t<Handler>>>(std::forward<Handler>(handler),
                                                            fallback)) {}

  explicit operator bool() const noexcept { return impl_ != nullptr; }

  // Posts the handler with `args` to its executor. The Completion is empty afterwards; an empty
  // one does nothing (an operation nobody waits for).
  void operator()(Args... args) {
    std::unique_ptr<Base> impl = std::move(impl_);
    if (impl) impl->complete(false, std::move(args)...);
  }
  // The same through asio::dispatch: the handler may run inside this call. Only for a caller that
  // is not the initiating function and holds no state the handler could re-enter.
  void dispatch(Args... args) {
    std::unique_ptr<Base> impl = std::move(impl_);
    if (impl) impl->complete(true, std::move(args)...);
  }

 private:
  struct Base {
    virtual ~Base() = default;
    virtual void complete(bool dispatch, Args&&... args) = 0;
  };

  template <class Handler>
  struct Impl final : Base {
    using Executor = asio::associated_executor_t<Handler, asio::any_io_executor>;

    Impl(Handler h, const asio::any_io_executor& fallback)
        : handler(std::move(h)), work(asio::get_associated_executor(handler, fallback)) {}

    void complete(bool dispatch, Args&&... args) override {
      Executor executor = work.get_executor();
      if (dispatch && runs_in_this_thread(executor)) {
        Handler h = std::move(handler);
        work.reset();
        std::move(h)(std::move(args)...);
        return;
      }
      auto call = [h = std::move(handler), ... a = std::move(args)]() mutable {
        std::move(h)(std::move(a)...);
      };
      if (dispatch) {
        asio::dispatch(executor, std::move(call));
      } else {
        asio::post(executor, std::move(call));
      }
      work.reset();
    }

    Handler handler;
    asio::executor_work_guard<Executor> work;
  };

  std::unique_ptr<Base> impl_;
};

}  // namespace piglix::net::detail
