// The library example of README.md, verbatim in its body, so that the README stays true.
#include <gtest/gtest.h>

#include <piglix/session.hpp>
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

TEST(Readme, SessionExample) {
  // --- begin README session example ---
  using namespace piglix;

  // Two session machines; this "transport" hands every TSDU straight to the other side.
  session::Connection client = session::make_connection(), server = session::make_connection();
  auto shuttle = [](session::Connection& from, session::Connection& to) {
    using Kind = session::TransportAction::Kind;
    while (auto out = session::poll_transport(from)) {
      if (out->kind == Kind::connect) session::transport_indication(to);
      if (out->kind == Kind::accept) session::transport_connected(to);
      if (out->kind == Kind::send) session::receive(to, out->tsdu);
      if (out->kind == Kind::disconnect) session::transport_disconnected(to);
    }
  };

  session::ConnectRequest request;   // version 2, duplex: the profile of the MMS stacks
  request.user_data = {0x60, 0x00};  // e.g. an ACSE AARQ
  (void)session::connect(client, std::move(request));
  shuttle(client, server);  // T-CONNECT indication at the server ...
  shuttle(server, client);  // ... confirm at the client, which sends the CN
  shuttle(client, server);
  auto indication = session::poll_event(server);  // ConnectIndication, user_data 60 00
  (void)session::accept(server, session::AcceptResponse{});
  shuttle(server, client);
  auto confirm = session::poll_event(client);  // ConnectConfirm, accepted

  const std::uint8_t pdu[] = {0xa0, 0x00};
  if (auto ok = session::send_data(client, pdu); !ok) { /* ok.error().message() */
  }
  shuttle(client, server);
  auto data = session::poll_event(server);  // DataIndication, data a0 00
  // --- end README session example ---

  ASSERT_TRUE(indication && std::holds_alternative<session::ConnectIndication>(*indication));
  EXPECT_EQ(std::get<session::ConnectIndication>(*indication).user_data, (ByteBuffer{0x60, 0x00}));
  ASSERT_TRUE(confirm && std::holds_alternative<session::ConnectConfirm>(*confirm));
  EXPECT_TRUE(std::get<session::ConnectConfirm>(*confirm).accepted);
  ASSERT_TRUE(data && std::holds_alternative<session::DataIndication>(*data));
  EXPECT_EQ(std::get<session::DataIndication>(*data).data, (ByteBuffer{0xa0, 0x00}));
  EXPECT_EQ(client.state, session::State::STA713);
}

}  // namespace
