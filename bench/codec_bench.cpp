// Encode and decode throughput of the session codec on the SPDUs that dominate real traffic:
// GT + DT data TSDUs of several sizes, and a typical CN / AC pair. The memcpy rows are the
// baseline measured in the same run: encoding a DT cannot beat copying its user information.
#include <benchmark/benchmark.h>

#include <cstring>
#include <vector>

#include "piglix/spdu.hpp"
#include "piglix/tpdu.hpp"
#include "piglix/tpkt.hpp"

namespace {

using namespace piglix;

ByteBuffer payload(std::size_t size) {
  ByteBuffer data(size);
  for (std::size_t i = 0; i < size; ++i) data[i] = static_cast<std::uint8_t>(i * 31 + 7);
  return data;
}

void set_rates(benchmark::State& state, std::size_t bytes_per_item) {
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes_per_item));
}

void BM_MemcpyBaseline(benchmark::State& state) {
  const ByteBuffer data = payload(static_cast<std::size_t>(state.range(0)));
  ByteBuffer out(data.size() + 8);
  for (auto _ : state) {
    std::memcpy(out.data() + 4, data.data(), data.size());
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  set_rates(state, data.size());
}

void BM_EncodeData(benchmark::State& state) {
  const ByteBuffer data = payload(static_cast<std::size_t>(state.range(0)));
  const spdu::Spdu spdus[] = {spdu::GiveTokens{}, spdu::DataTransfer{{}, data}};
  ByteBuffer out;
  for (auto _ : state) {
    out.clear();  // keeps its capacity: no allocation in steady state
    if (!spdu::encode_tsdu(spdus, out)) state.SkipWithError("encode failed");
    benchmark::DoNotOptimize(out.data());
  }
  set_rates(state, data.size());
}

void BM_DecodeData(benchmark::State& state) {
  const ByteBuffer data = payload(static_cast<std::size_t>(state.range(0)));
  const spdu::Spdu spdus[] = {spdu::GiveTokens{}, spdu::DataTransfer{{}, data}};
  ByteBuffer tsdu;
  (void)spdu::encode_tsdu(spdus, tsdu);
  std::vector<spdu::Spdu> decoded;
  for (auto _ : state) {
    if (!spdu::decode_tsdu(tsdu, decoded)) state.SkipWithError("decode failed");
    benchmark::DoNotOptimize(decoded.data());
  }
  set_rates(state, data.size());
}

// The whole receive path of one data TSDU below the session machine: TPKT framing, DT decoding,
// SPDU decoding (the TSDU fits one DT).
void BM_DecodeDataPacket(benchmark::State& state) {
  const ByteBuffer data = payload(static_cast<std::size_t>(state.range(0)));
  const spdu::Spdu spdus[] = {spdu::GiveTokens{}, spdu::DataTransfer{{}, data}};
  ByteBuffer tsdu, dt, stream;
  (void)spdu::encode_tsdu(spdus, tsdu);
  (void)tpdu::encode(tpdu::Data{true, tsdu}, dt);
  (void)tpkt::append_packet(stream, dt);
  std::vector<spdu::Spdu> decoded;
  tpkt::Framer framer;
  for (auto _ : state) {
    Bytes input(stream);
    auto packet = framer.next(input);
    auto tpdu = tpdu::decode(**packet);
    const auto& user_data = std::get<tpdu::Data>(*tpdu).user_data;
    if (!spdu::decode_tsdu(user_data, decoded)) state.SkipWithError("decode failed");
    benchmark::DoNotOptimize(decoded.data());
  }
  set_rates(state, data.size());
}

// CN and AC as an MMS association sends them (version 2, duplex, selectors, ~160 octets of
// presentation data), plus the token and serial number parameters of a full-featured session.
spdu::Connect typical_connect(Bytes user_data) {
  spdu::Connect cn;
  cn.connect_accept_item = spdu::ConnectAcceptItem{};
  cn.connect_accept_item->protocol_options = 0;
  cn.connect_accept_item->tsdu_maximum_size = spdu::TsduMaximumSize{0, 0};
  cn.connect_accept_item->version_number = spdu::version::v2;
  cn.connect_accept_item->initial_serial_number = spdu::SerialNumber{1};
  cn.connect_accept_item->token_setting_item = 0x55;
  cn.session_user_requirements = spdu::fu::duplex;
  static const std::uint8_t selector[] = {0x00, 0x01};
  cn.calling_session_selector = selector;
  cn.called_session_selector = selector;
  cn.user_data = user_data;
  return cn;
}

spdu::Accept typical_accept(Bytes user_data) {
  spdu::Accept ac;
  ac.connect_accept_item = spdu::ConnectAcceptItem{};
  ac.connect_accept_item->protocol_options = 0;
  ac.connect_accept_item->version_number = spdu::version::v2;
  ac.connect_accept_item->initial_serial_number = spdu::SerialNumber{1};
  ac.session_user_requirements = spdu::fu::duplex;
  static const std::uint8_t selector[] = {0x00, 0x01};
  ac.responding_session_selector = selector;
  ac.user_data = user_data;
  return ac;
}

template <class Make>
void BM_EncodeConnect(benchmark::State& state, Make make) {
  const ByteBuffer user_data = payload(156);
  const spdu::Spdu spdu = make(user_data);
  ByteBuffer out;
  for (auto _ : state) {
    out.clear();
    if (!spdu::encode(spdu, out)) state.SkipWithError("encode failed");
    benchmark::DoNotOptimize(out.data());
  }
  set_rates(state, spdu::encoded_size(spdu));
}

template <class Make>
void BM_DecodeConnect(benchmark::State& state, Make make) {
  const ByteBuffer user_data = payload(156);
  ByteBuffer tsdu;
  (void)spdu::encode(make(user_data), tsdu);
  std::vector<spdu::Spdu> decoded;
  for (auto _ : state) {
    if (!spdu::decode_tsdu(tsdu, decoded)) state.SkipWithError("decode failed");
    benchmark::DoNotOptimize(decoded.data());
  }
  set_rates(state, tsdu.size());
}

constexpr std::int64_t sizes[] = {16, 1024, 64 * 1024};

void data_sizes(benchmark::internal::Benchmark* b) {
  for (std::int64_t size : sizes) b->Arg(size);
}

BENCHMARK(BM_MemcpyBaseline)->Apply(data_sizes);
BENCHMARK(BM_EncodeData)->Apply(data_sizes);
BENCHMARK(BM_DecodeData)->Apply(data_sizes);
// 65524 octets: the largest user information whose TSDU (4 octets of GT + DT) fits one DT in one
// TPKT; larger TSDUs are split over several DTs by the transport layer.
BENCHMARK(BM_DecodeDataPacket)->Arg(16)->Arg(1024)->Arg(65524);
BENCHMARK_CAPTURE(BM_EncodeConnect, CN, typical_connect);
BENCHMARK_CAPTURE(BM_EncodeConnect, AC, typical_accept);
BENCHMARK_CAPTURE(BM_DecodeConnect, CN, typical_connect);
BENCHMARK_CAPTURE(BM_DecodeConnect, AC, typical_accept);

}  // namespace
