# Run after ilio_tests is built, before its tests are registered: catch_discover_tests splits a
# test name at ";" into several ctest entries that match no test case, so such a name would
# silently never run. Fail the build instead.
execute_process(COMMAND ${TEST_EXECUTABLE} --list-test-names-only
                OUTPUT_VARIABLE names RESULT_VARIABLE code)
# Catch2 v2 exits with the number of tests listed; no name at all is the failure.
if(NOT code MATCHES "^[0-9]+$" OR names STREQUAL "")
  message(FATAL_ERROR "${TEST_EXECUTABLE} --list-test-names-only listed nothing (${code})")
endif()
string(FIND "${names}" ";" semicolon)
if(NOT semicolon EQUAL -1)
  string(REPLACE ";" "<SEMICOLON>" shown "${names}")
  message(FATAL_ERROR "test names must not contain ';' (ctest would split them and run "
                      "nothing); rename:\n${shown}")
endif()
# The guard that every ctest entry relies on: a name that matches no test case must fail
# (Catch2 exits 2 with --warn NoTests). Were it ever to pass, an entry could run nothing.
execute_process(COMMAND ${TEST_EXECUTABLE} "ilio: no test case has this name" --warn NoTests
                OUTPUT_QUIET ERROR_QUIET RESULT_VARIABLE code)
if(NOT code EQUAL 2)
  message(FATAL_ERROR "${TEST_EXECUTABLE} with a name matching no test case and --warn NoTests "
                      "exited ${code}, not 2: ctest entries could pass having run nothing")
endif()
