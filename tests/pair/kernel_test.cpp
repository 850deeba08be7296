// Pair scenarios for the kernel services: establishment, data, tokens, release and abort, both
// roles, every scenario replayed with each direction's byte stream cut at every offset.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>

#include "pair.hpp"
#include "piglix/spdu.hpp"
#include "scenario.hpp"

namespace piglix::pair {
namespace {

using session::State;
using ::testing::ElementsAre;
namespace fu = spdu::fu;
namespace tk = spdu::token;

TEST(PairKernel, EstablishDataAndReleaseInDuplexBothWays) {
  replay_at_every_cut([](Pair& p) {
    establish(p);
    const ByteBuffer up = pattern(100, 1), down = pattern(7, 2);
    ASSERT_TRUE(session::send_data(p.initiator().machine, up));
    ASSERT_TRUE(session::send_data(p.responder().machine, down));
    p.pump();
    auto at_responder = p.take(p.responder());
    auto at_initiator = p.take(p.initiator());
    ASSERT_THAT(describe(at_responder), ElementsAre("DataIndication(100)"));
    ASSERT_THAT(describe(at_initiator), ElementsAre("DataIndication(7)"));
    EXPECT_EQ(std::get<session::DataIndication>(at_responder[0]).data, up);
    EXPECT_EQ(std::get<session::DataIndication>(at_initiator[0]).data, down);

    ASSERT_TRUE(session::release(p.initiator().machine, pattern(3)));
    p.pump();
    EXPECT_THAT(describe(p.take(p.responder())), ElementsAre("ReleaseIndication(3)"));
    EXPECT_EQ(p.responder().machine.state, State::STA09);
    ASSERT_TRUE(session::accept_release(p.responder().machine));
    p.pump();
    EXPECT_THAT(describe(p.take(p.initiator())), ElementsAre("ReleaseConfirm+"));
    // The FN sender closes the transport; the DN sender waited for that in STA16.
    EXPECT_TRUE(p.initiator().closed_transport);
    EXPECT_FALSE(p.responder().closed_transport);
    EXPECT_EQ(p.initiator().machine.state, State::STA01);
    EXPECT_EQ(p.responder().machine.state, State::STA01);
    EXPECT_FALSE(session::timer(p.responder().machine).running);
  });
}

TEST(PairKernel, WireFormatFollowsTheMmsProfile) {
  Pair p;
  establish(p);
  ASSERT_TRUE(session::send_data(p.initiator().machine, pattern(4)));
  p.pump();
  // CN: Connect/Accept Item with Protocol Options 0 and Version 2, then duplex only.
  const ByteBuffer& cn = p.initiator().tsdus_sent.at(0);
  const ByteBuffer cn_head{0x0D, static_cast<std::uint8_t>(cn.size() - 2),
                           0x05, 0x06,
                           0x13, 0x01,
                           0x00, 0x16,
                           0x01, 0x02,
                           0x14, 0x02,
                           0x00, 0x02};
  EXPECT_EQ(ByteBuffer(cn.begin(), cn.begin() + 14), cn_head) << to_hex(cn);
  const ByteBuffer& ac = p.responder().tsdus_sent.at(0);
  EXPECT_EQ(ac.at(0), 0x0E);
  // Data: empty GT herald, DT, user information.
  EXPECT_EQ(p.initiator().tsdus_sent.at(1), (ByteBuffer{0x01, 0x00, 0x01, 0x00, 0, 1, 2, 3}));
}

TEST(PairKernel, ResponderReleasesToo) {
  replay_at_every_cut([](Pair& p) {
    establish(p);
    ASSERT_TRUE(session::release(p.responder().machine));
    p.pump();
    EXPECT_THAT(describe(p.take(p.initiator())), ElementsAre("ReleaseIndication(0)"));
    ASSERT_TRUE(session::accept_release(p.initiator().machine, pattern(2)));
    p.pump();
    EXPECT_THAT(describe(p.take(p.responder())), ElementsAre("ReleaseConfirm+"));
    EXPECT_TRUE(p.responder().closed_transport);
    EXPECT_EQ(p.initiator().machine.state, State::STA01);
    EXPECT_EQ(p.responder().machine.state, State::STA01);
  });
}

TEST(PairKernel, RefusedConnection) {
  replay_at_every_cut([](Pair& p) {
    ASSERT_TRUE(session::connect(p.initiator().machine, request()));
    p.pump();
    p.take(p.responder());
    session::RefuseResponse no;
    no.reason = spdu::refuse_reason::user_data_follows;
    no.user_data = pattern(5);
    ASSERT_TRUE(session::refuse(p.responder().machine, no));
    p.pump();
    auto events = p.take(p.initiator());
    ASSERT_THAT(describe(events), ElementsAre("ConnectConfirm-(reason 2)"));
    EXPECT_EQ(std::get<session::ConnectConfirm>(events[0]).user_data, pattern(5));
    EXPECT_TRUE(p.initiator().closed_transport);
    EXPECT_EQ(p.initiator().machine.state, State::STA01);
    EXPECT_EQ(p.responder().machine.state, State::STA01);
  });
}

TEST(PairKernel, UnsupportedVersionIsRefusedByTheProvider) {
  session::Config v1_only;
  v1_only.versions = spdu::version::v1;
  Pair p({}, v1_only);
  ASSERT_TRUE(session::connect(p.initiator().machine, request()));
  p.pump();
  EXPECT_THAT(describe(p.take(p.responder())), ElementsAre());
  EXPECT_THAT(describe(p.take(p.initiator())), ElementsAre("ConnectConfirm-(reason 132)"));
  EXPECT_EQ(p.initiator().machine.state, State::STA01);
}

TEST(PairKernel, VersionOneWhenBothSidesOfferIt) {
  session::Config both;
  both.versions = spdu::version::v1 | spdu::version::v2;
  session::Config v1_only;
  v1_only.versions = spdu::version::v1;
  Pair p(both, v1_only);
  establish(p);
  EXPECT_EQ(p.initiator().machine.session.version, 1);
  EXPECT_EQ(p.responder().machine.session.version, 1);
  // Version 1 limits user data to 512 octets.
  const ByteBuffer big = pattern(513);
  const Status s = session::release(p.initiator().machine, big);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, errc::invalid_argument);
}

TEST(PairKernel, UserAbortEitherWay) {
  for (int who = 0; who < 2; ++who) {
    replay_at_every_cut([who](Pair& p) {
      establish(p);
      Side& aborter = who == 0 ? p.initiator() : p.responder();
      Side& peer = who == 0 ? p.responder() : p.initiator();
      ASSERT_TRUE(session::abort(aborter.machine, pattern(9)));
      EXPECT_EQ(aborter.machine.state, State::STA16);
      EXPECT_TRUE(session::timer(aborter.machine).running);
      p.pump();
      auto events = p.take(peer);
      ASSERT_THAT(describe(events), ElementsAre("AbortIndication(user)"));
      EXPECT_EQ(std::get<session::AbortIndication>(events[0]).user_data, pattern(9));
      EXPECT_TRUE(peer.closed_transport);
      EXPECT_EQ(aborter.machine.state, State::STA01);
      EXPECT_EQ(peer.machine.state, State::STA01);
      EXPECT_FALSE(session::timer(aborter.machine).running);
    });
  }
}

TEST(PairKernel, AbortTimerDisconnectsWhenThePeerDoesNot) {
  Pair p;
  establish(p);
  ASSERT_TRUE(session::abort(p.initiator().machine));
  // The AB is never delivered (the peer is gone silent): TIM expires and this side disconnects.
  (void)session::poll_transport(p.initiator().machine);
  const auto t = session::timer(p.initiator().machine);
  ASSERT_TRUE(t.running);
  session::timer_expired(p.initiator().machine, t.generation - 1);  // stale: ignored
  EXPECT_EQ(p.initiator().machine.state, State::STA16);
  session::timer_expired(p.initiator().machine, t.generation);
  EXPECT_EQ(p.initiator().machine.state, State::STA01);
  auto action = session::poll_transport(p.initiator().machine);
  ASSERT_TRUE(action);
  EXPECT_EQ(action->kind, session::TransportAction::Kind::disconnect);
}

TEST(PairKernel, TransportLossIsAProviderAbort) {
  Pair p;
  establish(p);
  session::transport_disconnected(p.responder().machine);
  EXPECT_THAT(describe(p.take(p.responder())), ElementsAre("AbortIndication(transport_lost)"));
  EXPECT_EQ(p.responder().machine.state, State::STA01);
}

TEST(PairKernel, HalfDuplexDataTokenGivenOnRequest) {
  replay_at_every_cut([](Pair& p) {
    establish(p, fu::half_duplex);
    session::Connection& a = p.initiator().machine;
    session::Connection& b = p.responder().machine;
    EXPECT_EQ(a.session.owned, tk::data);  // initiator side by default
    EXPECT_EQ(b.session.owned, 0);
    const Status refused = session::send_data(b, pattern(3));
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, errc::request_not_allowed);
    EXPECT_NE(refused.error().detail.find("does not hold the data token"), std::string::npos)
        << refused.error().detail;
    EXPECT_TRUE(b.transport_out.empty());

    ASSERT_TRUE(session::send_data(a, pattern(3)));
    ASSERT_TRUE(session::please_tokens(b, tk::data, pattern(2)));
    p.pump();
    EXPECT_THAT(describe(p.take(p.responder())), ElementsAre("DataIndication(3)"));
    EXPECT_THAT(describe(p.take(p.initiator())), ElementsAre("TokenPleaseIndication(0x01)"));
    ASSERT_TRUE(session::give_tokens(a, tk::data));
    p.pump();
    EXPECT_THAT(describe(p.take(p.responder())), ElementsAre("TokenGiveIndication(0x01)"));
    EXPECT_EQ(a.session.owned, 0);
    EXPECT_EQ(b.session.owned, tk::data);
    EXPECT_FALSE(session::send_data(a, pattern(1)));
    ASSERT_TRUE(session::send_data(b, pattern(5)));
    p.pump();
    EXPECT_THAT(describe(p.take(p.initiator())), ElementsAre("DataIndication(5)"));
  });
}

