// The one way a fuzz target reports a broken invariant: print what broke and abort, which
// libFuzzer records as a crash (and saves the input) and the replay main turns into a failed test.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace piglix::fuzz {

// Not assert(): the checks must hold in every build type, NDEBUG included.
inline void check(bool holds, std::string_view what) {
  if (holds) return;
  std::fprintf(stderr, "fuzz check failed: %.*s\n", static_cast<int>(what.size()), what.data());
  std::abort();
}

}  // namespace piglix::fuzz
