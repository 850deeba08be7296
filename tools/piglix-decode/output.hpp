// Printing described trees and error messages. Everything piglix-decode writes goes through here.
#pragma once

#include <cstdint>
#include <string_view>

#include "piglix/bytes.hpp"
#include "piglix/describe.hpp"
#include "piglix/error.hpp"

namespace piglix::decode_tool {

// Octets of the input around an error's offset.
struct Excerpt {
  std::uint64_t first_offset = 0;  // input offset of octets[0]
  ByteBuffer octets;
};

// Up to 16 octets of `octets` (which start at input offset `first_offset`) around `at`, or an
// empty excerpt when `at` is not among them (one past the end is: a truncation points there).
Excerpt make_excerpt(Bytes octets, std::uint64_t first_offset, std::uint64_t at);

// One top-level node: an indented tree, or one JSON object on one line.
void print_node(const describe::Node& node, bool json);

// A TPKT of a capture. Text: a "-- frame N, <direction>" line, then the tree. JSON: the node's
// object with "direction" and "frame" members first.
void print_capture_node(std::string_view direction, std::uint64_t frame, const describe::Node& node,
                        bool json);

// "== <direction>" when a TCP direction first appears (text output only).
void print_direction_header(std::string_view direction, bool json);

// "piglix-decode: <message>" on stderr.
void report(std::string_view message);

// "piglix-decode: <context><error message>", then the excerpt as a hex line with a caret under
// the octet at the error's offset.
void report(std::string_view context, const Error& error, const Excerpt& excerpt);

}  // namespace piglix::decode_tool
