#include "script.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "piglix/spdu/codes.hpp"
#include "primitives.hpp"

namespace piglix::peer {
namespace {

// How the words after a command's name are read.
enum class Arguments : std::uint8_t {
  none,
  payload,           // required
  optional_payload,  // may be left out (empty user data)
  tokens,
  sync_minor,       // [no-confirm]
  serial,           // [SERIAL]
  resync,           // abandon [PAYLOAD] | restart SERIAL [PAYLOAD] | set SERIAL [PAYLOAD]
  resync_response,  // [SERIAL|- [PAYLOAD]]
  activity_id,
  activity_resume,  // ID OLD-ID SERIAL [calling=REF] [called=REF] [common=REF] [additional=REF]
  reason,           // [REASON]
  expect,
  duration,
};

struct Entry {
  Syntax syntax;
  Arguments arguments;
};

const std::vector<Entry>& entries() {
  static const std::vector<Entry> table{
      {{"data", Verb::data, "PAYLOAD", "S-DATA request"}, Arguments::payload},
      {{"expedited", Verb::expedited, "PAYLOAD", "S-EXPEDITED-DATA request (1 to 14 octets)"},
       Arguments::payload},
      {{"typed", Verb::typed, "PAYLOAD", "S-TYPED-DATA request (no token needed)"},
       Arguments::payload},
      {{"capability", Verb::capability, "[PAYLOAD]", "S-CAPABILITY-DATA request"},
       Arguments::optional_payload},
      {{"capability-ack", Verb::capability_ack, "[PAYLOAD]", "S-CAPABILITY-DATA response"},
       Arguments::optional_payload},
      {{"give", Verb::give, "TOKENS", "S-TOKEN-GIVE request"}, Arguments::tokens},
      {{"please", Verb::please, "TOKENS", "S-TOKEN-PLEASE request"}, Arguments::tokens},
      {{"give-control", Verb::give_control, "", "S-CONTROL-GIVE request (every token)"},
       Arguments::none},
      {{"sync-minor", Verb::sync_minor, "[no-confirm]", "S-SYNC-MINOR request"},
       Arguments::sync_minor},
      {{"ack-minor", Verb::ack_minor, "[SERIAL]",
        "S-SYNC-MINOR response (default: the last indicated)"},
       Arguments::serial},
      {{"sync-major", Verb::sync_major, "", "S-SYNC-MAJOR request"}, Arguments::none},
      {{"ack-major", Verb::ack_major, "", "S-SYNC-MAJOR response"}, Arguments::none},
      {{"resync", Verb::resync, "abandon | restart SERIAL | set SERIAL, then [PAYLOAD]",
        "S-RESYNCHRONIZE request"},
       Arguments::resync},
      {{"ack-resync", Verb::ack_resync, "[SERIAL|- [PAYLOAD]]",
        "S-RESYNCHRONIZE response (default or -: the serial number X.225 asks for)"},
       Arguments::resync_response},
      {{"activity-start", Verb::activity_start, "ID",
        "S-ACTIVITY-START request (ID: 1 to 6 characters)"},
       Arguments::activity_id},
      {{"activity-resume", Verb::activity_resume,
        "ID OLD-ID SERIAL [calling=REF] [called=REF] [common=REF] [additional=REF]",
        "S-ACTIVITY-RESUME request: activity ID continues OLD-ID after its sync point SERIAL, "
        "of the session connection the references name (REF: text:... or hex:...)"},
       Arguments::activity_resume},
      {{"activity-end", Verb::activity_end, "", "S-ACTIVITY-END request"}, Arguments::none},
      {{"ack-activity-end", Verb::ack_activity_end, "", "S-ACTIVITY-END response"},
       Arguments::none},
      {{"activity-interrupt", Verb::activity_interrupt, "[REASON]", "S-ACTIVITY-INTERRUPT request"},
       Arguments::reason},
      {{"ack-activity-interrupt", Verb::ack_activity_interrupt, "",
        "S-ACTIVITY-INTERRUPT response"},
       Arguments::none},
      {{"activity-discard", Verb::activity_discard, "[REASON]", "S-ACTIVITY-DISCARD request"},
       Arguments::reason},
      {{"ack-activity-discard", Verb::ack_activity_discard, "", "S-ACTIVITY-DISCARD response"},
       Arguments::none},
      {{"exception", Verb::exception, "[REASON]", "S-U-EXCEPTION-REPORT request"},
       Arguments::reason},
      {{"release", Verb::release, "[PAYLOAD]", "S-RELEASE request"}, Arguments::optional_payload},
      {{"accept-release", Verb::accept_release, "[PAYLOAD]", "S-RELEASE response, accepted"},
       Arguments::optional_payload},
      {{"refuse-release", Verb::refuse_release, "[PAYLOAD]",
        "S-RELEASE response, refused (negotiated release)"},
       Arguments::optional_payload},
      {{"abort", Verb::abort, "[PAYLOAD]", "S-U-ABORT request"}, Arguments::optional_payload},
      {{"expect", Verb::expect, "PRIMITIVE [CHECK]",
        "wait for the next indication or confirm and check it"},
       Arguments::expect},
      {{"wait", Verb::wait, "DURATION", "pause (500ms, 2s)"}, Arguments::duration},
  };
  return table;
}

// The words of a line, up to a '#' comment. A `text:` word takes the rest of the line, so text
// may hold spaces (and '#').
std::vector<std::string_view> split_words(std::string_view line) {
  std::vector<std::string_view> words;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
    if (i == line.size() || line[i] == '#') break;
    if (line.substr(i).starts_with("text:")) {
      std::string_view rest = line.substr(i);
      while (!rest.empty() && (rest.back() == ' ' || rest.back() == '\t' || rest.back() == '\r'))
        rest.remove_suffix(1);
      words.push_back(rest);
      break;
    }
    const std::size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r') ++i;
    words.push_back(line.substr(start, i - start));
  }
  return words;
}

Error syntax_error(std::size_t line, std::string_view what) {
  return Error{errc::invalid_argument, 0, fmt::format("line {}: {}", line, what)};
}

std::optional<std::uint64_t> parse_number(std::string_view word) {
  std::uint64_t value = 0;
  auto [end, ec] = std::from_chars(word.data(), word.data() + word.size(), value);
  if (ec != std::errc{} || end != word.data() + word.size()) return std::nullopt;
  return value;
}

// "1K" = 1024, "1M" = 1048576; a plain number otherwise.
std::optional<std::size_t> parse_size(std::string_view word) {
  std::size_t scale = 1;
  if (word.ends_with('K') || word.ends_with('k')) scale = 1024;
  if (word.ends_with('M') || word.ends_with('m')) scale = std::size_t{1} << 20;
  if (scale != 1) word.remove_suffix(1);
  auto n = parse_number(word);
  if (!n || *n > (std::size_t{64} << 20) / scale) return std::nullopt;
  return static_cast<std::size_t>(*n) * scale;
}

Result<Payload> parse_payload(std::string_view word, std::size_t line) {
  Payload p;
  if (word.starts_with("text:")) {
    p.kind = Payload::Kind::octets;
    const Bytes text = as_bytes(word.substr(5));
    p.octets.assign(text.begin(), text.end());
  } else if (word.starts_with("hex:")) {
    p.kind = Payload::Kind::octets;
    if (!parse_hex(word.substr(4), p.octets))
      return syntax_error(line, fmt::format("'{}' is not hex octets", word.substr(4)));
  } else if (word.starts_with("file:")) {
    p.kind = Payload::Kind::file;
    p.path = std::string(word.substr(5));
    if (p.path.empty()) return syntax_error(line, "file: needs a path");
  } else if (auto size = parse_size(word)) {
    p.kind = Payload::Kind::pattern;
    p.size = *size;
  } else {
    return syntax_error(line, fmt::format("'{}' is not a payload (a size such as 100 or 64K, "
                                          "text:..., hex:..., file:PATH)",
                                          word));
  }
  return p;
}

Result<session::TokenSet> parse_tokens(std::string_view word, std::size_t line) {
  session::TokenSet tokens = 0;
  while (!word.empty()) {
    const std::size_t comma = word.find(',');
    const std::string_view name = word.substr(0, comma);
    if (name == "data")
      tokens |= spdu::token::data;
    else if (name == "minor")
      tokens |= spdu::token::minor_sync;
    else if (name == "major")
      tokens |= spdu::token::major_activity;
    else if (name == "release")
      tokens |= spdu::token::release;
    else if (name == "all")
      tokens |= spdu::token::all;
    else
      return syntax_error(
          line, fmt::format("unknown token '{}' (data, minor, major, release, all)", name));
    word = comma == std::string_view::npos ? std::string_view{} : word.substr(comma + 1);
  }
  return tokens;
}

Result<std::uint8_t> parse_reason(std::string_view word, std::size_t line) {
  static const std::vector<std::pair<std::string_view, std::uint8_t>> names{
      {"no-reason", spdu::exception_reason::no_specific_reason},
      {"temporarily-unable", spdu::exception_reason::temporarily_unable},
      {"sequence-error", spdu::exception_reason::user_sequence_error},
      {"local-error", spdu::exception_reason::local_user_error},
      {"procedural-error", spdu::exception_reason::unrecoverable_procedural_error},
  };
  for (const auto& [name, code] : names)
    if (word == name) return code;
  if (auto n = parse_number(word); n && *n <= 255) return static_cast<std::uint8_t>(*n);
  return syntax_error(line, fmt::format("'{}' is not a reason (a number 0..255, no-reason, "
                                        "temporarily-unable, sequence-error, local-error, "
                                        "procedural-error)",
                                        word));
}

Result<std::chrono::milliseconds> parse_duration(std::string_view word, std::size_t line) {
  std::uint64_t scale = 0;
  if (word.ends_with("ms")) {
    scale = 1;
    word.remove_suffix(2);
  } else if (word.ends_with('s')) {
    scale = 1000;
    word.remove_suffix(1);
  }
  auto n = parse_number(word);
  if (scale == 0 || !n || *n > 86'400'000 / scale)
    return syntax_error(line, fmt::format("'{}' is not a duration (500ms, 2s)", word));
  return std::chrono::milliseconds(*n * scale);
}

// One reference of the old session connection an activity is resumed from: `calling=`,
// `called=`, `common=` or `additional=`, then `text:...` (no spaces) or `hex:...`.
Status parse_reference(std::string_view word, std::size_t line, session::OldConnection& old) {
  const std::size_t equals = word.find('=');
  const std::string_view key = word.substr(0, equals);
  std::optional<ByteBuffer>* slot = nullptr;
  if (key == "calling") slot = &old.calling_ss_user_reference;
  if (key == "called") slot = &old.called_ss_user_reference;
  if (key == "common") slot = &old.common_reference;
  if (key == "additional") slot = &old.additional_reference_information;
  if (!slot || equals == std::string_view::npos) {
    return syntax_error(line, fmt::format("activity-resume: '{}' is not a reference (calling=, "
                                          "called=, common= or additional=)",
                                          word));
  }
  if (*slot) return syntax_error(line, fmt::format("activity-resume: {} given twice", key));
  const std::string_view value = word.substr(equals + 1);
  ByteBuffer octets;
  if (value.starts_with("text:")) {
    const Bytes text = as_bytes(value.substr(5));
    octets.assign(text.begin(), text.end());
  } else if (!value.starts_with("hex:") || !parse_hex(value.substr(4), octets)) {
    return syntax_error(
        line, fmt::format("activity-resume: {}: '{}' is not text:... or hex:...", key, value));
  }
  *slot = std::move(octets);
  return {};
}

Status parse_expectation(std::span<const std::string_view> words, std::size_t line,
                         Expectation& out) {
  if (words.empty()) return syntax_error(line, "expect: which primitive? (S-DATA.ind, ...)");
  const PrimitiveInfo* info = find_primitive(words[0]);
  if (!info) return syntax_error(line, fmt::format("expect: unknown primitive '{}'", words[0]));
  out.primitive = std::string(info->name);
  if (words.size() == 1) return {};
  // A serial number or a release's result may be followed by the user data expected with it.
  const bool user_data_may_follow =
      info->check == Check::serial_number || info->check == Check::accepted;
  if (words.size() > (user_data_may_follow ? 3 : 2))
    return syntax_error(line, "expect: too many words");
  if (words.size() == 3) {
    auto p = parse_payload(words[2], line);
    if (!p) return std::move(p).error();
    out.payload = std::move(*p);
  }
  const std::string_view check = words[1];
  switch (info->check) {
    case Check::none:
      return syntax_error(line, fmt::format("expect: {} takes no check", info->name));
    case Check::payload: {
      auto p = parse_payload(check, line);
      if (!p) return std::move(p).error();
      out.payload = std::move(*p);
      return {};
    }
    case Check::tokens: {
      auto t = parse_tokens(check, line);
      if (!t) return std::move(t).error();
      out.tokens = *t;
      return {};
    }
    case Check::serial_number:
      out.serial_number = parse_number(check);
      if (!out.serial_number)
        return syntax_error(line, fmt::format("expect: '{}' is not a serial number", check));
      return {};
    case Check::accepted:
      if (check != "accepted" && check != "refused")
        return syntax_error(line, "expect: S-RELEASE.cnf takes accepted or refused");
      out.accepted = check == "accepted";
      return {};
  }
  return {};
}

Status parse_arguments(Arguments kind, std::string_view name,
                       std::span<const std::string_view> words, std::size_t line, Command& c) {
  auto too_many = [&](std::size_t allowed) -> Status {
    if (words.size() > allowed) return syntax_error(line, fmt::format("{}: too many words", name));
    return {};
  };
  auto missing = [&](std::string_view what) {
    return syntax_error(line, fmt::format("{}: missing {}", name, what));
  };
  auto parse_user_data = [&](std::string_view word) -> Status {
    auto p = parse_payload(word, line);
    if (!p) return std::move(p).error();
    c.payload = std::move(*p);
    return {};
  };
  switch (kind) {
    case Arguments::none: return too_many(0);
    case Arguments::payload:
    case Arguments::optional_payload: {
      if (words.empty()) {
        if (kind == Arguments::payload) return missing("PAYLOAD");
        return {};
      }
      if (auto s = too_many(1); !s) return s;
      auto p = parse_payload(words[0], line);
      if (!p) return std::move(p).error();
      c.payload = std::move(*p);
      return {};
    }
    case Arguments::tokens: {
      if (words.empty()) return missing("TOKENS");
      if (auto s = too_many(1); !s) return s;
      auto t = parse_tokens(words[0], line);
      if (!t) return std::move(t).error();
      c.tokens = *t;
      return {};
    }
    case Arguments::sync_minor:
      if (auto s = too_many(1); !s) return s;
      if (!words.empty() && words[0] != "no-confirm")
        return syntax_error(line, "sync-minor: the only option is no-confirm");
      c.confirm_required = words.empty();
      return {};
    case Arguments::serial:
      if (auto s = too_many(1); !s) return s;
      if (!words.empty()) {
        c.serial_number = parse_number(words[0]);
        if (!c.serial_number)
          return syntax_error(line, fmt::format("{}: '{}' is not a serial number", name, words[0]));
      }
      return {};
    case Arguments::resync: {
      if (words.empty()) return missing("abandon, restart SERIAL or set SERIAL");
      std::size_t used = 1;
      if (words[0] == "abandon") {
        c.resync_type = session::ResyncType::abandon;
      } else if (words[0] == "restart" || words[0] == "set") {
        c.resync_type =
            words[0] == "restart" ? session::ResyncType::restart : session::ResyncType::set;
        if (words.size() < 2) return missing("SERIAL");
        c.serial_number = parse_number(words[1]);
        if (!c.serial_number)
          return syntax_error(line, fmt::format("resync: '{}' is not a serial number", words[1]));
        used = 2;
      } else {
        return syntax_error(line, "resync: abandon, restart SERIAL or set SERIAL");
      }
      if (auto s = too_many(used + 1); !s) return s;
      if (words.size() > used) return parse_user_data(words[used]);
      return {};
    }
    case Arguments::resync_response:
      if (auto s = too_many(2); !s) return s;
      if (!words.empty() && words[0] != "-") {
        c.serial_number = parse_number(words[0]);
        if (!c.serial_number)
          return syntax_error(
              line, fmt::format("ack-resync: '{}' is not a serial number (or -)", words[0]));
      }
      if (words.size() == 2) return parse_user_data(words[1]);
      return {};
    case Arguments::activity_id:
      if (words.empty()) return missing("ID");
      if (auto s = too_many(1); !s) return s;
      if (words[0].size() > 6) return syntax_error(line, "activity-start: ID is 1 to 6 characters");
      c.payload.kind = Payload::Kind::octets;
      c.payload.octets.assign(words[0].begin(), words[0].end());
      return {};
    case Arguments::activity_resume:
      if (words.size() < 3) return missing("ID OLD-ID SERIAL");
      if (auto s = too_many(7); !s) return s;
      for (const std::string_view reference : words.subspan(3)) {
        if (auto s = parse_reference(reference, line, c.old_connection); !s) return s;
      }
      if (words[0].size() > 6 || words[1].size() > 6) {
        return syntax_error(line, "activity-resume: ID and OLD-ID are 1 to 6 characters");
      }
      c.payload.kind = Payload::Kind::octets;
      c.payload.octets.assign(words[0].begin(), words[0].end());
      c.old_activity_id.assign(words[1].begin(), words[1].end());
      c.serial_number = parse_number(words[2]);
      if (!c.serial_number) {
        return syntax_error(line,
                            fmt::format("activity-resume: '{}' is not a serial number", words[2]));
      }
      return {};
    case Arguments::reason: {
      if (auto s = too_many(1); !s) return s;
      if (words.empty()) return {};
      auto r = parse_reason(words[0], line);
      if (!r) return std::move(r).error();
      c.reason = *r;
      return {};
    }
    case Arguments::expect: return parse_expectation(words, line, c.expectation);
    case Arguments::duration: {
      if (words.empty()) return missing("DURATION");
      if (auto s = too_many(1); !s) return s;
      auto d = parse_duration(words[0], line);
      if (!d) return std::move(d).error();
      c.wait = *d;
      return {};
    }
  }
  return {};
}

}  // namespace

