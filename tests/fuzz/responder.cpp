// Fuzz target: a responder (acceptor) in every scenario state, fed the input as the initiator's
// octets (the input format is in connection_fuzz.hpp).
#include <cstddef>
#include <cstdint>

#include "connection_fuzz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  piglix::fuzz::run_connection(piglix::fuzz::Role::responder, data, size);
  return 0;
}
