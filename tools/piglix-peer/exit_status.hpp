// piglix-peer's exit statuses: what a script or a CI job tests to know how a dialogue ended.
#pragma once

#include <string_view>

namespace piglix::peer {

enum class ExitStatus : int {
  ok = 0,                  // every command done, every expectation met, the session ended cleanly
  error = 1,               // a local failure: a request the session refused, a file, a socket
  usage = 2,               // bad command line or script syntax (nothing was sent)
  refused = 3,             // the peer refused the session or the transport connection
  aborted = 4,             // the session was aborted (by the peer, its provider or the network)
  timed_out = 5,           // connection set-up or an expectation took too long
  expectation_failed = 6,  // an `expect` line saw another primitive or other values
};

constexpr std::string_view outcome_name(ExitStatus s) {
  switch (s) {
    case ExitStatus::ok: return "ok";
    case ExitStatus::error: return "error";
    case ExitStatus::usage: return "usage";
    case ExitStatus::refused: return "refused";
    case ExitStatus::aborted: return "aborted";
    case ExitStatus::timed_out: return "timed out";
    case ExitStatus::expectation_failed: return "expectation failed";
  }
  return "?";
}

// Of two outcomes (of several sessions), the one to report: the first failure wins over ok.
constexpr ExitStatus worse(ExitStatus a, ExitStatus b) { return a == ExitStatus::ok ? b : a; }

}  // namespace piglix::peer
