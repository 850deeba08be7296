#include "tcp_reassembly.hpp"

namespace piglix::decode_tool {

Reassembler::Direction& Reassembler::direction_for(std::uint64_t frame, const TcpSegment& s) {
  std::string key = s.source + " -> " + s.destination;
  auto [it, inserted] = directions_.try_emplace(key);
  Direction& d = it->second;
  // A SYN on a direction that has ended opens a new connection on the same 4-tuple: it is
  // described from scratch, under a new header.
  if (!inserted && d.ended && s.syn) d = Direction{};
  if (inserted) order_.push_back(key);
  if (d.flow.name.empty()) {
    d.flow = Flow{std::move(key), next_index_++};
    events_.begin(d.flow, frame);
  }
  return d;
}

void Reassembler::add(std::uint64_t frame, const TcpSegment& s) {
  Direction& d = direction_for(frame, s);
  if (d.ended) return;  // retransmissions after a FIN or RST
  if (s.rst) return end(d, FlowEnd::Cause::rst, frame);
  // The SYN takes one sequence number; data it carries (TCP Fast Open) starts after it. A
  // repeated SYN once data has flowed is a retransmission and changes nothing.
  if (s.syn && d.delivered == 0 && d.held.empty()) {
    d.started = true;
    d.next_sequence = s.sequence + 1;
  }
  const std::uint32_t data_sequence = s.syn ? s.sequence + 1 : s.sequence;
  if (!d.started) {  // the capture began after the handshake
    d.started = true;
    d.next_sequence = data_sequence;
  }
  // Signed distance, so that sequence numbers may wrap around 2^32.
  const std::int64_t offset = static_cast<std::int64_t>(d.delivered) +
                              static_cast<std::int32_t>(data_sequence - d.next_sequence);
  if (!s.payload.empty()) place(d, offset, s.payload, frame);
  if (d.ended) return;
  if (s.fin) {
    d.fin_offset = static_cast<std::uint64_t>(
        std::max<std::int64_t>(0, offset + static_cast<std::int64_t>(s.payload.size())));
  }
  if (d.fin_offset && d.delivered >= *d.fin_offset) end(d, FlowEnd::Cause::fin, frame);
}

void Reassembler::place(Direction& d, std::int64_t offset, Bytes payload, std::uint64_t frame) {
  const auto delivered = static_cast<std::int64_t>(d.delivered);
  if (offset + static_cast<std::int64_t>(payload.size()) <= delivered) return;  // retransmitted
  if (offset > delivered) {
    // Early: hold it, keeping the longer copy when a segment is sent again with more data.
    ByteBuffer& slot = d.held[static_cast<std::uint64_t>(offset)];
    if (slot.size() < payload.size()) {
      d.held_octets += payload.size() - slot.size();
      slot.assign(payload.begin(), payload.end());
    }
    if (d.held_octets > limits_.max_held_octets) end(d, FlowEnd::Cause::overflow, frame);
    return;
  }
  deliver(d, payload.subspan(static_cast<std::size_t>(delivered - offset)), frame);
  // The gap may now be closed: hand over what was held, trimming what overlaps.
  while (!d.held.empty() && d.held.begin()->first <= d.delivered) {
    auto node = d.held.extract(d.held.begin());
    d.held_octets -= node.mapped().size();
    if (node.key() + node.mapped().size() <= d.delivered) continue;
    deliver(d, Bytes(node.mapped()).subspan(d.delivered - node.key()), frame);
  }
}

void Reassembler::deliver(Direction& d, Bytes octets, std::uint64_t frame) {
  d.delivered += octets.size();
  d.next_sequence += static_cast<std::uint32_t>(octets.size());
  events_.data(d.flow, frame, octets);
}

void Reassembler::end(Direction& d, FlowEnd::Cause cause, std::uint64_t frame) {
  d.ended = true;
  FlowEnd info{cause, frame, d.delivered, 0, d.held_octets};
  if (!d.held.empty()) info.missing_octets = d.held.begin()->first - d.delivered;
  d.held.clear();
  d.held_octets = 0;
  events_.end(d.flow, info);
}

void Reassembler::finish() {
  for (const std::string& key : order_) {
    Direction& d = directions_[key];
    if (!d.ended) end(d, FlowEnd::Cause::capture_end, 0);
  }
}

}  // namespace piglix::decode_tool
