// Writes small pcap files for piglix-decode's tests, by hand so that the tests need no capture
// tool. One RFC 1006 connection on port 102: the client's stream (a CR, then a DT carrying GT + DT)
// is sent in segments that arrive out of order, duplicated and overlapping; the server answers
// with a CC. Ports 103 and 104 carry a bad TPKT and a TPKT cut short by a FIN. Variants:
//   reorder  Ethernet + IPv4, every octet captured.
//   gap      the same with the segment that closes the gap missing from the capture.
//   ipv6     Linux cooked (SLL) + IPv6 with a hop-by-hop header, otherwise as reorder.
// Usage: make_test_pcap VARIANT OUTPUT
#include <cstdint>
#include <cstdio>
#include <string_view>
#include <vector>

namespace {

using Octets = std::vector<std::uint8_t>;

void put16(Octets& o, unsigned v) {
  o.push_back(static_cast<std::uint8_t>(v >> 8));
  o.push_back(static_cast<std::uint8_t>(v));
}
void put32(Octets& o, std::uint32_t v) {
  put16(o, v >> 16);
  put16(o, v & 0xFFFF);
}
void put32le(Octets& o, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) o.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

constexpr std::uint32_t link_ethernet = 1, link_linux_sll = 113;
constexpr unsigned client_port = 49152, server_port = 102;

struct Writer {
  std::FILE* out;
  bool ipv6;
  std::uint32_t second = 1;

  void global_header() {
    Octets h;
    put32le(h, 0xa1b2c3d4);
    h.insert(h.end(), {2, 0, 4, 0});  // version 2.4
    put32le(h, 0);                    // GMT offset
    put32le(h, 0);                    // timestamp accuracy
    put32le(h, 65535);                // snap length
    put32le(h, ipv6 ? link_linux_sll : link_ethernet);
    std::fwrite(h.data(), 1, h.size(), out);
  }

  // One TCP segment from the client (or the server) with checksums left zero: decoders of
  // captures do not verify them.
  void segment(bool from_client, unsigned destination_port, std::uint32_t sequence,
               std::uint8_t flags, const Octets& payload) {
    Octets tcp;
    put16(tcp, from_client ? client_port : server_port);
    put16(tcp, from_client ? destination_port : client_port);
    put32(tcp, sequence);
    put32(tcp, 0);                         // acknowledgement number
    tcp.insert(tcp.end(), {0x50, flags});  // 20-octet header
    put16(tcp, 65535);                     // window
    put32(tcp, 0);                         // checksum, urgent pointer
    tcp.insert(tcp.end(), payload.begin(), payload.end());
    record(ipv6 ? sll_ipv6(from_client, tcp) : ethernet_ipv4(from_client, tcp));
  }

  static Octets ethernet_ipv4(bool from_client, const Octets& tcp) {
    Octets f = {0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 1, 0x08, 0x00};
    put16(f, 0x4500);
    put16(f, static_cast<unsigned>(20 + tcp.size()));
    put32(f, 0x00004000);  // id 0, don't fragment
    f.insert(f.end(), {64, 6, 0, 0});
    const std::uint8_t client[4] = {10, 0, 0, 1}, server[4] = {10, 0, 0, 2};
    f.insert(f.end(), from_client ? client : server, (from_client ? client : server) + 4);
    f.insert(f.end(), from_client ? server : client, (from_client ? server : client) + 4);
    f.insert(f.end(), tcp.begin(), tcp.end());
    return f;
  }

  static Octets sll_ipv6(bool from_client, const Octets& tcp) {
    Octets f = {0,    from_client ? std::uint8_t{4} : std::uint8_t{0},
                0,    1,
                0,    6,
                0,    0,
                0,    0,
                0,    1,
                0,    0,
                0x86, 0xdd};
    f.insert(f.end(), {0x60, 0, 0, 0});
    put16(f, static_cast<unsigned>(8 + tcp.size()));
    f.insert(f.end(), {0, 64});  // next header: hop-by-hop options; hop limit
    Octets client(16, 0), server(16, 0);
    client[0] = server[0] = 0x20;
    client[1] = server[1] = 0x01;
    client[15] = 1;
    server[15] = 2;
    f.insert(f.end(), (from_client ? client : server).begin(),
             (from_client ? client : server).end());
    f.insert(f.end(), (from_client ? server : client).begin(),
             (from_client ? server : client).end());
    f.insert(f.end(), {6, 0, 1, 4, 0, 0, 0, 0});  // hop-by-hop: next TCP, PadN
    f.insert(f.end(), tcp.begin(), tcp.end());
    return f;
  }

