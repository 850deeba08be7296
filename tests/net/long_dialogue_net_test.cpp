// Nothing lost: one session over a loopback TCP connection carries at least 1 GiB (env
// PIGLIX_LONG_DIALOGUE_MIB) of sequenced SSDUs from ssdu_stream.hpp, three quarters from the
// client, then, the tokens given over in half duplex, a quarter back from the server. Each
// direction has confirmed and unconfirmed minor syncs, major syncs, expedited data, typed data and
// one S-RESYNCHRONIZE: a restart from the client, an abandon from the server.
//
// What is verified, in band and at the end:
// - every SSDU the receiver gets is, octet for octet and in kind (S-DATA or S-TYPED-DATA), the
//   one it expects next, recomputed from its number: no gap, duplicate, reordering or corruption;
// - at every sync point the sender's position (SSDU count, octets, FNV-1a of every octet), sent
//   as the sync point's user data, equals the receiver's;
// - the resynchronization: the sender sends SSDUs past its last sync points and resynchronizes at
//   once, with those SSDUs still in transit. Class 0 has no expedited flow, so nothing overtakes
//   them and piglix must deliver all of them before the S-RESYNCHRONIZE indication (which carries
//   the sender's position to prove it). A restart goes back two sync points: both sides return
//   to the position they each recorded there, and the sender sends again from there. An abandon
//   keeps what was delivered and goes on from the next serial number;
// - the confirms arrive for the confirmed minor syncs, in order, before the major confirm;
// - at the end both positions, the totals of SSDUs and octets delivered (resent ones included),
//   the sync, resynchronization, typed and expedited counts agree exactly between sender and
//   receiver.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <deque>
#include <iostream>
#include <map>

#include "loopback.hpp"
#include "ssdu_stream.hpp"

