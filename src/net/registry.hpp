// detail::Registry: an io_context service that knows every live connection and listener, so
// that destroying the io_context also destroys the handlers they hold.
//
// Asio's own I/O objects keep pending operations inside the io_context, which destroys them at
// shutdown. piglix keeps some outside (a waiting async_receive, a request waiting for the output
// queue, a waiting async_accept), and a coroutine suspended there often owns the very Session
// that holds it: a cycle nothing else would break. At shutdown the Registry asks each object to
// drop its waiting handlers without calling them, which is what Asio does with its own.
#pragma once

#include <asio/execution_context.hpp>
#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace piglix::net::detail {

class Registry final : public asio::execution_context::service {
 public:
  using key_type = Registry;
  static inline asio::execution_context::id id;

  explicit Registry(asio::execution_context& context) : service(context) {}

  // `abandon` is called at shutdown if `object` is still alive then (it is held weakly).
  template <class T>
  void add(const std::shared_ptr<T>& object, void (T::*abandon)()) {
    std::weak_ptr<T> weak = object;
    std::lock_guard lock(mutex_);
    entries_[object.get()] = [weak, abandon]() -> std::function<void()> {
      auto strong = weak.lock();
      if (!strong) return {};
      return [strong, abandon] { ((*strong).*abandon)(); };
    };
  }
  void remove(const void* object) {
    std::lock_guard lock(mutex_);
    entries_.erase(object);
  }

 private:
  void shutdown() override {
    std::vector<std::function<void()>> alive;
    {
      std::lock_guard lock(mutex_);
      for (auto& [object, pin] : entries_) {
        if (auto call = pin()) alive.push_back(std::move(call));
      }
    }
    // Outside the lock: dropping handlers may destroy other objects, which remove themselves.
    for (auto& call : alive) call();
  }

  std::mutex mutex_;
  std::unordered_map<const void*, std::function<std::function<void()>()>> entries_;
};

}  // namespace piglix::net::detail
