// The two ways piglix-peer runs: as an initiator (connect) and as a server (listen).
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "exit_status.hpp"
#include "printer.hpp"
#include "settings.hpp"

namespace piglix::peer {

enum class ListenMode : std::uint8_t { echo, sink, script };

struct RunOptions {
  std::string script;  // path, "-" = standard input, empty = none
  ListenMode mode = ListenMode::echo;
  std::size_t sessions = 0;          // listen: exit after this many (0 = never)
  std::optional<int> refuse_reason;  // listen: refuse every session with it
};

ExitStatus run_connect(Settings settings, const RunOptions& run, const Printer& printer);
ExitStatus run_listener(Settings settings, const RunOptions& run, const Printer& printer);

}  // namespace piglix::peer
