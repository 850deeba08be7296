// Pair scenarios for the dialogue units: minor and major synchronization, resynchronization (each
// type, the collisions, the data it discards), activities, capability data, give control and
// exception reports. Each runs in both roles (the initiator acting, then the responder, which gets
// the tokens at connection time) and is replayed with each direction's stream cut at every
// offset.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>

#include "pair.hpp"
#include "piglix/spdu.hpp"
#include "scenario.hpp"

namespace piglix::pair {
namespace {

using session::State;
using session::TokenSide;
using ::testing::ElementsAre;
namespace fu = spdu::fu;
namespace tk = spdu::token;

using Body = std::function<void(Pair&, Side& actor, Side& peer)>;

// Runs `body` with the initiator acting, then with the responder acting; the actor holds every
// token at the start (the CN places them on its side).
void in_both_roles(std::uint16_t units, const Body& body) {
  for (const bool responder_acts : {false, true}) {
    SCOPED_TRACE(responder_acts ? "the responder acts" : "the initiator acts");
    const std::uint8_t setting =
        responder_acts ? session::token_setting(tk::all, TokenSide::acceptor) : 0;
    replay_at_every_cut([&](Pair& p) {
      establish(p, units, setting);
      Side& actor = responder_acts ? p.responder() : p.initiator();
      Side& peer = responder_acts ? p.initiator() : p.responder();
      body(p, actor, peer);
    });
  }
}

// Both sides agree on the serial numbers, the activity and where each token is.
void expect_agreement(const Side& a, const Side& b) {
  const session::Connection& x = a.machine;
  const session::Connection& y = b.machine;
  EXPECT_EQ(x.vars.vm, y.vars.vm);
  EXPECT_EQ(x.vars.va, y.vars.va);
  EXPECT_EQ(x.vars.vr, y.vars.vr);
  EXPECT_EQ(x.vars.vact, y.vars.vact);
  EXPECT_EQ(x.session.owned & y.session.owned, 0) << "a token on both sides";
  EXPECT_EQ(x.session.owned | y.session.owned, x.session.available) << "a token on no side";
}

// The request was refused by the table (the state or the tokens do not allow it).
template <class T>
void refused(const Result<T>& r) {
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, errc::request_not_allowed) << r.error().detail;
}

template <class T>
const T& only(const std::vector<session::Event>& events) {
  EXPECT_EQ(events.size(), 1u) << ::testing::PrintToString(describe(events));
  return std::get<T>(events.at(0));
}

constexpr std::uint16_t hd = fu::half_duplex;

TEST(PairDialogue, MinorSyncWithAndWithoutConfirmation) {
  in_both_roles(hd | fu::minor_synchronize, [](Pair& p, Side& actor, Side& peer) {
    ASSERT_TRUE(session::send_data(actor.machine, pattern(10)));
    Result<std::uint64_t> first = session::sync_minor(actor.machine, true, pattern(3));
    Result<std::uint64_t> second = session::sync_minor(actor.machine, false);
    ASSERT_TRUE(first && second);
    EXPECT_EQ(*first, 0u);
    EXPECT_EQ(*second, 1u);
    // The peer holds no minor sync token.
    refused(session::sync_minor(peer.machine));
    p.pump();
    auto events = p.take(peer);
    ASSERT_THAT(describe(events), ElementsAre("DataIndication(10)", "SyncMinorIndication(0)",
                                              "SyncMinorIndication(1, no confirm)"));
    EXPECT_EQ(std::get<session::SyncMinorIndication>(events[1]).user_data, pattern(3));
    // One confirmation covers every sync point up to it.
    ASSERT_TRUE(session::acknowledge_sync_minor(peer.machine, 1, pattern(2)));
    refused(session::acknowledge_sync_minor(peer.machine, 1));
    p.pump();
    const auto cnf = only<session::SyncMinorConfirm>(p.take(actor));
    EXPECT_EQ(cnf.serial_number, 1u);
    EXPECT_EQ(cnf.user_data, pattern(2));
    expect_agreement(actor, peer);
    EXPECT_EQ(actor.machine.vars.va, 2u);
  });
}

TEST(PairDialogue, MajorSyncHoldsTheDialogueUntilAcknowledged) {
  in_both_roles(hd | fu::minor_synchronize | fu::major_synchronize,
                [](Pair& p, Side& actor, Side& peer) {
                  ASSERT_TRUE(session::sync_minor(actor.machine));
                  Result<std::uint64_t> major = session::sync_major(actor.machine, pattern(4));
                  ASSERT_TRUE(major);
                  EXPECT_EQ(*major, 1u);
                  EXPECT_EQ(actor.machine.state, State::STA04A);
                  refused(session::send_data(actor.machine, pattern(1)));
                  p.pump();
                  EXPECT_THAT(describe(p.take(peer)),
                              ElementsAre("SyncMinorIndication(0)", "SyncMajorIndication(1)"));
                  EXPECT_EQ(peer.machine.state, State::STA10A);
                  ASSERT_TRUE(session::acknowledge_sync_major(peer.machine, pattern(2)));
                  p.pump();
                  const auto cnf = only<session::SyncMajorConfirm>(p.take(actor));
                  EXPECT_EQ(cnf.serial_number, 1u);
                  EXPECT_EQ(cnf.user_data, pattern(2));
                  EXPECT_EQ(actor.machine.state, State::STA713);
                  EXPECT_EQ(peer.machine.state, State::STA713);
                  expect_agreement(actor, peer);
                  // A major sync point is also where restart may go back to: V(R) = V(M).
                  EXPECT_EQ(actor.machine.vars.vr, 2u);
                });
}

struct ResyncCase {
  session::ResyncType type;
  std::uint64_t serial;    // requested (restart, set)
  std::uint64_t expected;  // the serial number both continue from
  const char* indication;
};

TEST(PairDialogue, ResynchronizeEachTypeMovesTokensAndSerialNumbers) {
  const ResyncCase cases[] = {
      {session::ResyncType::restart, 1, 1, "ResyncIndication(restart 1)"},
      {session::ResyncType::abandon, 0, 2, "ResyncIndication(abandon 2)"},
      {session::ResyncType::set, 42, 42, "ResyncIndication(set 42)"},
  };
  for (const ResyncCase& rc : cases) {
    SCOPED_TRACE(rc.indication);
    in_both_roles(
        hd | fu::minor_synchronize | fu::resynchronize, [&](Pair& p, Side& actor, Side& peer) {
          ASSERT_TRUE(session::sync_minor(actor.machine));
          ASSERT_TRUE(session::sync_minor(actor.machine));
          session::ResyncRequest rq;
          rq.type = rc.type;
          rq.serial_number = rc.serial;
          // The data token goes to the peer; the minor token is the peer's choice.
          rq.token_setting = session::token_setting(tk::data, TokenSide::acceptor) |
                             session::token_setting(tk::minor_sync, TokenSide::acceptor_chooses);
          rq.user_data = pattern(6);
          ASSERT_TRUE(session::resynchronize(actor.machine, rq));
          EXPECT_EQ(actor.machine.state, State::STA05A);
          p.pump();
          auto events = p.take(peer);
          ASSERT_THAT(describe(events), ElementsAre("SyncMinorIndication(0)",
                                                    "SyncMinorIndication(1)", rc.indication));
          EXPECT_EQ(std::get<session::ResyncIndication>(events[2]).user_data, pattern(6));
          session::ResyncResponse rsp;
          rsp.token_setting = session::token_setting(tk::minor_sync, TokenSide::acceptor);
          ASSERT_TRUE(session::acknowledge_resynchronize(peer.machine, rsp));
          p.pump();
          const auto cnf = only<session::ResyncConfirm>(p.take(actor));
          EXPECT_EQ(cnf.serial_number, rc.expected);
          EXPECT_EQ(cnf.tokens_owned, 0) << "both tokens went to the peer";
          EXPECT_EQ(peer.machine.session.owned, tk::data | tk::minor_sync);
          EXPECT_EQ(actor.machine.state, State::STA713);
          EXPECT_EQ(peer.machine.state, State::STA713);
          expect_agreement(actor, peer);
          EXPECT_EQ(actor.machine.vars.vm, rc.expected);
          // The peer now holds the data token and talks.
          ASSERT_TRUE(session::send_data(peer.machine, pattern(5)));
          p.pump();
          EXPECT_THAT(describe(p.take(actor)), ElementsAre("DataIndication(5)"));
        });
  }
}

TEST(PairDialogue, RestartBeyondTheLastMajorSyncIsRefused) {
  Pair p;
  establish(p, hd | fu::minor_synchronize | fu::major_synchronize | fu::resynchronize);
  Side& a = p.initiator();
  ASSERT_TRUE(session::sync_major(a.machine));
  p.pump();
  ASSERT_TRUE(session::acknowledge_sync_major(p.responder().machine));
  p.pump();
  ASSERT_EQ(a.machine.vars.vr, 1u);
  session::ResyncRequest rq;
  rq.type = session::ResyncType::restart;
  rq.serial_number = 0;  // before V(R): the major sync point cannot be crossed back
  const State before = a.machine.state;
  refused(session::resynchronize(a.machine, rq));
  EXPECT_EQ(a.machine.state, before);
  rq.serial_number = 2;  // beyond V(M)
  refused(session::resynchronize(a.machine, rq));
  rq.serial_number = 1;
  EXPECT_TRUE(session::resynchronize(a.machine, rq));
}

TEST(PairDialogue, ResynchronizeDiscardsDataInFlight) {
  in_both_roles(fu::duplex | fu::minor_synchronize | fu::resynchronize,
                [](Pair& p, Side& actor, Side& peer) {
                  // The peer's data crosses the actor's RS: the actor discards it.
                  ASSERT_TRUE(session::send_data(peer.machine, pattern(300, 1)));
                  session::ResyncRequest rq;  // abandon
                  ASSERT_TRUE(session::resynchronize(actor.machine, rq));
                  p.pump();
                  EXPECT_THAT(describe(p.take(actor)), ElementsAre());
                  EXPECT_THAT(describe(p.take(peer)), ElementsAre("ResyncIndication(abandon 0)"));
                  ASSERT_TRUE(session::acknowledge_resynchronize(peer.machine, {}));
                  // After the response the peer's data flows again.
                  ASSERT_TRUE(session::send_data(peer.machine, pattern(7, 2)));
                  p.pump();
                  auto events = p.take(actor);
                  ASSERT_THAT(describe(events),
                              ElementsAre("ResyncConfirm(0, tokens 0x04)", "DataIndication(7)"));
                  EXPECT_EQ(std::get<session::DataIndication>(events[1]).data, pattern(7, 2));
                  expect_agreement(actor, peer);
                });
}

struct Collision {
  session::ResyncRequest initiator, responder;
  bool initiator_wins;
  const char* loser_indication;
  const char* winner_confirm;  // the minor sync token stays with the winner (setting 0)
};

session::ResyncRequest resync(session::ResyncType type, std::uint64_t serial = 0) {
  session::ResyncRequest r;
  r.type = type;
  r.serial_number = serial;
  return r;
}

TEST(PairDialogue, ResyncCollisionsAreWonAsDecided) {
  using T = session::ResyncType;
  const Collision cases[] = {
      // abandon beats set, whoever sends it
      {resync(T::abandon), resync(T::set, 7), true, "ResyncIndication(abandon 2)",
       "ResyncConfirm(2, tokens 0x04)"},
      {resync(T::set, 7), resync(T::abandon), false, "ResyncIndication(abandon 2)",
       "ResyncConfirm(2, tokens 0x04)"},
      // the same type: the session initiator wins
      {resync(T::set, 7), resync(T::set, 9), true, "ResyncIndication(set 7)",
       "ResyncConfirm(7, tokens 0x04)"},
      // two restarts: the lower serial number wins
      {resync(T::restart, 2), resync(T::restart, 1), false, "ResyncIndication(restart 1)",
       "ResyncConfirm(1, tokens 0x04)"},
      {resync(T::restart, 1), resync(T::restart, 2), true, "ResyncIndication(restart 1)",
       "ResyncConfirm(1, tokens 0x04)"},
  };
  for (const Collision& k : cases) {
    SCOPED_TRACE(k.loser_indication);
    replay_at_every_cut([&](Pair& p) {
      establish(p, fu::duplex | fu::minor_synchronize | fu::resynchronize);
      ASSERT_TRUE(session::sync_minor(p.initiator().machine, false));
      ASSERT_TRUE(session::sync_minor(p.initiator().machine, false));
      p.pump();
      p.take(p.responder());
      ASSERT_TRUE(session::resynchronize(p.initiator().machine, k.initiator));
      ASSERT_TRUE(session::resynchronize(p.responder().machine, k.responder));
      p.pump();
      Side& winner = k.initiator_wins ? p.initiator() : p.responder();
      Side& loser = k.initiator_wins ? p.responder() : p.initiator();
      EXPECT_THAT(describe(p.take(winner)), ElementsAre());
      EXPECT_THAT(describe(p.take(loser)), ElementsAre(k.loser_indication));
      EXPECT_EQ(winner.machine.state, State::STA05A);
      EXPECT_EQ(loser.machine.state, State::STA11A);
      ASSERT_TRUE(session::acknowledge_resynchronize(loser.machine, {}));
      p.pump();
      EXPECT_THAT(describe(p.take(winner)), ElementsAre(k.winner_confirm));
      EXPECT_EQ(winner.machine.state, State::STA713);
      EXPECT_EQ(loser.machine.state, State::STA713);
      expect_agreement(winner, loser);
    });
  }
}

TEST(PairDialogue, ActivityLifecycle) {
  const std::uint16_t units = hd | fu::minor_synchronize | fu::activity_management;
  in_both_roles(units, [](Pair& p, Side& actor, Side& peer) {
    const ByteBuffer id{'A', '1'};
    ASSERT_TRUE(session::start_activity(actor.machine, id, pattern(3)));
    ASSERT_TRUE(session::send_data(actor.machine, pattern(20)));
    ASSERT_TRUE(session::sync_minor(actor.machine, false));
    p.pump();
    auto events = p.take(peer);
    ASSERT_THAT(describe(events), ElementsAre("ActivityStartIndication(2)", "DataIndication(20)",
                                              "SyncMinorIndication(1, no confirm)"));
    EXPECT_EQ(std::get<session::ActivityStartIndication>(events[0]).activity_id, id);
    EXPECT_TRUE(peer.machine.vars.vact);
    expect_agreement(actor, peer);

    // End it: AE carries the next serial number, AEA acknowledges it.
    Result<std::uint64_t> end = session::end_activity(actor.machine, pattern(1));
    ASSERT_TRUE(end);
    EXPECT_EQ(*end, 2u);
    p.pump();
    EXPECT_THAT(describe(p.take(peer)), ElementsAre("ActivityEndIndication(2)"));
    EXPECT_EQ(peer.machine.state, State::STA10B);
    ASSERT_TRUE(session::acknowledge_activity_end(peer.machine));
    p.pump();
    EXPECT_THAT(describe(p.take(actor)), ElementsAre("ActivityEndConfirm(2)"));
    EXPECT_FALSE(actor.machine.vars.vact);
    expect_agreement(actor, peer);

    // Start another, interrupt it: the interrupter gets every token back.
    ASSERT_TRUE(session::start_activity(actor.machine, ByteBuffer{'B'}));
    ASSERT_TRUE(session::give_tokens(actor.machine, tk::data));
    p.pump();
    p.take(peer);
    ASSERT_TRUE(
        session::interrupt_activity(actor.machine, spdu::exception_reason::temporarily_unable));
    p.pump();
    EXPECT_THAT(describe(p.take(peer)), ElementsAre("ActivityInterruptIndication(1)"));
    ASSERT_TRUE(session::acknowledge_activity_interrupt(peer.machine));
    p.pump();
    EXPECT_THAT(describe(p.take(actor)), ElementsAre("ActivityInterruptConfirm"));
    EXPECT_EQ(actor.machine.session.owned, actor.machine.session.available);
    expect_agreement(actor, peer);

    // Resume it after sync point 1, then discard it.
    session::ActivityResumeRequest resume;
    resume.activity_id = ByteBuffer{'C'};
    resume.old_activity_id = ByteBuffer{'B'};
    resume.serial_number = 1;
    resume.old_connection.common_reference = ByteBuffer{'r', 'e', 'f'};
    ASSERT_TRUE(session::resume_activity(actor.machine, resume));
    p.pump();
    events = p.take(peer);
    ASSERT_THAT(describe(events), ElementsAre("ActivityResumeIndication(1)"));
    const auto& resumed = std::get<session::ActivityResumeIndication>(events[0]);
    EXPECT_EQ(resumed.activity_id, ByteBuffer{'C'});
    EXPECT_EQ(resumed.old_activity_id, ByteBuffer{'B'});
    EXPECT_EQ(resumed.old_connection.common_reference, (ByteBuffer{'r', 'e', 'f'}));
    EXPECT_EQ(peer.machine.vars.vm, 2u);
    expect_agreement(actor, peer);
    ASSERT_TRUE(session::discard_activity(actor.machine, spdu::exception_reason::local_user_error));
    p.pump();
    EXPECT_THAT(describe(p.take(peer)), ElementsAre("ActivityDiscardIndication(5)"));
    ASSERT_TRUE(session::acknowledge_activity_discard(peer.machine, pattern(2)));
    p.pump();
    EXPECT_THAT(describe(p.take(actor)), ElementsAre("ActivityDiscardConfirm"));
    EXPECT_FALSE(peer.machine.vars.vact);
    expect_agreement(actor, peer);
  });
}

TEST(PairDialogue, CapabilityDataOutsideActivities) {
  const std::uint16_t units = hd | fu::activity_management | fu::capability_data;
  in_both_roles(units, [](Pair& p, Side& actor, Side& peer) {
    ASSERT_TRUE(session::send_capability_data(actor.machine, pattern(5)));
    EXPECT_EQ(actor.machine.state, State::STA21);
    p.pump();
    auto events = p.take(peer);
    ASSERT_THAT(describe(events), ElementsAre("CapabilityDataIndication"));
    EXPECT_EQ(std::get<session::CapabilityDataIndication>(events[0]).data, pattern(5));
    ASSERT_TRUE(session::acknowledge_capability_data(peer.machine, pattern(4)));
    p.pump();
    events = p.take(actor);
    ASSERT_THAT(describe(events), ElementsAre("CapabilityDataConfirm"));
    EXPECT_EQ(std::get<session::CapabilityDataConfirm>(events[0]).data, pattern(4));
    // Inside an activity capability data is not allowed.
    ASSERT_TRUE(session::start_activity(actor.machine, ByteBuffer{1}));
    refused(session::send_capability_data(actor.machine, pattern(1)));
    p.pump();
    expect_agreement(actor, peer);
  });
}

TEST(PairDialogue, GiveControlHandsOverEveryToken) {
  const std::uint16_t units = hd | fu::activity_management | fu::negotiated_release;
  in_both_roles(units, [](Pair& p, Side& actor, Side& peer) {
    ASSERT_TRUE(session::give_control(actor.machine));
    EXPECT_EQ(actor.machine.state, State::STA18);
    refused(session::give_control(actor.machine));
    p.pump();
    EXPECT_THAT(describe(p.take(peer)), ElementsAre("ControlGiveIndication"));
    EXPECT_EQ(actor.machine.state, State::STA713);
    EXPECT_EQ(actor.machine.session.owned, 0);
    EXPECT_EQ(peer.machine.session.owned, tk::data | tk::major_activity | tk::release);
    expect_agreement(actor, peer);
  });
}

TEST(PairDialogue, ExceptionReportWaitsForTheDataToken) {
  in_both_roles(hd | fu::exceptions, [](Pair& p, Side& actor, Side& peer) {
    // The side without the data token reports.
    refused(session::report_exception(actor.machine, 0));
    ASSERT_TRUE(session::report_exception(peer.machine, spdu::exception_reason::user_sequence_error,
                                          pattern(2)));
    EXPECT_EQ(peer.machine.state, State::STA19);
    p.pump();
    auto events = p.take(actor);
    ASSERT_THAT(describe(events), ElementsAre("UserExceptionIndication(3)"));
    EXPECT_EQ(std::get<session::UserExceptionIndication>(events[0]).user_data, pattern(2));
    EXPECT_EQ(actor.machine.state, State::STA20);
    refused(session::send_data(actor.machine, pattern(1)));
    // Recovery: the data token goes to the reporter.
    ASSERT_TRUE(session::give_tokens(actor.machine, tk::data));
    EXPECT_EQ(actor.machine.state, State::STA713);
    p.pump();
    EXPECT_THAT(describe(p.take(peer)), ElementsAre("TokenGiveIndication(0x01)"));
    EXPECT_EQ(peer.machine.state, State::STA713);
    ASSERT_TRUE(session::send_data(peer.machine, pattern(3)));
    p.pump();
    EXPECT_THAT(describe(p.take(actor)), ElementsAre("DataIndication(3)"));
    expect_agreement(actor, peer);
  });
}

TEST(PairDialogue, PrepareOnTheNormalFlowIsAProtocolError) {
  Pair p;
  establish(p, fu::duplex | fu::resynchronize);
  ByteBuffer pr;
  ASSERT_TRUE(spdu::encode(spdu::Prepare{spdu::prepare_type::resynchronize}, pr));
  session::receive(p.responder().machine, pr);
  p.pump();
  const auto events = p.take(p.responder());
  ASSERT_THAT(describe(events), ElementsAre("AbortIndication(protocol_error)"));
  const auto& error = std::get<session::AbortIndication>(events[0]).error;
  ASSERT_TRUE(error.has_value());
  EXPECT_THAT(error->detail, ::testing::HasSubstr("transport class 0"));
  EXPECT_THAT(describe(p.take(p.initiator())), ElementsAre("AbortIndication(peer_provider)"));
}

TEST(PairDialogue, DialogueRequestsNeedTheirFunctionalUnits) {
  Pair p;
  establish(p);  // duplex only, as MMS stacks use
  session::Connection& c = p.initiator().machine;
  refused(session::sync_minor(c));
  refused(session::sync_major(c));
  refused(session::resynchronize(c, {}));
  refused(session::start_activity(c, ByteBuffer{1}));
  refused(session::report_exception(c, 0));
  refused(session::send_capability_data(c, pattern(1)));
  refused(session::give_control(c));
  EXPECT_TRUE(c.transport_out.empty());
  EXPECT_EQ(c.state, State::STA713);
}

TEST(PairDialogue, BadParametersAreRejectedBeforeTheTable) {
  Pair p;
  establish(p, hd | fu::activity_management | fu::resynchronize | fu::exceptions);
  session::Connection& c = p.initiator().machine;
  auto invalid = [](Status s) {
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().code, errc::invalid_argument) << s.error().detail;
  };
  invalid(session::start_activity(c, {}));
  invalid(session::start_activity(c, pattern(7)));
  invalid(session::interrupt_activity(c, 2));
  invalid(session::interrupt_activity(c, spdu::exception_reason::demand_data_token));
  invalid(session::report_exception(c, 4));
  invalid(session::resynchronize(c, resync(session::ResyncType::set, 1'000'000)));
  session::ResyncRequest reserved;
  reserved.token_setting = 0x03;
  invalid(session::resynchronize(c, reserved));
  session::ActivityResumeRequest resume;
  resume.activity_id = ByteBuffer{1};
  invalid(session::resume_activity(c, resume));  // no old activity identifier
  EXPECT_TRUE(c.transport_out.empty());
}

}  // namespace
}  // namespace piglix::pair
