// Segmenting an SSDU over several SPDUs with the Enclosure Item (X.225 6.3.8, 7.37) and
// reassembling it.
//
// When a TSDU maximum size is negotiated, an SPDU whose user data does not fit one TSDU is sent as
// a sequence of SPDUs of the same kind: the first carries every parameter of the unsegmented SPDU
// and Enclosure "begin"; the following ones carry only the Enclosure Item and user data; the last
// has Enclosure "end". Version 1 segments only DT and TD; version 2 every SPDU with user data.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "piglix/bytes.hpp"
#include "piglix/error.hpp"
#include "piglix/spdu/types.hpp"

namespace piglix::spdu {

// True for the SPDU kinds that carry user data and so may be segmented (in version 2).
bool segmentable(Kind kind) noexcept;

// The octets segmentation cuts and reassembly collects: the user information of DT and TD, or the
// User Data of the other segmentable SPDUs; empty for an SPDU that cannot be segmented.
Bytes segment_data(const Spdu& s) noexcept;
// The SPDU's Enclosure Item as SsduAssembler::add() takes it: nullopt when it has none, and for
// CDO, whose Enclosure Item marks the last CDO (X.225 p202), not a segment.
std::optional<std::uint8_t> enclosure_of(const Spdu& s) noexcept;

// A copy of `s` whose segment data (see segment_data()) is `data` instead; `s` itself when it
// cannot be segmented.
Spdu with_segment_data(const Spdu& s, Bytes data);

// Cuts `whole` into segments whose TSDUs (herald included for category 2 SPDUs) are at most
// `max_tsdu_size` octets, appending them to `out`. Segments view `whole`'s user data: nothing is
// copied. An SPDU that fits is appended unchanged (no Enclosure Item). Fails with
// errc::invalid_argument if the kind cannot be segmented, or if `max_tsdu_size` cannot hold the
// first segment's parameters and one octet of user data.
Status segment(const Spdu& whole, std::size_t max_tsdu_size, std::vector<Spdu>& out);

// Collects the user data of a segmented SSDU. Bounded: a sequence longer than `limit` octets is
// refused rather than buffered.
class SsduAssembler {
 public:
  explicit SsduAssembler(std::size_t limit) noexcept : limit_(limit) {}

  // Adds one SPDU's user data with its Enclosure Item (nullopt = not segmented). Returns true when
  // the SSDU is complete: its octets are then in data() until the next add(). Errors
  // (errc::spdu_bad_segmentation, errc::limit_exceeded) name what was wrong: a middle or end
  // segment without a beginning, a new beginning before the end, a sequence beyond the limit.
  Result<bool> add(std::optional<std::uint8_t> enclosure, Bytes user_data);

  // The complete SSDU after add() returned true. An SSDU that came whole in one SPDU is not
  // copied: it is then a view of that add()'s `user_data`.
  Bytes data() const noexcept { return complete_; }
  // Hands the complete SSDU over as a buffer, emptying data(). Octets reassembled from segments
  // move out without a copy (`spare` becomes the buffer of the next SSDU); an SSDU that came
  // whole is a view of the caller's octets, so it is copied into `spare`.
  ByteBuffer take(ByteBuffer spare);
  // True while a beginning has been seen and the end has not.
  bool in_progress() const noexcept { return in_progress_; }
  // Drops a partial SSDU (after resynchronization or abort).
  void reset() noexcept;

 private:
  std::size_t limit_;
  ByteBuffer data_;
  Bytes complete_;
  std::size_t last_size_ = 0;  // of the last reassembled SSDU
  bool in_progress_ = false;
};

}  // namespace piglix::spdu
