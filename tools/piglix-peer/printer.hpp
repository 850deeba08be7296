// piglix-peer's output: every primitive in and out, the decoded TPDUs and SPDUs with -v, notes
// and errors; as readable lines or, with --json, one JSON object per line. Lines are flushed as
// they are written, so a pipe or a second terminal sees the dialogue as it happens.
#pragma once

#include <chrono>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "piglix/describe.hpp"
#include "primitives.hpp"

namespace piglix::peer {

struct Printer {
  bool json = false;
  bool verbose = false;  // also the TPDUs and SPDUs
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
  std::FILE* out = stdout;
};

// A session user's request or response: direction "out" (">" in text).
void print_request(const Printer& p, std::string_view session, std::string_view primitive,
                   const std::vector<Field>& fields);
// An indication or confirm: direction "in" ("<").
void print_event(const Printer& p, std::string_view session, const session::Event& event);
// One decoded TPKT, sent or received (only with verbose).
void print_pdu(const Printer& p, std::string_view session, bool sent, const describe::Node& tpkt);
// Octets the decoder could not read (a peer's garbage): shown, never fatal to the trace.
void print_undecodable(const Printer& p, std::string_view session, bool sent, std::string_view why);
void print_note(const Printer& p, std::string_view session, std::string_view text);
void print_error(const Printer& p, std::string_view session, std::string_view text);
// The last line: how the run ended and the exit status it gives.
void print_end(const Printer& p, std::string_view outcome, int exit_status);

}  // namespace piglix::peer