TEST(PairKernel, TokenSettingPlacesTheDataTokenWithTheAcceptor) {
  Pair p;
  session::ConnectRequest r = request(fu::half_duplex);
  r.token_setting = session::token_setting(tk::data, session::TokenSide::acceptor_chooses);
  ASSERT_TRUE(session::connect(p.initiator().machine, r));
  p.pump();
  p.take(p.responder());
  session::AcceptResponse yes = response(fu::half_duplex);
  yes.token_setting = session::token_setting(tk::data, session::TokenSide::acceptor);
  ASSERT_TRUE(session::accept(p.responder().machine, yes));
  p.pump();
  auto events = p.take(p.initiator());
  ASSERT_THAT(describe(events), ElementsAre("ConnectConfirm+(30)"));
  EXPECT_EQ(std::get<session::ConnectConfirm>(events[0]).tokens_owned, 0);
  EXPECT_EQ(p.responder().machine.session.owned, tk::data);
}

TEST(PairKernel, AcceptWithTokenItemAlsoPleasesTokens) {
  Pair p;
  ASSERT_TRUE(session::connect(p.initiator().machine, request(fu::half_duplex)));
  p.pump();
  p.take(p.responder());
  session::AcceptResponse yes = response(fu::half_duplex);
  yes.please_tokens = tk::data;
  ASSERT_TRUE(session::accept(p.responder().machine, yes));
  p.pump();
  EXPECT_THAT(describe(p.take(p.initiator())),
              ElementsAre("ConnectConfirm+(30)", "TokenPleaseIndication(0x01)"));
}

