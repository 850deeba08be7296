// piglix-peer: drives a session peer from a script or a prompt (connect), or serves sessions as
// an echo, a sink or a scripted responder (listen). This file turns the command line into
// Settings and picks the mode; run.cpp does the rest. Exit statuses: exit_status.hpp.
#include <CLI/CLI.hpp>
#include <exception>
#include <map>

#include "run.hpp"
#include "settings.hpp"

namespace {

using piglix::peer::ExitStatus;

void add_session_options(CLI::App& app, piglix::peer::Settings& s, piglix::peer::Printer& p) {
  app.add_flag("-v,--verbose", p.verbose, "Also print every TPDU and SPDU sent and received");
  app.add_flag("--json", p.json, "One JSON object per line instead of text");
  app.add_option("-u,--functional-units", s.functional_units,
                 "Functional units to propose (connect) or accept at most (listen): " +
                     piglix::peer::functional_unit_list())
      ->delimiter(',')
      ->capture_default_str();
  app.add_option("--tokens-at", s.tokens_at,
                 "Connect: where every token starts: initiator, acceptor, or choose (the "
                 "acceptor decides)")
      ->capture_default_str();
  app.add_option("--version", s.versions, "Session protocol versions offered: 1, 2 or 1,2")
      ->delimiter(',')
      ->capture_default_str();
  app.add_option("--tpdu-size", s.tpdu_size,
                 "Largest TPDU proposed or granted: 128 .. 32768 (powers of two) or 65531")
      ->capture_default_str();
  app.add_option("--max-tsdu", s.max_tsdu,
                 "TSDU Maximum Size this side receives (0: no limit); larger SSDUs are "
                 "segmented by the sender")
      ->capture_default_str();
  app.add_flag("--keep-transport", s.keep_transport,
               "Offer to keep the transport connection after an abort or refusal (Annex A p02): "
               "an ABORT received is then answered with ABORT ACCEPT");
  app.add_option("--connect-timeout", s.connect_timeout,
                 "Seconds for TCP, CR/CC and CN/AC (listen: for CR and CN to arrive)")
      ->capture_default_str();
  app.add_option("--expect-timeout", s.expect_timeout, "Seconds an expect line waits")
      ->capture_default_str();
  app.add_option("--tim", s.tim,
                 "Seconds to wait for the peer to close after AB, RF or DN (X.225 TIM)")
      ->capture_default_str();
  app.add_option("--idle-timeout", s.idle_timeout,
                 "Abort a session that receives nothing for this many seconds (0: never)")
      ->capture_default_str();
}

}  // namespace

int main(int argc, char** argv) {
  namespace peer = piglix::peer;
  peer::Settings settings;
  peer::Printer printer;
  peer::RunOptions run;

  CLI::App app{
      "Drive an OSI session (X.225 over RFC 1006) peer: run a dialogue from a script or a prompt,\n"
      "or serve sessions as an echo, a sink or a scripted responder.",
      "piglix-peer"};
  app.require_subcommand(1);

  auto* connect = app.add_subcommand("connect", "Connect to HOST[:PORT] (default port 102)");
  connect->add_option("target", settings.target, "HOST, HOST:PORT, [IPV6]:PORT")->required();
  connect->add_option("-s,--script", run.script,
                      "Script to run ('-': standard input). Without one: the prompt when "
                      "standard input is a terminal, else the script read from it");
  connect->add_option("--calling-tsap", settings.calling_tsap, "Calling TSAP (text or hex:..)");
  connect->add_option("--called-tsap", settings.called_tsap, "Called TSAP (text or hex:..)");
  connect->add_option("--calling-ssel", settings.calling_ssel, "Calling session selector");
  connect->add_option("--called-ssel", settings.called_ssel, "Called session selector");
  connect->add_option("--connect-data", settings.connect_data,
                      "S-CONNECT user data (text or hex:..)");
  add_session_options(*connect, settings, printer);

  auto* listen = app.add_subcommand("listen", "Serve sessions on a TCP port");
  listen->add_option("-p,--port", settings.port, "TCP port")->capture_default_str();
  listen->add_option("--address", settings.address,
                     "Local address to bind (default: every IPv4 address; with -6 every IPv6 one)");
  listen->add_flag("-6,--ipv6", settings.ipv6, "Listen on IPv6");
  const std::map<std::string, peer::ListenMode> modes{{"echo", peer::ListenMode::echo},
                                                      {"sink", peer::ListenMode::sink},
                                                      {"script", peer::ListenMode::script}};
  std::string mode = "echo";
  listen->add_option("-m,--mode", mode, "echo, sink, or script (each session runs --script)")
      ->check(CLI::IsMember({"echo", "sink", "script"}))
      ->capture_default_str();
  listen->add_option("-s,--script", run.script, "The script of --mode script");
  listen->add_option("-n,--sessions", run.sessions,
                     "Exit after this many sessions (0: serve for ever; the default is 1 for "
                     "--mode script)");
  listen->add_option("--refuse", run.refuse_reason,
                     "Refuse every session with this reason (0 not specified, 1 congestion)");
  listen->add_option("--tsap", settings.local_tsaps,
                     "A called TSAP this side answers to (repeatable; default any)");
  listen->add_option("--ssel", settings.local_ssels,
                     "A session selector this side answers to (repeatable; default any)");
  add_session_options(*listen, settings, printer);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // Help is a success; every parse error is a usage error.
    return app.exit(e) == 0 ? 0 : static_cast<int>(ExitStatus::usage);
  }
  if (listen->parsed()) {
    // A listener accepts whatever the initiator proposes unless told to accept less.
    if (!listen->get_option("--functional-units")->count()) settings.functional_units = {"all"};
    run.mode = modes.at(mode);
    if (run.mode == peer::ListenMode::script && run.script.empty()) {
      peer::print_error(printer, "", "--mode script needs --script FILE");
      return static_cast<int>(ExitStatus::usage);
    }
    if (run.mode == peer::ListenMode::script && !listen->get_option("--sessions")->count())
      run.sessions = 1;
  }
  try {
    const ExitStatus status = listen->parsed() ? peer::run_listener(settings, run, printer)
                                               : peer::run_connect(settings, run, printer);
    return static_cast<int>(status);
  } catch (const std::exception& e) {
    // Local failures only (a port in use, no memory): the library does not throw for a peer.
    peer::print_error(printer, "", std::string("cannot continue: ") + e.what());
    return static_cast<int>(ExitStatus::error);
  }
}
