#include "transport/table.hpp"

#include <array>
#include <cstdint>

namespace piglix::transport::table {
namespace {

using enum State;
using enum Action;
using I = Input;

// specs/transport/class0-machine.md, "Transitions", row for row.
constexpr std::array kRows = {
    Row{wait_network, I::network_connected, send_cr, wait_cc},
    Row{wait_network, I::network_closed, lost, closed},
    Row{wait_network, I::disconnect, close, closed},

    Row{wait_cc, I::CC, take_cc, open},
    Row{wait_cc, I::DR, refused_by_peer, closed},
    Row{wait_cc, I::ER, refused_by_peer, closed},
    Row{wait_cc, I::network_closed, lost, closed},
    Row{wait_cc, I::disconnect, close, closed},

    Row{wait_cr, I::CR, take_cr, wait_response},
    Row{wait_cr, I::network_closed, lost, closed},
    Row{wait_cr, I::disconnect, close, closed},

    Row{wait_response, I::accept, send_cc, open},
    Row{wait_response, I::refuse, send_dr, closed},
    Row{wait_response, I::DR, released_by_peer, closed},
    Row{wait_response, I::network_closed, lost, closed},
    Row{wait_response, I::disconnect, close, closed},

    Row{open, I::DT, take_dt, open},
    Row{open, I::send, send_dt, open},
    Row{open, I::DR, released_by_peer, closed},
    Row{open, I::ER, error_from_peer, closed},
    Row{open, I::network_closed, lost, closed},
    Row{open, I::disconnect, close, closed},
};

// Where each (state, input) pair's row is in kRows, derived from it when compiling: row() is one
// lookup instead of a search on every TPDU.
constexpr std::uint8_t blank = 0xff;
static_assert(kRows.size() < blank);
constexpr auto kIndex = [] {
  std::array<std::array<std::uint8_t, input_count>, state_count> index{};
  for (auto& by_input : index) by_input.fill(blank);
  for (std::size_t i = 0; i < kRows.size(); ++i) {
    std::uint8_t& slot =
        index[static_cast<std::size_t>(kRows[i].state)][static_cast<std::size_t>(kRows[i].input)];
    // Evaluated when compiling: two rows for one pair do not compile.
    if (slot != blank) throw "two rows for one (state, input) pair";
    slot = static_cast<std::uint8_t>(i);
  }
  return index;
}();

}  // namespace

std::optional<Row> row(State state, Input input) noexcept {
  const std::uint8_t at = kIndex[static_cast<std::size_t>(state)][static_cast<std::size_t>(input)];
  if (at == blank) return std::nullopt;
  return kRows[at];
}

std::size_t row_count() noexcept { return kRows.size(); }
const Row& row_at(std::size_t index) noexcept { return kRows[index]; }

std::string_view name(Input input) noexcept {
  static constexpr std::array<std::string_view, input_count> names = {
      "network connected",
      "network closed",
      "CR",
      "CC",
      "DR",
      "DT",
      "ER",
      "accept",
      "refuse",
      "send",
      "disconnect",
  };
  return names[static_cast<std::size_t>(input)];
}

std::string_view name(Action action) noexcept {
  static constexpr std::array<std::string_view, 12> names = {
      "send CR", "take CR",         "take CC",          "send CC",         "send DR", "take DT",
      "send DT", "refused by peer", "released by peer", "error from peer", "lost",    "close",
  };
  return names[static_cast<std::size_t>(action)];
}

}  // namespace piglix::transport::table

namespace piglix::transport {

std::string_view name(State state) noexcept {
  static constexpr std::array<std::string_view, state_count> names = {
      "wait_network", "wait_cc", "wait_cr", "wait_response", "open", "closed",
  };
  return names[static_cast<std::size_t>(state)];
}

}  // namespace piglix::transport
