// Describing one class 0 TPDU: fixed part, every variable-part parameter, user data.
#include <fmt/format.h>

#include "describe_text.hpp"
#include "piglix/describe.hpp"
#include "piglix/tpdu.hpp"
#include "wire.hpp"

namespace piglix::describe {
namespace {

using detail::octets_text;

std::string parameter_text(std::uint8_t c, Bytes v) {
  namespace param = tpdu::param;
  switch (c) {
    case param::tpdu_size:
      return fmt::format("0x{:02x} ({} octets)", v[0], tpdu::tpdu_size_octets(v[0]));
    case param::preferred_max_tpdu_size: {
      std::uint64_t units = 0;
      for (std::uint8_t octet : v) units = (units << 8) | octet;
      return fmt::format("{} x 128 = {} octets", units, units * 128);
    }
    case param::additional_options: {
      std::string text = fmt::format("0x{:02x}", v[0]);
      if (v[0] & 0x01) text += " (transport expedited data)";
      return text;
    }
    case param::checksum: return fmt::format("0x{:02x}{:02x}", v[0], v[1]);
    case param::version: return fmt::format("{}", v[0]);
    case param::additional_information:
      return fmt::format("\"{}\"", std::string(reinterpret_cast<const char*>(v.data()), v.size()));
    default: return octets_text(v);
  }
}

// Octets before the variable part, the LI octet included.
std::size_t fixed_size(tpdu::Type type) {
  switch (type) {
    case tpdu::Type::DT: return 3;
    case tpdu::Type::ER: return 5;
    default: return 7;
  }
}

std::string fixed_text(const tpdu::Tpdu& decoded) {
  return std::visit(
      [](const auto& t) -> std::string {
        using T = std::decay_t<decltype(t)>;
        if constexpr (std::is_same_v<T, tpdu::Data>) {
          return fmt::format("{}, {} octets of user data",
                             t.end_of_tsdu ? "EOT (last of the TSDU)" : "not EOT (TSDU continues)",
                             t.user_data.size());
        } else if constexpr (std::is_same_v<T, tpdu::DisconnectRequest>) {
          return fmt::format("DST-REF 0x{:04x}, SRC-REF 0x{:04x}, reason {} ({})", t.dst_ref,
                             t.src_ref, t.reason, tpdu::reason_text(t.reason));
        } else if constexpr (std::is_same_v<T, tpdu::TpduError>) {
          return fmt::format("DST-REF 0x{:04x}, cause {} ({})", t.dst_ref, t.cause,
                             tpdu::cause_text(t.cause));
        } else {
          return fmt::format(
              "DST-REF 0x{:04x}, SRC-REF 0x{:04x}, class {}, options 0x{:x}, "
              "credit {}",
              t.dst_ref, t.src_ref, t.class_options >> 4, t.class_options & 0x0F, t.credit);
        }
      },
      decoded);
}

}  // namespace

Result<Node> tpdu(Bytes octets, std::size_t offset) {
  auto decoded = tpdu::decode(octets);
  if (!decoded) {
    Error error = std::move(decoded).error();
    error.offset += offset;
    return error;
  }
  return detail::describe_decoded_tpdu(*decoded, octets, offset);
}

namespace detail {

Node describe_decoded_tpdu(const tpdu::Tpdu& decoded, Bytes octets, std::size_t offset) {
  const tpdu::Type type = tpdu::type_of(decoded);
  Node node{offset,
            octets.size(),
            fmt::format("{} ({})", tpdu::abbreviation(type), tpdu::full_name(type)),
            fixed_text(decoded),
            {}};

  // The decoder accepted the octets, so the header walk below stays within bounds.
  const std::size_t header_end = std::size_t{octets[0]} + 1;
  wire::Reader r(octets.subspan(fixed_size(type), header_end - fixed_size(type)),
                 offset + fixed_size(type));
  while (!r.empty()) {
    const std::size_t at = r.offset();
    const std::uint8_t c = r.u8();
    const Bytes value = r.take(r.u8());
    node.children.push_back(Node{at,
                                 value.size() + 2,
                                 fmt::format("{} (0x{:02x})", tpdu::parameter_name(type, c), c),
                                 parameter_text(c, value),
                                 {}});
  }
  if (type != tpdu::Type::DT && octets.size() > header_end) {
    node.children.push_back(Node{offset + header_end,
                                 octets.size() - header_end,
                                 "user data",
                                 octets_text(octets.subspan(header_end)),
                                 {}});
  }
  return node;
}

}  // namespace detail

}  // namespace piglix::describe