  void record(const Octets& frame) {
    Octets h;
    put32le(h, second++);
    put32le(h, 0);
    put32le(h, static_cast<std::uint32_t>(frame.size()));
    put32le(h, static_cast<std::uint32_t>(frame.size()));
    std::fwrite(h.data(), 1, h.size(), out);
    if (!frame.empty()) std::fwrite(frame.data(), 1, frame.size(), out);  // data() may be null
  }
};

Octets slice(const Octets& o, std::size_t from, std::size_t to) {
  return Octets(o.begin() + static_cast<std::ptrdiff_t>(from),
                o.begin() + static_cast<std::ptrdiff_t>(to));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fputs("usage: make_test_pcap reorder|gap|ipv6 OUTPUT\n", stderr);
    return 2;
  }
  const std::string_view variant = argv[1];
  if (variant != "reorder" && variant != "gap" && variant != "ipv6") return 2;
  std::FILE* out = std::fopen(argv[2], "wb");
  if (out == nullptr) return 2;
  Writer w{out, variant == "ipv6"};
  w.global_header();

  const Octets stream = {// CR, TPDU size 8192, called and calling TSAP 00 01 (22 octets)
                         0x03, 0x00, 0x00, 0x16, 0x11, 0xe0, 0x00, 0x00, 0x00, 0x01, 0x00, 0xc0,
                         0x01, 0x0d, 0xc2, 0x02, 0x00, 0x01, 0xc1, 0x02, 0x00, 0x01,
                         // DT carrying GT + DT with one octet of user information (12 octets)
                         0x03, 0x00, 0x00, 0x0c, 0x02, 0xf0, 0x80, 0x01, 0x00, 0x01, 0x00, 0x61};
  const Octets cc = {0x03, 0x00, 0x00, 0x16, 0x11, 0xd0, 0x00, 0x01, 0x00, 0x01, 0x00,
                     0xc0, 0x01, 0x0d, 0xc2, 0x02, 0x00, 0x01, 0xc1, 0x02, 0x00, 0x01};
  constexpr std::uint32_t c = 1000, s = 5000;  // initial sequence numbers
  constexpr std::uint8_t syn = 0x02, fin = 0x01, ack = 0x10, push = 0x08;
  const auto end = static_cast<std::uint32_t>(stream.size());

  w.segment(true, server_port, c, syn, {});                                      // 1
  w.segment(false, server_port, s, syn | ack, {});                               // 2
  w.segment(true, server_port, c + 1, push | ack, slice(stream, 0, 10));         // 3
  w.segment(true, server_port, c + 1 + 25, push | ack, slice(stream, 25, end));  // 4 early
  if (variant != "gap") {
    // Overlaps both what was delivered and what is held; closes the gap, completing both TPKTs.
    w.segment(true, server_port, c + 1 + 8, push | ack, slice(stream, 8, 28));    // 5
    w.segment(true, server_port, c + 1 + 10, push | ack, slice(stream, 10, 25));  // 6 duplicate
  } else {
    w.record({});  // keeps the frame numbers of the other variants (an empty frame is skipped)
    w.record({});
  }
  w.segment(false, server_port, s + 1, push | ack, cc);  // 7
  // Port 103: an empty DT, then a TPKT header with version 4.
  w.segment(true, 103, 7, push | ack, {3, 0, 0, 7, 2, 0xf0, 0x80, 4, 0, 0, 7});  // 8
  w.segment(true, server_port, c + 1 + end, fin | ack, {});                      // 9
  // Port 104: three octets of a TPKT header, then the client closes.
  w.segment(true, 104, 7, push | ack, {3, 0, 0});  // 10
  w.segment(true, 104, 10, fin | ack, {});         // 11
  std::fclose(out);
  return 0;
}
