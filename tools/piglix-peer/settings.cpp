#include "settings.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <bit>

#include "piglix/spdu/codes.hpp"

namespace piglix::peer {
namespace {

const std::vector<std::pair<std::string_view, std::uint16_t>>& unit_names() {
  namespace fu = spdu::fu;
  static const std::vector<std::pair<std::string_view, std::uint16_t>> names{
      {"half-duplex", fu::half_duplex},      {"duplex", fu::duplex},
      {"expedited", fu::expedited_data},     {"minor-sync", fu::minor_synchronize},
      {"major-sync", fu::major_synchronize}, {"resync", fu::resynchronize},
      {"activity", fu::activity_management}, {"negotiated-release", fu::negotiated_release},
      {"capability", fu::capability_data},   {"exceptions", fu::exceptions},
      {"typed-data", fu::typed_data},
  };
  return names;
}

Error bad(std::string what) { return Error{errc::invalid_argument, 0, std::move(what)}; }

}  // namespace

std::chrono::milliseconds millis(double seconds) {
  return std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
}

Result<std::uint16_t> functional_unit_bits(const std::vector<std::string>& names) {
  std::uint16_t bits = 0;
  for (const auto& name : names) {
    if (name == "all") {
      for (const auto& [n, bit] : unit_names()) bits |= bit;
      continue;
    }
    auto it = std::find_if(unit_names().begin(), unit_names().end(),
                           [&](const auto& entry) { return entry.first == name; });
    if (it == unit_names().end())
      return bad(fmt::format("unknown functional unit '{}' ({})", name, functional_unit_list()));
    bits |= it->second;
  }
  return bits;
}

std::string functional_unit_list() {
  std::string out;
  for (const auto& [name, bit] : unit_names())
    out += fmt::format("{}{}", out.empty() ? "" : ", ", name);
  return out + ", all";
}

Result<std::pair<std::string, std::string>> split_target(const std::string& target,
                                                         std::uint16_t default_port) {
  const std::string port = std::to_string(default_port);
  if (target.empty()) return bad("no host given");
  if (target.front() == '[') {
    const std::size_t close = target.find(']');
    if (close == std::string::npos) return bad(fmt::format("'{}': missing ']'", target));
    const std::string host = target.substr(1, close - 1);
    if (close + 1 == target.size()) return std::pair{host, port};
    if (target[close + 1] != ':') return bad(fmt::format("'{}': expected ':' after ']'", target));
    return std::pair{host, target.substr(close + 2)};
  }
  // More than one ':' is a bare IPv6 address, which cannot carry a port without brackets.
  if (std::count(target.begin(), target.end(), ':') != 1) return std::pair{target, port};
  const std::size_t colon = target.find(':');
  return std::pair{target.substr(0, colon), target.substr(colon + 1)};
}

Result<ByteBuffer> octets_argument(const std::string& value) {
  ByteBuffer out;
  if (value.starts_with("hex:")) {
    if (!parse_hex(std::string_view(value).substr(4), out))
      return bad(fmt::format("'{}' is not hex octets", value.substr(4)));
    return out;
  }
  const Bytes text = as_bytes(value);
  return ByteBuffer(text.begin(), text.end());
}

Result<net::Options> make_options(const Settings& s) {
  net::Options o;
  if (!std::has_single_bit(s.tpdu_size) && s.tpdu_size != 65531)
    return bad(
        fmt::format("--tpdu-size {}: a power of two from 128 to 32768, or 65531", s.tpdu_size));
  if (s.tpdu_size == 65531)
    o.stack.transport.tpdu_size_code = 0x10;
  else if (s.tpdu_size < 128 || s.tpdu_size > 32768)
    return bad(
        fmt::format("--tpdu-size {}: a power of two from 128 to 32768, or 65531", s.tpdu_size));
  else
    o.stack.transport.tpdu_size_code = static_cast<std::uint8_t>(std::countr_zero(s.tpdu_size));
  o.stack.session.versions = 0;
  for (int v : s.versions) {
    if (v != 1 && v != 2) return bad(fmt::format("--version {}: 1 or 2", v));
    o.stack.session.versions |= v == 1 ? spdu::version::v1 : spdu::version::v2;
  }
  o.stack.session.max_receive_tsdu = s.max_tsdu;
  o.stack.session.keep_transport = s.keep_transport;
  for (const auto& tsap : s.local_tsaps) {
    auto octets = octets_argument(tsap);
    if (!octets) return std::move(octets).error();
    o.stack.transport.local_tsaps.push_back(std::move(*octets));
  }
  for (const auto& ssel : s.local_ssels) {
    auto octets = octets_argument(ssel);
    if (!octets) return std::move(octets).error();
    o.stack.session.session_selectors.push_back(std::move(*octets));
  }
  for (auto [value, slot] : {std::pair{&s.calling_tsap, &o.stack.tsaps.calling_tsap},
                             std::pair{&s.called_tsap, &o.stack.tsaps.called_tsap}}) {
    if (value->empty()) continue;
    auto octets = octets_argument(*value);
    if (!octets) return std::move(octets).error();
    *slot = std::move(*octets);
  }
  o.connect_timeout = millis(s.connect_timeout);
  o.tim = millis(s.tim);
  o.idle_timeout = millis(s.idle_timeout);
  return o;
}

Result<session::ConnectRequest> make_connect_request(const Settings& s) {
  session::ConnectRequest r;
  auto units = functional_unit_bits(s.functional_units);
  if (!units) return std::move(units).error();
  r.functional_units = *units;
  session::TokenSide side = session::TokenSide::initiator;
  if (s.tokens_at == "acceptor")
    side = session::TokenSide::acceptor;
  else if (s.tokens_at == "choose")
    side = session::TokenSide::acceptor_chooses;
  else if (s.tokens_at != "initiator")
    return bad(fmt::format("--tokens-at {}: initiator, acceptor or choose", s.tokens_at));
  r.token_setting = session::token_setting(spdu::token::all, side);
  for (auto [value, slot] : {std::pair{&s.calling_ssel, &r.calling_selector},
                             std::pair{&s.called_ssel, &r.called_selector}}) {
    if (value->empty()) continue;
    auto octets = octets_argument(*value);
    if (!octets) return std::move(octets).error();
    *slot = std::move(*octets);
  }
  auto data = octets_argument(s.connect_data);
  if (!data) return std::move(data).error();
  r.user_data = std::move(*data);
  return r;
}

}  // namespace piglix::peer
