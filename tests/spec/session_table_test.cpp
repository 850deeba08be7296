// The X.225 Annex A state table exists twice: as data in specs/x225/annex-a/transitions.md and as
// C++ in src/core/session/table.cpp. These tests render both into one text form and require them to
// be equal row for row, in both directions, so that neither can change without the other. When a
// row differs, the message gives the spec row in table.cpp's notation, ready to paste.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "annex_a_markdown.hpp"
#include "piglix/session/state.hpp"
#include "session/table.hpp"

namespace piglix::session::table {
namespace {

using namespace piglix::annex_a;

// More individual row differences than this are summarized: past that point the cause is usually
// one systematic slip, and hundreds of messages would hide it.
constexpr int kMaxReports = 30;

// Events of kind "spdu" in events.md: as an output item such a name is an SPDU sent ("send_" in
// table.cpp), which is how the C++ spelling of an item is chosen.
std::set<std::string> spdu_names() {
  std::set<std::string> names;
  for (const std::string& line : lines_of("events.md")) {
    const auto row = cells(line);
    if (row.size() >= 2 && row[1] == "spdu") names.insert(row[0]);
  }
  return names;
}

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::string part;
  for (char c : text) {
    if (c == separator) {
      if (!trim(part).empty()) parts.push_back(trim(part));
      part.clear();
    } else {
      part += c;
    }
  }
  if (!trim(part).empty()) parts.push_back(trim(part));
  return parts;
}

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += separator;
    out += parts[i];
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The common text form of a row.

// A row in spec spellings. Both transitions.md and table.cpp are rendered into this, so comparing
// texts compares every field, in order.
struct Row {
  std::string state, event;
  std::vector<std::string> literals;  // condition, e.g. "!p01", in the order written
  std::vector<std::string> items;     // outputs and actions, e.g. "[50]", "PR-RS?!p16"
  std::string next;                   // a state name, or "=" for stay
  std::size_t origin = 0;             // transitions.md line, or index in transitions()
};

std::string text(const Row& row) {
  return row.state + " | " + row.event + " | " + join(row.literals, " & ") + " | " +
         join(row.items, "; ") + " | " + row.next;
}

std::vector<std::string> texts(const std::vector<Row>& rows) {
  std::vector<std::string> out;
  for (const Row& row : rows) out.push_back(text(row));
  return out;
}

bool is_literal(const std::string& s) {
  static const std::regex literal(R"(!?[pq][0-9]+)");
  return std::regex_match(s, literal);
}

std::string predicate_of(const std::string& literal) {
  return literal.empty() || literal[0] != '!' ? literal : literal.substr(1);
}

// ---------------------------------------------------------------------------------------------
// transitions.md -> rows.

struct Spec {
  std::vector<Row> rows;
  std::vector<std::string> problems;  // rows table.hpp could not express, with their line
};

std::string at_line(std::size_t line) { return "transitions.md:" + std::to_string(line) + ": "; }

// A condition must be a conjunction of literals: that is all table.hpp's Condition can hold.
void parse_condition(const std::string& condition, Row& row, Spec& spec) {
  for (const std::string& literal : split(condition, '&')) {
    if (!is_literal(literal)) {
      spec.problems.push_back(at_line(row.origin) + "condition '" + condition + "': '" + literal +
                              "' is not a predicate literal; table.cpp can only express a "
                              "conjunction of literals like 'p01 & !p76'");
    }
    row.literals.push_back(literal);
  }
}

void parse_items(const std::string& outputs, Row& row, Spec& spec) {
  for (std::string item : split(outputs, ';')) {
    item.erase(std::remove(item.begin(), item.end(), ' '), item.end());
    const auto guard = item.find('?');
    if (guard != std::string::npos && !is_literal(item.substr(guard + 1))) {
      spec.problems.push_back(at_line(row.origin) + "guard of '" + item +
                              "' is not one predicate literal; a Step holds exactly one");
    }
    row.items.push_back(item);
  }
}

void parse_line(const std::string& state, const std::string& line, std::size_t number, Spec& spec) {
  const auto row = cells(line);
  if (row.empty() || row[0] == "Event") return;
  if (row.size() != 5) {
    spec.problems.push_back(at_line(number) +
                            "expected 5 cells (Event | Condition | Outputs and "
                            "actions | Next | Source), found " +
                            std::to_string(row.size()));
    return;
  }
  Row parsed{state, row[0], {}, {}, row[3], number};
  parse_condition(row[1], parsed, spec);
  parse_items(row[2], parsed, spec);
  spec.rows.push_back(std::move(parsed));
}

bool is_state_heading(const std::string& line) { return line.rfind("## STA", 0) == 0; }

Spec parse_spec() {
  Spec spec;
  std::string state;
  const auto lines = lines_of("transitions.md");
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].rfind("## ", 0) == 0) {
      state = is_state_heading(lines[i]) ? trim(lines[i].substr(3)) : std::string{};
    } else if (!state.empty()) {
      parse_line(state, lines[i], i + 1, spec);
    }
  }
  return spec;
}

