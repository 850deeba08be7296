// Annex A's token notation (predicates.md): AV, OWNED and the four combinations, over sets.
#pragma once

#include "piglix/session/connection.hpp"

namespace piglix::session::detail {

inline bool available(const Connection& c, TokenSet t) { return (c.session.available & t) == t; }
inline bool owned(const Connection& c, TokenSet t) { return (c.session.owned & t) == t; }

// Per token: I = may act (not available, or owned); A = the peer may act; II = available and
// owned; AA = available and not owned.
inline bool I(const Connection& c, TokenSet t) { return !available(c, t) || owned(c, t); }
inline bool A(const Connection& c, TokenSet t) { return !available(c, t) || !owned(c, t); }
inline bool II(const Connection& c, TokenSet t) { return available(c, t) && owned(c, t); }
inline bool AA(const Connection& c, TokenSet t) { return available(c, t) && !owned(c, t); }

// ALL(X, set): X holds for every token of `set`.
template <class Test>
bool all(const Connection& c, TokenSet set, Test test) {
  for (TokenSet t : {spdu::token::data, spdu::token::minor_sync, spdu::token::major_activity,
                     spdu::token::release}) {
    if ((set & t) != 0 && !test(c, t)) return false;
  }
  return true;
}

// Tokens that exist with these functional units (facts §6.2).
TokenSet tokens_of(std::uint16_t functional_units) noexcept;

}  // namespace piglix::session::detail
