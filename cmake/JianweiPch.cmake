# Precompiled headers: the CI compiles every unit twice (Release and Sanitize) and most
# units spend a large part of their time parsing the same standard and external headers
# (GoogleTest, CLI11, nlohmann/json, Boost.Beast). Each kind of target parses them once:
#   - every layer library shares one PCH of standard headers (jianwei_pch_layer);
#   - every test shares one PCH of GoogleTest + standard headers (jianwei_pch_test);
#   - the service (jianwei_server), its tests and the CLI each have their own, adding
#     Beast/Asio, nlohmann/json and CLI11 + fmt.
# Only standard and external headers go in, never ours, so editing a project header
# never rebuilds a PCH. A shared PCH is built by a donor target (an object library of one
# empty file) whose compile definitions are a subset of every user's: GCC refuses a PCH
# built with a macro its user does not define the same way (-Winvalid-pch says so, and
# the unit then parses the headers itself: slower, never wrong).
# -DJIANWEI_PCH=OFF builds without; the fuzz build (clang) never uses them, so one build
# still checks that every file includes what it uses.
option(JIANWEI_PCH "Precompile the heavy standard and external headers" ON)
if(NOT JIANWEI_PCH OR JIANWEI_FUZZ)
  set(CMAKE_DISABLE_PRECOMPILE_HEADERS ON)
endif()

set(JIANWEI_PCH_STD
    <algorithm> <array> <atomic> <chrono> <cmath> <cstdint> <cstring> <filesystem>
    <fstream> <functional> <limits> <map> <memory> <mutex> <optional> <span> <sstream>
    <string> <string_view> <unordered_map> <utility> <variant> <vector>)
set(JIANWEI_PCH_SERVER <boost/asio/ip/tcp.hpp> <boost/beast/core.hpp> <boost/beast/http.hpp>
    <nlohmann/json.hpp>)

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

# Layers with a PCH of their own (jianwei_layer reads JIANWEI_PCH_OWN_<name>); every other
# layer shares jianwei_pch_layer.
set(JIANWEI_PCH_OWN_server ${JIANWEI_PCH_STD} ${JIANWEI_PCH_SERVER})
set(JIANWEI_PCH_OWN_cli_lib ${JIANWEI_PCH_STD} <CLI/CLI.hpp> <fmt/core.h> <iostream>
    <nlohmann/json.hpp>)
