#include "capture.hpp"

#include <pcap/pcap.h>

#include <map>
#include <optional>
#include <unordered_map>

#include <fmt/format.h>

namespace piglix::decode_tool {
namespace {

std::uint16_t be16(const std::uint8_t* p) { return static_cast<std::uint16_t>((p[0] << 8) | p[1]); }
std::uint32_t be32(const std::uint8_t* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
         p[3];
}

struct Segment {
  std::string source, destination;  // "address:port"
  std::uint16_t source_port = 0, destination_port = 0;
  std::uint32_t sequence = 0;
  bool syn = false, fin = false, rst = false;
  Bytes payload;
};

std::string ipv4_text(const std::uint8_t* a) {
  return fmt::format("{}.{}.{}.{}", a[0], a[1], a[2], a[3]);
}

std::string ipv6_text(const std::uint8_t* a) {
  std::string text = "[";
  for (int i = 0; i < 16; i += 2) {
    if (i) text += ':';
    text += fmt::format("{:x}", be16(a + i));
  }
  return text + "]";
}

// The IP packet inside a link-layer frame, or an empty view for other protocols.
Bytes ip_packet(int link_type, Bytes frame) {
  auto ip_if = [&](std::size_t offset, std::uint16_t ethertype) -> Bytes {
    if (ethertype != 0x0800 && ethertype != 0x86DD) return {};
    return offset <= frame.size() ? frame.subspan(offset) : Bytes{};
  };
  switch (link_type) {
    case DLT_EN10MB: {
      if (frame.size() < 14) return {};
      std::size_t offset = 12;
      std::uint16_t type = be16(&frame[offset]);
      while ((type == 0x8100 || type == 0x88A8) && frame.size() >= offset + 6) {  // VLAN tags
        offset += 4;
        type = be16(&frame[offset]);
      }
      return ip_if(offset + 2, type);
    }
    case DLT_LINUX_SLL: return frame.size() < 16 ? Bytes{} : ip_if(16, be16(&frame[14]));
    case DLT_LINUX_SLL2: return frame.size() < 20 ? Bytes{} : ip_if(20, be16(&frame[0]));
    case DLT_NULL:
    case DLT_LOOP: return frame.size() < 4 ? Bytes{} : frame.subspan(4);  // family checked below
    case DLT_RAW:  // libpcap maps the platform's raw-IP numbers to this one
      return frame;
    default: return {};
  }
}

std::optional<Segment> tcp_segment(Bytes ip) {
  if (ip.empty()) return std::nullopt;
  Segment s;
  Bytes tcp;
  const int version = ip[0] >> 4;
  if (version == 4) {
    if (ip.size() < 20) return std::nullopt;
    const std::size_t header = (ip[0] & 0x0F) * 4u;
    const std::size_t total = be16(&ip[2]);
    const bool fragment = (be16(&ip[6]) & 0x3FFF) != 0;  // MF or an offset
    if (ip[9] != 6 || fragment || header < 20 || total < header || total > ip.size()) {
      return std::nullopt;
    }
    s.source = ipv4_text(&ip[12]);
    s.destination = ipv4_text(&ip[16]);
    tcp = ip.subspan(header, total - header);
  } else if (version == 6) {
    if (ip.size() < 40) return std::nullopt;
    const std::size_t total = 40u + be16(&ip[4]);
    if (total > ip.size()) return std::nullopt;
    std::uint8_t next = ip[6];
    std::size_t offset = 40;
    while (next == 0 || next == 43 || next == 60) {  // hop-by-hop, routing, destination options
      if (offset + 8 > total) return std::nullopt;
      next = ip[offset];
      offset += (ip[offset + 1] + 1u) * 8u;
    }
    if (next != 6 || offset > total) return std::nullopt;
    s.source = ipv6_text(&ip[8]);
    s.destination = ipv6_text(&ip[24]);
    tcp = ip.subspan(offset, total - offset);
  } else {
    return std::nullopt;
  }
  if (tcp.size() < 20) return std::nullopt;
  const std::size_t header = (tcp[12] >> 4) * 4u;
  if (header < 20 || header > tcp.size()) return std::nullopt;
  s.source_port = be16(&tcp[0]);
  s.destination_port = be16(&tcp[2]);
  s.sequence = be32(&tcp[4]);
  s.fin = tcp[13] & 0x01;
  s.syn = tcp[13] & 0x02;
  s.rst = tcp[13] & 0x04;
  s.payload = tcp.subspan(header);
  s.source += fmt::format(":{}", s.source_port);
  s.destination += fmt::format(":{}", s.destination_port);
  return s;
}

// One direction's reassembly: octets are numbered from the first one delivered.
struct Direction {
  Flow flow;
  bool started = false;  // next_sequence is known
  bool ended = false;
  std::uint32_t next_sequence = 0;
  std::map<std::uint64_t, ByteBuffer> early;  // held segments by stream offset
  std::uint64_t delivered = 0;                // stream offset of next_sequence
  std::size_t early_octets = 0;
};

class Reassembler {
 public:
  Reassembler(const CaptureSink& sink, CaptureLimits limits) : sink_(sink), limits_(limits) {}

