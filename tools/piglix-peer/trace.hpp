// piglix-peer -v: decodes the octets the binding traces (net::Options::trace) into TPKTs, TPDUs
// and SPDUs with the piglix-decode printer, and prints them.
#pragma once

#include "piglix/net/options.hpp"
#include "printer.hpp"

namespace piglix::peer {

// Sets options.trace to a decoder per direction of each connection. Octets it cannot decode are
// shown once with the reason; that direction's trace then stops (the stack has answered the
// peer by then, and the primitives still show what happened).
void install_trace(net::Options& options, const Printer& printer);

}  // namespace piglix::peer
