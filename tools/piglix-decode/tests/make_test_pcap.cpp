// Writes a small pcap file for piglix-decode's tests: one RFC 1006 connection on port 102 whose
// client-to-server stream (a CR, then a GT + DT data TSDU) arrives in three TCP segments, the third
// before the second and the second twice; and a CC the other way.
#include <cstdint>
#include <cstdio>
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

// An Ethernet + IPv4 + TCP frame (checksums left zero: decoders do not verify them).
Octets frame(const std::uint8_t src[4], const std::uint8_t dst[4], unsigned sport, unsigned dport,
             std::uint32_t seq, std::uint8_t flags, const Octets& payload) {
  Octets f = {0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 1, 0x08, 0x00};
  put16(f, 0x4500);
  put16(f, static_cast<unsigned>(20 + 20 + payload.size()));
  put32(f, 0x00004000);  // id 0, don't fragment
  f.insert(f.end(), {64, 6, 0, 0});
  f.insert(f.end(), src, src + 4);
  f.insert(f.end(), dst, dst + 4);
  put16(f, sport);
  put16(f, dport);
  put32(f, seq);
  put32(f, 0);
  f.insert(f.end(), {0x50, flags});
  put16(f, 65535);
  put32(f, 0);
  f.insert(f.end(), payload.begin(), payload.end());
  return f;
}

void record(std::FILE* out, const Octets& f, std::uint32_t second) {
  Octets h;
  put32le(h, second);
  put32le(h, 0);
  put32le(h, static_cast<std::uint32_t>(f.size()));
  put32le(h, static_cast<std::uint32_t>(f.size()));
  std::fwrite(h.data(), 1, h.size(), out);
  std::fwrite(f.data(), 1, f.size(), out);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  std::FILE* out = std::fopen(argv[1], "wb");
  if (out == nullptr) return 2;
  Octets global;
  put32le(global, 0xa1b2c3d4);
  global.insert(global.end(), {2, 0, 4, 0});
  put32le(global, 0);
  put32le(global, 0);
  put32le(global, 65535);
  put32le(global, 1);  // Ethernet
  std::fwrite(global.data(), 1, global.size(), out);

  const std::uint8_t client[4] = {10, 0, 0, 1}, server[4] = {10, 0, 0, 2};
  const Octets stream = {// CR, TPDU size 8192, called and calling TSAP 00 01
                         0x03, 0x00, 0x00, 0x16, 0x11, 0xe0, 0x00, 0x00, 0x00, 0x01, 0x00, 0xc0,
                         0x01, 0x0d, 0xc2, 0x02, 0x00, 0x01, 0xc1, 0x02, 0x00, 0x01,
                         // DT carrying GT + DT with one octet of user information
                         0x03, 0x00, 0x00, 0x0c, 0x02, 0xf0, 0x80, 0x01, 0x00, 0x01, 0x00, 0x61};
  const Octets cc = {0x03, 0x00, 0x00, 0x16, 0x11, 0xd0, 0x00, 0x01, 0x00, 0x01, 0x00,
                     0xc0, 0x01, 0x0d, 0xc2, 0x02, 0x00, 0x01, 0xc1, 0x02, 0x00, 0x01};
  const std::uint32_t c = 1000, s = 5000;
  const Octets a(stream.begin(), stream.begin() + 10), b(stream.begin() + 10, stream.begin() + 25),
      rest(stream.begin() + 25, stream.end());
  std::uint32_t t = 1;
  record(out, frame(client, server, 49152, 102, c, 0x02, {}), t++);         // SYN
  record(out, frame(server, client, 102, 49152, s, 0x12, {}), t++);         // SYN ACK
  record(out, frame(client, server, 49152, 102, c + 1, 0x18, a), t++);      // first part
  record(out, frame(client, server, 49152, 102, c + 26, 0x18, rest), t++);  // early
  record(out, frame(client, server, 49152, 102, c + 11, 0x18, b), t++);     // closes the gap
  record(out, frame(client, server, 49152, 102, c + 11, 0x18, b), t++);     // retransmission
  record(out, frame(server, client, 102, 49152, s + 1, 0x18, cc), t++);     // CC
  record(out, frame(client, server, 49152, 103, 7, 0x18, {1, 2, 3}), t++);  // another port
  record(out,
         frame(client, server, 49152, 102, c + 1 + static_cast<std::uint32_t>(stream.size()), 0x11,
               {}),
         t++);  // FIN
  std::fclose(out);
  return 0;
}
