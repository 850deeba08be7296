// A type-erased, move-only completion handler, so that the bodies of piglix::net's asynchronous
// operations live in .cpp files (Asio's type-erasure pattern; Debian 12's Asio 1.22 predates
// asio::any_completion_handler, so this is the small part of it piglix needs).
//
// It keeps the handler's associated executor busy (a work guard) until it completes, and
// completes through that executor, never on another connection's strand: by posting, so never
// inside the initiating call, or by dispatching, for a completion made by the handler of another
// asynchronous operation (a read), where running the user's handler at once is what Asio's own
// composed operations do too.
//
// Per-operation cancellation: the handler's associated cancellation slot (Asio's own
// asio::cancellation_slot type, what asio::cancellation_signal, asio::bind_cancellation_slot and
// coroutines give) is kept beside it, for the operation to install what cancelling it does
// (on_cancel), and is cleared on the handler's executor right before the handler runs, as Asio's
// own operations do.
#pragma once

#include <asio/any_io_executor.hpp>
#include <asio/associated_allocator.hpp>
#include <asio/associated_cancellation_slot.hpp>
#include <asio/associated_executor.hpp>
#include <asio/cancellation_signal.hpp>
#include <asio/cancellation_type.hpp>
#include <asio/dispatch.hpp>
#include <asio/executor_work_guard.hpp>
#include <asio/io_context.hpp>
#include <asio/post.hpp>
#include <asio/recycling_allocator.hpp>
#include <asio/strand.hpp>
#include <memory>
#include <type_traits>
#include <typeinfo>
#include <utility>

namespace piglix::net::detail {

// The executor an any_io_executor holds, when it is a T; else null. Asio 1.22's target<T>() casts
// without checking the type, so target_type() is checked first.
template <class T>
const T* target_of(const asio::any_io_executor& executor) {
  if (executor.target_type() != typeid(T)) return nullptr;
  return executor.target<T>();
}

// Whether a handler bound to `executor` may run right here: the thread runs that io_context, or
// that strand, now. What asio::dispatch() decides too, without its type-erased detour (which wraps
// the handler in a function object of its own); an executor this cannot tell answers false.
template <class Executor>
bool runs_in_this_thread(const Executor& executor) {
  if constexpr (std::is_same_v<Executor, asio::any_io_executor>) {
    using IoExecutor = asio::io_context::executor_type;
    if (const auto* io = target_of<IoExecutor>(executor)) return io->running_in_this_thread();
    if (const auto* strand = target_of<asio::strand<IoExecutor>>(executor)) {
      return strand->running_in_this_thread();
    }
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
  // The state lives in memory from the handler's associated allocator, by default Asio's
  // recycling allocator: an operation reuses the block its predecessor on this thread freed.
  template <class Handler>
  Completion(Handler&& handler, const asio::any_io_executor& fallback)
      : slot_(asio::get_associated_cancellation_slot(handler)),
        impl_(Impl<std::decay_t<Handler>>::make(std::forward<Handler>(handler), fallback)) {}

  explicit operator bool() const noexcept { return impl_ != nullptr; }

  // Installs `canceller`, called with the cancellation type when the user's slot is emitted,
  // while the operation waits. Does nothing for a handler without a connected slot (nothing can
  // cancel it). Only in the initiating call: a slot belongs to the thread the user emits from.
  bool cancellable() const noexcept { return impl_ && slot_.is_connected(); }
  template <class Canceller>
  void on_cancel(Canceller canceller) {
    if (cancellable()) slot_.template emplace<Canceller>(std::move(canceller));
  }

  // Posts the handler with `args` to its executor. The Completion is empty afterwards; an empty
  // one does nothing (an operation nobody waits for).
  void operator()(Args... args) {
    if (Base* impl = impl_.release()) impl->complete(false, std::move(args)...);
  }
  // The same through asio::dispatch: the handler may run inside this call. Only for a caller that
  // is not the initiating function and holds no state the handler could re-enter.
  void dispatch(Args... args) {
    if (Base* impl = impl_.release()) impl->complete(true, std::move(args)...);
  }

 private:
  struct Base {
    // Frees this, then runs the handler.
    virtual void complete(bool dispatch, Args&&... args) = 0;
    // Frees this without running the handler (an operation abandoned).
    virtual void destroy() noexcept = 0;

   protected:
    ~Base() = default;
  };
  struct Destroy {
    void operator()(Base* b) const noexcept { b->destroy(); }
  };

  template <class Handler>
  struct Impl final : Base {
    using Executor = asio::associated_executor_t<Handler, asio::any_io_executor>;
    using Allocator = typename std::allocator_traits<asio::associated_allocator_t<
        Handler, asio::recycling_allocator<void>>>::template rebind_alloc<Impl>;
    using Traits = std::allocator_traits<Allocator>;

    static Impl* make(Handler h, const asio::any_io_executor& fallback) {
      Allocator allocator(asio::get_associated_allocator(h, asio::recycling_allocator<void>()));
      Impl* p = Traits::allocate(allocator, 1);
      try {
        Traits::construct(allocator, p, std::move(h), fallback, allocator);
      } catch (...) {
        Traits::deallocate(allocator, p, 1);
        throw;
      }
      return p;
    }

    Impl(Handler h, const asio::any_io_executor& fallback, const Allocator& a)
        : handler(std::move(h)),
          work(asio::get_associated_executor(handler, fallback)),
          allocator(a) {}

    void destroy() noexcept override {
      Allocator a = allocator;
      Traits::destroy(a, this);
      Traits::deallocate(a, this, 1);
    }

    void complete(bool dispatch, Args&&... args) override {
      // Moved out and freed before the handler runs, as Asio's own operations do, so that the
      // operation the handler starts may take the same memory.
      Handler h = std::move(handler);
      asio::executor_work_guard<Executor> w = std::move(work);
      destroy();
      Executor executor = w.get_executor();
      if (dispatch && runs_in_this_thread(executor)) {
        w.reset();
        forget_canceller(h);
        std::move(h)(std::move(args)...);
        return;
      }
      auto call = [h = std::move(h), ... a = std::move(args)]() mutable {
        forget_canceller(h);
        std::move(h)(std::move(a)...);
      };
      if (dispatch) {
        asio::dispatch(executor, std::move(call));
      } else {
        asio::post(executor, std::move(call));
      }
      w.reset();
    }

    Handler handler;
    asio::executor_work_guard<Executor> work;
    Allocator allocator;
  };

  // The operation is over: its canceller goes before the handler runs, which may give the same
  // slot to its next operation. Run where the handler runs, the thread the user emits from.
  template <class Handler>
  static void forget_canceller(const Handler& h) {
    asio::cancellation_slot slot = asio::get_associated_cancellation_slot(h);
    if (slot.is_connected()) slot.clear();
  }

  asio::cancellation_slot slot_;
  std::unique_ptr<Base, Destroy> impl_;
};

// Whether a cancellation of type `type` asks for something an operation supports.
inline bool asks_for(asio::cancellation_type type, asio::cancellation_type supported) {
  return (type & supported) != asio::cancellation_type::none;
}

}  // namespace piglix::net::detail
