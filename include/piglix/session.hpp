// The X.225 session protocol machine: session::Connection and its requests, events and
// configuration.
#pragma once

#include "piglix/session/config.hpp"
#include "piglix/session/connection.hpp"
#include "piglix/session/events.hpp"
#include "piglix/session/primitives.hpp"
#include "piglix/session/state.hpp"
