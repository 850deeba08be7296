// The class 0 transport machine as data: its inputs, the actions a row runs, and the table
// (specs/transport/class0-machine.md, "Transitions"). A (state, input) pair without a row is
// handled by the machine's rule for blanks: a TPDU is a protocol error, a request is refused, a
// network event is ignored.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "piglix/transport.hpp"

namespace piglix::transport::table {

enum class Input : std::uint8_t {
  network_connected,
  network_closed,
  CR,
  CC,
  DR,
  DT,
  ER,
  accept,
  refuse,
  send,
  disconnect,
};
inline constexpr std::size_t input_count = static_cast<std::size_t>(Input::disconnect) + 1;

enum class Action : std::uint8_t {
  send_cr,           // CR with the request's TSAPs and the TPDU size this side proposes
  take_cr,           // check the CR: T-CONNECT indication, or DR and close
  take_cc,           // check the CC against the CR: T-CONNECT confirm, or ER and close
  send_cc,           // CC agreeing the TPDU size, TSAPs echoed
  send_dr,           // refusal: DR with the user's reason, then close
  take_dt,           // append to the TSDU; at EOT, T-DATA indication
  send_dt,           // the TSDU as DTs of at most the agreed TPDU size
  refused_by_peer,   // DR or ER answering the CR: T-DISCONNECT indication, close
  released_by_peer,  // DR once connected: T-DISCONNECT indication, close
  error_from_peer,   // ER once connected: T-DISCONNECT indication, close
  lost,              // the network connection went away: T-DISCONNECT indication
  close,             // this side's T-DISCONNECT request: close, no indication
};

struct Row {
  State state;
  Input input;
  Action action;
  State next;  // when the action does not end the connection itself
};

// The row of (state, input), or nothing for a blank pair.
std::optional<Row> row(State state, Input input) noexcept;
// Every row, in the order of the spec.
std::size_t row_count() noexcept;
const Row& row_at(std::size_t index) noexcept;

std::string_view name(Input input) noexcept;
std::string_view name(Action action) noexcept;

}  // namespace piglix::transport::table
