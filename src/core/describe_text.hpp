// Text helpers shared by the describers (internal header).
#pragma once

#include <string>

#include <fmt/format.h>

#include "piglix/bytes.hpp"
#include "piglix/describe.hpp"
#include "piglix/tpdu.hpp"

namespace piglix::describe::detail {

// "00 01 (2 octets)", or the first 16 octets of a longer value.
inline std::string octets_text(Bytes value) {
  if (value.empty()) return "empty";
  if (value.size() == 1) return fmt::format("{} (1 octet)", to_hex(value));
  if (value.size() <= 16) return fmt::format("{} ({} octets)", to_hex(value), value.size());
  return fmt::format("{} octets: {} ...", value.size(), to_hex(value.first(16)));
}

// The Node of a TPDU the caller has already decoded from `octets` (so that a stream decodes each
// TPDU once).
Node describe_decoded_tpdu(const tpdu::Tpdu& decoded, Bytes octets, std::size_t offset);

}  // namespace piglix::describe::detail
