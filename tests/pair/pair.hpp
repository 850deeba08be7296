// Two session::Connections wired together in memory (ARCHITECTURE.md, tests/pair).
//
// Each TSDU a side sends travels as real wire octets: RFC 1006 TPKTs holding X.224 class 0 DT
// TPDUs (EOT on the last), cut into DTs of at most `tpdu_payload` octets. The receiving side
// frames them with tpkt::Framer, decodes each DT and hands a complete TSDU to session::receive().
// A scenario can cut each direction's byte stream at a chosen offset, so a test replays it with
// the cut at every offset. Timers run on a fake clock: nothing expires unless a test says so.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "piglix/bytes.hpp"
#include "piglix/session/connection.hpp"
#include "piglix/tpkt.hpp"

namespace piglix::pair {

struct Side {
  explicit Side(session::Config config) : machine(session::make_connection(std::move(config))) {}

  session::Connection machine;
  std::vector<session::Event> events;  // everything polled, in order
  std::vector<ByteBuffer> tsdus_sent;  // every TSDU this side sent, in order
  bool transport_open = false;         // this side has a transport connection
  bool closed_transport = false;       // this side issued T-DISCONNECT

  // Wire state of the direction towards this side.
  tpkt::Framer framer;
  ByteBuffer tsdu;             // a TSDU being collected from DTs without EOT
  std::uint64_t received = 0;  // octets of the incoming stream delivered so far
  std::string wire_error;      // the incoming stream could not be framed (a harness failure)
};

class Pair {
 public:
  explicit Pair(session::Config initiator = {}, session::Config responder = {});

  Side& initiator() { return a_; }
  Side& responder() { return b_; }

  // Cut the incoming byte stream of `side` at `offset`: the octets around it are delivered in
  // two separate reads. Default: no cut.
  void cut(Side& side, std::uint64_t offset) { cut_[&side == &a_ ? 0 : 1] = offset; }
  // Largest DT TPDU payload; TSDUs above it span several DTs.
  std::size_t tpdu_payload = 8189;

  // Moves outputs across until neither side has anything left to do.
  void pump();

  // Fires each side's TIM if it is running (the fake clock has run past it), then pumps.
  void expire_timers();

  // Events of `side` not yet taken by take(), oldest first.
  std::vector<session::Event> take(Side& side);

  // Total octets that crossed each way.
  std::uint64_t octets_to(const Side& side) const { return side.received; }

 private:
  Side& other(Side& s) { return &s == &a_ ? b_ : a_; }
  bool drain(Side& from);
  void deliver(Side& to, Bytes octets);
  void frame(Side& to, Bytes octets);

  Side a_;
  Side b_;
  std::uint64_t cut_[2] = {UINT64_MAX, UINT64_MAX};
  std::size_t taken_[2] = {0, 0};
};

// A short label of an event for failure messages and ordered expectations: "DataIndication(5)",
// "ConnectConfirm+", "AbortIndication(protocol_error)".
std::string describe(const session::Event& e);
std::vector<std::string> describe(const std::vector<session::Event>& events);

// Octets 0, 1, 2, ... of the given size: recognisable data.
ByteBuffer pattern(std::size_t size, std::uint8_t seed = 0);

}  // namespace piglix::pair
