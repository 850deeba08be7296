// The states of the X.225 session protocol machine, named as in Annex A
// (specs/x225/annex-a/states.md).
#pragma once

#include <cstdint>
#include <string_view>

namespace piglix::session {

// Annex A numbers states with gaps (no STA07, STA12-STA14, STA17); the names are kept so that a
// state in a log or a test reads exactly like the specification's table.
enum class State : std::uint8_t {
  STA01,   // idle, no transport connection
  STA01A,  // sent AB (transport kept), waiting for AA
  STA01B,  // waiting for T-CONNECT confirm
  STA01C,  // idle, transport connected
  STA01D,  // acceptor of an overflowing CN: sent OA, collecting CDOs
  STA02A,  // initiator: sent CN, waiting for AC or RF
  STA02B,  // initiator: sent CN announcing overflow, waiting for OA
  STA03,   // sent FN, waiting for DN
  STA04A,  // sent MAP, waiting for MAA
  STA04B,  // sent AE, waiting for AEA
  STA05A,  // sent RS, waiting for RA
  STA05B,  // sent AI, waiting for AIA
  STA05C,  // sent AD, waiting for ADA
  STA06,   // resynchronization collision: sent RS, received PR-RS
  STA08,   // acceptor: gave S-CONNECT indication, waiting for the response
  STA09,   // gave S-RELEASE indication, waiting for the response
  STA10A,  // gave S-SYNC-MAJOR indication
  STA10B,  // gave S-ACTIVITY-END indication
  STA11A,  // gave S-RESYNCHRONIZE indication
  STA11B,  // gave S-ACTIVITY-INTERRUPT indication
  STA11C,  // gave S-ACTIVITY-DISCARD indication
  STA15A,  // after PREPARE(MAJOR SYNC ACK)
  STA15B,  // after PREPARE(RESYNCHRONIZE)
  STA15C,  // after PREPARE(RESYNCHRONIZE ACK)
  STA15D,  // after PREPARE(ABORT)
  STA16,   // waiting for T-DISCONNECT indication
  STA18,   // sent GTC, waiting for GTA
  STA19,   // sent ED, waiting for recovery
  STA20,   // received ED or ER, waiting for recovery
  STA21,   // sent CD, waiting for CDA
  STA22,   // gave S-CAPABILITY-DATA indication
  STA713,  // data transfer
};

inline constexpr std::size_t state_count = static_cast<std::size_t>(State::STA713) + 1;

// "STA01A", ... as written in Annex A.
std::string_view name(State state) noexcept;

}  // namespace piglix::session
