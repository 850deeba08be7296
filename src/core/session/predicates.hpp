// Evaluation of the table's predicates and conditions (specs/x225/annex-a/predicates.md).
#pragma once

#include <string>

#include "piglix/session/connection.hpp"
#include "session/context.hpp"
#include "session/table.hpp"

namespace piglix::session::detail {

bool holds(const Connection& c, const Context& ctx, table::Predicate p);
bool holds(const Connection& c, const Context& ctx, table::Literal l);
bool holds(const Connection& c, const Context& ctx, const table::Condition& condition);

// For refusals and protocol errors: what a false literal means, e.g. "this side does not hold the
// data token" for p03.
std::string explain_false(table::Literal l);

}  // namespace piglix::session::detail
