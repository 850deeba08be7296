// Describing a TPKT stream: framing, TPDUs, and TSDUs reassembled from DT TPDUs.
#include <fmt/format.h>

#include "describe_text.hpp"
#include "piglix/describe.hpp"
#include "piglix/tpdu.hpp"

namespace piglix::describe {

Status Stream::feed(Bytes chunk, std::vector<Node>& out) {
  for (;;) {
    auto payload = framer_.next(chunk);
    if (!payload) return std::move(payload).error();
    if (!*payload) return {};
    // The framer's offset has just moved past the packet: it began header and payload earlier.
    const std::size_t offset = framer_.stream_offset() - (*payload)->size() - tpkt::header_size;
    if (auto status = describe_packet(**payload, offset, out); !status) return status;
  }
}

Status Stream::describe_packet(Bytes payload, std::size_t offset, std::vector<Node>& out) {
  Node packet{offset,
              payload.size() + tpkt::header_size,
              "TPKT",
              fmt::format("version 3, length {}", payload.size() + tpkt::header_size),
              {}};
  auto decoded = tpdu::decode(payload);
  if (!decoded) {
    Error error = std::move(decoded).error();
    error.offset += offset + tpkt::header_size;
    return error;
  }
  std::optional<Node> tpdu_node =
      detail::describe_decoded_tpdu(*decoded, payload, offset + tpkt::header_size);
  if (const auto* dt = std::get_if<tpdu::Data>(&*decoded)) {
    const std::size_t data_offset = offset + tpkt::header_size + tpdu::dt_header_size;
    if (tsdu_.empty() && dt->end_of_tsdu) {
      // The common case: the whole TSDU in one DT, described in place with stream offsets. An
      // empty DT carries no SPDU to describe.
      if (dt->user_data.empty()) {
        packet.children.push_back(std::move(*tpdu_node));
        out.push_back(std::move(packet));
        return {};
      }
      auto spdus = describe::tsdu(dt->user_data, data_offset, options_);
      if (!spdus) return std::move(spdus).error();
      tpdu_node->children = std::move(*spdus);
    } else {
      tsdu_.insert(tsdu_.end(), dt->user_data.begin(), dt->user_data.end());
      ++tsdu_dts_;
      if (dt->end_of_tsdu) {
        auto spdus = describe::tsdu(tsdu_, 0, options_);
        if (!spdus) {
          failed_in_reassembled_tsdu_ = true;
          Error error = std::move(spdus).error();
          error.detail = fmt::format("{} (offset within the TSDU reassembled from {} DT TPDUs)",
                                     error.detail, tsdu_dts_);
          return error;
        }
        Node whole{0, tsdu_.size(), fmt::format("TSDU reassembled from {} DT TPDUs", tsdu_dts_),
                   fmt::format("{} octets; offsets below count from its first octet", tsdu_.size()),
                   std::move(*spdus)};
        tpdu_node->children.push_back(std::move(whole));
        tsdu_.clear();
        tsdu_dts_ = 0;
      }
    }
  }
  packet.children.push_back(std::move(*tpdu_node));
  out.push_back(std::move(packet));
  return {};
}

}  // namespace piglix::describe
