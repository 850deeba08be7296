// Inputs for session::Connection built the way a peer sends them, shared by the tests that drive
// the machine state by state (session_invalid_test.cpp, session_row_test.cpp): one SPDU per
// received-SPDU event of the table, as the TSDU that carries it, and the table context that
// receive() builds for it.
#pragma once

#include <cstdint>

#include "piglix/bytes.hpp"
#include "piglix/session/connection.hpp"
#include "piglix/spdu/types.hpp"
#include "session/context.hpp"
#include "session/table.hpp"

namespace piglix::session::spdu_inputs {

// The parameters of the SPDU that the tests vary; user data is always kOctets.
struct SpduParameters {
  std::uint64_t serial = 1;                      // MIP, MIA, MAP, MAA, AE, AEA, RS, RA, AR
  TokenSet tokens = spdu::token::data;           // GT, PT
  bool overflow = false;                         // CN: Data Overflow (more data follows in CDOs)
  std::uint8_t cn_versions = spdu::version::v2;  // CN: versions proposed
  bool last_segment = true;                      // CDO: Enclosure Item "end"
};

inline const ByteBuffer kOctets = {0x48, 0x69};

// One SPDU that receive() classifies as `input`. Inputs no TSDU yields as such (MIP-d; AEA and AE
// depend on the receiver's state and units, see session_invalid_test.cpp) still get the SPDU
// whose octets come closest. The SPDU refers to kOctets.
spdu::Spdu spdu_for(table::Input input, const SpduParameters& p = {});

// The SPDU as a TSDU, behind the GT or PT herald a category 2 SPDU needs.
ByteBuffer tsdu_of(const spdu::Spdu& s);

// The table context receive() builds for `s` on `c` (receive.cpp run_spdu), for the predicate
// oracle: serial number (AR: its linking information's), tokens, p76's refusal, p202.
detail::Context received_context(const Connection& c, table::Input input, const spdu::Spdu& s);

}  // namespace piglix::session::spdu_inputs
