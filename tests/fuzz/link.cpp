#include "link.hpp"

#include <array>
#include <cstdio>
#include <string>
#include <utility>

#include "check.hpp"
#include "piglix/session/connection.hpp"

namespace piglix::fuzz {

Link::Link(stack::Config initiator_config, stack::Config responder_config)
    : initiator(stack::make_initiator(std::move(initiator_config))),
      responder(stack::make_acceptor(std::move(responder_config))) {
  stack::network_connected(initiator);
}

bool Link::flush_once(stack::Connection& from, stack::Connection& to) {
  if (tcp_closed) return false;
  ByteBuffer octets = from.transport.output.take_all();
  if (!octets.empty()) stack::receive(to, octets);
  if (from.transport.close_after_output) {
    tcp_closed = true;
    stack::network_closed(to);
    stack::network_closed(from);
    return true;
  }
  return !octets.empty();
}

void Link::pump() {
  // Each round trip either moves octets or ends; a dialogue that kept talking by itself would be
  // a harness bug, so the bound is an assertion, not a truncation.
  for (int round = 0; round < 100; ++round) {
    const bool a = flush_once(initiator, responder);
    const bool b = flush_once(responder, initiator);
    if (!a && !b) return;
  }
  check(false, "the set-up dialogue settles");
}

void Link::drop_events() {
  while (session::poll_event(initiator.session)) {
  }
  while (session::poll_event(responder.session)) {
  }
}

namespace {

using session::State;
using session::TokenSide;
namespace fu = spdu::fu;

// Every functional unit piglix negotiates except duplex, so that the tokens exist.
constexpr std::uint16_t all_units = session::supported_functional_units & ~fu::duplex;

const ByteBuffer& filler() {
  static const ByteBuffer octets = [] {
    ByteBuffer b(16384);
    for (std::size_t i = 0; i < b.size(); ++i) b[i] = static_cast<std::uint8_t>(i * 31 + 7);
    return b;
  }();
  return octets;
}
Bytes data(std::size_t n) { return Bytes(filler()).first(n); }

// The link under construction and who is who in it.
struct Play {
  Link& link;
  Role role;
  stack::Connection& self() { return role == Role::initiator ? link.initiator : link.responder; }
  stack::Connection& peer() { return role == Role::initiator ? link.responder : link.initiator; }
};

// A request of the set-up: it must be allowed (else the scenario is wrong), then everything is
// carried across.
void ok(Play& p, stack::Connection& c, const Status& status, std::string_view what) {
  if (!status) std::fprintf(stderr, "%s\n", status.error().message().c_str());
  check(status.has_value(), what);
  stack::pump(c);
  p.link.pump();
}

template <class T>
void ok(Play& p, stack::Connection& c, const Result<T>& result, std::string_view what) {
  if (!result) std::fprintf(stderr, "%s\n", result.error().message().c_str());
  check(result.has_value(), what);
  stack::pump(c);
  p.link.pump();
}

session::ConnectRequest connect_request(std::uint16_t units, std::uint8_t token_setting,
                                        std::size_t user_data = 20) {
  session::ConnectRequest r;
  r.calling_selector = ByteBuffer{0x00, 0x01};
  r.called_selector = ByteBuffer{0x00, 0x01};
  r.functional_units = units;
  r.token_setting = token_setting;
  if (units & (fu::minor_synchronize | fu::major_synchronize | fu::resynchronize)) {
    r.initial_serial_number = 1;
  }
  const Bytes d = data(user_data);
  r.user_data.assign(d.begin(), d.end());
  return r;
}

enum class Holder { self, peer };

// Connects with `units`, every token starting on `holder`'s side, and accepts.
void establish(Play& p, std::uint16_t units, Holder holder = Holder::self) {
  const bool initiator_holds = (holder == Holder::self) == (p.role == Role::initiator);
  const std::uint8_t setting = session::token_setting(
      spdu::token::all, initiator_holds ? TokenSide::initiator : TokenSide::acceptor);
  ok(p, p.link.initiator,
     session::connect(p.link.initiator.session, connect_request(units, setting)),
     "S-CONNECT request");
  session::AcceptResponse response;
  response.responding_selector = ByteBuffer{0x00, 0x01};
  response.functional_units = units;
  ok(p, p.link.responder, session::accept(p.link.responder.session, std::move(response)),
     "S-CONNECT response");
}

void establish_all(Play& p, Holder holder) { establish(p, all_units, holder); }

stack::Connection& actor(Play& p, Holder who) { return who == Holder::self ? p.self() : p.peer(); }

void start_activity(Play& p, Holder who) {
  establish_all(p, who);
  stack::Connection& c = actor(p, who);
  ok(p, c, session::start_activity(c.session, data(2)), "S-ACTIVITY-START request");
}

// --- The scenarios ----------------------------------------------------------------------------

void fresh(Play& p) {
  // The initiator has asked for the session: its CR is written. The responder has read nothing.
  if (p.role == Role::initiator) {
    check(session::connect(p.link.initiator.session, connect_request(fu::duplex, 0)).has_value(),
          "S-CONNECT request");
    stack::pump(p.link.initiator);
  }
}

void transport_open(Play& p) {
  // The transport connection is open; the responder has not seen the CN yet, the initiator's CN
  // has gone out but nothing answered it.
  check(session::connect(p.link.initiator.session, connect_request(all_units, 0)).has_value(),
        "S-CONNECT request");
  stack::pump(p.link.initiator);
  p.link.flush_once(p.link.initiator, p.link.responder);                                 // CR
  if (p.role == Role::initiator) p.link.flush_once(p.link.responder, p.link.initiator);  // CC
}

void overflow(Play& p) {
  // S-CONNECT with more user data than one CN carries: the initiator waits for OA, the
  // responder has sent OA and waits for the CDOs.
  check(
      session::connect(p.link.initiator.session, connect_request(fu::duplex, 0, 12000)).has_value(),
      "S-CONNECT request with overflow");
  stack::pump(p.link.initiator);
  p.link.flush_once(p.link.initiator, p.link.responder);  // CR
  p.link.flush_once(p.link.responder, p.link.initiator);  // CC, then the CN goes out
  if (p.role == Role::responder) p.link.flush_once(p.link.initiator, p.link.responder);  // CN
}

void indication(Play& p) {
  ok(p, p.link.initiator,
     session::connect(p.link.initiator.session, connect_request(all_units, 0x55)),
     "S-CONNECT request");
}

void duplex(Play& p) { establish(p, fu::duplex); }
void half_self(Play& p) { establish(p, fu::half_duplex, Holder::self); }
void half_peer(Play& p) { establish(p, fu::half_duplex, Holder::peer); }
void all_self(Play& p) { establish_all(p, Holder::self); }
void all_peer(Play& p) { establish_all(p, Holder::peer); }
void activity_self(Play& p) { start_activity(p, Holder::self); }
void activity_peer(Play& p) { start_activity(p, Holder::peer); }

template <Holder who>
void minor_sync(Play& p) {
  start_activity(p, who);  // with activity management, sync points are inside activities
  stack::Connection& c = actor(p, who);
  ok(p, c, session::sync_minor(c.session, true, data(3)), "S-SYNC-MINOR request");
}

template <Holder who>
void major_sync(Play& p) {
  start_activity(p, who);  // with activity management, sync points are inside activities
  stack::Connection& c = actor(p, who);
  ok(p, c, session::sync_major(c.session, data(3)), "S-SYNC-MAJOR request");
}

template <Holder who>
void resync(Play& p) {
  start_activity(p, who);
  stack::Connection& c = actor(p, who);
  session::ResyncRequest r;
  r.type = session::ResyncType::abandon;
  ok(p, c, session::resynchronize(c.session, std::move(r)), "S-RESYNCHRONIZE request");
}

template <Holder who>
void release(Play& p) {
  establish_all(p, who);
  stack::Connection& c = actor(p, who);
  ok(p, c, session::release(c.session, data(4)), "S-RELEASE request");
}

template <Holder who>
void interrupt(Play& p) {
  start_activity(p, who);
  stack::Connection& c = actor(p, who);
  ok(p, c, session::interrupt_activity(c.session, 0, data(2)), "S-ACTIVITY-INTERRUPT request");
}

template <Holder who>
void discard(Play& p) {
  start_activity(p, who);
  stack::Connection& c = actor(p, who);
  ok(p, c, session::discard_activity(c.session, 0, data(2)), "S-ACTIVITY-DISCARD request");
}

template <Holder who>
void activity_end(Play& p) {
  start_activity(p, who);
  stack::Connection& c = actor(p, who);
  ok(p, c, session::end_activity(c.session, data(2)), "S-ACTIVITY-END request");
}

template <Holder who>
void capability(Play& p) {
  establish_all(p, who);
  stack::Connection& c = actor(p, who);
  ok(p, c, session::send_capability_data(c.session, data(5)), "S-CAPABILITY-DATA request");
}

template <Holder who>
void exception(Play& p) {
  // The reporting side is the one without the data token, inside the other's activity.
  start_activity(p, who == Holder::self ? Holder::peer : Holder::self);
  stack::Connection& c = actor(p, who);
  ok(p, c, session::report_exception(c.session, 0, data(2)), "S-U-EXCEPTION-REPORT request");
}

void give_control(Play& p) {
  establish_all(p, Holder::self);
  // The GTC is written but the peer never answers it with GTA: the fuzz input does.
  check(session::give_control(p.self().session).has_value(), "S-CONTROL-GIVE request");
  stack::pump(p.self());
}

struct Entry {
  Scenario scenario;
  void (*play)(Play&);
  // Session configuration of both sides.
  bool keep_transport = false;
  std::uint8_t versions = spdu::version::v2;
  std::uint16_t max_receive_tsdu = 0;
};

constexpr std::uint8_t v1 = spdu::version::v1;

const std::array kEntries = {
    Entry{{"fresh", State::STA01B, State::STA01}, fresh},
    Entry{{"transport open", State::STA02A, State::STA01C}, transport_open},
    Entry{{"connect overflow", State::STA02B, State::STA01D}, overflow},
    Entry{{"connect indicated", State::STA02A, State::STA08}, indication},
    Entry{{"duplex", State::STA713, State::STA713}, duplex},
    Entry{{"half duplex, self holds the token", State::STA713, State::STA713}, half_self},
    Entry{{"half duplex, peer holds the token", State::STA713, State::STA713}, half_peer},
    Entry{{"all units, self holds the tokens", State::STA713, State::STA713}, all_self},
    Entry{{"all units, peer holds the tokens", State::STA713, State::STA713}, all_peer},
    Entry{{"activity started by self", State::STA713, State::STA713}, activity_self},
    Entry{{"activity started by peer", State::STA713, State::STA713}, activity_peer},
    Entry{{"self sent MIP", State::STA713, State::STA713}, minor_sync<Holder::self>},
    Entry{{"peer sent MIP", State::STA713, State::STA713}, minor_sync<Holder::peer>},
    Entry{{"self sent MAP", State::STA04A, State::STA04A}, major_sync<Holder::self>},
    Entry{{"peer sent MAP", State::STA10A, State::STA10A}, major_sync<Holder::peer>},
    Entry{{"self sent RS", State::STA05A, State::STA05A}, resync<Holder::self>},
    Entry{{"peer sent RS", State::STA11A, State::STA11A}, resync<Holder::peer>},
    Entry{{"self sent FN", State::STA03, State::STA03}, release<Holder::self>},
    Entry{{"peer sent FN", State::STA09, State::STA09}, release<Holder::peer>},
    Entry{{"self sent AI", State::STA05B, State::STA05B}, interrupt<Holder::self>},
    Entry{{"peer sent AI", State::STA11B, State::STA11B}, interrupt<Holder::peer>},
    Entry{{"self sent AD", State::STA05C, State::STA05C}, discard<Holder::self>},
    Entry{{"peer sent AD", State::STA11C, State::STA11C}, discard<Holder::peer>},
    Entry{{"self sent AE", State::STA04B, State::STA04B}, activity_end<Holder::self>},
    Entry{{"peer sent AE", State::STA10B, State::STA10B}, activity_end<Holder::peer>},
    Entry{{"self sent CD", State::STA21, State::STA21}, capability<Holder::self>},
    Entry{{"peer sent CD", State::STA22, State::STA22}, capability<Holder::peer>},
    Entry{{"self sent ED", State::STA19, State::STA19}, exception<Holder::self>},
    Entry{{"peer sent ED", State::STA20, State::STA20}, exception<Holder::peer>},
    Entry{{"self sent GTC", State::STA18, State::STA18}, give_control},
    Entry{{"duplex, transport kept after abort", State::STA713, State::STA713}, duplex, true},
    Entry{{"version 1, all units", State::STA713, State::STA713}, all_self, false, v1},
    Entry{{"TSDU maximum size 80", State::STA713, State::STA713},
          all_self,
          false,
          spdu::version::v2,
          80},
};

}  // namespace

std::size_t scenario_count() noexcept { return kEntries.size(); }
const Scenario& scenario(std::size_t index) noexcept { return kEntries[index].scenario; }

Link play_scenario(std::size_t index, Role role) {
  const Entry& e = kEntries[index];
  stack::Config config;
  config.session.keep_transport = e.keep_transport;
  config.session.versions = e.versions;
  config.session.max_receive_tsdu = e.max_receive_tsdu;
  Link link(config, config);
  Play p{link, role};
  e.play(p);

  stack::Connection& self = p.self();
  const State expected =
      role == Role::initiator ? e.scenario.initiator_state : e.scenario.responder_state;
  if (self.session.state != expected) {
    std::fprintf(stderr, "scenario \"%.*s\": the %s is in %.*s, not %.*s\n",
                 static_cast<int>(e.scenario.name.size()), e.scenario.name.data(),
                 role == Role::initiator ? "initiator" : "responder",
                 static_cast<int>(session::name(self.session.state).size()),
                 session::name(self.session.state).data(),
                 static_cast<int>(session::name(expected).size()), session::name(expected).data());
  }
  check(self.session.state == expected, "the scenario reaches its state");
  check(!link.tcp_closed && self.transport.framer.at_boundary(),
        "the scenario leaves the connection open at a TPKT boundary");
  // What the side under test wrote went to the peer, or is dropped where the peer stops short.
  self.transport.output.clear();
  link.drop_events();
  return link;
}

}  // namespace piglix::fuzz
