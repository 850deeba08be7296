// Canonical encoding of class 0 TPDUs: parameters in the order of ConnectParameters' members, the
// length indicator computed, nothing written that piglix's own decoder would refuse.
#include <array>
#include <optional>
#include <string>

#include <fmt/format.h>

#include "piglix/tpdu.hpp"
#include "wire.hpp"

namespace piglix::tpdu {
namespace {

constexpr std::size_t max_parameter_length = 255;
constexpr std::uint8_t max_credit = 0x0F;
constexpr std::uint64_t preferred_size_unit = 128;
constexpr std::uint64_t max_preferred_size_units = 0xFFFF'FFFF;  // 4 octets

// Appends one TPDU header. It remembers the first refusal instead of stopping, so that encoders
// read as plain lists of fields; finish() then either completes the TPDU or removes every octet
// written, leaving the caller's buffer as it was.
class HeaderWriter {
 public:
  HeaderWriter(ByteBuffer& out, Type type) : out_(out), type_(type), start_(out.size()) {
    wire::put_u8(out_, 0);  // the LI, known only at the end
  }

  Type type() const noexcept { return type_; }
  void octet(std::uint8_t value) { wire::put_u8(out_, value); }
  void u16(std::uint16_t value) { wire::put_u16(out_, value); }

  void parameter(std::uint8_t code, Bytes value) {
    if (value.size() > max_parameter_length) {
      return refuse(
          errc::value_too_large,
          fmt::format("parameter {:#04x} ({}) of {} octets exceeds the {} a parameter "
                      "can carry",
                      code, parameter_name(type_, code), value.size(), max_parameter_length));
    }
    wire::put_u8(out_, code);
    wire::put_u8(out_, static_cast<std::uint8_t>(value.size()));
    wire::put_bytes(out_, value);
  }
  void parameter(std::uint8_t code, std::uint8_t value) { parameter(code, Bytes(&value, 1)); }
  void parameter(std::uint8_t code, std::uint16_t value) {
    const std::array<std::uint8_t, 2> octets{static_cast<std::uint8_t>(value >> 8),
                                             static_cast<std::uint8_t>(value)};
    parameter(code, Bytes(octets));
  }

  // Records why the TPDU cannot be encoded; `what` is prefixed with the TPDU's abbreviation.
  void refuse(errc code, std::string_view what) {
    if (!error_) error_ = Error{code, 0, fmt::format("{}: {}", abbreviation(type_), what)};
  }

  Status finish(Bytes user_data) {
    const std::size_t header_size = out_.size() - start_;
    if (!error_ && header_size - 1 > max_length_indicator) {
      refuse(errc::value_too_large,
             fmt::format("header of {} octets after the LI exceeds the {} an LI can count",
                         header_size - 1, max_length_indicator));
    }
    if (error_) {
      out_.resize(start_);
      return *error_;
    }
    out_[start_] = static_cast<std::uint8_t>(header_size - 1);
    wire::put_bytes(out_, user_data);
    return {};
  }

