#include "primitives.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "script.hpp"

namespace piglix::peer {
namespace {

template <class... Fs>
struct overloaded : Fs... {
  using Fs::operator()...;
};

bool same_name(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}

Field number(std::string key, std::uint64_t value) {
  return {std::move(key), std::to_string(value), true};
}
Field text(std::string key, std::string value) { return {std::move(key), std::move(value), false}; }

// An identifier (activity ids are short): as text when printable, else hex.
std::string identifier(const ByteBuffer& id) {
  const bool printable =
      std::all_of(id.begin(), id.end(), [](std::uint8_t c) { return c > 0x20 && c < 0x7f; });
  return printable && !id.empty() ? std::string(id.begin(), id.end()) : to_hex(id);
}

std::string_view abort_source(session::AbortIndication::Source s) {
  using S = session::AbortIndication::Source;
  switch (s) {
    case S::user: return "peer user";
    case S::peer_provider: return "peer provider";
    case S::protocol_error: return "protocol error";
    case S::transport_lost: return "transport lost";
  }
  return "?";
}

}  // namespace

void add_data_fields(std::vector<Field>& out, Bytes data, std::string_view key) {
  out.push_back(number(std::string(key), data.size()));
  const bool printable =
      std::all_of(data.begin(), data.end(), [](std::uint8_t c) { return c >= 0x20 && c < 0x7f; });
  if (!data.empty() && data.size() <= 64 && printable)
    out.push_back(text("text", std::string(data.begin(), data.end())));
  else if (!data.empty() && data.size() <= 16)
    out.push_back(text("hex", to_hex(data)));
}

const std::vector<PrimitiveInfo>& indication_table() {
  static const std::vector<PrimitiveInfo> table{
      {"S-CONNECT.ind", Check::payload},
      {"S-CONNECT.cnf", Check::payload},
      {"S-DATA.ind", Check::payload},
      {"S-EXPEDITED-DATA.ind", Check::payload},
      {"S-TYPED-DATA.ind", Check::payload},
      {"S-CAPABILITY-DATA.ind", Check::payload},
      {"S-CAPABILITY-DATA.cnf", Check::payload},
      {"S-TOKEN-GIVE.ind", Check::tokens},
      {"S-TOKEN-PLEASE.ind", Check::tokens},
      {"S-CONTROL-GIVE.ind", Check::none},
      {"S-SYNC-MINOR.ind", Check::serial_number},
      {"S-SYNC-MINOR.cnf", Check::serial_number},
      {"S-SYNC-MAJOR.ind", Check::serial_number},
      {"S-SYNC-MAJOR.cnf", Check::serial_number},
      {"S-RESYNCHRONIZE.ind", Check::serial_number},
      {"S-RESYNCHRONIZE.cnf", Check::serial_number},
      {"S-ACTIVITY-START.ind", Check::payload},
      {"S-ACTIVITY-RESUME.ind", Check::payload},
      {"S-ACTIVITY-INTERRUPT.ind", Check::none},
      {"S-ACTIVITY-INTERRUPT.cnf", Check::none},
      {"S-ACTIVITY-DISCARD.ind", Check::none},
      {"S-ACTIVITY-DISCARD.cnf", Check::none},
      {"S-ACTIVITY-END.ind", Check::serial_number},
      {"S-ACTIVITY-END.cnf", Check::serial_number},
      {"S-U-EXCEPTION-REPORT.ind", Check::none},
      {"S-P-EXCEPTION-REPORT.ind", Check::none},
      {"S-RELEASE.ind", Check::payload},
      {"S-RELEASE.cnf", Check::accepted},
      {"S-U-ABORT.ind", Check::payload},
      {"S-P-ABORT.ind", Check::none},
  };
  return table;
}

const PrimitiveInfo* find_primitive(std::string_view name) {
  const auto& table = indication_table();
  auto it = std::find_if(table.begin(), table.end(),
                         [&](const PrimitiveInfo& p) { return same_name(p.name, name); });
  return it == table.end() ? nullptr : &*it;
}

std::string_view primitive_name(const session::Event& event) {
  // The table's first 28 rows follow the variant's alternatives; an abort is S-U-ABORT when the
  // peer user asked for it and S-P-ABORT otherwise.
  if (const auto* abort = std::get_if<session::AbortIndication>(&event))
    return abort->source == session::AbortIndication::Source::user ? "S-U-ABORT.ind"
                                                                   : "S-P-ABORT.ind";
  return indication_table()[event.index()].name;
}

const ByteBuffer* event_data(const session::Event& event) {
  return std::visit(
      overloaded{
          [](const session::DataIndication& e) -> const ByteBuffer* { return &e.data; },
          [](const session::ExpeditedDataIndication& e) -> const ByteBuffer* { return &e.data; },
          [](const session::TypedDataIndication& e) -> const ByteBuffer* { return &e.data; },
          [](const session::CapabilityDataIndication& e) -> const ByteBuffer* { return &e.data; },
          [](const session::CapabilityDataConfirm& e) -> const ByteBuffer* { return &e.data; },
          [](const session::ActivityStartIndication& e) -> const ByteBuffer* {
            return &e.activity_id;
          },
          [](const session::ActivityResumeIndication& e) -> const ByteBuffer* {
            return &e.activity_id;
          },
          [](const session::ControlGiveIndication&) -> const ByteBuffer* { return nullptr; },
          [](const session::ProviderExceptionIndication& e) -> const ByteBuffer* {
            return &e.reflected;
          },
          [](const auto& e) -> const ByteBuffer* { return &e.user_data; },
      },
      event);
}

std::vector<Field> event_fields(const session::Event& event) {
  std::vector<Field> out;
  std::visit(
      overloaded{
          [&](const session::ConnectIndication& e) {
            out.push_back(text("functional_units", fmt::format("0x{:04x}", e.functional_units)));
            out.push_back(number("versions", e.versions));
            add_data_fields(out, e.user_data, "user_data");
          },
          [&](const session::ConnectConfirm& e) {
            out.push_back(text("result", e.accepted ? "accepted" : "refused"));
            if (!e.accepted) out.push_back(number("reason", e.refuse_reason));
            out.push_back(text("functional_units", fmt::format("0x{:04x}", e.functional_units)));
            out.push_back(number("version", e.version));
            out.push_back(text("tokens", token_names(e.tokens_owned)));
            add_data_fields(out, e.user_data, "user_data");
          },
          [&](const session::TokenGiveIndication& e) {
            out.push_back(text("tokens", token_names(e.tokens)));
          },
          [&](const session::TokenPleaseIndication& e) {
            out.push_back(text("tokens", token_names(e.tokens)));
          },
          [&](const session::ControlGiveIndication&) {},
          [&](const session::SyncMinorIndication& e) {
            out.push_back(number("serial", e.serial_number));
            out.push_back(text("confirm", e.confirm_required ? "required" : "not required"));
          },
          [&](const session::ResyncIndication& e) {
            static constexpr std::string_view types[] = {"abandon", "restart", "set"};
            out.push_back(text("type", std::string(types[static_cast<int>(e.type)])));
            out.push_back(number("serial", e.serial_number));
            if (!e.user_data.empty()) add_data_fields(out, e.user_data, "user_data");
          },
          [&](const session::ResyncConfirm& e) {
            out.push_back(number("serial", e.serial_number));
            out.push_back(text("tokens", token_names(e.tokens_owned)));
            if (!e.user_data.empty()) add_data_fields(out, e.user_data, "user_data");
          },
          [&](const session::ActivityResumeIndication& e) {
            out.push_back(text("id", identifier(e.activity_id)));
            out.push_back(text("old_id", identifier(e.old_activity_id)));
            out.push_back(number("serial", e.serial_number));
            add_reference_fields(out, e.old_connection);
          },
          [&](const session::ActivityStartIndication& e) {
            out.push_back(text("id", identifier(e.activity_id)));
          },
          [&](const session::ActivityInterruptIndication& e) {
            if (e.reason) out.push_back(number("reason", *e.reason));
          },
          [&](const session::ActivityDiscardIndication& e) {
            if (e.reason) out.push_back(number("reason", *e.reason));
          },
          [&](const session::UserExceptionIndication& e) {
            out.push_back(number("reason", e.reason));
          },
          [&](const session::ProviderExceptionIndication& e) {
            out.push_back(text("reflected", to_hex(e.reflected)));
          },
          [&](const session::ReleaseConfirm& e) {
            out.push_back(text("result", e.accepted ? "accepted" : "refused"));
            if (!e.user_data.empty()) add_data_fields(out, e.user_data, "user_data");
          },
          [&](const session::AbortIndication& e) {
            out.push_back(text("source", std::string(abort_source(e.source))));
            if (e.error) out.push_back(text("reason", e.error->detail));
            add_data_fields(out, e.user_data, "user_data");
          },
          [&](const auto& e) {
            if constexpr (requires { e.serial_number; })
              out.push_back(number("serial", e.serial_number));
            if constexpr (requires { e.data; }) add_data_fields(out, e.data);
            if constexpr (requires { e.user_data; }) {
              if (!e.user_data.empty()) add_data_fields(out, e.user_data, "user_data");
            }
          },
      },
      event);
  return out;
}

void add_reference_fields(std::vector<Field>& out, const session::OldConnection& old) {
  const std::pair<std::string_view, const std::optional<ByteBuffer>*> references[] = {
      {"calling_ref", &old.calling_ss_user_reference},
      {"called_ref", &old.called_ss_user_reference},
      {"common_ref", &old.common_reference},
      {"additional_ref", &old.additional_reference_information},
  };
  for (const auto& [key, value] : references) {
    if (*value) out.push_back(text(std::string(key), identifier(**value)));
  }
}

std::optional<std::string> mismatch(const Expectation& expected, const session::Event& event) {
  const std::string_view got = primitive_name(event);
  if (got != expected.primitive) return fmt::format("expected {}, got {}", expected.primitive, got);
  if (expected.payload) {
    const ByteBuffer* data = event_data(event);
    const std::size_t size = data ? data->size() : 0;
    if (expected.payload->kind == Payload::Kind::pattern) {
      if (size != expected.payload->size)
        return fmt::format("{}: expected {} octets, got {}", got, expected.payload->size, size);
    } else if (!data || *data != expected.payload->octets) {
      return fmt::format("{}: expected the octets {}, got {}", got,
                         to_hex(expected.payload->octets), data ? to_hex(*data) : "none");
    }
  }
  if (expected.tokens) {
    session::TokenSet tokens = 0;
    if (auto* give = std::get_if<session::TokenGiveIndication>(&event)) tokens = give->tokens;
    if (auto* please = std::get_if<session::TokenPleaseIndication>(&event)) tokens = please->tokens;
    if (tokens != *expected.tokens)
      return fmt::format("{}: expected the tokens {}, got {}", got, token_names(*expected.tokens),
                         token_names(tokens));
  }
  if (expected.serial_number) {
    std::optional<std::uint64_t> serial;
    std::visit(
        [&](const auto& e) {
          if constexpr (requires { e.serial_number; }) serial = e.serial_number;
        },
        event);
    if (serial != expected.serial_number)
      return fmt::format("{}: expected serial number {}, got {}", got, *expected.serial_number,
                         serial ? std::to_string(*serial) : "none");
  }
  if (expected.accepted) {
    const auto* release = std::get_if<session::ReleaseConfirm>(&event);
    if (!release || release->accepted != *expected.accepted)
      return fmt::format("{}: expected {}, got {}", got,
                         *expected.accepted ? "accepted" : "refused",
                         release && release->accepted ? "accepted" : "refused");
  }
  return std::nullopt;
}

}  // namespace piglix::peer
