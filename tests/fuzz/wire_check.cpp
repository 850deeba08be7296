#include "wire_check.hpp"

#include <cstdio>
#include <variant>

#include "check.hpp"
#include "piglix/spdu.hpp"
#include "piglix/tpdu.hpp"

namespace piglix::fuzz {

void WireCheck::feed(const stack::Connection& c, Bytes octets) {
  for (;;) {
    auto next = framer_.next(octets);
    check(next.has_value(), "written octets frame as TPKTs");
    if (!next->has_value()) return;
    payload(c, **next);
  }
}

void WireCheck::payload(const stack::Connection& c, Bytes octets) {
  const auto tpdu = tpdu::decode(octets);
  check(tpdu.has_value(), "every written TPKT holds a valid TPDU");
  const auto* dt = std::get_if<tpdu::Data>(&*tpdu);
  if (!dt) {
    const bool initiator = c.transport.initiator;
    check(!std::holds_alternative<tpdu::ConnectionRequest>(*tpdu) || initiator,
          "only the initiator writes CR");
    check(!std::holds_alternative<tpdu::ConnectionConfirm>(*tpdu) || !initiator,
          "only the responder writes CC");
    check(tsdu_.empty(), "no other TPDU interrupts a TSDU");
    return;
  }
  check(c.transport.tpdu_size != 0, "DT is written only once the TPDU size is agreed");
  check(octets.size() <= c.transport.tpdu_size, "DT fits the agreed TPDU size");
  tsdu_.insert(tsdu_.end(), dt->user_data.begin(), dt->user_data.end());
  if (!dt->end_of_tsdu) return;

  // Extended concatenation decodes every TSDU the other rules accept, so it is assumed here: the
  // session's own encoder checked which concatenation it used.
  spdu::DecodeOptions options;
  options.extended_concatenation = true;
  const auto spdus = spdu::decode_tsdu(tsdu_, options);
  if (!spdus) std::fprintf(stderr, "%s\n", spdus.error().message().c_str());
  check(spdus.has_value(), "every written TSDU decodes as SPDUs");
  const std::uint16_t limit = c.session.session.max_send_tsdu;
  check(limit == 0 || tsdu_.size() <= limit, "written TSDUs respect the peer's maximum size");
  tsdu_.clear();
}

}  // namespace piglix::fuzz
