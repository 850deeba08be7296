// A deterministic stream of sequenced SSDUs for the long dialogue test. SSDU n is a function of n
// alone (its size, whether it goes as S-DATA or S-TYPED-DATA, every octet), so the receiver
// recomputes the SSDU it expects next and compares it octet for octet: a loss, a duplicate, a
// reordering, a truncation or a corruption all show as a mismatch at the first SSDU they touch.
//
// SSDU n is the first size(n) octets of: n (8 octets, little-endian, so that even a 1-octet SSDU
// carries the low byte of its number), size(n) (4 octets), the kind (1 octet), then a splitmix64
// stream seeded with n.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <string>

#include "piglix/bytes.hpp"

namespace piglix::test::ssdu {

enum class Kind : std::uint8_t { data, typed };

inline std::uint64_t splitmix(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

inline constexpr std::uint64_t fnv_basis = 0xCBF29CE484222325ull;

// A plain pointer loop: in the Debug build span iterators are function calls, and they made this
// loop most of the test's run time.
inline std::uint64_t fnv1a(std::uint64_t h, Bytes data) {
  const std::uint8_t* p = data.data();
  const std::uint8_t* const end = p + data.size();
  while (p != end) h = (h ^ *p++) * 0x100000001B3ull;
  return h;
}

inline constexpr std::size_t header_size = 13;

// The size schedule: mostly SSDUs that the sender segments (above the peer's TSDU maximum size)
// and that the transport cuts into several DT TPDUs (above the TPDU size), some that fit one
// TPDU, and a few shorter than the header, down to 1 octet; one in 64 is exactly `max` (the
// receiver's SSDU limit).
inline std::size_t size_of(std::uint64_t n, std::size_t max) {
  std::uint64_t state = n ^ 0x51ED5EEDull;
  const std::uint64_t h = splitmix(state);
  const std::uint64_t r = h % 64, v = h >> 8;
  std::size_t size;
  if (r < 4) {
    size = 1 + v % (header_size - 1);
  } else if (r < 16) {
    size = header_size + v % 1024;
  } else if (r < 32) {
    size = 1024 + v % (20 << 10);
  } else if (r < 60) {
    size = (20 << 10) + v % (140 << 10);
  } else if (r < 63) {
    size = (160 << 10) + v % (864 << 10);
  } else {
    size = max;
  }
  return std::min(size, max);
}

// About one SSDU in 29 goes as typed data: it shares the normal flow, and so the sequence.
inline Kind kind_of(std::uint64_t n) {
  std::uint64_t state = n ^ 0x7E1EDull;
  return splitmix(state) % 29 == 0 ? Kind::typed : Kind::data;
}

// SSDU n into `out` (resized; its capacity is reused from call to call).
inline void make(std::uint64_t n, std::size_t max, ByteBuffer& out) {
  const std::size_t size = size_of(n, max);
  out.resize(size + 8);  // room to write the payload 8 octets at a time
  std::uint8_t header[header_size];
  for (int i = 0; i < 8; ++i) header[i] = static_cast<std::uint8_t>(n >> (8 * i));
  for (int i = 0; i < 4; ++i) header[8 + i] = static_cast<std::uint8_t>(size >> (8 * i));
  header[12] = static_cast<std::uint8_t>(kind_of(n));
  std::memcpy(out.data(), header, std::min(size, header_size));
  std::uint64_t state = n;
  std::uint8_t* const p = out.data();
  for (std::size_t at = header_size; at < size; at += 8) {
    const std::uint64_t word = splitmix(state);
    std::memcpy(p + at, &word, 8);
  }
  out.resize(size);
}

// Where one direction of the dialogue is: the next SSDU number and what came before it. Both
// sides keep one; at every sync point the sender sends its own and the receiver compares.
struct Position {
  std::uint64_t next = 0;
  std::uint64_t octets = 0;
  std::uint64_t hash = fnv_basis;  // FNV-1a of every octet of SSDUs 0 .. next-1, in order

  void advance(Bytes ssdu) {
    ++next;
    octets += ssdu.size();
    hash = fnv1a(hash, ssdu);
  }
  bool operator==(const Position&) const = default;
  std::string str() const {
    return "SSDU " + std::to_string(next) + ", " + std::to_string(octets) + " octets, hash " +
           std::to_string(hash);
  }
};

// A Position as the user data of a sync point, with a flag for the last one of a part.
inline ByteBuffer encode(const Position& p, bool last = false) {
  ByteBuffer out(25);
  const std::uint64_t words[3] = {p.next, p.octets, p.hash};
  for (int w = 0; w < 3; ++w)
    for (int i = 0; i < 8; ++i) out[8 * w + i] = static_cast<std::uint8_t>(words[w] >> (8 * i));
  out[24] = last ? 1 : 0;
  return out;
}

inline Position decode(Bytes in, bool* last = nullptr) {
  if (in.size() != 25) {
    throw std::runtime_error("sync point user data of " + std::to_string(in.size()) +
                             " octets, not 25");
  }
  std::uint64_t words[3] = {};
  for (int w = 0; w < 3; ++w)
    for (int i = 0; i < 8; ++i) words[w] |= std::uint64_t{in[8 * w + i]} << (8 * i);
  if (last) *last = in[24] != 0;
  return {words[0], words[1], words[2]};
}

// What the header of a received SSDU claims, for the message of a mismatch.
inline std::string claims(Bytes got) {
  if (got.size() < header_size)
    return std::to_string(got.size()) + " octets, too short for a header";
  std::uint64_t n = 0, size = 0;
  for (int i = 0; i < 8; ++i) n |= std::uint64_t{got[i]} << (8 * i);
  for (int i = 0; i < 4; ++i) size |= std::uint64_t{got[8 + i]} << (8 * i);
  return std::to_string(got.size()) + " octets whose header says SSDU " + std::to_string(n) +
         " of " + std::to_string(size);
}

}  // namespace piglix::test::ssdu
