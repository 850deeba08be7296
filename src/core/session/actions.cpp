// The numbered actions of Annex A (specs/x225/annex-a/actions.md) and the transport primitives.
#include <fmt/format.h>

#include <algorithm>

#include "piglix/spdu/codec.hpp"
#include "session/machine.hpp"
#include "session/tokens.hpp"

namespace piglix::session::detail {

using table::Input;
using table::Op;

Resync resync_of(Input in) {
  switch (in) {
    case Input::RS_a:
    case Input::SRSYNreq_a: return Resync::abandon;
    case Input::RS_r:
    case Input::SRSYNreq_r: return Resync::restart;
    case Input::RS_s:
    case Input::SRSYNreq_s: return Resync::set;
    case Input::AI:
    case Input::SACTIreq: return Resync::interrupt;
    case Input::AD:
    case Input::SACTDreq: return Resync::discard;
    default: return Resync::none;
  }
}

namespace {

// [5]: the connection is established with the negotiated session.
Status establish(Connection& c, const Context& ctx) {
  Result<Session> negotiated =
      ctx.accept != nullptr
          ? Result<Session>(accepted_session(c, *c.pending_indication, *ctx.accept))
          : confirmed_session(c, *c.pending_connect, std::get<spdu::Accept>(*ctx.spdu));
  if (!negotiated) return negotiated.error();
  const Session& s = *negotiated;
  Variables& v = c.vars;
  v.va = v.vm = s.initial_serial_number;
  v.vcoll = false;
  v.vrsp = Resync::none;
  v.vsc = false;
  v.vact = false;
  v.vdnr = false;
  v.vr = 0;
  v.discard_receive = v.discard_send = false;
  v.texp = false;  // class 0 has no transport expedited flow
  c.session = s;
  c.assembler = spdu::SsduAssembler(c.config.max_ssdu_size);
  return {};
}

// [10]: an SPDU that overtook the normal flow waits, as its encoding, for [6].
Status hold(Connection& c, const Context& ctx) {
  ByteBuffer tsdu;
  if (Status s = spdu::encode(*ctx.spdu, tsdu); !s) return s;
  c.held.push_back(std::move(tsdu));
  return {};
}

// [50]: collect connect user data (CN's Extended User Data, then every CDO), bounded.
Status keep_connect_data(Connection& c, const Context& ctx) {
  if (const auto* cn = std::get_if<spdu::Connect>(ctx.spdu)) {
    c.pending_indication = indication_from(*cn);
    return {};
  }
  ByteBuffer& data = c.pending_indication->user_data;
  if (data.size() + ctx.user_data.size() > c.config.max_ssdu_size) {
    return Error{errc::limit_exceeded, 0,
                 fmt::format("S-CONNECT user data exceeds the configured maximum of {} octets",
                             c.config.max_ssdu_size)};
  }
  data.insert(data.end(), ctx.user_data.begin(), ctx.user_data.end());
  return {};
}

// [11]: token positions after AC (both sides), a received GT or GTC, a sent GTC, or a completed
// resynchronization (RA received or sent).
void update_tokens(Connection& c, const Context& ctx) {
  switch (ctx.input) {
    case Input::GT: c.session.owned |= ctx.tokens; break;
    case Input::GTC: c.session.owned = c.session.available; break;
    case Input::SCGreq: c.session.owned = 0; break;
    case Input::RA:
    case Input::SRSYNrsp: c.session.owned = tokens_after_resync(c, ctx); break;
    default: break;  // AC / SCONrsp+: [5] placed the tokens from the Token Setting Item
  }
}

// [16]: a resynchronization, activity interrupt or discard starts (sent or received). Annex A
// keeps the serial number of a restart; piglix keeps every RS's (the default of a set response)
// and its Token Setting Item. An SSDU half received is discarded with the rest of the data.
Status begin_resync(Connection& c, const Context& ctx) {
  Variables& v = c.vars;
  v.vrsp = resync_of(ctx.input);
  v.vrspnb = ctx.serial;
  v.discard_receive = v.discard_send = true;
  if (const auto* rs = ctx.spdu ? std::get_if<spdu::Resynchronize>(ctx.spdu) : nullptr) {
    c.resync_token_setting = rs->token_setting_item.value_or(0);
  } else {
    c.resync_token_setting = ctx.token_setting;
  }
  c.assembler.reset();
  return {};
}

}  // namespace

Status act(Connection& c, const Context& ctx, Op op) {
  Variables& v = c.vars;
  switch (op) {
    case Op::TCONreq: emit_transport(c, TransportAction::Kind::connect); return {};
    case Op::TCONrsp: emit_transport(c, TransportAction::Kind::accept); return {};
    case Op::TDISreq: emit_transport(c, TransportAction::Kind::disconnect); return {};
    case Op::a1: v.vtca = true; return {};
    case Op::a2: v.vtca = false; return {};
    case Op::a3: stop_timer(c); return {};
    case Op::a4: start_timer(c); return {};
    case Op::a5: return establish(c, ctx);
    case Op::a7: v.vtrr = true; return {};
    case Op::a8: v.vtrr = false; return {};
    case Op::a9: v.vtrr = ctx.input == Input::FN_r; return {};
    case Op::a10: return hold(c, ctx);
    case Op::a11: update_tokens(c, ctx); return {};
    case Op::a12: v.vact = true; return {};
    case Op::a13: v.vnextact = v.vact; return {};
    case Op::a14: v.vact = v.vnextact; return {};
    case Op::a15: c.session.owned &= static_cast<TokenSet>(~ctx.tokens); return {};
    case Op::a16: return begin_resync(c, ctx);
    case Op::a17: v.vnextact = false; return {};
    case Op::a18: v.vcoll = true; return {};
    case Op::a19: v.vm = std::max(v.vm, ctx.serial); return {};
    case Op::a22: v.vr = v.va = v.vm; return {};
    case Op::a23:
      if (!v.vsc) {
        v.va = v.vm;
        v.vsc = true;
      }
      ++v.vm;
      return {};
    case Op::a24:
      if (v.vsc) {
        v.va = v.vm;
        v.vsc = false;
      }
      ++v.vm;
      return {};
    case Op::a25: v.va = ctx.serial + 1; return {};
    case Op::a26: v.va = v.vm = v.vr = 1; return {};
    case Op::a27:
      v.va = v.vm = ctx.serial + 1;
      v.vr = 1;
      return {};
    case Op::a28:
      v.va = v.vm = ctx.serial;
      if (v.vrsp == Resync::abandon || v.vrsp == Resync::set) v.vr = 0;
      v.vrsp = Resync::none;
      v.discard_receive = v.discard_send = false;
      return {};
    case Op::a29:
      c.session.owned = c.session.available;
      v.vact = false;
      v.vrsp = Resync::none;
      return {};
    case Op::a30:
      c.session.owned = 0;
      v.vact = false;
      v.vrsp = Resync::none;
      return {};
    case Op::a31:
      if (!v.vsc) v.va = v.vm;
      ++v.vm;
      return {};
    case Op::a32: v.vdnr = true; return {};
    // V(Ado) and V(Adi) belong to data separation, which piglix never selects: they stay -1.
    case Op::a41:
    case Op::a43:
    case Op::a44: return {};
    case Op::a50: return keep_connect_data(c, ctx);
    case Op::a51:
      while (overflow_remains(c)) {
        if (Status s = send_overflow_chunk(c); !s) return s;
      }
      return {};
    default: break;
  }
  return Error{errc::invalid_argument, 0, fmt::format("{} is not an action", table::name(op))};
}

}  // namespace piglix::session::detail
