// RFC 1006 TPKT: the 4-octet header that frames each TPDU on a TCP byte stream.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

#include "piglix/bytes.hpp"
#include "piglix/error.hpp"

namespace piglix::tpkt {

inline constexpr std::uint8_t version = 3;
inline constexpr std::size_t header_size = 4;
// The smallest packet is a header and an empty class 0 DT (02 f0 80).
inline constexpr std::size_t min_packet_size = 7;
inline constexpr std::size_t max_packet_size = 65535;
inline constexpr std::size_t max_payload_size = max_packet_size - header_size;

// The header for a packet carrying `payload_size` octets (at most max_payload_size).
std::array<std::uint8_t, header_size> header_for(std::size_t payload_size) noexcept;

// Appends one whole packet: header, then payload. Fails with errc::value_too_large when the
// payload does not fit one TPKT.
Status append_packet(ByteBuffer& out, Bytes payload);

struct FramerLimits {
  // Packets announcing more than this are refused (errc::tpkt_too_large). At most 65535.
  std::size_t max_packet_size = tpkt::max_packet_size;
};

// Cuts a TCP byte stream into TPKT payloads. A packet may arrive split at any octet and several
// may arrive in one read. Only a packet that is split is copied; a whole packet in the input is
// returned as a view into it.
//
// Once a header is invalid the stream cannot be resynchronized: every later call returns the same
// error. Error offsets count octets from the start of the stream.
class Framer {
 public:
  explicit Framer(FramerLimits limits = {}) noexcept : limits_(limits) {}

  // Changes the bound for the headers still to come (e.g. once a TPDU size is agreed). A packet
  // whose header has already been taken keeps the bound it was checked against.
  void set_limits(FramerLimits limits) noexcept { limits_ = limits; }

  // Consumes octets from the front of `input` up to the end of the next complete packet and
  // returns its payload, or std::nullopt once `input` is used up without completing one. The
  // payload stays valid until the next call or until `input`'s storage changes.
  Result<std::optional<Bytes>> next(Bytes& input);

  // True when no partial packet is held (the stream is at a packet boundary).
  bool at_boundary() const noexcept { return header_fill_ == 0; }
  // Octets of the stream in the complete packets returned so far: where the partial packet, if
  // any, starts. The octets consumed are stream_offset() + partial_octets().
  std::uint64_t stream_offset() const noexcept { return stream_offset_; }
  // Octets of the incomplete packet held so far (header included), and its announced size once
  // its header is complete (0 before). Both 0 at a boundary.
  std::size_t partial_octets() const noexcept {
    return header_fill_ == tpkt::header_size ? header_size + body_.size() : header_fill_;
  }
  std::size_t partial_packet_size() const noexcept {
    return header_fill_ == tpkt::header_size ? packet_size_ : 0;
  }

 private:
  Result<std::size_t> check_header(const std::uint8_t* header) const;

  FramerLimits limits_;
  std::array<std::uint8_t, header_size> header_{};
  std::size_t header_fill_ = 0;
  std::size_t packet_size_ = 0;
  ByteBuffer body_;
  std::uint64_t stream_offset_ = 0;
  std::optional<Error> failed_;
};

}  // namespace piglix::tpkt
