// A first-in first-out queue over one reused vector: the machines' queues of outputs and events.
//
// std::deque allocates and frees a block as elements move through it, several times per SPDU for
// events the size of session::Event. Here taken elements are only counted off the front, and
// dropped in one go when the vector would otherwise grow, so a steady flow allocates nothing
// once the queue has reached its working size.
#pragma once

#include <cstddef>
#include <memory>
#include <type_traits>
#include <utility>
#include <vector>

namespace piglix {

template <class T>
class Fifo {
 public:
  Fifo() = default;
  Fifo(const Fifo&) = default;
  Fifo& operator=(const Fifo&) = default;
  // A queue moved from is empty (a moved-from vector is, but the count of taken elements stays).
  Fifo(Fifo&& other) noexcept
      : items_(std::move(other.items_)), head_(std::exchange(other.head_, 0)) {
    other.items_.clear();
  }
  Fifo& operator=(Fifo&& other) noexcept {
    if (this != &other) {
      items_ = std::move(other.items_);
      head_ = std::exchange(other.head_, 0);
      other.items_.clear();
    }
    return *this;
  }

  bool empty() const noexcept { return head_ == items_.size(); }
  std::size_t size() const noexcept { return items_.size() - head_; }

  T& front() { return items_[head_]; }
  const T& front() const { return items_[head_]; }
  T& back() { return items_.back(); }
  const T& back() const { return items_.back(); }

  void push_back(T value) {
    make_room();
    items_.push_back(std::move(value));
  }
  template <class... Args>
  T& emplace_back(Args&&... args) {
    make_room();
    return items_.emplace_back(std::forward<Args>(args)...);
  }

  void pop_front() {
    // Frees what the taken element still owns, now. Rebuilt in place rather than assigned a
    // fresh T{}: for a variant that saves a temporary and a visit per element.
    T& taken = items_[head_];
    if constexpr (std::is_nothrow_default_constructible_v<T>) {
      std::destroy_at(&taken);
      std::construct_at(&taken);
    } else {
      taken = T{};
    }
    if (++head_ == items_.size()) clear();
  }
  void clear() noexcept {
    items_.clear();
    head_ = 0;
  }

  auto begin() { return items_.begin() + static_cast<std::ptrdiff_t>(head_); }
  auto end() { return items_.end(); }
  auto begin() const { return items_.begin() + static_cast<std::ptrdiff_t>(head_); }
  auto end() const { return items_.end(); }

 private:
  // Before the vector grows, the taken elements at its front give their room back.
  void make_room() {
    if (head_ == 0 || items_.size() < items_.capacity()) return;
    items_.erase(items_.begin(), begin());
    head_ = 0;
  }

  std::vector<T> items_;
  std::size_t head_ = 0;
};

}  // namespace piglix
