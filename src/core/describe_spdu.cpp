// Describing the SPDUs of a TSDU: every parameter unit with its name and meaning.
#include <fmt/format.h>

#include "describe_text.hpp"
#include "piglix/describe.hpp"
#include "spdu_parameters.hpp"

namespace piglix::describe {
namespace {

using detail::octets_text;

using spdu::Kind;
using spdu::detail::ParamSpec;

void append_flag(std::string& out, bool set, std::string_view name) {
  if (!set) return;
  if (!out.empty()) out += ", ";
  out += name;
}

std::string token_names(std::uint8_t bits) {
  std::string out;
  append_flag(out, bits & spdu::token::data, "data");
  append_flag(out, bits & spdu::token::minor_sync, "synchronize-minor");
  append_flag(out, bits & spdu::token::major_activity, "major/activity");
  append_flag(out, bits & spdu::token::release, "release");
  return out.empty() ? "no tokens" : out;
}

std::string requirement_names(std::uint16_t bits) {
  static constexpr std::pair<std::uint16_t, std::string_view> units[] = {
      {spdu::fu::half_duplex, "half-duplex"},
      {spdu::fu::duplex, "duplex"},
      {spdu::fu::expedited_data, "expedited data"},
      {spdu::fu::minor_synchronize, "minor synchronize"},
      {spdu::fu::major_synchronize, "major synchronize"},
      {spdu::fu::resynchronize, "resynchronize"},
      {spdu::fu::activity_management, "activity management"},
      {spdu::fu::negotiated_release, "negotiated release"},
      {spdu::fu::capability_data, "capability data"},
      {spdu::fu::exceptions, "exceptions"},
      {spdu::fu::typed_data, "typed data"},
      {spdu::fu::symmetric_synchronize, "symmetric synchronize"},
      {spdu::fu::data_separation, "data separation"},
  };
  std::string out;
  for (const auto& [bit, name] : units) append_flag(out, bits & bit, name);
  return out.empty() ? "none" : out;
}

std::string_view token_position(unsigned value) {
  switch (value) {
    case spdu::token_setting::initiator_side: return "initiator";
    case spdu::token_setting::acceptor_side: return "acceptor";
    case spdu::token_setting::acceptor_chooses: return "acceptor chooses";
    default: return "reserved";
  }
}

std::string token_setting_text(std::uint8_t v) {
  return fmt::format("data: {}, synchronize-minor: {}, major/activity: {}, release: {}",
                     token_position(v & 3), token_position((v >> 2) & 3),
                     token_position((v >> 4) & 3), token_position((v >> 6) & 3));
}

std::string_view refuse_reason_text(std::uint8_t reason) {
  switch (reason) {
    case spdu::refuse_reason::not_specified: return "rejected by the called SS-user";
    case spdu::refuse_reason::temporary_congestion: return "called SS-user temporarily congested";
    case spdu::refuse_reason::user_data_follows:
      return "rejected by the called SS-user, data follows";
    case spdu::refuse_reason::selector_unknown: return "session selector unknown";
    case spdu::refuse_reason::user_not_attached: return "SS-user not attached to SSAP";
    case spdu::refuse_reason::spm_congestion: return "SPM congestion at connect time";
    case spdu::refuse_reason::versions_not_supported:
      return "proposed protocol versions not supported";
    case spdu::refuse_reason::spm_not_specified: return "rejected by the SPM, reason not specified";
    case spdu::refuse_reason::implementation_restriction:
      return "rejected by the SPM, implementation restriction";
    default: return "undefined reason";
  }
}

std::string_view exception_reason_text(std::uint8_t reason) {
  switch (reason) {
    case spdu::exception_reason::no_specific_reason: return "no specific reason";
    case spdu::exception_reason::temporarily_unable: return "temporarily unable to continue";
    case spdu::exception_reason::user_sequence_error: return "SS-user sequence error";
    case spdu::exception_reason::local_user_error: return "local SS-user error";
    case spdu::exception_reason::unrecoverable_procedural_error:
      return "unrecoverable procedural error";
    case spdu::exception_reason::demand_data_token: return "demand data token";
    default: return "undefined reason";
  }
}

std::string transport_disconnect_text(std::uint8_t v) {
  std::string out(v & spdu::transport_disconnect::released ? "transport released"
                                                           : "transport kept");
  append_flag(out, v & spdu::transport_disconnect::user_abort, "user abort");
  append_flag(out, v & spdu::transport_disconnect::protocol_error, "protocol error");
  append_flag(out, v & spdu::transport_disconnect::no_reason, "no reason");
  append_flag(out, v & spdu::transport_disconnect::implementation_restriction,
              "implementation restriction");
  return out;
}

std::string enclosure_text(std::uint8_t v) {
  switch (v) {
    case spdu::enclosure::middle: return "middle of an SSDU";
    case spdu::enclosure::begin: return "beginning of an SSDU";
    case spdu::enclosure::end: return "end of an SSDU";
    default: return "whole SSDU";
  }
}

std::string_view resync_type_text(std::uint8_t v) {
  switch (v) {
    case spdu::resync_type::restart: return "restart";
    case spdu::resync_type::abandon: return "abandon";
    default: return "set";
  }
}

std::string_view prepare_type_text(std::uint8_t v) {
  switch (v) {
    case spdu::prepare_type::major_sync_ack: return "MAJOR SYNC ACK coming";
    case spdu::prepare_type::resynchronize: return "RESYNCHRONIZE coming";
    case spdu::prepare_type::resynchronize_ack: return "RESYNCHRONIZE ACK coming";
    default: return "ABORT coming";
  }
}

// The meaning of one parameter value, already validated by the decoder.
std::string value_text(Kind kind, const ParamSpec& spec, Bytes v) {
  namespace code = spdu::code;
  switch (spec.code) {
    case code::token_item: return fmt::format("0x{:02x} ({})", v[0], token_names(v[0]));
    case code::token_setting_item:
      return fmt::format("0x{:02x} ({})", v[0], token_setting_text(v[0]));
    case code::transport_disconnect:
      return fmt::format("0x{:02x} ({})", v[0], transport_disconnect_text(v[0]));
    case code::session_user_requirements: {
      const auto bits = static_cast<std::uint16_t>((v[0] << 8) | v[1]);
      return fmt::format("0x{:04x} ({})", bits, requirement_names(bits));
    }
    case code::protocol_options:
      return fmt::format("0x{:02x} ({})", v[0],
                         v[0] & spdu::option_extended_concatenation
                             ? "able to receive extended concatenated SPDUs"
                             : "no extended concatenation");
    case code::version_number:
      return fmt::format("0x{:02x} ({})", v[0],
                         v[0] == 3   ? "versions 1 and 2"
                         : v[0] == 2 ? "version 2"
                                     : "version 1");
    case code::tsdu_maximum_size: {
      const unsigned to_responder = (v[0] << 8) | v[1], to_initiator = (v[2] << 8) | v[3];
      auto size = [](unsigned n) {
        return n == 0 ? std::string("no limit") : fmt::format("{}", n);
      };
      return fmt::format("initiator to responder {}, responder to initiator {}", size(to_responder),
                         size(to_initiator));
    }
    case code::enclosure_item: return fmt::format("0x{:02x} ({})", v[0], enclosure_text(v[0]));
    case code::sync_type_item:
      if (kind == Kind::MIP) {
        return fmt::format("0x{:02x} ({})", v[0],
                           v[0] ? "explicit confirmation not required" : "confirmation required");
      }
      return fmt::format("0x{:02x} ({})", v[0], v[0] ? "activity not ended" : "activity ended");
    case code::resync_type: return fmt::format("{} ({})", v[0], resync_type_text(v[0]));
    case code::second_resync_type: return fmt::format("{} ({})", v[0], resync_type_text(v[0]));
    case code::prepare_type: return fmt::format("{} ({})", v[0], prepare_type_text(v[0]));
    case code::reason_code:
      if (kind == Kind::RF) {
        std::string text = fmt::format("{} ({})", v[0], refuse_reason_text(v[0]));
        if (v.size() > 1) text += fmt::format(", user data {}", octets_text(v.subspan(1)));
        return text;
      }
      return fmt::format("{} ({})", v[0], exception_reason_text(v[0]));
    case code::data_overflow: return fmt::format("0x{:02x} (more data follows in CDO)", v[0]);
    case code::upper_limit_serial_number: return fmt::format("{}", v[0]);
    default: break;
  }
  if (spec.kind == spdu::detail::ValueKind::digits) {
    return std::string(reinterpret_cast<const char*>(v.data()), v.size());
  }
  return octets_text(v);
}

std::string unit_label(const ParamSpec& spec) {
  const bool group = spdu::detail::is_group_code(spec.code);
  return fmt::format("{} ({} 0x{:02x})", spec.name, group ? "PGI" : "PI", spec.code);
}

const ParamSpec* find_spec(std::span<const ParamSpec> table, std::uint8_t c) {
  for (const ParamSpec& spec : table) {
    if (spec.code == c) return &spec;
  }
  return nullptr;
}

// Walks a parameter field that the decoder has already accepted.
void describe_units(Kind kind, std::span<const ParamSpec> table, Bytes field, std::size_t offset,
                    std::vector<Node>& out) {
  wire::Reader r(field, offset);
  while (!r.empty()) {
    const std::size_t at = r.offset();
    const std::uint8_t c = r.u8();
    const std::size_t length = *spdu::detail::read_length(r, spdu::detail::no_context);
    const std::size_t value_at = r.offset();
    const Bytes value = r.take(length);
    Node node{at, value_at - at + length, {}, {}, {}};
    const ParamSpec* spec = find_spec(table, c);
    if (spec == nullptr) {
      node.label = fmt::format("unknown parameter (0x{:02x})", c);
      node.detail = fmt::format("skipped, {}", octets_text(value));
    } else if (spec->kind == spdu::detail::ValueKind::group) {
      node.label = unit_label(*spec);
      node.detail = fmt::format("{} octets", length);
      describe_units(kind, spec->members, value, value_at, node.children);
    } else {
      node.label = unit_label(*spec);
      node.detail = value_text(kind, *spec, value);
    }
    out.push_back(std::move(node));
  }
}

}  // namespace

Result<std::vector<Node>> tsdu(Bytes tsdu, std::size_t offset, const spdu::DecodeOptions& options) {
  std::vector<spdu::SpduLocation> locations;
  if (auto status = spdu::locate_spdus(tsdu, locations, options); !status) {
    Error error = std::move(status).error();
    error.offset += offset;
    return error;
  }
  std::vector<Node> nodes;
  for (const spdu::SpduLocation& at : locations) {
    if (auto decoded = spdu::decode_spdu(at); !decoded) {
      Error error = std::move(decoded).error();
      error.offset += offset;
      return error;
    }
    const spdu::KindInfo& k = spdu::info(at.kind);
    Node node{offset + at.offset,
              at.end() - at.offset,
              fmt::format("{} ({})", k.abbreviation, k.name),
              fmt::format("SI {}, LI {}", k.si, at.parameters.size()),
              {}};
    if (k.category == spdu::Category::zero && locations.size() > 1) node.detail += ", herald";
    describe_units(at.kind, spdu::detail::parameters_of(at.kind), at.parameters,
                   offset + at.offset + at.header_size, node.children);
    if (k.has_user_information) {
      const std::size_t ui_at = offset + at.offset + at.header_size + at.parameters.size();
      node.children.push_back(Node{ui_at,
                                   at.user_information.size(),
                                   "User Information",
                                   octets_text(at.user_information),
                                   {}});
    }
    nodes.push_back(std::move(node));
  }
  return nodes;
}

}  // namespace piglix::describe
