// The Annex A state table as data: the input events, predicates and output items that the rows
// of specs/x225/annex-a/transitions.md are written in, and the table itself (table.cpp).
//
// A row is (state, input, condition, steps, next). The rows of one (state, input) pair are tried in
// order and the first whose condition holds is taken (README.md of the spec). A condition is a
// conjunction of at most four predicate literals; a step is one output item, optionally guarded by
// one literal. The names are the specification's, so a row here reads like its line in the spec
// and tests/spec/session_table_test.cpp can compare the two in both directions.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string_view>

#include "piglix/session/state.hpp"

namespace piglix::session::table {

// Input events (events.md): SS-user requests and responses, received SPDUs after classification,
// transport events and the timer.
enum class Input : std::uint8_t {
  SACTDreq,
  SACTDrsp,
  SACTEreq,
  SACTErsp,
  SACTIreq,
  SACTIrsp,
  SACTRreq,
  SACTSreq,
  SCDreq,
  SCDrsp,
  SCGreq,
  SCONreq,
  SCONrsp_accept,
  SCONrsp_reject,
  SDTreq,
  SEXreq,
  SGTreq,
  SPTreq,
  SRELreq,
  SRELrsp_accept,
  SRELrsp_reject,
  SRSYNreq_a,
  SRSYNreq_r,
  SRSYNreq_s,
  SRSYNrsp,
  SSYNMreq,
  SSYNMrsp,
  SSYNmreq,
  SSYNmdreq,
  SSYNmrsp,
  STDreq,
  SUABreq,
  SUERreq,
  TCONind,
  TCONcnf,
  TDISind,
  TIM,
  AA,
  AB_nr,
  AB_r,
  AC,
  AD,
  ADA,
  AE,
  AEA,
  AI,
  AIA,
  AR,
  AS,
  CD,
  CDA,
  CDO,
  CN,
  DN,
  DT,
  ED,
  ER,
  EX,
  FN_nr,
  FN_r,
  GT,
  GTA,
  GTC,
  MAA,
  MAP,
  MIA,
  MIP,
  MIP_d,
  NF,
  OA,
  PR_AB,
  PR_MAA,
  PR_RA,
  PR_RS,
  PT,
  RA,
  RF_nr,
  RF_r,
  RS_a,
  RS_r,
  RS_s,
  TD,
};
inline constexpr std::size_t input_count = static_cast<std::size_t>(Input::TD) + 1;

// Predicates used by the rows (predicates.md).
enum class Predicate : std::uint8_t {
  p01,
  p02,
  p03,
  p04,
  p05,
  p06,
  p07,
  p08,
  p09,
  p10,
  p11,
  p12,
  p13,
  p14,
  p15,
  p16,
  p17,
  p18,
  p19,
  p20,
  p21,
  p23,
  p24,
  p25,
  p26,
  p27,
  p28,
  p29,
  p30,
  p32,
  p33,
  p34,
  p35,
  p36,
  p37,
  p38,
  p39,
  p40,
  p41,
  p42,
  p43,
  p44,
  p45,
  p46,
  p47,
  p48,
  p49,
  p50,
  p51,
  p52,
  p53,
  p54,
  p55,
  p57,
  p58,
  p59,
  p60,
  p61,
  p62,
  p63,
  p64,
  p65,
  p66,
  p67,
  p68,
  p69,
  p70,
  p71,
  p72,
  p75,
  p76,
  p80,
  p81,
  p82,
  p178,
  p185,
  p202,
  p204,
  q01,
};
inline constexpr std::size_t predicate_count = static_cast<std::size_t>(Predicate::q01) + 1;

// Output items (actions.md): SPDUs sent, primitives to the SS-user, transport primitives and the
// numbered actions aN.
enum class Op : std::uint8_t {
  send_CN,
  send_OA,
  send_CDO,
  send_AC,
  send_RF_nr,
  send_RF_r,
  send_FN_nr,
  send_FN_r,
  send_DN,
  send_NF,
  send_AB_nr,
  send_AB_r,
  send_AA,
  send_PR_AB,
  send_PR_MAA,
  send_PR_RS,
  send_PR_RA,
  send_DT,
  send_EX,
  send_TD,
  send_CD,
  send_CDA,
  send_GT,
  send_PT,
  send_GTC,
  send_GTA,
  send_MIP,
  send_MIP_d,
  send_MIA,
  send_MAP,
  send_MAA,
  send_AE,
  send_AEA,
  send_RS_a,
  send_RS_r,
  send_RS_s,
  send_RA,
  send_AS,
  send_AR,
  send_AI,
  send_AIA,
  send_AD,
  send_ADA,
  send_ED,
  SCONind,
  SCONcnf_accept,
  SCONcnf_reject,
  SDTind,
  SEXind,
  STDind,
  SCDind,
  SCDcnf,
  SGTind,
  SPTind,
  SCGind,
  SRELind,
  SRELcnf_accept,
  SRELcnf_reject,
  SxABind,
  SPABind,
  SSYNmind,
  SSYNmdind,
  SSYNmcnf,
  SSYNMind,
  SSYNMcnf,
  SRSYNind,
  SRSYNcnf,
  SACTSind,
  SACTRind,
  SACTIind,
  SACTIcnf,
  SACTDind,
  SACTDcnf,
  SACTEind,
  SACTEcnf,
  SUERind,
  SPERind,
  TCONreq,
  TCONrsp,
  TDISreq,
  a1,
  a2,
  a3,
  a4,
  a5,
  a6,
  a7,
  a8,
  a9,
  a10,
  a11,
  a12,
  a13,
  a14,
  a15,
  a16,
  a17,
  a18,
  a19,
  a22,
  a23,
  a24,
  a25,
  a26,
  a27,
  a28,
  a29,
  a30,
  a31,
  a32,
  a41,
  a43,
  a44,
  a50,
  a51,
};
inline constexpr std::size_t op_count = static_cast<std::size_t>(Op::a51) + 1;

// Spec spellings: "SCONrsp+", "AB-nr", "[16]", "p01".
std::string_view name(Input input) noexcept;
std::string_view name(Predicate predicate) noexcept;
std::string_view name(Op op) noexcept;

struct Literal {
  Predicate predicate{};
  bool negated = false;

