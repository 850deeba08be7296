// The table runner and the invalid-intersection rules (specs/x225/annex-a/invalid.md).
#include "session/machine.hpp"

#include <fmt/format.h>

#include "session/predicates.hpp"

namespace piglix::session::detail {
namespace {

using table::Input;
using table::Op;

enum class InputKind { request, spdu, transport, timer };

InputKind kind_of(Input in) {
  if (in <= Input::SUERreq) return InputKind::request;
  if (in == Input::TIM) return InputKind::timer;
  if (in == Input::TCONind || in == Input::TCONcnf || in == Input::TDISind) {
    return InputKind::transport;
  }
  return InputKind::spdu;
}

bool is_indication(Op op) { return op >= Op::SCONind && op <= Op::SPERind; }
bool is_send(Op op) { return op <= Op::send_ED; }

// States in which an unexpected SPDU is ignored rather than a protocol error (invalid.md,
// "Exceptions"): no session exists yet, an abort is already under way, or the transport is going.
bool ignores_stray_spdus(State s) {
  return s == State::STA01 || s == State::STA01B || s == State::STA01A || s == State::STA16 ||
         s == State::STA15D;
}

// Why no row of a non-blank pair holds, as a suffix for the error: the first false literal of the
// last row. The rows of a pair differ in their last literals, so the last row's failure is the
// most specific one.
std::string why_not(const Connection& c, const Context& ctx,
                    std::span<const table::Transition> rows) {
  if (rows.empty()) return {};
  for (table::Literal l : rows.back().condition.items()) {
    if (!holds(c, ctx, l)) return ": " + explain_false(l);
  }
  return {};
}

Error refusal(const Connection& c, const Context& ctx, std::span<const table::Transition> rows) {
  return Error{errc::request_not_allowed, 0,
               fmt::format("{} is not allowed in state {}{}", table::name(ctx.input), name(c.state),
                           why_not(c, ctx, rows))};
}

void replay_held(Connection& c);

Status execute(Connection& c, Context& ctx, const table::Transition& row) {
  bool replay = false;
  for (const table::Step& step : row.steps.items()) {
    if (step.guarded && !holds(c, ctx, step.guard)) continue;
    if (step.op == Op::a6) {
      replay = true;  // after the state change: held events run in the state reached
    } else if (is_send(step.op)) {
      if (Status s = send(c, ctx, step.op); !s) return s;
    } else if (is_indication(step.op)) {
      indicate(c, ctx, step.op);
    } else {
      if (Status s = act(c, ctx, step.op); !s) return s;
    }
  }
  if (!row.next.stay) c.state = row.next.state;
  if (replay) replay_held(c);
  return {};
}

}  // namespace

Status run(Connection& c, Context& ctx) {
  const auto rows = table::rows(c.state, ctx.input);
  for (const table::Transition& row : rows) {
    if (!holds(c, ctx, row.condition)) continue;
    if (Status s = execute(c, ctx, row); !s) {
      if (kind_of(ctx.input) == InputKind::request) return s;
      protocol_error(c, s.error(), s.error().code == errc::limit_exceeded);
    }
    return {};
  }
  switch (kind_of(ctx.input)) {
    case InputKind::request: return refusal(c, ctx, rows);
    case InputKind::spdu:
      protocol_error(
          c, Error{errc::session_protocol_error, 0,
                   fmt::format("SPDU {} is not allowed in state {}{}", table::name(ctx.input),
                               name(c.state), why_not(c, ctx, rows))});
      return {};
    case InputKind::transport:
    case InputKind::timer: return {};  // stale: ignored (invalid.md)
  }
  return {};
}

void protocol_error(Connection& c, Error error, bool restriction) {
  if (ignores_stray_spdus(c.state)) return;
  c.held.clear();
  c.assembler.reset();
  if (c.state == State::STA01C || c.state == State::STA01D) {
    // No session exists yet: nobody to tell, nothing to abort (invalid.md).
    emit_transport(c, TransportAction::Kind::disconnect);
    c.state = State::STA01;
    return;
  }
  spdu::Abort ab;
  ab.transport_disconnect = spdu::transport_disconnect::released;
  ab.transport_disconnect |= restriction && c.session.version == 2
                                 ? spdu::transport_disconnect::implementation_restriction
                                 : spdu::transport_disconnect::protocol_error;
  (void)emit(c, ab);  // an AB without user data always encodes
  AbortIndication ind;
  ind.source = AbortIndication::Source::protocol_error;
  ind.error = std::move(error);
  c.events.emplace_back(std::move(ind));
  start_timer(c);
  c.state = State::STA16;
}

void start_timer(Connection& c) {
  c.tim.running = true;
  ++c.tim.generation;
}

void stop_timer(Connection& c) { c.tim.running = false; }

void emit_transport(Connection& c, TransportAction::Kind kind) {
  c.transport_out.push_back(TransportAction{kind, {}, {}});
}

namespace {

void replay_held(Connection& c) {
  // Each held SPDU runs against the state its predecessor left. The queue is taken first so that
  // an SPDU held again waits for the next [6] instead of looping here.
  std::deque<ByteBuffer> queue;
  queue.swap(c.held);
  for (const ByteBuffer& tsdu : queue) {
    if (c.state == State::STA16 || c.state == State::STA01) break;  // aborted meanwhile
    receive(c, tsdu);
  }
}

}  // namespace
}  // namespace piglix::session::detail
