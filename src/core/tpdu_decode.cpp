// Decoding of one class 0 TPDU: length indicator, type code and fixed part. The variable part is
// decoded by tpdu_parameters.cpp. The rules are listed in specs/transport/tpdu.md.
#include <fmt/format.h>

#include "piglix/tpdu.hpp"
#include "tpdu_parameters.hpp"
#include "wire.hpp"

namespace piglix::tpdu {
namespace {

// Octets of the fixed part after the LI (the code octet included), hence the smallest LI.
constexpr std::uint8_t connect_fixed_part = 6;     // CR, CC: code, DST-REF, SRC-REF, class
constexpr std::uint8_t disconnect_fixed_part = 6;  // DR: code, DST-REF, SRC-REF, reason
constexpr std::uint8_t error_fixed_part = 4;       // ER: code, DST-REF, cause
// DT has no variable part in class 0: its LI is exact.
constexpr std::uint8_t data_length_indicator = 2;         // code, EOT + TPDU-NR
constexpr std::uint8_t class2_data_length_indicator = 4;  // code, DST-REF, EOT + TPDU-NR

constexpr std::uint8_t eot_bit = 0x80;
constexpr std::uint8_t tpdu_nr_bits = 0x7F;

// Maps the code octet (offset 1) to a class 0 TPDU type, or says why it is none.
Result<Type> classify(std::uint8_t code) {
  const auto type = static_cast<Type>(code & 0xF0);
  switch (type) {
    case Type::CR:
    case Type::CC: return type;  // the low nibble is the credit, reported as found
    case Type::DR:
    case Type::DT:
    case Type::ER:
      // These codes have no credit field, so a set low bit makes the octet no TPDU code at all.
      if ((code & 0x0F) == 0) return type;
      return Error{
          errc::tpdu_unknown_type, 1,
          fmt::format("TPDU code octet {:#04x} is unknown: the {} code requires a zero low nibble",
                      code, abbreviation(type))};
    case Type::ED:
    case Type::EA:
    case Type::UD:
    case Type::RJ:
    case Type::AK:
    case Type::DC:
      return Error{errc::tpdu_not_class0, 1,
                   fmt::format("{} TPDU ({:#04x}) is not used in transport class 0",
                               abbreviation(type), code)};
  }
  return Error{errc::tpdu_unknown_type, 1, fmt::format("TPDU code {:#04x} is unknown", code)};
}

std::uint8_t fixed_part_size(Type type) noexcept {
  switch (type) {
    case Type::DR: return disconnect_fixed_part;
    case Type::ER: return error_fixed_part;
    default: return connect_fixed_part;
  }
}

Status check_length_indicator(Type type, std::uint8_t li) {
  if (type == Type::DT) {
    if (li == data_length_indicator) return {};
    if (li == class2_data_length_indicator) {
      return Error{errc::tpdu_not_class0, 0,
                   "DT: LI 4 is the class 2-4 DT format with a DST-REF, not used in transport "
                   "class 0"};
    }
    return Error{errc::tpdu_bad_length_indicator, 0,
                 fmt::format("DT: LI {} where class 0 requires {}", li, data_length_indicator)};
  }
  if (li < fixed_part_size(type)) {
    return Error{errc::tpdu_bad_length_indicator, 0,
                 fmt::format("{}: LI {} is too small for the {}-octet fixed part",
                             abbreviation(type), li, fixed_part_size(type))};
  }
  return {};
}

template <class Connect>
Result<Tpdu> decode_connect(Type type, std::uint8_t code, wire::Reader& header, Bytes user_data) {
  Connect tpdu;
  tpdu.credit = static_cast<std::uint8_t>(code & 0x0F);
  tpdu.dst_ref = header.u16();
  tpdu.src_ref = header.u16();
  tpdu.class_options = header.u8();
  auto part = detail::decode_variable_part(type, header);
  if (!part) return std::move(part).error();
  tpdu.parameters = part->connect;
  // RFC 1006 lets CR and CC carry a little user data; judging it is the transport machine's job.
  tpdu.user_data = user_data;
  return Tpdu{tpdu};
}

Result<Tpdu> decode_disconnect(wire::Reader& header, Bytes user_data) {
  DisconnectRequest tpdu;
  tpdu.dst_ref = header.u16();
  tpdu.src_ref = header.u16();
  tpdu.reason = header.u8();
  auto part = detail::decode_variable_part(Type::DR, header);
  if (!part) return std::move(part).error();
  tpdu.additional_information = part->additional_information;
  tpdu.checksum = part->connect.checksum;
  tpdu.user_data = user_data;
  return Tpdu{tpdu};
}

Result<Tpdu> decode_data(wire::Reader& header, Bytes user_data) {
  const std::size_t offset = header.offset();
  const std::uint8_t octet = header.u8();
  if ((octet & tpdu_nr_bits) != 0) {
    return Error{
        errc::tpdu_bad_parameter_value, offset,
        fmt::format("DT: TPDU-NR is {}, must be 0 in transport class 0", octet & tpdu_nr_bits)};
  }
  return Tpdu{Data{(octet & eot_bit) != 0, user_data}};
}

Result<Tpdu> decode_error(wire::Reader& header, Bytes user_data) {
  TpduError tpdu;
  tpdu.dst_ref = header.u16();
  tpdu.cause = header.u8();
  // The header reader ends where the LI says the header ends; user data would start there.
  const std::size_t header_end = header.offset() + header.remaining();
  auto part = detail::decode_variable_part(Type::ER, header);
  if (!part) return std::move(part).error();
  // Only an ER has no user data field: whatever follows its header is not part of it.
  if (!user_data.empty()) {
    return Error{errc::trailing_octets, header_end,
                 fmt::format("ER: {} octets follow the header; an ER carries no user data",
                             user_data.size())};
  }
  tpdu.invalid_tpdu = part->invalid_tpdu;
  tpdu.checksum = part->connect.checksum;
  return Tpdu{tpdu};
}

}  // namespace

Result<Tpdu> decode(Bytes input) {
  if (input.empty()) return Error{errc::truncated, 0, "TPDU: input is empty"};
  const std::uint8_t li = input[0];
  if (li == 0 || li > max_length_indicator) {
    return Error{errc::tpdu_bad_length_indicator, 0,
                 fmt::format("TPDU: LI {} is invalid, expected 1..{}", li, max_length_indicator)};
  }
  if (input.size() < 2) {
    return Error{errc::truncated, 1, "TPDU: input ends after the length indicator"};
  }
  const auto type = classify(input[1]);
  if (!type) return type.error();
  if (auto checked = check_length_indicator(*type, li); !checked) {
    return std::move(checked).error();
  }
  const std::size_t header_size = std::size_t{li} + 1;
  if (input.size() < header_size) {
    return Error{errc::truncated, input.size(),
                 fmt::format("{}: LI {} announces a {}-octet header but the input has {} octets",
                             abbreviation(*type), li, header_size, input.size())};
  }

  wire::Reader header(input.first(header_size));
  header.u8();  // LI
  const std::uint8_t code = header.u8();
  const Bytes user_data = input.subspan(header_size);
  switch (*type) {
    case Type::CR: return decode_connect<ConnectionRequest>(Type::CR, code, header, user_data);
    case Type::CC: return decode_connect<ConnectionConfirm>(Type::CC, code, header, user_data);
    case Type::DR: return decode_disconnect(header, user_data);
    case Type::DT: return decode_data(header, user_data);
    default: return decode_error(header, user_data);  // classify() admits no other type
  }
}

}  // namespace piglix::tpdu
