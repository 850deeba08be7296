# Runs COMMAND (a ;-list), optionally with INPUT on standard input, and checks its exit code and
# that its output (stdout and stderr together) matches every regular expression in MATCH.
execute_process(COMMAND ${COMMAND} INPUT_FILE ${INPUT} RESULT_VARIABLE code
                OUTPUT_VARIABLE out ERROR_VARIABLE err)
set(all "${out}${err}")
if(NOT code EQUAL EXIT)
  message(FATAL_ERROR "exit code ${code}, expected ${EXIT}\n${all}")
endif()
foreach(pattern IN LISTS MATCH)
  if(NOT all MATCHES "${pattern}")
    message(FATAL_ERROR "output does not match '${pattern}':\n${all}")
  endif()
endforeach()