TEST(PairKernel, ExpeditedAndTypedData) {
  replay_at_every_cut([](Pair& p) {
    establish(p, fu::half_duplex | fu::expedited_data | fu::typed_data);
    // Typed data needs no token: the side without the data token sends it.
    ASSERT_TRUE(session::send_typed_data(p.responder().machine, pattern(20)));
    ASSERT_TRUE(session::send_expedited_data(p.responder().machine, pattern(14)));
    p.pump();
    EXPECT_THAT(describe(p.take(p.initiator())),
                ElementsAre("TypedDataIndication(20)", "ExpeditedDataIndication(14)"));
  });
  Pair p;
  establish(p, fu::duplex);
  EXPECT_FALSE(session::send_typed_data(p.initiator().machine, pattern(2)));  // not selected
  Pair q;
  establish(q, fu::duplex | fu::expedited_data);
  const Status too_long = session::send_expedited_data(q.initiator().machine, pattern(15));
  ASSERT_FALSE(too_long);
  EXPECT_EQ(too_long.error().code, errc::invalid_argument);
}

TEST(PairKernel, NegotiatedReleaseRefused) {
  replay_at_every_cut([](Pair& p) {
    establish(p, fu::half_duplex | fu::negotiated_release);
    session::Connection& a = p.initiator().machine;
    EXPECT_EQ(a.session.owned, tk::data | tk::release);
    ASSERT_TRUE(session::release(a));
    p.pump();
    EXPECT_THAT(describe(p.take(p.responder())), ElementsAre("ReleaseIndication(0)"));
    ASSERT_TRUE(session::refuse_release(p.responder().machine, pattern(4)));
    p.pump();
    EXPECT_THAT(describe(p.take(p.initiator())), ElementsAre("ReleaseConfirm-"));
    EXPECT_EQ(a.state, State::STA713);
    EXPECT_EQ(p.responder().machine.state, State::STA713);
  });
}

