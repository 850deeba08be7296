// Scenario helpers shared by the pair tests: a standard connect/accept, and the replay of a
// scenario with each direction's byte stream cut at every offset.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "pair.hpp"
#include "piglix/session/connection.hpp"

namespace piglix::pair {

session::Config config_with(std::uint16_t max_receive_tsdu = 0);

// An S-CONNECT request / accept response with selectors 0x0001 and recognisable user data (40 and
// 30 octets by default).
session::ConnectRequest request(std::uint16_t units = spdu::fu::duplex,
                                ByteBuffer data = pattern(40));
session::AcceptResponse response(std::uint16_t units = spdu::fu::duplex,
                                 ByteBuffer data = pattern(30));

// Connects with `units` (and the CN's Token Setting Item `token_setting`) and accepts them;
// both sides end in STA713 with their connect events taken.
void establish(Pair& p, std::uint16_t units = spdu::fu::duplex, std::uint8_t token_setting = 0);

// What a scenario leaves behind, compared between the uncut run and every cut run.
struct Transcript {
  std::vector<std::string> initiator_events, responder_events;
  session::State initiator_state, responder_state;
  std::uint64_t to_initiator = 0, to_responder = 0;
  bool operator==(const Transcript&) const = default;
};

using Scenario = std::function<void(Pair&)>;

// Runs `scenario` once (cut_side -1) or with the stream to the initiator (0) or responder (1)
// cut at `offset`.
Transcript play(const Scenario& scenario, session::Config a, session::Config b, int cut_side,
                std::uint64_t offset);

// Runs `scenario` once, then again with each direction's stream cut at every offset; every run
// must see the same events and end in the same states.
void replay_at_every_cut(const Scenario& scenario, const session::Config& a = {},
                         const session::Config& b = {});

}  // namespace piglix::pair
