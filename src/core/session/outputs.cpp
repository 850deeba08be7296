// Output items that send an SPDU: each builds the SPDU from the event's parameters and the
// variables as they were when the row started (README Decisions #20), then emit() encodes it.
#include <algorithm>
#include <vector>

#include "piglix/spdu/codec.hpp"
#include "piglix/spdu/segment.hpp"
#include "session/buffers.hpp"
#include "session/machine.hpp"

namespace piglix::session::detail {
namespace {

namespace td = spdu::transport_disconnect;
using table::Op;

// Below this, user data are copied into the TSDU even when they are in a SharedBuffer: one more
// piece in the gather write costs more than copying so few octets.
constexpr std::size_t share_threshold = 2048;

// The part of `shared` that `s` carries as user information (the TSDU's last field, which
// encode_tsdu_head() leaves out), when it is worth referring to.
SharedSlice shared_part(const spdu::Spdu& s, const SharedBuffer* shared) {
  const spdu::Kind kind = spdu::kind_of(s);
  if (shared == nullptr || (kind != spdu::Kind::DT && kind != spdu::Kind::TD)) return {};
  const Bytes data = spdu::segment_data(s);
  const Bytes whole = **shared;
  if (data.size() < share_threshold || data.data() < whole.data() ||
      data.data() + data.size() > whole.data() + whole.size()) {
    return {};
  }
  return SharedSlice{*shared, static_cast<std::size_t>(data.data() - whole.data()), data.size()};
}

Status encode_one(Connection& c, const spdu::Spdu& s, const SharedBuffer* shared) {
  ByteBuffer tsdu = take_buffer(c);
  SharedSlice tail = shared_part(s, shared);
  const auto& info = spdu::info(s);
  if (info.category == spdu::Category::two) {
    const spdu::Spdu pair[] = {herald_for(info.kind), s};
    const Status st = tail ? spdu::encode_tsdu_head(pair, tsdu) : spdu::encode_tsdu(pair, tsdu);
    if (!st) return st;
  } else if (tail) {
    if (Status st = spdu::encode_tsdu_head(std::span(&s, 1), tsdu); !st) return st;
  } else if (Status st = spdu::encode(s, tsdu); !st) {
    return st;
  }
  c.transport_out.push_back(
      TransportAction{TransportAction::Kind::send, std::move(tsdu), std::move(tail)});
  return {};
}

// Version 1 segments only DT and TD (X.225 7.37).
bool may_segment(const Connection& c, spdu::Kind kind) {
  if (!spdu::segmentable(kind)) return false;
  return c.session.version == 2 || kind == spdu::Kind::DT || kind == spdu::Kind::TD;
}

Status send_refuse(Connection& c, const Context& ctx, bool keep) {
  spdu::Refuse rf;
  rf.transport_disconnect = keep ? std::uint8_t{0} : td::released;
  if (ctx.refuse != nullptr) {
    rf.reason.reason = ctx.refuse->reason;
    if (ctx.refuse->reason == spdu::refuse_reason::user_data_follows) {
      rf.reason.user_data = ctx.refuse->user_data;
    }
  } else {
    rf.reason.reason = ctx.connect_refusal.value_or(spdu::refuse_reason::spm_not_specified);
    // Tell the initiator which versions would do (facts §4.4, ISODE).
    if (rf.reason.reason == spdu::refuse_reason::versions_not_supported) {
      rf.version_number = c.config.versions;
    }
  }
  return emit(c, rf);
}

Status send_abort(Connection& c, const Context& ctx, bool keep) {
  spdu::Abort ab;
  ab.transport_disconnect = static_cast<std::uint8_t>(td::user_abort | (keep ? 0 : td::released));
  ab.user_data = optional_data(ctx.user_data);
  return emit(c, ab);
}

}  // namespace

// The next CDO of the connect user data beyond what the CN carried. Each carries at most what a
// 3-octet SPDU length can hold; the last one has the end bit (p202 at the acceptor).
Status send_overflow_chunk(Connection& c) {
  constexpr std::size_t chunk = 65000;
  const ByteBuffer& data = c.pending_connect->user_data;
  const std::size_t size = std::min(chunk, data.size() - c.overflow_sent);
  spdu::ConnectDataOverflow cdo;
  cdo.user_data = Bytes(data).subspan(c.overflow_sent, size);
  c.overflow_sent += size;
  cdo.enclosure = c.overflow_sent == data.size() ? spdu::enclosure::end : spdu::enclosure::middle;
  return emit(c, cdo);
}

bool overflow_remains(const Connection& c) {
  return c.pending_connect && c.overflow_sent < c.pending_connect->user_data.size();
}

spdu::Spdu herald_for(spdu::Kind kind) {
  if (spdu::info(kind).herald == spdu::Kind::PT) return spdu::PleaseTokens{};
  return spdu::GiveTokens{};
}

Status emit(Connection& c, const spdu::Spdu& s, const SharedBuffer* shared) {
  const std::size_t max = c.session.max_send_tsdu;
  const spdu::Kind kind = spdu::kind_of(s);
  if (max == 0 || !may_segment(c, kind)) return encode_one(c, s, shared);
  std::vector<spdu::Spdu> segments;
  if (Status st = spdu::segment(s, max, segments); !st) return st;
  for (const spdu::Spdu& seg : segments) {
    if (Status st = encode_one(c, seg, shared); !st) return st;
  }
  return {};
}

Status send(Connection& c, const Context& ctx, Op op) {
  switch (op) {
    case Op::send_CN: {
      const ConnectRequest& req = ctx.connect != nullptr ? *ctx.connect : *c.pending_connect;
      spdu::Connect cn = connect_spdu(c, req);
      const std::size_t in_cn = cn.user_data            ? cn.user_data->size()
                                : cn.extended_user_data ? cn.extended_user_data->size()
                                                        : 0;
      c.overflow_sent = in_cn;
      return emit(c, cn);
    }
    case Op::send_OA: {
      spdu::OverflowAccept oa;
      if (c.config.max_receive_tsdu != 0) {
        oa.tsdu_maximum_size = spdu::TsduMaximumSize{c.config.max_receive_tsdu, 0};
      }
      return emit(c, oa);
    }
    case Op::send_CDO: return send_overflow_chunk(c);
    case Op::send_AC: return emit(c, accept_spdu(c, *c.pending_indication, *ctx.accept));
    case Op::send_RF_nr: return send_refuse(c, ctx, false);
    case Op::send_RF_r: return send_refuse(c, ctx, true);
    case Op::send_FN_nr:
    case Op::send_FN_r: {
      spdu::Finish fn;
      fn.transport_disconnect = op == Op::send_FN_r ? std::uint8_t{0} : td::released;
      fn.user_data = optional_data(ctx.user_data);
      return emit(c, fn);
    }
    case Op::send_DN: return emit(c, spdu::Disconnect{{}, optional_data(ctx.user_data)});
    case Op::send_NF: return emit(c, spdu::NotFinished{{}, optional_data(ctx.user_data)});
    case Op::send_AB_nr: return send_abort(c, ctx, false);
    case Op::send_AB_r: return send_abort(c, ctx, true);
    case Op::send_AA: return emit(c, spdu::AbortAccept{});
    case Op::send_DT: return emit(c, spdu::DataTransfer{{}, ctx.user_data}, ctx.shared_user_data);
    case Op::send_EX: return emit(c, spdu::Expedited{ctx.user_data});
    case Op::send_TD: return emit(c, spdu::TypedData{{}, ctx.user_data}, ctx.shared_user_data);
    case Op::send_GT: return emit(c, spdu::GiveTokens{ctx.tokens, {}, {}});
    case Op::send_PT:
      return emit(c, spdu::PleaseTokens{ctx.tokens, {}, optional_data(ctx.user_data)});
    case Op::send_GTC: return emit(c, spdu::GiveTokensConfirm{});
    case Op::send_GTA: return emit(c, spdu::GiveTokensAck{});
    default: return send_dialogue(c, ctx, op);
  }
}

}  // namespace piglix::session::detail
