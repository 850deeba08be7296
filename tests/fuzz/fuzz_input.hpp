// The fuzz input read front to back as operands. Reading past the end gives zeros and empty
// runs, so every input is a valid program.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "piglix/bytes.hpp"

namespace piglix::fuzz {

class Input {
 public:
  explicit Input(Bytes octets) noexcept : rest_(octets) {}

  bool empty() const noexcept { return rest_.empty(); }
  std::uint8_t u8() noexcept {
    if (rest_.empty()) return 0;
    const std::uint8_t v = rest_[0];
    rest_ = rest_.subspan(1);
    return v;
  }
  std::uint16_t u16() noexcept { return static_cast<std::uint16_t>(u8() << 8 | u8()); }
  // Up to `n` octets (fewer at the end of the input).
  Bytes take(std::size_t n) noexcept {
    const Bytes head = rest_.first(std::min(n, rest_.size()));
    rest_ = rest_.subspan(head.size());
    return head;
  }

 private:
  Bytes rest_;
};

}  // namespace piglix::fuzz
