// The piglix-peer script format: one session primitive or expectation per line, parsed into
// Commands. The same lines are typed at the interactive prompt. specs/tools/peer-script.md is the
// reference; `help` at the prompt prints the table below.
//
// Parsing is pure: no file is read and nothing is sent. A `file:` payload keeps its path, which
// the runner reads (load_payload) before the dialogue starts.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "piglix/bytes.hpp"
#include "piglix/error.hpp"
#include "piglix/session/primitives.hpp"

namespace piglix::peer {

// User data of a primitive: N octets of a counting pattern (`100`), text (`text:hello`), hex
// octets (`hex:60020100`) or a file's contents (`file:apdu.bin`).
struct Payload {
  enum class Kind : std::uint8_t { none, pattern, octets, file };
  Kind kind = Kind::none;
  std::size_t size = 0;  // pattern
  ByteBuffer octets;     // octets; a file's contents once loaded
  std::string path;      // file
};

// The octets a payload stands for (a pattern is 0, 1, 2, ... modulo 256). Files must be loaded.
ByteBuffer payload_octets(const Payload& payload);

enum class Verb : std::uint8_t {
  data,
  expedited,
  typed,
  capability,
  capability_ack,
  give,
  please,
  give_control,
  sync_minor,
  ack_minor,
  sync_major,
  ack_major,
  resync,
  ack_resync,
  activity_start,
  activity_resume,
  activity_end,
  ack_activity_end,
  activity_interrupt,
  ack_activity_interrupt,
  activity_discard,
  ack_activity_discard,
  exception,
  release,
  accept_release,
  refuse_release,
  abort,
  expect,
  wait,
};

// What `expect` checks besides the primitive's name; each part only when given.
struct Expectation {
  std::string primitive;                       // as printed: "S-DATA.ind", "S-SYNC-MAJOR.cnf", ...
  std::optional<Payload> payload;              // data-carrying primitives: size or contents
  std::optional<session::TokenSet> tokens;     // S-TOKEN-GIVE.ind, S-TOKEN-PLEASE.ind
  std::optional<std::uint64_t> serial_number;  // sync, resync and activity-end primitives
  std::optional<bool> accepted;                // S-RELEASE.cnf: accepted / refused
};

struct Command {
  Verb verb = Verb::data;
  std::size_t line = 0;  // in the script, from 1
  std::size_t repeat = 1;
  Payload payload;
  session::TokenSet tokens = 0;  // give, please
  bool confirm_required = true;  // sync-minor
  session::ResyncType resync_type = session::ResyncType::abandon;
  // ack-minor, resync restart/set, ack-resync, activity-resume
  std::optional<std::uint64_t> serial_number;
  std::uint8_t reason = 0;                // exception, activity-interrupt, activity-discard
  ByteBuffer old_activity_id;             // activity-resume (its new ID is the payload)
  session::OldConnection old_connection;  // activity-resume: where the old activity ran
  Expectation expectation;                // expect
  std::chrono::milliseconds wait{0};      // wait
};

// One line of the syntax table: how a command is written and what it does.
struct Syntax {
  std::string_view name;
  Verb verb;
  std::string_view arguments;
  std::string_view meaning;
};
const std::vector<Syntax>& syntax_table();

// Parses one line; std::nullopt for a blank or comment-only line. Errors name the line and what
// is wrong ("line 4: give: unknown token 'dat' (data, minor, major, release, all)").
Result<std::optional<Command>> parse_line(std::string_view text, std::size_t line_number);
// Parses a whole script; the first error stops it.
Result<std::vector<Command>> parse_script(std::string_view text);

// Token names as a script writes them: "data,minor".
std::string token_names(session::TokenSet tokens);

}  // namespace piglix::peer
