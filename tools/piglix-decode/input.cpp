#include "input.hpp"

#include <cstdio>
#include <fstream>
#include <iterator>
#include <string_view>

namespace piglix::decode_tool {
namespace {

constexpr std::size_t pcap_magic_size = 4;

std::string_view as_text(Bytes octets) {
  return {reinterpret_cast<const char*>(octets.data()), octets.size()};
}

std::optional<ByteBuffer> read_stdin(std::string& error) {
  // std::fread rather than std::cin: binary-safe and without locale or sync overhead.
  ByteBuffer octets;
  std::uint8_t chunk[65536];
  std::size_t got = 0;
  while ((got = std::fread(chunk, 1, sizeof chunk, stdin)) > 0) {
    octets.insert(octets.end(), chunk, chunk + got);
  }
  if (std::ferror(stdin)) {
    error = "cannot read standard input";
    return std::nullopt;
  }
  return octets;
}

// Up to `limit` octets from the start of the file (all of it by default).
std::optional<ByteBuffer> read_file(const std::string& path, std::string& error,
                                    std::size_t limit = static_cast<std::size_t>(-1)) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "cannot open " + path;
    return std::nullopt;
  }
  ByteBuffer octets;
  for (std::istreambuf_iterator<char> it(in), end; it != end && octets.size() < limit; ++it) {
    octets.push_back(static_cast<std::uint8_t>(*it));
  }
  if (in.bad()) {
    error = "cannot read " + path;
    return std::nullopt;
  }
  return octets;
}

// Hex, raw or capture, for octets read from a file or standard input.
bool resolve_content(Format format, Input& input, std::string& error) {
  const bool pcap =
      format == Format::pcap || (format == Format::automatic && looks_like_pcap(input.octets));
  if (pcap) {
    input.kind = Input::Kind::capture_in_memory;
    return true;
  }
  const bool hex =
      format == Format::hex || (format == Format::automatic && looks_like_hex(input.octets));
  if (hex) {
    ByteBuffer octets;
    if (!parse_hex(as_text(input.octets), octets)) {
      error = input.name + " is not valid hex (odd digit count or a non-hex character)";
      return false;
    }
    input.octets = std::move(octets);
  }
  input.kind = Input::Kind::octets;
  return true;
}

}  // namespace

std::optional<Input> load_input(const Options& options, std::string& error) {
  Input input;
  if (!options.hex.empty()) {
    input.name = "arguments";
    std::string text;
    for (const std::string& word : options.hex) (text += word) += ' ';
    if (!parse_hex(text, input.octets)) {
      error = "the arguments are not hex octets (odd digit count or a non-hex character)";
      return std::nullopt;
    }
    return input;
  }
  if (options.file.empty() || options.file == "-") {
    input.name = "standard input";
    auto octets = read_stdin(error);
    if (!octets) return std::nullopt;
    input.octets = std::move(*octets);
    if (!resolve_content(options.format, input, error)) return std::nullopt;
    return input;
  }
  input.name = options.file;
  // A capture may be large and libpcap reads it from the path itself: look at the magic number
  // only, and read the whole file only when it is hex or raw octets.
  if (options.format == Format::automatic || options.format == Format::pcap) {
    auto head = read_file(options.file, error, pcap_magic_size);
    if (!head) return std::nullopt;
    if (options.format == Format::pcap || looks_like_pcap(*head)) {
      input.kind = Input::Kind::capture_file;
      return input;
    }
  }
  auto octets = read_file(options.file, error);
  if (!octets) return std::nullopt;
  input.octets = std::move(*octets);
  if (!resolve_content(options.format, input, error)) return std::nullopt;
  return input;
}

bool looks_like_pcap(Bytes octets) {
  if (octets.size() < pcap_magic_size) return false;
  const std::uint32_t magic = (std::uint32_t{octets[0]} << 24) | (std::uint32_t{octets[1]} << 16) |
                              (std::uint32_t{octets[2]} << 8) | octets[3];
  switch (magic) {
    case 0xa1b2c3d4:  // pcap, microseconds, either byte order
    case 0xd4c3b2a1:
    case 0xa1b23c4d:  // pcap, nanoseconds, either byte order
    case 0x4d3cb2a1:
    case 0x0a0d0d0a:  // pcapng section header block (the same in both byte orders)
      return true;
    default: return false;
  }
}

bool looks_like_hex(Bytes octets) {
  ByteBuffer ignored;
  return parse_hex(as_text(octets), ignored);
}

}  // namespace piglix::decode_tool
