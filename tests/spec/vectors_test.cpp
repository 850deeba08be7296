// Checks every wire vector written in specs/vectors/*.md (see specs/vectors/README.md).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "piglix/describe.hpp"
#include "piglix/spdu.hpp"
#include "piglix/tpdu.hpp"
#include "piglix/tpkt.hpp"

namespace piglix {
namespace {

namespace fs = std::filesystem;

struct Vector {
  std::string document;
  std::string title;
  std::string layer;  // tpkt, tpdu or tsdu
  bool roundtrip = true;
  ByteBuffer octets;
  std::string expected;    // the text block
  std::size_t text_begin;  // line index of the text block's first content line
  std::size_t text_end;    // line index of its closing fence
};

std::vector<std::string> read_lines(const fs::path& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// Reads the vectors of one document: a ```hex block, then the next ```text block.
std::vector<Vector> parse_document(const fs::path& path, const std::vector<std::string>& lines) {
  std::vector<Vector> vectors;
  std::string title;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].rfind("## ", 0) == 0) title = lines[i].substr(3);
    if (lines[i].rfind("```hex ", 0) != 0) continue;
    Vector v;
    v.document = path.filename().string();
    v.title = title;
    std::istringstream info(lines[i].substr(7));
    info >> v.layer;
    for (std::string flag; info >> flag;) {
      if (flag == "no-roundtrip") v.roundtrip = false;
    }
    std::string hex;
    for (++i; i < lines.size() && lines[i] != "```"; ++i) hex += lines[i] + "\n";
    EXPECT_TRUE(parse_hex(hex, v.octets)) << v.document << ": " << title;
    while (++i < lines.size() && lines[i] != "```text") {
    }
    v.text_begin = i + 1;
    for (++i; i < lines.size() && lines[i] != "```"; ++i) v.expected += lines[i] + "\n";
    v.text_end = i;
    vectors.push_back(std::move(v));
  }
  return vectors;
}

Result<std::string> render(const Vector& v, Bytes octets) {
  if (v.layer == "tpkt") {
    describe::Stream stream;
    std::vector<describe::Node> nodes;
    if (auto status = stream.feed(octets, nodes); !status) return std::move(status).error();
    if (!stream.at_boundary()) return Error{errc::truncated, octets.size(), "stream ends mid-way"};
    return describe::render_text(nodes);
  }
  if (v.layer == "tpdu") {
    auto node = describe::tpdu(octets);
    if (!node) return std::move(node).error();
    return describe::render_text(*node);
  }
  auto nodes = describe::tsdu(octets);
  if (!nodes) return std::move(nodes).error();
  return describe::render_text(*nodes);
}

// Decodes and re-encodes the vector layer by layer; returns the re-encoded octets.
ByteBuffer reencode_tsdu(Bytes tsdu) {
  auto spdus = spdu::decode_tsdu(tsdu);
  EXPECT_TRUE(spdus) << spdus.error().message();
  ByteBuffer out;
  if (spdus) {
    EXPECT_TRUE(spdu::encode_tsdu(*spdus, out));
  }
  return out;
}

// `whole_tsdu`: a DT holds a whole TSDU (it has EOT and no DT before it lacked one), so its
// session octets are re-encoded too.
ByteBuffer reencode_tpdu(Bytes octets, bool whole_tsdu = true) {
  auto decoded = tpdu::decode(octets);
  EXPECT_TRUE(decoded) << decoded.error().message();
  ByteBuffer out;
  if (!decoded) return out;
  if (auto* dt = std::get_if<tpdu::Data>(&*decoded);
      dt && whole_tsdu && dt->end_of_tsdu && !dt->user_data.empty()) {
    // Re-encode the session layer inside a whole-TSDU DT as well.
    const ByteBuffer tsdu = reencode_tsdu(dt->user_data);
    tpdu::Data copy = *dt;
    copy.user_data = tsdu;
    EXPECT_TRUE(tpdu::encode(copy, out));
    return out;
  }
  EXPECT_TRUE(tpdu::encode(*decoded, out));
  return out;
}

ByteBuffer reencode(const Vector& v) {
  if (v.layer == "tsdu") return reencode_tsdu(v.octets);
  if (v.layer == "tpdu") return reencode_tpdu(v.octets);
  ByteBuffer out;
  tpkt::Framer framer;
  Bytes input(v.octets);
  bool at_tsdu_start = true;
  for (;;) {
    auto payload = framer.next(input);
    EXPECT_TRUE(payload);
    if (!payload || !*payload) break;
    const ByteBuffer tpdu = reencode_tpdu(**payload, at_tsdu_start);
    if (auto decoded = tpdu::decode(**payload)) {
      if (auto* dt = std::get_if<tpdu::Data>(&*decoded)) at_tsdu_start = dt->end_of_tsdu;
    }
    EXPECT_TRUE(tpkt::append_packet(out, tpdu));
  }
  return out;
}

