// The interactive prompt: the script commands typed one by one, with `help` and `quit`. A
// failing command is reported and the prompt goes on; it stops at end of input, `quit`, or when
// the session ends.
#pragma once

#include <asio/awaitable.hpp>
#include <memory>

#include "dialogue.hpp"

namespace piglix::peer {

asio::awaitable<ExitStatus> run_prompt(std::shared_ptr<Dialogue> d);

}  // namespace piglix::peer
