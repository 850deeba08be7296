#include "piglix/bytes.hpp"

namespace piglix {
namespace {

int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool is_separator(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ':' || c == '-' || c == ',';
}

}  // namespace

std::string to_hex(Bytes octets) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string text;
  text.reserve(octets.size() * 3);
  for (std::size_t i = 0; i < octets.size(); ++i) {
    if (i != 0) text.push_back(' ');
    text.push_back(digits[octets[i] >> 4]);
    text.push_back(digits[octets[i] & 0x0F]);
  }
  return text;
}

bool parse_hex(std::string_view text, ByteBuffer& out) {
  out.clear();
  int high = -1;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '#') {  // a comment runs to the end of the line
      if (high >= 0) return false;
      while (i < text.size() && text[i] != '\n') ++i;
      continue;
    }
    if (is_separator(c)) {
      if (high >= 0) return false;  // a lone digit before a separator
      continue;
    }
    // A "0x" prefix at the start of a token.
    if (high < 0 && c == '0' && i + 1 < text.size() && (text[i + 1] == 'x' || text[i + 1] == 'X') &&
        (i == 0 || is_separator(text[i - 1]))) {
      ++i;
      continue;
    }
    const int digit = hex_value(c);
    if (digit < 0) return false;
    if (high < 0) {
      high = digit;
    } else {
      out.push_back(static_cast<std::uint8_t>((high << 4) | digit));
      high = -1;
    }
  }
  return high < 0;
}

}  // namespace piglix
