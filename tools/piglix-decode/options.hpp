// What piglix-decode was asked to do, as parsed from the command line by main.cpp.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "piglix/spdu/codec.hpp"

namespace piglix::decode_tool {

// Exit statuses, documented in the README: scripts tell bad input from bad invocation.
inline constexpr int exit_ok = 0;
inline constexpr int exit_malformed = 1;
inline constexpr int exit_usage = 2;

enum class Format { automatic, hex, raw, pcap };
enum class Layer { tpkt, tpdu, tsdu };

struct Options {
  std::vector<std::string> hex;  // octets given as arguments, joined before parsing
  std::string file;              // empty: standard input (also "-")
  Format format = Format::automatic;
  Layer layer = Layer::tpkt;
  std::uint16_t port = 102;
  bool json = false;
  spdu::DecodeOptions session;
};

// Reads the input, decodes it and prints the result; returns the exit status.
int run(const Options& options);

}  // namespace piglix::decode_tool
