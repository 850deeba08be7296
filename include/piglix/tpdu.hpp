// X.224 / ISO 8073 transport class 0 TPDUs (CR, CC, DR, DT, ER) as used over RFC 1006.
//
// One TPDU is the payload of one TPKT. Decoded TPDUs hold views into the decoded input (see
// piglix::Bytes). Decoding is strict: a wrong length indicator, a parameter of the wrong length, a
// parameter twice or a TPDU type that class 0 does not use is an Error naming the TPDU, the
// parameter code and the offset. Unknown parameter codes are skipped in CR and CC (ISO 8073 asks
// receivers to ignore them there) and refused in DR and ER.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <variant>

#include "piglix/bytes.hpp"
#include "piglix/error.hpp"

namespace piglix::tpdu {

// The TPDU code: the high nibble of the second octet (the low nibble is the credit in CR/CC).
enum class Type : std::uint8_t {
  ED = 0x10,  // expedited data (class 1-4; an RFC 1006 extension)
  EA = 0x20,  // expedited acknowledgement
  UD = 0x40,  // connectionless unit data
  RJ = 0x50,  // reject
  AK = 0x60,  // data acknowledgement
  ER = 0x70,  // TPDU error
  DR = 0x80,  // disconnect request
  DC = 0xC0,  // disconnect confirm
  CC = 0xD0,  // connection confirm
  CR = 0xE0,  // connection request
  DT = 0xF0,  // data
};

// Abbreviation ("CR") and full name ("connection request") of a TPDU code; "?" when unknown.
std::string_view abbreviation(Type type) noexcept;
std::string_view full_name(Type type) noexcept;

// The length indicator counts the header after itself; 255 is reserved, so 254 is the most.
inline constexpr std::uint8_t max_length_indicator = 254;

// Variable-part parameter codes.
namespace param {
inline constexpr std::uint8_t tpdu_size = 0xC0;            // 1 octet: size is 2^value octets
inline constexpr std::uint8_t calling_tsap = 0xC1;         // any length (in ER: the invalid TPDU)
inline constexpr std::uint8_t called_tsap = 0xC2;          // any length
inline constexpr std::uint8_t checksum = 0xC3;             // 2 octets (class 4)
inline constexpr std::uint8_t version = 0xC4;              // 1 octet
inline constexpr std::uint8_t protection = 0xC5;           // user-defined octets
inline constexpr std::uint8_t additional_options = 0xC6;   // 1 octet
inline constexpr std::uint8_t alternative_classes = 0xC7;  // one octet per class (CR only)
inline constexpr std::uint8_t additional_information = 0xE0;   // DR only: free text
inline constexpr std::uint8_t preferred_max_tpdu_size = 0xF0;  // 1..4 octets, units of 128
}  // namespace param

// Name of a parameter code as it is read in a TPDU of `type` ("TPDU size"; 0xC1 is "calling
// TSAP-ID" in CR/CC but "invalid TPDU" in ER); "unknown" for codes piglix does not know.
std::string_view parameter_name(Type type, std::uint8_t code) noexcept;

// TPDU size codes for param::tpdu_size. 0x0E..0x10 are the RFC 1006 extensions beyond X.224;
// 0x10 means 65531 (the largest TPDU a TPKT can carry), not 65536.
inline constexpr std::uint8_t min_tpdu_size_code = 0x07;  // 128
inline constexpr std::uint8_t max_tpdu_size_code = 0x10;  // 65531
// Octets of a TPDU size code; 0 for a code outside min..max.
std::uint32_t tpdu_size_octets(std::uint8_t code) noexcept;

// DR reason codes (X.224 13.5.3 e); class 0 refusals use 0..3).
namespace reason {
inline constexpr std::uint8_t not_specified = 0;
inline constexpr std::uint8_t congestion_at_tsap = 1;
inline constexpr std::uint8_t session_entity_not_attached = 2;
inline constexpr std::uint8_t address_unknown = 3;
inline constexpr std::uint8_t normal = 128;
inline constexpr std::uint8_t remote_congestion = 129;
inline constexpr std::uint8_t negotiation_failed = 130;
inline constexpr std::uint8_t duplicate_reference = 131;
inline constexpr std::uint8_t mismatched_references = 132;
inline constexpr std::uint8_t protocol_error = 133;
inline constexpr std::uint8_t reference_overflow = 135;
inline constexpr std::uint8_t refused_on_this_connection = 136;
inline constexpr std::uint8_t header_or_parameter_length_invalid = 138;
}  // namespace reason
// Meaning of a DR reason ("normal disconnect initiated by the session entity"), "unknown" if none.
std::string_view reason_text(std::uint8_t reason) noexcept;

// ER reject causes.
namespace cause {
inline constexpr std::uint8_t not_specified = 0;
inline constexpr std::uint8_t invalid_parameter_code = 1;
inline constexpr std::uint8_t invalid_tpdu_type = 2;
inline constexpr std::uint8_t invalid_parameter_value = 3;
}  // namespace cause
std::string_view cause_text(std::uint8_t cause) noexcept;

// Parameters of the variable part of CR and CC. Absent parameters are std::nullopt; encoders write
// the present ones in the order of the members below, which is the order of X.224 13.3.4.
// Decoders accept any order (libiec61850 writes C0, C2, C1; S7 stacks C1, C2, C0).
struct ConnectParameters {
  std::optional<Bytes> calling_tsap;
  std::optional<Bytes> called_tsap;
  std::optional<std::uint8_t> tpdu_size_code;
  // Octets; a non-zero multiple of 128. 64 bits because the 4-octet field counts units of 128.
  std::optional<std::uint64_t> preferred_max_tpdu_size;
  std::optional<std::uint8_t> version;
  std::optional<Bytes> protection;
  std::optional<std::uint16_t> checksum;
  std::optional<std::uint8_t> additional_options;
  std::optional<Bytes> alternative_classes;  // CR only
};

struct ConnectionRequest {
  std::uint16_t dst_ref = 0;  // always zero in a CR
  std::uint16_t src_ref = 0;
  std::uint8_t credit = 0;         // low nibble of octet 2; 0 in class 0
  std::uint8_t class_options = 0;  // high nibble: class; low nibble: options. 0x00 = class 0
  ConnectParameters parameters;
  Bytes user_data;  // RFC 1006 permits up to 32 octets; piglix never sends any
};

struct ConnectionConfirm {
  std::uint16_t dst_ref = 0;  // the CR's src_ref
  std::uint16_t src_ref = 0;
  std::uint8_t credit = 0;
  std::uint8_t class_options = 0;
  ConnectParameters parameters;
  Bytes user_data;
};

struct DisconnectRequest {
  std::uint16_t dst_ref = 0;
  std::uint16_t src_ref = 0;
  std::uint8_t reason = reason::not_specified;
  std::optional<Bytes> additional_information;
  std::optional<std::uint16_t> checksum;
  Bytes user_data;
};

// Class 0 DT: no destination reference, TPDU-NR always 0.
struct Data {
  bool end_of_tsdu = true;  // EOT: the last DT of a TSDU
  Bytes user_data;
};

// ER ("TPDU error"): the answer to a TPDU that could not be accepted.
struct TpduError {
  std::uint16_t dst_ref = 0;
  std::uint8_t cause = cause::not_specified;
  std::optional<Bytes> invalid_tpdu;  // the header octets of the rejected TPDU
  std::optional<std::uint16_t> checksum;
};

using Tpdu = std::variant<ConnectionRequest, ConnectionConfirm, DisconnectRequest, Data, TpduError>;

Type type_of(const Tpdu& tpdu) noexcept;

// Decodes one TPDU (a whole TPKT payload). TPDU types that class 0 does not use (AK, ED, DC, ...)
// and the class 1-4 DT format fail with errc::tpdu_not_class0 naming the type.
Result<Tpdu> decode(Bytes tpdu);

// Appends the canonical encoding of `tpdu` to `out`. Fails (leaving `out` unchanged) only when a
// field cannot be carried or would not decode: a header longer than 254 octets, a parameter longer
// than 255, a credit above 15 (errc::value_too_large); a TPDU size code outside 0x07..0x10, a
// preferred size that is 0 or not a multiple of 128 (errc::invalid_argument) or needs more than 4
// octets (errc::value_too_large); alternative classes in a CC (errc::invalid_argument). User data
// is not limited here: the TPKT layer refuses a TPDU that does not fit a packet.
Status encode(const Tpdu& tpdu, ByteBuffer& out);

// The 3-octet header of a class 0 DT: 02 f0 80 (last) or 02 f0 00. Lets a sender gather-write the
// user data behind it without copying.
inline constexpr std::uint8_t dt_header_size = 3;
inline std::array<std::uint8_t, dt_header_size> dt_header(bool end_of_tsdu) noexcept {
  return {0x02, 0xF0, static_cast<std::uint8_t>(end_of_tsdu ? 0x80 : 0x00)};
}

}  // namespace piglix::tpdu
