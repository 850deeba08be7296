// TSDU → SPDUs: locating each SPDU, telling shared SI codes apart, decoding parameters.
#include <fmt/format.h>

#include <algorithm>

#include "piglix/spdu/codec.hpp"
#include "spdu_concatenation.hpp"
#include "spdu_parameters.hpp"
#include "spdu_rules.hpp"

namespace piglix::spdu {
namespace {

using detail::Scope;

// The value of the top-level unit with this code, if the parameter field holds one. Only used
// for the checks made before decoding (MAP or AE, the Token Item rules); a malformed field is
// reported by the full decode that follows.
std::optional<Bytes> find_parameter(Bytes parameters, std::uint8_t wanted) {
  wire::Reader r(parameters);
  while (r.remaining() >= 2) {
    const std::uint8_t unit_code = r.u8();
    auto length = detail::read_length(r, detail::no_context);
    if (!length || *length > r.remaining()) return std::nullopt;
    if (unit_code == wanted) return r.take(*length);
    r.take(*length);
  }
  return std::nullopt;
}

bool has_parameter(Bytes parameters, std::uint8_t wanted) {
  return find_parameter(parameters, wanted).has_value();
}

// True for a segment after the first (Enclosure Item without the begin bit): it carries only
// the Enclosure Item and user data, as the first segment carried the other parameters.
bool continues_segment(Bytes parameters) {
  const std::optional<Bytes> enclosure = find_parameter(parameters, code::enclosure_item);
  return enclosure && enclosure->size() == 1 && ((*enclosure)[0] & enclosure::begin) == 0;
}

// The kind of the SPDU that opens a TSDU: a category 0 or 1 SPDU.
Result<Kind> opening_kind(std::uint8_t si, std::size_t offset) {
  if (si == si::give_tokens) return Kind::GT;
  if (si == si::please_tokens) return Kind::PT;
  std::optional<Kind> category_two;
  for (std::size_t i = 0; i < kind_count; ++i) {
    const KindInfo& k = info(static_cast<Kind>(i));
    if (k.si != si) continue;
    if (k.category == Category::one) return k.kind;
    category_two = k.kind;
  }
  if (category_two) return Kind(*category_two);
  return Error{errc::spdu_unknown_type, offset,
               fmt::format("SI 0x{:02x} ({}) is not an SPDU identifier of X.225", si, si)};
}

// The kind of an SPDU that follows another one. Position and content decide the shared codes:
// SI 1, 25 and 26 after a herald are DT, AI and AIA; SI 41 is MAP when it carries a Sync Type
// Item; SI 42 is MAA or AEA as the receiver's state says. Where the SI names no SPDU that may
// stand here, the most likely one is returned and check_follows() reports what is wrong.
Result<Kind> following_kind(std::uint8_t si, Kind previous, Bytes parameters,
                            const DecodeOptions& options, std::size_t offset) {
  if (si == si::major_sync_point) {
    const bool map =
        has_parameter(parameters, code::sync_type_item) || !options.activity_management;
    return map ? Kind::MAP : Kind::AE;
  }
  if (si == si::major_sync_ack) return options.major_ack_is_activity_end ? Kind::AEA : Kind::MAA;
  std::optional<Kind> category_two, any;
  for (std::size_t i = 0; i < kind_count; ++i) {
    const KindInfo& k = info(static_cast<Kind>(i));
    if (k.si != si) continue;
    if (k.category == Category::two && k.herald == previous) return k.kind;
    if (k.category == Category::two) category_two = k.kind;
    if (!any) any = k.kind;
  }
  if (category_two) return Kind(*category_two);
  if (any) return Kind(*any);
  return Error{errc::spdu_unknown_type, offset,
               fmt::format("SI 0x{:02x} ({}) is not an SPDU identifier of X.225", si, si)};
}

template <class S>
constexpr bool has_user_information_member = requires(S s) {
  s.user_information;
};

Status check_user_information(Kind kind, std::optional<std::uint8_t> enclosure, Bytes user,
                              std::size_t offset) {
  if (kind == Kind::EX) {
    if (user.size() > limit::expedited_data) {
      return Error{errc::spdu_bad_length, offset,
                   fmt::format("SPDU EX: {} octets of user information, at most {} allowed",
                               user.size(), limit::expedited_data)};
    }
    return {};
  }
  // X.225 8.3.11/8.3.13: DT and TD carry user information unless the SPDU only ends a
  // segmented SSDU.
  if (user.empty() && enclosure != enclosure::end) {
    return Error{errc::spdu_missing_user_information, offset,
                 fmt::format("SPDU {} has no user information", info(kind).abbreviation)};
  }
  return {};
}

// Decodes in place, into the alternative S of `out`: an SPDU is built once, not built, copied
// into a Result and moved into the caller's vector.
template <class S>
Status decode_into(const SpduLocation& at, Spdu& out) {
  S& spdu = out.emplace<S>();
  wire::Reader r(at.parameters, at.offset + at.header_size);
  if (auto status = detail::decode_fields(r, spdu, Scope{info(at.kind).abbreviation}); !status) {
    return status;
  }
  if (auto status = detail::check_rules(spdu, at.offset); !status) return status;
  if constexpr (has_user_information_member<S>) {
    spdu.user_information = at.user_information;
    std::optional<std::uint8_t> enclosure;
    if constexpr (requires { spdu.enclosure; }) enclosure = spdu.enclosure;
    const std::size_t end = at.offset + at.header_size + at.parameters.size();
    if (auto status = check_user_information(at.kind, enclosure, spdu.user_information, end);
        !status) {
      return status;
    }
  }
  return {};
}

template <std::size_t... I>
Status decode_by_kind(const SpduLocation& at, Spdu& out, std::index_sequence<I...>) {
  using Decoder = Status (*)(const SpduLocation&, Spdu&);
  static constexpr Decoder decoders[] = {&decode_into<std::variant_alternative_t<I, Spdu>>...};
  return decoders[static_cast<std::size_t>(at.kind)](at, out);
}

Status decode_spdu_into(const SpduLocation& location, Spdu& out) {
  return decode_by_kind(location, out, std::make_index_sequence<kind_count>{});
}

// GT + DT without parameters (detail::plain_data_prefix), with user information: no option
// changes how it reads. Anything else, an empty DT included, takes the general path.
bool decode_plain_data(Bytes tsdu, std::vector<Spdu>& out) {
  const auto& prefix = detail::plain_data_prefix;
  if (tsdu.size() <= prefix.size() || !std::equal(prefix.begin(), prefix.end(), tsdu.begin())) {
    return false;
  }
  out.clear();
  out.emplace_back(std::in_place_type<GiveTokens>);
  out.emplace_back(DataTransfer{std::nullopt, tsdu.subspan(prefix.size())});
  return true;
}

}  // namespace

Status locate_spdus(Bytes tsdu, std::vector<SpduLocation>& out, const DecodeOptions& options) {
  out.clear();
  if (tsdu.empty()) return Error{errc::truncated, 0, "TSDU is empty"};
  wire::Reader r(tsdu);
  while (!r.empty()) {
    const std::size_t at = r.offset();
    const std::uint8_t si = r.u8();
    auto length = detail::read_length(r, [si] { return fmt::format("SPDU with SI 0x{:02x}", si); });
    if (!length) return std::move(length).error();
    const std::size_t header_size = r.offset() - at;
    if (*length > r.remaining()) {
      return Error{errc::spdu_bad_length, at,
                   fmt::format("SPDU with SI 0x{:02x}: LI {} exceeds the {} octets that remain "
                               "in the TSDU",
                               si, *length, r.remaining())};
    }
    const Bytes parameters = r.take(*length);

    const std::optional<Kind> previous =
        out.empty() ? std::nullopt : std::optional<Kind>(out.back().kind);
    auto kind =
        previous ? following_kind(si, *previous, parameters, options, at) : opening_kind(si, at);
    if (!kind) return std::move(kind).error();
    if (auto status =
            detail::check_follows(previous, out.size(), *kind, options.extended_concatenation, at);
        !status) {
      return status;
    }
    if (out.size() == 1 && info(out.front().kind).category == Category::zero) {
      const bool token_item = has_parameter(out.front().parameters, code::token_item);
      if (auto status = detail::check_herald(out.front().kind, token_item, out.front().offset);
          !status) {
        return status;
      }
    }

    SpduLocation location{*kind, at, header_size, parameters, {}};
    // A GT or PT alone in its TSDU is a token operation: it names the tokens (X.225 8.3.16/17),
    // unless it is a later segment of a PT whose first segment named them.
    if (info(*kind).category == Category::zero && r.empty() && out.empty()) {
      const bool token_item = has_parameter(parameters, code::token_item);
      if (auto status =
              detail::check_lone_token_spdu(*kind, token_item, continues_segment(parameters), at);
          !status) {
        return status;
      }
    }
    if (info(*kind).has_user_information) location.user_information = r.take(r.remaining());
    out.push_back(location);
  }
  return {};
}

Result<Spdu> decode_spdu(const SpduLocation& location) {
  Spdu spdu;
  if (auto status = decode_spdu_into(location, spdu); !status) return std::move(status).error();
  return spdu;
}

Status decode_tsdu(Bytes tsdu, std::vector<Spdu>& out, const DecodeOptions& options) {
  if (decode_plain_data(tsdu, out)) return {};
  // The locations live in a per-thread buffer so that steady-state decoding allocates nothing.
  thread_local std::vector<SpduLocation> locations;
  if (auto status = locate_spdus(tsdu, locations, options); !status) return status;
  out.clear();
  for (const SpduLocation& location : locations) {
    if (auto status = decode_spdu_into(location, out.emplace_back()); !status) {
      out.pop_back();
      return status;
    }
  }
  return {};
}

Result<std::vector<Spdu>> decode_tsdu(Bytes tsdu, const DecodeOptions& options) {
  std::vector<Spdu> spdus;
  if (auto status = decode_tsdu(tsdu, spdus, options); !status) return std::move(status).error();
  return spdus;
}

}  // namespace piglix::spdu
