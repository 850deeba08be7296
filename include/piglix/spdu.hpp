// X.225 session protocol data units: codes, types and the TSDU codec.
#pragma once

#include "piglix/spdu/codec.hpp"
#include "piglix/spdu/codes.hpp"
#include "piglix/spdu/segment.hpp"
#include "piglix/spdu/types.hpp"
