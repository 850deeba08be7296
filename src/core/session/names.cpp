// Spec spellings of the table's enums, for tests, logs and error messages.
#include <array>
#include <string_view>

#include "piglix/session/state.hpp"
#include "session/table.hpp"

namespace piglix::session {
namespace {

template <class Enum, std::size_t N>
std::string_view lookup(const std::array<std::string_view, N>& names, Enum value) noexcept {
  const auto i = static_cast<std::size_t>(value);
  return i < N ? names[i] : std::string_view{"?"};
}

constexpr std::array<std::string_view, state_count> kStates = {
    "STA01",  "STA01A", "STA01B", "STA01C", "STA01D", "STA02A", "STA02B", "STA03",
    "STA04A", "STA04B", "STA05A", "STA05B", "STA05C", "STA06",  "STA08",  "STA09",
    "STA10A", "STA10B", "STA11A", "STA11B", "STA11C", "STA15A", "STA15B", "STA15C",
    "STA15D", "STA16",  "STA18",  "STA19",  "STA20",  "STA21",  "STA22",  "STA713",
};

}  // namespace

std::string_view name(State state) noexcept { return lookup(kStates, state); }

namespace table {
namespace {

constexpr std::array<std::string_view, input_count> kInputs = {
    "SACTDreq",    "SACTDrsp",    "SACTEreq",    "SACTErsp", "SACTIreq", "SACTIrsp", "SACTRreq",
    "SACTSreq",    "SCDreq",      "SCDrsp",      "SCGreq",   "SCONreq",  "SCONrsp+", "SCONrsp-",
    "SDTreq",      "SEXreq",      "SGTreq",      "SPTreq",   "SRELreq",  "SRELrsp+", "SRELrsp-",
    "SRSYNreq(a)", "SRSYNreq(r)", "SRSYNreq(s)", "SRSYNrsp", "SSYNMreq", "SSYNMrsp", "SSYNmreq",
    "SSYNmdreq",   "SSYNmrsp",    "STDreq",      "SUABreq",  "SUERreq",  "TCONind",  "TCONcnf",
    "TDISind",     "TIM",         "AA",          "AB-nr",    "AB-r",     "AC",       "AD",
    "ADA",         "AE",          "AEA",         "AI",       "AIA",      "AR",       "AS",
    "CD",          "CDA",         "CDO",         "CN",       "DN",       "DT",       "ED",
    "ER",          "EX",          "FN-nr",       "FN-r",     "GT",       "GTA",      "GTC",
    "MAA",         "MAP",         "MIA",         "MIP",      "MIP-d",    "NF",       "OA",
    "PR-AB",       "PR-MAA",      "PR-RA",       "PR-RS",    "PT",       "RA",       "RF-nr",
    "RF-r",        "RS-a",        "RS-r",        "RS-s",     "TD",
};

constexpr std::array<std::string_view, predicate_count> kPredicates = {
    "p01", "p02", "p03",  "p04",  "p05",  "p06",  "p07", "p08", "p09", "p10", "p11", "p12",
    "p13", "p14", "p15",  "p16",  "p17",  "p18",  "p19", "p20", "p21", "p23", "p24", "p25",
    "p26", "p27", "p28",  "p29",  "p30",  "p32",  "p33", "p34", "p35", "p36", "p37", "p38",
    "p39", "p40", "p41",  "p42",  "p43",  "p44",  "p45", "p46", "p47", "p48", "p49", "p50",
    "p51", "p52", "p53",  "p54",  "p55",  "p57",  "p58", "p59", "p60", "p61", "p62", "p63",
    "p64", "p65", "p66",  "p67",  "p68",  "p69",  "p70", "p71", "p72", "p75", "p76", "p80",
    "p81", "p82", "p178", "p185", "p202", "p204", "q01",
};

constexpr std::array<std::string_view, op_count> kOps = {
    "CN",       "OA",       "CDO",      "AC",       "RF-nr",    "RF-r",      "FN-nr",    "FN-r",
    "DN",       "NF",       "AB-nr",    "AB-r",     "AA",       "PR-AB",     "PR-MAA",   "PR-RS",
    "PR-RA",    "DT",       "EX",       "TD",       "CD",       "CDA",       "GT",       "PT",
    "GTC",      "GTA",      "MIP",      "MIP-d",    "MIA",      "MAP",       "MAA",      "AE",
    "AEA",      "RS-a",     "RS-r",     "RS-s",     "RA",       "AS",        "AR",       "AI",
    "AIA",      "AD",       "ADA",      "ED",       "SCONind",  "SCONcnf+",  "SCONcnf-", "SDTind",
    "SEXind",   "STDind",   "SCDind",   "SCDcnf",   "SGTind",   "SPTind",    "SCGind",   "SRELind",
    "SRELcnf+", "SRELcnf-", "SxABind",  "SPABind",  "SSYNmind", "SSYNmdind", "SSYNmcnf", "SSYNMind",
    "SSYNMcnf", "SRSYNind", "SRSYNcnf", "SACTSind", "SACTRind", "SACTIind",  "SACTIcnf", "SACTDind",
    "SACTDcnf", "SACTEind", "SACTEcnf", "SUERind",  "SPERind",  "TCONreq",   "TCONrsp",  "TDISreq",
    "[1]",      "[2]",      "[3]",      "[4]",      "[5]",      "[6]",       "[7]",      "[8]",
    "[9]",      "[10]",     "[11]",     "[12]",     "[13]",     "[14]",      "[15]",     "[16]",
    "[17]",     "[18]",     "[19]",     "[22]",     "[23]",     "[24]",      "[25]",     "[26]",
    "[27]",     "[28]",     "[29]",     "[30]",     "[31]",     "[32]",      "[41]",     "[43]",
    "[44]",     "[50]",     "[51]",
};

}  // namespace

std::string_view name(Input input) noexcept { return lookup(kInputs, input); }
std::string_view name(Predicate predicate) noexcept { return lookup(kPredicates, predicate); }
std::string_view name(Op op) noexcept { return lookup(kOps, op); }

}  // namespace table
}  // namespace piglix::session
