// A long randomized dialogue: both peers issue random requests of every dialogue service (the
// machine refuses what its state or tokens do not allow), with the two byte streams pumped at
// random moments so that requests cross on the wire. Seeded and reproducible: a failure names its
// seed and step.
//
// What must always hold:
// - no abort: two piglix peers doing only what their machines accept never commit a protocol
//   error;
// - every delivered S-DATA / S-TYPED-DATA / S-EXPEDITED-DATA unit is intact and in order; a unit
//   may be missing only where a resynchronization, activity interrupt or discard, or an
//   exception report happened in between (they discard data in flight), and in runs without
//   those, nothing is missing;
// - whenever both sides rest in STA713 with nothing in flight, they agree on V(M), V(R), whether
//   an activity is in progress, and where every token is.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <cstdlib>
#include <cstring>
#include <random>

#include <fmt/format.h>

#include "pair.hpp"
#include "piglix/spdu.hpp"
#include "scenario.hpp"

namespace piglix::pair {
namespace {

using session::State;
using session::TokenSet;
using session::TokenSide;
namespace fu = spdu::fu;
namespace tk = spdu::token;

enum Flow { data, typed, expedited };
constexpr int flow_count = 3;

// A data unit carries its sequence number and octets derived from it.
ByteBuffer unit(std::uint64_t seq, std::size_t size) {
  ByteBuffer out(std::max<std::size_t>(size, 8));
  std::memcpy(out.data(), &seq, 8);
  for (std::size_t i = 8; i < out.size(); ++i) out[i] = static_cast<std::uint8_t>(seq * 31 + i);
  return out;
}

std::optional<std::uint64_t> sequence_of(const ByteBuffer& b) {
  if (b.size() < 8) return std::nullopt;
  std::uint64_t seq = 0;
  std::memcpy(&seq, b.data(), 8);
  if (unit(seq, b.size()) != b) return std::nullopt;
  return seq;
}

struct Agent {
  std::array<std::uint64_t, flow_count> next_seq{};  // next unit this side sends
  std::array<std::int64_t, flow_count> last_received{-1, -1, -1};
  std::array<std::uint64_t, flow_count> delivered{};  // units received
  std::uint64_t discards = 0;  // resync-like events seen so far (they may drop data in flight)
  std::array<std::uint64_t, flow_count> discards_at_last{};
  std::vector<std::uint64_t> minor_to_confirm;  // serials indicated with confirm_required
  std::uint64_t activities = 0;
};

struct Run {
  std::uint32_t seed;
  bool with_discards;  // resynchronize, interrupt and discard are used
  std::uint16_t units;
};

class Dialogue {
 public:
  explicit Dialogue(const Run& run) : run_(run), rng_(run.seed) {}

  void play(int steps) {
    establish(p_, run_.units, random_setting(false));
    for (step_ = 0; step_ < steps && !::testing::Test::HasFatalFailure(); ++step_) {
      const int who = pick(2);
      act(who == 0 ? p_.initiator() : p_.responder(), agents_[who]);
      if (pick(3) == 0) pump();
    }
    // Settle: deliver what is in flight, then answer whatever is pending until both rest.
    pump();
    for (int round = 0; round < 50 && !resting(); ++round) {
      for (int who = 0; who < 2; ++who) {
        respond(who == 0 ? p_.initiator() : p_.responder(), agents_[who], true);
      }
      pump();
    }
    ASSERT_TRUE(resting()) << where() << "did not settle: " << name(p_.initiator().machine.state)
                           << " / " << name(p_.responder().machine.state);
    if (!run_.with_discards) {
      for (int who = 0; who < 2; ++who) {
        for (int f = 0; f < flow_count; ++f) {
          EXPECT_EQ(agents_[1 - who].delivered[f], agents_[who].next_seq[f])
              << where() << "units lost on flow " << f << " from side " << who;
        }
      }
    }
    for (const Agent& a : agents_) total_delivered_ += a.delivered[data];
  }

  std::uint64_t delivered() const { return total_delivered_; }
  std::uint64_t accepted() const { return accepted_; }

