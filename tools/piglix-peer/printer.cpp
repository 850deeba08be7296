#include "printer.hpp"

#include <fmt/format.h>

namespace piglix::peer {
namespace {

double seconds(const Printer& p) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - p.start).count();
}

std::string json_string(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20)
          out += fmt::format("\\u{:04x}", c);
        else
          out += c;
    }
  }
  return out + '"';
}

// {"time":..,"session":..,"event":kind, <extra>}
void json_line(const Printer& p, std::string_view session, std::string_view kind,
               const std::string& extra) {
  fmt::print(p.out, "{{\"time\":{:.6f},\"session\":{},\"event\":{}{}}}\n", seconds(p),
             json_string(session), json_string(kind), extra);
  std::fflush(p.out);
}

void text_line(const Printer& p, std::string_view session, std::string_view marker,
               std::string_view text) {
  fmt::print(p.out, "{:9.3f} {} {} {}\n", seconds(p), session, marker, text);
  std::fflush(p.out);
}

void print_primitive(const Printer& p, std::string_view session, bool out,
                     std::string_view primitive, const std::vector<Field>& fields) {
  if (p.json) {
    std::string extra = fmt::format(",\"direction\":\"{}\",\"primitive\":{}", out ? "out" : "in",
                                    json_string(primitive));
    for (const auto& f : fields)
      extra += fmt::format(",{}:{}", json_string(f.key), f.number ? f.text : json_string(f.text));
    json_line(p, session, "primitive", extra);
    return;
  }
  std::string text(primitive);
  // Values with spaces are quoted so that each field stays one word for grep and awk.
  for (const auto& f : fields)
    text += f.text.find(' ') == std::string::npos ? fmt::format(" {}={}", f.key, f.text)
                                                  : fmt::format(" {}=\"{}\"", f.key, f.text);
  text_line(p, session, out ? ">" : "<", text);
}

}  // namespace

void print_request(const Printer& p, std::string_view session, std::string_view primitive,
                   const std::vector<Field>& fields) {
  print_primitive(p, session, true, primitive, fields);
}

void print_event(const Printer& p, std::string_view session, const session::Event& event) {
  print_primitive(p, session, false, primitive_name(event), event_fields(event));
}

void print_pdu(const Printer& p, std::string_view session, bool sent, const describe::Node& tpkt) {
  if (p.json) {
    json_line(p, session, "pdu",
              fmt::format(",\"direction\":\"{}\",\"pdu\":{}", sent ? "sent" : "received",
                          describe::render_json(tpkt)));
    return;
  }
  std::string tree = describe::render_text(tpkt);
  if (!tree.empty() && tree.back() == '\n') tree.pop_back();
  // The tree under a header line, indented so it reads as part of the primitive above it.
  fmt::print(p.out, "{:9.3f} {} {} {} octets\n", seconds(p), session, sent ? ">>" : "<<",
             tpkt.length);
  std::size_t start = 0;
  while (start <= tree.size()) {
    const std::size_t end = tree.find('\n', start);
    fmt::print(p.out, "            {}\n", std::string_view(tree).substr(start, end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  std::fflush(p.out);
}

void print_undecodable(const Printer& p, std::string_view session, bool sent,
                       std::string_view why) {
  if (p.json) {
    json_line(p, session, "undecodable",
              fmt::format(",\"direction\":\"{}\",\"error\":{}", sent ? "sent" : "received",
                          json_string(why)));
    return;
  }
  text_line(p, session, sent ? ">>" : "<<", fmt::format("cannot decode: {}", why));
}

void print_note(const Printer& p, std::string_view session, std::string_view text) {
  if (p.json) return json_line(p, session, "note", fmt::format(",\"text\":{}", json_string(text)));
  text_line(p, session, "-", text);
}

void print_error(const Printer& p, std::string_view session, std::string_view text) {
  if (p.json) return json_line(p, session, "error", fmt::format(",\"text\":{}", json_string(text)));
  text_line(p, session, "!", text);
}

void print_end(const Printer& p, std::string_view outcome, int exit_status) {
  if (p.json)
    return json_line(
        p, "", "end",
        fmt::format(",\"outcome\":{},\"exit_status\":{}", json_string(outcome), exit_status));
  fmt::print(p.out, "{:9.3f} end: {} (exit status {})\n", seconds(p), outcome, exit_status);
  std::fflush(p.out);
}

}  // namespace piglix::peer
