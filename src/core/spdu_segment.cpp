// Segmentation of SSDUs with the Enclosure Item, and their reassembly.
#include "piglix/spdu/segment.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "piglix/spdu/codec.hpp"
#include "spdu_parameters.hpp"

namespace piglix::spdu {
namespace {

// The user octets of an SPDU that can be segmented: the user information of DT and TD, or the
// User Data parameter of the others. CDO (segmented by the connect overflow procedure) and EX
// (no Enclosure Item) are not.
template <class S>
constexpr bool has_segmentable_data = !std::is_same_v<S, ConnectDataOverflow> && requires(S s) {
  s.enclosure = std::uint8_t{};
}
&&(
    requires(S s) { s.user_information = Bytes{}; } || requires(S s) { s.user_data = Bytes{}; });

template <class S>
Bytes user_octets(const S& s) {
  if constexpr (requires { s.user_information; }) {
    return s.user_information;
  } else {
    return s.user_data.value_or(Bytes{});
  }
}

template <class S>
void set_user_octets(S& s, Bytes octets) {
  if constexpr (requires { s.user_information; }) {
    s.user_information = octets;
  } else {
    s.user_data = octets;
  }
}

// A segment after the first: the Enclosure Item, the user data, and the parameters the decoder
// requires in every SPDU of this kind (mandatory ones), copied from the whole SPDU.
template <class S>
S later_segment(const S& whole) {
  S segment{};
  static constexpr auto fields = detail::schema_of(std::type_identity<S>{});
  detail::for_each_field(fields, [&](const auto& f, std::size_t) {
    if constexpr (!detail::Unwrap<std::remove_cvref_t<decltype(whole.*(f.member))>>::optional) {
      segment.*(f.member) = whole.*(f.member);
    }
  });
  return segment;
}

// The most octets of `data` (from its start) that a segment shaped like `shape` carries within
// `budget` octets; 0 if not even one fits.
template <class S>
std::size_t capacity(S shape, std::size_t budget, Bytes data) {
  if (data.empty()) return 0;
  // Sized with one octet, since an empty DT or TD is only valid as an end segment.
  set_user_octets(shape, data.first(1));
  const std::size_t one = encoded_size(Spdu(shape));
  if (one == 0 || one > budget) return 0;
  // Longer user data may need 3-octet lengths: step down until it fits (at most a few steps).
  std::size_t n = std::min(budget - one + 1, data.size());
  while (n > 0) {
    set_user_octets(shape, data.first(n));
    const std::size_t size = encoded_size(Spdu(shape));
    if (size != 0 && size <= budget) break;
    --n;
  }
  return n;
}

template <class S>
Status segment_as(const S& whole, Kind kind, std::size_t max_tsdu_size, std::vector<Spdu>& out) {
  const KindInfo& k = info(kind);
  const std::size_t herald = k.category == Category::two ? 2 : 0;
  if (max_tsdu_size <= herald) {
    return Error{
        errc::invalid_argument, 0,
        fmt::format("SPDU {}: a TSDU of {} octets cannot hold it", k.abbreviation, max_tsdu_size)};
  }
  const std::size_t budget = max_tsdu_size - herald;
  const std::size_t whole_size = encoded_size(Spdu(whole));
  if (whole_size == 0) {
    ByteBuffer scratch;  // the SPDU itself cannot be encoded: let encode() say why
    return encode(Spdu(whole), scratch);
  }
  if (whole_size <= budget) {
    out.emplace_back(whole);
    return {};
  }
  if constexpr (!has_segmentable_data<S>) {
    return Error{errc::invalid_argument, 0,
                 fmt::format("SPDU {} of {} octets exceeds the TSDU maximum of {} and cannot be "
                             "segmented",
                             k.abbreviation, whole_size + herald, max_tsdu_size)};
  } else {
    const Bytes data = user_octets(whole);
    S first = whole;
    first.enclosure = enclosure::begin;
    const S later = [&] {
      S s = later_segment(whole);
      s.enclosure = enclosure::middle;
      return s;
    }();
    const std::size_t first_capacity = capacity(first, budget, data);
    const std::size_t later_capacity = capacity(later, budget, data);
    if (first_capacity == 0 || later_capacity == 0) {
      return Error{errc::invalid_argument, 0,
                   fmt::format("SPDU {}: a TSDU maximum of {} octets leaves no room for user "
                               "data beside the parameters",
                               k.abbreviation, max_tsdu_size)};
    }
    const std::size_t start = out.size();
    std::size_t at = std::min(first_capacity, data.size());
    set_user_octets(first, data.first(at));
    out.emplace_back(first);
    while (at < data.size()) {
      const std::size_t n = std::min(later_capacity, data.size() - at);
      S next = later;
      set_user_octets(next, data.subspan(at, n));
      at += n;
      if (at == data.size()) next.enclosure = enclosure::end;
      out.emplace_back(next);
    }
    // A whole that exceeded the budget only through its parameters leaves a first segment with
    // all the data: it still needs an end.
    if (out.size() == start + 1) {
      S end = later;
      end.enclosure = enclosure::end;
      set_user_octets(end, Bytes{});  // an end segment may be empty (X.225 8.3.11.4)
      out.emplace_back(end);
    }
    return {};
  }
}

}  // namespace

bool segmentable(Kind kind) noexcept {
  static constexpr auto table = []<std::size_t... I>(std::index_sequence<I...>) {
    return std::array<bool, kind_count>{
        has_segmentable_data<std::variant_alternative_t<I, Spdu>>...};
  }
  (std::make_index_sequence<kind_count>{});
  return table[static_cast<std::size_t>(kind)];
}

Status segment(const Spdu& whole, std::size_t max_tsdu_size, std::vector<Spdu>& out) {
  return std::visit(
      [&](const auto& s) { return segment_as(s, kind_of(whole), max_tsdu_size, out); }, whole);
}

Bytes segment_data(const Spdu& s) noexcept {
  return std::visit(
      [](const auto& v) -> Bytes {
        if constexpr (has_segmentable_data<std::decay_t<decltype(v)>>) {
          return user_octets(v);
        } else {
          return {};
        }
      },
      s);
}

Spdu with_segment_data(const Spdu& s, Bytes data) {
  return std::visit(
      [&](const auto& v) -> Spdu {
        auto copy = v;
        if constexpr (has_segmentable_data<std::decay_t<decltype(v)>>) set_user_octets(copy, data);
        return copy;
      },
      s);
}

std::optional<std::uint8_t> enclosure_of(const Spdu& s) noexcept {
  return std::visit(
      [](const auto& v) -> std::optional<std::uint8_t> {
        if constexpr (std::is_same_v<std::decay_t<decltype(v)>, ConnectDataOverflow>) {
          return std::nullopt;
        } else if constexpr (requires { v.enclosure; }) {
          return v.enclosure;
        } else {
          return std::nullopt;
        }
      },
      s);
}

Result<bool> SsduAssembler::add(std::optional<std::uint8_t> enclosure, Bytes user_data) {
  complete_ = {};
  const std::uint8_t e = enclosure.value_or(enclosure::whole);
  const bool begins = (e & enclosure::begin) != 0;
  const bool ends = (e & enclosure::end) != 0;
  if (begins && in_progress_) {
    return Error{errc::spdu_bad_segmentation, 0,
                 "a segmented SSDU begins before the previous one ended"};
  }
  if (!begins && !in_progress_) {
    return Error{errc::spdu_bad_segmentation, 0,
                 fmt::format("a {} segment arrives without a beginning", ends ? "last" : "middle")};
  }
  if (begins && ends) {
    if (user_data.size() > limit_) {
      return Error{
          errc::limit_exceeded, 0,
          fmt::format("SSDU of {} octets exceeds the limit of {}", user_data.size(), limit_)};
    }
    complete_ = user_data;
    return true;
  }
  if (begins) {
    data_.clear();
    // After take() the buffer may be a small spare: room for an SSDU as large as the last one
    // saves the reallocations (and their copies) of growing it again.
    data_.reserve(std::min(last_size_, limit_));
    in_progress_ = true;
  }
  if (user_data.size() > limit_ - data_.size()) {
    reset();
    return Error{errc::limit_exceeded, 0,
                 fmt::format("segmented SSDU exceeds the limit of {} octets", limit_)};
  }
  data_.insert(data_.end(), user_data.begin(), user_data.end());
  if (!ends) return false;
  in_progress_ = false;
  complete_ = data_;
  last_size_ = data_.size();
  return true;
}

ByteBuffer SsduAssembler::take(ByteBuffer spare) {
  spare.clear();
  if (complete_.data() == data_.data() && !data_.empty()) {
    std::swap(spare, data_);
  } else {
    spare.assign(complete_.begin(), complete_.end());
  }
  complete_ = {};
  return spare;
}

void SsduAssembler::reset() noexcept {
  data_.clear();
  complete_ = {};
  in_progress_ = false;
}

}  // namespace piglix::spdu
