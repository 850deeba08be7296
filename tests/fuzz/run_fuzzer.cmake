# Runs one libFuzzer target for a bounded time (cmake -P, from the fuzz.run.<target> test).
# The fuzzer writes new inputs into WORK, a fresh copy of the checked-in corpus in the build tree,
# so the source tree is only read; the regression inputs are read as a second corpus directory.
# -error_exitcode makes a crash or a failed check fail the test.
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK} ${ARTIFACTS})
file(GLOB seeds ${CORPUS}/*)
file(COPY ${seeds} DESTINATION ${WORK})
set(inputs ${WORK})
if(EXISTS ${REGRESSIONS})
  list(APPEND inputs ${REGRESSIONS})
endif()
execute_process(
  COMMAND ${FUZZER} -max_total_time=${SECONDS} -error_exitcode=77 -timeout=25
          -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix=${ARTIFACTS} ${inputs}
  RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "${FUZZER} failed (${status}); crashing inputs are in ${ARTIFACTS}")
endif()
