// What the command line of piglix-peer sets, and how it becomes the stack's configuration.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "piglix/error.hpp"
#include "piglix/net/options.hpp"
#include "piglix/session/primitives.hpp"

namespace piglix::peer {

struct Settings {
  // connect: HOST[:PORT] ("[::1]:1102" for IPv6 with a port); listen: --port and --address.
  std::string target;
  std::uint16_t port = 102;
  std::string address;
  bool ipv6 = false;

  std::vector<std::string> functional_units{"duplex"};
  std::string tokens_at = "initiator";  // where the tokens start: initiator, acceptor, choose
  std::vector<int> versions{2};
  std::size_t tpdu_size = 8192;
  std::uint16_t max_tsdu = 0;  // 0 = no limit
  std::string calling_tsap, called_tsap, calling_ssel, called_ssel;
  std::vector<std::string> local_tsaps, local_ssels;  // listen: what this side answers to
  std::string connect_data;
  // Annex A p02: keep the transport after AB or RF (answers AB with AA).
  bool keep_transport = false;
  double connect_timeout = 10, expect_timeout = 10, tim = 10, idle_timeout = 0;
};

// "data", "minor-sync", ... to spdu::fu bits; the error names an unknown one.
Result<std::uint16_t> functional_unit_bits(const std::vector<std::string>& names);
// The names of the functional units (for --help).
std::string functional_unit_list();

// Host and port of "HOST", "HOST:PORT", "[V6]:PORT" or a bare IPv6 address.
Result<std::pair<std::string, std::string>> split_target(const std::string& target,
                                                         std::uint16_t default_port);

// Seconds as the command line gives them, as a duration.
std::chrono::milliseconds millis(double seconds);

// A selector or user data as given: "hex:..." or text.
Result<ByteBuffer> octets_argument(const std::string& value);

Result<net::Options> make_options(const Settings& s);
Result<session::ConnectRequest> make_connect_request(const Settings& s);

}  // namespace piglix::peer
