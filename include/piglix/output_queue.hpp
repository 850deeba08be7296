// OutputQueue: the octets a connection has to write, in order, without copying large TSDUs.
//
// Small octets (TPKT and TPDU headers, control TPDUs, short TSDUs) are copied into one buffer, so
// many SPDUs still leave in one write. A large TSDU handed over by value is held whole instead,
// and the queue only refers to it: the writer sends the pieces with one gather write, and gives
// the held buffers back for reuse once they are written. Octets of a SharedBuffer (user data given
// up by the user) are referred to the same way. Without this, every octet of bulk data
// was copied a second time on its way out (perf: a sixth of the sending thread's time at 1 MiB).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "piglix/bytes.hpp"

namespace piglix {

class OutputQueue {
 public:
  bool empty() const noexcept { return size_ == 0; }
  std::size_t size() const noexcept { return size_; }

  // Appends a copy of `octets`.
  void append(Bytes octets);
  // Takes `buffer` into the queue, without copying it; returns its handle for append_held().
  std::size_t hold(ByteBuffer&& buffer);
  // Appends `size` octets of a held buffer from `offset` on.
  void append_held(std::size_t handle, std::size_t offset, std::size_t size);
  // Appends `size` octets of `buffer` from `offset` on, keeping a reference to it until the queue
  // is cleared.
  void append_shared(const SharedBuffer& buffer, std::size_t offset, std::size_t size);

  // Calls f(Bytes) for each piece, in order: what a gather write sends.
  template <class F>
  void for_each_piece(F&& f) const {
    for (const Piece& p : pieces_) f(piece_bytes(p));
  }
  std::size_t piece_count() const noexcept { return pieces_.size(); }
  // Every octet in one buffer (for tests, traces and writers without gather).
  ByteBuffer flatten() const;
  // flatten(), then clear(): for a writer that takes all in one buffer.
  ByteBuffer take_all();

  // Empties the queue, dropping the held buffers; the copy buffer keeps its capacity.
  void clear();
  // The same, handing each held buffer (emptied) to reuse(ByteBuffer&&) instead.
  template <class F>
  void clear_into(F&& reuse) {
    for (ByteBuffer& b : held_) {
      b.clear();
      reuse(std::move(b));
    }
    clear();
  }
  void swap(OutputQueue& other) noexcept;

 private:
  static constexpr std::size_t copied = SIZE_MAX;  // Piece::buffer of the copy buffer
  // Piece::buffer at and above this indexes shared_ (shared_base + i), below it held_.
  static constexpr std::size_t shared_base = SIZE_MAX / 2;

  struct Piece {
    std::size_t buffer;  // index into held_, shared_base + index into shared_, or `copied`
    std::size_t offset;
    std::size_t size;
  };

  Bytes piece_bytes(const Piece& p) const noexcept {
    const ByteBuffer& b = p.buffer == copied        ? copies_
                          : p.buffer >= shared_base ? *shared_[p.buffer - shared_base]
                                                    : held_[p.buffer];
    return Bytes(b).subspan(p.offset, p.size);
  }

  ByteBuffer copies_;
  std::vector<ByteBuffer> held_;
  std::vector<SharedBuffer> shared_;
  std::vector<Piece> pieces_;
  std::size_t size_ = 0;
};

}  // namespace piglix
