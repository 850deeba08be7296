#include "connection_fuzz.hpp"

#include <array>
#include <optional>
#include <type_traits>
#include <variant>
#include <vector>

#include "check.hpp"
#include "fuzz_input.hpp"
#include "piglix/tpdu.hpp"
#include "piglix/tpkt.hpp"
#include "user_requests.hpp"
#include "wire_check.hpp"

namespace piglix::fuzz {
namespace {

using session::Event;

// An event must hold one of its alternatives with values in range.
void check_event(const stack::Connection& c, const Event& e) {
  check(!e.valueless_by_exception(), "an event holds a value");
  std::visit(
      [&](const auto& v) {
        using T = std::remove_cvref_t<decltype(v)>;
        if constexpr (requires { v.data; }) {
          check(v.data.size() <= c.session.config.max_ssdu_size, "indicated data is bounded");
        }
        if constexpr (requires { v.user_data; }) {
          check(v.user_data.size() <= c.session.config.max_ssdu_size,
                "indicated user data is bounded");
        }
        if constexpr (std::is_same_v<T, session::TokenGiveIndication> ||
                      std::is_same_v<T, session::TokenPleaseIndication>) {
          check((v.tokens & ~spdu::token::all) == 0, "only defined tokens are indicated");
        }
        if constexpr (std::is_same_v<T, session::ConnectConfirm>) {
          if (v.accepted) {
            check(v.version == 1 || v.version == 2, "an accepted session has version 1 or 2");
            check((v.functional_units & ~session::supported_functional_units) == 0,
                  "only supported functional units are selected");
            check((v.tokens_owned & ~spdu::token::all) == 0, "only defined tokens are owned");
          }
        }
        if constexpr (std::is_same_v<T, session::AbortIndication>) {
          check(v.source <= session::AbortIndication::Source::transport_lost,
                "an abort names a defined source");
        }
        if constexpr (std::is_same_v<T, session::ResyncConfirm>) {
          check((v.tokens_owned & ~spdu::token::all) == 0, "only defined tokens are owned");
        }
      },
      e);
}

// The connection under test, the checks of what it writes, and the bounds they keep.
struct Run {
  explicit Run(stack::Connection& connection) : c(connection) {}

  stack::Connection& c;
  WireCheck wire;
  bool finished = false;          // TCP closed after the connection asked for it or lost it
  std::size_t written = 0;        // octets written since the scenario
  std::size_t events = 0;         // events given since the scenario
  std::size_t allowance = 16384;  // what the inputs so far may make it write

  // Takes what one input made the connection do. `received` says the input was received
  // octets, which a finished connection must ignore.
  void settle(bool received) {
    take_output();
    std::size_t given = 0;
    while (auto e = session::poll_event(c.session)) {
      check_event(c, *e);
      ++given;
    }
    events += given;
    check(!(finished && received && given != 0), "a finished connection indicates nothing");
    check(events <= allowance, "events stay bounded");
    if (!finished && c.transport.close_after_output) {
      // The binding closes TCP once the output is written.
      finished = true;
      stack::network_closed(c);
      take_output();
      while (auto e = session::poll_event(c.session)) check_event(c, *e);
    }
    check(static_cast<std::size_t>(c.session.state) < session::state_count,
          "the session is in a defined state");
    check(static_cast<std::size_t>(c.transport.state) < transport::state_count,
          "the transport is in a defined state");
    if (finished) {
      check(c.transport.state == transport::State::closed, "a finished transport stays closed");
      check(c.session.state == session::State::STA01, "a finished session stays idle");
    }
  }

  void take_output() {
    ByteBuffer octets = c.transport.output.take_all();
    check(!(finished && !octets.empty()), "a finished connection writes nothing");
    wire.feed(c, octets);
    written += octets.size();
    check(written <= allowance, "output stays bounded by the inputs");
  }

