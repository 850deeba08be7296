// Fuzz target: piglix::net's server, over a real loopback TCP connection, fed the input as the
// octets of a client. What the other targets cannot reach is exercised here: the reader's loop
// and its cuts, back-pressure on input and output, the turn's writes and completions, and the
// close of a connection whatever state the peer leaves it in.
//
// Input: octet 0 sets the connection's options:
//   bits 0-1  read size: 1, 7, 300 or 65 536 octets
//   bits 2-3  events that may wait for the user: 1, 2, 16 or 256
//   bit 4     the user data those events may hold: 100 octets, else 4 MiB
//   bit 5     output high-water mark: 64 octets, else 1 MiB
//   bit 6     the run ends with the server's graceful shutdown (50 ms of grace) before the
//             client shuts down its side, whatever state the session is in
// Then chunks, each a length octet n and n octets (fewer at the end), written by the client one
// write each. The server runs until it has read every octet written (or closed the connection)
// before the next chunk is written. Then the client shuts down its side and reads until the
// server closes.
//
// The server accepts every session and answers as a cooperative peer: it echoes data, accepts a
// release and acknowledges sync points, resynchronizations and the ends of activities.
//
// Checks besides the sanitizers': every octet the server writes belongs to a valid stream of
// TPKTs holding class 0 TPDUs; the server closes the connection once the client has shut down its
// side and then has no connection left, and nothing waits for ever (10 s of wall time, then the
// run aborts as a hang).
#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>

#include "check.hpp"
#include "fuzz_input.hpp"
#include "piglix/net.hpp"
#include "piglix/tpdu.hpp"
#include "piglix/tpkt.hpp"

namespace piglix::fuzz {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto hang_limit = std::chrono::seconds(10);

// Answers one accepted session as a cooperative peer until its connection ends.
struct Answerer : std::enable_shared_from_this<Answerer> {
  explicit Answerer(net::Session s) : session(std::move(s)) {}

  // A proposal the default response cannot accept (no half-duplex or duplex left, say) is
  // refused; either way the events go on being taken, as a user must for reading to go on.
  void start() {
    session.async_accept({}, [self = shared_from_this()](std::error_code ec) {
      if (!ec) return self->receive();
      self->session.async_refuse({}, [self](std::error_code) { self->receive(); });
    });
  }

  void receive() {
    session.async_receive([self = shared_from_this()](std::error_code ec, session::Event event) {
      if (!ec) self->answer(std::move(event));  // else the connection has ended
    });
  }

  // A refused answer (the state moved on meanwhile) is no failure: the next event is taken.
  void answer(session::Event event) {
    auto next = [self = shared_from_this()](std::error_code) { self->receive(); };
    if (auto* data = std::get_if<session::DataIndication>(&event)) {
      session.async_send_data(std::make_shared<const ByteBuffer>(std::move(data->data)), next);
    } else if (std::holds_alternative<session::ReleaseIndication>(event)) {
      session.async_accept_release({}, next);
    } else if (auto* minor = std::get_if<session::SyncMinorIndication>(&event);
               minor && minor->confirm_required) {
      session.async_acknowledge_sync_minor(minor->serial_number, next);
    } else if (std::holds_alternative<session::SyncMajorIndication>(event)) {
      session.async_acknowledge_sync_major(next);
    } else if (std::holds_alternative<session::ResyncIndication>(event)) {
      session.async_acknowledge_resynchronize({}, next);
    } else if (std::holds_alternative<session::ActivityEndIndication>(event)) {
      session.async_acknowledge_activity_end(next);
    } else if (std::holds_alternative<session::ActivityInterruptIndication>(event)) {
      session.async_acknowledge_activity_interrupt(next);
    } else if (std::holds_alternative<session::ActivityDiscardIndication>(event)) {
      session.async_acknowledge_activity_discard(next);
    } else {
      receive();
    }
  }

  net::Session session;
};

void accept_every_session(net::Server& server) {
  server.async_accept([&server](std::error_code ec, net::Session s, session::ConnectIndication) {
    if (ec) return;  // the server is closed
    std::make_shared<Answerer>(std::move(s))->start();
    accept_every_session(server);
  });
}

// What the server wrote, checked as it comes: TPKTs, each a decodable TPDU. (WireCheck goes on
// to the SPDUs, but needs the stack::Connection, which the binding keeps to itself.)
struct Output {
  tpkt::Framer framer;

