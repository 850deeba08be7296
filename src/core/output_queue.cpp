// OutputQueue: copied octets and held buffers, as one ordered sequence of pieces.
#include "piglix/output_queue.hpp"

#include <utility>

namespace piglix {

void OutputQueue::append(Bytes octets) {
  if (octets.empty()) return;
  const std::size_t at = copies_.size();
  copies_.insert(copies_.end(), octets.begin(), octets.end());
  size_ += octets.size();
  // Octets that follow copied ones extend their piece: a run of small SPDUs is one piece.
  if (!pieces_.empty()) {
    Piece& last = pieces_.back();
    if (last.buffer == copied && last.offset + last.size == at) {
      last.size += octets.size();
      return;
    }
  }
  pieces_.push_back(Piece{copied, at, octets.size()});
}

std::size_t OutputQueue::hold(ByteBuffer&& buffer) {
  held_.push_back(std::move(buffer));
  return held_.size() - 1;
}

void OutputQueue::append_held(std::size_t handle, std::size_t offset, std::size_t size) {
  if (size == 0) return;
  pieces_.push_back(Piece{handle, offset, size});
  size_ += size;
}

void OutputQueue::append_shared(const SharedBuffer& buffer, std::size_t offset, std::size_t size) {
  if (size == 0) return;
  // The segments of one large SSDU share its buffer: one reference for all of them.
  if (shared_.empty() || shared_.back() != buffer) shared_.push_back(buffer);
  pieces_.push_back(Piece{shared_base + shared_.size() - 1, offset, size});
  size_ += size;
}

ByteBuffer OutputQueue::flatten() const {
  ByteBuffer all;
  all.reserve(size_);
  for_each_piece([&](Bytes b) { all.insert(all.end(), b.begin(), b.end()); });
  return all;
}

ByteBuffer OutputQueue::take_all() {
  ByteBuffer all = flatten();
  clear();
  return all;
}

void OutputQueue::clear() {
  held_.clear();
  shared_.clear();
  pieces_.clear();
  copies_.clear();
  size_ = 0;
}

void OutputQueue::swap(OutputQueue& other) noexcept {
  copies_.swap(other.copies_);
  held_.swap(other.held_);
  shared_.swap(other.shared_);
  pieces_.swap(other.pieces_);
  std::swap(size_, other.size_);
}

}  // namespace piglix
