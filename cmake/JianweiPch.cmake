# Precompiled headers. Measured with GCC 12 (paired compiles, CPU time, see the ci4
# report): only <gtest/gtest.h> in the tests pays (about 1 s of ~8 s per test unit; the
# PCH costs ~6 s once per build). A PCH of the standard headers for the layers, of Beast +
# nlohmann/json for the service, or of CLI11 + fmt + json for the CLI saved nothing: a
# 90–250 MB PCH takes 1–3 s of CPU to load, those units' time is code generation, and
# CLI11 emits its validators in every unit that includes it either way. The layer PCH
# also changed GCC 12's -Warray-bounds false positives in std::string (feel/lexer.cc,
# store/repository.cc). So: one PCH, shared by every test (REUSE_FROM its donor).
# A shared PCH is built by a donor target (an object library of one empty file) whose
# compile definitions are a subset of every user's: GCC refuses a PCH built with a macro
# its user does not define the same way (-Winvalid-pch says so and the unit parses the
# header itself: slower, never wrong).
# -DJIANWEI_PCH=OFF builds without (use it with ccache, which does not cache units using a
# PCH unless sloppiness=pch_defines,time_macros); the fuzz build (clang) never uses one.
option(JIANWEI_PCH "Precompile <gtest/gtest.h> once for all tests" ON)
if(NOT JIANWEI_PCH OR JIANWEI_FUZZ)
  set(CMAKE_DISABLE_PRECOMPILE_HEADERS ON)
endif()

# jianwei_pch_donor(NAME HEADERS <h...> LIBS <targets...> DEFINITIONS <defs...>)
# The object library NAME builds a PCH of HEADERS with the usage requirements of LIBS;
# targets share it with target_precompile_headers(<t> REUSE_FROM NAME).
function(jianwei_pch_donor name)
  cmake_parse_arguments(ARG "" "" "HEADERS;LIBS;DEFINITIONS" ${ARGN})
  file(CONFIGURE OUTPUT ${CMAKE_CURRENT_BINARY_DIR}/${name}.cc
       CONTENT "// Donor of a shared precompiled header (cmake/JianweiPch.cmake).\n")
  add_library(${name} OBJECT ${CMAKE_CURRENT_BINARY_DIR}/${name}.cc)
  target_link_libraries(${name} PRIVATE ${ARG_LIBS})
  target_compile_definitions(${name} PRIVATE ${ARG_DEFINITIONS})
  target_precompile_headers(${name} PRIVATE ${ARG_HEADERS})
endfunction()
