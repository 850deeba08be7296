// Reading what piglix-decode is asked to decode: hex text, raw octets or a capture file.
#pragma once

#include <optional>
#include <string>

#include "piglix/bytes.hpp"

namespace piglix::decode_tool {

enum class Format { automatic, hex, raw, pcap };

// The whole of a file ("-" = standard input), or std::nullopt with `error` set.
std::optional<ByteBuffer> read_all(const std::string& path, std::string& error);

// True if the octets start with a pcap or pcapng magic number.
bool looks_like_pcap(Bytes octets);

// True if the octets are only hex digits, separators and '#' comments.
bool looks_like_hex(Bytes octets);

}  // namespace piglix::decode_tool
