// Decoding and encoding of TSDUs made of X.225 SPDUs.
//
// A TSDU (one T-DATA unit) holds one category 1 SPDU, one category 0 SPDU (GT or PT) alone, or a
// category 0 "herald" followed by a category 2 SPDU (X.225 6.3.7); with extended concatenation
// more SPDUs may follow. Decoding checks those rules and every parameter, and returns Errors that
// name the SPDU, the parameter code and the offset within the TSDU. Unknown parameter codes are
// skipped (the extensibility rule); a known parameter in an SPDU that does not define it, a wrong
// length, a repeated parameter or a missing mandatory one is an error.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "piglix/bytes.hpp"
#include "piglix/error.hpp"
#include "piglix/spdu/types.hpp"

namespace piglix::spdu {

// What the receiver knows that the octets alone cannot tell.
struct DecodeOptions {
  // Both sides agreed (Protocol Options) that this side receives extended concatenation.
  bool extended_concatenation = false;
  // SI 41 without a Sync Type Item is an ACTIVITY END when activity management may be in use,
  // a MAJOR SYNC POINT otherwise.
  bool activity_management = true;
  // SI 42 is encoded alike for MAJOR SYNC ACK and ACTIVITY END ACK: the receiver's state (it sent
  // an AE) decides.
  bool major_ack_is_activity_end = false;
};

// Where one SPDU sits in a TSDU, found before its parameters are decoded.
struct SpduLocation {
  Kind kind;
  std::size_t offset = 0;       // of the SI octet within the TSDU
  std::size_t header_size = 0;  // SI and LI octets (2 or 4)
  Bytes parameters;             // the parameter field (LI octets)
  Bytes user_information;       // DT, EX, TD: the octets after the parameter field
  std::size_t end() const noexcept {
    return offset + header_size + parameters.size() + user_information.size();
  }
};

// Splits a TSDU into SPDUs and checks the concatenation rules, without decoding parameters.
// `out` is cleared first; its capacity is reused, so a caller that keeps it allocates nothing in
// steady state.
Status locate_spdus(Bytes tsdu, std::vector<SpduLocation>& out, const DecodeOptions& options = {});

// Decodes every SPDU of a TSDU into `out` (cleared first). On error `out` is unspecified.
Status decode_tsdu(Bytes tsdu, std::vector<Spdu>& out, const DecodeOptions& options = {});
Result<std::vector<Spdu>> decode_tsdu(Bytes tsdu, const DecodeOptions& options = {});

// Decodes the parameters of one located SPDU (error offsets count from the TSDU's start).
Result<Spdu> decode_spdu(const SpduLocation& location);

// Appends the canonical encoding of one SPDU: parameters in the order of the standard's tables,
// 1-octet lengths wherever the value fits. Fails, leaving `out` unchanged, when the SPDU cannot be
// encoded: a missing or over-long value, an undefined bit, a DT without user information.
Status encode(const Spdu& spdu, ByteBuffer& out);

// Appends a whole TSDU after checking that the SPDUs may be concatenated in this order.
Status encode_tsdu(std::span<const Spdu> spdus, ByteBuffer& out,
                   bool extended_concatenation = false);

// encode_tsdu() but for the last SPDU's user information, which is the last field of a TSDU: a
// sender that has those octets in a buffer of its own sends them from there after these, instead
// of copying them (the TSDU is what encode_tsdu() would append, in two parts).
Status encode_tsdu_head(std::span<const Spdu> spdus, ByteBuffer& out,
                        bool extended_concatenation = false);

// The number of octets encode() appends (0 if the SPDU cannot be encoded).
std::size_t encoded_size(const Spdu& spdu);

}  // namespace piglix::spdu
