// Generic decoding and encoding of SPDU parameter fields from the schemas (internal header).
#pragma once

#include <bitset>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include <fmt/format.h>

#include "piglix/error.hpp"
#include "spdu_schema.hpp"
#include "wire.hpp"

namespace piglix::spdu::detail {

// Names the place being decoded in error messages: "SPDU AC" or "SPDU AC: PGI 0x05".
struct Scope {
  std::string_view spdu;
  const ParamSpec* group = nullptr;

  std::string prefix() const {
    if (group == nullptr) return fmt::format("SPDU {}", spdu);
    return fmt::format("SPDU {}: PGI 0x{:02x} ({})", spdu, group->code, group->name);
  }
  // What holds the unit being read, for "exceeds ... remaining" messages.
  std::string container() const {
    if (group == nullptr) return "the parameter field";
    return fmt::format("PGI 0x{:02x}", group->code);
  }
};

inline std::string describe(const ParamSpec& spec) {
  return fmt::format("parameter 0x{:02x} ({})", spec.code, spec.name);
}

// --- Lengths ----------------------------------------------------------------------------------

// LI octets needed for a length: one for 0..254, three (0xFF and 16 bits) for 255..65535.
constexpr std::size_t length_size(std::size_t length) { return length < 255 ? 1 : 3; }

inline void put_length(ByteBuffer& out, std::size_t length) {
  if (length < 255) {
    wire::put_u8(out, static_cast<std::uint8_t>(length));
  } else {
    wire::put_u8(out, 0xFF);
    wire::put_u16(out, static_cast<std::uint16_t>(length));
  }
}

// Reads a 1- or 3-octet length indicator. `what()` names its owner for error messages; it is
// only called on error, so that decoding valid input formats nothing.
template <class What>
Result<std::size_t> read_length(wire::Reader& r, What&& what) {
  const std::size_t at = r.offset();
  if (r.empty()) {
    return Error{errc::truncated, at, fmt::format("{}: length indicator missing", what())};
  }
  const std::uint8_t first = r.u8();
  if (first != 0xFF) return std::size_t{first};
  if (r.remaining() < 2) {
    return Error{errc::truncated, at,
                 fmt::format("{}: 3-octet length indicator cut short", what())};
  }
  const std::uint16_t length = r.u16();
  if (length < 255) {
    return Error{errc::spdu_non_canonical_length, at,
                 fmt::format("{}: length {} written in the 3-octet form", what(), length)};
  }
  return std::size_t{length};
}

// For callers whose input has already been validated.
inline std::string no_context() { return {}; }

// --- Decoding ---------------------------------------------------------------------------------

struct Unit {
  std::uint8_t code = 0;
  std::size_t offset = 0;  // of the code octet
  wire::Reader value{Bytes{}};
};

inline Result<Unit> read_unit(wire::Reader& r, const Scope& scope) {
  const std::size_t at = r.offset();
  const std::uint8_t unit_code = r.u8();
  auto length = read_length(
      r, [&] { return fmt::format("{}: parameter 0x{:02x}", scope.prefix(), unit_code); });
  if (!length) return std::move(length).error();
  if (*length > r.remaining()) {
    return Error{errc::spdu_bad_parameter_length, at,
                 fmt::format("{}: parameter 0x{:02x} length {} exceeds {} remaining {}",
                             scope.prefix(), unit_code, *length, scope.container(), r.remaining())};
  }
  return Unit{unit_code, at, r.sub(*length)};
}

inline Error bad_value(const ParamSpec& spec, const Unit& unit, const Scope& scope,
                       std::string_view why) {
  return Error{errc::spdu_bad_parameter_value, unit.offset,
               fmt::format("{}: {} {}", scope.prefix(), describe(spec), why)};
}

inline Status check_value(const ParamSpec& spec, std::uint16_t value, const Unit& unit,
                          const Scope& scope) {
  if (spec.check != nullptr && !spec.check(value)) {
    return bad_value(spec, unit, scope, fmt::format("has the undefined value 0x{:02x}", value));
  }
  return {};
}

template <class G>
Status decode_fields(wire::Reader& r, G& out, const Scope& scope);

inline Status decode_value(const ParamSpec& spec, Unit& unit, std::uint8_t& out,
                           const Scope& scope) {
  out = unit.value.u8();
  return check_value(spec, out, unit, scope);
}

inline Status decode_value(const ParamSpec& spec, Unit& unit, std::uint16_t& out,
                           const Scope& scope) {
  out = unit.value.u16();
  return check_value(spec, out, unit, scope);
}

inline Status decode_value(const ParamSpec&, Unit& unit, TsduMaximumSize& out, const Scope&) {
  out.initiator_to_responder = unit.value.u16();
  out.responder_to_initiator = unit.value.u16();
  return {};
}

inline Status decode_value(const ParamSpec& spec, Unit& unit, SerialNumber& out,
                           const Scope& scope) {
  std::uint64_t value = 0;
  for (std::uint8_t digit : unit.value.rest()) {
    if (digit < '0' || digit > '9') {
      return bad_value(spec, unit, scope,
                       fmt::format("holds 0x{:02x}, not a decimal digit", digit));
    }
    value = value * 10 + (digit - '0');
  }
  out.value = value;
  return {};
}

inline Status decode_value(const ParamSpec&, Unit& unit, Bytes& out, const Scope&) {
  out = unit.value.rest();
  return {};
}

inline Status decode_value(const ParamSpec&, Unit& unit, RefuseReason& out, const Scope&) {
  out.reason = unit.value.u8();
  out.user_data = unit.value.rest();
  return {};
}

template <class G>
requires IsGroup<G>::value Status decode_value(const ParamSpec& spec, Unit& unit, G& out,
                                               const Scope& scope) {
  return decode_fields(unit.value, out, Scope{scope.spdu, &spec});
}

template <class Tuple, class F, std::size_t... I>
constexpr void for_each_field(const Tuple& fields, F&& f, std::index_sequence<I...>) {
  (f(std::get<I>(fields), I), ...);
}
template <class Tuple, class F>
constexpr void for_each_field(const Tuple& fields, F&& f) {
  for_each_field(fields, f, std::make_index_sequence<std::tuple_size_v<Tuple>>{});
}

// Defined in spdu_kinds.cpp: the name of any parameter code X.225 defines, or empty if unknown.
std::string_view parameter_name(std::uint8_t code) noexcept;

// Decodes the units of a parameter field (or of a group's value) into the fields of `out`.
template <class S>
Status decode_fields(wire::Reader& r, S& out, const Scope& scope) {
  static constexpr auto fields = schema_of(std::type_identity<S>{});
  std::bitset<16> seen;
  while (!r.empty()) {
    auto unit = read_unit(r, scope);
    if (!unit) return std::move(unit).error();
    if (scope.group != nullptr && is_group_code(unit->code)) {
      return Error{errc::spdu_group_nesting, unit->offset,
                   fmt::format("{}: parameter group 0x{:02x} inside a parameter group",
                               scope.prefix(), unit->code)};
    }
    bool matched = false;
    Status status;
    for_each_field(fields, [&](const auto& f, std::size_t index) {
      if (matched || f.spec.code != unit->code) return;
      matched = true;
      const std::size_t length = unit->value.remaining();
      if (seen[index]) {
        status = Error{errc::spdu_duplicate_parameter, unit->offset,
                       fmt::format("{}: {} appears twice", scope.prefix(), describe(f.spec))};
      } else if (length < f.spec.min_length || length > f.spec.max_length) {
        const auto expected = f.spec.min_length == f.spec.max_length
                                  ? fmt::format("{}", f.spec.min_length)
                                  : fmt::format("{}..{}", f.spec.min_length, f.spec.max_length);
        status = Error{errc::spdu_bad_parameter_length, unit->offset,
                       fmt::format("{}: {} has length {}, expected {}", scope.prefix(),
                                   describe(f.spec), length, expected)};
      } else {
        seen[index] = true;
        auto& member = out.*(f.member);
        if constexpr (Unwrap<std::remove_cvref_t<decltype(member)>>::optional) {
          status = decode_value(f.spec, *unit, member.emplace(), scope);
        } else {
          status = decode_value(f.spec, *unit, member, scope);
        }
      }
    });
    if (!status) return status;
    if (!matched && !parameter_name(unit->code).empty()) {
      return Error{errc::spdu_parameter_not_allowed, unit->offset,
                   fmt::format("{}: parameter 0x{:02x} ({}) is not defined here", scope.prefix(),
                               unit->code, parameter_name(unit->code))};
    }
    // A code X.225 does not define is skipped: the extensibility rule.
  }
  Status missing;
  for_each_field(fields, [&](const auto& f, std::size_t index) {
    if (missing && f.spec.mandatory && !seen[index]) {
      missing = Error{errc::spdu_missing_parameter, r.offset(),
                      fmt::format("{}: mandatory {} is missing", scope.prefix(), describe(f.spec))};
    }
  });
  return missing;
}

// --- Encoding ---------------------------------------------------------------------------------

template <class S>
std::size_t fields_size(const S& s);

inline std::size_t digit_count(std::uint64_t value) {
  std::size_t n = 1;
  while (value >= 10) {
    value /= 10;
    ++n;
  }
  return n;
}

inline std::size_t value_size(std::uint8_t) { return 1; }
inline std::size_t value_size(std::uint16_t) { return 2; }
inline std::size_t value_size(const TsduMaximumSize&) { return 4; }
inline std::size_t value_size(const SerialNumber& n) { return digit_count(n.value); }
inline std::size_t value_size(const Bytes& b) { return b.size(); }
inline std::size_t value_size(const RefuseReason& r) { return 1 + r.user_data.size(); }
template <class G>
requires IsGroup<G>::value std::size_t value_size(const G& g) { return fields_size(g); }

// Calls f(spec, value) for every field of `s` that is present, in schema order.
template <class S, class F>
void for_each_present(const S& s, F&& f) {
  static constexpr auto fields = schema_of(std::type_identity<S>{});
  for_each_field(fields, [&](const auto& field, std::size_t) {
    const auto& member = s.*(field.member);
    if constexpr (Unwrap<std::remove_cvref_t<decltype(member)>>::optional) {
      if (member) f(field.spec, *member);
    } else {
      f(field.spec, member);
    }
  });
}

template <class S>
std::size_t fields_size(const S& s) {
  std::size_t total = 0;
  for_each_present(s, [&](const ParamSpec&, const auto& value) {
    const std::size_t n = value_size(value);
    total += 1 + length_size(n) + n;
  });
  return total;
}

template <class S>
void put_fields(ByteBuffer& out, const S& s);

inline void put_value(ByteBuffer& out, std::uint8_t v) { wire::put_u8(out, v); }
inline void put_value(ByteBuffer& out, std::uint16_t v) { wire::put_u16(out, v); }
inline void put_value(ByteBuffer& out, const TsduMaximumSize& v) {
  wire::put_u16(out, v.initiator_to_responder);
  wire::put_u16(out, v.responder_to_initiator);
}
inline void put_value(ByteBuffer& out, const SerialNumber& n) {
  char digits[24];
  const auto end = fmt::format_to(digits, "{}", n.value);
  for (const char* p = digits; p != end; ++p) wire::put_u8(out, static_cast<std::uint8_t>(*p));
}
inline void put_value(ByteBuffer& out, const Bytes& b) { wire::put_bytes(out, b); }
inline void put_value(ByteBuffer& out, const RefuseReason& r) {
  wire::put_u8(out, r.reason);
  wire::put_bytes(out, r.user_data);
}
template <class G>
requires IsGroup<G>::value void put_value(ByteBuffer& out, const G& g) { put_fields(out, g); }

template <class S>
void put_fields(ByteBuffer& out, const S& s) {
  for_each_present(s, [&](const ParamSpec& spec, const auto& value) {
    wire::put_u8(out, spec.code);
    put_length(out, value_size(value));
    put_value(out, value);
  });
}

// Checks that every present field can be encoded as the standard requires.
template <class S>
Status check_fields(const S& s, const Scope& scope) {
  Status status;
  for_each_present(s, [&](const ParamSpec& spec, const auto& value) {
    if (!status) return;
    using V = std::remove_cvref_t<decltype(value)>;
    if constexpr (IsGroup<V>::value) {
      status = check_fields(value, Scope{scope.spdu, &spec});
    } else {
      const std::size_t n = value_size(value);
      if (n < spec.min_length || n > spec.max_length) {
        status = Error{n < spec.min_length ? errc::invalid_argument : errc::value_too_large, 0,
                       fmt::format("{}: {} of {} octets is outside {}..{}", scope.prefix(),
                                   describe(spec), n, spec.min_length, spec.max_length)};
      } else if constexpr (std::is_same_v<V, std::uint8_t> || std::is_same_v<V, std::uint16_t>) {
        if (spec.check != nullptr && !spec.check(value)) {
          status = Error{errc::invalid_argument, 0,
                         fmt::format("{}: {} has the undefined value 0x{:02x}", scope.prefix(),
                                     describe(spec), value)};
        }
      }
    }
  });
  return status;
}

}  // namespace piglix::spdu::detail
