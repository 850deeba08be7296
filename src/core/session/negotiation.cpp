// Connection establishment parameters: what goes into CN and AC, what the acceptor refuses, and
// the session both sides end up with (x225-facts §4, §6, §9).
#include <fmt/format.h>

#include <algorithm>

#include "session/machine.hpp"
#include "session/tokens.hpp"

namespace piglix::session::detail {
namespace {

namespace fu = spdu::fu;
namespace ver = spdu::version;
namespace tk = spdu::token;

constexpr TokenSet kTokens[] = {tk::data, tk::minor_sync, tk::major_activity, tk::release};

// The serial number is sent only when a unit that numbers sync points is in play.
bool numbers_sync_points(std::uint16_t units) {
  return (units & (fu::minor_synchronize | fu::major_synchronize | fu::resynchronize)) != 0;
}

// Versions a CN proposes: its Version Number, else version 1 (version 2 if it carries
// Extended User Data, which only version 2 has), as ISODE reads an old CN.
std::uint8_t proposed_versions(const spdu::Connect& cn) {
  if (cn.connect_accept_item && cn.connect_accept_item->version_number) {
    return *cn.connect_accept_item->version_number;
  }
  return cn.extended_user_data ? ver::v2 : ver::v1;
}

std::uint8_t highest(std::uint8_t versions) { return (versions & ver::v2) != 0 ? 2 : 1; }

// 0 = no limit, so the smaller of two limits ignores zeros.
std::uint16_t min_limit(std::uint16_t a, std::uint16_t b) {
  if (a == 0) return b;
  if (b == 0) return a;
  return std::min(a, b);
}

// The final Token Setting: the CN's placements, with the acceptor's decisions where the CN left
// the choice to it.
std::uint8_t final_token_setting(std::uint8_t proposed, std::uint8_t decided, TokenSet available) {
  std::uint8_t out = 0;
  for (TokenSet t : kTokens) {
    if ((available & t) == 0) continue;
    TokenSide side = token_side(proposed, t);
    if (side == TokenSide::acceptor_chooses) side = token_side(decided, t);
    if (side == TokenSide::acceptor_chooses) side = TokenSide::initiator;
    out |= token_setting(t, side);
  }
  return out;
}

TokenSet tokens_on(std::uint8_t setting, TokenSet available, TokenSide side) {
  TokenSet out = 0;
  for (TokenSet t : kTokens) {
    if ((available & t) != 0 && token_side(setting, t) == side) out |= t;
  }
  return out;
}

spdu::ConnectionIdentifier identifier(const ConnectionReferences& r, bool calling) {
  spdu::ConnectionIdentifier id;
  (calling ? id.calling_ss_user_reference : id.called_ss_user_reference) =
      view(r.ss_user_reference);
  id.common_reference = view(r.common_reference);
  id.additional_reference_information = view(r.additional_reference_information);
  return id;
}

bool empty(const ConnectionReferences& r) {
  return !r.ss_user_reference && !r.common_reference && !r.additional_reference_information;
}

std::uint16_t units_of(const ConnectIndication& ind, const AcceptResponse& resp) {
  return usable_units(ind.functional_units & resp.functional_units);
}

bool one_data_mode(std::uint16_t units) {
  return ((units & fu::half_duplex) != 0) != ((units & fu::duplex) != 0);
}

}  // namespace

std::uint16_t usable_units(std::uint16_t units) {
  units &= supported_functional_units;
  if ((units & fu::half_duplex) == 0) units &= static_cast<std::uint16_t>(~fu::exceptions);
  if ((units & fu::activity_management) == 0) {
    units &= static_cast<std::uint16_t>(~fu::capability_data);
  }
  return units;
}

std::optional<Bytes> view(const std::optional<ByteBuffer>& b) {
  return b ? std::optional<Bytes>(Bytes(*b)) : std::nullopt;
}

std::optional<Bytes> optional_data(Bytes data) {
  return data.empty() ? std::nullopt : std::optional<Bytes>(data);
}

std::optional<ByteBuffer> copy(const std::optional<Bytes>& b) {
  return b ? std::optional<ByteBuffer>(ByteBuffer(b->begin(), b->end())) : std::nullopt;
}

ConnectionReferences references_of(const std::optional<spdu::ConnectionIdentifier>& id,
                                   bool calling) {
  ConnectionReferences r;
  if (!id) return r;
  r.ss_user_reference =
      copy(calling ? id->calling_ss_user_reference : id->called_ss_user_reference);
  r.common_reference = copy(id->common_reference);
  r.additional_reference_information = copy(id->additional_reference_information);
  return r;
}

std::optional<std::uint8_t> refusal_reason(const Config& config, const spdu::Connect& cn) {
  if ((proposed_versions(cn) & config.versions) == 0) {
    return spdu::refuse_reason::versions_not_supported;
  }
  if (!config.session_selectors.empty()) {
    const Bytes called = cn.called_session_selector.value_or(Bytes{});
    const bool known = std::any_of(config.session_selectors.begin(), config.session_selectors.end(),
                                   [&](const ByteBuffer& s) { return same_bytes(s, called); });
    if (!known) return spdu::refuse_reason::selector_unknown;
  }
  const std::uint16_t units = cn.session_user_requirements.value_or(fu::default_set);
  if ((units & supported_functional_units & (fu::half_duplex | fu::duplex)) == 0) {
    return spdu::refuse_reason::implementation_restriction;
  }
  return std::nullopt;
}

ConnectIndication indication_from(const spdu::Connect& cn) {
  ConnectIndication ind;
  ind.calling_selector = copy(cn.calling_session_selector);
  ind.called_selector = copy(cn.called_session_selector);
  ind.references = references_of(cn.connection_identifier, true);
  ind.functional_units = cn.session_user_requirements.value_or(fu::default_set);
  ind.versions = proposed_versions(cn);
  if (const auto& item = cn.connect_accept_item) {
    ind.token_setting = item->token_setting_item.value_or(0);
    if (item->initial_serial_number) ind.initial_serial_number = item->initial_serial_number->value;
    if (item->tsdu_maximum_size) {
      ind.max_tsdu_to_responder = item->tsdu_maximum_size->initiator_to_responder;
      ind.max_tsdu_to_initiator = item->tsdu_maximum_size->responder_to_initiator;
    }
  }
  const auto data = cn.user_data ? cn.user_data : cn.extended_user_data;
  if (data) ind.user_data.assign(data->begin(), data->end());
  return ind;
}

spdu::Connect connect_spdu(const Connection& c, const ConnectRequest& req) {
  spdu::Connect cn;
  const std::uint16_t units = usable_units(req.functional_units);
  if (!empty(req.references)) cn.connection_identifier = identifier(req.references, true);
  spdu::ConnectAcceptItem item;
  // Always sent, even as 0: the MMS stacks refuse a Connect/Accept Item without it.
  item.protocol_options = 0;
  if (c.config.max_receive_tsdu != 0) {
    item.tsdu_maximum_size = spdu::TsduMaximumSize{0, c.config.max_receive_tsdu};
  }
  const bool big = req.user_data.size() > spdu::limit::connect_user_data;
  item.version_number = big ? ver::v2 : c.config.versions;
  if (numbers_sync_points(units)) {
    item.initial_serial_number = spdu::SerialNumber{req.initial_serial_number.value_or(0)};
  }
  if (tokens_of(units) != 0) item.token_setting_item = req.token_setting;
  cn.connect_accept_item = item;
  cn.session_user_requirements = units;
  cn.calling_session_selector = view(req.calling_selector);
  cn.called_session_selector = view(req.called_selector);
  const Bytes data = req.user_data;
  if (data.empty()) return cn;
  if (!big) {
    cn.user_data = data;
  } else {
    const std::size_t first = std::min(data.size(), spdu::limit::connect_extended_user_data);
    cn.extended_user_data = data.first(first);
    if (first < data.size()) cn.data_overflow = 1;
  }
  return cn;
}

Session accepted_session(const Connection& c, const ConnectIndication& ind,
                         const AcceptResponse& resp) {
  Session s;
  s.functional_units = units_of(ind, resp);
  s.version = highest(ind.versions & c.config.versions);
  s.available = tokens_of(s.functional_units);
  const std::uint8_t setting =
      final_token_setting(ind.token_setting, resp.token_setting, s.available);
  s.owned = tokens_on(setting, s.available, TokenSide::acceptor);
  s.max_send_tsdu = ind.max_tsdu_to_initiator;
  s.max_receive_tsdu = min_limit(ind.max_tsdu_to_responder, c.config.max_receive_tsdu);
  if (numbers_sync_points(s.functional_units)) {
    s.initial_serial_number =
        resp.initial_serial_number.value_or(ind.initial_serial_number.value_or(0));
  }
  return s;
}

spdu::Accept accept_spdu(const Connection& c, const ConnectIndication& ind,
                         const AcceptResponse& resp) {
  const Session s = accepted_session(c, ind, resp);
  spdu::Accept ac;
  if (!empty(resp.references)) ac.connection_identifier = identifier(resp.references, false);
  spdu::ConnectAcceptItem item;
  item.protocol_options = 0;
  if (s.max_send_tsdu != 0 || s.max_receive_tsdu != 0) {
    item.tsdu_maximum_size = spdu::TsduMaximumSize{s.max_receive_tsdu, s.max_send_tsdu};
  }
  item.version_number = static_cast<std::uint8_t>(s.version == 2 ? ver::v2 : ver::v1);
  if (numbers_sync_points(s.functional_units)) {
    item.initial_serial_number = spdu::SerialNumber{s.initial_serial_number};
  }
  if (s.available != 0) {
    item.token_setting_item =
        final_token_setting(ind.token_setting, resp.token_setting, s.available);
  }
  ac.connect_accept_item = item;
  if (resp.please_tokens != 0) ac.token_item = resp.please_tokens;
  // The selected units, not an echo of the proposal: both sides then hold the same set.
  ac.session_user_requirements = s.functional_units;
  ac.responding_session_selector = view(resp.responding_selector);
  if (!resp.user_data.empty()) ac.user_data = Bytes(resp.user_data);
  return ac;
}

Result<Session> confirmed_session(const Connection& c, const ConnectRequest& req,
                                  const spdu::Accept& ac) {
  Session s;
  s.functional_units =
      usable_units(req.functional_units & ac.session_user_requirements.value_or(fu::default_set));
  if (!one_data_mode(s.functional_units)) {
    return Error{
        errc::session_protocol_error, 0,
        fmt::format("AC selects functional units 0x{:04x}: exactly one of half-duplex "
                    "and duplex must remain of the proposed 0x{:04x}",
                    ac.session_user_requirements.value_or(fu::default_set), req.functional_units)};
  }
  std::uint8_t versions = ver::v1;
  std::optional<spdu::ConnectAcceptItem> item = ac.connect_accept_item;
  if (item && item->version_number) versions = *item->version_number;
  if ((versions & c.config.versions) == 0) {
    return Error{errc::session_protocol_error, 0,
                 fmt::format("AC selects version number 0x{:02x}, which this side did not propose",
                             versions)};
  }
  s.version = highest(versions & c.config.versions);
  s.available = tokens_of(s.functional_units);
  const std::uint8_t decided = item ? item->token_setting_item.value_or(0) : 0;
  const std::uint8_t setting = final_token_setting(req.token_setting, decided, s.available);
  s.owned = tokens_on(setting, s.available, TokenSide::initiator);
  if (item && item->tsdu_maximum_size) {
    s.max_send_tsdu = item->tsdu_maximum_size->initiator_to_responder;
    s.max_receive_tsdu =
        min_limit(item->tsdu_maximum_size->responder_to_initiator, c.config.max_receive_tsdu);
  } else {
    s.max_receive_tsdu = c.config.max_receive_tsdu;
  }
  if (item && item->initial_serial_number) {
    s.initial_serial_number = item->initial_serial_number->value;
  }
  return s;
}

std::uint8_t resync_final_setting(const Connection& c, std::uint8_t decided) {
  return final_token_setting(c.resync_token_setting, decided, c.session.available);
}

TokenSet tokens_after_resync(const Connection& c, const Context& ctx) {
  const TokenSet available = c.session.available;
  if (ctx.input == table::Input::SRSYNrsp) {
    return tokens_on(resync_final_setting(c, ctx.token_setting), available, TokenSide::acceptor);
  }
  // An RA received: its Token Setting Item where it has one, else what the RS asked for.
  const auto* ra = ctx.spdu ? std::get_if<spdu::ResynchronizeAck>(ctx.spdu) : nullptr;
  const std::uint8_t setting = ra && ra->token_setting_item
                                   ? final_token_setting(*ra->token_setting_item, 0, available)
                                   : resync_final_setting(c, 0);
  return tokens_on(setting, available, TokenSide::initiator);
}

Status check_accept(const Connection& c, const AcceptResponse& resp) {
  const ConnectIndication& ind = *c.pending_indication;
  const std::uint16_t units = units_of(ind, resp);
  if (!one_data_mode(units)) {
    return Error{errc::invalid_argument, 0,
                 fmt::format("the accepted functional units 0x{:04x} leave 0x{:04x} with the "
                             "proposal: exactly one of half-duplex and duplex must remain",
                             resp.functional_units, units)};
  }
  const Session s = accepted_session(c, ind, resp);
  if (s.version == 1 && resp.user_data.size() > spdu::limit::v1_user_data) {
    return Error{errc::invalid_argument, 0,
                 fmt::format("version 1 allows at most {} octets of user data in AC, not {}",
                             spdu::limit::v1_user_data, resp.user_data.size())};
  }
  if ((resp.please_tokens & ~(s.available & ~s.owned)) != 0) {
    return Error{errc::invalid_argument, 0,
                 fmt::format("the AC can only ask for tokens the initiator gets (0x{:02x}), not "
                             "0x{:02x}",
                             s.available & ~s.owned, resp.please_tokens)};
  }
  return {};
}

}  // namespace piglix::session::detail

