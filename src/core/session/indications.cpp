// Output items that tell the SS-user something: each becomes one Event, which owns a copy of the
// user data (the received TSDU is only borrowed for the call).
#include "session/buffers.hpp"
#include "session/machine.hpp"

namespace piglix::session::detail {
namespace {

using table::Input;
using table::Op;

ByteBuffer owned(Bytes b) { return {b.begin(), b.end()}; }

ConnectConfirm accepted(const Connection& c, const Context& ctx) {
  const auto& ac = std::get<spdu::Accept>(*ctx.spdu);
  ConnectConfirm cnf;
  cnf.accepted = true;
  cnf.responding_selector = copy(ac.responding_session_selector);
  cnf.references = references_of(ac.connection_identifier, false);
  cnf.functional_units = c.session.functional_units;
  cnf.version = c.session.version;
  cnf.tokens_owned = c.session.owned;
  cnf.user_data = owned(ctx.user_data);
  return cnf;
}

ConnectConfirm refused(const Context& ctx) {
  const auto& rf = std::get<spdu::Refuse>(*ctx.spdu);
  ConnectConfirm cnf;
  cnf.refuse_reason = rf.reason.reason;
  cnf.transport_kept = ctx.input == Input::RF_r;
  cnf.user_data = owned(rf.reason.user_data);
  return cnf;
}

AbortIndication abort_received(const Context& ctx) {
  const auto& ab = std::get<spdu::Abort>(*ctx.spdu);
  AbortIndication ind;
  const bool by_user = (ab.transport_disconnect & spdu::transport_disconnect::user_abort) != 0;
  ind.source = by_user ? AbortIndication::Source::user : AbortIndication::Source::peer_provider;
  ind.transport_disconnect = ab.transport_disconnect;
  ind.user_data = owned(ctx.user_data);
  return ind;
}

}  // namespace

void indicate(Connection& c, const Context& ctx, Op op) {
  Fifo<Event>& out = c.events;
  switch (op) {
    case Op::SCONind: {
      // A CN that fitted goes straight to the user. After an overflow, [50] has collected the
      // CN's and the earlier CDOs' data; the last CDO's own data completes it here.
      if (const auto* cn = std::get_if<spdu::Connect>(ctx.spdu)) {
        c.pending_indication = indication_from(*cn);
      } else {
        ByteBuffer& data = c.pending_indication->user_data;
        data.insert(data.end(), ctx.user_data.begin(), ctx.user_data.end());
      }
      out.emplace_back(*c.pending_indication);
      return;
    }
    case Op::SCONcnf_accept: out.emplace_back(accepted(c, ctx)); return;
    case Op::SCONcnf_reject: out.emplace_back(refused(ctx)); return;
    // The data of the steady flow goes into recycled buffers; the rest need no such care.
    case Op::SDTind: out.emplace_back(DataIndication{take_user_data(c, ctx)}); return;
    case Op::SEXind: out.emplace_back(ExpeditedDataIndication{owned(ctx.user_data)}); return;
    case Op::STDind: out.emplace_back(TypedDataIndication{take_user_data(c, ctx)}); return;
    case Op::SCDind: out.emplace_back(CapabilityDataIndication{owned(ctx.user_data)}); return;
    case Op::SCDcnf: out.emplace_back(CapabilityDataConfirm{owned(ctx.user_data)}); return;
    case Op::SGTind:
      out.emplace_back(TokenGiveIndication{ctx.tokens, owned(ctx.user_data)});
      return;
    case Op::SPTind:
      out.emplace_back(TokenPleaseIndication{ctx.tokens, owned(ctx.user_data)});
      return;
    case Op::SCGind: out.emplace_back(ControlGiveIndication{}); return;
    case Op::SRELind: out.emplace_back(ReleaseIndication{owned(ctx.user_data)}); return;
    case Op::SRELcnf_accept: out.emplace_back(ReleaseConfirm{true, owned(ctx.user_data)}); return;
    case Op::SRELcnf_reject: out.emplace_back(ReleaseConfirm{false, owned(ctx.user_data)}); return;
    case Op::SxABind: out.emplace_back(abort_received(ctx)); return;
    case Op::SPABind: {
      AbortIndication ind;
      ind.source = AbortIndication::Source::transport_lost;
      if (ctx.disconnect_reason) ind.error = *ctx.disconnect_reason;
      out.emplace_back(std::move(ind));
      return;
    }
    default: indicate_dialogue(c, ctx, op); return;
  }
}

}  // namespace piglix::session::detail