// ---------------------------------------------------------------------------------------------
// table.cpp -> rows.

std::string literal_text(Literal literal) {
  return (literal.negated ? "!" : "") + std::string(name(literal.predicate));
}

Row render(const Transition& t, std::size_t index) {
  Row row{std::string(session::name(t.state)), std::string(name(t.input)), {}, {}, {}, index};
  for (Literal literal : t.condition.items()) row.literals.push_back(literal_text(literal));
  for (const Step& step : t.steps.items()) {
    std::string item(name(step.op));
    if (step.guarded) item += "?" + literal_text(step.guard);
    row.items.push_back(item);
  }
  row.next = t.next.stay ? std::string("=") : std::string(session::name(t.next.state));
  return row;
}

std::vector<Row> code_rows() {
  std::vector<Row> rows;
  const auto all = transitions();
  for (std::size_t i = 0; i < all.size(); ++i) rows.push_back(render(all[i], i));
  return rows;
}

std::vector<State> all_states() {
  std::vector<State> out;
  for (std::size_t i = 0; i < state_count; ++i) out.push_back(static_cast<State>(i));
  return out;
}

std::vector<Input> all_inputs() {
  std::vector<Input> out;
  for (std::size_t i = 0; i < input_count; ++i) out.push_back(static_cast<Input>(i));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Spec spellings -> table.cpp identifiers, so a failure can show the line to write.

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (auto at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
    s.replace(at, from.size(), to);
  }
  return s;
}

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// "SCONrsp+" -> SCONrsp_accept, "SRSYNreq(a)" -> SRSYNreq_a, "AB-nr" -> AB_nr.
std::string input_identifier(std::string event) {
  if (ends_with(event, "rsp+")) return event.substr(0, event.size() - 1) + "_accept";
  if (ends_with(event, "rsp-")) return event.substr(0, event.size() - 1) + "_reject";
  event = std::regex_replace(event, std::regex(R"(\((\w+)\))"), "_$1");
  return replace_all(event, "-", "_");
}

// "[50]" -> a50, "PR-RS" -> send_PR_RS, "SCONcnf+" -> SCONcnf_accept, "TDISreq" -> TDISreq.
std::string op_identifier(const std::string& op, const std::set<std::string>& spdus) {
  if (!op.empty() && op.front() == '[') return "a" + op.substr(1, op.size() - 2);
  if (spdus.count(op) != 0) return "send_" + replace_all(op, "-", "_");
  if (ends_with(op, "cnf+")) return op.substr(0, op.size() - 1) + "_accept";
  if (ends_with(op, "cnf-")) return op.substr(0, op.size() - 1) + "_reject";
  return op;
}

std::string step_identifier(const std::string& item, const std::set<std::string>& spdus) {
  const auto guard = item.find('?');
  const std::string op = op_identifier(item.substr(0, guard), spdus);
  if (guard == std::string::npos) return op;
  return "when(" + op + ", " + item.substr(guard + 1) + ")";
}

