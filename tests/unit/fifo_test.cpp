// piglix::Fifo: order, sizes, iteration, and that taken elements give their room back instead of
// the vector growing.
#include "piglix/fifo.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace piglix {
namespace {

TEST(Fifo, KeepsOrderThroughInterleavedPushesAndPops) {
  Fifo<int> q;
  EXPECT_TRUE(q.empty());
  int next_in = 0, next_out = 0;
  for (int round = 0; round < 1000; ++round) {
    for (int i = 0; i < round % 7; ++i) q.push_back(next_in++);
    for (int i = 0; i < round % 5 && !q.empty(); ++i) {
      ASSERT_EQ(q.front(), next_out++);
      q.pop_front();
    }
    ASSERT_EQ(q.size(), static_cast<std::size_t>(next_in - next_out));
  }
  int expected = next_out;
  for (int v : q) EXPECT_EQ(v, expected++);
  EXPECT_EQ(expected, next_in);
}

TEST(Fifo, PoppedElementsAreFreedAtOnce) {
  Fifo<std::shared_ptr<int>> q;
  auto p = std::make_shared<int>(1);
  q.push_back(p);
  q.push_back(std::make_shared<int>(2));
  q.pop_front();
  EXPECT_EQ(p.use_count(), 1);  // the queue let go of it
  EXPECT_EQ(*q.front(), 2);
  EXPECT_EQ(&q.back(), &q.front());
}

TEST(Fifo, ASteadyFlowReusesItsRoom) {
  Fifo<std::string> q;
  auto flow = [&](int n) {
    for (int i = 0; i < n; ++i) {
      q.emplace_back("x");
      q.pop_front();
    }
  };
  for (int i = 0; i < 4; ++i) q.emplace_back("backlog");
  flow(100);  // grows to its working size
  q.clear();
  q.emplace_back("first");
  const std::string* start = &q.front();
  for (int i = 0; i < 3; ++i) q.emplace_back("backlog");
  // Push one, pop one, many times: the room at the front is reused, the vector never moves.
  flow(10000);
  EXPECT_EQ(q.size(), 4u);
  q.clear();
  q.emplace_back("again");
  EXPECT_EQ(&q.front(), start);
}

// A queue moved from, after some of it was taken, is empty and usable; the one moved to holds what
// was left, in order.
TEST(Fifo, MovedFromIsEmpty) {
  Fifo<int> q;
  for (int i = 0; i < 5; ++i) q.push_back(i);
  q.pop_front();
  q.pop_front();
  Fifo<int> moved = std::move(q);
  EXPECT_TRUE(q.empty());  // NOLINT(bugprone-use-after-move): what is checked
  EXPECT_EQ(q.size(), 0u);
  ASSERT_EQ(moved.size(), 3u);
  EXPECT_EQ(moved.front(), 2);
  q.push_back(7);
  EXPECT_EQ(q.front(), 7);
  Fifo<int> assigned;
  assigned.push_back(1);
  assigned = std::move(moved);
  EXPECT_TRUE(moved.empty());  // NOLINT(bugprone-use-after-move)
  EXPECT_EQ(assigned.size(), 3u);
  EXPECT_EQ(assigned.back(), 4);
}

}  // namespace
}  // namespace piglix
