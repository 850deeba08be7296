#include "piglix/output_queue.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <vector>

namespace piglix {
namespace {

std::vector<std::size_t> piece_sizes(const OutputQueue& q) {
  std::vector<std::size_t> sizes;
  q.for_each_piece([&](Bytes piece) { sizes.push_back(piece.size()); });
  return sizes;
}

TEST(OutputQueue, CopiedOctetsFollowingEachOtherAreOnePiece) {
  OutputQueue q;
  EXPECT_TRUE(q.empty());
  q.append(ByteBuffer{1, 2, 3});
  q.append(ByteBuffer{4});
  q.append({});
  EXPECT_EQ(q.size(), 4u);
  EXPECT_EQ(piece_sizes(q), (std::vector<std::size_t>{4}));
  EXPECT_EQ(q.flatten(), (ByteBuffer{1, 2, 3, 4}));
}

TEST(OutputQueue, HeldBuffersKeepTheirPlaceInTheOrder) {
  OutputQueue q;
  ByteBuffer big{10, 11, 12, 13, 14, 15};
  const std::uint8_t* storage = big.data();
  q.append(ByteBuffer{1});
  const std::size_t h = q.hold(std::move(big));
  q.append_held(h, 0, 4);
  q.append(ByteBuffer{2});
  q.append_held(h, 4, 2);
  q.append(ByteBuffer{3});
  EXPECT_EQ(q.size(), 9u);
  EXPECT_EQ(piece_sizes(q), (std::vector<std::size_t>{1, 4, 1, 2, 1}));
  std::vector<const std::uint8_t*> starts;
  q.for_each_piece([&](Bytes piece) { starts.push_back(piece.data()); });
  EXPECT_EQ(starts[1], storage) << "not copied";
  EXPECT_EQ(starts[3], storage + 4);
  EXPECT_EQ(q.flatten(), (ByteBuffer{1, 10, 11, 12, 13, 2, 14, 15, 3}));
}

TEST(OutputQueue, ClearIntoHandsTheHeldBuffersBack) {
  OutputQueue q;
  ByteBuffer big(1000, 7);
  const std::uint8_t* storage = big.data();
  q.append_held(q.hold(std::move(big)), 0, 1000);
  q.append(ByteBuffer{1, 2});
  std::vector<ByteBuffer> back;
  q.clear_into([&](ByteBuffer&& b) { back.push_back(std::move(b)); });
  EXPECT_TRUE(q.empty());
  EXPECT_EQ(q.piece_count(), 0u);
  ASSERT_EQ(back.size(), 1u);
  EXPECT_TRUE(back[0].empty());
  EXPECT_EQ(back[0].data(), storage) << "the same memory, for reuse";
  EXPECT_GE(back[0].capacity(), 1000u);
}

TEST(OutputQueue, SharedSlicesAreReferredToUntilCleared) {
  OutputQueue q;
  const auto shared = std::make_shared<const ByteBuffer>(ByteBuffer{20, 21, 22, 23, 24, 25});
  q.append(ByteBuffer{1});
  q.append_shared(shared, 1, 3);
  q.append(ByteBuffer{2});
  q.append_shared(shared, 4, 2);
  q.append_shared(shared, 0, 0);  // nothing to send
  EXPECT_EQ(q.size(), 7u);
  EXPECT_EQ(piece_sizes(q), (std::vector<std::size_t>{1, 3, 1, 2}));
  EXPECT_EQ(q.flatten(), (ByteBuffer{1, 21, 22, 23, 2, 24, 25}));
  q.for_each_piece([&](Bytes piece) {
    if (piece.size() == 3) {
      EXPECT_EQ(piece.data(), shared->data() + 1) << "not copied";
    }
  });
  EXPECT_EQ(shared.use_count(), 2) << "one reference for both slices of the same buffer";
  OutputQueue other;
  q.swap(other);
  EXPECT_EQ(shared.use_count(), 2);
  other.clear_into([](ByteBuffer&&) { ADD_FAILURE() << "a shared buffer is not the queue's"; });
  EXPECT_EQ(shared.use_count(), 1);
  EXPECT_TRUE(other.empty());
}

TEST(OutputQueue, SwapAndTakeAll) {
  OutputQueue a, b;
  a.append(ByteBuffer{1, 2});
  ByteBuffer held{3, 4};
  a.append_held(a.hold(std::move(held)), 0, 2);
  a.swap(b);
  EXPECT_TRUE(a.empty());
  EXPECT_EQ(b.size(), 4u);
  EXPECT_EQ(b.take_all(), (ByteBuffer{1, 2, 3, 4}));
  EXPECT_TRUE(b.empty());
}

}  // namespace
}  // namespace piglix