// The row as a line of kTransitions in table.cpp.
std::string cpp_line(const Row& row, const std::set<std::string>& spdus) {
  std::vector<std::string> steps;
  for (const std::string& item : row.items) steps.push_back(step_identifier(item, spdus));
  return "{" + row.state + ", " + input_identifier(row.event) + ", {" + join(row.literals, ", ") +
         "}, {" + join(steps, ", ") + "}, " + (row.next == "=" ? "stay" : row.next) + "},";
}

// ---------------------------------------------------------------------------------------------
// Row-for-row comparison: a longest common subsequence aligns the two tables, so one missing row
// is reported once instead of shifting every row after it.

enum class Edit { same, spec_only, code_only };

std::vector<Edit> align(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  const std::size_t n = a.size(), m = b.size();
  std::vector<std::vector<std::size_t>> lcs(n + 1, std::vector<std::size_t>(m + 1, 0));
  for (std::size_t i = n; i-- > 0;) {
    for (std::size_t j = m; j-- > 0;) {
      lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  std::vector<Edit> edits;
  std::size_t i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] == b[j]) {
      edits.push_back(Edit::same);
      ++i;
      ++j;
    } else if (j == m || (i < n && lcs[i + 1][j] >= lcs[i][j + 1])) {
      edits.push_back(Edit::spec_only);
      ++i;
    } else {
      edits.push_back(Edit::code_only);
      ++j;
    }
  }
  return edits;
}

// One run of unmatched rows between two matched ones.
struct Hunk {
  std::vector<std::size_t> spec, code;  // indices into the two row vectors
  std::size_t code_before = 0;          // code rows before the hunk (insertion point)
};

std::vector<Hunk> hunks(const std::vector<Edit>& edits) {
  std::vector<Hunk> out;
  std::size_t i = 0, j = 0;
  bool open = false;
  for (Edit e : edits) {
    if (e == Edit::same) {
      open = false;
      ++i;
      ++j;
      continue;
    }
    if (!open) out.push_back(Hunk{{}, {}, j});
    open = true;
    if (e == Edit::spec_only) out.back().spec.push_back(i++);
    if (e == Edit::code_only) out.back().code.push_back(j++);
  }
  return out;
}

struct Report {
  const std::vector<Row>& spec;
  const std::vector<Row>& code;
  std::set<std::string> spdus = spdu_names();
  int count = 0;

  bool quota() { return ++count <= kMaxReports; }
  std::string cpp(const Row& row) const { return cpp_line(row, spdus); }

  void differs(const Row& s, const Row& c) {
    if (!quota()) return;
    ADD_FAILURE() << at_line(s.origin) << s.state << " " << s.event << " differs from table.cpp\n"
                  << "  spec:              " << text(s) << "\n"
                  << "  table.cpp has:     " << cpp(c) << "\n"
                  << "  table.cpp must be: " << cpp(s);
  }

  // A row that only moved shows up as missing on one side and extra on the other; saying where
  // its twin is turns two puzzling messages into "fix the order".
  static std::string twin(const std::vector<Row>& rows, const Row& row, const std::string& where) {
    for (const Row& other : rows) {
      if (text(other) == text(row)) {
        return "\n  note:   an equal row is at " + where + std::to_string(other.origin) +
               ": only the order differs, and rows of a pair are tried in order";
      }
    }
    return {};
  }

  void missing(const Row& s, std::size_t code_before) {
    if (!quota()) return;
    const std::string after =
        code_before > 0 ? "\n  after:  " + cpp(code[code_before - 1]) : std::string{};
    ADD_FAILURE() << at_line(s.origin) << "row missing from table.cpp\n"
                  << "  spec:   " << text(s) << "\n"
                  << "  insert: " << cpp(s) << after
                  << twin(code, s, "table.cpp row (0-based in transitions()) ");
  }

  void extra(const Row& c) {
    if (!quota()) return;
    ADD_FAILURE() << "table.cpp row " << c.origin << " (0-based in transitions()) is not in "
                  << "transitions.md at this place\n"
                  << "  table.cpp: " << cpp(c) << "\n"
                  << "  as spec:   " << text(c) << "\n"
                  << "  remove it, or add the row to transitions.md"
                  << twin(spec, c, "transitions.md:");
  }

