#include "scenario.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace piglix::pair {

using ::testing::ElementsAre;

session::Config config_with(std::uint16_t max_receive_tsdu) {
  session::Config c;
  c.max_receive_tsdu = max_receive_tsdu;
  return c;
}

session::ConnectRequest request(std::uint16_t units, ByteBuffer data) {
  session::ConnectRequest r;
  r.calling_selector = ByteBuffer{0x00, 0x01};
  r.called_selector = ByteBuffer{0x00, 0x01};
  r.functional_units = units;
  r.user_data = std::move(data);
  return r;
}

session::AcceptResponse response(std::uint16_t units, ByteBuffer data) {
  session::AcceptResponse r;
  r.responding_selector = ByteBuffer{0x00, 0x01};
  r.functional_units = units;
  r.user_data = std::move(data);
  return r;
}

void establish(Pair& p, std::uint16_t units, std::uint8_t token_setting) {
  session::ConnectRequest req = request(units);
  req.token_setting = token_setting;
  ASSERT_TRUE(session::connect(p.initiator().machine, std::move(req)));
  p.pump();
  ASSERT_THAT(describe(p.take(p.responder())), ElementsAre("ConnectIndication(40)"));
  ASSERT_TRUE(session::accept(p.responder().machine, response(units)));
  p.pump();
  ASSERT_THAT(describe(p.take(p.initiator())), ElementsAre("ConnectConfirm+(30)"));
  ASSERT_EQ(p.initiator().machine.state, session::State::STA713);
  ASSERT_EQ(p.responder().machine.state, session::State::STA713);
}

Transcript play(const Scenario& scenario, session::Config a, session::Config b, int cut_side,
                std::uint64_t offset) {
  Pair p(std::move(a), std::move(b));
  if (cut_side == 0) p.cut(p.initiator(), offset);
  if (cut_side == 1) p.cut(p.responder(), offset);
  scenario(p);
  p.take(p.initiator());
  p.take(p.responder());
  EXPECT_EQ(p.initiator().wire_error, "");
  EXPECT_EQ(p.responder().wire_error, "");
  return {describe(p.initiator().events), describe(p.responder().events),
          p.initiator().machine.state,    p.responder().machine.state,
          p.octets_to(p.initiator()),     p.octets_to(p.responder())};
}

void replay_at_every_cut(const Scenario& scenario, const session::Config& a,
                         const session::Config& b) {
  const Transcript whole = play(scenario, a, b, -1, 0);
  for (int side = 0; side < 2; ++side) {
    const std::uint64_t total = side == 0 ? whole.to_initiator : whole.to_responder;
    for (std::uint64_t offset = 1; offset < total; ++offset) {
      const Transcript cut = play(scenario, a, b, side, offset);
      ASSERT_EQ(cut, whole) << "stream to the " << (side == 0 ? "initiator" : "responder")
                            << " cut at offset " << offset;
    }
  }
}

}  // namespace piglix::pair