namespace piglix::session {

std::uint8_t token_setting(TokenSet tokens, TokenSide side) noexcept {
  std::uint8_t out = 0;
  const auto bits = static_cast<std::uint8_t>(side);
  if ((tokens & spdu::token::data) != 0) out |= bits << spdu::token_setting::data_shift;
  if ((tokens & spdu::token::minor_sync) != 0) out |= bits << spdu::token_setting::minor_sync_shift;
  if ((tokens & spdu::token::major_activity) != 0) {
    out |= bits << spdu::token_setting::major_activity_shift;
  }
  if ((tokens & spdu::token::release) != 0) out |= bits << spdu::token_setting::release_shift;
  return out;
}

TokenSide token_side(std::uint8_t setting, TokenSet token) noexcept {
  unsigned shift = spdu::token_setting::data_shift;
  if (token == spdu::token::minor_sync) shift = spdu::token_setting::minor_sync_shift;
  if (token == spdu::token::major_activity) shift = spdu::token_setting::major_activity_shift;
  if (token == spdu::token::release) shift = spdu::token_setting::release_shift;
  const unsigned bits = (setting >> shift) & 0x03u;
  return bits == 1   ? TokenSide::acceptor
         : bits == 2 ? TokenSide::acceptor_chooses
                     : TokenSide::initiator;
}

}  // namespace piglix::session
