// piglix-decode: prints TPKTs, TPDUs and SPDUs as trees with offsets and meanings.
//
// All decoding is piglix::describe; this file only reads input, picks the layer and prints.
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "capture.hpp"
#include "input.hpp"
#include "piglix/describe.hpp"

namespace piglix::decode_tool {
namespace {

constexpr int exit_ok = 0, exit_malformed = 1, exit_usage = 2;

struct Options {
  std::vector<std::string> hex;
  std::string file;
  std::string format = "auto";
  std::string layer = "tpkt";
  std::uint16_t port = 102;
  bool json = false;
  bool no_activity_management = false;
  bool activity_end_ack = false;
};

void print_nodes(const std::vector<describe::Node>& nodes, bool json, const std::string& prefix) {
  for (const describe::Node& node : nodes) {
    if (json) {
      std::string line = describe::render_json(node);
      if (!prefix.empty()) line.insert(1, prefix);
      std::fputs((line + "\n").c_str(), stdout);
    } else {
      std::fputs(describe::render_text(node).c_str(), stdout);
    }
  }
}

// The message for malformed input, with the octets around the offset and a caret under it.
void report(const Error& error, Bytes input) {
  std::fprintf(stderr, "piglix-decode: %s\n", error.message().c_str());
  if (input.empty() || error.offset > input.size()) return;
  const std::size_t at = std::min(error.offset, input.size() - 1);
  const std::size_t from = at >= 8 ? at - 8 : 0;
  const std::size_t to = std::min(input.size(), from + 16);
  const std::string hex = to_hex(input.subspan(from, to - from));
  const std::string prefix = fmt::format("  {:>6}  ", from);
  std::fprintf(stderr, "%s%s\n%*s^\n", prefix.c_str(), hex.c_str(),
               static_cast<int>(prefix.size() + (at - from) * 3), "");
}

int decode_octets(const Options& options, Bytes octets, const spdu::DecodeOptions& session) {
  if (options.layer == "tpdu") {
    auto node = describe::tpdu(octets);
    if (!node) return report(node.error(), octets), exit_malformed;
    print_nodes({*node}, options.json, {});
    return exit_ok;
  }
  if (options.layer == "tsdu") {
    auto nodes = describe::tsdu(octets, 0, session);
    if (!nodes) return report(nodes.error(), octets), exit_malformed;
    print_nodes(*nodes, options.json, {});
    return exit_ok;
  }
  describe::Stream stream({}, session);
  std::vector<describe::Node> nodes;
  const Status status = stream.feed(octets, nodes);
  print_nodes(nodes, options.json, {});
  if (!status) return report(status.error(), octets), exit_malformed;
  if (!stream.at_boundary()) {
    std::fprintf(stderr, "piglix-decode: input ends inside a TPKT or a TSDU (after %zu octets)\n",
                 octets.size());
    return exit_malformed;
  }
  return exit_ok;
}

int decode_capture(const Options& options, const spdu::DecodeOptions& session) {
  std::map<std::size_t, describe::Stream> streams;
  int result = exit_ok;
  CaptureSink sink;
  sink.data = [&](const Flow& flow, std::uint64_t frame, Bytes octets) {
    auto [it, inserted] = streams.try_emplace(flow.index, tpkt::FramerLimits{}, session);
    if (inserted && !options.json) std::printf("== %s\n", flow.name.c_str());
    std::vector<describe::Node> nodes;
    const Status status = it->second.feed(octets, nodes);
    if (options.json) {
      print_nodes(nodes, true, fmt::format("\"direction\":\"{}\",\"frame\":{},", flow.name, frame));
    } else {
      for (const auto& node : nodes) {
        std::printf("-- frame %llu, %s\n", static_cast<unsigned long long>(frame),
                    flow.name.c_str());
        std::fputs(describe::render_text(node).c_str(), stdout);
      }
    }
    if (!status) {
      std::fprintf(stderr, "piglix-decode: %s (frame %llu): %s\n", flow.name.c_str(),
                   static_cast<unsigned long long>(frame), status.error().message().c_str());
      result = exit_malformed;
      return false;
    }
    return true;
  };
  sink.end = [&](const Flow& flow) {
    auto it = streams.find(flow.index);
    if (it != streams.end() && !it->second.at_boundary()) {
      std::fprintf(stderr, "piglix-decode: %s ends inside a TPKT or a TSDU\n", flow.name.c_str());
      result = exit_malformed;
      return false;
    }
    return true;
  };
  std::string error;
  if (!read_capture(options.file, options.port, sink, error) && !error.empty()) {
    std::fprintf(stderr, "piglix-decode: %s\n", error.c_str());
    return result == exit_ok ? exit_usage : result;
  }
  return result;
}

int run(const Options& options) {
  const spdu::DecodeOptions session{.extended_concatenation = false,
                                    .activity_management = !options.no_activity_management,
                                    .major_ack_is_activity_end = options.activity_end_ack};
  ByteBuffer octets;
  if (!options.hex.empty()) {
    std::string text;
    for (const auto& word : options.hex) text += word + " ";
    if (!parse_hex(text, octets)) {
      std::fprintf(stderr, "piglix-decode: the arguments are not hex octets\n");
      return exit_usage;
    }
    return decode_octets(options, octets, session);
  }
  const std::string path = options.file.empty() ? "-" : options.file;
  if (options.format == "pcap" || (options.format == "auto" && path != "-")) {
    std::string error;
    auto head = read_all(path, error);
    if (!head) {
      std::fprintf(stderr, "piglix-decode: %s\n", error.c_str());
      return exit_usage;
    }
    if (options.format == "pcap" || looks_like_pcap(*head)) return decode_capture(options, session);
    octets = std::move(*head);
  } else {
    std::string error;
    auto all = read_all(path, error);
    if (!all) {
      std::fprintf(stderr, "piglix-decode: %s\n", error.c_str());
      return exit_usage;
    }
    octets = std::move(*all);
  }
  const bool hex = options.format == "hex" || (options.format == "auto" && looks_like_hex(octets));
  if (hex) {
    const std::string text(octets.begin(), octets.end());
    if (!parse_hex(text, octets)) {
      std::fprintf(stderr, "piglix-decode: %s is not valid hex\n", path.c_str());
      return exit_usage;
    }
  }
  return decode_octets(options, octets, session);
}

}  // namespace
}  // namespace piglix::decode_tool

