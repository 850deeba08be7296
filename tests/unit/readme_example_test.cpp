// The library example of README.md, verbatim in its body, so that the README stays true.
#include <gtest/gtest.h>

#include <piglix/spdu.hpp>
#include <piglix/tpdu.hpp>
#include <piglix/tpkt.hpp>

namespace {

TEST(Readme, LibraryExample) {
  bool received = false;
  // --- begin README example ---
  using namespace piglix;

  // Send: S-DATA as the MMS stacks frame it — GT herald + DT, in a DT TPDU, in a TPKT.
  const std::uint8_t pdu[] = {0x61, 0x03, 0x02, 0x01, 0x05};
  const spdu::Spdu tsdu_spdus[] = {spdu::GiveTokens{}, spdu::DataTransfer{{}, pdu}};
  ByteBuffer tsdu, tpdu_octets, wire;
  if (auto ok = spdu::encode_tsdu(tsdu_spdus, tsdu); !ok) { /* ok.error().message() */
  }
  (void)tpdu::encode(tpdu::Data{.end_of_tsdu = true, .user_data = tsdu}, tpdu_octets);
  (void)tpkt::append_packet(wire, tpdu_octets);  // 03 00 00 10 02 f0 80 01 00 01 00 61 03 ...

  // Receive: frame the TCP stream, decode the TPDU, then the SPDUs. Views, no copies.
  tpkt::Framer framer;
  Bytes input(wire);
  while (auto packet = framer.next(input)) {
    if (!*packet) break;  // need more octets
    auto tpdu = tpdu::decode(**packet);
    if (!tpdu) { /* tpdu.error(): send ER, close */
      break;
    }
    auto* dt = std::get_if<tpdu::Data>(&*tpdu);
    auto spdus = spdu::decode_tsdu(dt->user_data);  // [GiveTokens, DataTransfer]
    if (!spdus) { /* spdus.error().message(): "SPDU ...: ... (at offset N)" */
      break;
    }
    auto& data = std::get<spdu::DataTransfer>((*spdus)[1]);
    // data.user_information views the 5 octets of `pdu` inside `wire`.
    // --- end README example ---
    received = true;
    EXPECT_EQ(data.user_information.data(), wire.data() + 11);
    EXPECT_EQ(to_hex(data.user_information), "61 03 02 01 05");
  }
  EXPECT_TRUE(received);
  EXPECT_EQ(piglix::to_hex(wire), "03 00 00 10 02 f0 80 01 00 01 00 61 03 02 01 05");
}

}  // namespace
