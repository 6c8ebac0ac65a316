# Runs one ilio command and checks its exit code and output.
# Inputs: ILIO (the executable), ARGS (its arguments joined by "|"), EXPECT_CODE, optional EXPECT_OUTPUT (regex over stdout+stderr),
# optional REJECT_OUTPUT (regex that must not match), optional INPUT_FILE (standard input).
string(REPLACE "|" ";" args "${ARGS}")
set(input_args)
if(DEFINED INPUT_FILE)
  set(input_args INPUT_FILE ${INPUT_FILE})
endif()
execute_process(COMMAND "${ILIO}" ${args} ${input_args} RESULT_VARIABLE code OUTPUT_VARIABLE out
                ERROR_VARIABLE err)
set(all "${out}${err}")
if(NOT code STREQUAL EXPECT_CODE)
  message(FATAL_ERROR "exit code ${code}, expected ${EXPECT_CODE}\n${all}")
endif()
if(DEFINED EXPECT_OUTPUT AND NOT all MATCHES "${EXPECT_OUTPUT}")
  message(FATAL_ERROR "output does not match `${EXPECT_OUTPUT}`:\n${all}")
endif()
if(DEFINED REJECT_OUTPUT AND all MATCHES "${REJECT_OUTPUT}")
  message(FATAL_ERROR "output matches `${REJECT_OUTPUT}`, which it must not:\n${all}")
endif()
