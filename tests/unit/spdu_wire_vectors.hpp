// Session-layer wire vectors from /work/shared/reference/wire-examples.md (sections A, B and C4).
#pragma once

#include <vector>

#include "spdu_test_support.hpp"

namespace piglix::spdu::test {

// C4: SPDUs as ISODE encodes them, with the kinds they decode to (default DecodeOptions).
struct IsodeVector {
  const char* name;
  const char* octets;
  std::vector<Kind> kinds;
};

inline const std::vector<IsodeVector>& isode_vectors() {
  static const std::vector<IsodeVector> vectors = {
      {"AbUserAbort", "19 03 11 01 03", {Kind::AB}},
      {"AbProtocolError", "19 03 11 01 05", {Kind::AB}},
      {"FnTransportRelease", "09 03 11 01 01", {Kind::FN}},
      {"RfVersionsNotSupported", "0c 09 11 01 01 16 01 03 32 01 84", {Kind::RF}},
      {"Aa", "1a 00", {Kind::AA}},
      {"Gtc", "15 00", {Kind::GTC}},
      {"Gta", "16 00", {Kind::GTA}},
      {"PrMajorSyncAck", "07 03 18 01 01", {Kind::PR}},
      {"GtDataToken", "01 03 10 01 01", {Kind::GT}},
      {"PtDataToken", "02 03 10 01 01", {Kind::PT}},
      {"GtMip", "01 00 31 06 0f 01 01 2a 01 35", {Kind::GT, Kind::MIP}},
      {"PtMia", "02 00 32 03 2a 01 35", {Kind::PT, Kind::MIA}},
      {"GtMap", "01 00 29 07 0f 01 01 2a 02 31 32", {Kind::GT, Kind::MAP}},
      {"GtAe", "01 00 29 04 2a 02 31 32", {Kind::GT, Kind::AE}},
      {"PtMaa", "02 00 2a 04 2a 02 31 32", {Kind::PT, Kind::MAA}},
      {"GtRsRestart", "01 00 35 06 1b 01 00 2a 01 33", {Kind::GT, Kind::RS}},
      {"PtRa", "02 00 22 03 2a 01 33", {Kind::PT, Kind::RA}},
      {"GtAs", "01 00 2d 03 29 01 01", {Kind::GT, Kind::AS}},
      {"GtAi", "01 00 19 03 32 01 00", {Kind::GT, Kind::AI}},
      {"PtAia", "02 00 1a 00", {Kind::PT, Kind::AIA}},
      {"PtEd", "02 00 30 03 32 01 03", {Kind::PT, Kind::ED}},
  };
  return vectors;
}

// A2: the TSDU of the session CONNECT (the 187-octet capture without TPKT and COTP DT headers).
inline ByteBuffer a2_connect() {
  return hex(R"(
    0d b2 05 06 13 01 00 16 01
    02 14 02 00 02 33 02 00 01 34 02 00 01 c1 9c 31
    81 99 a0 03 80 01 01 a2 81 91 81 04 00 00 00 01
    82 04 00 00 00 01 a4 23 30 0f 02 01 01 06 04 52
    01 00 01 30 04 06 02 51 01 30 10 02 01 03 06 05
    28 ca 22 02 01 30 04 06 02 51 01 61 5e 30 5c 02
    01 01 a0 57 60 55 a1 07 06 05 28 ca 22 02 03 a2
    07 06 05 29 01 87 67 01 a3 03 02 01 0c a6 06 06
    04 29 01 87 67 a7 03 02 01 0c be 2f 28 2d 02 01
    03 a0 28 a8 26 80 03 00 fd e8 81 01 05 82 01 05
    83 01 0a a4 16 80 01 01 81 03 05 f1 00 82 0c 03
    ee 1c 00 00 04 08 00 00 79 ef 18)");
}

// A3: the TSDU of the session ACCEPT (143-octet capture without its 7 header octets).
inline ByteBuffer a3_accept() {
  return hex(R"(
    0e 86 05 06 13 01 00 16 01
    02 14 02 00 02 34 02 00 01 c1 74 31 72 a0 03 80
    01 01 a2 6b 83 04 00 00 00 01 a5 12 30 07 80 01
    00 81 02 51 01 30 07 80 01 00 81 02 51 01 61 4f
    30 4d 02 01 01 a0 48 61 46 a1 07 06 05 28 ca 22
    02 03 a2 03 02 01 00 a3 05 a1 03 02 01 00 be 2f
    28 2d 02 01 03 a0 28 a9 26 80 03 00 fd e8 81 01
    05 82 01 05 83 01 0a a4 16 80 01 01 81 03 05 f1
    00 82 0c 03 ee 1c 00 00 00 02 00 00 40 ed 18)");
}

// A4: MMS Read request data TSDU (GT herald, DT, 55 octets of user information).
inline ByteBuffer a4_read_request() {
  return hex(R"(
    01 00 01 00 61 35 30 33 02
    01 03 a0 2e a0 2c 02 01 01 a4 27 a1 25 a0 23 30
    21 a0 1f a1 1d 1a 11 73 69 6d 70 6c 65 49 4f 47
    65 6e 65 72 69 63 49 4f 1a 08 47 47 49 4f 31 24
    4d 58)");
}

// A5: MMS Read response data TSDU (124 octets of user information).
inline ByteBuffer a5_read_response() {
  return hex(R"(
    01 00 01 00 61 7a 30 78 02
    01 03 a0 73 a1 71 02 01 01 a4 6c a1 6a a2 68 a2
    18 a2 07 87 05 08 bf 79 d5 69 84 03 03 00 00 91
    08 69 5b a6 ce 6a 3d 70 80 a2 18 a2 07 87 05 08
    bf 35 fb 38 84 03 03 00 00 91 08 69 5b a6 ce 6a
    3d 70 80 a2 18 a2 07 87 05 08 3e 54 bc 2f 84 03
    03 00 00 91 08 69 5b a6 ce 6a 3d 70 80 a2 18 a2
    07 87 05 08 3f 6f 73 b4 84 03 03 00 00 91 08 69
    5b a6 ce 6a 3d 70 80)");
}

}  // namespace piglix::spdu::test
