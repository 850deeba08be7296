// The SS-user's side of the machine: requests and responses, checked and run through the table.
#include "session/requests.hpp"

#include <fmt/format.h>

#include "session/machine.hpp"

namespace piglix::session::detail {

namespace limit = spdu::limit;

Status too_long(std::string_view what, std::size_t size, std::size_t max) {
  return Error{
      errc::invalid_argument, 0,
      fmt::format("{} carries {} octets of user data; at most {} are allowed", what, size, max)};
}

Status check_user_data(const Connection& c, std::string_view what, Bytes data) {
  constexpr std::size_t v2_spdu_data = 65000;  // one SPDU with a 3-octet length, parameters aside
  if (c.session.version == 1 && data.size() > limit::v1_user_data) {
    return too_long(what, data.size(), limit::v1_user_data);
  }
  if (c.session.max_send_tsdu == 0 && data.size() > v2_spdu_data) {
    return too_long(fmt::format("{} (no TSDU maximum size agreed, so not segmented)", what),
                    data.size(), v2_spdu_data);
  }
  return {};
}

Status run_request(Connection& c, table::Input input, Bytes user_data, TokenSet tokens) {
  Context ctx;
  ctx.input = input;
  ctx.user_data = user_data;
  ctx.tokens = tokens;
  return run(c, ctx);
}

Status run_shared(Connection& c, table::Input input, const SharedBuffer& user_data) {
  Context ctx;
  ctx.input = input;
  ctx.user_data = *user_data;
  ctx.shared_user_data = &user_data;
  return run(c, ctx);
}

}  // namespace piglix::session::detail

