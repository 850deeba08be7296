#include "pair.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "piglix/tpdu.hpp"

namespace piglix::pair {

using session::TransportAction;

Pair::Pair(session::Config initiator, session::Config responder)
    : a_(std::move(initiator)), b_(std::move(responder)) {}

void Pair::pump() {
  // Alternate until quiet; a bound catches a machine that never stops talking.
  for (int round = 0; round < 10000; ++round) {
    const bool moved_a = drain(a_);
    const bool moved_b = drain(b_);
    if (!moved_a && !moved_b) return;
  }
  a_.wire_error = "pump did not settle after 10000 rounds";
}

void Pair::expire_timers() {
  for (Side* s : {&a_, &b_}) {
    const session::Timer t = session::timer(s->machine);
    if (t.running) session::timer_expired(s->machine, t.generation);
  }
  pump();
}

std::vector<session::Event> Pair::take(Side& side) {
  while (auto e = session::poll_event(side.machine)) side.events.push_back(std::move(*e));
  std::size_t& from = taken_[&side == &a_ ? 0 : 1];
  std::vector<session::Event> out(side.events.begin() + static_cast<std::ptrdiff_t>(from),
                                  side.events.end());
  from = side.events.size();
  return out;
}

bool Pair::drain(Side& from) {
  bool moved = false;
  Side& to = other(from);
  while (auto action = session::poll_transport(from.machine)) {
    moved = true;
    switch (action->kind) {
      case TransportAction::Kind::connect:
        // The peer's transport accepts at once: T-CONNECT indication there, confirm here once
        // the peer has answered.
        session::transport_indication(to.machine);
        break;
      case TransportAction::Kind::accept:
        from.transport_open = true;
        to.transport_open = true;
        session::transport_connected(to.machine);
        break;
      case TransportAction::Kind::send: {
        ByteBuffer wire;
        const Bytes tsdu = action->tsdu;
        std::size_t at = 0;
        do {
          const std::size_t n = std::min(tpdu_payload, tsdu.size() - at);
          const auto header = tpdu::dt_header(at + n == tsdu.size());
          ByteBuffer packet(header.begin(), header.end());
          packet.insert(packet.end(), tsdu.begin() + static_cast<std::ptrdiff_t>(at),
                        tsdu.begin() + static_cast<std::ptrdiff_t>(at + n));
          (void)tpkt::append_packet(wire, packet);
          at += n;
        } while (at < tsdu.size());
        from.tsdus_sent.push_back(std::move(action->tsdu));
        deliver(to, wire);
        break;
      }
      case TransportAction::Kind::disconnect:
        if (!from.transport_open) break;  // nothing to close
        from.closed_transport = true;
        from.transport_open = false;
        to.transport_open = false;
        session::transport_disconnected(to.machine);
        break;
    }
  }
  return moved;
}

void Pair::deliver(Side& to, Bytes octets) {
  if (!to.transport_open && !octets.empty()) return;  // closed: the octets are lost
  const std::uint64_t cut = cut_[&to == &a_ ? 0 : 1];
  const std::uint64_t begin = to.received;
  if (cut > begin && cut < begin + octets.size()) {
    const auto first = static_cast<std::size_t>(cut - begin);
    frame(to, octets.first(first));
    frame(to, octets.subspan(first));
  } else {
    frame(to, octets);
  }
}

void Pair::frame(Side& to, Bytes octets) {
  to.received += octets.size();
  while (true) {
    auto packet = to.framer.next(octets);
    if (!packet) {
      to.wire_error = packet.error().message();
      return;
    }
    if (!*packet) return;
    auto tpdu = tpdu::decode(**packet);
    if (!tpdu) {
      to.wire_error = tpdu.error().message();
      return;
    }
    const auto* dt = std::get_if<tpdu::Data>(&*tpdu);
    if (dt == nullptr) {
      to.wire_error = "a TPDU other than DT on the wire";
      return;
    }
    to.tsdu.insert(to.tsdu.end(), dt->user_data.begin(), dt->user_data.end());
    if (dt->end_of_tsdu) {
      ByteBuffer whole;
      whole.swap(to.tsdu);
      session::receive(to.machine, whole);
    }
  }
}

std::string describe(const session::Event& e) {
  using namespace session;
  return std::visit(
      [](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, ConnectIndication>) {
          return fmt::format("ConnectIndication({})", v.user_data.size());
        } else if constexpr (std::is_same_v<T, ConnectConfirm>) {
          return v.accepted ? fmt::format("ConnectConfirm+({})", v.user_data.size())
                            : fmt::format("ConnectConfirm-(reason {})", v.refuse_reason);
        } else if constexpr (std::is_same_v<T, DataIndication>) {
          return fmt::format("DataIndication({})", v.data.size());
        } else if constexpr (std::is_same_v<T, ExpeditedDataIndication>) {
          return fmt::format("ExpeditedDataIndication({})", v.data.size());
        } else if constexpr (std::is_same_v<T, TypedDataIndication>) {
          return fmt::format("TypedDataIndication({})", v.data.size());
        } else if constexpr (std::is_same_v<T, CapabilityDataIndication>) {
          return "CapabilityDataIndication";
        } else if constexpr (std::is_same_v<T, CapabilityDataConfirm>) {
          return "CapabilityDataConfirm";
        } else if constexpr (std::is_same_v<T, TokenGiveIndication>) {
          return fmt::format("TokenGiveIndication(0x{:02x})", v.tokens);
        } else if constexpr (std::is_same_v<T, TokenPleaseIndication>) {
          return fmt::format("TokenPleaseIndication(0x{:02x})", v.tokens);
        } else if constexpr (std::is_same_v<T, ControlGiveIndication>) {
          return "ControlGiveIndication";
        } else if constexpr (std::is_same_v<T, SyncMinorIndication>) {
          return fmt::format("SyncMinorIndication({}{})", v.serial_number,
                             v.confirm_required ? "" : ", no confirm");
        } else if constexpr (std::is_same_v<T, SyncMinorConfirm>) {
          return fmt::format("SyncMinorConfirm({})", v.serial_number);
        } else if constexpr (std::is_same_v<T, SyncMajorIndication>) {
          return fmt::format("SyncMajorIndication({})", v.serial_number);
        } else if constexpr (std::is_same_v<T, SyncMajorConfirm>) {
          return fmt::format("SyncMajorConfirm({})", v.serial_number);
        } else if constexpr (std::is_same_v<T, ResyncIndication>) {
          constexpr const char* types[] = {"abandon", "restart", "set"};
          return fmt::format("ResyncIndication({} {})", types[static_cast<int>(v.type)],
                             v.serial_number);
        } else if constexpr (std::is_same_v<T, ResyncConfirm>) {
          return fmt::format("ResyncConfirm({}, tokens 0x{:02x})", v.serial_number, v.tokens_owned);
        } else if constexpr (std::is_same_v<T, ActivityStartIndication>) {
          return fmt::format("ActivityStartIndication({})", v.activity_id.size());
        } else if constexpr (std::is_same_v<T, ActivityResumeIndication>) {
          return fmt::format("ActivityResumeIndication({})", v.serial_number);
        } else if constexpr (std::is_same_v<T, ActivityInterruptIndication>) {
          return fmt::format("ActivityInterruptIndication({})", v.reason.value_or(0));
        } else if constexpr (std::is_same_v<T, ActivityInterruptConfirm>) {
          return "ActivityInterruptConfirm";
        } else if constexpr (std::is_same_v<T, ActivityDiscardIndication>) {
          return fmt::format("ActivityDiscardIndication({})", v.reason.value_or(0));
        } else if constexpr (std::is_same_v<T, ActivityDiscardConfirm>) {
          return "ActivityDiscardConfirm";
        } else if constexpr (std::is_same_v<T, ActivityEndIndication>) {
          return fmt::format("ActivityEndIndication({})", v.serial_number);
        } else if constexpr (std::is_same_v<T, ActivityEndConfirm>) {
          return fmt::format("ActivityEndConfirm({})", v.serial_number);
        } else if constexpr (std::is_same_v<T, UserExceptionIndication>) {
          return fmt::format("UserExceptionIndication({})", v.reason);
        } else if constexpr (std::is_same_v<T, ProviderExceptionIndication>) {
          return "ProviderExceptionIndication";
        } else if constexpr (std::is_same_v<T, ReleaseIndication>) {
          return fmt::format("ReleaseIndication({})", v.user_data.size());
        } else if constexpr (std::is_same_v<T, ReleaseConfirm>) {
          return v.accepted ? "ReleaseConfirm+" : "ReleaseConfirm-";
        } else if constexpr (std::is_same_v<T, AbortIndication>) {
          constexpr const char* names[] = {"user", "peer_provider", "protocol_error",
                                           "transport_lost"};
          return fmt::format("AbortIndication({})", names[static_cast<int>(v.source)]);
        }
      },
      e);
}

std::vector<std::string> describe(const std::vector<session::Event>& events) {
  std::vector<std::string> out;
  for (const auto& e : events) out.push_back(describe(e));
  return out;
}

ByteBuffer pattern(std::size_t size, std::uint8_t seed) {
  ByteBuffer out(size);
  for (std::size_t i = 0; i < size; ++i) out[i] = static_cast<std::uint8_t>(seed + i);
  return out;
}

}  // namespace piglix::pair