 private:
  int pick(int n) { return static_cast<int>(rng_() % static_cast<std::uint32_t>(n)); }
  std::string where() const {
    std::string t;
    const std::size_t from = trace_.size() > 40 ? trace_.size() - 40 : 0;
    for (std::size_t i = from; i < trace_.size(); ++i) t += "\n  " + trace_[i];
    return fmt::format("seed {} step {}: (recent:{})\n", run_.seed, step_, t);
  }

  std::uint8_t random_setting(bool allow_choice) {
    std::uint8_t s = 0;
    for (TokenSet t : {tk::data, tk::minor_sync, tk::major_activity, tk::release}) {
      s |= session::token_setting(t, static_cast<TokenSide>(pick(allow_choice ? 3 : 2)));
    }
    return s;
  }

  void expect_allowed(const Status& s, const char* what) {
    if (s) {
      ++accepted_;
      trace_.push_back(fmt::format("{} {} -> {} / {}", step_, what,
                                   name(p_.initiator().machine.state),
                                   name(p_.responder().machine.state)));
      return;
    }
    EXPECT_TRUE(s.error().code == errc::request_not_allowed ||
                s.error().code == errc::invalid_argument)
        << where() << what << ": " << s.error().detail;
  }
  template <class T>
  void expect_allowed(const Result<T>& r, const char* what) {
    expect_allowed(r ? Status{} : Status{r.error()}, what);
  }

  void send(session::Connection& m, Agent& a, Flow f) {
    const std::size_t size = f == expedited ? 8 + static_cast<std::size_t>(pick(7))
                                            : 8 + static_cast<std::size_t>(pick(600));
    const ByteBuffer u = unit(a.next_seq[f], size);
    Status s = f == data    ? session::send_data(m, u)
               : f == typed ? session::send_typed_data(m, u)
                            : session::send_expedited_data(m, u);
    if (s) ++a.next_seq[f];
    expect_allowed(s, "data");
  }

  // Answers a pending indication, if the machine waits for one; returns whether it did.
  bool respond(Side& side, Agent& a, bool always) {
    session::Connection& m = side.machine;
    if (!always && pick(10) < 3) return false;
    switch (m.state) {
      case State::STA10A: expect_allowed(session::acknowledge_sync_major(m), "MAA"); return true;
      case State::STA10B: expect_allowed(session::acknowledge_activity_end(m), "AEA"); return true;
      case State::STA11A: {
        session::ResyncResponse r;
        r.token_setting = random_setting(false);
        expect_allowed(session::acknowledge_resynchronize(m, r), "RA");
        return true;
      }
      case State::STA11B:
        expect_allowed(session::acknowledge_activity_interrupt(m), "AIA");
        return true;
      case State::STA11C:
        expect_allowed(session::acknowledge_activity_discard(m), "ADA");
        return true;
      case State::STA22:
        expect_allowed(session::acknowledge_capability_data(m, unit(0, 9)), "CDA");
        return true;
      case State::STA20:
        // An exception report waits for the data token.
        expect_allowed(session::give_tokens(m, tk::data), "GT after ED");
        return true;
      default: break;
    }
    if (!a.minor_to_confirm.empty() && (always || pick(2) == 0)) {
      const std::uint64_t serial = a.minor_to_confirm.back();
      a.minor_to_confirm.clear();
      expect_allowed(session::acknowledge_sync_minor(m, serial), "MIA");
      return true;
    }
    return false;
  }

