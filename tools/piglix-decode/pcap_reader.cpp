#include "pcap_reader.hpp"

#include <fmt/format.h>
#include <pcap/pcap.h>

#include <cstdio>

namespace piglix::decode_tool {
namespace {

constexpr std::uint16_t ethertype_ipv4 = 0x0800, ethertype_ipv6 = 0x86DD;
constexpr std::uint8_t ip_protocol_tcp = 6;

std::uint16_t be16(const std::uint8_t* p) { return static_cast<std::uint16_t>((p[0] << 8) | p[1]); }
std::uint32_t be32(const std::uint8_t* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
         p[3];
}

std::string ipv4_text(const std::uint8_t* a) {
  return fmt::format("{}.{}.{}.{}", a[0], a[1], a[2], a[3]);
}

// Bracketed, so that the ":port" that follows stays unambiguous. Not compressed (no "::"): the
// name only has to identify the direction.
std::string ipv6_text(const std::uint8_t* a) {
  std::string text = "[";
  for (int i = 0; i < 16; i += 2) {
    if (i != 0) text += ':';
    text += fmt::format("{:x}", be16(a + i));
  }
  return text + "]";
}

bool link_type_supported(int link_type) {
  switch (link_type) {
    case DLT_EN10MB:
    case DLT_LINUX_SLL:
    case DLT_LINUX_SLL2:
    case DLT_NULL:
    case DLT_LOOP:
    case DLT_RAW:
    case DLT_IPV4:
    case DLT_IPV6: return true;
    default: return false;
  }
}

// The IP packet inside a link-layer frame, or an empty view for anything else.
Bytes ip_packet(int link_type, Bytes frame) {
  auto ip_if = [&](std::size_t offset, std::uint16_t ethertype) -> Bytes {
    if (ethertype != ethertype_ipv4 && ethertype != ethertype_ipv6) return {};
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
    // The 4-octet address family is in the writer's byte order (NULL) and its values differ
    // between systems; the IP version nibble checked in tcp_segment() is the reliable test.
    case DLT_NULL:
    case DLT_LOOP: return frame.size() < 4 ? Bytes{} : frame.subspan(4);
    default: return frame;  // raw IP: libpcap maps the platforms' raw-IP numbers to these
  }
}

// Fills everything but the addresses' text from the TCP header; false if it is not one.
bool parse_tcp(Bytes tcp, bool cut_short, std::uint16_t port, TcpSegment& s,
               std::uint16_t& source_port, std::uint16_t& destination_port) {
  if (tcp.size() < 20) return false;
  const std::size_t header = (tcp[12] >> 4) * 4u;
  if (header < 20 || header > tcp.size()) return false;
  source_port = be16(&tcp[0]);
  destination_port = be16(&tcp[2]);
  if (source_port != port && destination_port != port) return false;
  s.sequence = be32(&tcp[4]);
  s.fin = (tcp[13] & 0x01) != 0;
  s.syn = (tcp[13] & 0x02) != 0;
  s.rst = (tcp[13] & 0x04) != 0;
  s.payload = tcp.subspan(header);
  s.cut_short = cut_short;
  return true;
}

bool tcp_segment(Bytes ip, std::uint16_t port, TcpSegment& s) {
  if (ip.empty()) return false;
  std::uint16_t source_port = 0, destination_port = 0;
  const int version = ip[0] >> 4;
  if (version == 4) {
    if (ip.size() < 20) return false;
    const std::size_t header = (ip[0] & 0x0F) * 4u;
    std::size_t total = be16(&ip[2]);
    if (total == 0) total = ip.size();  // captured before TCP segmentation offload filled it in
    const bool fragment = (be16(&ip[6]) & 0x3FFF) != 0;  // MF or an offset
    if (ip[9] != ip_protocol_tcp || fragment || header < 20 || total < header ||
        header > ip.size()) {
      return false;
    }
    const bool cut_short = total > ip.size();
    const Bytes tcp = ip.subspan(header, std::min(total, ip.size()) - header);
    if (!parse_tcp(tcp, cut_short, port, s, source_port, destination_port)) return false;
    s.source = ipv4_text(&ip[12]);
    s.destination = ipv4_text(&ip[16]);
  } else if (version == 6) {
    if (ip.size() < 40) return false;
    const std::size_t total = 40u + be16(&ip[4]);
    const std::size_t available = std::min(total, ip.size());
    std::uint8_t next = ip[6];
    std::size_t offset = 40;
    while (next == 0 || next == 43 || next == 60) {  // hop-by-hop, routing, destination options
      if (offset + 8 > available) return false;
      next = ip[offset];
      offset += (ip[offset + 1] + 1u) * 8u;
    }
    if (next != ip_protocol_tcp || offset > available) return false;
    const Bytes tcp = ip.subspan(offset, available - offset);
    if (!parse_tcp(tcp, total > ip.size(), port, s, source_port, destination_port)) return false;
    s.source = ipv6_text(&ip[8]);
    s.destination = ipv6_text(&ip[24]);
  } else {
    return false;
  }
  s.source += fmt::format(":{}", source_port);
  s.destination += fmt::format(":{}", destination_port);
  return true;
}

pcap_t* open_capture(const Input& capture, char (&error)[PCAP_ERRBUF_SIZE]) {
  if (capture.kind == Input::Kind::capture_file) {
    return pcap_open_offline(capture.name.c_str(), error);
  }
  // Standard input was already read (to look at its magic number): hand libpcap the octets as a
  // stream. pcap_close() closes it.
  std::FILE* stream =
      capture.octets.empty()
          ? nullptr
          : fmemopen(const_cast<std::uint8_t*>(capture.octets.data()), capture.octets.size(), "rb");
  if (stream == nullptr) {
    std::snprintf(error, PCAP_ERRBUF_SIZE, "%s", "no capture data");
    return nullptr;
  }
  pcap_t* pcap = pcap_fopen_offline(stream, error);
  if (pcap == nullptr) std::fclose(stream);
  return pcap;
}

}  // namespace

std::optional<CaptureError> read_tcp_segments(const Input& capture, std::uint16_t port,
                                              const SegmentHandler& handler) {
  char pcap_error[PCAP_ERRBUF_SIZE] = {};
  pcap_t* pcap = open_capture(capture, pcap_error);
  if (pcap == nullptr) {
    return CaptureError{fmt::format("cannot read capture {}: {}", capture.name, pcap_error), true};
  }
  const int link_type = pcap_datalink(pcap);
  if (!link_type_supported(link_type)) {
    const char* name = pcap_datalink_val_to_name(link_type);
    pcap_close(pcap);
    return CaptureError{fmt::format("capture {}: link type {} ({}) is not supported", capture.name,
                                    link_type, name != nullptr ? name : "unknown"),
                        true};
  }
  pcap_pkthdr* header = nullptr;
  const u_char* data = nullptr;
  std::uint64_t frame = 0;
  int status = 0;
  TcpSegment segment;
  while ((status = pcap_next_ex(pcap, &header, &data)) == 1) {
    ++frame;
    if (tcp_segment(ip_packet(link_type, Bytes(data, header->caplen)), port, segment)) {
      handler(frame, segment);
    }
  }
  std::optional<CaptureError> error;
  if (status == PCAP_ERROR) {
    error = CaptureError{fmt::format("capture {} is damaged after frame {}: {}", capture.name,
                                     frame, pcap_geterr(pcap)),
                         false};
  }
  pcap_close(pcap);
  return error;
}

}  // namespace piglix::decode_tool