TEST(PairKernel, RefusingAReleaseNeedsNegotiatedRelease) {
  Pair p;
  establish(p);
  ASSERT_TRUE(session::release(p.initiator().machine));
  p.pump();
  const Status s = session::refuse_release(p.responder().machine);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, errc::request_not_allowed);
  EXPECT_EQ(p.responder().machine.state, State::STA09);
}

TEST(PairKernel, ReleaseCollisionInDuplex) {
  replay_at_every_cut([](Pair& p) {
    establish(p);
    ASSERT_TRUE(session::release(p.initiator().machine));
    ASSERT_TRUE(session::release(p.responder().machine));
    p.pump();
    EXPECT_THAT(describe(p.take(p.initiator())), ElementsAre("ReleaseIndication(0)"));
    EXPECT_THAT(describe(p.take(p.responder())), ElementsAre("ReleaseIndication(0)"));
    // The transport acceptor may not answer first (p75) ...
    EXPECT_FALSE(session::accept_release(p.responder().machine));
    // ... the transport initiator does, and waits for the other DN in STA03.
    ASSERT_TRUE(session::accept_release(p.initiator().machine));
    p.pump();
    EXPECT_EQ(p.initiator().machine.state, State::STA03);
    EXPECT_THAT(describe(p.take(p.responder())), ElementsAre("ReleaseConfirm+"));
    ASSERT_TRUE(session::accept_release(p.responder().machine));
    p.pump();
    EXPECT_THAT(describe(p.take(p.initiator())), ElementsAre("ReleaseConfirm+"));
    EXPECT_EQ(p.initiator().machine.state, State::STA01);
    EXPECT_EQ(p.responder().machine.state, State::STA01);
  });
}

