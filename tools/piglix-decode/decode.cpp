// piglix-decode's work once the options are known: read the input, describe it, print it.
// All decoding is piglix::describe; this file only routes octets to it and reports the outcome.
#include <fmt/format.h>

#include <map>
#include <string>
#include <vector>

#include "input.hpp"
#include "options.hpp"
#include "output.hpp"
#include "pcap_reader.hpp"
#include "stream_decoder.hpp"
#include "tcp_reassembly.hpp"

namespace piglix::decode_tool {
namespace {

// Errors inside a TSDU reassembled from several DT TPDUs count offsets from the TSDU's first
// octet; those octets are not contiguous in the stream, so no excerpt is shown for them.
Excerpt stream_excerpt(const StreamDecoder& decoder, const Error& error) {
  if (decoder.failed_in_reassembled_tsdu()) return {};
  return decoder.excerpt(error.offset);
}

int decode_tpkt_stream(Bytes octets, const Options& options) {
  StreamDecoder decoder(options.session);
  std::vector<describe::Node> nodes;
  const Status status = decoder.feed(octets, nodes);
  for (const describe::Node& node : nodes) print_node(node, options.json);
  if (!status) {
    report("", status.error(), stream_excerpt(decoder, status.error()));
    return exit_malformed;
  }
  if (!decoder.at_boundary()) {
    report(fmt::format("input ends {}", decoder.unfinished()));
    return exit_malformed;
  }
  return exit_ok;
}

int decode_octets(Bytes octets, const Options& options) {
  switch (options.layer) {
    case Layer::tpkt: return decode_tpkt_stream(octets, options);
    case Layer::tpdu: {
      const auto node = describe::tpdu(octets);
      if (!node) {
        report("", node.error(), make_excerpt(octets, 0, node.error().offset));
        return exit_malformed;
      }
      print_node(*node, options.json);
      return exit_ok;
    }
    case Layer::tsdu: {
      const auto nodes = describe::tsdu(octets, 0, options.session);
      if (!nodes) {
        report("", nodes.error(), make_excerpt(octets, 0, nodes.error().offset));
        return exit_malformed;
      }
      for (const describe::Node& node : *nodes) print_node(node, options.json);
      return exit_ok;
    }
  }
  return exit_usage;
}

// Every TCP direction on the port, reassembled, each with its own describe::Stream. A direction
// that fails stops being decoded; the others go on, and the exit status says something failed.
class CaptureDecoder {
 public:
  explicit CaptureDecoder(const Options& options) : options_(options) {}

  int run(const Input& capture) {
    std::size_t segments = 0;
    Reassembler reassembler(ReassemblyEvents{
        [this](const Flow& flow, std::uint64_t frame) { begin(flow, frame); },
        [this](const Flow& flow, std::uint64_t frame, Bytes octets) { data(flow, frame, octets); },
        [this](const Flow& flow, const FlowEnd& how) { end(flow, how); }});
    const auto error = read_tcp_segments(capture, options_.port,
                                         [&](std::uint64_t frame, const TcpSegment& segment) {
                                           ++segments;
                                           reassembler.add(frame, segment);
                                         });
    if (error && error->unreadable) {
      report(error->message);
      return exit_usage;
    }
    reassembler.finish();  // also after a damaged record: what was read is still reported
    if (error) {
      report(error->message);
      result_ = exit_malformed;
    }
    if (segments == 0) {
      report(fmt::format("note: no TCP segment on port {} in {}", options_.port, capture.name));
    }
    return result_;
  }

 private:
  struct Direction {
    StreamDecoder decoder;
    bool failed = false;
  };

  void begin(const Flow& flow, std::uint64_t) {
    directions_.insert_or_assign(flow.index, Direction{StreamDecoder(options_.session)});
    print_direction_header(flow.name, options_.json);
  }

  void data(const Flow& flow, std::uint64_t frame, Bytes octets) {
    Direction& d = directions_.at(flow.index);
    if (d.failed) return;
    std::vector<describe::Node> nodes;
    const Status status = d.decoder.feed(octets, nodes);
    for (const describe::Node& node : nodes) {
      print_capture_node(flow.name, frame, node, options_.json);
    }
    if (!status) {
      report(fmt::format("{}, frame {}: ", flow.name, frame), status.error(),
             stream_excerpt(d.decoder, status.error()));
      fail(d);
    }
  }

  void end(const Flow& flow, const FlowEnd& how) {
    Direction& d = directions_.at(flow.index);
    if (d.failed) return;
    if (how.cause == FlowEnd::Cause::overflow) {
      report(
          fmt::format("{}, frame {}: more than {} octets held behind a gap at stream offset {}; "
                      "the rest of this direction is not decoded",
                      flow.name, how.frame, ReassemblyLimits{}.max_held_octets, how.stream_offset));
      return fail(d);
    }
    const std::string cause =
        how.cause == FlowEnd::Cause::fin   ? fmt::format("FIN, frame {}", how.frame)
        : how.cause == FlowEnd::Cause::rst ? fmt::format("RST, frame {}", how.frame)
                                           : "end of the capture";
    if (how.missing_octets != 0) {
      report(
          fmt::format("{} ({}): {} octets at stream offset {} were never captured; the {} "
                      "octets after them are not decoded",
                      flow.name, cause, how.missing_octets, how.stream_offset, how.dropped_octets));
      return fail(d);
    }
    if (!d.decoder.at_boundary()) {
      report(fmt::format("{} ({}): stream ends {}", flow.name, cause, d.decoder.unfinished()));
      fail(d);
    }
  }

  void fail(Direction& d) {
    d.failed = true;
    result_ = exit_malformed;
  }

  const Options& options_;
  std::map<std::size_t, Direction> directions_;  // by Flow::index
  int result_ = exit_ok;
};

}  // namespace

int run(const Options& options) {
  if (options.format == Format::pcap && options.layer != Layer::tpkt) {
    report("a capture holds TPKT streams: --format pcap needs --layer tpkt");
    return exit_usage;
  }
  std::string error;
  const auto input = load_input(options, error);
  if (!input) {
    report(error);
    return exit_usage;
  }
  if (input->kind != Input::Kind::octets) {
    if (options.layer != Layer::tpkt) {
      report(
          fmt::format("{} is a capture, which holds TPKT streams: use --layer tpkt", input->name));
      return exit_usage;
    }
    return CaptureDecoder(options).run(*input);
  }
  if (input->octets.empty()) {
    report(fmt::format("no octets to decode in {}", input->name));
    return exit_usage;
  }
  return decode_octets(input->octets, options);
}

}  // namespace piglix::decode_tool
