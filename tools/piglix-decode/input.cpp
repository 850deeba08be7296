#include "input.hpp"

#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>

namespace piglix::decode_tool {

std::optional<ByteBuffer> read_all(const std::string& path, std::string& error) {
  ByteBuffer octets;
  if (path == "-") {
    std::istreambuf_iterator<char> begin(std::cin), end;
    for (auto it = begin; it != end; ++it) octets.push_back(static_cast<std::uint8_t>(*it));
    return octets;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "cannot open " + path;
    return std::nullopt;
  }
  octets.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  if (in.bad()) {
    error = "cannot read " + path;
    return std::nullopt;
  }
  return octets;
}

bool looks_like_pcap(Bytes octets) {
  if (octets.size() < 4) return false;
  const std::uint32_t magic = (std::uint32_t{octets[0]} << 24) | (std::uint32_t{octets[1]} << 16) |
                              (std::uint32_t{octets[2]} << 8) | octets[3];
  switch (magic) {
    case 0xa1b2c3d4:  // pcap, microseconds, either byte order
    case 0xd4c3b2a1:
    case 0xa1b23c4d:  // pcap, nanoseconds
    case 0x4d3cb2a1:
    case 0x0a0d0d0a:  // pcapng section header block
      return true;
    default: return false;
  }
}

bool looks_like_hex(Bytes octets) {
  ByteBuffer ignored;
  const std::string_view text(reinterpret_cast<const char*>(octets.data()), octets.size());
  return parse_hex(text, ignored);
}

}  // namespace piglix::decode_tool
