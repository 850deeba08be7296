# Options every piglix target is compiled with. Linked PRIVATE through piglix_options so that they
# never leak into a consumer's build.
add_library(piglix_options INTERFACE)
target_compile_features(piglix_options INTERFACE cxx_std_20)
target_compile_options(piglix_options INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                                                -Wno-sign-conversion)
if(PIGLIX_SANITIZE)
  target_compile_options(piglix_options INTERFACE -fsanitize=address,undefined
                                                  -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_link_options(piglix_options INTERFACE -fsanitize=address,undefined)
endif()
if(PIGLIX_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "PIGLIX_FUZZ needs clang (libFuzzer), not ${CMAKE_CXX_COMPILER_ID}; "
                        "configure with CXX=clang++")
  endif()
  # Coverage instrumentation for every piglix target; only the fuzz executables link libFuzzer.
  target_compile_options(piglix_options INTERFACE -fsanitize=fuzzer-no-link)
  target_link_options(piglix_options INTERFACE -fsanitize=fuzzer-no-link)
endif()

# Sanitizer flags must reach the library itself, whose options are otherwise private.
function(piglix_target_defaults target)
  target_link_libraries(${target} PRIVATE $<BUILD_INTERFACE:piglix_options>)
endfunction()
