#include "output.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>

namespace piglix::decode_tool {
namespace {

constexpr std::uint64_t excerpt_octets = 16;

// JSON string contents. Direction names are addresses and ports only, but escaping keeps the
// output valid whatever ends up in them.
std::string json_escaped(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

Excerpt make_excerpt(Bytes octets, std::uint64_t first_offset, std::uint64_t at) {
  const std::uint64_t end = first_offset + octets.size();
  if (octets.empty() || at < first_offset || at > end) return {};
  // Half the window before the octet; near the end of the input, more of what came before.
  const std::uint64_t half = excerpt_octets / 2;
  std::uint64_t from = at - first_offset >= half ? at - half : first_offset;
  const std::uint64_t to = std::min(end, from + excerpt_octets);
  from = std::max(first_offset, to >= excerpt_octets ? to - excerpt_octets : 0);
  const auto begin = static_cast<std::size_t>(from - first_offset);
  const Bytes window = octets.subspan(begin, static_cast<std::size_t>(to - from));
  return Excerpt{from, ByteBuffer(window.begin(), window.end())};
}

void print_node(const describe::Node& node, bool json) {
  if (json) {
    fmt::print("{}\n", describe::render_json(node));
  } else {
    fmt::print("{}", describe::render_text(node));
  }
}

void print_capture_node(std::string_view direction, std::uint64_t frame, const describe::Node& node,
                        bool json) {
  if (json) {
    // render_json gives "{...}": the capture's members go in front of the node's own.
    const std::string object = describe::render_json(node);
    fmt::print("{{\"direction\":\"{}\",\"frame\":{},{}\n", json_escaped(direction), frame,
               std::string_view(object).substr(1));
  } else {
    fmt::print("-- frame {}, {}\n{}", frame, direction, describe::render_text(node));
  }
}

void print_direction_header(std::string_view direction, bool json) {
  if (!json) fmt::print("== {}\n", direction);
}

void report(std::string_view message) {
  std::fflush(stdout);  // the trees printed so far come before the message in a shared terminal
  fmt::print(stderr, "piglix-decode: {}\n", message);
}

void report(std::string_view context, const Error& error, const Excerpt& excerpt) {
  report(fmt::format("{}{}", context, error.message()));
  if (excerpt.octets.empty()) return;
  const std::string prefix = fmt::format("  {:>6}  ", excerpt.first_offset);
  const auto column = prefix.size() + (error.offset - excerpt.first_offset) * 3;
  fmt::print(stderr, "{}{}\n{:>{}}\n", prefix, to_hex(excerpt.octets), '^', column + 1);
}

}  // namespace piglix::decode_tool