  // Rows of the same (state, event) within a hunk are one row written differently; the rest are
  // missing on one side.
  void hunk(const Hunk& h) {
    std::vector<bool> used(h.code.size(), false);
    for (std::size_t s : h.spec) {
      std::size_t k = 0;
      while (k < h.code.size() && (used[k] || code[h.code[k]].state != spec[s].state ||
                                   code[h.code[k]].event != spec[s].event)) {
        ++k;
      }
      if (k < h.code.size()) {
        used[k] = true;
        differs(spec[s], code[h.code[k]]);
      } else {
        missing(spec[s], h.code_before);
      }
    }
    for (std::size_t k = 0; k < h.code.size(); ++k) {
      if (!used[k]) extra(code[h.code[k]]);
    }
  }
};

// ---------------------------------------------------------------------------------------------
// Small helpers for set comparisons.

template <class Set>
std::string listing(const Set& names) {
  return join(std::vector<std::string>(names.begin(), names.end()), ", ");
}

// Prints what only one side has, naming both sides, so the fix is obvious.
void expect_same_names(const std::set<std::string>& code, const std::set<std::string>& spec,
                       const std::string& code_side, const std::string& spec_side) {
  std::set<std::string> only_code, only_spec;
  std::set_difference(code.begin(), code.end(), spec.begin(), spec.end(),
                      std::inserter(only_code, only_code.end()));
  std::set_difference(spec.begin(), spec.end(), code.begin(), code.end(),
                      std::inserter(only_spec, only_spec.end()));
  EXPECT_TRUE(only_code.empty()) << code_side << " names not in " << spec_side << ": "
                                 << listing(only_code);
  EXPECT_TRUE(only_spec.empty()) << spec_side << " names without a value in " << code_side << ": "
                                 << listing(only_spec);
}

// The names of an enum's values; a duplicate name would make two values indistinguishable in
// the comparison, so it is a failure of its own.
template <class Enum>
std::set<std::string> enum_names(std::size_t count, const char* what) {
  std::set<std::string> names;
  for (std::size_t i = 0; i < count; ++i) {
    const auto value = static_cast<Enum>(i);
    std::string spelled;
    if constexpr (std::is_same_v<Enum, State>) {
      spelled = std::string(session::name(value));
    } else {
      spelled = std::string(name(value));
    }
    EXPECT_TRUE(names.insert(spelled).second)
        << what << " value " << i << " repeats name " << spelled;
  }
  return names;
}

std::set<std::string> spec_items(const Spec& spec) {
  std::set<std::string> items;
  for (const Row& row : spec.rows) {
    for (const std::string& item : row.items) items.insert(item.substr(0, item.find('?')));
  }
  return items;
}

std::set<std::string> spec_predicates(const Spec& spec) {
  std::set<std::string> used;
  for (const Row& row : spec.rows) {
    for (const std::string& literal : row.literals) used.insert(predicate_of(literal));
    for (const std::string& item : row.items) {
      const auto guard = item.find('?');
      if (guard != std::string::npos) used.insert(predicate_of(item.substr(guard + 1)));
    }
  }
  return used;
}

std::vector<std::string> spec_pair(const Spec& spec, const std::string& state,
                                   const std::string& event) {
  std::vector<std::string> out;
  for (const Row& row : spec.rows) {
    if (row.state == state && row.event == event) out.push_back(text(row));
  }
  return out;
}

std::vector<std::string> code_pair(State state, Input input) {
  std::vector<std::string> out;
  for (const Transition& t : rows(state, input)) out.push_back(text(render(t, 0)));
  return out;
}

// ---------------------------------------------------------------------------------------------
// 1. Names.

TEST(SessionTable, StateNamesAreTheStatesOfStatesMd) {
  expect_same_names(enum_names<State>(state_count, "State"), defined_names("states.md"),
                    "enum State (include/piglix/session/state.hpp, names.cpp)", "states.md");
}

TEST(SessionTable, InputNamesAreTheEventsOfEventsMd) {
  expect_same_names(enum_names<Input>(input_count, "Input"), defined_names("events.md"),
                    "enum Input (table.hpp, names.cpp kInputs)", "events.md");
}

