#include "machine_inputs.hpp"

#include <gtest/gtest.h>

#include <variant>
#include <vector>

#include "piglix/spdu/codec.hpp"
#include "session/machine.hpp"

// SPDUs are built with designated initializers that name only the members that matter; the
// others are value-initialized on purpose. GCC 12 flags every omitted member.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#endif

namespace piglix::session::spdu_inputs {

using table::Input;
namespace td = spdu::transport_disconnect;

spdu::Spdu spdu_for(Input input, const SpduParameters& p) {
  namespace s = spdu;
  const Bytes data = kOctets;
  const s::SerialNumber sn{p.serial};
  switch (input) {
    case Input::AA: return s::AbortAccept{};
    case Input::AB_nr: return s::Abort{.transport_disconnect = td::released | td::user_abort};
    case Input::AB_r: return s::Abort{.transport_disconnect = td::user_abort};
    case Input::AC:
      // What a peer accepting piglix's default S-CONNECT (version 2, duplex) sends.
      return s::Accept{
          .connect_accept_item = s::ConnectAcceptItem{.version_number = s::version::v2},
          .session_user_requirements = s::fu::duplex};
    case Input::AD: return s::ActivityDiscard{};
    case Input::ADA: return s::ActivityDiscardAck{};
    case Input::AE: return s::ActivityEnd{.serial_number = sn};
    case Input::AEA: return s::ActivityEndAck{.serial_number = sn};
    case Input::AI: return s::ActivityInterrupt{};
    case Input::AIA: return s::ActivityInterruptAck{};
    case Input::AR:
      return s::ActivityResume{
          .linking_information = {.old_activity_identifier = data, .serial_number = sn},
          .new_activity_identifier = data};
    case Input::AS: return s::ActivityStart{.activity_identifier = data};
    case Input::CD: return s::CapabilityData{};
    case Input::CDA: return s::CapabilityDataAck{};
    case Input::CDO:
      return s::ConnectDataOverflow{
          .enclosure = p.last_segment ? s::enclosure::end : s::enclosure::begin, .user_data = data};
    case Input::CN: {
      s::Connect cn{.connect_accept_item = s::ConnectAcceptItem{.version_number = p.cn_versions}};
      if (p.overflow && (p.cn_versions & s::version::v2) != 0) {
        cn.data_overflow = 1;
        cn.extended_user_data = data;
      }
      return cn;
    }
    case Input::DN: return s::Disconnect{};
    case Input::DT: return s::DataTransfer{.user_information = data};
    case Input::ED: return s::ExceptionData{};
    case Input::ER: return s::ExceptionReport{.reflect_parameter_values = data};
    case Input::EX: return s::Expedited{.user_information = data};
    case Input::FN_nr: return s::Finish{.transport_disconnect = td::released};
    case Input::FN_r: return s::Finish{.transport_disconnect = std::uint8_t{0}};
    case Input::GT: return s::GiveTokens{.token_item = p.tokens};
    case Input::GTA: return s::GiveTokensAck{};
    case Input::GTC: return s::GiveTokensConfirm{};
    case Input::MAA: return s::MajorSyncAck{.serial_number = sn};
    case Input::MAP:
      return s::MajorSyncPoint{.sync_type_item = s::sync_type::activity_not_ended,
                               .serial_number = sn};
    case Input::MIA: return s::MinorSyncAck{.serial_number = sn};
    case Input::MIP:
    case Input::MIP_d: return s::MinorSyncPoint{.serial_number = sn};
    case Input::NF: return s::NotFinished{};
    case Input::OA: return s::OverflowAccept{};
    case Input::PR_AB: return s::Prepare{s::prepare_type::abort};
    case Input::PR_MAA: return s::Prepare{s::prepare_type::major_sync_ack};
    case Input::PR_RA: return s::Prepare{s::prepare_type::resynchronize_ack};
    case Input::PR_RS: return s::Prepare{s::prepare_type::resynchronize};
    case Input::PT: return s::PleaseTokens{.token_item = p.tokens};
    case Input::RA: return s::ResynchronizeAck{.serial_number = sn};
    case Input::RF_nr: return s::Refuse{.transport_disconnect = td::released};
    case Input::RF_r: return s::Refuse{.transport_disconnect = std::uint8_t{0}};
    case Input::RS_a:
      return s::Resynchronize{.resync_type = s::resync_type::abandon, .serial_number = sn};
    case Input::RS_r:
      return s::Resynchronize{.resync_type = s::resync_type::restart, .serial_number = sn};
    case Input::RS_s:
      return s::Resynchronize{.resync_type = s::resync_type::set, .serial_number = sn};
    case Input::TD: return s::TypedData{.user_information = data};
    default: break;
  }
  ADD_FAILURE() << table::name(input) << " is not an SPDU event";
  return s::AbortAccept{};
}

ByteBuffer tsdu_of(const spdu::Spdu& s) {
  std::vector<spdu::Spdu> spdus;
  const spdu::KindInfo& info = spdu::info(s);
  if (info.category == spdu::Category::two) {
    spdus.push_back(info.herald == spdu::Kind::PT ? spdu::Spdu(spdu::PleaseTokens{})
                                                  : spdu::Spdu(spdu::GiveTokens{}));
  }
  spdus.push_back(s);
  ByteBuffer out;
  const Status encoded = spdu::encode_tsdu(spdus, out);
  EXPECT_TRUE(encoded) << info.abbreviation << ": " << encoded.error().message();
  return out;
}

detail::Context received_context(const Connection& c, Input input, const spdu::Spdu& s) {
  detail::Context ctx;
  ctx.input = input;
  ctx.spdu = &s;
  std::visit(
      [&ctx](const auto& v) {
        if constexpr (requires { v.serial_number.value; }) {
          ctx.serial = v.serial_number.value;
        } else if constexpr (requires { v.linking_information.serial_number.value; }) {
          ctx.serial = v.linking_information.serial_number.value;
        }
      },
      s);
  if (const auto* gt = std::get_if<spdu::GiveTokens>(&s)) ctx.tokens = gt->token_item.value_or(0);
  if (const auto* pt = std::get_if<spdu::PleaseTokens>(&s)) ctx.tokens = pt->token_item.value_or(0);
  if (const auto* cn = std::get_if<spdu::Connect>(&s)) {
    ctx.connect_refusal = detail::refusal_reason(c.config, *cn);
  }
  if (const auto* cdo = std::get_if<spdu::ConnectDataOverflow>(&s)) {
    ctx.last_overflow = (cdo->enclosure & spdu::enclosure::end) != 0;
  }
  return ctx;
}

}  // namespace piglix::session::spdu_inputs
