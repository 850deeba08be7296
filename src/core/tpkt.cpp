#include "piglix/tpkt.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "wire.hpp"

namespace piglix::tpkt {

std::array<std::uint8_t, header_size> header_for(std::size_t payload_size) noexcept {
  const auto length = static_cast<std::uint16_t>(payload_size + header_size);
  return {version, 0, static_cast<std::uint8_t>(length >> 8), static_cast<std::uint8_t>(length)};
}

Status append_packet(ByteBuffer& out, Bytes payload) {
  if (payload.size() > max_payload_size) {
    return Error{errc::value_too_large, 0,
                 fmt::format("TPKT: payload of {} octets exceeds the maximum of {}", payload.size(),
                             max_payload_size)};
  }
  const auto header = header_for(payload.size());
  wire::put_bytes(out, header);
  wire::put_bytes(out, payload);
  return {};
}

Result<std::size_t> Framer::check_header(const std::uint8_t* header) const {
  // The reserved octet is ignored, as RFC 1006 receivers commonly do; senders always write 0.
  if (header[0] != version) {
    return Error{errc::tpkt_bad_version, stream_offset_,
                 fmt::format("TPKT: version {} where 3 is required", header[0])};
  }
  const std::size_t length = (std::size_t{header[2]} << 8) | header[3];
  if (length < min_packet_size) {
    return Error{
        errc::tpkt_bad_length, stream_offset_ + 2,
        fmt::format("TPKT: length {} is below the minimum of {}", length, min_packet_size)};
  }
  if (length > limits_.max_packet_size) {
    return Error{errc::tpkt_too_large, stream_offset_ + 2,
                 fmt::format("TPKT: length {} exceeds the configured maximum of {}", length,
                             limits_.max_packet_size)};
  }
  return length;
}

Result<std::optional<Bytes>> Framer::next(Bytes& input) {
  if (failed_) return *failed_;

  // Fast path: at a boundary with the whole packet in the input, hand out a view of it.
  if (header_fill_ == 0 && input.size() >= header_size) {
    auto length = check_header(input.data());
    if (!length) return *(failed_ = std::move(length).error());
    if (input.size() >= *length) {
      const Bytes payload = input.subspan(header_size, *length - header_size);
      input = input.subspan(*length);
      stream_offset_ += *length;
      return std::optional<Bytes>(payload);
    }
  }

  // Slow path: gather the header, then the body, across calls.
  while (header_fill_ < header_size && !input.empty()) {
    header_[header_fill_++] = input.front();
    input = input.subspan(1);
    if (header_fill_ == header_size) {
      auto length = check_header(header_.data());
      if (!length) return *(failed_ = std::move(length).error());
      packet_size_ = *length;
      body_.clear();
      body_.reserve(packet_size_ - header_size);
    }
  }
  if (header_fill_ < header_size) return std::optional<Bytes>();

  const std::size_t wanted = packet_size_ - header_size - body_.size();
  const std::size_t taken = std::min(wanted, input.size());
  wire::put_bytes(body_, input.first(taken));
  input = input.subspan(taken);
  if (taken < wanted) return std::optional<Bytes>();

  header_fill_ = 0;
  stream_offset_ += packet_size_;
  return std::optional<Bytes>(Bytes(body_));
}

}  // namespace piglix::tpkt
