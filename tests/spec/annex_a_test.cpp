// specs/x225/annex-a is the session machine's state table as data; the C++ machine will mirror it.
// These tests hold the documents to their own notation (README.md there): every state, event,
// predicate, action and output a transition names is defined, conditions are well-formed, and the
// rows of one (state, event) pair can be tried in order.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "annex_a_markdown.hpp"

namespace {

using namespace piglix::annex_a;

struct Row {
  std::string state, event, condition, outputs, next;
  std::size_t line = 0;
};

std::vector<Row> transitions() {
  std::vector<Row> rows;
  std::string state;
  const auto lines = lines_of("transitions.md");
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].rfind("## ", 0) == 0) state = trim(lines[i].substr(3));
    const auto row = cells(lines[i]);
    if (row.size() < 5 || row[0] == "Event" || state.empty()) continue;
    rows.push_back(Row{state, row[0], row[1], row[2], row[3], i + 1});
  }
  return rows;
}

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::string part;
  for (char c : text) {
    if (c == separator) {
      parts.push_back(trim(part));
      part.clear();
    } else {
      part += c;
    }
  }
  if (!trim(part).empty()) parts.push_back(trim(part));
  return parts;
}

// Checks a condition's syntax and returns the predicate names it uses ("" if malformed).
bool check_condition(const std::string& condition, const std::set<std::string>& predicates,
                     std::string& problem) {
  static const std::regex token(R"(\s*([pq][0-9]+|[&|!()])\s*)");
  int depth = 0;
  bool expect_operand = true;
  for (auto it = std::sregex_iterator(condition.begin(), condition.end(), token);
       it != std::sregex_iterator(); ++it) {
    const std::string t = (*it)[1];
    if (t == "(" || t == "!") {
      if (!expect_operand) return problem = "operator expected before " + t, false;
      depth += t == "(";
    } else if (t == ")") {
      if (expect_operand || --depth < 0) return problem = "unbalanced )", false;
    } else if (t == "&" || t == "|") {
      if (expect_operand) return problem = "operand expected before " + t, false;
      expect_operand = true;
    } else {
      if (!expect_operand) return problem = "operator expected before " + t, false;
      if (predicates.count(t) == 0) return problem = "undefined predicate " + t, false;
      expect_operand = false;
    }
  }
  // Every character must belong to a token.
  const std::string rest = std::regex_replace(condition, token, "");
  if (!trim(rest).empty()) return problem = "unexpected text '" + rest + "'", false;
  if (!condition.empty() && (expect_operand || depth != 0)) return problem = "incomplete", false;
  return true;
}

TEST(AnnexA, EveryStateHasASectionAndEverySectionIsAState) {
  const auto states = defined_names("states.md");
  EXPECT_EQ(states.size(), 32u);
  std::set<std::string> sections;
  for (const std::string& line : lines_of("transitions.md")) {
    if (line.rfind("## ", 0) == 0) sections.insert(trim(line.substr(3)));
  }
  EXPECT_EQ(sections, states);
}

TEST(AnnexA, TransitionsNameOnlyDefinedThings) {
  const auto states = defined_names("states.md");
  const auto events = defined_names("events.md");
  const auto predicates = defined_names("predicates.md");
  const auto actions = defined_names("actions.md");
  const auto rows = transitions();
  EXPECT_GT(rows.size(), 800u);
  for (const Row& row : rows) {
    SCOPED_TRACE("transitions.md:" + std::to_string(row.line));
    EXPECT_EQ(events.count(row.event), 1u) << "undefined event " << row.event;
    EXPECT_TRUE(row.next == "=" || states.count(row.next) == 1) << "undefined state " << row.next;
    std::string problem;
    EXPECT_TRUE(check_condition(row.condition, predicates, problem)) << problem;
    for (const std::string& item : split(row.outputs, ';')) {
      // An output may be guarded: "PR-RS?!p16" is sent only when !p16 holds.
      const auto guard = item.find('?');
      const std::string name = item.substr(0, guard);
      EXPECT_EQ(actions.count(name), 1u) << "undefined output or action '" << name << "'";
      if (guard != std::string::npos) {
        EXPECT_TRUE(check_condition(item.substr(guard + 1), predicates, problem)) << problem;
      }
    }
  }
}

TEST(AnnexA, RowsOfOnePairCanBeTriedInOrder) {
  // Within one (state, event) pair, an unconditional row can only be the last one: rows after it
  // could never be taken.
  std::map<std::pair<std::string, std::string>, std::vector<const Row*>> pairs;
  const auto rows = transitions();
  for (const Row& row : rows) pairs[{row.state, row.event}].push_back(&row);
  for (const auto& [pair, group] : pairs) {
    for (std::size_t i = 0; i + 1 < group.size(); ++i) {
      EXPECT_FALSE(group[i]->condition.empty())
          << pair.first << " " << pair.second
          << ": unconditional row at transitions.md:" << group[i]->line
          << " hides the rows after it";
    }
    // Two rows with the same condition would be a transcription slip.
    std::set<std::string> conditions;
    for (const Row* row : group) {
      EXPECT_TRUE(conditions.insert(row->condition).second)
          << pair.first << " " << pair.second << ": condition '" << row->condition
          << "' twice (transitions.md:" << row->line << ")";
    }
  }
}

}  // namespace
