// The session primitives piglix-peer prints and expects: X.215 names ("S-SYNC-MAJOR.ind") for
// the indications and confirms of session::Event, the fields shown with each, and the check an
// `expect` line may add.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "piglix/session/events.hpp"

namespace piglix::peer {

struct Expectation;

// What an `expect` line may check after the name.
enum class Check : std::uint8_t { none, payload, tokens, serial_number, accepted };

struct PrimitiveInfo {
  std::string_view name;
  Check check;
};

// Every indication and confirm a session can deliver, in a fixed order.
const std::vector<PrimitiveInfo>& indication_table();
// Case-insensitive lookup; nullptr when unknown.
const PrimitiveInfo* find_primitive(std::string_view name);

// "S-DATA.ind", "S-U-ABORT.ind", ...
std::string_view primitive_name(const session::Event& event);

// One printed field: `key=text` in the text output, "key": value in JSON (a number unquoted).
struct Field {
  std::string key;
  std::string text;
  bool number = false;
};
std::vector<Field> event_fields(const session::Event& event);
// Data as printed: its size under `key`, and short data as text (printable) or hex.
void add_data_fields(std::vector<Field>& out, Bytes data, std::string_view key = "octets");

// The references of an old session connection (activity resume), those present: as text when
// printable, else hex.
void add_reference_fields(std::vector<Field>& out, const session::OldConnection& old);

// Why `event` does not meet `expected`, or std::nullopt when it does.
std::optional<std::string> mismatch(const Expectation& expected, const session::Event& event);

// The octets of a data-carrying event (data, user data of any primitive).
const ByteBuffer* event_data(const session::Event& event);

}  // namespace piglix::peer
