// Encodes a GT + DT TSDU in a DT TPDU in a TPKT and decodes it back through the installed library.
#include <cstdio>
#include <vector>

#include <piglix/spdu.hpp>
#include <piglix/tpdu.hpp>
#include <piglix/tpkt.hpp>

int main() {
  using namespace piglix;
  const std::uint8_t hello[] = {'h', 'e', 'l', 'l', 'o'};
  const std::vector<spdu::Spdu> spdus{spdu::GiveTokens{}, spdu::DataTransfer{{}, hello}};
  ByteBuffer tsdu, dt, stream;
  if (!spdu::encode_tsdu(spdus, tsdu)) return 1;
  if (!tpdu::encode(tpdu::Data{true, tsdu}, dt)) return 1;
  if (!tpkt::append_packet(stream, dt)) return 1;

  tpkt::Framer framer;
  Bytes input(stream);
  auto payload = framer.next(input);
  if (!payload || !*payload) return 1;
  auto tpdu = tpdu::decode(**payload);
  if (!tpdu) return 1;
  auto decoded = spdu::decode_tsdu(std::get<tpdu::Data>(*tpdu).user_data);
  if (!decoded || decoded->size() != 2) return 1;
  std::printf("%s\n", to_hex(stream).c_str());
  return to_hex(stream) == "03 00 00 10 02 f0 80 01 00 01 00 68 65 6c 6c 6f" ? 0 : 1;
}