  void feed(Bytes written) {
    for (;;) {
      auto packet = framer.next(written);
      check(packet.has_value(), "the server wrote a bad TPKT header");
      if (!*packet) return;
      check(tpdu::decode(**packet).has_value(), "the server wrote a TPKT that is no TPDU");
    }
  }
};

net::ServerOptions options_for(std::uint8_t config, Output& output, std::size_t& received) {
  static constexpr std::size_t read_sizes[] = {1, 7, 300, 65536};
  static constexpr std::size_t event_counts[] = {1, 2, 16, 256};
  net::ServerOptions o;
  net::Options& c = o.connection;
  c.single_thread = true;
  c.read_size = read_sizes[config & 3];
  c.max_queued_events = event_counts[(config >> 2) & 3];
  c.max_queued_event_octets = (config & 0x10) != 0 ? 100 : std::size_t{4} << 20;
  c.output_high_water = (config & 0x20) != 0 ? 64 : std::size_t{1} << 20;
  // After an abort the server waits TIM for the client to close; the client reads on.
  c.tim = std::chrono::milliseconds(100);
  c.trace = [&output, &received](std::string_view, net::Direction direction, Bytes octets) {
    if (direction == net::Direction::sent) {
      output.feed(octets);
    } else {
      received += octets.size();
    }
  };
  return o;
}

class Client {
 public:
  Client(asio::io_context& io, const asio::ip::tcp::endpoint& server) : socket_(io) {
    socket_.connect(server);
    socket_.non_blocking(true);
  }

  // Writes what the socket takes of `octets`; returns how many.
  std::size_t write_some(Bytes octets) {
    std::error_code ec;
    const std::size_t n = socket_.write_some(asio::buffer(octets.data(), octets.size()), ec);
    check(!ec || ec == asio::error::would_block || ec == asio::error::broken_pipe ||
              ec == asio::error::connection_reset,
          "the client cannot write");
    if (ec) closed_by_server_ = ec != asio::error::would_block;
    return ec ? 0 : n;
  }

  // Reads and drops what the server sent; notes its end.
  void drain() {
    std::uint8_t buffer[65536];
    for (;;) {
      std::error_code ec;
      const std::size_t n = socket_.read_some(asio::buffer(buffer), ec);
      if (ec == asio::error::would_block) return;
      if (ec) {
        server_ended_ = true;  // end of stream or reset
        return;
      }
      (void)n;
    }
  }

  void shutdown_sending() {
    std::error_code ignored;
    (void)socket_.shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
  }
  bool server_ended() const noexcept { return server_ended_; }
  bool closed_by_server() const noexcept { return closed_by_server_ || server_ended_; }

 private:
  asio::ip::tcp::socket socket_;
  bool server_ended_ = false;
  bool closed_by_server_ = false;
};

// Runs the io_context's ready handlers and reads what the server sent until `done()` holds.
template <class Done>
void run_until(asio::io_context& io, Client& client, Clock::time_point deadline, Done done) {
  while (!done()) {
    check(Clock::now() < deadline, "the server hangs: the run took longer than its time limit");
    io.poll();
    client.drain();
    if (done()) return;
    // Nothing was ready: give the other end of the loopback a moment (a timer, the kernel).
    io.run_one_for(std::chrono::milliseconds(1));
  }
}

void run(Bytes data) {
  Input in(data);
  const std::uint8_t config = in.u8();
  asio::io_context io(1);
  Output output;
  std::size_t received = 0;
  net::Server server(io.get_executor(), {asio::ip::address_v4::loopback(), 0},
                     options_for(config, output, received));
  accept_every_session(server);
  Client client(io, server.local_endpoint());
  const Clock::time_point deadline = Clock::now() + hang_limit;

  std::size_t written = 0;
  while (!in.empty() && !client.closed_by_server()) {
    Bytes chunk = in.take(in.u8());
    while (!chunk.empty() && !client.closed_by_server()) {
      const std::size_t n = client.write_some(chunk);
      chunk = chunk.subspan(n);
      written += n;
      // The server reads all of it, unless it closes the connection.
      run_until(io, client, deadline, [&] {
        return received == written || client.closed_by_server() ||
               (n == 0 && server.connection_count() == 0);
      });
    }
  }
  if ((config & 0x40) != 0) {
    // The server releases, refuses or aborts what is open, and closes it after the grace period
    // (the client answers nothing).
    bool shut_down = false;
    server.async_shutdown(std::chrono::milliseconds(50), [&](std::error_code ec) {
      check(!ec, "the server's shutdown failed");
      shut_down = true;
    });
    run_until(io, client, deadline, [&] { return shut_down && client.server_ended(); });
    check(server.connection_count() == 0, "a connection is left after the shutdown");
  }
  client.shutdown_sending();
  run_until(io, client, deadline,
            [&] { return client.server_ended() && server.connection_count() == 0; });
  server.close();
  io.run_for(std::chrono::seconds(5));
  check(io.stopped(), "work is left on the io_context after every connection closed");
}

}  // namespace
}  // namespace piglix::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  piglix::fuzz::run({data, size});
  return 0;
}
