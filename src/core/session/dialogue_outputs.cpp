// Output items that send the SPDUs of the dialogue units: synchronization, resynchronization,
// activities, exception reports and capability data. Serial numbers come from the variables as
// they were when the row started (README Decisions #20): a row sends first, then its actions
// move V(M), V(A) and V(R).
#include <fmt/format.h>

#include "session/machine.hpp"

namespace piglix::session::detail {
namespace {

using table::Op;
namespace fu = spdu::fu;

spdu::SerialNumber serial(std::uint64_t value) { return spdu::SerialNumber{value}; }

// The Token Setting Item travels in RS and RA only when tokens exist (x225-facts §10, RS).
std::optional<std::uint8_t> token_setting_item(const Connection& c, std::uint8_t setting) {
  return c.session.available != 0 ? std::optional<std::uint8_t>(setting) : std::nullopt;
}

std::uint8_t resync_type_of(Op op) {
  switch (op) {
    case Op::send_RS_a: return spdu::resync_type::abandon;
    case Op::send_RS_s: return spdu::resync_type::set;
    default: return spdu::resync_type::restart;
  }
}

spdu::ActivityResume resume_spdu(const Context& ctx) {
  const ActivityResumeRequest& req = *ctx.resume;
  spdu::ActivityResume ar;
  spdu::LinkingInformation& link = ar.linking_information;
  link.calling_ss_user_reference = view(req.old_connection.calling_ss_user_reference);
  link.called_ss_user_reference = view(req.old_connection.called_ss_user_reference);
  link.common_reference = view(req.old_connection.common_reference);
  link.additional_reference_information = view(req.old_connection.additional_reference_information);
  link.old_activity_identifier = req.old_activity_id;
  link.serial_number = serial(req.serial_number);
  ar.new_activity_identifier = req.activity_id;
  ar.user_data = optional_data(ctx.user_data);
  return ar;
}

}  // namespace

Status send_dialogue(Connection& c, const Context& ctx, Op op) {
  const Variables& v = c.vars;
  const std::optional<Bytes> data = optional_data(ctx.user_data);
  switch (op) {
    case Op::send_MIP: {
      spdu::MinorSyncPoint mip;
      if (!ctx.confirm_required) mip.sync_type_item = spdu::sync_type::no_explicit_confirmation;
      mip.serial_number = serial(v.vm);
      mip.user_data = data;
      return emit(c, mip);
    }
    case Op::send_MIA: return emit(c, spdu::MinorSyncAck{serial(ctx.serial), {}, data});
    case Op::send_MAP: {
      spdu::MajorSyncPoint map;
      // With activity management an SI 41 without a Sync Type Item is an AE.
      if ((c.session.functional_units & fu::activity_management) != 0) {
        map.sync_type_item = spdu::sync_type::activity_not_ended;
      }
      map.serial_number = serial(v.vm);
      map.user_data = data;
      return emit(c, map);
    }
    // The acknowledged sync point is the last one issued: V(M) - 1.
    case Op::send_MAA: return emit(c, spdu::MajorSyncAck{serial(v.vm - 1), {}, data});
    case Op::send_AE: return emit(c, spdu::ActivityEnd{serial(v.vm), {}, data});
    case Op::send_AEA: return emit(c, spdu::ActivityEndAck{serial(v.vm - 1), {}, data});
    case Op::send_RS_a:
    case Op::send_RS_r:
    case Op::send_RS_s: {
      spdu::Resynchronize rs;
      rs.token_setting_item = token_setting_item(c, ctx.token_setting);
      rs.resync_type = resync_type_of(op);
      rs.serial_number = serial(ctx.serial);
      rs.user_data = data;
      return emit(c, rs);
    }
    case Op::send_RA: {
      spdu::ResynchronizeAck ra;
      ra.token_setting_item = token_setting_item(c, resync_final_setting(c, ctx.token_setting));
      ra.serial_number = serial(ctx.serial);
      ra.user_data = data;
      return emit(c, ra);
    }
    case Op::send_AS: return emit(c, spdu::ActivityStart{ctx.activity_id, {}, data});
    case Op::send_AR: return emit(c, resume_spdu(ctx));
    case Op::send_AI: return emit(c, spdu::ActivityInterrupt{ctx.reason, {}, data});
    case Op::send_AIA: return emit(c, spdu::ActivityInterruptAck{{}, data});
    case Op::send_AD: return emit(c, spdu::ActivityDiscard{ctx.reason, {}, data});
    case Op::send_ADA: return emit(c, spdu::ActivityDiscardAck{{}, data});
    case Op::send_ED: return emit(c, spdu::ExceptionData{ctx.reason, {}, data});
    case Op::send_CD: return emit(c, spdu::CapabilityData{{}, data});
    case Op::send_CDA: return emit(c, spdu::CapabilityDataAck{{}, data});
    default: break;
  }
  // PREPARE needs the transport expedited flow and MIP-d data separation: neither exists over
  // class 0, so their rows (guarded by TEXP or FU(DS)) never run.
  return Error{errc::limit_exceeded, 0,
               fmt::format("piglix does not send {} over transport class 0", table::name(op))};
}

}  // namespace piglix::session::detail
