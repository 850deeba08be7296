// Reading the Markdown tables of specs/x225/annex-a, shared by the tests that check them.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

namespace piglix::annex_a {

inline const std::filesystem::path dir =
    std::filesystem::path(PIGLIX_SPECS_DIR) / "x225" / "annex-a";

inline std::string trim(const std::string& s) {
  const auto begin = s.find_first_not_of(" \t");
  if (begin == std::string::npos) return {};
  return s.substr(begin, s.find_last_not_of(" \t") - begin + 1);
}

// The cells of a Markdown table row, or nothing for other lines and separator rows.
inline std::vector<std::string> cells(const std::string& line) {
  if (line.empty() || line[0] != '|' || line.rfind("|---", 0) == 0) return {};
  std::vector<std::string> out;
  std::string cell;
  for (std::size_t i = 1; i < line.size(); ++i) {
    if (line[i] == '\\' && i + 1 < line.size() && line[i + 1] == '|') {
      cell += '|';
      ++i;
    } else if (line[i] == '|') {
      out.push_back(trim(cell));
      cell.clear();
    } else {
      cell += line[i];
    }
  }
  return out;
}

inline std::vector<std::string> lines_of(const std::string& file) {
  std::ifstream in(dir / file);
  EXPECT_TRUE(in) << "cannot read " << (dir / file);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

inline bool is_header(const std::string& first_cell) {
  return first_cell == "State" || first_cell == "Event" || first_cell == "Predicate" ||
         first_cell == "Action" || first_cell == "Output";
}

// First-column names of every table in a file, header cells excluded; "A / B" defines A and B.
inline std::set<std::string> defined_names(const std::string& file) {
  std::set<std::string> names;
  for (const std::string& line : lines_of(file)) {
    const auto row = cells(line);
    if (row.empty() || is_header(row[0])) continue;
    std::string first = row[0];
    first.erase(std::remove(first.begin(), first.end(), '`'), first.end());
    std::size_t start = 0;
    for (;;) {
      const auto slash = first.find(" / ", start);
      names.insert(trim(first.substr(start, slash - start)));
      if (slash == std::string::npos) break;
      start = slash + 3;
    }
  }
  return names;
}

}  // namespace piglix::annex_a