namespace piglix::test {
namespace {

using ssdu::Position;

constexpr std::uint16_t units = spdu::fu::half_duplex | spdu::fu::expedited_data |
                                spdu::fu::typed_data | spdu::fu::minor_synchronize |
                                spdu::fu::major_synchronize | spdu::fu::resynchronize;
constexpr session::TokenSet all_tokens =
    spdu::token::data | spdu::token::minor_sync | spdu::token::major_activity;

// The rhythm of a part: a major sync after every `minors_per_major` minor syncs, a minor sync
// after every `ssdus_per_minor` SSDUs (about 8 MiB between major syncs).
constexpr int ssdus_per_minor = 8;
constexpr int minors_per_major = 12;
// The resynchronization: in the first cycle past half the part, after minor sync 5 and the
// SSDUs sent after it; a restart goes back to minor sync 3.
constexpr int resync_after_minor = 5;
constexpr int ssdus_in_transit = 5;

// One direction of the dialogue.
struct Part {
  std::uint64_t octets = 0;  // at least this many, resent SSDUs not counted
  std::size_t max_ssdu = 0;  // the receiver's session::Config::max_ssdu_size
  session::ResyncType resync = session::ResyncType::restart;  // restart or abandon
};

// What each side counts; sender and receiver must count the same.
struct Counts {
  std::uint64_t ssdus = 0, octets = 0;  // every SSDU sent or delivered, resent ones included
  std::uint64_t typed = 0, expedited = 0;
  std::uint64_t minor_confirmed = 0, minor_unconfirmed = 0, major = 0, resyncs = 0;
  std::uint64_t rolled_back = 0;  // SSDUs a restart took back
  // Confirmed minor syncs answered by the major sync instead: the receiver's acknowledgement was
  // refused because its machine had already taken the MAP (see receive_part()).
  std::uint64_t superseded = 0;
  bool operator==(const Counts&) const = default;
};

std::ostream& operator<<(std::ostream& o, const Counts& c) {
  return o << c.ssdus << " SSDUs (" << c.typed << " typed, " << c.rolled_back << " rolled back), "
           << c.octets << " octets, " << c.expedited << " expedited, " << c.minor_confirmed << "+"
           << c.minor_unconfirmed << " minor syncs (confirmed+not), " << c.major << " major syncs, "
           << c.superseded << " minor confirms superseded by a major, " << c.resyncs
           << " resynchronizations";
}

// The state of one end of a part: where the stream is, where it was at each sync point (by
// serial number), and the counts.
struct End {
  Position at;
  std::map<std::uint64_t, Position> at_sync;
  Counts counts;
  ByteBuffer buffer;  // the SSDU being sent, or the one expected
};

std::runtime_error failure(const std::string& what) { return std::runtime_error(what); }

std::string unexpected(const session::Event& e) {
  return "unexpected event (index " + std::to_string(e.index()) + " of session::Event)";
}

// Expedited SSDU n (at most 14 octets): n, then 6 octets from n.
ByteBuffer expedited(std::uint64_t n) {
  ByteBuffer out(spdu::limit::expedited_data);
  std::uint64_t state = n ^ 0xE4BEDull;
  const std::uint64_t tail = ssdu::splitmix(state);
  for (int i = 0; i < 8; ++i) out[i] = static_cast<std::uint8_t>(n >> (8 * i));
  for (int i = 0; i < 6; ++i) out[8 + i] = static_cast<std::uint8_t>(tail >> (8 * i));
  return out;
}

// --- The sending side ---------------------------------------------------------------------

asio::awaitable<void> send_next(net::Session& s, End& tx, const Part& part) {
  ssdu::make(tx.at.next, part.max_ssdu, tx.buffer);
  if (ssdu::kind_of(tx.at.next) == ssdu::Kind::typed) {
    co_await s.async_send_typed_data(tx.buffer, asio::use_awaitable);
    ++tx.counts.typed;
  } else {
    co_await s.async_send_data(tx.buffer, asio::use_awaitable);
  }
  tx.at.advance(tx.buffer);
  ++tx.counts.ssdus;
  tx.counts.octets += tx.buffer.size();
}

// A sync point with the sender's position as user data; returns its serial number.
asio::awaitable<std::uint64_t> sync(net::Session& s, End& tx, bool major, bool confirm, bool last) {
  const ByteBuffer position = ssdu::encode(tx.at, last);
  const std::uint64_t serial = co_await s.async_request(
      [&](session::Connection& c) {
        return major ? session::sync_major(c, position) : session::sync_minor(c, confirm, position);
      },
      asio::use_awaitable);
  tx.at_sync[serial] = tx.at;
  ++(major ? tx.counts.major : confirm ? tx.counts.minor_confirmed : tx.counts.minor_unconfirmed);
  co_return serial;
}

// The confirms of a major cycle: one per confirmed minor sync point, in order, then the major's.
// The major confirm also confirms the minor sync points before it (X.215): those whose
// confirms are missing then are counted, and the receiver must count as many refused answers.
asio::awaitable<void> take_confirms(net::Session& s, End& tx, std::deque<std::uint64_t>& awaiting,
                                    std::uint64_t major) {
  for (;;) {
    auto [ec, event] = co_await s.async_receive(use_tuple);
    if (ec) throw failure("sender: async_receive: " + ec.message());
    if (auto* m = std::get_if<session::SyncMinorConfirm>(&event)) {
      if (awaiting.empty() || m->serial_number != awaiting.front()) {
        throw failure("sender: minor sync confirm " + std::to_string(m->serial_number) +
                      (awaiting.empty() ? " unasked for"
                                        : " instead of " + std::to_string(awaiting.front())));
      }
      awaiting.pop_front();
    } else if (auto* j = std::get_if<session::SyncMajorConfirm>(&event)) {
      if (j->serial_number != major) {
        throw failure("sender: major sync confirm " + std::to_string(j->serial_number) + " for " +
                      std::to_string(major));
      }
      tx.counts.superseded += awaiting.size();
      co_return;
    } else {
      throw failure("sender: " + unexpected(event));
    }
  }
}

// Sends SSDUs past the last sync point, then at once S-RESYNCHRONIZE: a restart back to sync
// point `to`, rolled back to once confirmed, or an abandon, which continues from serial number
// `to` (V(M)). Confirms of minor syncs that cross the RS may or may not arrive (the RS purges
// them), but only in order and before the RA.
asio::awaitable<void> resynchronize(net::Session& s, End& tx, const Part& part, std::uint64_t to,
                                    std::deque<std::uint64_t>& awaiting) {
  for (int k = 0; k < ssdus_in_transit; ++k) co_await send_next(s, tx, part);
  session::ResyncRequest request;
  request.type = part.resync;
  request.serial_number = to;               // ignored for abandon
  request.user_data = ssdu::encode(tx.at);  // what precedes the RS, for the receiver to check
  co_await s.async_resynchronize(std::move(request), asio::use_awaitable);
  for (;;) {
    auto [ec, event] = co_await s.async_receive(use_tuple);
    if (ec) throw failure("sender: async_receive during the resynchronization: " + ec.message());
    if (auto* m = std::get_if<session::SyncMinorConfirm>(&event)) {
      while (!awaiting.empty() && awaiting.front() != m->serial_number) awaiting.pop_front();
      if (awaiting.empty())
        throw failure("sender: minor confirm out of order during the resynchronization");
      awaiting.pop_front();
    } else if (auto* r = std::get_if<session::ResyncConfirm>(&event)) {
      if (r->serial_number != to || r->tokens_owned != all_tokens) {
        throw failure("sender: resynchronization confirmed at " + std::to_string(r->serial_number) +
                      " for " + std::to_string(to) + ", tokens " + std::to_string(r->tokens_owned));
      }
      break;
    } else {
      throw failure("sender: during the resynchronization, " + unexpected(event));
    }
  }
  awaiting.clear();
  if (part.resync == session::ResyncType::restart) {
    const Position back = tx.at_sync.at(to);
    tx.counts.rolled_back += tx.at.next - back.next;
    tx.at = back;
  }
  ++tx.counts.resyncs;
}

asio::awaitable<void> send_part(net::Session& s, End& tx, const Part& part) {
  std::uint64_t sent_expedited = 0;
  for (bool last = false; !last;) {
    std::deque<std::uint64_t> awaiting;  // confirmed minor syncs not yet confirmed
    std::vector<std::uint64_t> minors;
    for (int m = 0; m < minors_per_major; ++m) {
      for (int k = 0; k < ssdus_per_minor; ++k) co_await send_next(s, tx, part);
      if (m % 4 == 1) {
        const ByteBuffer ex = expedited(sent_expedited++);
        co_await s.async_send_expedited_data(ex, asio::use_awaitable);
        ++tx.counts.expedited;
      }
      const bool confirm = m % 2 == 0;
      const std::uint64_t serial = co_await sync(s, tx, false, confirm, false);
      minors.push_back(serial);
      if (confirm) awaiting.push_back(serial);
      if (tx.counts.resyncs == 0 && m == resync_after_minor && tx.at.octets >= part.octets / 2) {
        const bool restart = part.resync == session::ResyncType::restart;
        co_await resynchronize(s, tx, part, restart ? minors[m - 2] : serial + 1, awaiting);
      }
    }
    last = tx.at.octets >= part.octets;
    const std::uint64_t major = co_await sync(s, tx, true, true, last);
    co_await take_confirms(s, tx, awaiting, major);
  }
}

// --- The receiving side -------------------------------------------------------------------

void take(End& rx, const Part& part, ssdu::Kind kind, Bytes got) {
  const std::uint64_t n = rx.at.next;
  ssdu::make(n, part.max_ssdu, rx.buffer);
  const ssdu::Kind want = ssdu::kind_of(n);
  if (kind != want || got.size() != rx.buffer.size() ||
      std::memcmp(got.data(), rx.buffer.data(), got.size()) != 0) {
    const auto name = [](ssdu::Kind k) { return k == ssdu::Kind::typed ? "typed data" : "data"; };
    throw failure("receiver: expected SSDU " + std::to_string(n) + " (" + name(want) + ", " +
                  std::to_string(rx.buffer.size()) + " octets) after " + rx.at.str() + ", got " +
                  name(kind) + ": " + ssdu::claims(got));
  }
  rx.at.advance(got);
  ++rx.counts.ssdus;
  rx.counts.octets += got.size();
  rx.counts.typed += kind == ssdu::Kind::typed;
}

void check_position(const End& rx, Bytes user_data, const std::string& where, bool* last) {
  const Position sent = ssdu::decode(user_data, last);
  if (sent != rx.at) {
    throw failure("receiver: at " + where + " the sender was at " + sent.str() +
                  ", the receiver at " + rx.at.str());
  }
}

// Takes a part until its last major sync, acknowledging the sync points and the resynchronization.
asio::awaitable<void> receive_part(net::Session& s, End& rx, const Part& part) {
  std::uint64_t next_expedited = 0;
  // Acknowledgements of minor sync points refused since the last major or resync indication.
  // The machine runs ahead of this loop (the binding queues its events), so it may already have
  // taken the MAP or RS that follows the MIP being answered, and in that state X.225 has no MIA
  // (the major sync or the resynchronization answers for it). Once refused, every later one
  // must be refused too, until that indication.
  std::uint64_t refused = 0;
  std::uint64_t last_serial = 0;  // of the last sync point indicated
  for (;;) {
    auto [ec, event] = co_await s.async_receive(use_tuple);
    if (ec) throw failure("receiver: async_receive: " + ec.message());
    if (auto* d = std::get_if<session::DataIndication>(&event)) {
      take(rx, part, ssdu::Kind::data, d->data);
    } else if (auto* t = std::get_if<session::TypedDataIndication>(&event)) {
      take(rx, part, ssdu::Kind::typed, t->data);
    } else if (auto* x = std::get_if<session::ExpeditedDataIndication>(&event)) {
      if (x->data != expedited(next_expedited)) {
        throw failure("receiver: expedited SSDU " + std::to_string(next_expedited) + " differs");
      }
      ++next_expedited;
      ++rx.counts.expedited;
    } else if (auto* m = std::get_if<session::SyncMinorIndication>(&event)) {
      check_position(rx, m->user_data, "minor sync " + std::to_string(m->serial_number), nullptr);
      rx.at_sync[last_serial = m->serial_number] = rx.at;
      ++(m->confirm_required ? rx.counts.minor_confirmed : rx.counts.minor_unconfirmed);
      if (m->confirm_required) {
        auto [aec] = co_await s.async_acknowledge_sync_minor(m->serial_number, use_tuple);
        if (aec == make_error_code(errc::request_not_allowed)) {
          ++refused;
        } else if (aec || refused != 0) {
          throw failure("receiver: acknowledge minor sync " + std::to_string(m->serial_number) +
                        ": " + (aec ? aec.message() : "accepted after a refused one"));
        }
      }
    } else if (auto* j = std::get_if<session::SyncMajorIndication>(&event)) {
      bool last = false;
      check_position(rx, j->user_data, "major sync " + std::to_string(j->serial_number), &last);
      rx.at_sync[last_serial = j->serial_number] = rx.at;
      ++rx.counts.major;
      rx.counts.superseded += refused;
      refused = 0;
      co_await s.async_acknowledge_sync_major(asio::use_awaitable);
      if (last) co_return;
    } else if (auto* r = std::get_if<session::ResyncIndication>(&event)) {
      if (r->type != part.resync) throw failure("receiver: another type of resynchronization");
      // Every SSDU sent before the RS has been delivered, and nothing else.
      check_position(rx, r->user_data, "the resynchronization", nullptr);
      if (r->type == session::ResyncType::restart) {
        const auto back = rx.at_sync.find(r->serial_number);
        if (back == rx.at_sync.end()) {
          throw failure("receiver: restart to " + std::to_string(r->serial_number) +
                        ", a sync point never indicated");
        }
        rx.counts.rolled_back += rx.at.next - back->second.next;
        rx.at = back->second;
      } else if (r->serial_number != last_serial + 1) {
        throw failure("receiver: abandon to " + std::to_string(r->serial_number) + " after " +
                      std::to_string(last_serial));
      }
      ++rx.counts.resyncs;
      refused = 0;  // the RS purges these acknowledgements, and the sender's confirms
      co_await s.async_acknowledge_resynchronize({}, asio::use_awaitable);
    } else {
      throw failure("receiver: " + unexpected(event));
    }
  }
}

// --- The dialogue -------------------------------------------------------------------------

std::uint64_t volume() {
  const char* mib = std::getenv("PIGLIX_LONG_DIALOGUE_MIB");
  return (mib ? std::strtoull(mib, nullptr, 10) : 1024) << 20;
}

// One line per end of each part for the log, and the same numbers as test properties (in the
// XML of --gtest_output).
void report(const std::string& name, const End& end) {
  const Counts& c = end.counts;
  std::cout << "[ long     ] " << name << ": " << c << "; kept: " << end.at.str() << "\n";
  const auto property = [&](const char* what, std::uint64_t value) {
    ::testing::Test::RecordProperty(name + "_" + what, std::to_string(value));
  };
  property("octets", c.octets);
  property("ssdus", c.ssdus);
  property("kept_octets", end.at.octets);
  property("kept_ssdus", end.at.next);
  property("minor_syncs", c.minor_confirmed + c.minor_unconfirmed);
  property("major_syncs", c.major);
  property("resyncs", c.resyncs);
}

TEST(NetLongDialogue, AGibibyteBothWaysWithSyncsAndResyncsLosesNothing) {
  const std::uint64_t total = volume();
  // Each receiver proposes a TSDU maximum size (the sender segments SSDUs above it; the sizes
  // are not multiples of the 8192-octet TPDU, so TSDUs end inside DT TPDUs) and an SSDU limit.
  net::ServerOptions server_options;
  server_options.connection.stack.session.max_receive_tsdu = 16000;
  server_options.connection.stack.session.max_ssdu_size = std::size_t{1} << 20;
  net::Options client_options;
  client_options.stack.session.max_receive_tsdu = 9000;
  client_options.stack.session.max_ssdu_size = std::size_t{512} << 10;
  if (std::getenv("PIGLIX_NET_LOG")) {
    client_options.log = [](std::string_view line) { std::cerr << "client log: " << line << "\n"; };
    server_options.connection.log = [](std::string_view line) {
      std::cerr << "server log: " << line << "\n";
    };
  }
  const Part forth{total - total / 4, server_options.connection.stack.session.max_ssdu_size,
                   session::ResyncType::restart};
  const Part back{total / 4, client_options.stack.session.max_ssdu_size,
                  session::ResyncType::abandon};

  Loopback net(server_options, 2);
  End forth_tx, forth_rx, back_tx, back_rx;

  asio::co_spawn(
      net.io,
      [&]() -> asio::awaitable<void> {
        session::AcceptResponse accept;
        accept.functional_units = units;
        net::Session s = co_await accept_session(net.server, accept);
        try {
          co_await receive_part(s, forth_rx, forth);
          const auto given = co_await expect<session::TokenGiveIndication>(s);
          if (given.tokens != all_tokens) throw failure("server: not given every token");
          co_await send_part(s, back_tx, back);
          co_await s.async_give_tokens(all_tokens, asio::use_awaitable);
          co_await expect<session::ReleaseIndication>(s);
          co_await s.async_accept_release({}, asio::use_awaitable);
        } catch (...) {
          s.close();  // so that the client fails at once instead of waiting for its time limit
          throw;
        }
      },
      fail_on_throw);

  const auto start = std::chrono::steady_clock::now();
  net.run(
      [&]() -> asio::awaitable<void> {
        session::ConnectRequest request;
        request.functional_units = units;
        request.initial_serial_number = 1;
        auto [ec, s, confirm] =
            co_await net::async_connect(net.io.get_executor(), "127.0.0.1", net.port(),
                                        std::move(request), client_options, use_tuple);
        if (ec) throw failure("connect: " + ec.message());
        if (confirm.functional_units != units) throw failure("other functional units agreed");
        try {
          co_await send_part(s, forth_tx, forth);
          co_await s.async_give_tokens(all_tokens, asio::use_awaitable);
          co_await receive_part(s, back_rx, back);
          const auto returned = co_await expect<session::TokenGiveIndication>(s);
          if (returned.tokens != all_tokens) throw failure("client: not given every token back");
          co_await s.async_release({}, asio::use_awaitable);
          if (!(co_await expect<session::ReleaseConfirm>(s)).accepted) {
            throw failure("release refused");
          }
        } catch (...) {
          s.close();
          throw;
        }
      },
      std::chrono::seconds(900));
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  EXPECT_EQ(forth_rx.at, forth_tx.at) << forth_rx.at.str() << " vs " << forth_tx.at.str();
  EXPECT_EQ(back_rx.at, back_tx.at) << back_rx.at.str() << " vs " << back_tx.at.str();
  EXPECT_EQ(forth_rx.counts, forth_tx.counts);
  EXPECT_EQ(back_rx.counts, back_tx.counts);
  EXPECT_GE(forth_tx.at.octets, forth.octets);
  EXPECT_GE(back_tx.at.octets, back.octets);
  // The restart takes back the SSDUs of two sync points and those in transit; abandon none.
  EXPECT_EQ(forth_tx.counts.rolled_back, 2u * ssdus_per_minor + ssdus_in_transit);
  EXPECT_EQ(back_tx.counts.rolled_back, 0u);
  for (const Counts* c : {&forth_tx.counts, &back_tx.counts}) {
    EXPECT_EQ(c->resyncs, 1u);
    EXPECT_GT(c->typed, 0u);
    EXPECT_GT(c->minor_confirmed, 0u);
    EXPECT_GT(c->minor_unconfirmed, 0u);
  }

  report("forth_sent", forth_tx);
  report("forth_delivered", forth_rx);
  report("back_sent", back_tx);
  report("back_delivered", back_rx);
  const double mib = double(forth_rx.counts.octets + back_rx.counts.octets) / (1 << 20);
  std::cout << "[ long     ] " << mib << " MiB of SSDUs delivered in " << seconds
            << " s: " << mib / seconds << " MiB/s\n";
  RecordProperty("seconds", std::to_string(seconds));
  RecordProperty("mib_per_second", std::to_string(mib / seconds));
}

}  // namespace
}  // namespace piglix::test
