// Rendering described trees as indented text or JSON.
#include <fmt/format.h>

#include "piglix/describe.hpp"

namespace piglix::describe {
namespace {

void render_line(const Node& node, int depth, std::string& out) {
  out += fmt::format("{:>6}  {:{}}{}", node.offset, "", depth * 2, node.label);
  if (!node.detail.empty()) out += fmt::format(": {}", node.detail);
  out += '\n';
  for (const Node& child : node.children) render_line(child, depth + 1, out);
}

void append_json_string(std::string_view text, std::string& out) {
  out += '"';
  for (char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += fmt::format("\\u{:04x}", c);
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

void render_json_into(const Node& node, std::string& out) {
  out += fmt::format("{{\"offset\":{},\"length\":{},\"label\":", node.offset, node.length);
  append_json_string(node.label, out);
  out += ",\"detail\":";
  append_json_string(node.detail, out);
  if (!node.children.empty()) {
    out += ",\"children\":[";
    for (std::size_t i = 0; i < node.children.size(); ++i) {
      if (i != 0) out += ',';
      render_json_into(node.children[i], out);
    }
    out += ']';
  }
  out += '}';
}

}  // namespace

std::string render_text(const Node& node) {
  std::string out;
  render_line(node, 0, out);
  return out;
}

std::string render_text(const std::vector<Node>& nodes) {
  std::string out;
  for (const Node& node : nodes) render_line(node, 0, out);
  return out;
}

std::string render_json(const Node& node) {
  std::string out;
  render_json_into(node, out);
  return out;
}

}  // namespace piglix::describe