  constexpr Literal() = default;
  constexpr Literal(Predicate p, bool n = false) : predicate(p), negated(n) {}  // NOLINT: implicit
};
constexpr Literal operator!(Predicate p) { return {p, true}; }

// A conjunction of literals; empty = always true.
struct Condition {
  std::array<Literal, 4> literals{};
  std::uint8_t size = 0;

  constexpr Condition() = default;
  constexpr Condition(std::initializer_list<Literal> list) {
    for (Literal l : list) literals[size++] = l;
  }
  constexpr std::span<const Literal> items() const { return {literals.data(), size}; }
};

struct Step {
  Op op{};
  bool guarded = false;
  Literal guard{};

  constexpr Step() = default;
  constexpr Step(Op o) : op(o) {}  // NOLINT: implicit, so rows list plain ops
  constexpr Step(Op o, Literal g) : op(o), guarded(true), guard(g) {}
};
constexpr Step when(Op op, Literal guard) { return {op, guard}; }

struct Steps {
  std::array<Step, 4> steps{};
  std::uint8_t size = 0;

  constexpr Steps() = default;
  constexpr Steps(std::initializer_list<Step> list) {
    for (Step s : list) steps[size++] = s;
  }
  constexpr std::span<const Step> items() const { return {steps.data(), size}; }
};

// "=" in the spec: the row keeps the state.
struct Next {
  State state{};
  bool stay = false;

  constexpr Next(State s) : state(s) {}  // NOLINT: implicit, so rows name the state
  constexpr Next(bool s, State st) : state(st), stay(s) {}
};
inline constexpr Next stay{true, State::STA01};

struct Transition {
  State state;
  Input input;
  Condition condition;
  Steps steps;
  Next next;
};

// Every row, grouped by state in the order of transitions.md.
std::span<const Transition> transitions() noexcept;

// The rows of one (state, input) pair, in evaluation order; empty when the spec leaves the pair
// blank.
std::span<const Transition> rows(State state, Input input) noexcept;

}  // namespace piglix::session::table