TEST(PairKernel, TransportReusedForASecondSession) {
  session::Config reuse;
  reuse.reuse_transport_on_release = true;
  replay_at_every_cut(
      [](Pair& p) {
        establish(p);
        ASSERT_TRUE(session::release(p.initiator().machine));
        p.pump();
        p.take(p.responder());
        ASSERT_TRUE(session::accept_release(p.responder().machine));
        p.pump();
        EXPECT_THAT(describe(p.take(p.initiator())), ElementsAre("ReleaseConfirm+"));
        EXPECT_EQ(p.initiator().machine.state, State::STA01C);
        EXPECT_EQ(p.responder().machine.state, State::STA01C);
        EXPECT_FALSE(p.initiator().closed_transport);
        // A new session on the same transport connection.
        ASSERT_TRUE(session::connect(p.initiator().machine, request()));
        p.pump();
        EXPECT_THAT(describe(p.take(p.responder())), ElementsAre("ConnectIndication(40)"));
        ASSERT_TRUE(session::accept(p.responder().machine, response()));
        p.pump();
        EXPECT_THAT(describe(p.take(p.initiator())), ElementsAre("ConnectConfirm+(30)"));
        EXPECT_EQ(p.initiator().machine.state, State::STA713);
      },
      reuse, {});
}

TEST(PairKernel, SegmentedDataWithATsduMaximumSize) {
  replay_at_every_cut(
      [](Pair& p) {
        establish(p);
        EXPECT_EQ(p.initiator().machine.session.max_send_tsdu, 256);
        const ByteBuffer big = pattern(3000, 9);
        ASSERT_TRUE(session::send_data(p.initiator().machine, big));
        p.pump();
        auto events = p.take(p.responder());
        ASSERT_THAT(describe(events), ElementsAre("DataIndication(3000)"));
        EXPECT_EQ(std::get<session::DataIndication>(events[0]).data, big);
        for (const ByteBuffer& tsdu : p.initiator().tsdus_sent) EXPECT_LE(tsdu.size(), 256u);
        EXPECT_GT(p.initiator().tsdus_sent.size(), 12u);
      },
      config_with(256), config_with(256));
}

// The later segments of a PT carry no Token Item; the receiver takes the tokens from the first.
TEST(PairKernel, SegmentedPleaseTokensNamesTheTokensOnce) {
  replay_at_every_cut(
      [](Pair& p) {
        establish(p, fu::half_duplex);
        const ByteBuffer data = pattern(700, 5);
        ASSERT_TRUE(session::please_tokens(p.responder().machine, tk::data, data));
        p.pump();
        auto events = p.take(p.initiator());
        ASSERT_THAT(describe(events), ElementsAre("TokenPleaseIndication(0x01)"));
        EXPECT_EQ(std::get<session::TokenPleaseIndication>(events[0]).user_data, data);
        EXPECT_GT(p.responder().tsdus_sent.size(), 2u);
        for (const ByteBuffer& tsdu : p.responder().tsdus_sent) EXPECT_LE(tsdu.size(), 256u);
      },
      config_with(256), config_with(256));
}

TEST(PairKernel, ReassemblyBeyondTheLimitAborts) {
  session::Config small = config_with(256);
  small.max_ssdu_size = 1000;
  Pair p(config_with(256), small);
  establish(p);
  ASSERT_TRUE(session::send_data(p.initiator().machine, pattern(5000)));
  p.pump();
  EXPECT_THAT(describe(p.take(p.responder())), ElementsAre("AbortIndication(protocol_error)"));
  auto events = p.take(p.initiator());
  ASSERT_THAT(describe(events), ElementsAre("AbortIndication(peer_provider)"));
  // Version 2: the AB says "implementation restriction", not "protocol error".
  EXPECT_EQ(std::get<session::AbortIndication>(events[0]).transport_disconnect,
            spdu::transport_disconnect::released |
                spdu::transport_disconnect::implementation_restriction);
}

