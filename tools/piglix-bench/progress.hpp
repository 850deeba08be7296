// The progress line on stderr: one line rewritten in place, shown only on a terminal and only
// once the run has lasted two seconds, so short runs and redirected output stay clean.
#pragma once

#include <string_view>

#include "bench.hpp"

namespace piglix::bench_tool {

struct Progress {
  Clock::time_point began = Clock::now();
  bool terminal = false;
  bool visible = false;  // a line is on the screen
};

Progress make_progress();
void show(Progress& progress, std::string_view what);
// Removes the line (before anything else is printed to the terminal).
void clear(Progress& progress);

}  // namespace piglix::bench_tool