TEST(SessionTable, OpNamesAreTheItemsOfTransitionsMd) {
  const Spec spec = parse_spec();
  expect_same_names(enum_names<Op>(op_count, "Op"), spec_items(spec),
                    "enum Op (table.hpp, names.cpp kOps)",
                    "the Outputs and actions column of transitions.md");
}

TEST(SessionTable, PredicatesUsedHaveAValueAndValuesAreDefined) {
  const auto code = enum_names<Predicate>(predicate_count, "Predicate");
  const auto defined = defined_names("predicates.md");
  for (const std::string& used : spec_predicates(parse_spec())) {
    EXPECT_EQ(code.count(used), 1u) << "transitions.md uses " << used
                                    << " but enum Predicate (table.hpp, names.cpp) has no value "
                                       "for it";
  }
  for (const std::string& value : code) {
    EXPECT_EQ(defined.count(value), 1u)
        << "enum Predicate has " << value << ", which predicates.md does not define";
  }
}

// ---------------------------------------------------------------------------------------------
// 2. Rows.

TEST(SessionTable, SpecRowsCanBeExpressedInTableHpp) {
  const Spec spec = parse_spec();
  for (const std::string& problem : spec.problems) ADD_FAILURE() << problem;
  for (const Row& row : spec.rows) {
    // Condition and Steps have fixed capacities (table.hpp); a longer row would be cut silently.
    EXPECT_LE(row.literals.size(), Condition{}.literals.size())
        << at_line(row.origin) << "more literals than table.hpp's Condition holds";
    EXPECT_LE(row.items.size(), Steps{}.steps.size())
        << at_line(row.origin) << "more items than table.hpp's Steps holds";
  }
}

TEST(SessionTable, CodeRowsEqualSpecRowsInOrder) {
  const Spec spec = parse_spec();
  const std::vector<Row> code = code_rows();
  const auto spec_texts = texts(spec.rows), code_texts = texts(code);
  Report report{spec.rows, code};
  for (const Hunk& h : hunks(align(spec_texts, code_texts))) report.hunk(h);
  if (report.count > kMaxReports) {
    ADD_FAILURE() << (report.count - kMaxReports) << " more row differences not shown";
  }
  EXPECT_EQ(spec_texts.size(), code_texts.size()) << "rows in transitions.md vs table.cpp";
  EXPECT_TRUE(spec_texts == code_texts) << "table.cpp is not transitions.md row for row; the "
                                           "differences are listed above";
}

// ---------------------------------------------------------------------------------------------
// 3. rows(state, input).

void expect_rows_of_pair(State state, Input input,
                         const std::set<std::pair<std::string, std::string>>& spec_pairs) {
  const std::string pair =
      "rows(" + std::string(session::name(state)) + ", " + std::string(name(input)) + ")";
  std::vector<std::string> expected;
  for (const Transition& t : transitions()) {
    if (t.state == state && t.input == input) expected.push_back(text(render(t, 0)));
  }
  const auto got = code_pair(state, input);
  EXPECT_EQ(got, expected) << pair << " is not the rows of transitions() for that pair, in order";
  const bool blank =
      spec_pairs.count({std::string(session::name(state)), std::string(name(input))}) == 0;
  EXPECT_EQ(got.empty(), blank) << pair
                                << (blank ? " has rows, but transitions.md has none"
                                          : " is empty, but transitions.md has rows");
}

TEST(SessionTable, RowsOfAPairAreItsTransitionsInOrder) {
  std::set<std::pair<std::string, std::string>> spec_pairs;
  for (const Row& row : parse_spec().rows) spec_pairs.insert({row.state, row.event});
  for (State state : all_states()) {
    for (Input input : all_inputs()) expect_rows_of_pair(state, input, spec_pairs);
  }
}

// ---------------------------------------------------------------------------------------------
// 4. Spot checks and counts: a parser or renderer bug that loses rows on both sides alike would
// still compare equal above, so a few rows are pinned by their literal text.

