// Fuzz target: one TPDU (a TPKT payload). Whatever decodes must encode, decode again to the same
// value field by field, and encode again to the same octets (the canonical encoding is a fixed
// point). Input: the TPDU octets.
#include <cstddef>
#include <cstdint>
#include <string>
#include <type_traits>
#include <variant>

#include "check.hpp"
#include "piglix/tpdu.hpp"

namespace {

using namespace piglix;
using fuzz::check;

// Every member of every TPDU struct, in declaration order; absent and empty read differently.
class Fields {
 public:
  template <class T>
  Fields& operator()(const char* name, const T& value) {
    out_ += name;
    out_ += '=';
    put(value);
    out_ += "; ";
    return *this;
  }
  const std::string& str() const { return out_; }

 private:
  void put(bool v) { out_ += v ? "true" : "false"; }
  template <class T>
  requires std::is_integral_v<T>
  void put(T v) { out_ += std::to_string(v); }
  void put(Bytes v) { out_ += "[" + to_hex(v) + "]"; }
  template <class T>
  void put(const std::optional<T>& v) {
    if (v) {
      put(*v);
    } else {
      out_ += "absent";
    }
  }
  std::string out_;
};

std::string render(const tpdu::ConnectParameters& p) {
  return Fields{}("calling", p.calling_tsap)("called", p.called_tsap)("size", p.tpdu_size_code)(
             "preferred", p.preferred_max_tpdu_size)("version", p.version)(
             "protection", p.protection)("checksum", p.checksum)("options", p.additional_options)(
             "alternative", p.alternative_classes)
      .str();
}

std::string render(const tpdu::Tpdu& t) {
  return std::visit(
      [](const auto& v) -> std::string {
        using T = std::remove_cvref_t<decltype(v)>;
        if constexpr (std::is_same_v<T, tpdu::ConnectionRequest> ||
                      std::is_same_v<T, tpdu::ConnectionConfirm>) {
          return Fields{}("dst", v.dst_ref)("src", v.src_ref)("credit", v.credit)(
                     "class", v.class_options)("ud", v.user_data)
                     .str() +
                 "{" + render(v.parameters) + "}";
        } else if constexpr (std::is_same_v<T, tpdu::DisconnectRequest>) {
          return Fields{}("dst", v.dst_ref)("src", v.src_ref)("reason", v.reason)(
                     "info", v.additional_information)("checksum", v.checksum)("ud", v.user_data)
              .str();
        } else if constexpr (std::is_same_v<T, tpdu::Data>) {
          return Fields{}("eot", v.end_of_tsdu)("ud", v.user_data).str();
        } else {
          static_assert(std::is_same_v<T, tpdu::TpduError>);
          return Fields{}("dst", v.dst_ref)("cause", v.cause)("invalid", v.invalid_tpdu)("checksum",
                                                                                         v.checksum)
              .str();
        }
      },
      t);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const Bytes input(data, size);
  const auto first = tpdu::decode(input);
  if (!first) {
    check(first.error().offset <= input.size(), "an error offset lies within the input");
    return 0;
  }
  check(!first->valueless_by_exception(), "a decoded TPDU holds a value");

  ByteBuffer encoded;
  const Status status = tpdu::encode(*first, encoded);
  check(status.has_value(), "what decodes encodes");
  check(encoded.size() <= input.size(), "the canonical encoding is never longer");

  const auto second = tpdu::decode(encoded);
  check(second.has_value(), "the encoding decodes");
  check(first->index() == second->index(), "the same TPDU type decodes back");
  check(render(*first) == render(*second), "the same values decode back");

  ByteBuffer again;
  check(tpdu::encode(*second, again).has_value(), "the second value encodes");
  check(again == encoded, "encoding is a fixed point");
  return 0;
}
