// X.225 Annex A invalid intersections (specs/x225/annex-a/invalid.md), checked pair by pair on
// session::Connection through its public API: real encoded TSDUs into receive(), real calls of the
// request functions, transport events and timer expiries.
//
// The sweeps loop over every state and every input of table::rows(), so a pair the table leaves
// blank cannot escape them, and they run in several session setups, so pairs whose rows all have
// false conditions in a setup are checked too (invalid.md: "treated exactly like a blank pair").
// Which rows hold is asked of the machine's own predicate evaluator (detail::holds): those sweeps
// check how an all-false pair is handled, not the predicates; the hand-picked cases further down
// reason the conditions out without it.
//
// Inputs no TSDU can produce, so the SPDU sweeps skip them (see unproducible()):
// - MIP-d: receive() names every MINOR SYNC POINT "MIP"; MIP-d needs data separation, which piglix
//   never selects (p82 is always false).
// - AEA outside STA04B, MAA in STA04B: SI 42 is decoded as AEA exactly in STA04B
//   (DecodeOptions::major_ack_is_activity_end), so elsewhere the AEA octets are an MAA, whose own
//   pair is checked instead.
// - AE in a session without activity management: SI 41 then decodes as MAP
//   (DecodeOptions::activity_management); the setups with activity management, or without a
//   negotiated session yet, produce it.
// Rule R's sweep covers every request and response function of connection.hpp (34 inputs; only
// SSYNmdreq, data separation's, has none).
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <iostream>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <variant>
#include <vector>

#include "machine_inputs.hpp"
#include "piglix/session/connection.hpp"
#include "piglix/spdu/codec.hpp"
#include "session/context.hpp"
#include "session/predicates.hpp"
#include "session/table.hpp"
#include "session/tokens.hpp"

// SPDUs and setups are built with designated initializers that name only the members that matter;
// the others are value-initialized on purpose. GCC 12 flags every omitted member.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#endif

