// Byte views and buffers shared by every layer.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
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