  void act(Side& side, Agent& a) {
    session::Connection& m = side.machine;
    if (respond(side, a, false)) return;
    const Variables& v = m.vars;
    switch (pick(18)) {
      case 0:
      case 1:
      case 2: send(m, a, data); return;
      case 3: send(m, a, typed); return;
      case 4: send(m, a, expedited); return;
      case 5: expect_allowed(session::sync_minor(m, pick(2) == 0), "MIP"); return;
      case 6: expect_allowed(session::sync_major(m), "MAP"); return;
      case 7: {
        if (!run_.with_discards) return;
        session::ResyncRequest r;
        r.type = static_cast<session::ResyncType>(pick(3));
        r.serial_number = r.type == session::ResyncType::restart
                              ? v.vr + static_cast<std::uint64_t>(
                                           pick(static_cast<int>(v.vm - std::min(v.vr, v.vm) + 1)))
                              : static_cast<std::uint64_t>(pick(50));
        r.token_setting = random_setting(true);
        expect_allowed(session::resynchronize(m, r), "RS");
        return;
      }
      case 8: {
        const TokenSet give = m.session.owned & static_cast<TokenSet>(rng_());
        if (give != 0) expect_allowed(session::give_tokens(m, give), "GT");
        return;
      }
      case 9: {
        const TokenSet want =
            m.session.available & ~m.session.owned & static_cast<TokenSet>(rng_());
        if (want != 0) expect_allowed(session::please_tokens(m, want), "PT");
        return;
      }
      case 10: {
        const ByteBuffer id = unit(a.activities++, 8);
        expect_allowed(session::start_activity(m, Bytes(id).first(6)), "AS");
        return;
      }
      case 11: expect_allowed(session::end_activity(m), "AE"); return;
      case 12:
        if (run_.with_discards) expect_allowed(session::interrupt_activity(m, 0), "AI");
        return;
      case 13:
        if (run_.with_discards) expect_allowed(session::discard_activity(m, 0), "AD");
        return;
      case 14: {
        session::ActivityResumeRequest r;
        r.activity_id = ByteBuffer{'n'};
        r.old_activity_id = ByteBuffer{'o'};
        r.serial_number = static_cast<std::uint64_t>(pick(100));
        expect_allowed(session::resume_activity(m, r), "AR");
        return;
      }
      case 15: {
        // An exception report discards data until the recovery (STA19 / STA20 ignore DT).
        if (!run_.with_discards) return;
        const Status s = session::report_exception(m, 0);
        if (s) ++a.discards;
        expect_allowed(s, "ED");
        return;
      }
      case 16: expect_allowed(session::give_control(m), "GTC"); return;
      case 17: expect_allowed(session::send_capability_data(m, unit(1, 20)), "CD"); return;
    }
  }

  void receive(Agent& a, const std::vector<session::Event>& events) {
    for (const session::Event& e : events) {
      trace_.push_back(
          fmt::format("  {} got {}", &a == &agents_[0] ? "initiator" : "responder", describe(e)));
      if (std::holds_alternative<session::AbortIndication>(e)) {
        const auto& ab = std::get<session::AbortIndication>(e);
        ADD_FAILURE() << where()
                      << "abort: " << (ab.error ? ab.error->detail : std::string("from the peer"));
        continue;
      }
      if (const auto* d = std::get_if<session::DataIndication>(&e)) deliver(a, data, d->data);
      if (const auto* d = std::get_if<session::TypedDataIndication>(&e)) deliver(a, typed, d->data);
      if (const auto* d = std::get_if<session::ExpeditedDataIndication>(&e)) {
        deliver(a, expedited, d->data);
      }
      if (const auto* s = std::get_if<session::SyncMinorIndication>(&e)) {
        if (s->confirm_required) a.minor_to_confirm.push_back(s->serial_number);
      }
      if (std::holds_alternative<session::ResyncIndication>(e) ||
          std::holds_alternative<session::ResyncConfirm>(e) ||
          std::holds_alternative<session::ActivityInterruptIndication>(e) ||
          std::holds_alternative<session::ActivityInterruptConfirm>(e) ||
          std::holds_alternative<session::ActivityDiscardIndication>(e) ||
          std::holds_alternative<session::ActivityDiscardConfirm>(e) ||
          std::holds_alternative<session::UserExceptionIndication>(e)) {
        ++a.discards;
        a.minor_to_confirm.clear();
      }
      if (std::holds_alternative<session::SyncMajorIndication>(e) ||
          std::holds_alternative<session::ActivityEndIndication>(e) ||
          std::holds_alternative<session::ActivityStartIndication>(e) ||
          std::holds_alternative<session::ActivityResumeIndication>(e)) {
        a.minor_to_confirm.clear();  // a major sync or a new activity confirms or drops them
      }
    }
  }

