# Shared build settings for every Guanxi target.

add_library(guanxi_options INTERFACE)
target_compile_options(guanxi_options INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
  -Woverloaded-virtual -Wconversion -Wsign-conversion -Wformat=2
  -Wimplicit-fallthrough
  # GCC 12 reports false positives for std::string concatenation at -O2 (GCC bug 105329).
  -Wno-restrict)
if(GUANXI_WERROR)
  target_compile_options(guanxi_options INTERFACE -Werror)
endif()
if(GUANXI_SANITIZE)
  target_compile_options(guanxi_options INTERFACE -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  # -no-pie: a position-independent sanitized test binary carries ~10 million relative
  # relocations (the sanitizers' metadata), which cost each test process ~1 s at start.
  target_link_options(guanxi_options INTERFACE -fsanitize=address,undefined -no-pie)
endif()
target_include_directories(guanxi_options INTERFACE ${PROJECT_SOURCE_DIR}/src)

# guanxi_malloc: the allocator of the server and the benchmarks. jemalloc, whose
# thread caches and size classes make the many short-lived strings and JSON
# nodes of a journey decision cheaper than glibc's malloc (bench/care: decide +
# enqueue of 1M customers 16.5 -> 14.5 s). The sanitizer build keeps ASan's allocator.
add_library(guanxi_malloc INTERFACE)
if(NOT GUANXI_SANITIZE)
  target_link_libraries(guanxi_malloc INTERFACE PkgConfig::JEMALLOC)
endif()

# guanxi_module(NAME SOURCES ... DEPS ...): a static library for one module of src/.
function(guanxi_module name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_link_libraries(${name} PUBLIC guanxi_options ${ARG_DEPS})
endfunction()

# guanxi_unit_test(NAME SOURCES ... DEPS ...): a GoogleTest executable registered with CTest.
function(guanxi_unit_test name)
  if(NOT GUANXI_BUILD_TESTS)
    return()
  endif()
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  set_property(GLOBAL APPEND PROPERTY GUANXI_UNIT_TEST_TARGETS ${name})
  target_link_libraries(${name} PRIVATE guanxi_options ${ARG_DEPS} GTest::gtest GTest::gmock GTest::gtest_main)
  target_compile_definitions(${name} PRIVATE GUANXI_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  gtest_discover_tests(${name} DISCOVERY_MODE PRE_TEST PROPERTIES LABELS unit)
endfunction()

# guanxi_embed(TARGET SYMBOL FILES ...): compiles the files into TARGET as
# `std::span<const guanxi::EmbeddedFile> SYMBOL()` (name + contents, in the given order).
function(guanxi_embed target symbol)
  set(out "${CMAKE_CURRENT_BINARY_DIR}/${symbol}_embedded.cpp")
  set(body "#include \"core/embedded.hpp\"\nnamespace guanxi {\nstd::span<const EmbeddedFile> ${symbol}() {\n  static const EmbeddedFile files[] = {\n")
  foreach(f ${ARGN})
    get_filename_component(abs "${f}" ABSOLUTE)
    get_filename_component(fname "${f}" NAME)
    file(READ "${abs}" content)
    string(APPEND body "    {\"${fname}\", R\"GXEMBED(${content})GXEMBED\"},\n")
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${abs}")
  endforeach()
  string(APPEND body "  };\n  return files;\n}\n}  // namespace guanxi\n")
  file(WRITE "${out}.tmp" "${body}")
  file(COPY_FILE "${out}.tmp" "${out}" ONLY_IF_DIFFERENT)
  target_sources(${target} PRIVATE "${out}")
endfunction()
