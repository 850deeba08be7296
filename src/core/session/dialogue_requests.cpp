// SS-user requests of the dialogue units: synchronization, resynchronization, activities,
// exception reports and capability data. Each checks its parameters, then runs through the table
// like every other request (a request the state does not allow changes nothing).
#include <fmt/format.h>

#include "session/machine.hpp"
#include "session/requests.hpp"

namespace piglix::session {
namespace {

using detail::check_user_data;
using detail::Context;
using detail::run;
using table::Input;
namespace limit = spdu::limit;
namespace reason = spdu::exception_reason;

// Serial numbers are six decimal digits on the wire (X.225 8.3.x, Serial Number PI 42).
constexpr std::uint64_t max_serial_number = 999'999;

Status check_serial(std::string_view what, std::uint64_t serial) {
  if (serial <= max_serial_number) return {};
  return Error{errc::invalid_argument, 0,
               fmt::format("{}: serial number {} exceeds {}", what, serial, max_serial_number)};
}

// A new sync point takes V(M); past the last serial number only a resynchronization (set) or a
// new activity starts the numbering again.
Status check_next_serial(const Connection& c, std::string_view what) {
  if (c.vars.vm <= max_serial_number) return {};
  return Error{errc::limit_exceeded, 0,
               fmt::format("{}: the serial numbers are used up (V(M) = {}); resynchronize with "
                           "type set, or start a new activity",
                           what, c.vars.vm)};
}

Status check_activity_id(std::string_view what, Bytes id) {
  if (!id.empty() && id.size() <= limit::activity_identifier) return {};
  return Error{errc::invalid_argument, 0,
               fmt::format("{}: an activity identifier has 1 to {} octets, not {}", what,
                           limit::activity_identifier, id.size())};
}

// Reason codes of ED, AI and AD (x225-facts §8.3); "demand data token" only asks for the data
// token, which makes sense in an exception report alone.
Status check_reason(std::string_view what, std::uint8_t code, bool exception_report) {
  switch (code) {
    case reason::no_specific_reason:
    case reason::temporarily_unable:
    case reason::user_sequence_error:
    case reason::local_user_error:
    case reason::unrecoverable_procedural_error: return {};
    case reason::demand_data_token:
      if (exception_report) return {};
      break;
    default: break;
  }
  return Error{errc::invalid_argument, 0,
               fmt::format("{}: {} is not a reason code here (0, 1, 3, 5, 6{})", what, code,
                           exception_report ? " or 128" : "")};
}

Status check_token_setting(std::string_view what, std::uint8_t setting) {
  for (unsigned shift = 0; shift < 8; shift += 2) {
    if (((setting >> shift) & 0x03u) == 0x03u) {
      return Error{
          errc::invalid_argument, 0,
          fmt::format("{}: token setting 0x{:02x} uses the reserved value 3", what, setting)};
    }
  }
  return {};
}

Status check_reference(std::string_view what, const std::optional<ByteBuffer>& ref,
                       std::size_t max) {
  if (!ref || ref->size() <= max) return {};
  return Error{errc::invalid_argument, 0,
               fmt::format("{} has {} octets; at most {} are allowed", what, ref->size(), max)};
}

Context request(Input input, Bytes user_data, std::uint64_t serial = 0) {
  Context ctx;
  ctx.input = input;
  ctx.user_data = user_data;
  ctx.serial = serial;
  return ctx;
}

// A request or response that carries nothing but user data.
Status run_with_data(Connection& c, Input input, std::string_view what, Bytes user_data) {
  if (Status s = check_user_data(c, what, user_data); !s) return s;
  return detail::run_request(c, input, user_data);
}

// AI, AD and ED: user data and a reason code.
Status run_with_reason(Connection& c, Input input, std::string_view what, std::uint8_t code,
                       Bytes user_data) {
  if (Status s = check_reason(what, code, input == Input::SUERreq); !s) return s;
  if (Status s = check_user_data(c, what, user_data); !s) return s;
  Context ctx = request(input, user_data);
  ctx.reason = code;
  return run(c, ctx);
}

// MIP, MAP and AE: a new sync point, numbered V(M), which the caller gets back.
Result<std::uint64_t> run_sync_point(Connection& c, Input input, std::string_view what,
                                     Bytes user_data, bool confirm_required = true) {
  if (Status s = check_user_data(c, what, user_data); !s) return s.error();
  if (Status s = check_next_serial(c, what); !s) return s.error();
  const std::uint64_t serial = c.vars.vm;
  Context ctx = request(input, user_data, serial);
  ctx.confirm_required = confirm_required;
  if (Status s = run(c, ctx); !s) return s.error();
  return serial;
}

Input resync_input(ResyncType type) {
  switch (type) {
    case ResyncType::abandon: return Input::SRSYNreq_a;
    case ResyncType::restart: return Input::SRSYNreq_r;
    case ResyncType::set: return Input::SRSYNreq_s;
  }
  return Input::SRSYNreq_a;
}

}  // namespace

Result<std::uint64_t> sync_minor(Connection& c, bool confirm_required, Bytes user_data) {
  return run_sync_point(c, Input::SSYNmreq, "S-SYNC-MINOR", user_data, confirm_required);
}

Status acknowledge_sync_minor(Connection& c, std::uint64_t serial_number, Bytes user_data) {
  if (Status s = check_user_data(c, "S-SYNC-MINOR response", user_data); !s) return s;
  Context ctx = request(Input::SSYNmrsp, user_data, serial_number);
  return run(c, ctx);
}

Result<std::uint64_t> sync_major(Connection& c, Bytes user_data) {
  return run_sync_point(c, Input::SSYNMreq, "S-SYNC-MAJOR", user_data);
}

Status acknowledge_sync_major(Connection& c, Bytes user_data) {
  return run_with_data(c, Input::SSYNMrsp, "S-SYNC-MAJOR response", user_data);
}

Status resynchronize(Connection& c, ResyncRequest req) {
  if (Status s = check_user_data(c, "S-RESYNCHRONIZE", req.user_data); !s) return s;
  if (Status s = check_token_setting("S-RESYNCHRONIZE", req.token_setting); !s) return s;
  // Abandon resynchronizes to a new sync point the provider names: V(M).
  const std::uint64_t serial = req.type == ResyncType::abandon ? c.vars.vm : req.serial_number;
  if (Status s = check_serial("S-RESYNCHRONIZE", serial); !s) return s;
  Context ctx = request(resync_input(req.type), req.user_data, serial);
  ctx.token_setting = req.token_setting;
  return run(c, ctx);
}

Status acknowledge_resynchronize(Connection& c, ResyncResponse rsp) {
  if (Status s = check_user_data(c, "S-RESYNCHRONIZE response", rsp.user_data); !s) return s;
  if (Status s = check_token_setting("S-RESYNCHRONIZE response", rsp.token_setting); !s) return s;
  const std::uint64_t serial =
      rsp.serial_number.value_or(c.vars.vrsp == Resync::abandon ? c.vars.vm : c.vars.vrspnb);
  if (Status s = check_serial("S-RESYNCHRONIZE response", serial); !s) return s;
  Context ctx = request(Input::SRSYNrsp, rsp.user_data, serial);
  ctx.token_setting = rsp.token_setting;
  return run(c, ctx);
}

Status start_activity(Connection& c, Bytes activity_id, Bytes user_data) {
  if (Status s = check_activity_id("S-ACTIVITY-START", activity_id); !s) return s;
  if (Status s = check_user_data(c, "S-ACTIVITY-START", user_data); !s) return s;
  Context ctx = request(Input::SACTSreq, user_data);
  ctx.activity_id = activity_id;
  return run(c, ctx);
}

Status resume_activity(Connection& c, ActivityResumeRequest req) {
  constexpr std::string_view what = "S-ACTIVITY-RESUME";
  if (Status s = check_activity_id(what, req.activity_id); !s) return s;
  if (Status s = check_activity_id("S-ACTIVITY-RESUME (old activity)", req.old_activity_id); !s) {
    return s;
  }
  if (Status s = check_serial(what, req.serial_number); !s) return s;
  const OldConnection& old = req.old_connection;
  for (const auto* ref :
       {&old.calling_ss_user_reference, &old.called_ss_user_reference, &old.common_reference}) {
    if (Status s = check_reference("an old connection's reference", *ref, limit::ss_user_reference);
        !s) {
      return s;
    }
  }
  if (Status s = check_reference("an old connection's additional reference information",
                                 old.additional_reference_information,
                                 limit::additional_reference_information);
      !s) {
    return s;
  }
  if (Status s = check_user_data(c, what, req.user_data); !s) return s;
  Context ctx = request(Input::SACTRreq, req.user_data, req.serial_number);
  ctx.resume = &req;
  return run(c, ctx);
}

Status interrupt_activity(Connection& c, std::uint8_t code, Bytes user_data) {
  return run_with_reason(c, Input::SACTIreq, "S-ACTIVITY-INTERRUPT", code, user_data);
}

Status acknowledge_activity_interrupt(Connection& c, Bytes user_data) {
  return run_with_data(c, Input::SACTIrsp, "S-ACTIVITY-INTERRUPT response", user_data);
}

Status discard_activity(Connection& c, std::uint8_t code, Bytes user_data) {
  return run_with_reason(c, Input::SACTDreq, "S-ACTIVITY-DISCARD", code, user_data);
}

Status acknowledge_activity_discard(Connection& c, Bytes user_data) {
  return run_with_data(c, Input::SACTDrsp, "S-ACTIVITY-DISCARD response", user_data);
}

Result<std::uint64_t> end_activity(Connection& c, Bytes user_data) {
  return run_sync_point(c, Input::SACTEreq, "S-ACTIVITY-END", user_data);
}

Status acknowledge_activity_end(Connection& c, Bytes user_data) {
  return run_with_data(c, Input::SACTErsp, "S-ACTIVITY-END response", user_data);
}

Status report_exception(Connection& c, std::uint8_t code, Bytes user_data) {
  return run_with_reason(c, Input::SUERreq, "S-U-EXCEPTION-REPORT", code, user_data);
}

Status send_capability_data(Connection& c, Bytes user_data) {
  return run_with_data(c, Input::SCDreq, "S-CAPABILITY-DATA", user_data);
}

Status acknowledge_capability_data(Connection& c, Bytes user_data) {
  return run_with_data(c, Input::SCDrsp, "S-CAPABILITY-DATA response", user_data);
}

}  // namespace piglix::session