void expect_pinned(State state, Input input, const std::vector<std::string>& expected) {
  const Spec spec = parse_spec();
  const std::string state_name(session::name(state)), input_name(name(input));
  EXPECT_EQ(spec_pair(spec, state_name, input_name), expected)
      << "transitions.md rows of " << state_name << " " << input_name;
  EXPECT_EQ(code_pair(state, input), expected)
      << "table.cpp rows(" << state_name << ", " << input_name << ")";
}

TEST(SessionTable, PinnedRows) {
  expect_pinned(State::STA713, Input::SDTreq, {"STA713 | SDTreq | p03 | DT | ="});
  expect_pinned(
      State::STA01C, Input::CN,
      {"STA01C | CN | !p01 & !p76 & p204 | [50]; OA | STA01D",
       "STA01C | CN | !p01 & !p76 & !p204 | SCONind | STA08",
       "STA01C | CN | !p01 & p76 & !p02 | RF-nr; [4] | STA16",
       "STA01C | CN | !p01 & p76 & p02 | RF-r | =", "STA01C | CN | p01 | TDISreq | STA01"});
  expect_pinned(
      State::STA09, Input::SRELrsp_accept,
      {"STA09 | SRELrsp+ | p66 | DN | STA01C", "STA09 | SRELrsp+ | !p66 & p75 | DN; [4] | STA16",
       "STA09 | SRELrsp+ | p69 & p01 | DN | STA03"});
  expect_pinned(State::STA713, Input::SUABreq,
                {"STA713 | SUABreq | !p02 | PR-AB?q01; AB-nr; [4] | STA16",
                 "STA713 | SUABreq | p02 | AB-r; [4] | STA01A"});
  expect_pinned(State::STA01, Input::SCONreq, {"STA01 | SCONreq |  | [2]; TCONreq | STA01B"});
}

// The C++ spelling printed in failures must be table.cpp's, or the advice would not compile.
TEST(SessionTable, FailureMessagesUseTableCppNotation) {
  const auto spdus = spdu_names();
  const Row row{"STA01C", "CN", {"!p01", "!p76", "p204"}, {"[50]", "OA"}, "STA01D", 0};
  EXPECT_EQ(cpp_line(row, spdus), "{STA01C, CN, {!p01, !p76, p204}, {a50, send_OA}, STA01D},");
  const Row guarded{"STA05A", "SRELrsp-", {}, {"PR-RS?!p16", "SCONcnf+", "TDISreq"}, "=", 0};
  EXPECT_EQ(cpp_line(guarded, spdus),
            "{STA05A, SRELrsp_reject, {}, {when(send_PR_RS, !p16), SCONcnf_accept, TDISreq}, "
            "stay},");
  EXPECT_EQ(input_identifier("SRSYNreq(a)"), "SRSYNreq_a");
  EXPECT_EQ(input_identifier("MIP-d"), "MIP_d");
  EXPECT_EQ(op_identifier("SRELcnf-", spdus), "SRELcnf_reject");
}

// Data rows under "## STA" headings, counted without the cell parser.
std::size_t counted_rows() {
  std::size_t count = 0;
  bool in_state = false;
  for (const std::string& line : lines_of("transitions.md")) {
    if (line.rfind("## ", 0) == 0) in_state = is_state_heading(line);
    if (in_state && line.rfind("| ", 0) == 0 && line.rfind("| Event |", 0) != 0) ++count;
  }
  return count;
}

// README.md's Completeness section states the row count; it must stay true.
std::size_t readme_rows() {
  static const std::regex claim(R"(\((\d+) rows\))");
  std::smatch match;
  for (const std::string& line : lines_of("README.md")) {
    if (std::regex_search(line, match, claim)) return std::stoul(match[1]);
  }
  return 0;
}

TEST(SessionTable, RowCounts) {
  const std::size_t counted = counted_rows();
  EXPECT_GT(counted, 800u) << "transitions.md seems truncated";  // 876 when this was written
  EXPECT_EQ(parse_spec().rows.size(), counted) << "rows parsed vs '| ' lines under ## STA headings";
  EXPECT_EQ(transitions().size(), counted) << "table.cpp rows vs transitions.md rows";
  EXPECT_EQ(readme_rows(), counted) << "README.md (Completeness) states a different row count";
}

}  // namespace
}  // namespace piglix::session::table
