# ilio fmt, fuzzed: parse → format → parse gives the same program (links the formatter component).
add_executable(fmt_fuzz fmt_fuzz.cpp)
target_link_libraries(fmt_fuzz PRIVATE ilio_format)
target_compile_options(fmt_fuzz PRIVATE -fsanitize=fuzzer,address,undefined)
target_link_options(fmt_fuzz PRIVATE -fsanitize=fuzzer,address,undefined)
