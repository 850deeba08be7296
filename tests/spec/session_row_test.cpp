// Every row of the X.225 Annex A table (specs/x225/annex-a/transitions.md), run on its own.
//
// For each row the test looks for a machine set up directly (state, variables, functional units,
// tokens, configuration) and an input (a received TSDU, a request with its parameters, a
// transport event or a timer expiry) for which that row is the first of its pair whose condition
// holds. It then drives the machine through its public API and checks what the row says: the
// SPDUs and transport primitives sent (items whose guards hold, in order), the events given to
// the SS-user, the next state and the timer ([3] stops TIM, [4] starts it). session_table_test.cpp
// proves table.cpp equals the spec, so walking table::transitions() walks the spec's rows.
//
// Setups are drawn at random from a fixed seed, many per row, so that every combination of
// literals a row needs is met; which row is first is asked of the machine's predicate evaluator
// (detail::holds) with the context the public call builds. The predicates themselves are checked
// by the pair and invalid-intersection tests, which reason them out on their own.
//
// Rows that no setup can reach over transport class 0 are listed in kUnreachable with the reason,
// and the test fails both when such a row is reached after all and when a row not listed is never
// reached.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "machine_inputs.hpp"
#include "piglix/session/connection.hpp"
#include "piglix/spdu/codec.hpp"
#include "session/context.hpp"
#include "session/machine.hpp"
#include "session/predicates.hpp"
#include "session/table.hpp"
#include "session/tokens.hpp"

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#endif

namespace piglix::session {
namespace {

using table::Input;
using table::Op;
using table::Predicate;
using table::Transition;
namespace fu = spdu::fu;
namespace tk = spdu::token;

// Setups tried per row before it counts as unreachable, and setups checked per reachable row.
constexpr int kAttempts = 20000;
constexpr int kChecksPerRow = 3;

// ---------------------------------------------------------------------------------------------
// Rows no setup reaches over class 0, by the literal that can never hold.

struct Unreachable {
  table::Literal literal;
  std::string_view reason;
};

const Unreachable kNeverHolds[] = {
    {!Predicate::p16,
     "TEXP is false over class 0: no transport expedited flow (PREPARE rows, Decisions #30)"},
    {Predicate::p36, "needs TEXP: no transport expedited flow over class 0"},
    {Predicate::p37, "needs TEXP: no transport expedited flow over class 0"},
    {Predicate::p82, "needs data separation, which piglix never selects"},
    {Predicate::p178, "needs symmetric synchronization, which piglix never selects"},
    {Predicate::p81, "V(Ado) >= V(A) needs data separation (V(Ado) stays -1)"},
    {Predicate::q01, "needs TEXP: no transport expedited flow over class 0"},
};

// The reason a row cannot be reached, or empty.
std::string_view unreachable_reason(const Transition& row) {
  if (row.input == Input::MIP_d || row.input == Input::SSYNmdreq) {
    return "MIP-d and S-SYNC-MINOR with data separation: piglix never selects data separation";
  }
  for (table::Literal l : row.condition.items()) {
    for (const Unreachable& u : kNeverHolds) {
      if (u.literal.predicate == l.predicate && u.literal.negated == l.negated) return u.reason;
    }
  }
  return {};
}

// ---------------------------------------------------------------------------------------------
// Random setups.

struct Draw {
  std::mt19937_64 rng{20261125};