  void deliver(Agent& a, Flow f, const ByteBuffer& bytes) {
    const std::optional<std::uint64_t> seq = sequence_of(bytes);
    ASSERT_TRUE(seq) << where() << "a corrupted unit on flow " << f;
    const auto expected = static_cast<std::uint64_t>(a.last_received[f] + 1);
    if (*seq != expected) {
      EXPECT_GT(*seq, expected) << where() << "unit " << *seq << " out of order on flow " << f;
      EXPECT_GT(a.discards, a.discards_at_last[f])
          << where() << "units " << expected << " to " << *seq - 1 << " missing on flow " << f
          << " without a resynchronization";
    }
    a.last_received[f] = static_cast<std::int64_t>(*seq);
    a.discards_at_last[f] = a.discards;
    ++a.delivered[f];
  }

  void pump() {
    p_.pump();
    receive(agents_[0], p_.take(p_.initiator()));
    receive(agents_[1], p_.take(p_.responder()));
    if (resting()) expect_agreement();
  }

  bool resting() {
    return p_.initiator().machine.state == State::STA713 &&
           p_.responder().machine.state == State::STA713;
  }

  void expect_agreement() {
    const session::Connection& x = p_.initiator().machine;
    const session::Connection& y = p_.responder().machine;
    EXPECT_EQ(x.vars.vact, y.vars.vact) << where() << "Vact";
    // With activity management, serial numbers only mean something inside an activity (the
    // next start or resume sets them again), and an interrupt or discard may leave them apart.
    if ((x.session.functional_units & fu::activity_management) == 0 || x.vars.vact) {
      EXPECT_EQ(x.vars.vm, y.vars.vm) << where() << "V(M)";
      EXPECT_EQ(x.vars.vr, y.vars.vr) << where() << "V(R)";
    }
    EXPECT_EQ(x.session.owned & y.session.owned, 0) << where() << "a token on both sides";
    EXPECT_EQ(x.session.owned | y.session.owned, x.session.available)
        << where() << "a token on no side";
  }

  using Variables = session::Variables;

  Run run_;
  std::mt19937 rng_;
  Pair p_;
  std::array<Agent, 2> agents_;
  int step_ = 0;
  std::uint64_t total_delivered_ = 0;
  std::uint64_t accepted_ = 0;
  std::vector<std::string> trace_;
};

constexpr std::uint16_t all_units = fu::half_duplex | fu::expedited_data | fu::typed_data |
                                    fu::minor_synchronize | fu::major_synchronize |
                                    fu::resynchronize | fu::activity_management |
                                    fu::capability_data | fu::exceptions;
constexpr std::uint16_t duplex_units = fu::duplex | fu::expedited_data | fu::typed_data |
                                       fu::minor_synchronize | fu::major_synchronize |
                                       fu::resynchronize;

// 150 seeds of 400 steps each by default; PIGLIX_RANDOM_SEEDS=N runs seeds 1..N (a longer soak).
std::uint32_t seed_count() {
  const char* env = std::getenv("PIGLIX_RANDOM_SEEDS");
  return env != nullptr ? static_cast<std::uint32_t>(std::strtoul(env, nullptr, 10)) : 150;
}

void run_seeds(bool with_discards, std::uint16_t units) {
  std::uint64_t delivered = 0, accepted = 0;
  const std::uint32_t seeds = seed_count();
  for (std::uint32_t seed = 1; seed <= seeds; ++seed) {
    Dialogue d({seed, with_discards, units});
    d.play(400);
    if (::testing::Test::HasFailure()) return;
    delivered += d.delivered();
    accepted += d.accepted();
  }
  std::cout << "[   info   ] " << accepted << " requests accepted, " << delivered
            << " data units delivered over " << seeds << " seeds\n";
  EXPECT_GT(delivered, 1000u) << "the dialogues must actually move data";
}

TEST(PairRandomDialogue, HalfDuplexEveryUnitWithoutDiscards) { run_seeds(false, all_units); }
TEST(PairRandomDialogue, HalfDuplexEveryUnitWithResyncAndActivities) { run_seeds(true, all_units); }
TEST(PairRandomDialogue, DuplexWithResync) { run_seeds(true, duplex_units); }

}  // namespace
}  // namespace piglix::pair