std::vector<Vector> all_vectors() {
  std::vector<Vector> vectors;
  const fs::path dir = fs::path(PIGLIX_SPECS_DIR) / "vectors";
  std::vector<fs::path> documents;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".md" && entry.path().filename() != "README.md") {
      documents.push_back(entry.path());
    }
  }
  std::sort(documents.begin(), documents.end());
  const bool update = std::getenv("PIGLIX_UPDATE_VECTORS") != nullptr;
  for (const fs::path& path : documents) {
    auto lines = read_lines(path);
    auto found = parse_document(path, lines);
    if (update) {
      // Rewrite the text blocks from the end so that earlier line numbers stay valid.
      for (auto it = found.rbegin(); it != found.rend(); ++it) {
        auto text = render(*it, it->octets);
        std::vector<std::string> rendered;
        std::istringstream in(text ? *text : "error: " + text.error().message());
        for (std::string line; std::getline(in, line);) rendered.push_back(line);
        lines.erase(lines.begin() + static_cast<std::ptrdiff_t>(it->text_begin),
                    lines.begin() + static_cast<std::ptrdiff_t>(it->text_end));
        lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(it->text_begin), rendered.begin(),
                     rendered.end());
      }
      std::ofstream out(path);
      for (const auto& line : lines) out << line << "\n";
      found = parse_document(path, read_lines(path));
    }
    vectors.insert(vectors.end(), found.begin(), found.end());
  }
  return vectors;
}

const std::vector<Vector>& vectors() {
  static const std::vector<Vector> all = all_vectors();
  return all;
}

TEST(Vectors, DocumentsHoldVectors) {
  // Every example of the reference's wire-examples.md is written down in specs/vectors.
  EXPECT_GE(vectors().size(), 40u);
  for (const Vector& v : vectors()) {
    EXPECT_FALSE(v.octets.empty()) << v.document << ": " << v.title;
    EXPECT_TRUE(v.layer == "tpkt" || v.layer == "tpdu" || v.layer == "tsdu") << v.layer;
  }
}

TEST(Vectors, DecodeToTheDocumentedTree) {
  for (const Vector& v : vectors()) {
    auto text = render(v, v.octets);
    ASSERT_TRUE(text) << v.document << ": " << v.title << ": " << text.error().message();
    EXPECT_EQ(*text, v.expected) << v.document << ": " << v.title;
  }
}

TEST(Vectors, ReencodeByteForByte) {
  for (const Vector& v : vectors()) {
    if (!v.roundtrip) continue;
    EXPECT_EQ(to_hex(reencode(v)), to_hex(v.octets)) << v.document << ": " << v.title;
  }
}

TEST(Vectors, NonCanonicalVectorsReencodeToWhatTheyDecodeTo) {
  // Re-encoding may reorder parameters, but decoding the result must tell the same story.
  for (const Vector& v : vectors()) {
    if (v.roundtrip) continue;
    const ByteBuffer again = reencode(v);
    EXPECT_EQ(again.size(), v.octets.size()) << v.title;
    auto text = render(v, again);
    ASSERT_TRUE(text) << v.title;
    // Offsets differ where parameters moved; compare the set of lines without offsets.
    auto strip = [](const std::string& s) {
      std::vector<std::string> lines;
      std::istringstream in(s);
      for (std::string line; std::getline(in, line);) lines.push_back(line.substr(6));
      std::sort(lines.begin(), lines.end());
      return lines;
    };
    EXPECT_EQ(strip(*text), strip(v.expected)) << v.title;
  }
}

TEST(Vectors, StreamsCutAtEveryPairOfOffsets) {
  for (const Vector& v : vectors()) {
    if (v.layer != "tpkt") continue;
    const std::size_t n = v.octets.size();
    for (std::size_t a = 0; a <= n; ++a) {
      for (std::size_t b = a; b <= n; ++b) {
        describe::Stream stream;
        std::vector<describe::Node> nodes;
        const Bytes all(v.octets);
        ASSERT_TRUE(stream.feed(all.subspan(0, a), nodes));
        ASSERT_TRUE(stream.feed(all.subspan(a, b - a), nodes));
        ASSERT_TRUE(stream.feed(all.subspan(b), nodes));
        ASSERT_EQ(describe::render_text(nodes), v.expected)
            << v.title << " cut at " << a << ", " << b;
      }
    }
  }
}

TEST(Vectors, StreamsOneOctetAtATime) {
  for (const Vector& v : vectors()) {
    if (v.layer != "tpkt") continue;
    describe::Stream stream;
    std::vector<describe::Node> nodes;
    for (std::uint8_t octet : v.octets) ASSERT_TRUE(stream.feed(Bytes(&octet, 1), nodes));
    EXPECT_TRUE(stream.at_boundary());
    EXPECT_EQ(describe::render_text(nodes), v.expected) << v.title;
  }
}

TEST(Vectors, EveryStrictPrefixIsHandled) {
  for (const Vector& v : vectors()) {
    for (std::size_t n = 0; n < v.octets.size(); ++n) {
      // A heap copy of exactly n octets, so that ASan catches any read beyond the prefix.
      const ByteBuffer prefix(v.octets.begin(), v.octets.begin() + static_cast<std::ptrdiff_t>(n));
      auto text = render(v, prefix);
      if (v.layer == "tpkt") {
        // Every vector is whole TPKTs, so any non-empty strict prefix ends inside one.
        if (n > 0) {
          EXPECT_FALSE(text) << v.title << " prefix " << n;
        }
      } else if (text) {
        // A prefix that decodes is a shorter whole structure, such as a DT with less user
        // information; it must still re-encode to itself.
        Vector shorter = v;
        shorter.octets = prefix;
        if (v.roundtrip) {
          EXPECT_EQ(to_hex(reencode(shorter)), to_hex(prefix)) << v.title;
        }
      }
    }
  }
}

}  // namespace
}  // namespace piglix
