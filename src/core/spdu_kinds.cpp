// The table of SPDU kinds and the names of parameter codes.
#include <array>
#include <utility>

#include "spdu_parameters.hpp"
#include "spdu_schema.hpp"

namespace piglix::spdu {
namespace {

constexpr Category c0 = Category::zero, c1 = Category::one, c2 = Category::two;

// In the order of Kind (and of the Spdu alternatives). The herald of a category 1 or 0 SPDU is
// unused and set to the SPDU itself.
constexpr std::array<KindInfo, kind_count> kinds{{
    {Kind::CN, si::connect, c1, Kind::CN, false, "CN", "CONNECT"},
    {Kind::OA, si::overflow_accept, c1, Kind::OA, false, "OA", "OVERFLOW ACCEPT"},
    {Kind::CDO, si::connect_data_overflow, c1, Kind::CDO, false, "CDO", "CONNECT DATA OVERFLOW"},
    {Kind::AC, si::accept, c1, Kind::AC, false, "AC", "ACCEPT"},
    {Kind::RF, si::refuse, c1, Kind::RF, false, "RF", "REFUSE"},
    {Kind::FN, si::finish, c1, Kind::FN, false, "FN", "FINISH"},
    {Kind::DN, si::disconnect, c1, Kind::DN, false, "DN", "DISCONNECT"},
    {Kind::NF, si::not_finished, c1, Kind::NF, false, "NF", "NOT FINISHED"},
    {Kind::AB, si::abort, c1, Kind::AB, false, "AB", "ABORT"},
    {Kind::AA, si::abort_accept, c1, Kind::AA, false, "AA", "ABORT ACCEPT"},
    {Kind::DT, si::data_transfer, c2, Kind::GT, true, "DT", "DATA TRANSFER"},
    {Kind::EX, si::expedited, c1, Kind::EX, true, "EX", "EXPEDITED"},
    {Kind::TD, si::typed_data, c1, Kind::TD, true, "TD", "TYPED DATA"},
    {Kind::CD, si::capability_data, c2, Kind::GT, false, "CD", "CAPABILITY DATA"},
    {Kind::CDA, si::capability_data_ack, c2, Kind::PT, false, "CDA", "CAPABILITY DATA ACK"},
    {Kind::GT, si::give_tokens, c0, Kind::GT, false, "GT", "GIVE TOKENS"},
    {Kind::PT, si::please_tokens, c0, Kind::PT, false, "PT", "PLEASE TOKENS"},
    {Kind::GTC, si::give_tokens_confirm, c1, Kind::GTC, false, "GTC", "GIVE TOKENS CONFIRM"},
    {Kind::GTA, si::give_tokens_ack, c1, Kind::GTA, false, "GTA", "GIVE TOKENS ACK"},
    {Kind::MIP, si::minor_sync_point, c2, Kind::GT, false, "MIP", "MINOR SYNC POINT"},
    {Kind::MIA, si::minor_sync_ack, c2, Kind::PT, false, "MIA", "MINOR SYNC ACK"},
    {Kind::MAP, si::major_sync_point, c2, Kind::GT, false, "MAP", "MAJOR SYNC POINT"},
    {Kind::MAA, si::major_sync_ack, c2, Kind::PT, false, "MAA", "MAJOR SYNC ACK"},
    {Kind::RS, si::resynchronize, c2, Kind::GT, false, "RS", "RESYNCHRONIZE"},
    {Kind::RA, si::resynchronize_ack, c2, Kind::PT, false, "RA", "RESYNCHRONIZE ACK"},
    {Kind::PR, si::prepare, c1, Kind::PR, false, "PR", "PREPARE"},
    {Kind::ER, si::exception_report, c2, Kind::PT, false, "ER", "EXCEPTION REPORT"},
    {Kind::ED, si::exception_data, c2, Kind::PT, false, "ED", "EXCEPTION DATA"},
    {Kind::AS, si::activity_start, c2, Kind::GT, false, "AS", "ACTIVITY START"},
    {Kind::AR, si::activity_resume, c2, Kind::GT, false, "AR", "ACTIVITY RESUME"},
    {Kind::AI, si::activity_interrupt, c2, Kind::GT, false, "AI", "ACTIVITY INTERRUPT"},
    {Kind::AIA, si::activity_interrupt_ack, c2, Kind::PT, false, "AIA", "ACTIVITY INTERRUPT ACK"},
    {Kind::AD, si::activity_discard, c2, Kind::GT, false, "AD", "ACTIVITY DISCARD"},
    {Kind::ADA, si::activity_discard_ack, c2, Kind::PT, false, "ADA", "ACTIVITY DISCARD ACK"},
    {Kind::AE, si::activity_end, c2, Kind::GT, false, "AE", "ACTIVITY END"},
    {Kind::AEA, si::activity_end_ack, c2, Kind::PT, false, "AEA", "ACTIVITY END ACK"},
}};

constexpr bool kinds_in_order() {
  for (std::size_t i = 0; i < kinds.size(); ++i) {
    if (static_cast<std::size_t>(kinds[i].kind) != i) return false;
  }
  return true;
}
static_assert(kinds_in_order(), "the kinds table must follow the order of Kind");

template <std::size_t... I>
constexpr auto make_parameter_tables(std::index_sequence<I...>) {
  return std::array<std::span<const detail::ParamSpec>, kind_count>{
      std::span<const detail::ParamSpec>(detail::table_of<std::variant_alternative_t<I, Spdu>>)...};
}
constexpr auto parameter_tables = make_parameter_tables(std::make_index_sequence<kind_count>{});

}  // namespace

const KindInfo& info(Kind kind) noexcept { return kinds[static_cast<std::size_t>(kind)]; }

namespace detail {

std::span<const ParamSpec> parameters_of(Kind kind) noexcept {
  return parameter_tables[static_cast<std::size_t>(kind)];
}

std::string_view parameter_name(std::uint8_t c) noexcept {
  switch (c) {
    case code::connection_identifier: return "Connection Identifier";
    case code::connect_accept_item: return "Connect/Accept Item";
    case code::linking_information: return "Linking Information";
    case code::user_data: return "User Data";
    case code::extended_user_data: return "Extended User Data";
    case code::called_ss_user_reference: return "Called SS-user Reference";
    case code::calling_ss_user_reference: return "Calling SS-user Reference";
    case code::common_reference: return "Common Reference";
    case code::additional_reference_information: return "Additional Reference Information";
    case code::sync_type_item: return "Sync Type Item";
    case code::token_item: return "Token Item";
    case code::transport_disconnect: return "Transport Disconnect";
    case code::protocol_options: return "Protocol Options";
    case code::session_user_requirements: return "Session User Requirements";
    case code::tsdu_maximum_size: return "TSDU Maximum Size";
    case code::version_number: return "Version Number";
    case code::initial_serial_number: return "Initial Serial Number";
    case code::prepare_type: return "Prepare Type";
    case code::enclosure_item: return "Enclosure Item";
    case code::token_setting_item: return "Token Setting Item";
    case code::resync_type: return "Resync Type";
    case code::activity_identifier: return "Activity Identifier";
    case code::serial_number: return "Serial Number";
    case code::mia_user_data: return "User Data";
    case code::reflect_parameter_values: return "Reflect Parameter Values";
    case code::reason_code: return "Reason Code";
    case code::calling_session_selector: return "Calling Session Selector";
    case code::called_session_selector: return "Called Session Selector";
    case code::second_resync_type: return "Second Resync Type";
    case code::second_serial_number: return "Second Serial Number";
    case code::second_initial_serial_number: return "Second Initial Serial Number";
    case code::upper_limit_serial_number: return "Upper Limit Serial Number";
    case code::large_initial_serial_number: return "Large Initial Serial Number";
    case code::large_second_initial_serial_number: return "Large Second Initial Serial Number";
    case code::data_overflow: return "Data Overflow";
    default: return {};
  }
}

}  // namespace detail
}  // namespace piglix::spdu
