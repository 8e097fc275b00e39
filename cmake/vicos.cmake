# Helpers that give every folder the same library, test and fuzz-target shape.

set(VICOS_WARNINGS -Wall -Wextra -Wshadow -Werror)

# vicos_library(NAME SOURCES ... DEPS ...): static library vicos_NAME, includes rooted at src/;
# without SOURCES a header-only (INTERFACE) library.
function(vicos_library name)
  cmake_parse_arguments(A "" "" "SOURCES;DEPS" ${ARGN})
  if(NOT A_SOURCES)
    add_library(vicos_${name} INTERFACE)
    target_include_directories(vicos_${name} INTERFACE ${PROJECT_SOURCE_DIR}/src)
    target_link_libraries(vicos_${name} INTERFACE ${A_DEPS})
    return()
  endif()
  add_library(vicos_${name} STATIC ${A_SOURCES})
  target_include_directories(vicos_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(vicos_${name} PUBLIC ${A_DEPS})
  target_compile_options(vicos_${name} PRIVATE ${VICOS_WARNINGS})
endfunction()

# vicos_test(NAME SOURCES ... DEPS ...): a GoogleTest program registered with ctest.
function(vicos_test name)
  if(NOT VICOS_TESTS)
    return()
  endif()
  cmake_parse_arguments(A "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${A_SOURCES})
  target_link_libraries(${name} PRIVATE ${A_DEPS} GTest::gtest GTest::gtest_main)
  target_compile_options(${name} PRIVATE ${VICOS_WARNINGS})
  add_test(NAME ${name} COMMAND ${name})
endfunction()

# vicos_fuzz(NAME SOURCE file DEPS ...): a libFuzzer entry point LLVMFuzzerTestOneInput.
# Always builds NAME_replay, which runs the entry point over fuzz/corpus/NAME as a ctest
# (so the sanitizer build replays every corpus file on each CI run); with VICOS_FUZZ it also
# builds the coverage-guided NAME_fuzzer, and the target `fuzzers` builds them all.
if(VICOS_FUZZ)
  add_custom_target(fuzzers)
endif()
function(vicos_fuzz name)
  cmake_parse_arguments(A "" "SOURCE" "DEPS" ${ARGN})
  add_executable(${name}_replay ${A_SOURCE} ${PROJECT_SOURCE_DIR}/fuzz/replay_main.cpp)
  target_link_libraries(${name}_replay PRIVATE ${A_DEPS})
  target_compile_options(${name}_replay PRIVATE ${VICOS_WARNINGS})
  if(VICOS_TESTS)
    add_test(NAME ${name}_replay COMMAND ${name}_replay ${PROJECT_SOURCE_DIR}/fuzz/corpus/${name})
  endif()
  if(VICOS_FUZZ)
    add_executable(${name}_fuzzer ${A_SOURCE})
    target_link_libraries(${name}_fuzzer PRIVATE ${A_DEPS})
    target_compile_options(${name}_fuzzer PRIVATE -fsanitize=fuzzer)
    target_link_options(${name}_fuzzer PRIVATE -fsanitize=fuzzer)
    add_dependencies(fuzzers ${name}_fuzzer)
  endif()
endfunction()
