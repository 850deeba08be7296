#include "prompt.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <asio/experimental/as_tuple.hpp>
#include <asio/posix/stream_descriptor.hpp>
#include <asio/read_until.hpp>
#include <asio/streambuf.hpp>
#include <asio/use_awaitable.hpp>
#include <istream>

namespace piglix::peer {
namespace {

void print_help(std::FILE* out) {
  fmt::print(out, "Commands (one per line; `repeat N COMMAND` repeats one):\n");
  for (const auto& s : syntax_table())
    fmt::print(out, "  {:<24} {:<38} {}\n", s.name, s.arguments, s.meaning);
  fmt::print(out,
             "PAYLOAD: a size (100, 64K), text:..., hex:..., file:PATH. TOKENS: data, minor, "
             "major, release, all, joined by commas.\nPrimitives for expect: ");
  for (const auto& p : indication_table()) fmt::print(out, "{} ", p.name);
  fmt::print(out, "\nhelp, quit\n");
  std::fflush(out);
}

}  // namespace

asio::awaitable<ExitStatus> run_prompt(std::shared_ptr<Dialogue> d) {
  // A duplicate, so closing the descriptor at the end leaves the process's stdin alone.
  asio::posix::stream_descriptor input(d->session.get_executor(), ::dup(STDIN_FILENO));
  d->on_closed = [&input] {
    std::error_code ignored;
    (void)input.cancel(ignored);
  };
  asio::streambuf buffer;
  ExitStatus status = ExitStatus::ok;
  std::size_t line_number = 0;
  fmt::print(d->printer->out, "piglix-peer: connected; `help` lists the commands\n");
  while (!d->closed) {
    fmt::print(d->printer->out, "piglix> ");
    std::fflush(d->printer->out);
    auto [ec, n] = co_await asio::async_read_until(
        input, buffer, '\n', asio::experimental::as_tuple(asio::use_awaitable));
    if (ec) break;  // end of input, or the session ended
    std::istream stream(&buffer);
    std::string line;
    std::getline(stream, line);
    ++line_number;
    if (line == "quit" || line == "exit") break;
    if (line == "help") {
      print_help(d->printer->out);
      continue;
    }
    auto command = parse_line(line, line_number);
    if (!command) {
      print_error(*d->printer, d->name, command.error().detail);
      continue;
    }
    if (!*command) continue;
    // A failure is shown and remembered; the user decides what to do next.
    status = worse(status, co_await run_command(*d, **command));
  }
  d->on_closed = nullptr;
  co_return co_await finish(*d, status);
}

}  // namespace piglix::peer
