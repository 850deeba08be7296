#include "trace.hpp"

#include <memory>

namespace piglix::peer {
namespace {

struct Direction {
  describe::Stream stream{};
  bool failed = false;
};

// Held by value in the trace function, so every connection's copy decodes on its own.
struct Decoders {
  const Printer* printer;
  Direction sent, received;

  void operator()(std::string_view connection, net::Direction way, Bytes octets) {
    const bool is_sent = way == net::Direction::sent;
    Direction& d = is_sent ? sent : received;
    if (d.failed) return;
    std::vector<describe::Node> nodes;
    const Status s = d.stream.feed(octets, nodes);
    for (const auto& node : nodes) print_pdu(*printer, connection, is_sent, node);
    if (!s) {
      d.failed = true;
      print_undecodable(*printer, connection, is_sent, s.error().message());
    }
  }
};

}  // namespace

void install_trace(net::Options& options, const Printer& printer) {
  options.trace = Decoders{&printer, Direction{}, Direction{}};
}

}  // namespace piglix::peer
