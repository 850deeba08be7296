// From a received TSDU to table events: decode, drop heralds, reassemble segmented SSDUs, name
// each SPDU's event (AB-nr or AB-r, RS-a/r/s, ...) and run it. Annex A note 2: concatenation and
// segmentation are outside the table, which sees whole SSDUs one by one.
#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "piglix/spdu/codec.hpp"
#include "piglix/spdu/segment.hpp"
#include "session/machine.hpp"

namespace piglix::session {
namespace {

using detail::Context;
using table::Input;
namespace td = spdu::transport_disconnect;

bool disconnect_released(std::optional<std::uint8_t> value) {
  return !value || (*value & td::released) != 0;  // absent: released, as every stack reads it
}

Input input_of(const spdu::Spdu& s) {
  using spdu::Kind;
  switch (spdu::kind_of(s)) {
    case Kind::CN: return Input::CN;
    case Kind::OA: return Input::OA;
    case Kind::CDO: return Input::CDO;
    case Kind::AC: return Input::AC;
    case Kind::RF:
      return disconnect_released(std::get<spdu::Refuse>(s).transport_disconnect) ? Input::RF_nr
                                                                                 : Input::RF_r;
    case Kind::FN:
      return disconnect_released(std::get<spdu::Finish>(s).transport_disconnect) ? Input::FN_nr
                                                                                 : Input::FN_r;
    case Kind::DN: return Input::DN;
    case Kind::NF: return Input::NF;
    case Kind::AB:
      return disconnect_released(std::get<spdu::Abort>(s).transport_disconnect) ? Input::AB_nr
                                                                                : Input::AB_r;
    case Kind::AA: return Input::AA;
    case Kind::DT: return Input::DT;
    case Kind::EX: return Input::EX;
    case Kind::TD: return Input::TD;
    case Kind::CD: return Input::CD;
    case Kind::CDA: return Input::CDA;
    case Kind::GT: return Input::GT;
    case Kind::PT: return Input::PT;
    case Kind::GTC: return Input::GTC;
    case Kind::GTA: return Input::GTA;
    case Kind::MIP: return Input::MIP;
    case Kind::MIA: return Input::MIA;
    case Kind::MAP: return Input::MAP;
    case Kind::MAA: return Input::MAA;
    case Kind::RS:
      switch (std::get<spdu::Resynchronize>(s).resync_type) {
        case spdu::resync_type::abandon: return Input::RS_a;
        case spdu::resync_type::set: return Input::RS_s;
        default: return Input::RS_r;
      }
    case Kind::RA: return Input::RA;
    case Kind::PR:
      switch (std::get<spdu::Prepare>(s).prepare_type) {
        case spdu::prepare_type::resynchronize: return Input::PR_RS;
        case spdu::prepare_type::resynchronize_ack: return Input::PR_RA;
        case spdu::prepare_type::abort: return Input::PR_AB;
        default: return Input::PR_MAA;
      }
    case Kind::ER: return Input::ER;
    case Kind::ED: return Input::ED;
    case Kind::AS: return Input::AS;
    case Kind::AR: return Input::AR;
    case Kind::AI: return Input::AI;
    case Kind::AIA: return Input::AIA;
    case Kind::AD: return Input::AD;
    case Kind::ADA: return Input::ADA;
    case Kind::AE: return Input::AE;
    case Kind::AEA: return Input::AEA;
  }
  return Input::AA;
}

// The SS-user data an SPDU carries: user information (DT, EX, TD), else its User Data.
Bytes user_data_of(const spdu::Spdu& s) {
  return std::visit(
      [](const auto& v) -> Bytes {
        using T = std::decay_t<decltype(v)>;
        if constexpr (requires { v.user_information; }) {
          return v.user_information;
        } else if constexpr (std::is_same_v<T, spdu::Refuse>) {
          return v.reason.user_data;
        } else if constexpr (std::is_same_v<T, spdu::Connect>) {
          return v.user_data ? *v.user_data : v.extended_user_data.value_or(Bytes{});
        } else if constexpr (requires { v.user_data; }) {
          return v.user_data.value_or(Bytes{});
        } else {
          return {};
        }
      },
      s);
}

std::uint64_t serial_of(const spdu::Spdu& s) {
  return std::visit(
      [](const auto& v) -> std::uint64_t {
        if constexpr (requires { v.serial_number.value; }) {
          return v.serial_number.value;
        } else if constexpr (requires { v.linking_information.serial_number.value; }) {
          return v.linking_information.serial_number.value;  // AR: the old activity's
        } else {
          return 0;
        }
      },
      s);
}

std::uint8_t token_item_of(const spdu::Spdu& s) {
  if (const auto* gt = std::get_if<spdu::GiveTokens>(&s)) return gt->token_item.value_or(0);
  if (const auto* pt = std::get_if<spdu::PleaseTokens>(&s)) return pt->token_item.value_or(0);
  return 0;
}

// `reassembled`: `user_data` is the assembler's, which an indication may take without a copy.
void run_spdu(Connection& c, const spdu::Spdu& s, Bytes user_data, bool reassembled = false) {
  Context ctx;
  ctx.input = input_of(s);
  ctx.spdu = &s;
  ctx.user_data = user_data;
  ctx.user_data_reassembled = reassembled;
  ctx.tokens = token_item_of(s);
  ctx.serial = serial_of(s);
  if (const auto* cn = std::get_if<spdu::Connect>(&s)) {
    ctx.connect_refusal = detail::refusal_reason(c.config, *cn);
  }
  if (const auto* cdo = std::get_if<spdu::ConnectDataOverflow>(&s)) {
    ctx.last_overflow = (cdo->enclosure & spdu::enclosure::end) != 0;
    const std::size_t kept = c.pending_indication ? c.pending_indication->user_data.size() : 0;
    if (kept + user_data.size() > c.config.max_ssdu_size) {
      detail::protocol_error(
          c,
          Error{errc::limit_exceeded, 0,
                fmt::format("S-CONNECT user data exceeds the configured maximum of {} octets",
                            c.config.max_ssdu_size)},
          true);
      return;
    }
  }
  (void)detail::run(c, ctx);
  // An AC with a Token Item is also a PLEASE TOKENS (Annex A note 1): AC, then PT.
  if (const auto* ac = std::get_if<spdu::Accept>(&s); ac && ac->token_item) {
    Context pt;
    pt.input = Input::PT;
    pt.tokens = *ac->token_item;
    (void)detail::run(c, pt);
  }
}

bool is_herald(const std::vector<spdu::Spdu>& spdus, std::size_t i) {
  const spdu::Kind k = spdu::kind_of(spdus[i]);
  return i + 1 < spdus.size() && (k == spdu::Kind::GT || k == spdu::Kind::PT) &&
         token_item_of(spdus[i]) == 0;
}

spdu::DecodeOptions decode_options(const Connection& c) {
  spdu::DecodeOptions o;
  o.activity_management = c.session.functional_units == 0 ||
                          (c.session.functional_units & spdu::fu::activity_management) != 0;
  o.major_ack_is_activity_end = c.state == State::STA04B;
  return o;
}

// One SPDU of the TSDU, through segment reassembly.
void deliver(Connection& c, const spdu::Spdu& s) {
  const std::optional<std::uint8_t> enclosure = spdu::enclosure_of(s);
  const bool segmented = enclosure && *enclosure != spdu::enclosure::whole;
  // An SPDU of another kind between segments (an AB, an EX) is not part of the SSDU: it is an
  // event of its own, and the SSDU continues after it.
  const bool continues = c.assembler.in_progress() && spdu::kind_of(s) == c.segment_kind;
  if (!segmented && !continues) {
    run_spdu(c, s, user_data_of(s));
    return;
  }
  if (segmented && c.session.max_receive_tsdu == 0) {
    detail::protocol_error(
        c, Error{errc::spdu_bad_segmentation, 0,
                 fmt::format("SPDU {} is segmented (Enclosure Item 0x{:02x}) but no TSDU maximum "
                             "size was agreed",
                             spdu::info(s).abbreviation, *enclosure)});
    return;
  }
  const bool first = !c.assembler.in_progress();
  Result<bool> complete = c.assembler.add(enclosure, user_data_of(s));
  if (!complete) {
    detail::protocol_error(c, complete.error(), complete.error().code == errc::limit_exceeded);
    return;
  }
  if (first) {
    // The first segment carries the SPDU's parameters; keep it, as a TSDU of its own (with its
    // herald if it needs one), to decode again at the end. Its user data is in the assembler, so
    // only the one octet a valid first segment needs is kept with it.
    c.first_segment.clear();
    c.segment_kind = spdu::kind_of(s);
    const spdu::KindInfo& info = spdu::info(s);
    if (info.category == spdu::Category::two) {
      (void)spdu::encode(detail::herald_for(info.kind), c.first_segment);
    }
    const Bytes data = spdu::segment_data(s);
    (void)spdu::encode(
        spdu::with_segment_data(s, data.first(std::min<std::size_t>(data.size(), 1))),
        c.first_segment);
  }
  if (!*complete) return;
  Result<std::vector<spdu::Spdu>> head = spdu::decode_tsdu(c.first_segment, decode_options(c));
  if (!head || head->empty()) return;
  const spdu::Spdu& whole = head->back();
  run_spdu(c, whole, c.assembler.data(), true);
}

}  // namespace

void receive(Connection& c, Bytes tsdu) {
  if (c.state == State::STA01 || c.state == State::STA01B) return;  // no transport: stale
  // The vector is reused from TSDU to TSDU, so a steady flow allocates nothing here. It is taken
  // out while in use: a delivery that fed the machine again would only get a fresh one.
  std::vector<spdu::Spdu> spdus = std::move(c.decoded_spdus);
  if (Status s = spdu::decode_tsdu(tsdu, spdus, decode_options(c)); !s) {
    detail::protocol_error(c, s.error());
  } else {
    for (std::size_t i = 0; i < spdus.size(); ++i) {
      if (is_herald(spdus, i)) continue;
      deliver(c, spdus[i]);
    }
  }
  spdus.clear();  // they view `tsdu`, which is the caller's
  c.decoded_spdus = std::move(spdus);
}

}  // namespace piglix::session
