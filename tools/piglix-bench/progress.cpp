// The progress line.
#include "progress.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>

namespace piglix::bench_tool {

Progress make_progress() {
  Progress p;
  p.terminal = isatty(STDERR_FILENO) == 1;
  return p;
}

void show(Progress& progress, std::string_view what) {
  if (!progress.terminal || Clock::now() - progress.began < std::chrono::seconds(2)) return;
  // "\r" back to the start, "\033[K" erases what a longer previous line left.
  fmt::print(stderr, "\r{}\033[K", what);
  std::fflush(stderr);
  progress.visible = true;
}

void clear(Progress& progress) {
  if (!progress.visible) return;
  fmt::print(stderr, "\r\033[K");
  std::fflush(stderr);
  progress.visible = false;
}

}  // namespace piglix::bench_tool