  void receive(Bytes octets, std::size_t cut) {
    allowance += 64 + octets.size();
    if (cut == 0 || cut >= octets.size()) {
      stack::receive(c, octets);
    } else {
      stack::receive(c, octets.first(cut));
      stack::receive(c, octets.subspan(cut));
    }
    settle(true);
  }
};

ByteBuffer dt_packet(Bytes user_data, bool end_of_tsdu) {
  ByteBuffer packet;
  const auto header = tpkt::header_for(tpdu::dt_header_size + user_data.size());
  packet.insert(packet.end(), header.begin(), header.end());
  const auto dt = tpdu::dt_header(end_of_tsdu);
  packet.insert(packet.end(), dt.begin(), dt.end());
  packet.insert(packet.end(), user_data.begin(), user_data.end());
  return packet;
}

void request(Run& run, std::size_t which, Input& in) {
  session::Connection& s = run.c.session;
  const session::State state = s.state;
  const session::TokenSet owned = s.session.owned;
  const std::uint64_t vm = s.vars.vm;
  const std::size_t events = s.events.size();
  const std::size_t actions = s.transport_out.size();
  const bool timer = s.tim.running;
  std::size_t data_octets = 0;
  const Status status = make_request(s, which, in, data_octets);
  if (!status) {
    check(status.error().code == errc::request_not_allowed ||
              status.error().code == errc::invalid_argument ||
              status.error().code == errc::limit_exceeded ||
              status.error().code == errc::value_too_large,
          "a refused request says why with a request error");
    check(s.state == state && s.session.owned == owned && s.vars.vm == vm &&
              s.events.size() == events && s.transport_out.size() == actions &&
              s.tim.running == timer,
          "a refused request changes nothing");
  }
  // Segmentation and headers add a little to the user data; the rest is a fixed allowance.
  run.allowance += 2 * data_octets + 1024;
  stack::pump(run.c);
  run.settle(false);
}

void misc(Run& run, std::uint8_t what, Input& in) {
  if (what < 30) {
    const session::Timer tim = session::timer(run.c.session);
    if (!tim.running) return;
    session::timer_expired(run.c.session, what < 20 ? tim.generation : tim.generation - 1);
    stack::pump(run.c);
    run.allowance += 1024;
    run.settle(false);
  } else if (what == 30) {
    stack::network_closed(run.c);
    run.finished = true;
    run.allowance += 1024;
    run.settle(false);
  } else {
    // One TSDU spread over several DTs (the transport reassembles it).
    const Bytes tsdu = in.take(in.u8());
    const std::size_t piece = in.u8() % 16 + 1;
    ByteBuffer stream;
    std::size_t at = 0;
    do {
      const Bytes part = tsdu.subspan(at, std::min(piece, tsdu.size() - at));
      at += part.size();
      const ByteBuffer packet = dt_packet(part, at == tsdu.size());
      stream.insert(stream.end(), packet.begin(), packet.end());
    } while (at < tsdu.size());
    run.receive(stream, 0);
  }
}

}  // namespace

void run_connection(Role role, const std::uint8_t* data, std::size_t size) {
  Input in(Bytes(data, size));
  if (in.empty()) return;
  // Each scenario is played once per process and copied for every input: the set-up dialogue
  // costs more than most inputs, and a copy starts from exactly the same state.
  static std::vector<std::optional<Link>> played[2];
  auto& cache = played[role == Role::initiator ? 0 : 1];
  cache.resize(scenario_count());
  const std::size_t index = in.u8() % scenario_count();
  if (!cache[index]) cache[index] = play_scenario(index, role);
  Link link = *cache[index];
  Run run(role == Role::initiator ? link.initiator : link.responder);

  while (!in.empty()) {
    const std::uint8_t op = in.u8();
    switch (op % 4) {
      case 0: {
        const Bytes octets = in.take(in.u8() + 1u);
        const std::size_t cut = (op & 4) ? in.u8() : 0;
        run.receive(octets, cut);
        break;
      }
      case 1: {
        std::size_t n = in.u8();
        if (op & 4) n += 256u * (in.u8() % 32);
        const ByteBuffer packet = dt_packet(in.take(n), (op & 8) == 0);
        run.receive(packet, (op & 16) ? packet.size() / 2 : 0);
        break;
      }
      case 2: request(run, op >> 2, in); break;
      default: misc(run, static_cast<std::uint8_t>(op >> 2), in); break;
    }
  }
}

}  // namespace piglix::fuzz
