// Human-readable decoding of TPKTs, TPDUs and SPDUs: the printer behind piglix-decode and the
// verbose trace of the other tools.
//
// Each function validates its input with the real decoders first, so a description is only
// produced for input the codecs accept; otherwise the decoder's Error comes back unchanged.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "piglix/bytes.hpp"
#include "piglix/error.hpp"
#include "piglix/spdu/codec.hpp"
#include "piglix/tpkt.hpp"

namespace piglix::describe {

// One decoded element: a PDU, a header or a parameter, with its place in the input.
struct Node {
  std::size_t offset = 0;  // first octet, counted from the start of the described input
  std::size_t length = 0;  // octets covered
  std::string label;       // what it is: "CN (CONNECT)", "Token Item (PI 0x10)"
  std::string detail;      // what it says: "0x01 data token"
  std::vector<Node> children;
};

// One TPDU (a TPKT payload). `offset` is where it starts in the caller's input.
Result<Node> tpdu(Bytes tpdu, std::size_t offset = 0);

// The SPDUs of one TSDU. `offset` is where the TSDU starts in the caller's input.
Result<std::vector<Node>> tsdu(Bytes tsdu, std::size_t offset = 0,
                               const spdu::DecodeOptions& options = {});

// Describes a TPKT byte stream fed in pieces of any size. Each complete TPKT becomes one Node
// (TPKT → TPDU → SPDUs). A TSDU spread over several DT TPDUs is reassembled and its SPDUs hang
// under the TPKT whose DT ends it, with offsets counted from the TSDU's first octet.
class Stream {
 public:
  explicit Stream(tpkt::FramerLimits limits = {}, spdu::DecodeOptions options = {})
      : framer_(limits), options_(options) {}

  // Appends the Nodes of the TPKTs completed by `chunk` to `out`.
  Status feed(Bytes chunk, std::vector<Node>& out);
  // True when no TPKT and no TSDU is left incomplete.
  bool at_boundary() const noexcept { return framer_.at_boundary() && tsdu_.empty(); }
  // The framer, for what an incomplete TPKT holds (partial_octets, partial_packet_size).
  const tpkt::Framer& framer() const noexcept { return framer_; }
  // True when the last feed() failed inside a TSDU reassembled from several DT TPDUs: the
  // error's offset then counts from that TSDU's first octet, not from the stream's.
  bool failed_in_reassembled_tsdu() const noexcept { return failed_in_reassembled_tsdu_; }

 private:
  Status describe_packet(Bytes payload, std::size_t offset, std::vector<Node>& out);

  tpkt::Framer framer_;
  spdu::DecodeOptions options_;
  ByteBuffer tsdu_;           // DT payloads of a TSDU not yet ended
  std::size_t tsdu_dts_ = 0;  // how many DTs it came in
  bool failed_in_reassembled_tsdu_ = false;
};

// An indented tree, one line per node: the offset, then label and detail.
std::string render_text(const Node& node);
std::string render_text(const std::vector<Node>& nodes);
// One JSON object per node (children nested), no trailing newline.
std::string render_json(const Node& node);

}  // namespace piglix::describe
