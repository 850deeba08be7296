// piglix-decode: prints TPKTs, TPDUs and SPDUs as trees with offsets and meanings.
//
// This file only turns the command line into Options (decode.cpp does the rest). Exit status:
// 0 decoded, 1 malformed input, 2 usage error.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <exception>
#include <map>
#include <string>
#include <vector>

#include "options.hpp"
#include "output.hpp"

namespace {

using piglix::decode_tool::Format;
using piglix::decode_tool::Layer;

// Parsed as strings with CLI::IsMember, which keeps --help readable ("{auto,hex,raw,pcap}").
const std::map<std::string, Format> formats{{"auto", Format::automatic},
                                            {"hex", Format::hex},
                                            {"raw", Format::raw},
                                            {"pcap", Format::pcap}};
const std::map<std::string, Layer> layers{
    {"tpkt", Layer::tpkt}, {"tpdu", Layer::tpdu}, {"tsdu", Layer::tsdu}};

std::vector<std::string> names(const auto& choices) {
  std::vector<std::string> out;
  for (const auto& [name, value] : choices) out.push_back(name);
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  namespace tool = piglix::decode_tool;
  tool::Options options;
  CLI::App app{
      "Decode RFC 1006 TPKTs, X.224 class 0 TPDUs and X.225 SPDUs into trees with offsets.\n"
      "Input: hex octets as arguments, or --file, or standard input; a file or standard input\n"
      "may hold hex text, raw octets or a pcap/pcapng capture.",
      "piglix-decode"};
  app.add_option("hex", options.hex, "Octets in hex, e.g. 03 00 00 07 02 f0 80 (joined)");
  auto* file = app.add_option("-f,--file", options.file, "Read this file ('-': standard input)");
  std::string format = "auto", layer = "tpkt";
  app.add_option("--format", format,
                 "What the file or standard input holds (auto: pcap/pcapng by magic number, else "
                 "hex if it parses as hex, else raw)")
      ->check(CLI::IsMember(names(formats)))
      ->capture_default_str();
  app.add_option("--layer", layer,
                 "What the octets are: a TPKT stream, one TPDU, or one TSDU (SPDUs only)")
      ->check(CLI::IsMember(names(layers)))
      ->capture_default_str();
  app.add_option("--port", options.port,
                 "Captures: the TCP port (source or destination) of the RFC 1006 traffic")
      ->check(CLI::Range(1, 65535))
      ->capture_default_str();
  app.add_flag("--json", options.json,
               "One JSON object per line: per TPKT (with \"direction\" and \"frame\" for a "
               "capture), per TPDU, or per SPDU");
  app.add_flag("--activity-management,!--no-activity-management",
               options.session.activity_management,
               "Activity management may be in use (default): SI 41 without a Sync Type Item is "
               "ACTIVITY END, not MAJOR SYNC POINT");
  app.add_flag("--aea", options.session.major_ack_is_activity_end,
               "Read SI 42 as ACTIVITY END ACK instead of MAJOR SYNC ACK");
  app.get_option("hex")->excludes(file);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // app.exit prints help (status 0) or the parse error; every parse error is a usage error.
    return app.exit(e) == 0 ? tool::exit_ok : tool::exit_usage;
  }
  options.format = formats.at(format);
  options.layer = layers.at(layer);
  if (options.hex.empty() && options.file.empty() && isatty(STDIN_FILENO) == 1) {
    // Nothing would ever arrive: say what is expected instead of waiting on the terminal.
    tool::report(
        "no input: give hex octets as arguments, --file PATH, or pipe into standard input "
        "(--help for more)");
    return tool::exit_usage;
  }
  if (!options.hex.empty() && options.format != Format::automatic &&
      options.format != Format::hex) {
    tool::report("--format applies to --file and standard input; arguments are always hex");
    return tool::exit_usage;
  }
  try {
    return tool::run(options);
  } catch (const std::exception& e) {
    // Only resource exhaustion can get here (the library does not throw for bad input).
    tool::report(std::string("cannot continue: ") + e.what());
    return tool::exit_usage;
  }
}
