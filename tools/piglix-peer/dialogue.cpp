#include "dialogue.hpp"

#include <fmt/format.h>

#include <asio/experimental/as_tuple.hpp>
#include <asio/use_awaitable.hpp>
#include <fstream>
#include <iterator>

namespace piglix::peer {
namespace {

constexpr auto use_tuple = asio::experimental::as_tuple(asio::use_awaitable);

Result<std::uint64_t> value_of(const Status& s) {
  if (!s) return s.error();
  return std::uint64_t{0};
}

// A request as the binding takes it, and the X.215 name it is printed under.
struct Request {
  std::string_view primitive;
  net::Request run;
};

Request make_request(const Command& c, Bytes data, std::uint64_t last_minor) {
  using namespace session;
  using C = Connection;
  switch (c.verb) {
    case Verb::data: return {"S-DATA.req", [=](C& s) { return value_of(send_data(s, data)); }};
    case Verb::expedited:
      return {"S-EXPEDITED-DATA.req", [=](C& s) { return value_of(send_expedited_data(s, data)); }};
    case Verb::typed:
      return {"S-TYPED-DATA.req", [=](C& s) { return value_of(send_typed_data(s, data)); }};
    case Verb::capability:
      return {"S-CAPABILITY-DATA.req",
              [=](C& s) { return value_of(send_capability_data(s, data)); }};
    case Verb::capability_ack:
      return {"S-CAPABILITY-DATA.rsp",
              [=](C& s) { return value_of(acknowledge_capability_data(s, data)); }};
    case Verb::give:
      return {"S-TOKEN-GIVE.req", [t = c.tokens](C& s) { return value_of(give_tokens(s, t)); }};
    case Verb::please:
      return {"S-TOKEN-PLEASE.req", [t = c.tokens](C& s) { return value_of(please_tokens(s, t)); }};
    case Verb::give_control:
      return {"S-CONTROL-GIVE.req", [](C& s) { return value_of(give_control(s)); }};
    case Verb::sync_minor:
      return {"S-SYNC-MINOR.req",
              [confirm = c.confirm_required](C& s) { return sync_minor(s, confirm); }};
    case Verb::ack_minor:
      return {"S-SYNC-MINOR.rsp", [serial = c.serial_number.value_or(last_minor)](C& s) {
                return value_of(acknowledge_sync_minor(s, serial));
              }};
    case Verb::sync_major: return {"S-SYNC-MAJOR.req", [](C& s) { return sync_major(s); }};
    case Verb::ack_major:
      return {"S-SYNC-MAJOR.rsp", [](C& s) { return value_of(acknowledge_sync_major(s)); }};
    case Verb::resync:
      return {"S-RESYNCHRONIZE.req", [=, &c](C& s) {
                ResyncRequest r;
                r.type = c.resync_type;
                r.serial_number = c.serial_number.value_or(0);
                r.user_data.assign(data.begin(), data.end());
                return value_of(resynchronize(s, r));
              }};
    case Verb::ack_resync:
      return {"S-RESYNCHRONIZE.rsp", [=, &c](C& s) {
                ResyncResponse r;
                r.serial_number = c.serial_number;  // none: what X.225 asks for
                r.user_data.assign(data.begin(), data.end());
                return value_of(acknowledge_resynchronize(s, r));
              }};
    case Verb::activity_start:
      return {"S-ACTIVITY-START.req", [=](C& s) { return value_of(start_activity(s, data)); }};
    case Verb::activity_resume:
      return {"S-ACTIVITY-RESUME.req", [=, &c](C& s) {
                ActivityResumeRequest r;
                r.activity_id.assign(data.begin(), data.end());
                r.old_activity_id = c.old_activity_id;
                r.serial_number = c.serial_number.value_or(0);
                r.old_connection = c.old_connection;
                return value_of(resume_activity(s, std::move(r)));
              }};
    case Verb::activity_end: return {"S-ACTIVITY-END.req", [](C& s) { return end_activity(s); }};
    case Verb::ack_activity_end:
      return {"S-ACTIVITY-END.rsp", [](C& s) { return value_of(acknowledge_activity_end(s)); }};
    case Verb::activity_interrupt:
      return {"S-ACTIVITY-INTERRUPT.req",
              [r = c.reason](C& s) { return value_of(interrupt_activity(s, r)); }};
    case Verb::ack_activity_interrupt:
      return {"S-ACTIVITY-INTERRUPT.rsp",
              [](C& s) { return value_of(acknowledge_activity_interrupt(s)); }};
    case Verb::activity_discard:
      return {"S-ACTIVITY-DISCARD.req",
              [r = c.reason](C& s) { return value_of(discard_activity(s, r)); }};
    case Verb::ack_activity_discard:
      return {"S-ACTIVITY-DISCARD.rsp",
              [](C& s) { return value_of(acknowledge_activity_discard(s)); }};
    case Verb::exception:
      return {"S-U-EXCEPTION-REPORT.req",
              [r = c.reason](C& s) { return value_of(report_exception(s, r)); }};
    case Verb::release: return {"S-RELEASE.req", [=](C& s) { return value_of(release(s, data)); }};
    case Verb::accept_release:
      return {"S-RELEASE.rsp", [=](C& s) { return value_of(accept_release(s, data)); }};
    case Verb::refuse_release:
      return {"S-RELEASE.rsp", [=](C& s) { return value_of(refuse_release(s, data)); }};
    case Verb::abort: return {"S-U-ABORT.req", [=](C& s) { return value_of(abort(s, data)); }};
    case Verb::expect:
    case Verb::wait: break;
  }
  return {"", {}};
}

std::vector<Field> request_fields(const Command& c, Bytes data, std::uint64_t value,
                                  std::uint64_t last_minor) {
  std::vector<Field> out;
  auto number = [&](std::string key, std::uint64_t n) {
    out.push_back({std::move(key), std::to_string(n), true});
  };
  switch (c.verb) {
    case Verb::give:
    case Verb::please: out.push_back({"tokens", token_names(c.tokens), false}); break;
    case Verb::sync_minor:
    case Verb::sync_major:
    case Verb::activity_end: number("serial", value); break;
    case Verb::ack_minor: number("serial", c.serial_number.value_or(last_minor)); break;
    case Verb::resync: {
      static constexpr std::string_view types[] = {"abandon", "restart", "set"};
      out.push_back({"type", std::string(types[static_cast<int>(c.resync_type)]), false});
      if (c.serial_number) number("serial", *c.serial_number);
      if (!data.empty()) add_data_fields(out, data, "user_data");
      break;
    }
    case Verb::ack_resync:
      if (c.serial_number) number("serial", *c.serial_number);
      if (!data.empty()) add_data_fields(out, data, "user_data");
      break;
    case Verb::activity_start:
      out.push_back({"id", std::string(data.begin(), data.end()), false});  // written as text
      break;
    case Verb::activity_resume:
      out.push_back({"id", std::string(data.begin(), data.end()), false});
      out.push_back(
          {"old_id", std::string(c.old_activity_id.begin(), c.old_activity_id.end()), false});
      number("serial", c.serial_number.value_or(0));
      add_reference_fields(out, c.old_connection);
      break;
    case Verb::activity_interrupt:
    case Verb::activity_discard:
    case Verb::exception: number("reason", c.reason); break;
    case Verb::accept_release:
    case Verb::refuse_release:
      out.push_back({"result", c.verb == Verb::accept_release ? "accepted" : "refused", false});
      if (!data.empty()) add_data_fields(out, data, "user_data");
      break;
    default:
      if (c.payload.kind != Payload::Kind::none || c.verb == Verb::data) {
        add_data_fields(out, data);
      }
  }
  if (c.repeat > 1) number("repeat", c.repeat);
  return out;
}

// Whether the command, once done, leaves nothing more to do on the session.
bool ends_session(Verb v) { return v == Verb::accept_release || v == Verb::abort; }

asio::awaitable<ExitStatus> expect(Dialogue& d, const Command& c) {
  bool timed_out = false;
  auto event = co_await next_event(d, d.expect_timeout, &timed_out);
  if (!event) {
    if (timed_out) {
      print_error(*d.printer, d.name,
                  fmt::format("line {}: no {} within {} ms", c.line, c.expectation.primitive,
                              d.expect_timeout.count()));
      co_return ExitStatus::timed_out;
    }
    print_error(
        *d.printer, d.name,
        fmt::format("line {}: the session ended before {}", c.line, c.expectation.primitive));
    co_return ExitStatus::aborted;
  }
  if (auto why = mismatch(c.expectation, *event)) {
    print_error(*d.printer, d.name, fmt::format("line {}: {}", c.line, *why));
    // An abort the script did not expect is reported as what it is.
    if (std::holds_alternative<session::AbortIndication>(*event)) co_return ExitStatus::aborted;
    co_return ExitStatus::expectation_failed;
  }
  co_return ExitStatus::ok;
}

}  // namespace

std::string endpoint_name(const asio::ip::tcp::endpoint& endpoint) {
  if (endpoint.address().is_v6())
    return fmt::format("[{}]:{}", endpoint.address().to_string(), endpoint.port());
  return fmt::format("{}:{}", endpoint.address().to_string(), endpoint.port());
}

std::string session_name(const net::Session& session) {
  return endpoint_name(session.remote_endpoint());
}

asio::awaitable<void> receive_loop(std::shared_ptr<Dialogue> d) {
  for (;;) {
    while (d->inbox.size() >= Dialogue::inbox_limit) {
      d->space.expires_after(std::chrono::hours(1));
      co_await d->space.async_wait(use_tuple);
    }
    auto [ec, event] = co_await d->session.async_receive(use_tuple);
    if (ec) break;  // connection_closed (or shut_down): the last event came before
    print_event(*d->printer, d->name, event);
    if (auto* minor = std::get_if<session::SyncMinorIndication>(&event))
      d->last_minor_indicated = minor->serial_number;
    if (std::holds_alternative<session::AbortIndication>(event)) d->over = true;
    if (auto* release = std::get_if<session::ReleaseConfirm>(&event); release && release->accepted)
      d->over = true;
    d->inbox.push_back(std::move(event));
    d->arrival.cancel();
  }
  d->closed = true;
  d->over = true;
  d->arrival.cancel();
  if (d->on_closed) d->on_closed();
}

asio::awaitable<std::optional<session::Event>> next_event(Dialogue& d,
                                                          std::chrono::milliseconds limit,
                                                          bool* timed_out) {
  using clock = std::chrono::steady_clock;
  const auto deadline = limit.count() > 0 ? clock::now() + limit : clock::time_point::max();
  while (d.inbox.empty() && !d.closed) {
    if (clock::now() >= deadline) {
      if (timed_out) *timed_out = true;
      co_return std::nullopt;
    }
    // An arrival cancels the wait; the loop then finds the event.
    d.arrival.expires_at(deadline == clock::time_point::max() ? clock::now() + std::chrono::hours(1)
                                                              : deadline);
    co_await d.arrival.async_wait(use_tuple);
  }
  if (d.inbox.empty()) co_return std::nullopt;
  session::Event e = std::move(d.inbox.front());
  d.inbox.pop_front();
  d.space.cancel();
  co_return e;
}

asio::awaitable<ExitStatus> run_command(Dialogue& d, const Command& c) {
  if (c.verb == Verb::wait) {
    asio::steady_timer timer(d.session.get_executor(), c.wait);
    co_await timer.async_wait(use_tuple);
    co_return ExitStatus::ok;
  }
  if (c.verb == Verb::expect) {
    for (std::size_t i = 0; i < c.repeat; ++i)
      if (auto s = co_await expect(d, c); s != ExitStatus::ok) co_return s;
    co_return ExitStatus::ok;
  }
  const ByteBuffer data = payload_octets(c.payload);
  for (std::size_t i = 0; i < c.repeat; ++i) {
    Request r = make_request(c, data, d.last_minor_indicated);
    // The machine's own words for a refusal are richer than the error code the binding returns.
    std::string why;
    auto run = [&why, request = std::move(r.run)](session::Connection& s) {
      auto result = request(s);
      if (!result) why = result.error().detail;
      return result;
    };
    auto [ec, value] = co_await d.session.async_request(run, use_tuple);
    if (ec) {
      print_error(*d.printer, d.name,
                  fmt::format("line {}: {} refused: {}", c.line, r.primitive,
                              why.empty() ? ec.message() : why));
      co_return ec == make_error_code(errc::connection_closed) || d.over ? ExitStatus::aborted
                                                                         : ExitStatus::error;
    }
    // A long repeat prints its first request with the count, not every one.
    if (i == 0)
      print_request(*d.printer, d.name, r.primitive,
                    request_fields(c, data, value, d.last_minor_indicated));
  }
  if (ends_session(c.verb)) d.over = true;
  co_return ExitStatus::ok;
}

asio::awaitable<ExitStatus> finish(Dialogue& d, ExitStatus status) {
  if (!d.over) {
    if (status == ExitStatus::ok)
      print_note(*d.printer, d.name, "the dialogue ended with the session open: aborting it");
    Command abort;
    abort.verb = Verb::abort;
    co_await run_command(d, abort);
  }
  // The rest of the session's events (the close, an abort that crossed ours) are printed first.
  while (!d.closed) {
    bool timed_out = false;
    auto event = co_await next_event(d, d.expect_timeout, &timed_out);
    if (timed_out) {
      print_error(*d.printer, d.name, "the connection did not close: closing it");
      d.session.close();
      break;
    }
    if (event && status == ExitStatus::ok &&
        std::holds_alternative<session::AbortIndication>(*event))
      status = ExitStatus::aborted;
  }
  co_return status;
}

asio::awaitable<ExitStatus> run_script(Dialogue& d, const std::vector<Command>& script) {
  ExitStatus status = ExitStatus::ok;
  for (const auto& command : script) {
    status = co_await run_command(d, command);
    if (status != ExitStatus::ok) break;
  }
  co_return co_await finish(d, status);
}

Status load_files(std::vector<Command>& script) {
  for (auto& c : script) {
    for (Payload* p : {&c.payload, c.expectation.payload ? &*c.expectation.payload : nullptr}) {
      if (!p || p->kind != Payload::Kind::file) continue;
      std::ifstream in(p->path, std::ios::binary);
      if (!in)
        return Error{errc::invalid_argument, 0,
                     fmt::format("line {}: cannot read the file '{}'", c.line, p->path)};
      p->octets.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
  }
  return {};
}

}  // namespace piglix::peer
