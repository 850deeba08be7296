// The concatenation rules of X.225 6.3.7, shared by the TSDU decoder and encoder (internal).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

#include "piglix/error.hpp"
#include "piglix/spdu/codes.hpp"
#include "piglix/spdu/types.hpp"

namespace piglix::spdu::detail {

// Checks that an SPDU of kind `next` may stand at `position` in a TSDU whose previous SPDU is
// `previous` (std::nullopt at position 0). `offset` is where `next` starts, for the error.
Status check_follows(std::optional<Kind> previous, std::size_t position, Kind next,
                     bool extended_concatenation, std::size_t offset);

// A GT or PT that heads a concatenated TSDU is a herald: it carries no Token Item.
Status check_herald(Kind kind, bool has_token_item, std::size_t offset);

// A GT or PT alone in its TSDU gives or asks for tokens: it carries a Token Item, except in the
// segments after the first of a segmented PT (`continues_segment`: an Enclosure Item without the
// begin bit), which carry only the Enclosure Item and user data. A GT is never a segment.
Status check_lone_token_spdu(Kind kind, bool has_token_item, bool continues_segment,
                             std::size_t offset);

// The TSDU of almost every S-DATA: a GT herald and a DT, neither with parameters, then the user
// information. Encoder and decoder take it without the general path's searches and checks, all
// of which it passes: it is the one TSDU a data phase repeats, message after message.
inline constexpr std::array<std::uint8_t, 4> plain_data_prefix = {si::give_tokens, 0,
                                                                  si::data_transfer, 0};

}  // namespace piglix::spdu::detail
