// Connection set-up and release over piglix::net, shared by the piglix runners.
#include "piglix_side.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>

#include "loopback.hpp"

namespace piglix::bench_tool {

net::Options stack_options(const Workload& w) {
  net::Options o;
  o.stack.transport.tpdu_size_code = w.tpdu_size_code;
  o.read_size = w.read_size;
  // Each io_context of a run is run by one thread (Loopback), as raw TCP's sockets are, so the
  // connections need no strand unless --strand asks for one.
  o.single_thread = !w.strand;
  // Without a TSDU Maximum Size an SSDU travels as one SPDU in one TSDU, which the transport
  // cuts into TPDUs; piglix allows up to 65000 octets so (the 3-octet SPDU length). Larger ones
  // need session segmentation, so then both sides propose the largest TSDU one TPKT carries at
  // the largest TPDU size: the fewest segments, each cut further if the TPDU size is smaller.
  // Smaller messages go without it, as MMS stacks send them (no Enclosure Item in every DT).
  constexpr std::size_t largest_unsegmented = 65000;
  const auto largest_tpkt_tsdu = static_cast<std::uint16_t>(
      tpdu::tpdu_size_octets(tpdu::max_tpdu_size_code) - tpdu::dt_header_size);
  if (w.size > largest_unsegmented) o.stack.session.max_receive_tsdu = largest_tpkt_tsdu;
  // Both bounds must hold the largest message (and a TSDU its SPDU header, which 64 octets do).
  o.stack.session.max_ssdu_size = std::max(o.stack.session.max_ssdu_size, w.size);
  o.stack.transport.max_tsdu_size = std::max(o.stack.transport.max_tsdu_size, w.size + 64);
  if (w.log) {
    o.log = [](std::string_view line) {
      std::fprintf(stderr, "piglix-bench: net: %.*s\n", static_cast<int>(line.size()), line.data());
    };
  }
  return o;
}

net::ServerOptions server_options(const Workload& w) {
  net::ServerOptions o;
  o.connection = stack_options(w);
  // The sessions scenario connects every session at once: none may be turned away.
  o.max_connections = std::max(o.max_connections, w.sessions + 1);
  o.max_pending_indications = std::max(o.max_pending_indications, w.sessions + 1);
  return o;
}

asio::awaitable<Connected> connect_session(std::uint16_t port, std::uint16_t units,
                                           const Workload& w) {
  session::ConnectRequest request;
  request.functional_units = units;
  request.token_setting = session::token_setting(spdu::token::all, session::TokenSide::initiator);
  auto executor = co_await asio::this_coro::executor;
  auto [ec, s, confirm] = co_await net::async_connect(
      executor, "127.0.0.1", std::to_string(port), std::move(request), stack_options(w), use_tuple);
  Connected c;
  if (ec) {
    c.error = fmt::format("S-CONNECT: {}", ec.message());
  } else if (confirm.functional_units != units) {
    c.error = fmt::format("S-CONNECT: functional units 0x{:04x} selected, 0x{:04x} proposed",
                          confirm.functional_units, units);
  } else {
    c.session = std::move(s);
  }
  co_return c;
}

asio::awaitable<std::string> accept_connect(net::Session& s, std::uint16_t units) {
  session::AcceptResponse response;
  response.functional_units = units;
  auto [ec] = co_await s.async_accept(std::move(response), use_tuple);
  if (ec) co_return fmt::format("S-CONNECT response: {}", ec.message());
  co_return std::string();
}

asio::awaitable<Connected> accept_session(net::Server& server, std::uint16_t units) {
  auto [ec, s, indication] = co_await server.async_accept(use_tuple);
  Connected c;
  if (ec) {
    c.error = fmt::format("accept: {}", ec.message());
    co_return c;
  }
  c.error = co_await accept_connect(s, units);
  if (c.error.empty()) c.session = std::move(s);
  co_return c;
}

asio::awaitable<std::string> release_session(net::Session& s) {
  auto [ec] = co_await s.async_release({}, use_tuple);
  if (ec) co_return fmt::format("S-RELEASE: {}", ec.message());
  auto [receive_ec, event] = co_await s.async_receive(use_tuple);
  if (receive_ec) co_return fmt::format("S-RELEASE: {}", receive_ec.message());
  const auto* confirm = std::get_if<session::ReleaseConfirm>(&event);
  if (!confirm) co_return "S-RELEASE: " + unexpected(event);
  if (!confirm->accepted) co_return std::string("S-RELEASE: refused by the server");
  co_return std::string();
}

asio::awaitable<std::string> answer_release(net::Session& s, const session::Event& event) {
  if (!std::holds_alternative<session::ReleaseIndication>(event)) co_return unexpected(event);
  auto [ec] = co_await s.async_accept_release({}, use_tuple);
  if (ec) co_return fmt::format("S-RELEASE response: {}", ec.message());
  co_return std::string();
}

std::string unexpected(const session::Event& event) {
  if (const auto* abort = std::get_if<session::AbortIndication>(&event)) {
    return fmt::format("session aborted (source {}){}", static_cast<int>(abort->source),
                       abort->error ? ": " + abort->error->message() : std::string());
  }
  // The variant's alternatives in order (session/events.hpp); a new one shows as its index.
  static constexpr const char* names[] = {"S-CONNECT indication",
                                          "S-CONNECT confirm",
                                          "S-DATA indication",
                                          "S-EXPEDITED-DATA",
                                          "S-TYPED-DATA",
                                          "S-CAPABILITY-DATA indication",
                                          "S-CAPABILITY-DATA confirm",
                                          "S-TOKEN-GIVE indication",
                                          "S-TOKEN-PLEASE indication",
                                          "S-CONTROL-GIVE indication",
                                          "S-SYNC-MINOR indication",
                                          "S-SYNC-MINOR confirm",
                                          "S-SYNC-MAJOR indication",
                                          "S-SYNC-MAJOR confirm",
                                          "S-RESYNCHRONIZE indication",
                                          "S-RESYNCHRONIZE confirm",
                                          "S-ACTIVITY-START",
                                          "S-ACTIVITY-RESUME",
                                          "S-ACTIVITY-INTERRUPT indication",
                                          "S-ACTIVITY-INTERRUPT confirm",
                                          "S-ACTIVITY-DISCARD indication",
                                          "S-ACTIVITY-DISCARD confirm",
                                          "S-ACTIVITY-END indication",
                                          "S-ACTIVITY-END confirm",
                                          "S-U-EXCEPTION-REPORT",
                                          "S-P-EXCEPTION-REPORT",
                                          "S-RELEASE indication",
                                          "S-RELEASE confirm",
                                          "S-ABORT indication"};
  static_assert(std::size(names) == std::variant_size_v<session::Event>);
  return fmt::format("unexpected {}", names[event.index()]);
}

}  // namespace piglix::bench_tool
