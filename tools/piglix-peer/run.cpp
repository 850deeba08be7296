#include "run.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <asio/io_context.hpp>
#include <asio/use_awaitable.hpp>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>

#include "dialogue.hpp"
#include "piglix/net.hpp"
#include "prompt.hpp"
#include "responder.hpp"
#include "trace.hpp"

namespace piglix::peer {
namespace {

constexpr auto use_tuple = asio::experimental::as_tuple(asio::use_awaitable);

// The script of --script (or standard input), parsed and with its files read. Empty when the
// prompt is to be used instead.
Result<std::optional<std::vector<Command>>> load_script(const std::string& path,
                                                        bool allow_prompt) {
  std::string text;
  if (path.empty() && allow_prompt && ::isatty(STDIN_FILENO) == 1)
    return std::optional<std::vector<Command>>{};
  if (path.empty() || path == "-") {
    text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  } else {
    std::ifstream in(path, std::ios::binary);
    if (!in)
      return Error{errc::invalid_argument, 0, fmt::format("cannot read the script '{}'", path)};
    text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  auto script = parse_script(text);
  if (!script) return std::move(script).error();
  if (auto s = load_files(*script); !s) return std::move(s).error();
  return std::optional<std::vector<Command>>(std::move(*script));
}

ExitStatus connect_failure(std::error_code ec) {
  if (ec == make_error_code(errc::session_refused) ||
      ec == make_error_code(errc::transport_refused))
    return ExitStatus::refused;
  if (ec == make_error_code(errc::timed_out)) return ExitStatus::timed_out;
  if (ec == make_error_code(errc::session_aborted)) return ExitStatus::aborted;
  return ExitStatus::error;
}

std::vector<Field> connect_fields(std::uint16_t units, std::size_t user_data) {
  return {{"functional_units", fmt::format("0x{:04x}", units), false},
          {"user_data", std::to_string(user_data), true}};
}

asio::awaitable<ExitStatus> initiate(asio::io_context& io, Settings s, net::Options options,
                                     session::ConnectRequest request,
                                     std::optional<std::vector<Command>> script,
                                     const Printer& printer, std::string host, std::string port) {
  print_request(printer, s.target, "S-CONNECT.req",
                connect_fields(request.functional_units, request.user_data.size()));
  auto [ec, session, confirm] = co_await net::async_connect(
      io.get_executor(), host, port, std::move(request), std::move(options), use_tuple);
  if (ec) {
    if (ec == make_error_code(errc::session_refused))
      print_event(printer, session ? session_name(session) : s.target, confirm);
    // An abort during set-up waits in the session, with its reason.
    if (session) {
      auto [end, event] = co_await session.async_receive(use_tuple);
      if (!end) print_event(printer, session_name(session), event);
      session.close();
    }
    print_error(printer, s.target, fmt::format("connect failed: {}", ec.message()));
    co_return connect_failure(ec);
  }
  auto d =
      std::make_shared<Dialogue>(session, session_name(session), printer, millis(s.expect_timeout));
  print_event(printer, d->name, confirm);
  asio::co_spawn(io, receive_loop(d), asio::detached);
  if (!script) co_return co_await run_prompt(d);
  co_return co_await run_script(*d, *script);
}

asio::awaitable<ExitStatus> serve(std::shared_ptr<Dialogue> d,
                                  session::ConnectIndication indication,
                                  std::uint16_t allowed_units, const RunOptions& run,
                                  const std::vector<Command>& script) {
  if (run.refuse_reason) {
    session::RefuseResponse refusal;
    refusal.reason = static_cast<std::uint8_t>(*run.refuse_reason);
    auto [ec] = co_await d->session.async_refuse(refusal, use_tuple);
    print_request(*d->printer, d->name, "S-CONNECT.rsp",
                  {{"result", "refused", false}, {"reason", std::to_string(refusal.reason), true}});
    d->over = true;
    co_return co_await finish(*d, ec ? ExitStatus::error : ExitStatus::ok);
  }
  session::AcceptResponse accept;
  accept.functional_units = static_cast<std::uint16_t>(indication.functional_units & allowed_units);
  // Accepted in the same step as the tokens are read, before any later SPDU can move them.
  auto [ec, placed] = co_await d->session.async_request(
      [&accept](session::Connection& c) -> Result<std::uint64_t> {
        if (auto s = session::accept(c, accept); !s) return s.error();
        return std::uint64_t{c.session.available} << 8 | c.session.owned;
      },
      use_tuple);
  print_request(*d->printer, d->name, "S-CONNECT.rsp",
                {{"result", ec ? "failed" : "accepted", false},
                 {"functional_units", fmt::format("0x{:04x}", accept.functional_units), false},
                 {"tokens", token_names(static_cast<session::TokenSet>(placed)), false}});
  if (ec) {
    print_error(*d->printer, d->name, fmt::format("cannot accept: {}", ec.message()));
    co_return co_await finish(*d, ExitStatus::error);
  }
  const TokenState tokens{static_cast<session::TokenSet>(placed >> 8),
                          static_cast<session::TokenSet>(placed)};
  switch (run.mode) {
    case ListenMode::script: co_return co_await run_script(*d, script);
    case ListenMode::echo: co_return co_await respond(d, ResponderMode::echo, tokens);
    case ListenMode::sink: co_return co_await respond(d, ResponderMode::sink, tokens);
  }
  co_return ExitStatus::error;
}

}  // namespace

ExitStatus run_connect(Settings s, const RunOptions& run, const Printer& printer) {
  auto target = split_target(s.target, s.port);
  auto options = make_options(s);
  auto request = make_connect_request(s);
  auto script = load_script(run.script, true);
  for (const Error* e :
       {target ? nullptr : &target.error(), options ? nullptr : &options.error(),
        request ? nullptr : &request.error(), script ? nullptr : &script.error()}) {
    if (!e) continue;
    print_error(printer, "", e->detail);
    return ExitStatus::usage;
  }
  if (printer.verbose) install_trace(*options, printer);
  asio::io_context io;
  ExitStatus status = ExitStatus::error;
  asio::co_spawn(io,
                 initiate(io, s, std::move(*options), std::move(*request), std::move(*script),
                          printer, target->first, target->second),
                 [&](std::exception_ptr e, ExitStatus result) {
                   if (e) std::rethrow_exception(e);
                   status = result;
                 });
  io.run();
  print_end(printer, outcome_name(status), static_cast<int>(status));
  return status;
}

ExitStatus run_listener(Settings s, const RunOptions& run, const Printer& printer) {
  auto options = make_options(s);
  auto units = functional_unit_bits(s.functional_units);
  std::vector<Command> script;
  if (run.mode == ListenMode::script) {
    auto loaded = load_script(run.script, false);
    if (!loaded) {
      print_error(printer, "", loaded.error().detail);
      return ExitStatus::usage;
    }
    script = std::move(**loaded);
  }
  for (const Error* e : {options ? nullptr : &options.error(), units ? nullptr : &units.error()}) {
    if (!e) continue;
    print_error(printer, "", e->detail);
    return ExitStatus::usage;
  }
  if (printer.verbose) install_trace(*options, printer);
  net::ServerOptions server_options;
  server_options.connection = std::move(*options);
  server_options.connection.connect_timeout = millis(s.connect_timeout);

  asio::io_context io;
  const auto address = s.address.empty() ? (s.ipv6 ? asio::ip::address(asio::ip::address_v6::any())
                                                   : asio::ip::address(asio::ip::address_v4::any()))
                                         : asio::ip::make_address(s.address);
  net::Server server(io.get_executor(), {address, s.port}, std::move(server_options));
  print_note(printer, "", fmt::format("listening on {}", endpoint_name(server.local_endpoint())));
  ExitStatus status = ExitStatus::ok;
  std::size_t accepted = 0, finished = 0;
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        for (;;) {
          auto [ec, session, indication] = co_await server.async_accept(use_tuple);
          if (ec) co_return;
          auto d = std::make_shared<Dialogue>(session, session_name(session), printer,
                                              millis(s.expect_timeout));
          print_event(printer, d->name, indication);
          asio::co_spawn(io, receive_loop(d), asio::detached);
          asio::co_spawn(io, serve(d, std::move(indication), *units, run, script),
                         [&, d](std::exception_ptr e, ExitStatus result) {
                           if (e) std::rethrow_exception(e);
                           status = worse(status, result);
                           if (run.sessions && ++finished == run.sessions) io.stop();
                         });
          // The last session to serve is accepted: stop listening, let it finish.
          if (run.sessions && ++accepted == run.sessions) {
            server.close();
            co_return;
          }
        }
      },
      asio::detached);
  io.run();
  print_end(printer, outcome_name(status), static_cast<int>(status));
  return status;
}

}  // namespace piglix::peer
