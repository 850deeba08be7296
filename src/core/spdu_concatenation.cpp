#include "spdu_concatenation.hpp"

#include <fmt/format.h>

namespace piglix::spdu::detail {

Status check_follows(std::optional<Kind> previous, std::size_t position, Kind next,
                     bool extended_concatenation, std::size_t offset) {
  const KindInfo& n = info(next);
  if (!previous) {
    if (n.category == Category::two) {
      return Error{errc::spdu_bad_concatenation, offset,
                   fmt::format("SPDU {} is category 2 and must follow a {} herald", n.abbreviation,
                               info(n.herald).abbreviation)};
    }
    return {};
  }
  const KindInfo& p = info(*previous);
  if (p.has_user_information) {
    return Error{errc::spdu_bad_concatenation, offset,
                 fmt::format("SPDU {} follows {}, whose user information must end the TSDU",
                             n.abbreviation, p.abbreviation)};
  }
  if (p.category == Category::one) {
    return Error{errc::spdu_bad_concatenation, offset,
                 fmt::format("SPDU {} is category 1 and must be alone in its TSDU, but {} follows",
                             p.abbreviation, n.abbreviation)};
  }
  if (position == 1) {
    if (n.category != Category::two) {
      return Error{errc::spdu_bad_concatenation, offset,
                   fmt::format("SPDU {} cannot follow the herald {}: only a category 2 SPDU can",
                               n.abbreviation, p.abbreviation)};
    }
    if (n.herald != *previous) {
      return Error{errc::spdu_bad_concatenation, offset,
                   fmt::format("SPDU {} must follow a {} herald, not {}", n.abbreviation,
                               info(n.herald).abbreviation, p.abbreviation)};
    }
    return {};
  }
  if (!extended_concatenation) {
    return Error{errc::spdu_bad_concatenation, offset,
                 fmt::format("SPDU {} follows {}: only one category 2 SPDU may follow a herald "
                             "without extended concatenation",
                             n.abbreviation, p.abbreviation)};
  }
  if (n.category != Category::two) {
    return Error{
        errc::spdu_bad_concatenation, offset,
        fmt::format("SPDU {} cannot be concatenated after {}", n.abbreviation, p.abbreviation)};
  }
  return {};
}

Status check_herald(Kind kind, bool has_token_item, std::size_t offset) {
  if (has_token_item) {
    return Error{errc::spdu_bad_concatenation, offset,
                 fmt::format("SPDU {} heads a concatenated TSDU and so must not carry a Token Item",
                             info(kind).abbreviation)};
  }
  return {};
}

Status check_lone_token_spdu(Kind kind, bool has_token_item, bool continues_segment,
                             std::size_t offset) {
  // Only PT carries user data, so only a PT can be a later segment; a GT never is.
  if (!has_token_item && !(kind == Kind::PT && continues_segment)) {
    return Error{errc::spdu_missing_parameter, offset,
                 fmt::format("SPDU {} stands alone in its TSDU and so must carry a Token Item",
                             info(kind).abbreviation)};
  }
  return {};
}

}  // namespace piglix::spdu::detail
