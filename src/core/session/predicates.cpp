#include "session/predicates.hpp"

#include <fmt/format.h>

#include "session/machine.hpp"
#include "session/tokens.hpp"

namespace piglix::session::detail {
namespace {

namespace fu = spdu::fu;
namespace tk = spdu::token;
using table::Input;
using table::Predicate;

bool has(const Connection& c, std::uint16_t unit) {
  return (c.session.functional_units & unit) != 0;
}

// "(!FU(ACT) | Vact)": outside activity management, or inside an activity.
bool in_activity_or_none(const Connection& c) {
  return !has(c, fu::activity_management) || c.vars.vact;
}

bool restart_input(Input in) { return in == Input::RS_r || in == Input::SRSYNreq_r; }

// Rank of a resynchronization-like request in a collision (README Decisions #10, ISODE's order):
// discard > interrupt > abandon > set > restart.
int collision_rank(Resync r) {
  switch (r) {
    case Resync::discard: return 5;
    case Resync::interrupt: return 4;
    case Resync::abandon: return 3;
    case Resync::set: return 2;
    case Resync::restart: return 1;
    case Resync::none: return 0;
  }
  return 0;
}

// SPMwinner: the resynchronization in progress (Vrsp, Vrspnb) beats the new one of this input.
// For a received RS the one in progress is this side's own (STA05A, STA06); for a request
// (STA11A: answering an RS with another) it is the peer's, so a tie goes to whichever side of
// the two is the session initiator.
bool spm_winner(const Connection& c, const Context& ctx) {
  const Resync pending = c.vars.vrsp;
  const Resync incoming = resync_of(ctx.input);
  const bool pending_is_ours = ctx.spdu != nullptr;
  const bool we_initiated_the_session = !c.vars.vtca;
  if (collision_rank(pending) != collision_rank(incoming)) {
    return collision_rank(pending) > collision_rank(incoming);
  }
  if (pending == Resync::restart && c.vars.vrspnb != ctx.serial) {
    return c.vars.vrspnb < ctx.serial;
  }
  return pending_is_ours == we_initiated_the_session;
}

std::size_t connect_data_size(const Connection& c, const Context& ctx) {
  if (ctx.connect != nullptr) return ctx.connect->user_data.size();
  return c.pending_connect ? c.pending_connect->user_data.size() : 0;
}

}  // namespace

TokenSet tokens_of(std::uint16_t units) noexcept {
  TokenSet t = 0;
  if ((units & fu::half_duplex) != 0) t |= tk::data;
  if ((units & fu::minor_synchronize) != 0) t |= tk::minor_sync;
  if ((units & (fu::major_synchronize | fu::activity_management)) != 0) t |= tk::major_activity;
  if ((units & fu::negotiated_release) != 0) t |= tk::release;
  return t;
}

bool holds(const Connection& c, const Context& ctx, Predicate p) {
  const Variables& v = c.vars;
  const std::uint64_t sn = ctx.serial;
  const TokenSet all_tokens = tk::all;
  switch (p) {
    case Predicate::p01: return !v.vtca;
    case Predicate::p02: return c.config.keep_transport && !v.texp;
    case Predicate::p03: return I(c, tk::data);
    case Predicate::p04: return has(c, fu::duplex) && !v.vcoll;
    case Predicate::p05: return A(c, tk::data);
    case Predicate::p06: return has(c, fu::typed_data);
    case Predicate::p07: return has(c, fu::typed_data) && !v.vcoll;
    case Predicate::p08: return has(c, fu::expedited_data);
    case Predicate::p09: return has(c, fu::expedited_data) && !v.vcoll;
    case Predicate::p10: return !v.vcoll;
    case Predicate::p11: return II(c, tk::major_activity);
    case Predicate::p12:
      return has(c, fu::major_synchronize) && in_activity_or_none(c) && A(c, tk::data) &&
             A(c, tk::minor_sync) && AA(c, tk::major_activity);
    case Predicate::p13:
      return has(c, fu::major_synchronize) && in_activity_or_none(c) && I(c, tk::data) &&
             I(c, tk::minor_sync) && II(c, tk::major_activity);
    case Predicate::p14: return in_activity_or_none(c) && A(c, tk::data) && AA(c, tk::minor_sync);
    case Predicate::p15: return in_activity_or_none(c) && I(c, tk::data) && II(c, tk::minor_sync);
    case Predicate::p16: return !v.texp;
    case Predicate::p17:
    case Predicate::p18: {
      const bool ss = has(c, fu::symmetric_synchronize);
      const bool want_vsc = p == Predicate::p18;
      return in_activity_or_none(c) && (ss || has(c, fu::minor_synchronize)) &&
             (ss || v.vsc == want_vsc);
    }
    case Predicate::p19: return !has(c, fu::symmetric_synchronize) && sn == v.vm;
    case Predicate::p20: return !has(c, fu::symmetric_synchronize) && sn + 1 == v.vm;
    case Predicate::p21: return !has(c, fu::symmetric_synchronize) && v.vm > sn && sn >= v.va;
    case Predicate::p23: return has(c, fu::activity_management) && !v.vnextact;
    case Predicate::p24: return !spm_winner(c, ctx);
    case Predicate::p25:
      return (has(c, fu::minor_synchronize) || has(c, fu::symmetric_synchronize) ||
              has(c, fu::major_synchronize)) &&
             has(c, fu::resynchronize);
    case Predicate::p26: return in_activity_or_none(c);
    case Predicate::p27: return v.vrsp == Resync::none;
    case Predicate::p28: return has(c, fu::resynchronize);
    case Predicate::p29: return in_activity_or_none(c) && has(c, fu::resynchronize);
    case Predicate::p30: return !has(c, fu::activity_management) || v.vnextact;
    // Symmetric synchronization is never selected (supported_functional_units), so only the
    // first half of p32 applies.
    case Predicate::p32: return !restart_input(ctx.input) || sn >= v.vr;
    case Predicate::p33: return v.vm >= sn && sn >= v.vr;
    case Predicate::p34: return has(c, fu::activity_management);
    case Predicate::p35:
      return has(c, fu::resynchronize) && (!v.texp || has(c, fu::data_separation));
    case Predicate::p36: return has(c, fu::resynchronize) && v.texp;
    case Predicate::p37: return has(c, fu::activity_management) && v.texp;
    case Predicate::p38: return has(c, fu::activity_management) && !v.texp;
    case Predicate::p39: return v.vact && II(c, tk::major_activity);
    case Predicate::p40: return AA(c, tk::major_activity);
    case Predicate::p41: return v.vrsp == Resync::discard;
    case Predicate::p42: return v.vrsp == Resync::interrupt;
    case Predicate::p43:
      return !has(c, fu::symmetric_synchronize) &&
             ((v.vrsp == Resync::restart && sn == v.vrspnb) ||
              (v.vrsp == Resync::abandon && sn == v.vm) || v.vrsp == Resync::set);
    case Predicate::p44:
      return has(c, fu::activity_management) && !v.vact && A(c, tk::data) && A(c, tk::minor_sync) &&
             A(c, tk::major_activity);
    case Predicate::p45:
      return has(c, fu::activity_management) && !v.vact && I(c, tk::data) && I(c, tk::minor_sync) &&
             I(c, tk::major_activity);
    case Predicate::p46:
      return has(c, fu::capability_data) && has(c, fu::activity_management) && !v.vact &&
             A(c, tk::data) && A(c, tk::minor_sync) && !owned(c, tk::major_activity);
    case Predicate::p47:
      return has(c, fu::capability_data) && has(c, fu::activity_management) && !v.vact &&
             I(c, tk::data) && I(c, tk::minor_sync) && owned(c, tk::major_activity);
    case Predicate::p48: return has(c, fu::exceptions) && has(c, fu::half_duplex);
    case Predicate::p49:
      return (v.vrsp == Resync::restart && sn == v.vrspnb) ||
             (v.vrsp == Resync::abandon && sn >= v.vm) || v.vrsp == Resync::set;
    case Predicate::p50: return has(c, fu::exceptions) && in_activity_or_none(c) && AA(c, tk::data);
    case Predicate::p51: return has(c, fu::exceptions) && in_activity_or_none(c) && II(c, tk::data);
    case Predicate::p52:
      return has(c, fu::exceptions) && !has(c, fu::activity_management) && II(c, tk::data);
    case Predicate::p53: return available(c, ctx.tokens);
    case Predicate::p54: return all(c, ctx.tokens, II);
    case Predicate::p55: return has(c, fu::activity_management) && !v.vact && all(c, all_tokens, I);
    case Predicate::p57: return all(c, ctx.tokens, II) && (ctx.tokens & tk::data) == 0;
    case Predicate::p58: return all(c, ctx.tokens, II) && (ctx.tokens & tk::data) != 0;
    case Predicate::p59: return all(c, ctx.tokens, AA);
    case Predicate::p60: return all(c, ctx.tokens, AA) && (ctx.tokens & tk::data) == 0;
    case Predicate::p61: return all(c, ctx.tokens, AA) && (ctx.tokens & tk::data) != 0;
    case Predicate::p62: return has(c, fu::activity_management) && !v.vact && all(c, all_tokens, A);
    case Predicate::p63:
      return all(c, all_tokens, I) && (!has(c, fu::activity_management) || !v.vact);
    case Predicate::p64: return c.config.reuse_transport_on_release && !v.vtca && !v.texp;
    case Predicate::p65: return c.session.available != 0;
    case Predicate::p66: return v.vtrr;
    case Predicate::p67: return has(c, fu::negotiated_release);
    case Predicate::p68:
      return all(c, all_tokens, A) && (!has(c, fu::activity_management) || !v.vact);
    case Predicate::p69: return v.vcoll;
    case Predicate::p70: return has(c, fu::duplex);
    case Predicate::p71:
      return has(c, fu::activity_management) && v.vact && I(c, tk::data) && I(c, tk::minor_sync) &&
             II(c, tk::major_activity);
    case Predicate::p72:
      return has(c, fu::activity_management) && v.vact && A(c, tk::data) && A(c, tk::minor_sync) &&
             AA(c, tk::major_activity);
    case Predicate::p75: return (v.vcoll && v.vdnr) || !v.vcoll;
    case Predicate::p76: return ctx.connect_refusal.has_value();
    // Data separation is never selected: p80's first alternative holds.
    case Predicate::p80: return !has(c, fu::data_separation);
    // V(Ado) stays -1 without data separation, so "V(Ado) >= V(A)" never holds.
    case Predicate::p81: return false;
    case Predicate::p82: return has(c, fu::data_separation);
    case Predicate::p178: return has(c, fu::symmetric_synchronize);
    case Predicate::p185: return v.discard_receive;
    case Predicate::p202: return ctx.last_overflow;
    case Predicate::p204:
      // Received: the CN announces overflow. Sent: the request's data does not fit one CN.
      if (const auto* cn = ctx.spdu ? std::get_if<spdu::Connect>(ctx.spdu) : nullptr) {
        return cn->data_overflow.has_value();
      }
      return connect_data_size(c, ctx) > spdu::limit::connect_extended_user_data;
    case Predicate::q01: return v.texp && ctx.user_data.size() > spdu::limit::v1_abort_user_data;
  }
  return false;
}

bool holds(const Connection& c, const Context& ctx, table::Literal l) {
  return holds(c, ctx, l.predicate) != l.negated;
}

bool holds(const Connection& c, const Context& ctx, const table::Condition& condition) {
  for (table::Literal l : condition.items()) {
    if (!holds(c, ctx, l)) return false;
  }
  return true;
}

namespace {

std::string explain_false_predicate(Predicate p) {
  switch (p) {
    case Predicate::p03: return "this side does not hold the data token";
    case Predicate::p04: return "duplex is not selected, or a release collision is in progress";
    case Predicate::p06:
    case Predicate::p07: return "typed data is not selected";
    case Predicate::p08:
    case Predicate::p09: return "expedited data is not selected";
    case Predicate::p10: return "a release collision is in progress";
    case Predicate::p53: return "a requested token does not exist in this session";
    case Predicate::p54:
    case Predicate::p57:
    case Predicate::p58: return "this side does not hold every token it tries to give";
    case Predicate::p55: return "control can only be given outside an activity, holding all tokens";
    case Predicate::p63: return "this side must hold every token, outside an activity, to release";
    case Predicate::p64: return "transport reuse is not possible here";
    case Predicate::p65: return "tokens exist in this session";
    case Predicate::p66: return "transport reuse was not agreed";
    case Predicate::p67: return "negotiated release is not selected";
    case Predicate::p70: return "duplex is not selected";
    default: return fmt::format("condition {} is false", table::name(p));
  }
}

}  // namespace

std::string explain_false(table::Literal l) {
  if (!l.negated) return explain_false_predicate(l.predicate);
  // !p16 is the guard of every row that needs TEXP: the PREPARE rows (Decisions #30).
  if (l.predicate == Predicate::p16) {
    return "PREPARE is only valid on a transport expedited flow, which transport class 0 does "
           "not have";
  }
  return fmt::format("condition !{} is false", table::name(l.predicate));
}

}  // namespace piglix::session::detail
