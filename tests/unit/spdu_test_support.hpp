// Helpers shared by the SPDU codec tests: hex input, heralds, decoding and error assertions.
#pragma once

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "piglix/spdu.hpp"

// The tests build SPDUs with designated initializers that name only the members they care about;
// the others are value-initialized on purpose. GCC 12 flags every omitted member.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#endif

namespace piglix {

inline void PrintTo(errc code, std::ostream* os) {
  *os << "errc(" << static_cast<int>(code) << ": " << make_error_code(code).message() << ")";
}

namespace spdu {

inline void PrintTo(Kind kind, std::ostream* os) { *os << info(kind).abbreviation; }

namespace test {

inline ByteBuffer hex(std::string_view text) {
  ByteBuffer out;
  EXPECT_TRUE(parse_hex(text, out)) << "bad hex in the test: " << text;
  return out;
}

inline ByteBuffer concat(std::initializer_list<Bytes> parts) {
  ByteBuffer out;
  for (Bytes part : parts) out.insert(out.end(), part.begin(), part.end());
  return out;
}

// Deterministic filler octets; different seeds give different contents.
inline ByteBuffer pattern(std::size_t size, std::uint8_t seed = 0) {
  ByteBuffer data(size);
  for (std::size_t i = 0; i < size; ++i) data[i] = static_cast<std::uint8_t>(i * 13 + seed);
  return data;
}

// The herald (GT or PT without a Token Item) that precedes a category 2 SPDU.
inline Spdu herald_of(Kind kind) {
  return info(kind).herald == Kind::GT ? Spdu(GiveTokens{}) : Spdu(PleaseTokens{});
}

// The SPDUs of the TSDU that carries `spdu`: behind its herald when it is category 2.
inline std::vector<Spdu> tsdu_of(const Spdu& spdu) {
  if (info(spdu).category == Category::two) return {herald_of(kind_of(spdu)), spdu};
  return {spdu};
}

inline std::vector<Kind> kinds_of(std::span<const Spdu> spdus) {
  std::vector<Kind> kinds;
  for (const Spdu& s : spdus) kinds.push_back(kind_of(s));
  return kinds;
}

inline ByteBuffer encode_ok(std::span<const Spdu> spdus, bool extended = false) {
  ByteBuffer out;
  const Status status = encode_tsdu(spdus, out, extended);
  EXPECT_TRUE(status) << status.error().message();
  return out;
}

// Decodes a TSDU that must be valid. The SPDUs borrow from `tsdu`.
inline std::vector<Spdu> decode_ok(Bytes tsdu, const DecodeOptions& options = {}) {
  auto result = decode_tsdu(tsdu, options);
  EXPECT_TRUE(result) << "decoding " << to_hex(tsdu) << ": " << result.error().message();
  if (!result) return {};
  return std::move(result).value();
}

// Checks an Error: its code, its offset and that its message mentions every string given.
inline ::testing::AssertionResult is_error(const Error& e, errc code, std::size_t offset,
                                           const std::vector<std::string_view>& mentions) {
  const std::string message = e.message();
  if (e.code != code || e.offset != offset) {
    return ::testing::AssertionFailure()
           << "expected " << make_error_code(code).message() << " at offset " << offset << ", got "
           << make_error_code(e.code).message() << " at offset " << e.offset << ": " << message;
  }
  for (std::string_view m : mentions) {
    if (message.find(m) == std::string::npos) {
      return ::testing::AssertionFailure() << "message \"" << message << "\" lacks \"" << m << "\"";
    }
  }
  return ::testing::AssertionSuccess();
}

// Decoding `tsdu` fails with `code` at `offset`, with a message naming every one of `mentions`.
inline ::testing::AssertionResult decode_fails(Bytes tsdu, errc code, std::size_t offset,
                                               const std::vector<std::string_view>& mentions = {},
                                               const DecodeOptions& options = {}) {
  auto result = decode_tsdu(tsdu, options);
  if (result) {
    return ::testing::AssertionFailure()
           << to_hex(tsdu) << " decoded into " << result->size() << " SPDU(s), expected an error";
  }
  return is_error(result.error(), code, offset, mentions) << " (input " << to_hex(tsdu) << ")";
}

}  // namespace test
}  // namespace spdu
}  // namespace piglix
