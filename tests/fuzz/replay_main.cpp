// The main of a fuzz target when it is not built with -fsanitize=fuzzer: runs every file named on
// the command line, and every file in every directory named, through LLVMFuzzerTestOneInput once.
// This is how the corpora and the regression inputs run under g++ in ctest. A crash or a failed
// check aborts, so the test fails; an unreadable path is an error too (exit status 1).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <system_error>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

namespace fs = std::filesystem;

bool run_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "replay: cannot read %s\n", path.c_str());
    return false;
  }
  const std::vector<char> octets{std::istreambuf_iterator<char>(in),
                                 std::istreambuf_iterator<char>()};
  // A copy of exactly `size` octets, as libFuzzer passes it, so ASan sees any read past the end.
  std::vector<std::uint8_t> input(octets.begin(), octets.end());
  std::uint8_t* data = input.empty() ? nullptr : input.data();
  LLVMFuzzerTestOneInput(data, input.size());
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t ran = 0;
  bool ok = true;
  for (int i = 1; i < argc; ++i) {
    const fs::path arg = argv[i];
    std::error_code ec;
    if (fs::is_directory(arg, ec)) {
      // Sorted, so that a failure names the same file on every run.
      std::vector<fs::path> files;
      for (const auto& entry : fs::directory_iterator(arg, ec)) {
        if (entry.is_regular_file()) files.push_back(entry.path());
      }
      std::sort(files.begin(), files.end());
      for (const auto& file : files) {
        std::printf("replay: %s\n", file.c_str());
        std::fflush(stdout);  // the last name printed is the input that crashed
        ok = run_file(file) && ok;
        ++ran;
      }
    } else if (fs::is_regular_file(arg, ec)) {
      ok = run_file(arg) && ok;
      ++ran;
    } else {
      std::fprintf(stderr, "replay: %s is neither a file nor a directory\n", argv[i]);
      ok = false;
    }
  }
  std::printf("replay: %zu inputs ran\n", ran);
  return ok ? 0 : 1;
}
