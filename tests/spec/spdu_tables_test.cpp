// specs/x225/spdu-tables.md is the table of every SPDU and its parameters. This test renders the
// same table from the codec's schema (src/core/spdu_schema.hpp) and fails when the two differ, so
// the document can never drift from the code. PIGLIX_UPDATE_SPECS=1 rewrites the generated part.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <fmt/format.h>

#include "piglix/spdu.hpp"
#include "spdu_schema.hpp"

namespace piglix::spdu {
namespace {

using detail::ParamSpec;
using detail::ValueKind;

constexpr std::string_view begin_marker = "<!-- generated tables: begin -->";
constexpr std::string_view end_marker = "<!-- generated tables: end -->";

std::string_view encoding_name(ValueKind kind) {
  switch (kind) {
    case ValueKind::octet: return "1 octet";
    case ValueKind::two_octets: return "16 bits";
    case ValueKind::tsdu_size: return "2 x 16 bits";
    case ValueKind::digits: return "IA5 digits";
    case ValueKind::octets: return "octets";
    case ValueKind::refuse_reason: return "reason octet + octets";
    case ValueKind::group: return "group";
  }
  return "?";
}

// The values a parameter's check accepts, found by asking it: "bits 0x55" when they are exactly
// the values within a mask, otherwise ranges.
std::string accepted_values(const ParamSpec& spec) {
  if (spec.check == nullptr) return "any";
  if (spec.code == code::token_setting_item) {
    // Too many values to list: say what they are, and prove it below.
    for (unsigned v = 0; v <= 0xFF; ++v) {
      bool reserved_pair = false;
      for (unsigned shift = 0; shift < 8; shift += 2) reserved_pair |= ((v >> shift) & 3) == 3;
      EXPECT_EQ(spec.check(static_cast<std::uint16_t>(v)), !reserved_pair) << v;
    }
    return "2 bits per token: 00, 01 or 10 (11 reserved)";
  }
  const unsigned top = spec.kind == ValueKind::two_octets ? 0xFFFF : 0xFF;
  std::vector<unsigned> accepted;
  unsigned mask = 0;
  for (unsigned v = 0; v <= top; ++v) {
    if (spec.check(static_cast<std::uint16_t>(v))) {
      accepted.push_back(v);
      mask |= v;
    }
  }
  bool is_mask = true;
  for (unsigned v = 0; v <= top && is_mask; ++v) {
    const bool within = (v & ~mask) == 0;
    is_mask = within == spec.check(static_cast<std::uint16_t>(v));
  }
  const int width = top == 0xFF ? 2 : 4;
  if (is_mask) return fmt::format("bits 0x{:0{}x}", mask, width);
  std::string out;
  for (std::size_t i = 0; i < accepted.size();) {
    std::size_t j = i;
    while (j + 1 < accepted.size() && accepted[j + 1] == accepted[j] + 1) ++j;
    if (!out.empty()) out += ", ";
    out += accepted[i] == accepted[j] ? fmt::format("{}", accepted[i])
                                      : fmt::format("{}-{}", accepted[i], accepted[j]);
    i = j + 1;
  }
  return out;
}

std::string length_text(const ParamSpec& spec) {
  if (spec.kind == ValueKind::group) return "-";
  if (spec.min_length == spec.max_length) return fmt::format("{}", spec.min_length);
  return fmt::format("{}..{}", spec.min_length, spec.max_length);
}

void render_rows(std::span<const ParamSpec> table, int depth, std::string& out) {
  for (const ParamSpec& spec : table) {
    const bool group = detail::is_group_code(spec.code);
    out += fmt::format("| {}0x{:02x} ({}) | {} | {} | {} | {} | {} | {} |\n",
                       depth ? "&nbsp;&nbsp;in group: " : "", spec.code, spec.code, spec.name,
                       group ? "PGI" : "PI", spec.mandatory ? "mandatory" : "optional",
                       encoding_name(spec.kind), length_text(spec), accepted_values(spec));
    if (spec.kind == ValueKind::group) render_rows(spec.members, depth + 1, out);
  }
}

std::string render_tables() {
  std::string out;
  for (std::size_t i = 0; i < kind_count; ++i) {
    const KindInfo& k = info(static_cast<Kind>(i));
    out += fmt::format("\n### {} {} (SI {}, 0x{:02x})\n\n", k.abbreviation, k.name, k.si, k.si);
    const char* category = k.category == Category::zero  ? "0"
                           : k.category == Category::one ? "1"
                                                         : "2";
    out += fmt::format("Category {}", category);
    if (k.category == Category::two)
      out += fmt::format(", after a {} herald", info(k.herald).abbreviation);
    if (k.has_user_information) out += "; user information follows the parameter field";
    out += segmentable(k.kind) ? "; may be segmented (Enclosure Item).\n\n" : ".\n\n";
    const auto table = detail::parameters_of(k.kind);
    if (table.empty()) {
      out += "No parameters.\n";
      continue;
    }
    out += "| Code | Parameter | Unit | Presence | Encoding | Length | Values |\n";
    out += "|---|---|---|---|---|---|---|\n";
    render_rows(table, 0, out);
  }
  return out;
}

TEST(SpecTables, DocumentMatchesTheCodecSchema) {
  const std::filesystem::path path =
      std::filesystem::path(PIGLIX_SPECS_DIR) / "x225" / "spdu-tables.md";
  std::ifstream in(path);
  ASSERT_TRUE(in) << "cannot read " << path;
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string document = buffer.str();
  const auto begin = document.find(begin_marker);
  const auto end = document.find(end_marker);
  ASSERT_NE(begin, std::string::npos);
  ASSERT_NE(end, std::string::npos);
  const std::size_t from = begin + begin_marker.size();
  const std::string generated = render_tables() + "\n";
  if (std::getenv("PIGLIX_UPDATE_SPECS") != nullptr) {
    document.replace(from, end - from, generated);
    std::ofstream(path) << document;
    return;
  }
  EXPECT_EQ(document.substr(from, end - from), generated)
      << "specs/x225/spdu-tables.md differs from src/core/spdu_schema.hpp";
}

}  // namespace
}  // namespace piglix::spdu
