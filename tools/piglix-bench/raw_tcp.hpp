// The raw-TCP baseline's socket calls: plain Asio, no piglix, set up like piglix::net sets up its
// sockets (TCP_NODELAY, reads of Workload::read_size) so that only the protocol stack differs.
#pragma once

#include <asio/awaitable.hpp>
#include <asio/ip/tcp.hpp>
#include <cstddef>
#include <cstdint>
#include <system_error>

#include "bench.hpp"
#include "piglix/bytes.hpp"

namespace piglix::bench_tool {

// The small message the raw baselines write where piglix sends an SPDU without user data (a sync
// point, its acknowledgement, a token given): eight octets, about the size of those SPDUs.
inline constexpr std::size_t raw_signal_size = 8;

asio::awaitable<std::error_code> raw_connect(asio::ip::tcp::socket& socket, std::uint16_t port);
asio::awaitable<std::error_code> raw_accept(asio::ip::tcp::acceptor& acceptor,
                                            asio::ip::tcp::socket& socket);
// One write system call's worth of intent: the whole of `octets`.
asio::awaitable<std::error_code> raw_write(asio::ip::tcp::socket& socket, Bytes octets);
// Reads exactly `n` octets into `scratch` (reused; each read asks for at most its size).
asio::awaitable<std::error_code> raw_read_exactly(asio::ip::tcp::socket& socket, std::uint64_t n,
                                                  ByteBuffer& scratch);
// Reads whatever arrives next into `scratch`; `n` is how many octets came.
asio::awaitable<std::error_code> raw_read_some(asio::ip::tcp::socket& socket, ByteBuffer& scratch,
                                               std::size_t& n);

// Reads until `side.octets` reaches `total`, stamping `side.finished` at every read. More octets
// than that, or the connection closing first, is an error (returned; empty when all is well).
asio::awaitable<std::string> raw_receive_until(asio::ip::tcp::socket& socket, std::uint64_t total,
                                               ByteBuffer& scratch, Side& side);

// The raw analogue of an orderly release: this side's FIN, then the peer's close. Returns what
// went wrong, or empty.
asio::awaitable<std::string> raw_close_and_wait(asio::ip::tcp::socket& socket);

}  // namespace piglix::bench_tool
