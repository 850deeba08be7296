// Reading what piglix-decode is asked to decode: hex arguments, or a file or standard input
// holding hex text, raw octets or a pcap/pcapng capture.
#pragma once

#include <optional>
#include <string>

#include "options.hpp"
#include "piglix/bytes.hpp"

namespace piglix::decode_tool {

// The input, resolved: either the octets to decode or a capture to read.
struct Input {
  enum class Kind { octets, capture_file, capture_in_memory };
  Kind kind = Kind::octets;
  ByteBuffer octets;  // the octets, or the whole capture when it came from standard input
  std::string name;   // for messages: "arguments", "standard input" or the path
};

// Resolves options.hex / options.file / standard input and options.format into an Input, or
// std::nullopt with `error` set (a usage error: unreadable file, invalid hex).
std::optional<Input> load_input(const Options& options, std::string& error);

// True if the octets start with a pcap (either byte order, micro- or nanoseconds) or pcapng
// magic number.
bool looks_like_pcap(Bytes octets);

// True if the octets are text piglix::parse_hex accepts.
bool looks_like_hex(Bytes octets);

}  // namespace piglix::decode_tool
