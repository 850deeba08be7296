# Starts echo_server in the background on a port of its own, runs echo_client against it, stops
# the server. Fails if the client does.
string(RANDOM LENGTH 4 ALPHABET 0123456789 suffix)
math(EXPR port "20000 + ${suffix} % 20000")
execute_process(COMMAND sh -c "'${SERVER}' ${port} >/dev/null 2>&1 & echo $!" OUTPUT_VARIABLE pid
                OUTPUT_STRIP_TRAILING_WHITESPACE)
execute_process(COMMAND sleep 0.5)
execute_process(COMMAND ${CLIENT} 127.0.0.1 ${port} RESULT_VARIABLE result OUTPUT_VARIABLE out
                ERROR_VARIABLE err)
execute_process(COMMAND kill ${pid})
message("${out}${err}")
if(NOT result EQUAL 0)
  message(FATAL_ERROR "echo_client exited with ${result}")
endif()
