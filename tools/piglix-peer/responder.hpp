// The listener modes that need no script: echo (every S-DATA, expedited and typed data and
// capability data is sent back) and sink (data is counted and dropped). Both answer every
// confirmed service the way a cooperative peer would, so an initiator's script can exercise
// tokens, synchronization, resynchronization, activities and release against them.
#pragma once

#include <asio/awaitable.hpp>
#include <memory>

#include "dialogue.hpp"

namespace piglix::peer {

enum class ResponderMode : std::uint8_t { echo, sink };

// The tokens the session's functional units create, and those this side holds.
struct TokenState {
  session::TokenSet available = 0;
  session::TokenSet owned = 0;
};

// Serves the session, accepted with `tokens`, until it ends; returns how it ended.
asio::awaitable<ExitStatus> respond(std::shared_ptr<Dialogue> d, ResponderMode mode,
                                    TokenState tokens);

}  // namespace piglix::peer