  bool bit() { return (rng() & 1) != 0; }
  std::uint64_t in(std::uint64_t lo, std::uint64_t hi) {
    return std::uniform_int_distribution<std::uint64_t>(lo, hi)(rng);
  }
  template <class T, std::size_t N>
  T pick(const T (&options)[N]) {
    return options[in(0, N - 1)];
  }
  TokenSet tokens() {
    TokenSet t = 0;
    for (TokenSet token : {tk::data, tk::minor_sync, tk::major_activity, tk::release}) {
      if (bit()) t |= token;
    }
    return t;
  }
};

std::uint16_t random_units(Draw& d) {
  std::uint16_t units = d.bit() ? fu::duplex : fu::half_duplex;
  for (std::uint16_t unit : {fu::expedited_data, fu::typed_data, fu::negotiated_release,
                             fu::minor_synchronize, fu::major_synchronize, fu::resynchronize,
                             fu::activity_management, fu::capability_data, fu::exceptions}) {
    if (d.bit()) units |= unit;
  }
  return detail::usable_units(units);
}

const Resync kResyncs[] = {Resync::none, Resync::abandon,   Resync::restart,
                           Resync::set,  Resync::interrupt, Resync::discard};

Connection random_connection(State state, Draw& d) {
  Config config;
  config.keep_transport = d.bit();
  config.reuse_transport_on_release = d.bit();
  Connection c = make_connection(config);
  c.state = state;
  const std::uint16_t units = random_units(d);
  c.session.version = d.bit() ? 2 : 1;
  c.session.functional_units = units;
  c.session.available = detail::tokens_of(units);
  c.session.owned = static_cast<TokenSet>(d.tokens() & c.session.available);
  Variables& v = c.vars;
  v.vtca = d.bit();
  v.vtrr = d.bit();
  v.vcoll = d.bit();
  v.vdnr = d.bit();
  v.vact = d.bit();
  v.vnextact = d.bit();
  v.vsc = d.bit();
  v.vrsp = d.pick(kResyncs);
  v.vm = d.in(1, 4);
  v.va = d.in(1, v.vm);
  v.vr = d.in(1, v.vm);
  v.vrspnb = d.in(0, 5);
  v.discard_receive = d.bit();
  c.tim.running = d.bit();
  c.tim.generation = 7;
  // Set-up in flight: the initiator's request, whose user data may need CDOs (p204), and the
  // acceptor's indication. Only the set-up states read them.
  if (state == State::STA01B || state == State::STA01C || state == State::STA02A ||
      state == State::STA02B) {
    ConnectRequest request;
    request.user_data.assign(d.bit() ? 16 : spdu::limit::connect_extended_user_data + 100, 0x55);
    c.pending_connect = std::move(request);
  }
  if (state == State::STA01D || state == State::STA08) {
    ConnectIndication indication;
    indication.functional_units = units;
    indication.versions = spdu::version::v2;
    c.pending_indication = std::move(indication);
  }
  return c;
}

// ---------------------------------------------------------------------------------------------
// Inputs: how the public API is called, and the table context that call builds.

struct Stimulus {
  detail::Context ctx;
  std::function<Status(Connection&)> apply;
  // Keeps the SPDU, request or response that ctx points into alive.
  std::shared_ptr<const void> keep;
};

Stimulus received(const Connection& c, Input input, Draw& d) {
  spdu_inputs::SpduParameters p;
  p.serial = d.in(0, 5);
  p.tokens = d.tokens();
  if (p.tokens == 0) p.tokens = tk::data;
  p.overflow = d.bit();
  p.cn_versions = d.bit() ? spdu::version::v2 : spdu::version::v1;
  p.last_segment = d.bit();
  auto s = std::make_shared<const spdu::Spdu>(spdu_inputs::spdu_for(input, p));
  Stimulus out;
  out.ctx = spdu_inputs::received_context(c, input, *s);
  out.apply = [s](Connection& m) {
    receive(m, spdu_inputs::tsdu_of(*s));
    return Status{};
  };
  out.keep = s;
  return out;
}

Stimulus requested(const Connection& c, Input input, Draw& d) {
  static const ByteBuffer kData = {0x44};
  Stimulus out;
  detail::Context& ctx = out.ctx;
  ctx.input = input;
  const auto with = [&](auto call) { out.apply = call; };
  switch (input) {
    case Input::SCONreq: {
      auto r = std::make_shared<ConnectRequest>();
      r->user_data.assign(d.bit() ? 16 : spdu::limit::connect_extended_user_data + 100, 0x55);
      ctx.connect = r.get();
      out.keep = r;
      with([r](Connection& m) { return connect(m, *r); });
      break;
    }
    case Input::SCONrsp_accept: {
      auto r = std::make_shared<AcceptResponse>();
      r->functional_units = c.session.functional_units;
      ctx.accept = r.get();
      out.keep = r;
      with([r](Connection& m) { return accept(m, *r); });
      break;
    }
    case Input::SCONrsp_reject: {
      auto r = std::make_shared<RefuseResponse>();
      ctx.refuse = r.get();
      out.keep = r;
      with([r](Connection& m) { return refuse(m, *r); });
      break;
    }
    case Input::SDTreq:
      ctx.user_data = kData;
      with([](Connection& m) { return send_data(m, kData); });
      break;
    case Input::SEXreq:
      ctx.user_data = kData;
      with([](Connection& m) { return send_expedited_data(m, kData); });
      break;
    case Input::STDreq:
      ctx.user_data = kData;
      with([](Connection& m) { return send_typed_data(m, kData); });
      break;
    case Input::SCDreq:
      ctx.user_data = kData;
      with([](Connection& m) { return send_capability_data(m, kData); });
      break;
    case Input::SCDrsp:
      ctx.user_data = kData;
      with([](Connection& m) { return acknowledge_capability_data(m, kData); });
      break;
    case Input::SGTreq:
    case Input::SPTreq: {
      TokenSet t = d.tokens();
      if (t == 0) t = tk::data;
      ctx.tokens = t;
      if (input == Input::SGTreq) {
        with([t](Connection& m) { return give_tokens(m, t); });
      } else {
        with([t](Connection& m) { return please_tokens(m, t); });
      }
      break;
    }
    case Input::SCGreq: with([](Connection& m) { return give_control(m); }); break;
    case Input::SRELreq: with([](Connection& m) { return release(m); }); break;
    case Input::SRELrsp_accept: with([](Connection& m) { return accept_release(m); }); break;
    case Input::SRELrsp_reject: with([](Connection& m) { return refuse_release(m); }); break;
    case Input::SUABreq: with([](Connection& m) { return abort(m); }); break;
    case Input::SSYNmreq: {
      const bool confirm = d.bit();
      ctx.serial = c.vars.vm;
      ctx.confirm_required = confirm;
      with([confirm](Connection& m) {
        const auto r = sync_minor(m, confirm);
        return r ? Status{} : Status{r.error()};
      });
      break;
    }
    case Input::SSYNMreq:
      ctx.serial = c.vars.vm;
      with([](Connection& m) {
        const auto r = sync_major(m);
        return r ? Status{} : Status{r.error()};
      });
      break;
    case Input::SACTEreq:
      ctx.serial = c.vars.vm;
      with([](Connection& m) {
        const auto r = end_activity(m);
        return r ? Status{} : Status{r.error()};
      });
      break;
    case Input::SSYNmrsp: {
      const std::uint64_t sn = d.in(0, 5);
      ctx.serial = sn;
      with([sn](Connection& m) { return acknowledge_sync_minor(m, sn); });
      break;
    }
    case Input::SSYNMrsp: with([](Connection& m) { return acknowledge_sync_major(m); }); break;
    case Input::SRSYNreq_a:
    case Input::SRSYNreq_r:
    case Input::SRSYNreq_s: {
      ResyncRequest r;
      r.type = input == Input::SRSYNreq_a   ? ResyncType::abandon
               : input == Input::SRSYNreq_r ? ResyncType::restart
                                            : ResyncType::set;
      r.serial_number = d.in(0, 5);
      ctx.serial = r.type == ResyncType::abandon ? c.vars.vm : r.serial_number;
      with([r](Connection& m) { return resynchronize(m, r); });
      break;
    }
    case Input::SRSYNrsp:
      ctx.serial = c.vars.vrsp == Resync::abandon ? c.vars.vm : c.vars.vrspnb;
      with([](Connection& m) { return acknowledge_resynchronize(m, {}); });
      break;
    case Input::SACTSreq:
      ctx.activity_id = kData;
      with([](Connection& m) { return start_activity(m, kData); });
      break;
    case Input::SACTRreq: {
      auto r = std::make_shared<ActivityResumeRequest>();
      r->activity_id = kData;
      r->old_activity_id = kData;
      r->serial_number = d.in(0, 5);
      ctx.serial = r->serial_number;
      ctx.resume = r.get();
      out.keep = r;
      with([r](Connection& m) { return resume_activity(m, *r); });
      break;
    }
    case Input::SACTIreq: with([](Connection& m) { return interrupt_activity(m, 0); }); break;
    case Input::SACTIrsp:
      with([](Connection& m) { return acknowledge_activity_interrupt(m); });
      break;
    case Input::SACTDreq: with([](Connection& m) { return discard_activity(m, 0); }); break;
    case Input::SACTDrsp:
      with([](Connection& m) { return acknowledge_activity_discard(m); });
      break;
    case Input::SACTErsp: with([](Connection& m) { return acknowledge_activity_end(m); }); break;
    case Input::SUERreq: with([](Connection& m) { return report_exception(m, 0); }); break;
    default: ADD_FAILURE() << table::name(input) << " is not a request"; break;
  }
  return out;
}

Stimulus transport_or_timer(Input input) {
  Stimulus out;
  out.ctx.input = input;
  out.apply = [input](Connection& m) {
    switch (input) {
      case Input::TCONind: transport_indication(m); break;
      case Input::TCONcnf: transport_connected(m); break;
      case Input::TDISind: transport_disconnected(m); break;
      default:
        m.tim.running = true;
        timer_expired(m, m.tim.generation);
        break;
    }
    return Status{};
  };
  return out;
}

bool is_request(Input in) { return in <= Input::SUERreq; }

Stimulus stimulus_for(const Connection& c, Input input, Draw& d) {
  if (is_request(input)) return requested(c, input, d);
  if (input >= Input::TCONind && input <= Input::TIM) return transport_or_timer(input);
  return received(c, input, d);
}

// ---------------------------------------------------------------------------------------------
// What a row says, and what the machine did, in spec spellings.

bool is_send(Op op) { return op <= Op::send_ED; }
bool is_indication(Op op) { return op >= Op::SCONind && op <= Op::SPERind; }
bool is_transport(Op op) { return op == Op::TCONreq || op == Op::TCONrsp || op == Op::TDISreq; }

struct Outcome {
  std::vector<std::string> sent;    // SPDUs and transport primitives, in order
  std::vector<std::string> events;  // primitives to the SS-user, in order
  std::string state;
  std::string timer;  // TIM after the input: [3] stops it, [4] (re)starts it
};

std::string timer_text(bool running, std::uint32_t generation) {
  return (running ? "running, start " : "stopped, start ") + std::to_string(generation);
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
  return "[" + out + "]";
}

// AE and MAP, AEA and MAA share their SI codes; the receiver tells them apart by its state and
// by whether activity management is selected. One spelling for each pair keeps the comparison to
// what the octets can show.
std::string octets_name(std::string name) {
  if (name == "AE") return "MAP/AE";
  if (name == "MAP") return "MAP/AE";
  if (name == "AEA") return "MAA/AEA";
  if (name == "MAA") return "MAA/AEA";
  return name;
}

Outcome expected_outcome(const Connection& c, const detail::Context& ctx, const Transition& row) {
  Outcome out;
  for (const table::Step& step : row.steps.items()) {
    if (step.guarded && !detail::holds(c, ctx, step.guard)) continue;
    const std::string item(table::name(step.op));
    if (is_send(step.op) || is_transport(step.op)) out.sent.push_back(octets_name(item));
    if (is_indication(step.op)) out.events.push_back(item);
  }
  out.state = std::string(name(row.next.stay ? row.state : row.next.state));
  // An expiry stops the timer before its row runs (timer_expired()).
  bool running = c.tim.running && row.input != Input::TIM;
  std::uint32_t generation = c.tim.generation;
  for (const table::Step& step : row.steps.items()) {
    if (step.op == Op::a3) running = false;
    if (step.op == Op::a4) {
      running = true;
      ++generation;
    }
  }
  out.timer = timer_text(running, generation);
  return out;
}

std::string sent_name(const spdu::Spdu& s) {
  namespace td = spdu::transport_disconnect;
  const auto released = [](std::optional<std::uint8_t> v) { return !v || (*v & td::released); };
  const std::string base(spdu::info(s).abbreviation);
  if (const auto* ab = std::get_if<spdu::Abort>(&s)) {
    return released(ab->transport_disconnect) ? "AB-nr" : "AB-r";
  }
  if (const auto* rf = std::get_if<spdu::Refuse>(&s)) {
    return released(rf->transport_disconnect) ? "RF-nr" : "RF-r";
  }
  if (const auto* fn = std::get_if<spdu::Finish>(&s)) {
    return released(fn->transport_disconnect) ? "FN-nr" : "FN-r";
  }
  if (const auto* rs = std::get_if<spdu::Resynchronize>(&s)) {
    switch (rs->resync_type) {
      case spdu::resync_type::abandon: return "RS-a";
      case spdu::resync_type::set: return "RS-s";
      default: return "RS-r";
    }
  }
  return octets_name(base);
}

// The SPDUs of one sent TSDU, without the empty GT or PT herald in front of a category 2 SPDU.
void add_sent_spdus(const ByteBuffer& tsdu, std::vector<std::string>& out) {
  Result<std::vector<spdu::Spdu>> spdus = spdu::decode_tsdu(tsdu);
  if (!spdus) {
    out.push_back("undecodable TSDU: " + spdus.error().message());
    return;
  }
  for (std::size_t i = 0; i < spdus->size(); ++i) {
    const spdu::Spdu& s = (*spdus)[i];
    const bool herald = i + 1 < spdus->size() &&
                        spdu::info((*spdus)[i + 1]).category == spdu::Category::two &&
                        spdu::info(s).category == spdu::Category::zero;
    if (!herald) out.push_back(sent_name(s));
  }
}

std::string event_name(const Event& e) {
  struct Namer {
    std::string operator()(const ConnectIndication&) const { return "SCONind"; }
    std::string operator()(const ConnectConfirm& x) const {
      return x.accepted ? "SCONcnf+" : "SCONcnf-";
    }
    std::string operator()(const DataIndication&) const { return "SDTind"; }
    std::string operator()(const ExpeditedDataIndication&) const { return "SEXind"; }
    std::string operator()(const TypedDataIndication&) const { return "STDind"; }
    std::string operator()(const CapabilityDataIndication&) const { return "SCDind"; }
    std::string operator()(const CapabilityDataConfirm&) const { return "SCDcnf"; }
    std::string operator()(const TokenGiveIndication&) const { return "SGTind"; }
    std::string operator()(const TokenPleaseIndication&) const { return "SPTind"; }
    std::string operator()(const ControlGiveIndication&) const { return "SCGind"; }
    std::string operator()(const SyncMinorIndication&) const { return "SSYNmind"; }
    std::string operator()(const SyncMinorConfirm&) const { return "SSYNmcnf"; }
    std::string operator()(const SyncMajorIndication&) const { return "SSYNMind"; }
    std::string operator()(const SyncMajorConfirm&) const { return "SSYNMcnf"; }
    std::string operator()(const ResyncIndication&) const { return "SRSYNind"; }
    std::string operator()(const ResyncConfirm&) const { return "SRSYNcnf"; }
    std::string operator()(const ActivityStartIndication&) const { return "SACTSind"; }
    std::string operator()(const ActivityResumeIndication&) const { return "SACTRind"; }
    std::string operator()(const ActivityInterruptIndication&) const { return "SACTIind"; }
    std::string operator()(const ActivityInterruptConfirm&) const { return "SACTIcnf"; }
    std::string operator()(const ActivityDiscardIndication&) const { return "SACTDind"; }
    std::string operator()(const ActivityDiscardConfirm&) const { return "SACTDcnf"; }
    std::string operator()(const ActivityEndIndication&) const { return "SACTEind"; }
    std::string operator()(const ActivityEndConfirm&) const { return "SACTEcnf"; }
    std::string operator()(const UserExceptionIndication&) const { return "SUERind"; }
    std::string operator()(const ProviderExceptionIndication&) const { return "SPERind"; }
    std::string operator()(const ReleaseIndication&) const { return "SRELind"; }
    std::string operator()(const ReleaseConfirm& x) const {
      return x.accepted ? "SRELcnf+" : "SRELcnf-";
    }
    std::string operator()(const AbortIndication& x) const {
      switch (x.source) {
        case AbortIndication::Source::user:
        case AbortIndication::Source::peer_provider: return "SxABind";
        case AbortIndication::Source::transport_lost: return "SPABind";
        case AbortIndication::Source::protocol_error:
          return "S-P-ABORT for a protocol error (" + (x.error ? x.error->message() : "") + ")";
      }
      return "AbortIndication";
    }
  };
  return std::visit(Namer{}, e);
}

Outcome observed_outcome(const Connection& c) {
  Outcome out;
  for (const TransportAction& action : c.transport_out) {
    switch (action.kind) {
      case TransportAction::Kind::connect: out.sent.push_back("TCONreq"); break;
      case TransportAction::Kind::accept: out.sent.push_back("TCONrsp"); break;
      case TransportAction::Kind::disconnect: out.sent.push_back("TDISreq"); break;
      case TransportAction::Kind::send: add_sent_spdus(action.tsdu, out.sent); break;
    }
  }
  for (const Event& e : c.events) out.events.push_back(event_name(e));
  out.state = std::string(name(c.state));
  out.timer = timer_text(c.tim.running, c.tim.generation);
  return out;
}

// ---------------------------------------------------------------------------------------------
// The search.

std::string row_label(const Transition& row, std::size_t index) {
  std::string condition;
  for (table::Literal l : row.condition.items()) {
    condition += (condition.empty() ? "" : " & ") + std::string(l.negated ? "!" : "") +
                 std::string(table::name(l.predicate));
  }
  return "row " + std::to_string(index) + ": " + std::string(name(row.state)) + " " +
         std::string(table::name(row.input)) + " [" + condition + "]";
}

// The position of transitions()[index] among the rows of its pair.
std::size_t position_in_pair(std::size_t index) {
  const auto all = table::transitions();
  std::size_t k = 0;
  for (std::size_t j = 0; j < index; ++j) {
    if (all[j].state == all[index].state && all[j].input == all[index].input) ++k;
  }
  return k;
}

// Whether the row at `position` of its pair is the first that holds for (c, ctx).
bool first_to_hold(const Connection& c, const detail::Context& ctx, const Transition& row,
                   std::size_t position) {
  const auto pair = table::rows(row.state, row.input);
  for (std::size_t k = 0; k < pair.size(); ++k) {
    if (detail::holds(c, ctx, pair[k].condition)) return k == position;
  }
  return false;
}

std::string setup_text(const Connection& c) {
  const Variables& v = c.vars;
  std::ostringstream out;
  out << "version " << int{c.session.version} << ", units 0x" << std::hex
      << c.session.functional_units << ", owned 0x" << int{c.session.owned} << std::dec << ", Vtca "
      << v.vtca << ", Vcoll " << v.vcoll << ", Vdnr " << v.vdnr << ", Vact " << v.vact
      << ", Vnextact " << v.vnextact << ", Vrsp " << static_cast<int>(v.vrsp) << " (" << v.vrspnb
      << "), V(A) " << v.va << ", V(M) " << v.vm << ", V(R) " << v.vr << ", discard "
      << v.discard_receive;
  return out.str();
}

// Runs the row once on (c, stimulus); false on a mismatch, reported.
bool check_row(const Transition& row, std::size_t index, Connection c, const Stimulus& stimulus) {
  const Outcome expected = expected_outcome(c, stimulus.ctx, row);
  const std::string setup = setup_text(c);
  const Status status = stimulus.apply(c);
  const Outcome got = observed_outcome(c);
  const bool ok = status && got.sent == expected.sent && got.events == expected.events &&
                  got.state == expected.state && got.timer == expected.timer;
  EXPECT_TRUE(ok) << row_label(row, index) << "\n  setup:  " << setup
                  << "\n  call:   " << (status ? "accepted" : status.error().message())
                  << "\n  sent:   " << joined(got.sent) << ", expected " << joined(expected.sent)
                  << "\n  events: " << joined(got.events) << ", expected "
                  << joined(expected.events) << "\n  state:  " << got.state << ", expected "
                  << expected.state << "\n  TIM:    " << got.timer << ", expected "
                  << expected.timer;
  return ok;
}

TEST(SessionRows, EveryRowBehavesAsWrittenOrIsListedUnreachable) {
  Draw d;
  const auto rows = table::transitions();
  std::map<std::string_view, int> unreachable_by_reason;
  int reached = 0, checks = 0, hardest = 0;  // hardest: most draws a row needed
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const Transition& row = rows[i];
    const std::string_view reason = unreachable_reason(row);
    const std::size_t position = position_in_pair(i);
    int found = 0;
    // No call of the public API is classified MIP-d or SSYNmdreq, so there is nothing to try.
    const bool no_input = row.input == Input::MIP_d || row.input == Input::SSYNmdreq;
    for (int attempt = 0; !no_input && attempt < kAttempts && found < kChecksPerRow; ++attempt) {
      const Connection c = random_connection(row.state, d);
      const Stimulus stimulus = stimulus_for(c, row.input, d);
      if (!first_to_hold(c, stimulus.ctx, row, position)) continue;
      if (found == 0) hardest = std::max(hardest, attempt + 1);
      ++found;
      ++checks;
      if (!check_row(row, i, c, stimulus)) break;  // one report per row
    }
    if (found > 0) ++reached;
    if (!reason.empty()) {
      ++unreachable_by_reason[reason];
      EXPECT_EQ(found, 0) << row_label(row, i) << " is listed unreachable (" << reason
                          << ") but a setup reached it";
    } else {
      EXPECT_GT(found, 0) << row_label(row, i) << ": no setup in " << kAttempts
                          << " made it the first row of its pair to hold";
    }
  }
  std::cout << "[   info   ] " << reached << " of " << rows.size() << " rows run, " << checks
            << " checks; the hardest row took " << hardest << " draws of " << kAttempts << "\n";
  for (const auto& [reason, count] : unreachable_by_reason) {
    std::cout << "[   info   ] unreachable, " << count << " rows: " << reason << "\n";
  }
}

}  // namespace
}  // namespace piglix::session
