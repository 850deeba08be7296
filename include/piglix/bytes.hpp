// Byte views and buffers shared by every layer.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace piglix {

// A borrowed, read-only run of octets. Decoded PDUs hold views into the input they were decoded
// from: they are valid only as long as that input is.
using Bytes = std::span<const std::uint8_t>;

// An owned, growable run of octets. Encoders append to one.
using ByteBuffer = std::vector<std::uint8_t>;

// Octets that several owners read and none writes: a buffer the user hands to
// session::send_data(), which the output queue refers to until they are written, instead of
// copying them. Freed when the last owner lets go; a user may send the same one many times.
using SharedBuffer = std::shared_ptr<const ByteBuffer>;

// `size` octets of a SharedBuffer from `offset` on, with the ownership that keeps them valid.
struct SharedSlice {
  SharedBuffer buffer;
  std::size_t offset = 0;
  std::size_t size = 0;

  explicit operator bool() const noexcept { return buffer != nullptr; }
  Bytes bytes() const noexcept { return buffer ? Bytes(*buffer).subspan(offset, size) : Bytes(); }
};

// Views a string's characters as octets (for selectors and test data written as text).
inline Bytes as_bytes(std::string_view text) noexcept {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

// Lower-case hex with a space between octets: "03 00 00 07".
std::string to_hex(Bytes octets);

// Parses hex text; whitespace, ':', ',' and '-' between octets are ignored, as are a leading
// "0x" on a token and '#' comments up to the end of a line. Returns false (and leaves `out`
// unspecified) on an odd digit count or a non-hex character.
bool parse_hex(std::string_view text, ByteBuffer& out);

// Octet-wise equality (std::span has no operator==).
inline bool same_bytes(Bytes a, Bytes b) noexcept {
  return std::equal(a.begin(), a.end(), b.begin(), b.end());
}

}  // namespace piglix
