// Two whole stacks (stack::Connection) joined in memory, used by the connection fuzz targets to
// bring the connection under test into a chosen state with a real peer: every state is reached by
// the peer's real octets and this side's real requests, never by writing to the machine's fields.
#pragma once

#include <cstddef>
#include <string_view>

#include "piglix/session/state.hpp"
#include "piglix/stack.hpp"

namespace piglix::fuzz {

enum class Role { initiator, responder };

struct Link {
  Link(stack::Config initiator_config, stack::Config responder_config);

  stack::Connection initiator;
  stack::Connection responder;
  bool tcp_closed = false;

  // Moves what `from` has written to `to`, once; true if anything moved. A side that asks for
  // TCP to close closes it for both.
  bool flush_once(stack::Connection& from, stack::Connection& to);
  // Flushes both ways until neither side writes more.
  void pump();
  // Drops the events both sides have given so far.
  void drop_events();
};

// The states a connection fuzz input can start from. The first ones are connection set-up and
// differ by role; the others are the same dialogue situation seen from either side ("self" is the
// side under test, "peer" the other).
struct Scenario {
  std::string_view name;
  session::State initiator_state;  // where the side under test must be when it is the initiator
  session::State responder_state;  // ... and when it is the responder
};

std::size_t scenario_count() noexcept;
const Scenario& scenario(std::size_t index) noexcept;

// Builds the link and plays scenario `index` with the side under test in `role`. The side under
// test is then at a TPKT boundary of its incoming stream with nothing unread, its events taken;
// what it last wrote is left in its output, for the caller to check. A scenario that does not
// reach its state is a broken harness: it aborts.
Link play_scenario(std::size_t index, Role role);

}  // namespace piglix::fuzz