int main(int argc, char** argv) {
  using piglix::decode_tool::Options;
  Options options;
  CLI::App app{
      "Decode RFC 1006 TPKTs, X.224 class 0 TPDUs and X.225 SPDUs into a tree with offsets.\n"
      "Input: hex octets as arguments, or --file (hex text, raw octets or a pcap/pcapng "
      "capture), or standard input."};
  app.add_option("hex", options.hex, "Octets in hex, e.g. 03 00 00 07 02 f0 80");
  app.add_option("-f,--file", options.file, "Read this file ('-' for standard input)");
  app.add_option("--format", options.format, "What the file holds")
      ->check(CLI::IsMember({"auto", "hex", "raw", "pcap"}));
  app.add_option("--layer", options.layer,
                 "What the octets are: a TPKT stream, one TPDU, or one TSDU (session SPDUs)")
      ->check(CLI::IsMember({"tpkt", "tpdu", "tsdu"}));
  app.add_option("--port", options.port, "TCP port of the RFC 1006 traffic in a capture")
      ->capture_default_str();
  app.add_flag("--json", options.json, "One JSON object per TPKT (per SPDU with --layer tsdu)");
  app.add_flag("--no-activity-management", options.no_activity_management,
               "Read SI 41 without a Sync Type Item as MAJOR SYNC POINT, not ACTIVITY END");
  app.add_flag("--aea", options.activity_end_ack,
               "Read SI 42 as ACTIVITY END ACK instead of MAJOR SYNC ACK");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  return piglix::decode_tool::run(options);
}
