# SPDX-License-Identifier: Apache-2.0
# Unit tests (Check), one program per engine module.  Included by
# tests/CMakeLists.txt, which defines remit_unit_test().
remit_unit_test(test_date)
remit_unit_test(test_width)
remit_unit_test(test_sha256)
# The fast reader of rule files against libyaml (yfast.c, ytree.c).
remit_unit_test(test_yfast)
remit_unit_test(test_diag)
remit_unit_test(test_expr)
# The condition-language cases, read by test_expr at run time.
target_compile_definitions(test_expr PRIVATE
  REMIT_EXPR_TESTS="${CMAKE_CURRENT_SOURCE_DIR}/expr")
# The public API (threads use pthreads) and verdict combination.
remit_unit_test(test_api)
target_link_libraries(test_api PRIVATE pthread)
remit_unit_test(test_verdict)
# Out of memory: every allocation of loads and evaluations failed in turn,
# cJSON's too (test_oom.c); the limits, each just under and just over
# (test_limits.c); many threads on one ruleset (test_threads.c; run under
# ThreadSanitizer in CI).
remit_unit_test(test_oom)
target_compile_definitions(test_oom PRIVATE
  REMIT_EXAMPLES="${PROJECT_SOURCE_DIR}/examples/complaints")
remit_unit_test(test_limits)
remit_unit_test(test_threads)
target_compile_definitions(test_threads PRIVATE
  REMIT_REPO="${PROJECT_SOURCE_DIR}")
# --wrap: libremit must not call cJSON's parser, which writes process-wide
# state (see test_threads.c).
target_link_libraries(test_threads PRIVATE pthread
  -Wl,--wrap=cJSON_ParseWithLengthOpts)
# The fuzz targets of tests/fuzz, built without libFuzzer (fuzz/replay.c)
# and run over their seed corpora and the inputs of past findings
# (tests/fuzz/regressions), so every ctest - plain, ASan, valgrind - replays
# them.  The libFuzzer builds are REMIT_FUZZ=ON (tests/fuzz/README.md).
# fuzz_serve's runs the server in its process, on a loopback port.
include(${CMAKE_CURRENT_SOURCE_DIR}/fuzz/targets.cmake)
foreach(t evaluate load expr stream serve)
  remit_fuzz_executable(replay_${t} ${t} fuzz/fuzz_${t}.c fuzz/replay.c)
endforeach()
add_test(NAME fuzz_replay
  COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/replay.sh
          ${CMAKE_CURRENT_BINARY_DIR} ${PROJECT_SOURCE_DIR})
# The catalogue of bad inputs (tests/bad): every bad complaint and rule
# file through the CLI, exit status and standard error compared exactly.
add_test(NAME bad_inputs
  COMMAND python3 ${CMAKE_CURRENT_SOURCE_DIR}/bad/run.py $<TARGET_FILE:remit>
          ${PROJECT_SOURCE_DIR})
