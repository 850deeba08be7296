// The whole sans-I/O stack (session machine over the class 0 transport machine over TPKT) moving
// S-DATA from one stack::Connection to another in memory: the cost piglix adds per SPDU before
// any system call, and the heap allocations it makes per SPDU in steady state, counted by
// replacing the global operator new. Baseline in the same run: memcpy of the same user data.
#include <benchmark/benchmark.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>

#include "piglix/stack.hpp"

namespace {

std::atomic<std::uint64_t> allocations{0};

}  // namespace

// Counting every allocation of the process: the benchmark reports those made inside its loop.
void* operator new(std::size_t size) {
  allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size ? size : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace piglix {
namespace {

// Two established stacks joined in memory; `forward` moves one side's output to the other.
struct Pair {
  stack::Connection client = stack::make_initiator({});
  stack::Connection server = stack::make_acceptor({});

  // The output queue's pieces are gathered into one reused buffer, as a gather write lands in
  // the socket's buffer (the kernel's copy), then the queue is handed back as after a write.
  static void forward(stack::Connection& from, stack::Connection& to) {
    if (from.transport.output.empty()) return;
    thread_local ByteBuffer wire;
    wire.clear();
    from.transport.output.for_each_piece(
        [&](Bytes piece) { wire.insert(wire.end(), piece.begin(), piece.end()); });
    stack::receive(to, wire);
    stack::written(from, from.transport.output);
  }

  Pair() {
    stack::network_connected(client);
    (void)session::connect(client.session, {});
    stack::pump(client);
    for (int i = 0; i < 8; ++i) {
      forward(client, server);
      while (auto e = session::poll_event(server.session))
        if (std::holds_alternative<session::ConnectIndication>(*e)) {
          (void)session::accept(server.session, {});
          stack::pump(server);
        }
      forward(server, client);
      while (session::poll_event(client.session)) {
      }
    }
  }
};

void BM_MemcpyBaseline(benchmark::State& state) {
  const auto size = static_cast<std::size_t>(state.range(0));
  ByteBuffer from(size, 0x5a), to(size);
  for (auto _ : state) {
    std::memcpy(to.data(), from.data(), size);
    benchmark::DoNotOptimize(to.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}

// What the users of BM_StackDataOneWay do with their buffers.
enum class Users {
  kept,      // the receiver keeps each indication's data
  recycled,  // the receiver hands it back (session::recycle())
  shared,    // recycled, and the sender gives its data in a SharedBuffer, which is not copied
};

// One S-DATA request on one side, its octets into the other, and its indication taken.
void BM_StackDataOneWay(benchmark::State& state, Users users) {
  const auto size = static_cast<std::size_t>(state.range(0));
  Pair pair;
  const SharedBuffer data = std::make_shared<const ByteBuffer>(size, 0x5a);
  const bool recycle = users != Users::kept;
  std::uint64_t delivered = 0;
  auto once = [&] {
    if (users == Users::shared) {
      (void)session::send_data(pair.client.session, data);
    } else {
      (void)session::send_data(pair.client.session, *data);
    }
    stack::pump(pair.client);
    Pair::forward(pair.client, pair.server);
    while (auto e = session::poll_event(pair.server.session)) {
      auto& received = std::get<session::DataIndication>(*e).data;
      delivered += received.size();
      if (recycle) session::recycle(pair.server.session, std::move(received));
    }
  };
  for (int i = 0; i < 100; ++i) once();  // steady state: buffers have grown to their size
  const std::uint64_t before = allocations.load();
  for (auto _ : state) once();
  const double per_spdu = static_cast<double>(allocations.load() - before) /
                          static_cast<double>(std::max<std::int64_t>(1, state.iterations()));
  state.counters["allocations/SPDU"] = per_spdu;
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
  if (delivered != (static_cast<std::uint64_t>(state.iterations()) + 100) * size)
    state.SkipWithError("user data lost");
}

void data_sizes(benchmark::internal::Benchmark* b) {
  for (int size : {64, 1024, 16 << 10, 60 << 10}) b->Arg(size);
}

BENCHMARK(BM_MemcpyBaseline)->Apply(data_sizes);
BENCHMARK_CAPTURE(BM_StackDataOneWay, kept, Users::kept)->Apply(data_sizes);
BENCHMARK_CAPTURE(BM_StackDataOneWay, recycled, Users::recycled)->Apply(data_sizes);
BENCHMARK_CAPTURE(BM_StackDataOneWay, shared, Users::shared)->Apply(data_sizes);

}  // namespace
}  // namespace piglix