namespace piglix::session {
namespace {

using detail::check_user_data;
using detail::Context;
using detail::run_request;
using detail::too_long;
using table::Input;
namespace limit = spdu::limit;

Status check_tokens(TokenSet tokens) {
  if (tokens == 0 || (tokens & ~spdu::token::all) != 0) {
    return Error{errc::invalid_argument, 0,
                 fmt::format("0x{:02x} is not a token set (data 0x01, minor sync 0x04, major/"
                             "activity 0x10, release 0x40)",
                             tokens)};
  }
  return {};
}

}  // namespace

Connection make_connection(Config config) {
  Connection c;
  c.assembler = spdu::SsduAssembler(config.max_ssdu_size);
  c.config = std::move(config);
  return c;
}

Status connect(Connection& c, ConnectRequest request) {
  const std::size_t size = request.user_data.size();
  if (size > limit::connect_user_data && (c.config.versions & spdu::version::v2) == 0) {
    return too_long("S-CONNECT in version 1", size, limit::connect_user_data);
  }
  if (size > c.config.max_ssdu_size) return too_long("S-CONNECT", size, c.config.max_ssdu_size);
  const std::uint16_t units = detail::usable_units(request.functional_units);
  if ((units & (spdu::fu::half_duplex | spdu::fu::duplex)) == 0) {
    return Error{errc::invalid_argument, 0,
                 fmt::format("functional units 0x{:04x} propose neither half-duplex nor duplex "
                             "(supported: 0x{:04x})",
                             request.functional_units, supported_functional_units)};
  }
  Context ctx;
  ctx.input = Input::SCONreq;
  // Kept before the row runs: STA01 sends the CN only at T-CONNECT confirm, STA01C at once.
  std::optional<ConnectRequest> previous = std::move(c.pending_connect);
  c.pending_connect = std::move(request);
  ctx.connect = &*c.pending_connect;
  if (Status s = detail::run(c, ctx); !s) {
    c.pending_connect = std::move(previous);
    return s;
  }
  return {};
}

Status accept(Connection& c, AcceptResponse response) {
  if (c.state == State::STA08) {
    if (Status s = detail::check_accept(c, response); !s) return s;
  }
  Context ctx;
  ctx.input = Input::SCONrsp_accept;
  ctx.accept = &response;
  ctx.user_data = response.user_data;
  return detail::run(c, ctx);
}

Status refuse(Connection& c, RefuseResponse response) {
  if (response.reason != spdu::refuse_reason::not_specified &&
      response.reason != spdu::refuse_reason::temporary_congestion &&
      response.reason != spdu::refuse_reason::user_data_follows) {
    return Error{
        errc::invalid_argument, 0,
        fmt::format("refuse reason {} is not an SS-user reason (0, 1 or 2)", response.reason)};
  }
  if (!response.user_data.empty() && response.reason != spdu::refuse_reason::user_data_follows) {
    return Error{errc::invalid_argument, 0,
                 "REFUSE carries user data only with reason 2 (user data follows)"};
  }
  Context ctx;
  ctx.input = Input::SCONrsp_reject;
  ctx.refuse = &response;
  return detail::run(c, ctx);
}

Status send_data(Connection& c, Bytes data) {
  if (data.empty()) return Error{errc::invalid_argument, 0, "S-DATA needs at least one octet"};
  if (Status s = check_user_data(c, "S-DATA", data); !s) return s;
  return run_request(c, Input::SDTreq, data);
}

Status send_data(Connection& c, const SharedBuffer& data) {
  if (!data || data->empty())
    return Error{errc::invalid_argument, 0, "S-DATA needs at least one octet"};
  if (Status s = check_user_data(c, "S-DATA", *data); !s) return s;
  return detail::run_shared(c, Input::SDTreq, data);
}

Status send_expedited_data(Connection& c, Bytes data) {
  if (data.empty() || data.size() > limit::expedited_data) {
    return Error{errc::invalid_argument, 0,
                 fmt::format("S-EXPEDITED-DATA carries 1 to {} octets, not {}",
                             limit::expedited_data, data.size())};
  }
  return run_request(c, Input::SEXreq, data);
}

Status send_typed_data(Connection& c, Bytes data) {
  if (data.empty())
    return Error{errc::invalid_argument, 0, "S-TYPED-DATA needs at least one octet"};
  if (Status s = check_user_data(c, "S-TYPED-DATA", data); !s) return s;
  return run_request(c, Input::STDreq, data);
}

Status send_typed_data(Connection& c, const SharedBuffer& data) {
  if (!data || data->empty())
    return Error{errc::invalid_argument, 0, "S-TYPED-DATA needs at least one octet"};
  if (Status s = check_user_data(c, "S-TYPED-DATA", *data); !s) return s;
  return detail::run_shared(c, Input::STDreq, data);
}

Status give_tokens(Connection& c, TokenSet tokens) {
  if (Status s = check_tokens(tokens); !s) return s;
  return run_request(c, Input::SGTreq, {}, tokens);
}

Status please_tokens(Connection& c, TokenSet tokens, Bytes user_data) {
  if (Status s = check_tokens(tokens); !s) return s;
  if (c.session.version == 1 && !user_data.empty()) {
    return Error{errc::invalid_argument, 0, "PLEASE TOKENS carries user data only in version 2"};
  }
  if (Status s = check_user_data(c, "S-TOKEN-PLEASE", user_data); !s) return s;
  return run_request(c, Input::SPTreq, user_data, tokens);
}

Status give_control(Connection& c) { return run_request(c, Input::SCGreq); }

Status release(Connection& c, Bytes user_data) {
  if (Status s = check_user_data(c, "S-RELEASE", user_data); !s) return s;
  return run_request(c, Input::SRELreq, user_data);
}

Status accept_release(Connection& c, Bytes user_data) {
  if (Status s = check_user_data(c, "S-RELEASE response", user_data); !s) return s;
  return run_request(c, Input::SRELrsp_accept, user_data);
}

Status refuse_release(Connection& c, Bytes user_data) {
  if (Status s = check_user_data(c, "S-RELEASE response", user_data); !s) return s;
  return run_request(c, Input::SRELrsp_reject, user_data);
}

Status abort(Connection& c, Bytes user_data) {
  // Version 1 and sessions not yet established: 9 octets (what fits the transport expedited
  // flow, x225-facts §3.7).
  if (c.session.version != 2 && user_data.size() > limit::v1_abort_user_data) {
    return too_long("S-U-ABORT", user_data.size(), limit::v1_abort_user_data);
  }
  if (Status s = check_user_data(c, "S-U-ABORT", user_data); !s) return s;
  return run_request(c, Input::SUABreq, user_data);
}

void transport_indication(Connection& c) { (void)run_request(c, Input::TCONind); }
void transport_connected(Connection& c) { (void)run_request(c, Input::TCONcnf); }

void transport_disconnected(Connection& c, const std::optional<Error>& reason) {
  Context ctx;
  ctx.input = Input::TDISind;
  if (reason) ctx.disconnect_reason = &*reason;
  (void)detail::run(c, ctx);
  c.held.clear();
  c.assembler.reset();
}

void timer_expired(Connection& c, std::uint32_t generation) {
  if (!c.tim.running || generation != c.tim.generation) return;  // stopped or restarted since
  c.tim.running = false;
  (void)run_request(c, Input::TIM);
}

std::optional<TransportAction> poll_transport(Connection& c) {
  if (c.transport_out.empty()) return std::nullopt;
  TransportAction a = std::move(c.transport_out.front());
  c.transport_out.pop_front();
  return a;
}

std::optional<Event> poll_event(Connection& c) {
  if (c.events.empty()) return std::nullopt;
  Event e = std::move(c.events.front());
  c.events.pop_front();
  return e;
}

}  // namespace piglix::session
