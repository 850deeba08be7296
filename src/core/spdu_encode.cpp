// SPDUs → octets, in the canonical form.
#include <fmt/format.h>

#include "piglix/spdu/codec.hpp"
#include "spdu_concatenation.hpp"
#include "spdu_parameters.hpp"
#include "spdu_rules.hpp"

namespace piglix::spdu {
namespace {

using detail::Scope;

constexpr std::size_t max_parameter_field = 65535;

template <class S>
Status check_encodable(const S& spdu, Kind kind) {
  const KindInfo& k = info(kind);
  if (auto status = detail::check_fields(spdu, Scope{k.abbreviation}); !status) return status;
  if (auto status = detail::check_rules(spdu, 0); !status) return status;
  if (detail::fields_size(spdu) > max_parameter_field) {
    return Error{errc::value_too_large, 0,
                 fmt::format("SPDU {}: parameter field of {} octets exceeds {}", k.abbreviation,
                             detail::fields_size(spdu), max_parameter_field)};
  }
  if constexpr (requires { spdu.user_information; }) {
    if (kind == Kind::EX) {
      if (spdu.user_information.size() > limit::expedited_data) {
        return Error{errc::value_too_large, 0,
                     fmt::format("SPDU EX: {} octets of user information, at most {} allowed",
                                 spdu.user_information.size(), limit::expedited_data)};
      }
    } else if constexpr (requires { spdu.enclosure; }) {
      if (!spdu.user_information.empty() || spdu.enclosure == enclosure::end) return {};
      return Error{errc::invalid_argument, 0,
                   fmt::format("SPDU {}: user information is required unless the SPDU only "
                               "ends a segmented SSDU",
                               k.abbreviation)};
    }
  }
  return {};
}

template <class S>
std::size_t size_as(const S& spdu) {
  const std::size_t parameters = detail::fields_size(spdu);
  std::size_t total = 1 + detail::length_size(parameters) + parameters;
  if constexpr (requires { spdu.user_information; }) total += spdu.user_information.size();
  return total;
}

// Whether put_as() appends the user information after the parameters.
enum class UserInformation : bool { omitted, appended };

// The octets put_as() appends.
template <class S>
std::size_t put_size_as(const S& spdu, UserInformation ui) {
  std::size_t size = size_as(spdu);
  if constexpr (requires { spdu.user_information; }) {
    if (ui == UserInformation::omitted) size -= spdu.user_information.size();
  }
  return size;
}

template <class S>
void put_as(const S& spdu, Kind kind, ByteBuffer& out, UserInformation ui) {
  const std::size_t parameters = detail::fields_size(spdu);
  out.reserve(out.size() + put_size_as(spdu, ui));
  wire::put_u8(out, info(kind).si);
  detail::put_length(out, parameters);
  detail::put_fields(out, spdu);
  if constexpr (requires { spdu.user_information; }) {
    if (ui == UserInformation::appended) wire::put_bytes(out, spdu.user_information);
  }
}

Status encode_as(const Spdu& spdu, ByteBuffer& out, UserInformation ui) {
  return std::visit(
      [&](const auto& s) -> Status {
        if (auto status = check_encodable(s, kind_of(spdu)); !status) return status;
        put_as(s, kind_of(spdu), out, ui);
        return {};
      },
      spdu);
}

bool carries_token_item(const Spdu& spdu) {
  if (const auto* gt = std::get_if<GiveTokens>(&spdu)) return gt->token_item.has_value();
  if (const auto* pt = std::get_if<PleaseTokens>(&spdu)) return pt->token_item.has_value();
  return false;
}

// A later segment of a segmented PT, which carries no Token Item (see check_lone_token_spdu).
bool continues_segment(const Spdu& spdu) {
  const auto* pt = std::get_if<PleaseTokens>(&spdu);
  return pt && pt->enclosure && (*pt->enclosure & enclosure::begin) == 0;
}

}  // namespace

Status encode(const Spdu& spdu, ByteBuffer& out) {
  return encode_as(spdu, out, UserInformation::appended);
}

std::size_t encoded_size(const Spdu& spdu) {
  return std::visit(
      [&](const auto& s) -> std::size_t {
        return check_encodable(s, kind_of(spdu)) ? size_as(s) : 0;
      },
      spdu);
}

namespace {

// The DT of a GT + DT pair that encodes as detail::plain_data_prefix and user information.
const DataTransfer* plain_data(std::span<const Spdu> spdus) {
  if (spdus.size() != 2) return nullptr;
  const auto* gt = std::get_if<GiveTokens>(&spdus[0]);
  const auto* dt = std::get_if<DataTransfer>(&spdus[1]);
  if (gt == nullptr || dt == nullptr || gt->token_item || gt->enclosure || gt->user_data ||
      dt->enclosure || dt->user_information.empty()) {
    return nullptr;
  }
  return dt;
}

Status encode_tsdu_as(std::span<const Spdu> spdus, ByteBuffer& out, bool extended_concatenation,
                      UserInformation last_ui) {
  if (const DataTransfer* dt = plain_data(spdus)) {
    const auto& prefix = detail::plain_data_prefix;
    const bool appended = last_ui == UserInformation::appended;
    out.reserve(out.size() + prefix.size() + (appended ? dt->user_information.size() : 0));
    out.insert(out.end(), prefix.begin(), prefix.end());
    if (appended) wire::put_bytes(out, dt->user_information);
    return {};
  }
  if (spdus.empty()) return Error{errc::invalid_argument, 0, "a TSDU holds at least one SPDU"};
  for (std::size_t i = 0; i < spdus.size(); ++i) {
    const std::optional<Kind> previous =
        i == 0 ? std::nullopt : std::optional<Kind>(kind_of(spdus[i - 1]));
    if (auto status =
            detail::check_follows(previous, i, kind_of(spdus[i]), extended_concatenation, 0);
        !status) {
      return status;
    }
  }
  if (spdus.size() > 1) {
    if (auto status = detail::check_herald(kind_of(spdus[0]), carries_token_item(spdus[0]), 0);
        !status) {
      return status;
    }
  } else if (info(spdus[0]).category == Category::zero) {
    if (auto status = detail::check_lone_token_spdu(kind_of(spdus[0]), carries_token_item(spdus[0]),
                                                    continues_segment(spdus[0]), 0);
        !status) {
      return status;
    }
  }
  const std::size_t start = out.size();
  // One reservation for the whole TSDU: a fresh buffer grows once, not once per SPDU (and, for a
  // head, not by the user information it leaves out).
  std::size_t total = 0;
  for (std::size_t i = 0; i < spdus.size(); ++i) {
    const UserInformation ui = i + 1 == spdus.size() ? last_ui : UserInformation::appended;
    total += std::visit([ui](const auto& one) { return put_size_as(one, ui); }, spdus[i]);
  }
  out.reserve(start + total);
  for (std::size_t i = 0; i < spdus.size(); ++i) {
    const bool last = i + 1 == spdus.size();
    if (auto status = encode_as(spdus[i], out, last ? last_ui : UserInformation::appended);
        !status) {
      out.resize(start);
      return status;
    }
  }
  return {};
}

}  // namespace

Status encode_tsdu(std::span<const Spdu> spdus, ByteBuffer& out, bool extended_concatenation) {
  return encode_tsdu_as(spdus, out, extended_concatenation, UserInformation::appended);
}

Status encode_tsdu_head(std::span<const Spdu> spdus, ByteBuffer& out, bool extended_concatenation) {
  return encode_tsdu_as(spdus, out, extended_concatenation, UserInformation::omitted);
}

}  // namespace piglix::spdu
