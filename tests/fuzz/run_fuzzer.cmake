# Runs one libFuzzer target for a bounded time (cmake -P, from the fuzz.run.<target> test).
# The fuzzer writes new inputs into WORK, a fresh copy of the checked-in corpus in the build tree,
# so the source tree is only read; the regression inputs are read as a second corpus directory.
# -error_exitcode makes a crash or a failed check fail the test. SEED is fixed (not drawn by
# libFuzzer) so that a failure in CI is the same run on a developer's machine, up to the time
# limit; the failing input is also printed last, as hex, since the end of a log is often all
# that is kept.
file(REMOVE_RECURSE ${WORK} ${ARTIFACTS})  # what is left after a failure is this run's
file(MAKE_DIRECTORY ${WORK} ${ARTIFACTS})
file(GLOB seeds ${CORPUS}/*)
file(COPY ${seeds} DESTINATION ${WORK})
set(inputs ${WORK})
if(EXISTS ${REGRESSIONS})
  list(APPEND inputs ${REGRESSIONS})
endif()
execute_process(
  COMMAND ${FUZZER} -max_total_time=${SECONDS} -seed=${SEED} -error_exitcode=77 -timeout=25
          -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix=${ARTIFACTS} ${inputs}
  RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  file(GLOB found ${ARTIFACTS}*)
  foreach(artifact IN LISTS found)
    file(READ ${artifact} octets HEX)
    message(STATUS "${artifact}: ${octets}")
  endforeach()
  message(FATAL_ERROR "${FUZZER} failed (${status}) with seed ${SEED}; crashing inputs are in "
                      "${ARTIFACTS}")
endif()