 private:
  ByteBuffer& out_;
  Type type_;
  std::size_t start_;
  std::optional<Error> error_;
};

void put_tpdu_size(HeaderWriter& header, std::uint8_t code) {
  if (code < min_tpdu_size_code || code > max_tpdu_size_code) {
    return header.refuse(errc::invalid_argument,
                         fmt::format("TPDU size code {:#04x} is outside {:#04x}..{:#04x}", code,
                                     min_tpdu_size_code, max_tpdu_size_code));
  }
  header.parameter(param::tpdu_size, code);
}

// The value counts units of 128 octets in as few octets as hold it (1..4).
void put_preferred_size(HeaderWriter& header, std::uint64_t size) {
  if (size == 0 || size % preferred_size_unit != 0) {
    return header.refuse(errc::invalid_argument,
                         fmt::format("preferred maximum TPDU size {} is not a non-zero multiple "
                                     "of {}",
                                     size, preferred_size_unit));
  }
  const std::uint64_t units = size / preferred_size_unit;
  if (units > max_preferred_size_units) {
    return header.refuse(
        errc::value_too_large,
        fmt::format("preferred maximum TPDU size {} needs more than 4 octets", size));
  }
  std::array<std::uint8_t, 4> octets{};
  std::size_t used = 0;
  for (int shift = 24; shift >= 0; shift -= 8) {
    const auto octet = static_cast<std::uint8_t>(units >> shift);
    if (used == 0 && octet == 0) continue;
    octets[used++] = octet;
  }
  header.parameter(param::preferred_max_tpdu_size, Bytes(octets.data(), used));
}

// The canonical order is the order in which X.224 13.3.4 lists the CR parameters: TSAP-IDs, TPDU
// size, preferred maximum TPDU size, version, protection, checksum, additional options,
// alternative classes.
void put_connect_parameters(HeaderWriter& header, const ConnectParameters& parameters) {
  if (parameters.calling_tsap) header.parameter(param::calling_tsap, *parameters.calling_tsap);
  if (parameters.called_tsap) header.parameter(param::called_tsap, *parameters.called_tsap);
  if (parameters.tpdu_size_code) put_tpdu_size(header, *parameters.tpdu_size_code);
  if (parameters.preferred_max_tpdu_size) {
    put_preferred_size(header, *parameters.preferred_max_tpdu_size);
  }
  if (parameters.version) header.parameter(param::version, *parameters.version);
  if (parameters.protection) header.parameter(param::protection, *parameters.protection);
  if (parameters.checksum) header.parameter(param::checksum, *parameters.checksum);
  if (parameters.additional_options) {
    header.parameter(param::additional_options, *parameters.additional_options);
  }
  if (parameters.alternative_classes) {
    // Only the initiator offers classes; a CC carrying them would be refused by our own decoder.
    if (header.type() != Type::CR) {
      return header.refuse(errc::invalid_argument,
                           "alternative protocol classes (0xc7) may appear only in a CR");
    }
    header.parameter(param::alternative_classes, *parameters.alternative_classes);
  }
}

template <class Connect>
Status encode_connect(Type type, const Connect& tpdu, ByteBuffer& out) {
  HeaderWriter header(out, type);
  if (tpdu.credit > max_credit) {
    header.refuse(errc::value_too_large,
                  fmt::format("credit {} does not fit the 4-bit CDT field", tpdu.credit));
  }
  header.octet(static_cast<std::uint8_t>(static_cast<std::uint8_t>(type) | (tpdu.credit & 0x0F)));
  header.u16(tpdu.dst_ref);
  header.u16(tpdu.src_ref);
  header.octet(tpdu.class_options);
  put_connect_parameters(header, tpdu.parameters);
  return header.finish(tpdu.user_data);
}

Status encode_one(const ConnectionRequest& tpdu, ByteBuffer& out) {
  return encode_connect(Type::CR, tpdu, out);
}

Status encode_one(const ConnectionConfirm& tpdu, ByteBuffer& out) {
  return encode_connect(Type::CC, tpdu, out);
}

Status encode_one(const DisconnectRequest& tpdu, ByteBuffer& out) {
  HeaderWriter header(out, Type::DR);
  header.octet(static_cast<std::uint8_t>(Type::DR));
  header.u16(tpdu.dst_ref);
  header.u16(tpdu.src_ref);
  header.octet(tpdu.reason);
  if (tpdu.additional_information) {
    header.parameter(param::additional_information, *tpdu.additional_information);
  }
  if (tpdu.checksum) header.parameter(param::checksum, *tpdu.checksum);
  return header.finish(tpdu.user_data);
}

Status encode_one(const Data& tpdu, ByteBuffer& out) {
  wire::put_bytes(out, dt_header(tpdu.end_of_tsdu));
  wire::put_bytes(out, tpdu.user_data);
  return {};
}

Status encode_one(const TpduError& tpdu, ByteBuffer& out) {
  HeaderWriter header(out, Type::ER);
  header.octet(static_cast<std::uint8_t>(Type::ER));
  header.u16(tpdu.dst_ref);
  header.octet(tpdu.cause);
  if (tpdu.invalid_tpdu) header.parameter(param::calling_tsap, *tpdu.invalid_tpdu);
  if (tpdu.checksum) header.parameter(param::checksum, *tpdu.checksum);
  return header.finish({});
}

}  // namespace

Status encode(const Tpdu& tpdu, ByteBuffer& out) {
  return std::visit([&out](const auto& value) { return encode_one(value, out); }, tpdu);
}

}  // namespace piglix::tpdu
