// Decoding of the variable part (code, length, value parameters) of CR, CC, DR and ER TPDUs
// (internal header).
#pragma once

#include <optional>

#include "piglix/tpdu.hpp"
#include "wire.hpp"

namespace piglix::tpdu::detail {

// Everything the variable part of any class 0 TPDU may carry. Which members can be set depends
// on the TPDU type: the decoder refuses a parameter the type does not allow.
struct VariablePart {
  ConnectParameters connect;                    // CR, CC (and the checksum of DR and ER)
  std::optional<Bytes> additional_information;  // DR
  std::optional<Bytes> invalid_tpdu;            // ER: code 0xC1
};

// Decodes every parameter left in `header` (positioned at the variable part and ending where the
// length indicator says the header ends) of a TPDU of `type` (CR, CC, DR or ER).
Result<VariablePart> decode_variable_part(Type type, wire::Reader header);

}  // namespace piglix::tpdu::detail
