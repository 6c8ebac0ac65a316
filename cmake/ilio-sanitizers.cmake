# Sanitizer and fuzzing builds. ILIO_SANITIZE instruments everything built here (the library,
# the tests, the command line, the Python module): "address,undefined" or "thread". Any report
# aborts the program (-fno-sanitize-recover), so a test that triggers one fails.
set(ILIO_SANITIZE "" CACHE STRING "Sanitizers for every target, e.g. address,undefined or thread")
if(ILIO_BUILD_FUZZ)
  if(NOT ILIO_SANITIZE)
    set(ILIO_SANITIZE "address,undefined")
  endif()
  # The library itself is instrumented for coverage, so the fuzzer sees its branches.
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
if(ILIO_SANITIZE)
  add_compile_options(-fsanitize=${ILIO_SANITIZE} -fno-sanitize-recover=all
                      -fno-omit-frame-pointer)
  add_link_options(-fsanitize=${ILIO_SANITIZE})
endif()
