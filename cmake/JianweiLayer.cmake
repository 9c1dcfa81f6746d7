# jianwei_layer(NAME DEPS <targets...>)
# Declares the static library jianwei_<NAME> from every .cc file in src/<NAME>/ (except
# main.cc), with include/ as its public include directory.
function(jianwei_layer name)
  cmake_parse_arguments(ARG "" "" "DEPS" ${ARGN})
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cc)
  list(FILTER sources EXCLUDE REGEX ".*/main\\.cc$")
  add_library(jianwei_${name} STATIC ${sources})
  target_include_directories(jianwei_${name} PUBLIC ${PROJECT_SOURCE_DIR}/include)
  target_link_libraries(jianwei_${name} PUBLIC ${ARG_DEPS})
endfunction()

set(JIANWEI_TEST_DEFINITIONS JIANWEI_SHARED_DATA="${PROJECT_SOURCE_DIR}/../shared/data"
    JIANWEI_SOURCE_DIR="${PROJECT_SOURCE_DIR}")

# jianwei_test(NAME SOURCES... LIBS ...) — a GoogleTest binary registered with ctest.
# Tests find ../shared/data through JIANWEI_SHARED_DATA (absent → the tests skip).
function(jianwei_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} GTest::gtest GTest::gtest_main)
  target_compile_definitions(${name} PRIVATE ${JIANWEI_TEST_DEFINITIONS})
  # GoogleTest is parsed once for all tests (cmake/JianweiPch.cmake).
  target_precompile_headers(${name} REUSE_FROM jianwei_pch_test)
  include(GoogleTest)
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60 PROPERTIES TIMEOUT 600)
endfunction()
