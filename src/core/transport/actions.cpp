// What the rows of the class 0 transport machine do: connection set-up with TPDU size
// negotiation, data transfer with segmentation and reassembly, and the ways a connection ends.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <optional>
#include <utility>

#include "transport/machine.hpp"

namespace piglix::transport::detail {
namespace {

using table::Action;
using Cause = DisconnectIndication::Cause;

std::optional<ByteBuffer> owned(const std::optional<Bytes>& b) {
  if (!b) return std::nullopt;
  return ByteBuffer(b->begin(), b->end());
}
std::optional<Bytes> view(const std::optional<ByteBuffer>& b) {
  if (!b) return std::nullopt;
  return Bytes(*b);
}
bool same(const ByteBuffer& a, Bytes b) { return std::ranges::equal(a, b); }

// The TPDU size a CR or CC offers: the preferred maximum if present (RFC 2126), else the size
// code, else RFC 1006's default of 65531.
std::size_t offered_size(const tpdu::ConnectParameters& p) {
  if (p.preferred_max_tpdu_size) {
    return static_cast<std::size_t>(std::min<std::uint64_t>(*p.preferred_max_tpdu_size, 65531));
  }
  if (p.tpdu_size_code) return octets_of(*p.tpdu_size_code);
  return octets_of(tpdu::max_tpdu_size_code);
}

std::uint8_t class_of(std::uint8_t class_options) { return class_options >> 4; }

// Whether the CR allows class 0: as its class, or among its alternative classes (RFC 2126 CRs
// for class 2 that fall back to 0).
bool offers_class0(const tpdu::ConnectionRequest& cr) {
  if (class_of(cr.class_options) == 0) return true;
  const auto& alternatives = cr.parameters.alternative_classes;
  return alternatives &&
         std::ranges::any_of(*alternatives, [](std::uint8_t k) { return class_of(k) == 0; });
}

void refuse_cr(Connection& c, std::uint8_t reason, const std::string& why) {
  tpdu::DisconnectRequest dr;
  dr.dst_ref = c.peer_reference;
  dr.src_ref = c.config.local_reference;
  dr.reason = reason;
  // The explanation travels as DR's additional information: a peer's log can show it.
  const Bytes text(reinterpret_cast<const std::uint8_t*>(why.data()),
                   std::min<std::size_t>(why.size(), 128));
  dr.additional_information = text;
  (void)emit(c, dr);
  end(c, std::nullopt);
}

bool take_cr(Connection& c, const Context& ctx) {
  const auto& cr = std::get<tpdu::ConnectionRequest>(*ctx.tpdu);
  c.peer_reference = cr.src_ref;
  if (!offers_class0(cr)) {
    refuse_cr(
        c, tpdu::reason::not_specified,
        fmt::format("class {} requested; only class 0 is supported", class_of(cr.class_options)));
    return false;
  }
  const auto& tsaps = c.config.local_tsaps;
  const Bytes called = cr.parameters.called_tsap.value_or(Bytes{});
  if (!tsaps.empty() &&
      std::ranges::none_of(tsaps, [&](const ByteBuffer& t) { return same(t, called); })) {
    refuse_cr(c, tpdu::reason::address_unknown, "called TSAP unknown");
    return false;
  }
  const std::size_t size =
      std::min(offered_size(cr.parameters), octets_of(c.config.tpdu_size_code));
  c.tpdu_size = octets_of(code_at_most(size));
  c.framer.set_limits({.max_packet_size = tpkt::header_size + c.tpdu_size});
  c.request.calling_tsap = owned(cr.parameters.calling_tsap);
  c.request.called_tsap = owned(cr.parameters.called_tsap);
  ConnectIndication ind;
  ind.calling_tsap = c.request.calling_tsap;
  ind.called_tsap = c.request.called_tsap;
  ind.tpdu_size = c.tpdu_size;
  ind.user_data.assign(cr.user_data.begin(), cr.user_data.end());
  c.events.emplace_back(std::move(ind));
  return true;
}

bool send_cr(Connection& c) {
  tpdu::ConnectionRequest cr;
  cr.src_ref = c.config.local_reference;
  cr.parameters.calling_tsap = view(c.request.calling_tsap);
  cr.parameters.called_tsap = view(c.request.called_tsap);
  cr.parameters.tpdu_size_code = c.config.tpdu_size_code;
  (void)emit(c, cr);  // TSAPs of up to 255 octets always encode; longer ones are refused earlier
  return true;
}

bool take_cc(Connection& c, const Context& ctx) {
  const auto& cc = std::get<tpdu::ConnectionConfirm>(*ctx.tpdu);
  const std::size_t proposed = octets_of(c.config.tpdu_size_code);
  // A CC without a size agrees to RFC 1006's default, which is never below what we proposed.
  const std::size_t agreed = std::min(offered_size(cc.parameters), proposed);
  if (class_of(cc.class_options) != 0) {
    protocol_error(c, ctx.raw, tpdu::cause::invalid_parameter_value,
                   Error{errc::transport_protocol_error, 0,
                         fmt::format("CC selects class {}; the CR proposed class 0",
                                     class_of(cc.class_options))});
    return false;
  }
  if (offered_size(cc.parameters) > proposed && cc.parameters.tpdu_size_code) {
    protocol_error(
        c, ctx.raw, tpdu::cause::invalid_parameter_value,
        Error{errc::transport_protocol_error, 0,
              fmt::format("CC agrees a TPDU size of {} octets; the CR proposed at most {}",
                          offered_size(cc.parameters), proposed)});
    return false;
  }
  // References are not checked: TCP identifies the connection, and stacks differ in what they
  // echo (specs/transport/class0-machine.md).
  c.peer_reference = cc.src_ref;
  c.tpdu_size = agreed;
  c.framer.set_limits({.max_packet_size = tpkt::header_size + c.tpdu_size});
  ConnectConfirm cnf;
  cnf.calling_tsap = owned(cc.parameters.calling_tsap);
  cnf.called_tsap = owned(cc.parameters.called_tsap);
  cnf.tpdu_size = agreed;
  cnf.user_data.assign(cc.user_data.begin(), cc.user_data.end());
  c.events.emplace_back(std::move(cnf));
  return true;
}

bool send_cc(Connection& c) {
  tpdu::ConnectionConfirm cc;
  cc.dst_ref = c.peer_reference;
  cc.src_ref = c.config.local_reference;
  // Both TSAPs echoed, as the MMS stacks do and expect.
  cc.parameters.calling_tsap = view(c.request.calling_tsap);
  cc.parameters.called_tsap = view(c.request.called_tsap);
  cc.parameters.tpdu_size_code = code_at_most(c.tpdu_size);
  (void)emit(c, cc);
  return true;
}

bool take_dt(Connection& c, const Context& ctx) {
  const auto& dt = std::get<tpdu::Data>(*ctx.tpdu);
  if (ctx.raw.size() > c.tpdu_size) {
    protocol_error(c, ctx.raw, tpdu::cause::not_specified,
                   Error{errc::transport_protocol_error, 0,
                         fmt::format("DT TPDU of {} octets exceeds the agreed TPDU size of {}",
                                     ctx.raw.size(), c.tpdu_size)});
    return false;
  }
  if (c.tsdu.size() + dt.user_data.size() > c.config.max_tsdu_size) {
    DisconnectIndication ind;
    ind.cause = Cause::limit_exceeded;
    ind.error = Error{
        errc::limit_exceeded, 0,
        fmt::format("TSDU exceeds the configured maximum of {} octets", c.config.max_tsdu_size)};
    end(c, std::move(ind));
    return false;
  }
  if (c.config.deliver_views && c.tsdu.empty() && dt.end_of_tsdu) {
    c.events.emplace_back(DataIndication{{}, dt.user_data});  // no copy: see Config
    return true;
  }
  c.tsdu.insert(c.tsdu.end(), dt.user_data.begin(), dt.user_data.end());
  if (dt.end_of_tsdu) {
    c.events.emplace_back(DataIndication{std::move(c.tsdu), {}});
    c.tsdu = std::move(c.spare_tsdu);
    c.tsdu.clear();
    c.spare_tsdu = ByteBuffer{};
  }
  return true;
}

// Below this a TSDU is copied even when it could be held: a gather write of many tiny pieces
// costs more than copying them, and small SPDUs coalesce in the copy buffer.
constexpr std::size_t hold_threshold = 2048;

bool send_dt(Connection& c, const Context& ctx) {
  // The TSDU is `head` followed by the shared tail, if any; each DT carries a run of it.
  const Bytes head = ctx.tsdu;
  const std::size_t tail_size = ctx.tail != nullptr ? ctx.tail->size : 0;
  const std::size_t total = head.size() + tail_size;
  std::optional<std::size_t> held;
  if (ctx.owned_tsdu && head.size() >= hold_threshold) {
    held = c.output.hold(std::move(*ctx.owned_tsdu));  // `head` still views the same octets
  }
  // Appends octets [at, at + n) of the TSDU.
  const auto append_run = [&](std::size_t at, std::size_t n) {
    if (at < head.size()) {
      const std::size_t from_head = std::min(n, head.size() - at);
      if (held) {
        c.output.append_held(*held, at, from_head);
      } else {
        c.output.append(head.subspan(at, from_head));
      }
      at += from_head;
      n -= from_head;
    }
    if (n > 0) {
      c.output.append_shared(ctx.tail->buffer, ctx.tail->offset + (at - head.size()), n);
    }
  };
  const std::size_t chunk = c.tpdu_size - tpdu::dt_header_size;
  std::size_t at = 0;
  do {
    const std::size_t n = std::min(chunk, total - at);
    const bool last = at + n == total;
    std::array<std::uint8_t, tpkt::header_size + tpdu::dt_header_size> headers;
    const auto tpkt_header = tpkt::header_for(tpdu::dt_header_size + n);
    const auto dt_header = tpdu::dt_header(last);
    std::copy(tpkt_header.begin(), tpkt_header.end(), headers.begin());
    std::copy(dt_header.begin(), dt_header.end(), headers.begin() + tpkt_header.size());
    c.output.append(headers);
    append_run(at, n);
    at += n;
  } while (at < total);
  return true;
}

std::string dr_text(const tpdu::DisconnectRequest& dr) {
  std::string text = fmt::format("DR reason {} ({})", dr.reason, tpdu::reason_text(dr.reason));
  if (dr.additional_information) {
    text += ": ";
    for (std::uint8_t ch : *dr.additional_information) {
      text += ch >= 0x20 && ch < 0x7F ? static_cast<char>(ch) : '.';
    }
  }
  return text;
}

std::string er_text(const tpdu::TpduError& er) {
  return fmt::format("ER cause {} ({})", er.cause, tpdu::cause_text(er.cause));
}

bool peer_ended(Connection& c, const Context& ctx, Cause cause) {
  DisconnectIndication ind;
  ind.cause = cause;
  if (const auto* dr = std::get_if<tpdu::DisconnectRequest>(ctx.tpdu)) {
    ind.dr_reason = dr->reason;
    const errc code =
        cause == Cause::peer_refused ? errc::transport_refused : errc::transport_protocol_error;
    if (cause != Cause::peer_released) ind.error = Error{code, 0, dr_text(*dr)};
  } else if (const auto* er = std::get_if<tpdu::TpduError>(ctx.tpdu)) {
    if (cause == Cause::peer_refused) ind.cause = Cause::peer_refused;
    ind.error = Error{
        cause == Cause::peer_refused ? errc::transport_refused : errc::transport_protocol_error, 0,
        "the peer answered with " + er_text(*er)};
  }
  end(c, std::move(ind));
  return false;
}

}  // namespace

bool act(Connection& c, const Context& ctx, Action action) {
  switch (action) {
    case Action::send_cr: return send_cr(c);
    case Action::take_cr: return take_cr(c, ctx);
    case Action::take_cc: return take_cc(c, ctx);
    case Action::send_cc: return send_cc(c);
    case Action::send_dr: refuse_cr(c, ctx.reason, "refused by the transport user"); return false;
    case Action::take_dt: return take_dt(c, ctx);
    case Action::send_dt: return send_dt(c, ctx);
    case Action::refused_by_peer: return peer_ended(c, ctx, Cause::peer_refused);
    case Action::released_by_peer: return peer_ended(c, ctx, Cause::peer_released);
    case Action::error_from_peer: return peer_ended(c, ctx, Cause::peer_error);
    case Action::lost: {
      DisconnectIndication ind;
      ind.cause = Cause::network_closed;
      end(c, std::move(ind));
      c.close_after_output = false;  // nothing left to close
      return false;
    }
    case Action::close: end(c, std::nullopt); return false;
  }
  return true;
}

}  // namespace piglix::transport::detail