  bool add(const Segment& s, std::uint64_t frame, std::string& error) {
    const std::string key = s.source + " -> " + s.destination;
    auto [it, inserted] = directions_.try_emplace(key);
    Direction& d = it->second;
    if (inserted) {
      d.flow = Flow{key, directions_.size() - 1};
      order_.push_back(key);
    }
    if (d.ended) return true;
    if (s.syn) {
      d.started = true;
      d.next_sequence = s.sequence + 1;
    }
    if (!s.payload.empty()) {
      if (!d.started) {
        d.started = true;
        d.next_sequence = s.sequence;
      }
      // Signed distance, so that sequence numbers may wrap around.
      const auto distance = static_cast<std::int32_t>(s.sequence - d.next_sequence);
      const std::int64_t offset = static_cast<std::int64_t>(d.delivered) + distance;
      if (!place(d, offset, s.payload, frame, error)) return false;
    }
    if (s.fin || s.rst) return finish(d);
    return true;
  }

  bool finish_all() {
    for (const std::string& key : order_) {
      if (!finish(directions_[key])) return false;
    }
    return true;
  }

 private:
  bool place(Direction& d, std::int64_t offset, Bytes payload, std::uint64_t frame,
             std::string& error) {
    const std::int64_t end = offset + static_cast<std::int64_t>(payload.size());
    if (end <= static_cast<std::int64_t>(d.delivered)) return true;  // retransmission
    if (offset > static_cast<std::int64_t>(d.delivered)) {
      if (d.early.count(static_cast<std::uint64_t>(offset)) == 0) {
        d.early_octets += payload.size();
        if (d.early_octets > limits_.max_pending_octets) {
          error = fmt::format("{}: more than {} octets held behind a gap in the sequence",
                              d.flow.name, limits_.max_pending_octets);
          return false;
        }
        d.early.emplace(static_cast<std::uint64_t>(offset),
                        ByteBuffer(payload.begin(), payload.end()));
      }
      return true;
    }
    if (!deliver(d, payload.subspan(d.delivered - static_cast<std::uint64_t>(offset)), frame)) {
      return false;
    }
    // The gap may now be closed: hand over what was held, trimming overlaps.
    while (!d.early.empty() && d.early.begin()->first <= d.delivered) {
      auto node = d.early.extract(d.early.begin());
      d.early_octets -= node.mapped().size();
      const std::uint64_t held_end = node.key() + node.mapped().size();
      if (held_end <= d.delivered) continue;
      if (!deliver(d, Bytes(node.mapped()).subspan(d.delivered - node.key()), frame)) return false;
    }
    return true;
  }

  bool deliver(Direction& d, Bytes octets, std::uint64_t frame) {
    d.delivered += octets.size();
    d.next_sequence += static_cast<std::uint32_t>(octets.size());
    return sink_.data(d.flow, frame, octets);
  }

  bool finish(Direction& d) {
    if (d.ended) return true;
    d.ended = true;
    return sink_.end(d.flow);
  }

  const CaptureSink& sink_;
  CaptureLimits limits_;
  std::unordered_map<std::string, Direction> directions_;
  std::vector<std::string> order_;
};

}  // namespace

bool read_capture(const std::string& path, std::uint16_t port, const CaptureSink& sink,
                  std::string& error, CaptureLimits limits) {
  char pcap_error[PCAP_ERRBUF_SIZE] = {};
  pcap_t* capture = pcap_open_offline(path.c_str(), pcap_error);
  if (capture == nullptr) {
    error = fmt::format("cannot read capture {}: {}", path, pcap_error);
    return false;
  }
  const int link_type = pcap_datalink(capture);
  Reassembler reassembler(sink, limits);
  pcap_pkthdr* header = nullptr;
  const u_char* data = nullptr;
  std::uint64_t frame = 0;
  bool ok = true;
  int status = 0;
  while (ok && (status = pcap_next_ex(capture, &header, &data)) == 1) {
    ++frame;
    const auto segment = tcp_segment(ip_packet(link_type, Bytes(data, header->caplen)));
    if (!segment || (segment->source_port != port && segment->destination_port != port)) continue;
    ok = reassembler.add(*segment, frame, error);
  }
  if (ok && status == PCAP_ERROR) {
    error = fmt::format("cannot read capture {}: {}", path, pcap_geterr(capture));
    ok = false;
  }
  pcap_close(capture);
  return ok && reassembler.finish_all();
}

}  // namespace piglix::decode_tool