TEST(PairKernel, ConnectDataOverflowsIntoCdoSpdus) {
  replay_at_every_cut([](Pair& p) {
    const ByteBuffer big = pattern(10500, 5);
    ASSERT_TRUE(session::connect(p.initiator().machine, request(fu::duplex, big)));
    p.pump();
    auto events = p.take(p.responder());
    ASSERT_THAT(describe(events), ElementsAre("ConnectIndication(10500)"));
    EXPECT_EQ(std::get<session::ConnectIndication>(events[0]).user_data, big);
    ASSERT_TRUE(session::accept(p.responder().machine, response()));
    p.pump();
    EXPECT_THAT(describe(p.take(p.initiator())), ElementsAre("ConnectConfirm+(30)"));
  });
}

TEST(PairKernel, ConnectDataOverSeveralCdos) {
  Pair p;
  const ByteBuffer big = pattern(140000, 3);
  ASSERT_TRUE(session::connect(p.initiator().machine, request(fu::duplex, big)));
  p.pump();
  auto events = p.take(p.responder());
  ASSERT_THAT(describe(events), ElementsAre("ConnectIndication(140000)"));
  EXPECT_EQ(std::get<session::ConnectIndication>(events[0]).user_data, big);
  EXPECT_EQ(p.initiator().tsdus_sent.size(), 3u);  // CN (10 240) + CDOs of 65 000 and 64 760
}

TEST(PairKernel, ConnectDataBeyondTheAcceptorsLimitIsDisconnected) {
  session::Config small;
  small.max_ssdu_size = 12000;
  Pair p({}, small);
  ASSERT_TRUE(session::connect(p.initiator().machine, request(fu::duplex, pattern(20000))));
  p.pump();
  // No session exists yet at the acceptor (STA01D): it drops the transport connection.
  EXPECT_THAT(describe(p.take(p.responder())), ElementsAre());
  EXPECT_TRUE(p.responder().closed_transport);
  EXPECT_THAT(describe(p.take(p.initiator())), ElementsAre("AbortIndication(transport_lost)"));
}

TEST(PairKernel, ExtendedConnectUserDataInOneCn) {
  Pair p;
  ASSERT_TRUE(session::connect(p.initiator().machine, request(fu::duplex, pattern(10240))));
  p.pump();
  EXPECT_THAT(describe(p.take(p.responder())), ElementsAre("ConnectIndication(10240)"));
  EXPECT_EQ(p.initiator().tsdus_sent.size(), 1u);
}

TEST(PairKernel, PeerProtocolErrorAbortsBothSides) {
  Pair p;
  establish(p, fu::half_duplex);
  // The responder does not hold the data token, so a DT from it is a protocol error.
  session::receive(p.initiator().machine, ByteBuffer{0x01, 0x00, 0x01, 0x00, 0xAA});
  auto events = p.take(p.initiator());
  ASSERT_THAT(describe(events), ElementsAre("AbortIndication(protocol_error)"));
  EXPECT_NE(std::get<session::AbortIndication>(events[0]).error->detail.find("STA713"),
            std::string::npos);
  EXPECT_EQ(p.initiator().machine.state, State::STA16);
  p.pump();
  EXPECT_THAT(describe(p.take(p.responder())), ElementsAre("AbortIndication(peer_provider)"));
  EXPECT_EQ(p.initiator().machine.state, State::STA01);
}

TEST(PairKernel, RefusedRequestsChangeNothing) {
  Pair p;
  session::Connection& a = p.initiator().machine;
  const Status s = session::send_data(a, pattern(2));
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, errc::request_not_allowed);
  EXPECT_EQ(s.error().detail, "SDTreq is not allowed in state STA01");
  EXPECT_EQ(a.state, State::STA01);
  EXPECT_TRUE(a.transport_out.empty());
  EXPECT_FALSE(session::give_tokens(a, 0x02));  // not a token
}

}  // namespace
}  // namespace piglix::pair
