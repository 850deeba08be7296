#include "tpdu_parameters.hpp"

#include <array>
#include <string>

#include <fmt/format.h>

namespace piglix::tpdu::detail {
namespace {

// One bit per TPDU type that has a variable part, for Rule::allowed_in.
constexpr std::uint8_t in_cr = 0x01;
constexpr std::uint8_t in_cc = 0x02;
constexpr std::uint8_t in_dr = 0x04;
constexpr std::uint8_t in_er = 0x08;

constexpr std::uint8_t bit_of(Type type) noexcept {
  switch (type) {
    case Type::CR: return in_cr;
    case Type::CC: return in_cc;
    case Type::DR: return in_dr;
    case Type::ER: return in_er;
    default: return 0;
  }
}

// The parameters piglix knows: their value lengths and the TPDUs that may carry them. This is
// the table of specs/transport/tpdu.md; keep both in step.
struct Rule {
  std::uint8_t code;
  std::uint8_t min_length;
  std::uint8_t max_length;
  std::uint8_t allowed_in;
};

constexpr std::array rules{
    Rule{param::tpdu_size, 1, 1, in_cr | in_cc},
    Rule{param::preferred_max_tpdu_size, 1, 4, in_cr | in_cc},
    Rule{param::calling_tsap, 0, 255, in_cr | in_cc | in_er},  // "invalid TPDU" in an ER
    Rule{param::called_tsap, 0, 255, in_cr | in_cc},
    Rule{param::checksum, 2, 2, in_cr | in_cc | in_dr | in_er},
    Rule{param::version, 1, 1, in_cr | in_cc},
    Rule{param::protection, 0, 255, in_cr | in_cc},
    Rule{param::additional_options, 1, 1, in_cr | in_cc},
    Rule{param::alternative_classes, 0, 255, in_cr},
    Rule{param::additional_information, 0, 255, in_dr},
};
static_assert(rules.size() <= 32, "the duplicate check keeps one bit per rule in 32 bits");

const Rule* find_rule(std::uint8_t code) noexcept {
  for (const Rule& rule : rules) {
    if (rule.code == code) return &rule;
  }
  return nullptr;
}

// One parameter as found on the wire. Its length octet is at code_offset + 1 and its value starts
// at code_offset + 2; errors point at whichever octet is wrong.
struct Parameter {
  std::uint8_t code = 0;
  std::size_t code_offset = 0;
  Bytes value;
};

std::string describe(Type type, std::uint8_t code) {
  return fmt::format("{}: parameter {:#04x} ({})", abbreviation(type), code,
                     parameter_name(type, code));
}

// Reads code, length and value. The header is already known to be present in full (the length
// indicator was checked against the input), so a parameter running past it contradicts the LI.
Result<Parameter> next_parameter(Type type, wire::Reader& header) {
  Parameter parameter;
  parameter.code_offset = header.offset();
  parameter.code = header.u8();
  if (header.empty()) {
    return Error{errc::tpdu_bad_parameter_length, parameter.code_offset,
                 fmt::format("{} has no length octet before the end of the header",
                             describe(type, parameter.code))};
  }
  const std::size_t length_offset = header.offset();
  const std::uint8_t length = header.u8();
  if (length > header.remaining()) {
    return Error{errc::tpdu_bad_parameter_length, length_offset,
                 fmt::format("{} has length {} but only {} octets remain in the header",
                             describe(type, parameter.code), length, header.remaining())};
  }
  parameter.value = header.take(length);
  return parameter;
}

std::string expected_length(const Rule& rule) {
  if (rule.min_length == rule.max_length) return fmt::format("{}", rule.min_length);
  return fmt::format("{}..{}", rule.min_length, rule.max_length);
}

// Is the parameter allowed in this TPDU, new, and of a length its rule permits?
Status check(Type type, const Parameter& parameter, const Rule* rule, std::uint32_t& seen) {
  if (rule == nullptr || (rule->allowed_in & bit_of(type)) == 0) {
    return Error{errc::tpdu_parameter_not_allowed, parameter.code_offset,
                 fmt::format("{} is not allowed in a {}", describe(type, parameter.code),
                             abbreviation(type))};
  }
  const std::uint32_t bit = std::uint32_t{1} << (rule - rules.data());
  if ((seen & bit) != 0) {
    return Error{errc::tpdu_duplicate_parameter, parameter.code_offset,
                 fmt::format("{} appears twice", describe(type, parameter.code))};
  }
  seen |= bit;
  if (parameter.value.size() < rule->min_length || parameter.value.size() > rule->max_length) {
    return Error{errc::tpdu_bad_parameter_length, parameter.code_offset + 1,
                 fmt::format("{} has length {}, expected {}", describe(type, parameter.code),
                             parameter.value.size(), expected_length(*rule))};
  }
  return {};
}

std::uint64_t big_endian(Bytes value) noexcept {
  std::uint64_t number = 0;
  for (const std::uint8_t octet : value) number = (number << 8) | octet;
  return number;
}

Status store_tpdu_size(Type type, const Parameter& parameter, ConnectParameters& connect) {
  const std::uint8_t code = parameter.value[0];
  if (code < min_tpdu_size_code || code > max_tpdu_size_code) {
    return Error{
        errc::tpdu_bad_parameter_value, parameter.code_offset + 2,
        fmt::format("{} has value {:#04x}, expected {:#04x}..{:#04x}",
                    describe(type, parameter.code), code, min_tpdu_size_code, max_tpdu_size_code)};
  }
  connect.tpdu_size_code = code;
  return {};
}

Status store_preferred_size(Type type, const Parameter& parameter, ConnectParameters& connect) {
  const std::uint64_t units = big_endian(parameter.value);
  if (units == 0) {
    return Error{errc::tpdu_bad_parameter_value, parameter.code_offset + 2,
                 fmt::format("{} is 0; a TPDU size is at least one unit of 128 octets",
                             describe(type, parameter.code))};
  }
  connect.preferred_max_tpdu_size = units * 128;
  return {};
}

// Puts an allowed, correctly sized parameter where it belongs; judges the values X.224 restricts.
Status store(Type type, const Parameter& parameter, VariablePart& part) {
  ConnectParameters& connect = part.connect;
  const Bytes value = parameter.value;
  switch (parameter.code) {
    case param::tpdu_size: return store_tpdu_size(type, parameter, connect);
    case param::preferred_max_tpdu_size: return store_preferred_size(type, parameter, connect);
    case param::calling_tsap:
      (type == Type::ER ? part.invalid_tpdu : connect.calling_tsap) = value;
      return {};
    case param::called_tsap: connect.called_tsap = value; return {};
    case param::checksum:
      connect.checksum = static_cast<std::uint16_t>(big_endian(value));
      return {};
    case param::version: connect.version = value[0]; return {};
    case param::protection: connect.protection = value; return {};
    case param::additional_options: connect.additional_options = value[0]; return {};
    case param::alternative_classes: connect.alternative_classes = value; return {};
    case param::additional_information: part.additional_information = value; return {};
    default: return {};  // unreachable: check() refused codes without a rule
  }
}

}  // namespace

Result<VariablePart> decode_variable_part(Type type, wire::Reader header) {
  VariablePart part;
  std::uint32_t seen = 0;  // bit i set: rules[i] has been found
  // ISO 8073 tells a receiver to ignore parameters it does not know in CR and CC, so that a CR
  // offering class 2-4 (with their own parameters) and class 0 as an alternative still works.
  const bool skip_unknown = type == Type::CR || type == Type::CC;
  while (!header.empty()) {
    auto parameter = next_parameter(type, header);
    if (!parameter) return std::move(parameter).error();
    const Rule* rule = find_rule(parameter->code);
    if (rule == nullptr && skip_unknown) continue;
    if (auto checked = check(type, *parameter, rule, seen); !checked) {
      return std::move(checked).error();
    }
    if (auto stored = store(type, *parameter, part); !stored) return std::move(stored).error();
  }
  return part;
}

}  // namespace piglix::tpdu::detail