namespace piglix::session {
namespace {

using spdu_inputs::kOctets;
using spdu_inputs::spdu_for;
using spdu_inputs::tsdu_of;
using table::Input;
namespace fu = spdu::fu;
namespace tk = spdu::token;
namespace td = spdu::transport_disconnect;

// ---------------------------------------------------------------------------------------------
// States and inputs as invalid.md groups them.

// Rule S applies here: a session exists or is being set up.
constexpr std::array kRuleS = {
    State::STA02A, State::STA02B, State::STA03,  State::STA04A, State::STA04B,
    State::STA05A, State::STA05B, State::STA05C, State::STA06,  State::STA08,
    State::STA09,  State::STA10A, State::STA10B, State::STA11A, State::STA11B,
    State::STA11C, State::STA15A, State::STA15B, State::STA15C, State::STA18,
    State::STA19,  State::STA20,  State::STA21,  State::STA22,  State::STA713,
};

enum class Handling { abort, disconnect, ignore };

// What an invalid SPDU does in `s`: Rule S, or one of the exceptions.
Handling spdu_handling(State s) {
  if (std::ranges::find(kRuleS, s) != kRuleS.end()) return Handling::abort;
  if (s == State::STA01C || s == State::STA01D) return Handling::disconnect;
  return Handling::ignore;  // STA01, STA01A, STA01B, STA15D, STA16
}

std::vector<State> all_states() {
  std::vector<State> out;
  for (std::size_t i = 0; i < state_count; ++i) out.push_back(static_cast<State>(i));
  return out;
}

std::vector<State> states_handled(Handling h) {
  std::vector<State> out;
  for (State s : all_states()) {
    if (spdu_handling(s) == h) out.push_back(s);
  }
  return out;
}

// The received-SPDU events of events.md: AA up to TD in table::Input.
std::vector<Input> spdu_inputs() {
  std::vector<Input> out;
  for (auto i = static_cast<std::size_t>(Input::AA); i < table::input_count; ++i) {
    out.push_back(static_cast<Input>(i));
  }
  return out;
}

bool blank(State s, Input in) { return table::rows(s, in).empty(); }

std::string label(std::string_view setup, State s, Input in) {
  return std::string(setup) + ", state " + std::string(name(s)) + ", input " +
         std::string(table::name(in));
}

// Whether `text` names `word` as a whole name: "STA01" is not named by "STA01A", nor "MIP" by
// "MIP-d".
bool names(std::string_view text, std::string_view word) {
  const auto name_char = [](char ch) {
    return std::isalnum(static_cast<unsigned char>(ch)) != 0 || ch == '-';
  };
  for (auto pos = text.find(word); pos != std::string_view::npos; pos = text.find(word, pos + 1)) {
    const std::size_t end = pos + word.size();
    if ((pos == 0 || !name_char(text[pos - 1])) && (end == text.size() || !name_char(text[end]))) {
      return true;
    }
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Session setups: the established session that the state is entered with.

struct SessionSetup {
  std::string_view name;
  std::uint8_t version = 0;
  std::uint16_t units = 0;
  TokenSet owned = 0;  // of the tokens the units create
  bool keep_transport = false;
  bool transport_acceptor = false;  // Vtca
};

// Version 1 and 2, duplex and half-duplex, tokens on either side, p02 both ways, activity
// management for AE, and no session yet (the set-up states).
const SessionSetup kSetups[] = {
    {"no session yet", 0, 0, 0, false, true},
    {"v2 duplex", 2, fu::duplex},
    {"v2 duplex+expedited+typed, keep transport (p02)", 2,
     fu::duplex | fu::expedited_data | fu::typed_data, 0, true},
    {"v2 half-duplex, tokens here, transport acceptor", 2,
     fu::half_duplex | fu::negotiated_release | fu::expedited_data | fu::typed_data,
     tk::data | tk::release, false, true},
    {"v1 half-duplex, tokens with the peer", 1, fu::half_duplex | fu::negotiated_release, 0},
    {"v2 duplex, activity management, major token here", 2,
     fu::duplex | fu::activity_management | fu::major_synchronize, tk::major_activity},
};

// Any TSDU: an SPDU held by action [10], which Rule S must drop.
ByteBuffer held_tsdu() { return {spdu::si::expedited, 0x00, 0x58}; }

Connection connection_in(State state, const SessionSetup& setup) {
  Config config;
  config.keep_transport = setup.keep_transport;
  Connection c = make_connection(config);
  c.state = state;
  c.session.version = setup.version;
  c.session.functional_units = setup.units;
  c.session.available = detail::tokens_of(setup.units);
  c.session.owned = static_cast<TokenSet>(setup.owned & c.session.available);
  c.vars.vtca = setup.transport_acceptor;
  c.tim.generation = 7;  // so that a restart is visible as 8
  c.held.push_back(held_tsdu());
  return c;
}

// ---------------------------------------------------------------------------------------------
// Received SPDUs.

constexpr std::uint64_t kSerial = 1;  // spdu_inputs::SpduParameters' default
constexpr TokenSet kTokens = tk::data;

// Why no TSDU yields `input` in this state and setup (see the file comment); empty if one does.
std::string_view unproducible(Input input, State state, const SessionSetup& setup) {
  const bool activity_decoding = setup.units == 0 || (setup.units & fu::activity_management) != 0;
  if (input == Input::MIP_d) return "every MIP is classified MIP";
  if (input == Input::AEA && state != State::STA04B) return "SI 42 is AEA only in STA04B";
  if (input == Input::MAA && state == State::STA04B) return "SI 42 is AEA in STA04B";
  if (input == Input::AE && !activity_decoding) return "SI 41 is MAP without activity management";
  return {};
}

bool some_row_holds(const Connection& c, const detail::Context& ctx) {
  return std::ranges::any_of(table::rows(c.state, ctx.input), [&](const table::Transition& row) {
    return detail::holds(c, ctx, row.condition);
  });
}

// ---------------------------------------------------------------------------------------------
// Expected outcomes.

// Rule R and every "ignored": nothing observable changed.
void expect_unchanged(const Connection& c, const Connection& before) {
  const auto vars = [](const Variables& v) {
    return std::tie(v.vtca, v.vtrr, v.vcoll, v.vdnr, v.vact, v.vnextact, v.vsc, v.vrsp, v.vrspnb,
                    v.va, v.vm, v.vr, v.discard_receive, v.discard_send, v.texp);
  };
  const auto session = [](const Session& s) {
    return std::tie(s.functional_units, s.version, s.available, s.owned, s.max_send_tsdu,
                    s.max_receive_tsdu, s.initial_serial_number);
  };
  EXPECT_EQ(name(c.state), name(before.state));
  EXPECT_TRUE(vars(c.vars) == vars(before.vars)) << "variables changed";
  EXPECT_TRUE(session(c.session) == session(before.session)) << "session changed";
  EXPECT_EQ(c.tim.running, before.tim.running);
  EXPECT_EQ(c.tim.generation, before.tim.generation);
  EXPECT_EQ(c.transport_out.size(), before.transport_out.size()) << "something was sent";
  EXPECT_EQ(c.events.size(), before.events.size()) << "an event was given";
  EXPECT_TRUE(c.held == before.held) << "held SPDUs changed";
  EXPECT_EQ(c.pending_connect.has_value(), before.pending_connect.has_value());
  if (c.pending_connect && before.pending_connect) {
    EXPECT_EQ(c.pending_connect->user_data, before.pending_connect->user_data);
  }
  EXPECT_EQ(c.pending_indication.has_value(), before.pending_indication.has_value());
  EXPECT_EQ(c.overflow_sent, before.overflow_sent);
}

// Exceptions for STA01C and STA01D: TDISreq, STA01, nothing for the user.
void expect_disconnected(const Connection& c, const Connection& before) {
  EXPECT_EQ(name(c.state), std::string_view("STA01"));
  EXPECT_TRUE(c.events.empty()) << "no session exists: no indication";
  EXPECT_EQ(c.tim.running, before.tim.running);
  ASSERT_EQ(c.transport_out.size(), 1u) << "exactly one transport action: T-DISCONNECT";
  EXPECT_TRUE(c.transport_out.front().kind == TransportAction::Kind::disconnect);
  EXPECT_TRUE(c.transport_out.front().tsdu.empty());
}

// The one TSDU sent by Rule S: AB with Transport Disconnect 0x05 and no user data.
void expect_abort_sent(const Connection& c) {
  ASSERT_EQ(c.transport_out.size(), 1u) << "exactly one transport action: the AB";
  const TransportAction& sent = c.transport_out.front();
  ASSERT_TRUE(sent.kind == TransportAction::Kind::send);
  Result<std::vector<spdu::Spdu>> spdus = spdu::decode_tsdu(sent.tsdu);
  ASSERT_TRUE(spdus) << spdus.error().message();
  ASSERT_EQ(spdus->size(), 1u) << "no PR-AB or anything else in front of the AB";
  const auto* ab = std::get_if<spdu::Abort>(&spdus->front());
  ASSERT_NE(ab, nullptr) << "sent " << spdu::info(spdus->front()).abbreviation << ", not AB";
  EXPECT_EQ(int{ab->transport_disconnect}, td::released | td::protocol_error);
  EXPECT_FALSE(ab->user_data.has_value()) << "the AB carries no user data";
}

// Rule S. Returns the S-P-ABORT indication's error for the caller to check.
std::optional<Error> expect_rule_s(const Connection& c, const Connection& before) {
  EXPECT_EQ(name(c.state), std::string_view("STA16"));
  EXPECT_TRUE(c.tim.running) << "TIM must run (action [4])";
  EXPECT_EQ(c.tim.generation, before.tim.generation + 1);
  EXPECT_TRUE(c.held.empty()) << "SPDUs held by [10] must be dropped";
  expect_abort_sent(c);
  if (c.events.size() != 1) {
    ADD_FAILURE() << c.events.size() << " events; expected exactly one S-P-ABORT indication";
    return std::nullopt;
  }
  const auto* ind = std::get_if<AbortIndication>(&c.events.front());
  if (ind == nullptr) {
    ADD_FAILURE() << "the event is not an AbortIndication";
    return std::nullopt;
  }
  EXPECT_TRUE(ind->source == AbortIndication::Source::protocol_error);
  EXPECT_TRUE(ind->user_data.empty());
  EXPECT_TRUE(ind->error.has_value()) << "the indication must say what the peer did wrong";
  return ind->error;
}

// The outcome of an invalid SPDU in `before.state`; for Rule S, the indication's error.
std::optional<Error> expect_handled(const Connection& c, const Connection& before) {
  switch (spdu_handling(before.state)) {
    case Handling::abort: return expect_rule_s(c, before);
    case Handling::disconnect: expect_disconnected(c, before); break;
    case Handling::ignore: expect_unchanged(c, before); break;
  }
  return std::nullopt;
}

// Feeds `input` as a real TSDU and checks the handling of the state; for Rule S the error must be
// a protocol error naming the SPDU and the state.
void expect_invalid_spdu(Connection c, Input input) {
  const spdu::Spdu s = spdu_for(input);
  const ByteBuffer tsdu = tsdu_of(s);
  const Connection before = c;
  receive(c, tsdu);
  const std::optional<Error> error = expect_handled(c, before);
  if (!error) return;
  EXPECT_EQ(error->code, errc::session_protocol_error) << error->detail;
  EXPECT_TRUE(names(error->detail, table::name(input))) << error->detail;
  EXPECT_TRUE(names(error->detail, name(before.state))) << error->detail;
}

// Pairs checked by a sweep: distinct (state, input) pairs and checks over all setups.
struct Tally {
  std::set<std::pair<State, Input>> pairs;
  int checks = 0;

  void add(State s, Input in) {
    pairs.emplace(s, in);
    ++checks;
  }
  void print(std::string_view what) const {
    std::cout << "[   info   ] " << what << ": " << pairs.size() << " (state, input) pairs, "
              << checks << " checks over the setups\n";
  }
};

// Every SPDU input that is invalid in `state` and `setup` (blank, or with `all_false`, rows whose
// conditions are all false), fed as a TSDU.
void sweep_spdus(State state, const SessionSetup& setup, bool all_false, Tally& tally) {
  for (Input input : spdu_inputs()) {
    if (!unproducible(input, state, setup).empty()) continue;
    const Connection c = connection_in(state, setup);
    if (all_false) {
      const spdu::Spdu s = spdu_for(input);
      if (blank(state, input) || some_row_holds(c, spdu_inputs::received_context(c, input, s)))
        continue;
    } else if (!blank(state, input)) {
      continue;
    }
    SCOPED_TRACE(label(setup.name, state, input));
    expect_invalid_spdu(c, input);
    tally.add(state, input);
  }
}

// ---------------------------------------------------------------------------------------------
// The table says what invalid.md says it says.

TEST(SessionInvalidTable, EveryStateHasOneSpduHandling) {
  // Rule S's list and the exceptions' states together are every state, each once.
  EXPECT_EQ(states_handled(Handling::abort).size(), kRuleS.size());
  EXPECT_EQ(states_handled(Handling::disconnect).size(), 2u);
  EXPECT_EQ(states_handled(Handling::ignore).size(), 5u);
  EXPECT_EQ(kRuleS.size() + 2 + 5, state_count);
}

std::set<Input> blank_spdus(State s) {
  std::set<Input> out;
  for (Input in : spdu_inputs()) {
    if (blank(s, in)) out.insert(in);
  }
  return out;
}

TEST(SessionInvalidTable, ExceptionStatesLeaveBlankTheSpdusInvalidMdNames) {
  using enum Input;
  // The "decision" column of invalid.md's exceptions table lists the blanks it extends [SM] to.
  EXPECT_EQ(blank_spdus(State::STA01C), std::set<Input>{});
  EXPECT_EQ(blank_spdus(State::STA01D), (std::set{AC, CN, OA, RF_nr, RF_r, PR_AB}));
  EXPECT_EQ(blank_spdus(State::STA01A), (std::set{CDO, OA, PR_AB}));
  EXPECT_EQ(blank_spdus(State::STA16), (std::set{CDO, OA}));
  EXPECT_EQ(blank_spdus(State::STA15D),
            (std::set{AA, AB_r, CN, DN, EX, FN_r, PR_AB, PR_MAA, PR_RA, PR_RS, RF_nr, RF_r}));
  EXPECT_EQ(blank_spdus(State::STA01).size(), spdu_inputs().size());
  EXPECT_EQ(blank_spdus(State::STA01B).size(), spdu_inputs().size());
}

TEST(SessionInvalidTable, TransportAndTimerBlanksAreWhereInvalidMdSaysTheyAre) {
  for (State s : all_states()) {
    SCOPED_TRACE(name(s));
    EXPECT_EQ(blank(s, Input::TDISind), s == State::STA01);
    EXPECT_EQ(blank(s, Input::TCONind), s != State::STA01);
    EXPECT_EQ(blank(s, Input::TCONcnf), s != State::STA01B);
    EXPECT_EQ(blank(s, Input::TIM), s != State::STA01A && s != State::STA15D && s != State::STA16);
  }
}

// ---------------------------------------------------------------------------------------------
// Rule S.

TEST(SessionInvalidRuleS, BlankSpduPairsAbortWithAProtocolError) {
  Tally tally;
  for (const SessionSetup& setup : kSetups) {
    for (State state : kRuleS) sweep_spdus(state, setup, false, tally);
  }
  // Each blank pair must have been fed at least once, unless no TSDU can produce it.
  std::vector<std::string> never;
  for (State state : kRuleS) {
    for (Input input : spdu_inputs()) {
      if (!blank(state, input) || tally.pairs.contains({state, input})) continue;
      never.push_back(label("any setup", state, input));
      EXPECT_TRUE(input == Input::MIP_d || input == Input::AEA) << never.back();
    }
  }
  tally.print("Rule S, blank");
  std::cout << "[   info   ] Rule S, blank but not producible (MIP-d, AEA): " << never.size()
            << " pairs\n";
  EXPECT_GT(tally.pairs.size(), 500u);
}

TEST(SessionInvalidRuleS, SpduPairsWhoseConditionsAreAllFalseAbortLikeBlankOnes) {
  Tally tally;
  for (const SessionSetup& setup : kSetups) {
    for (State state : kRuleS) sweep_spdus(state, setup, true, tally);
  }
  tally.print("Rule S, rows with all conditions false");
  EXPECT_GT(tally.pairs.size(), 100u);
}

// Conditions reasoned out by hand, independently of detail::holds.
struct FalseSpduCase {
  std::string_view why;
  State state;
  SessionSetup setup;
  Input input;
  void (*prepare)(Connection&) = nullptr;
};

const SessionSetup kHalfDuplexHere = {"v2 half-duplex, data and release tokens here", 2,
                                      fu::half_duplex | fu::negotiated_release,
                                      tk::data | tk::release};
const SessionSetup kDuplex = {"v2 duplex", 2, fu::duplex};

const FalseSpduCase kFalseSpduCases[] = {
    {"DT while this side owns the data token (p05)", State::STA713, kHalfDuplexHere, Input::DT},
    {"DT after FN while this side owns the data token (p05)", State::STA03, kHalfDuplexHere,
     Input::DT},
    {"EX without expedited data (p08)", State::STA713, kDuplex, Input::EX},
    {"TD without typed data (p06)", State::STA713, kDuplex, Input::TD},
    {"GT of the data token, which duplex does not create (p59)", State::STA713, kDuplex, Input::GT},
    {"PT of the data token, which duplex does not create (p53)", State::STA713, kDuplex, Input::PT},
    {"FN while this side owns the data token (p68)", State::STA713, kHalfDuplexHere, Input::FN_nr},
    {"FN-r from the transport acceptor: this side initiated the transport (!p01)", State::STA713,
     kDuplex, Input::FN_r},
    {"NF without negotiated release (p67)", State::STA03, kDuplex, Input::NF},
    {"DN in STA09 without a release collision (p69)", State::STA09, kDuplex, Input::DN},
    {"MIA without minor synchronize (p17)", State::STA713, kDuplex, Input::MIA},
    {"RS-r without resynchronize (p35)", State::STA713, kDuplex, Input::RS_r},
    {"ED without exceptions (p50, p51)", State::STA713, kDuplex, Input::ED},
    {"DT during a release collision (p10)", State::STA03, kDuplex, Input::DT,
     [](Connection& c) { c.vars.vcoll = true; }},
    {"MAA that does not acknowledge V(M)-1 (p20)", State::STA04A, kDuplex, Input::MAA,
     [](Connection& c) { c.vars.vm = 5; }},
};

TEST(SessionInvalidRuleS, HandPickedPairsWithFalseConditionsAbort) {
  for (const FalseSpduCase& k : kFalseSpduCases) {
    SCOPED_TRACE(label(std::string(k.why) + "; " + std::string(k.setup.name), k.state, k.input));
    ASSERT_FALSE(blank(k.state, k.input)) << "the case is meant to have rows";
    Connection c = connection_in(k.state, k.setup);
    if (k.prepare != nullptr) k.prepare(c);
    expect_invalid_spdu(c, k.input);
  }
}

TEST(SessionInvalidRuleS, AbortSaysReleasedWhateverP02Says) {
  // Rule S: "The AB always says released (never AB-r), whatever p02 says."
  SessionSetup keep = kDuplex;
  keep.keep_transport = true;
  expect_invalid_spdu(connection_in(State::STA713, keep), Input::CN);
}

// ---------------------------------------------------------------------------------------------
// Exceptions.

TEST(SessionInvalidExceptions, BlankSpduInSta01cOrSta01dDisconnects) {
  Tally tally;
  for (const SessionSetup& setup : kSetups) {
    for (State state : states_handled(Handling::disconnect)) {
      sweep_spdus(state, setup, false, tally);
      sweep_spdus(state, setup, true, tally);
    }
  }
  tally.print("STA01C/STA01D disconnect");
  // STA01C has no blank SPDU pair (undecodable input covers it below); STA01D has six. The PR
  // rows need TEXP (Decisions #30), so over class 0 they are all false: four in STA01C, three in
  // STA01D.
  EXPECT_EQ(tally.pairs.size(), 6u + 4u + 3u);
}

TEST(SessionInvalidExceptions, BlankSpduIsIgnoredWhileAnAbortOrDisconnectIsUnderWay) {
  Tally tally;
  for (const SessionSetup& setup : kSetups) {
    for (State state : {State::STA01A, State::STA15D, State::STA16}) {
      sweep_spdus(state, setup, false, tally);
      sweep_spdus(state, setup, true, tally);
    }
  }
  tally.print("STA01A/STA15D/STA16 ignored");
  // Blank: 3 + 12 + 2. All false without TEXP (Decisions #30): STA01A's three PR rows and
  // STA16's four.
  EXPECT_EQ(tally.pairs.size(), 3u + 12u + 2u + 3u + 4u);
}

TEST(SessionInvalidExceptions, SpduWithoutATransportConnectionIsIgnored) {
  Tally tally;
  for (const SessionSetup& setup : kSetups) {
    for (State state : {State::STA01, State::STA01B}) sweep_spdus(state, setup, false, tally);
  }
  tally.print("STA01/STA01B ignored");
  EXPECT_GT(tally.pairs.size(), 80u);
}

// ---------------------------------------------------------------------------------------------
// Undecodable TSDUs: Rule S in the session states with the codec's error, T-DISCONNECT in
// STA01C/STA01D, ignored elsewhere.

struct Undecodable {
  std::string_view what;
  ByteBuffer tsdu;
};

std::vector<Undecodable> undecodable_tsdus() {
  ByteBuffer truncated;
  EXPECT_TRUE(spdu::encode(spdu::Finish{.user_data = Bytes(kOctets)}, truncated));
  truncated.pop_back();
  ByteBuffer dt_alone;
  EXPECT_TRUE(spdu::encode(spdu::DataTransfer{.user_information = kOctets}, dt_alone));
  ByteBuffer dt_after_pt;
  EXPECT_TRUE(spdu::encode(spdu::PleaseTokens{}, dt_after_pt));
  EXPECT_TRUE(spdu::encode(spdu::DataTransfer{.user_information = kOctets}, dt_after_pt));
  ByteBuffer herald_alone;
  EXPECT_TRUE(spdu::encode(spdu::GiveTokens{}, herald_alone));
  return {
      {"truncated FN", truncated},
      {"unknown SI 99", {99, 0x00}},
      {"DT without its GT herald", dt_alone},
      {"DT behind a PT herald", dt_after_pt},
      {"GT herald without its category 2 SPDU", herald_alone},
      {"empty TSDU", {}},
  };
}

TEST(SessionInvalidUndecodable, HandledAsTheStateSaysWithTheCodecsError) {
  Tally tally;
  for (const Undecodable& u : undecodable_tsdus()) {
    const Result<std::vector<spdu::Spdu>> decoded = spdu::decode_tsdu(u.tsdu);
    ASSERT_FALSE(decoded) << u.what << " decodes";
    const Error& codec = decoded.error();
    for (const SessionSetup& setup : kSetups) {
      for (State state : all_states()) {
        SCOPED_TRACE(std::string(u.what) + ", " + std::string(setup.name) + ", state " +
                     std::string(name(state)));
        Connection c = connection_in(state, setup);
        const Connection before = c;
        receive(c, u.tsdu);
        if (const std::optional<Error> error = expect_handled(c, before)) {
          EXPECT_EQ(error->code, codec.code);
          EXPECT_EQ(error->offset, codec.offset);
          EXPECT_EQ(error->detail, codec.detail);
        }
        ++tally.checks;
      }
    }
  }
  std::cout << "[   info   ] undecodable TSDUs: " << undecodable_tsdus().size() << " kinds x "
            << state_count << " states, " << tally.checks << " checks over the setups\n";
}

// ---------------------------------------------------------------------------------------------
// Discrepancies found while writing these tests: receive() applies Rule S to pairs that have a
// row whose condition holds, which invalid.md does not allow. Both lie in the reassembly of
// segmented SSDUs (receive.cpp deliver()); the tests say what invalid.md asks and are skipped
// until the machine is fixed.

const SessionSetup kSegmenting = {"v2 duplex, TSDU maximum size agreed", 2, fu::duplex};

Connection segmenting_connection_in(State state, const SessionSetup& setup) {
  Connection c = connection_in(state, setup);
  c.session.max_receive_tsdu = 100;  // segmentation on receipt is allowed
  return c;
}

TEST(SessionSegmentInterleaving, AbortBetweenTwoSegmentsIsTheAbortNotAProtocolError) {
  Connection c = segmenting_connection_in(State::STA713, kSegmenting);
  receive(c, tsdu_of(spdu::DataTransfer{.enclosure = spdu::enclosure::begin,
                                        .user_information = kOctets}));
  ASSERT_EQ(name(c.state), std::string_view("STA713"));
  receive(c, tsdu_of(spdu_for(Input::AB_nr)));
  // (STA713, AB-nr, !p02): SxABind, TDISreq, STA01.
  EXPECT_EQ(name(c.state), std::string_view("STA01"));
  ASSERT_EQ(c.events.size(), 1u);
  const auto* ind = std::get_if<AbortIndication>(&c.events.front());
  ASSERT_NE(ind, nullptr);
  EXPECT_TRUE(ind->source == AbortIndication::Source::user) << "the peer's user aborted";
  ASSERT_EQ(c.transport_out.size(), 1u);
  EXPECT_TRUE(c.transport_out.front().kind == TransportAction::Kind::disconnect);
}

// A MAJOR SYNC POINT without Sync Type Item (no activity management), whole or in two segments.
std::vector<ByteBuffer> map_tsdus(bool segmented) {
  const auto map = [](std::optional<std::uint8_t> enclosure) {
    return tsdu_of(spdu::MajorSyncPoint{
        .serial_number = {kSerial}, .enclosure = enclosure, .user_data = Bytes(kOctets)});
  };
  if (!segmented) return {map(std::nullopt)};
  return {map(spdu::enclosure::begin), map(spdu::enclosure::end)};
}

TEST(SessionSegmentInterleaving, SegmentedMapIsClassifiedLikeAWholeOne) {
  // Major synchronize without activity management: SI 41 is a MAP, and with V(M) = its serial
  // number and the major token with the peer, (STA713, MAP) has a row that holds (p12, p19).
  const SessionSetup setup = {"v2 duplex, major synchronize, major token with the peer", 2,
                              fu::duplex | fu::major_synchronize, 0};
  const auto run = [&](bool segmented) {
    Connection c = segmenting_connection_in(State::STA713, setup);
    c.vars.vm = kSerial;
    for (const ByteBuffer& tsdu : map_tsdus(segmented)) receive(c, tsdu);
    return c;
  };
  EXPECT_EQ(name(run(false).state), std::string_view("STA10A")) << "the whole MAP is valid";
  const Connection c = run(true);
  EXPECT_EQ(name(c.state), std::string_view("STA10A"));
  EXPECT_TRUE(c.transport_out.empty());
}

// ---------------------------------------------------------------------------------------------
// Rule R.

const ByteBuffer kData = {0x44};

struct Request {
  Input input;
  Status (*call)(Connection&);
};

Status status_of(const Result<std::uint64_t>& r) { return r ? Status{} : Status{r.error()}; }

ResyncRequest resync_request(ResyncType type) {
  ResyncRequest r;
  r.type = type;
  r.serial_number = kSerial;
  return r;
}

// Every request and response function of connection.hpp, with valid parameters so that only the
// state (and the variables) can refuse them.
const Request kRequests[] = {
    {Input::SCONreq, [](Connection& c) { return connect(c, ConnectRequest{}); }},
    {Input::SCONrsp_accept, [](Connection& c) { return accept(c, AcceptResponse{}); }},
    {Input::SCONrsp_reject, [](Connection& c) { return refuse(c, RefuseResponse{}); }},
    {Input::SDTreq, [](Connection& c) { return send_data(c, kData); }},
    {Input::SEXreq, [](Connection& c) { return send_expedited_data(c, kData); }},
    {Input::STDreq, [](Connection& c) { return send_typed_data(c, kData); }},
    {Input::SGTreq, [](Connection& c) { return give_tokens(c, kTokens); }},
    {Input::SPTreq, [](Connection& c) { return please_tokens(c, kTokens); }},
    {Input::SCGreq, [](Connection& c) { return give_control(c); }},
    {Input::SRELreq, [](Connection& c) { return release(c); }},
    {Input::SRELrsp_accept, [](Connection& c) { return accept_release(c); }},
    {Input::SRELrsp_reject, [](Connection& c) { return refuse_release(c); }},
    {Input::SUABreq, [](Connection& c) { return abort(c); }},
    {Input::SSYNmreq, [](Connection& c) { return status_of(sync_minor(c)); }},
    {Input::SSYNmrsp, [](Connection& c) { return acknowledge_sync_minor(c, kSerial); }},
    {Input::SSYNMreq, [](Connection& c) { return status_of(sync_major(c)); }},
    {Input::SSYNMrsp, [](Connection& c) { return acknowledge_sync_major(c); }},
    {Input::SRSYNreq_a,
     [](Connection& c) { return resynchronize(c, resync_request(ResyncType::abandon)); }},
    {Input::SRSYNreq_r,
     [](Connection& c) { return resynchronize(c, resync_request(ResyncType::restart)); }},
    {Input::SRSYNreq_s,
     [](Connection& c) { return resynchronize(c, resync_request(ResyncType::set)); }},
    {Input::SRSYNrsp, [](Connection& c) { return acknowledge_resynchronize(c, {}); }},
    {Input::SACTSreq, [](Connection& c) { return start_activity(c, kData); }},
    {Input::SACTRreq,
     [](Connection& c) {
       ActivityResumeRequest r;
       r.activity_id = kData;
       r.old_activity_id = kData;
       r.serial_number = kSerial;
       return resume_activity(c, r);
     }},
    {Input::SACTIreq, [](Connection& c) { return interrupt_activity(c, 0); }},
    {Input::SACTIrsp, [](Connection& c) { return acknowledge_activity_interrupt(c); }},
    {Input::SACTDreq, [](Connection& c) { return discard_activity(c, 0); }},
    {Input::SACTDrsp, [](Connection& c) { return acknowledge_activity_discard(c); }},
    {Input::SACTEreq, [](Connection& c) { return status_of(end_activity(c)); }},
    {Input::SACTErsp, [](Connection& c) { return acknowledge_activity_end(c); }},
    {Input::SUERreq, [](Connection& c) { return report_exception(c, 0); }},
    {Input::SCDreq, [](Connection& c) { return send_capability_data(c, kData); }},
    {Input::SCDrsp, [](Connection& c) { return acknowledge_capability_data(c, kData); }},
};

// The table context the request functions build (requests.cpp, dialogue_requests.cpp), for the
// predicate oracle.
detail::Context request_context(const Connection& c, Input input) {
  static const ConnectRequest connect_request{};
  detail::Context ctx;
  ctx.input = input;
  switch (input) {
    case Input::SGTreq:
    case Input::SPTreq: ctx.tokens = kTokens; break;
    case Input::SDTreq:
    case Input::SEXreq:
    case Input::STDreq:
    case Input::SCDreq:
    case Input::SCDrsp: ctx.user_data = kData; break;
    case Input::SCONreq: ctx.connect = &connect_request; break;
    case Input::SSYNmreq:
    case Input::SSYNMreq:
    case Input::SACTEreq:
    case Input::SRSYNreq_a: ctx.serial = c.vars.vm; break;
    case Input::SSYNmrsp:
    case Input::SRSYNreq_r:
    case Input::SRSYNreq_s:
    case Input::SACTRreq: ctx.serial = kSerial; break;
    case Input::SRSYNrsp:
      ctx.serial = c.vars.vrsp == Resync::abandon ? c.vars.vm : c.vars.vrspnb;
      break;
    default: break;
  }
  return ctx;
}

// Rule R: refused with request_not_allowed naming the state and the primitive; nothing changed.
void expect_refused(Connection c, const Request& request) {
  // A pending S-CONNECT that a refused connect() must leave as it was.
  ConnectRequest pending;
  pending.user_data = {1, 2, 3};
  c.pending_connect = pending;
  const Connection before = c;
  const Status status = request.call(c);
  ASSERT_FALSE(status) << "the request was accepted; state now " << name(c.state);
  EXPECT_EQ(status.error().code, errc::request_not_allowed) << status.error().detail;
  EXPECT_TRUE(names(status.error().detail, name(before.state))) << status.error().detail;
  EXPECT_TRUE(names(status.error().detail, table::name(request.input))) << status.error().detail;
  expect_unchanged(c, before);
}

void sweep_requests(bool all_false, Tally& tally) {
  for (const SessionSetup& setup : kSetups) {
    for (State state : all_states()) {
      for (const Request& request : kRequests) {
        const Connection c = connection_in(state, setup);
        if (all_false) {
          if (blank(state, request.input) || some_row_holds(c, request_context(c, request.input))) {
            continue;
          }
        } else if (!blank(state, request.input)) {
          continue;
        }
        SCOPED_TRACE(label(setup.name, state, request.input));
        expect_refused(c, request);
        tally.add(state, request.input);
      }
    }
  }
}

TEST(SessionInvalidRuleR, BlankRequestsAreRefusedAndChangeNothing) {
  Tally tally;
  sweep_requests(false, tally);
  tally.print("Rule R, blank");
  EXPECT_GT(tally.pairs.size(), 200u);
}

TEST(SessionInvalidRuleR, RequestsWhoseConditionsAreAllFalseAreRefusedLikeBlankOnes) {
  Tally tally;
  sweep_requests(true, tally);
  tally.print("Rule R, rows with all conditions false");
  EXPECT_GT(tally.pairs.size(), 20u);
}

struct FalseRequestCase {
  std::string_view why;
  State state;
  SessionSetup setup;
  Input input;
  void (*prepare)(Connection&) = nullptr;
};

const Request& request_for(Input input) {
  return *std::ranges::find(kRequests, input, &Request::input);
}

const SessionSetup kHalfDuplexThere = {"v2 half-duplex, tokens with the peer", 2,
                                       fu::half_duplex | fu::negotiated_release, 0};

const FalseRequestCase kFalseRequestCases[] = {
    {"SDTreq without the data token (p03)", State::STA713, kHalfDuplexThere, Input::SDTreq},
    {"SRELrsp- without negotiated release (p67)", State::STA09, kDuplex, Input::SRELrsp_reject},
    {"SEXreq without expedited data (p08)", State::STA713, kDuplex, Input::SEXreq},
    {"STDreq without typed data (p06)", State::STA713, kDuplex, Input::STDreq},
    {"SGTreq of a token duplex does not create (p54)", State::STA713, kDuplex, Input::SGTreq},
    {"SGTreq of a token the peer holds (p54)", State::STA713, kHalfDuplexThere, Input::SGTreq},
    {"SPTreq of a token duplex does not create (p53)", State::STA713, kDuplex, Input::SPTreq},
    {"SCGreq without activity management (p55)", State::STA713, kHalfDuplexHere, Input::SCGreq},
    {"SRELreq while the peer holds the data token (p63)", State::STA713, kHalfDuplexThere,
     Input::SRELreq},
    {"SDTreq during a release collision (p04)", State::STA09, kDuplex, Input::SDTreq,
     [](Connection& c) { c.vars.vcoll = true; }},
    {"SCONreq as transport acceptor (p01)", State::STA01C, kDuplex, Input::SCONreq,
     [](Connection& c) { c.vars.vtca = true; }},
    {"SRELrsp+ in a collision before DN, as transport acceptor (p66, p75, p01)", State::STA09,
     kDuplex, Input::SRELrsp_accept,
     [](Connection& c) {
       c.vars.vcoll = true;
       c.vars.vtca = true;
     }},
};

TEST(SessionInvalidRuleR, HandPickedRequestsWithFalseConditionsAreRefused) {
  for (const FalseRequestCase& k : kFalseRequestCases) {
    SCOPED_TRACE(label(std::string(k.why) + "; " + std::string(k.setup.name), k.state, k.input));
    ASSERT_FALSE(blank(k.state, k.input)) << "the case is meant to have rows";
    Connection c = connection_in(k.state, k.setup);
    if (k.prepare != nullptr) k.prepare(c);
    expect_refused(c, request_for(k.input));
  }
}

// ---------------------------------------------------------------------------------------------
// Transport and timer events.

TEST(SessionInvalidTransport, TdisindInSta01IsIgnored) {
  for (const SessionSetup& setup : kSetups) {
    SCOPED_TRACE(setup.name);
    Connection c = connection_in(State::STA01, setup);
    c.held.clear();  // T-DISCONNECT drops held SPDUs in every state; none are held in STA01
    const Connection before = c;
    transport_disconnected(c);
    expect_unchanged(c, before);
  }
}

// `event` in every state where its table pair is blank changes nothing; returns the count.
int expect_ignored_where_blank(Input input, void (*event)(Connection&)) {
  int checked = 0;
  for (const SessionSetup& setup : kSetups) {
    for (State state : all_states()) {
      if (!blank(state, input)) continue;
      SCOPED_TRACE(label(setup.name, state, input));
      Connection c = connection_in(state, setup);
      const Connection before = c;
      event(c);
      expect_unchanged(c, before);
      ++checked;
    }
  }
  return checked;
}

TEST(SessionInvalidTransport, TconcnfOutsideSta01bIsIgnored) {
  const int n = expect_ignored_where_blank(Input::TCONcnf, transport_connected);
  std::cout << "[   info   ] TCONcnf ignored: " << n << " checks\n";
  EXPECT_EQ(n, static_cast<int>((state_count - 1) * std::size(kSetups)));
}

TEST(SessionInvalidTransport, TconindOutsideSta01IsIgnored) {
  // invalid.md: not an event of this SPM (the binding makes a new one); nothing may change.
  const int n = expect_ignored_where_blank(Input::TCONind, transport_indication);
  EXPECT_EQ(n, static_cast<int>((state_count - 1) * std::size(kSetups)));
}

TEST(SessionInvalidTimer, StaleExpiryIsIgnoredInEveryState) {
  for (State state : all_states()) {
    SCOPED_TRACE(name(state));
    Connection c = connection_in(state, kDuplex);
    c.tim.running = true;  // restarted since: generation 7 runs, 6 expired
    const Connection before = c;
    timer_expired(c, before.tim.generation - 1);
    expect_unchanged(c, before);

    c.tim.running = false;  // stopped since: even its own generation is stale
    const Connection stopped = c;
    timer_expired(c, stopped.tim.generation);
    expect_unchanged(c, stopped);
  }
}

TEST(SessionInvalidTimer, ExpiryWhereTimIsBlankIsIgnored) {
  int checked = 0;
  for (State state : all_states()) {
    if (!blank(state, Input::TIM)) continue;
    SCOPED_TRACE(name(state));
    Connection c = connection_in(state, kDuplex);
    c.tim.running = true;
    Connection before = c;
    timer_expired(c, c.tim.generation);
    // The timer did expire, so it no longer runs; nothing else may change.
    EXPECT_FALSE(c.tim.running);
    before.tim.running = false;
    expect_unchanged(c, before);
    ++checked;
  }
  std::cout << "[   info   ] TIM ignored: " << checked << " states\n";
  EXPECT_EQ(checked, static_cast<int>(state_count) - 3);
}

}  // namespace
}  // namespace piglix::session
