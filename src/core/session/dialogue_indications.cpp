// Output items that tell the SS-user about the dialogue units: sync points, resynchronization,
// activities and exception reports. Each becomes one Event that owns its data.
#include "session/machine.hpp"

namespace piglix::session::detail {
namespace {

using table::Input;
using table::Op;

ByteBuffer owned(Bytes b) { return {b.begin(), b.end()}; }

template <class Spdu>
const Spdu& received(const Context& ctx) {
  return std::get<Spdu>(*ctx.spdu);
}

ResyncType resync_type_of(Input in) {
  switch (in) {
    case Input::RS_r: return ResyncType::restart;
    case Input::RS_s: return ResyncType::set;
    default: return ResyncType::abandon;
  }
}

ActivityResumeIndication resumed(const Context& ctx) {
  const auto& ar = received<spdu::ActivityResume>(ctx);
  const spdu::LinkingInformation& link = ar.linking_information;
  ActivityResumeIndication ind;
  ind.activity_id = owned(ar.new_activity_identifier);
  ind.old_activity_id = owned(link.old_activity_identifier);
  ind.serial_number = link.serial_number.value;
  ind.old_connection.calling_ss_user_reference = copy(link.calling_ss_user_reference);
  ind.old_connection.called_ss_user_reference = copy(link.called_ss_user_reference);
  ind.old_connection.common_reference = copy(link.common_reference);
  ind.old_connection.additional_reference_information = copy(link.additional_reference_information);
  ind.user_data = owned(ctx.user_data);
  return ind;
}

}  // namespace

void indicate_dialogue(Connection& c, const Context& ctx, Op op) {
  Fifo<Event>& out = c.events;
  ByteBuffer data = owned(ctx.user_data);  // moved into the one event made
  switch (op) {
    case Op::SSYNmind: {
      const auto& mip = received<spdu::MinorSyncPoint>(ctx);
      const bool no_confirm =
          (mip.sync_type_item.value_or(0) & spdu::sync_type::no_explicit_confirmation) != 0;
      out.emplace_back(SyncMinorIndication{ctx.serial, !no_confirm, std::move(data)});
      return;
    }
    case Op::SSYNmcnf: out.emplace_back(SyncMinorConfirm{ctx.serial, std::move(data)}); return;
    case Op::SSYNMind: out.emplace_back(SyncMajorIndication{ctx.serial, std::move(data)}); return;
    case Op::SSYNMcnf: out.emplace_back(SyncMajorConfirm{ctx.serial, std::move(data)}); return;
    case Op::SRSYNind: {
      const auto& rs = received<spdu::Resynchronize>(ctx);
      out.emplace_back(ResyncIndication{resync_type_of(ctx.input), ctx.serial,
                                        rs.token_setting_item.value_or(0), std::move(data)});
      return;
    }
    case Op::SRSYNcnf:
      out.emplace_back(ResyncConfirm{ctx.serial, tokens_after_resync(c, ctx), std::move(data)});
      return;
    case Op::SACTSind:
      out.emplace_back(ActivityStartIndication{
          owned(received<spdu::ActivityStart>(ctx).activity_identifier), std::move(data)});
      return;
    case Op::SACTRind: out.emplace_back(resumed(ctx)); return;
    case Op::SACTIind:
      out.emplace_back(ActivityInterruptIndication{received<spdu::ActivityInterrupt>(ctx).reason,
                                                   std::move(data)});
      return;
    case Op::SACTIcnf: out.emplace_back(ActivityInterruptConfirm{std::move(data)}); return;
    case Op::SACTDind:
      out.emplace_back(
          ActivityDiscardIndication{received<spdu::ActivityDiscard>(ctx).reason, std::move(data)});
      return;
    case Op::SACTDcnf: out.emplace_back(ActivityDiscardConfirm{std::move(data)}); return;
    case Op::SACTEind: out.emplace_back(ActivityEndIndication{ctx.serial, std::move(data)}); return;
    case Op::SACTEcnf: out.emplace_back(ActivityEndConfirm{ctx.serial, std::move(data)}); return;
    case Op::SUERind:
      out.emplace_back(
          UserExceptionIndication{received<spdu::ExceptionData>(ctx).reason, std::move(data)});
      return;
    case Op::SPERind:
      out.emplace_back(ProviderExceptionIndication{
          owned(received<spdu::ExceptionReport>(ctx).reflect_parameter_values)});
      return;
    default:
      // SSYNmdind belongs to data separation, which piglix never selects (p82 is false), so its
      // rows never run.
      return;
  }
}

}  // namespace piglix::session::detail
