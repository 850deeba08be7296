// The whole-connection fuzzers (responder.cpp, initiator.cpp): one stack::Connection brought into
// a scenario's state by a real peer (link.hpp), then fed the fuzz input as the peer's octets,
// interleaved with session-user requests the input chooses.
//
// Input: octet 0 picks the scenario (modulo scenario_count()). Then a sequence of operations, each
// an operation octet `op` followed by its operands; a missing operand reads as 0.
//   op % 4 == 0  raw octets: n = next + 1 octets received as they are; bit 2 cuts them in two
//                reads at the position of one more octet.
//   op % 4 == 1  a TSDU: n = next octets (bit 2: plus 256 times the next octet mod 32) received
//                as one DT in one TPKT, without EOT if bit 3; bit 4 cuts the TPKT in two reads.
//   op % 4 == 2  a session-user request, number op >> 2 of the list in connection_fuzz.cpp, with
//                its operands.
//   op % 4 == 3  op >> 2: 0..19 TIM expires, 20..29 a stale TIM expiry, 30 TCP closes,
//                31..63 a TSDU of n = next octets received as DTs of (next mod 16) + 1 octets.
//
// After every operation the target checks what must always hold: everything written is a valid
// TPKT / TPDU / SPDU stream (wire_check.hpp); output and events stay bounded; every event holds a
// well-formed value; a refused request changed nothing; once the connection has finished
// (transport closed), it writes nothing more and indicates nothing more for received octets.
#pragma once

#include <cstddef>
#include <cstdint>

#include "link.hpp"

namespace piglix::fuzz {

void run_connection(Role role, const std::uint8_t* data, std::size_t size);

}  // namespace piglix::fuzz