ByteBuffer payload_octets(const Payload& payload) {
  if (payload.kind != Payload::Kind::pattern) return payload.octets;
  ByteBuffer out(payload.size);
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = static_cast<std::uint8_t>(i);
  return out;
}

const std::vector<Syntax>& syntax_table() {
  static const std::vector<Syntax> table = [] {
    std::vector<Syntax> out;
    for (const auto& e : entries()) out.push_back(e.syntax);
    return out;
  }();
  return table;
}

Result<std::optional<Command>> parse_line(std::string_view text, std::size_t line_number) {
  std::vector<std::string_view> words = split_words(text);
  if (words.empty()) return std::optional<Command>{};
  Command c;
  c.line = line_number;
  std::span<const std::string_view> rest(words);
  if (rest[0] == "repeat") {
    // repeat N COMMAND: the command N times, as if written N times.
    if (rest.size() < 3) return syntax_error(line_number, "repeat: repeat N COMMAND");
    auto n = parse_number(rest[1]);
    if (!n || *n == 0 || *n > 100'000'000)
      return syntax_error(line_number, fmt::format("repeat: '{}' is not a count", rest[1]));
    c.repeat = static_cast<std::size_t>(*n);
    rest = rest.subspan(2);
  }
  const auto& table = entries();
  auto entry = std::find_if(table.begin(), table.end(),
                            [&](const Entry& e) { return e.syntax.name == rest[0]; });
  if (entry == table.end())
    return syntax_error(line_number,
                        fmt::format("unknown command '{}' (help lists the commands)", rest[0]));
  c.verb = entry->syntax.verb;
  if (auto s =
          parse_arguments(entry->arguments, entry->syntax.name, rest.subspan(1), line_number, c);
      !s)
    return std::move(s).error();
  return std::optional<Command>(std::move(c));
}

Result<std::vector<Command>> parse_script(std::string_view text) {
  std::vector<Command> commands;
  std::size_t line_number = 0;
  while (!text.empty()) {
    ++line_number;
    const std::size_t end = text.find('\n');
    const std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    auto parsed = parse_line(line, line_number);
    if (!parsed) return std::move(parsed).error();
    if (*parsed) commands.push_back(std::move(**parsed));
  }
  return commands;
}

std::string token_names(session::TokenSet tokens) {
  std::string out;
  auto add = [&](session::TokenSet bit, std::string_view name) {
    if (!(tokens & bit)) return;
    if (!out.empty()) out += ',';
    out += name;
  };
  add(spdu::token::data, "data");
  add(spdu::token::minor_sync, "minor");
  add(spdu::token::major_activity, "major");
  add(spdu::token::release, "release");
  return out.empty() ? "none" : out;
}

}  // namespace piglix::peer
