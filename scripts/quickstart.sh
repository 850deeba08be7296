#!/usr/bin/env bash
# The two quick-start commands of the README:
#   scripts/quickstart.sh demo   install what is missing, build, run the loopback demo (extra
#                                arguments such as -v go to both piglix-peer processes)
#   scripts/quickstart.sh test   install what is missing, build, run every test (plain build and
#                                ASan + UBSan build), then run each fuzz target for a minute
#                                (clang libFuzzer build with ASan + UBSan)
# Packages come from Debian only; nothing is downloaded at configure time. tshark (with dumpcap,
# from wireshark-common) is for the wireshark.agreement test; under DEBIAN_FRONTEND=noninteractive
# wireshark-common's question whether non-root users may capture takes its default, no.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(cmake ninja-build g++ pkg-config libfmt-dev libcli11-dev libasio-dev libgtest-dev
          libgmock-dev libbenchmark-dev libpcap-dev tshark clang libclang-rt-14-dev)

install_missing() {
  local missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  ((${#missing[@]} == 0)) && return
  echo "quickstart: installing ${missing[*]}"
  local sudo=()
  [[ $(id -u) -ne 0 ]] && sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
    "${missing[@]}"
}

# build DIR [cmake options...]: configure once, then build incrementally.
build() {
  local dir=$1
  shift
  [[ -f $dir/build.ninja ]] || cmake -S . -B "$dir" -G Ninja "$@"
  cmake --build "$dir" --parallel "$(nproc)"
}

jobs=$(nproc)
case "${1:-}" in
  demo)
    install_missing
    build build
    # Two piglix-peer processes on loopback run a scripted dialogue (scripts/demo.sh says what).
    exec scripts/demo.sh build/tools/piglix-peer/piglix-peer "${@:2}"
    ;;
  test)
    install_missing
    build build
    ctest --test-dir build --output-on-failure --parallel "$jobs"
    build build-asan -DPIGLIX_SANITIZE=ON -DPIGLIX_BUILD_BENCH=OFF -DCMAKE_BUILD_TYPE=Debug
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
      ctest --test-dir build-asan --output-on-failure --parallel "$jobs"
    # The fuzz targets under libFuzzer (tests/fuzz): only the core library and the targets are
    # built; each fuzz.run.* test fuzzes for PIGLIX_FUZZ_SECONDS (60) and fails on any crash.
    CXX=clang++ build build-fuzz -DPIGLIX_FUZZ=ON -DPIGLIX_SANITIZE=ON -DPIGLIX_BUILD_TOOLS=OFF \
      -DPIGLIX_BUILD_BENCH=OFF -DPIGLIX_BUILD_EXAMPLES=OFF
    ctest --test-dir build-fuzz -L fuzz --output-on-failure --parallel "$jobs"
    ;;
  *)
    echo "usage: $0 demo|test" >&2
    exit 2
    ;;
esac
