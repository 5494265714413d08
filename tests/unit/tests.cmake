# Unit tests (Check), one program per engine module.  Included by
# tests/CMakeLists.txt, which defines remit_unit_test().
remit_unit_test(test_date)
remit_unit_test(test_diag)
remit_unit_test(test_expr)
# The condition-language cases, read by test_expr at run time.
target_compile_definitions(test_expr PRIVATE
  REMIT_EXPR_TESTS="${CMAKE_CURRENT_SOURCE_DIR}/expr")
# The public API (threads use pthreads) and verdict combination.
remit_unit_test(test_api)
target_link_libraries(test_api PRIVATE pthread)
remit_unit_test(test_verdict)
