# TFP_STATIC: the release binary, linked statically against everything but
# the C library (libc, libm, the dynamic loader), for machines that have a
# Linux userland and nothing else.
#
# Debian 12 ships static archives for gRPC core (with upb, abseil, re2,
# c-ares, address_sorting), OpenSSL, zlib, protobuf-c, jansson, msgpack-c
# and expat; libcurl is built from Debian's source package with only what
# the provider uses (scripts/build-static-deps.sh).  gRPC core is C++, so
# libstdc++ and libgcc are linked statically too.
#
# Included before the pkg_check_modules calls (so that "libcurl" is the
# static build); tfp_static_link() then points every PkgConfig:: target at
# one group of static archives, and tfp_static_finish() strips the
# executable, keeping its symbols in <name>.debug.
if(TFP_SANITIZE OR TFP_FUZZ)
  message(FATAL_ERROR "TFP_STATIC is a release build; it does not combine with TFP_SANITIZE or TFP_FUZZ")
endif()

# A cross build (cmake/aarch64-linux-gnu.cmake) builds libcurl for its host.
set(tfp_static_host)
if(CMAKE_CROSSCOMPILING)
  if(NOT TFP_HOST_TRIPLET)
    message(FATAL_ERROR "TFP_STATIC: cross-compiling needs TFP_HOST_TRIPLET (set by the toolchain file)")
  endif()
  set(tfp_static_host ${TFP_HOST_TRIPLET})
endif()
execute_process(
  COMMAND ${CMAKE_SOURCE_DIR}/scripts/build-static-deps.sh ${CMAKE_BINARY_DIR}/static-deps ${tfp_static_host}
  OUTPUT_VARIABLE tfp_static_out
  RESULT_VARIABLE tfp_static_rc
  OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT tfp_static_rc EQUAL 0)
  message(FATAL_ERROR "scripts/build-static-deps.sh failed (see its messages above)")
endif()
string(REGEX REPLACE ".*\n" "" TFP_CURL_PREFIX "${tfp_static_out}")
message(STATUS "TFP_STATIC: libcurl from ${TFP_CURL_PREFIX}")
set(ENV{PKG_CONFIG_PATH} "${TFP_CURL_PREFIX}/lib/pkgconfig:$ENV{PKG_CONFIG_PATH}")

# Unused functions and data of the static archives are dropped at link time.
add_compile_options(-ffunction-sections -fdata-sections)

# Resident memory: the kernel maps a file's pages 64 KiB at a time around
# each fault, so what a process costs is the number of 64 KiB windows of
# the binary it touches.  Two link options keep that low (README,
# Benchmark): lld's --symbol-ordering-file puts the functions that run up
# to the handshake line and while serving a plan (cmake/startup-order.txt,
# written by scripts/gen-startup-order.py from callgrind runs) at the start
# of .text, whole objects for the archives built without
# -ffunction-sections; and -no-pie, which leaves the loader no relative
# relocations to apply (1 MB of .rela.dyn read, .data.rel.ro written) at
# every start; the executable's own addresses are then fixed, as in
# hashicorp/aws's binary (Go's default on linux/amd64).  A cross build
# links as before (not measured there).
set(TFP_STATIC_LAYOUT_OPTIONS)
if(NOT CMAKE_CROSSCOMPILING)
  find_program(TFP_LD_LLD ld.lld)
  if(TFP_LD_LLD)
    list(APPEND TFP_STATIC_LAYOUT_OPTIONS -fuse-ld=lld
         LINKER:--symbol-ordering-file=${CMAKE_SOURCE_DIR}/cmake/startup-order.txt
         LINKER:--no-warn-symbol-ordering)
  else()
    message(WARNING "TFP_STATIC: ld.lld not found (Debian package lld): the release binary is linked "
                    "without cmake/startup-order.txt and will be about 3 MiB larger in memory")
  endif()
  list(APPEND TFP_STATIC_LAYOUT_OPTIONS -no-pie)
endif()

# Libraries that stay dynamic: parts of the C library (since glibc 2.34
# libpthread, libdl and librt are empty stubs; --as-needed drops them).
set(TFP_STATIC_SYSTEM_LIBS c m dl rt pthread)

# libm is not linked: the release binary's five libm functions are defined
# by cmake/libm_lazy.c, which dlopens libm.so.6 at the first call.  An empty
# target named m makes every "m" in target_link_libraries (tfcore's) link
# nothing, so frexp, ldexp and modf, which libm.so.6 exports too, come from
# libc.so.6 and --as-needed leaves libm out.
add_library(m INTERFACE)

# The path of a static archive for "-l<name>", or a fatal error.
function(tfp_static_archive name dirs out)
  find_library(TFP_STATIC_LIB_${name} NAMES lib${name}.a HINTS ${dirs} NO_CACHE)
  set(path "${TFP_STATIC_LIB_${name}}")
  if(NOT path)
    execute_process(COMMAND ${CMAKE_C_COMPILER} -print-file-name=lib${name}.a
                    OUTPUT_VARIABLE path OUTPUT_STRIP_TRAILING_WHITESPACE)
    if(NOT IS_ABSOLUTE "${path}" OR NOT EXISTS "${path}")
      message(FATAL_ERROR "TFP_STATIC: no static archive lib${name}.a (for -l${name})")
    endif()
  endif()
  set(${out} "${path}" PARENT_SCOPE)
endfunction()

function(tfp_static_link)
  set(modules grpc libprotobuf-c msgpack jansson libcurl openssl expat)
  execute_process(COMMAND ${PKG_CONFIG_EXECUTABLE} --static --libs ${modules}
                  OUTPUT_VARIABLE flags RESULT_VARIABLE rc OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "TFP_STATIC: pkg-config --static --libs ${modules} failed")
  endif()
  separate_arguments(flags UNIX_COMMAND "${flags}")
  set(dirs)
  set(names)
  foreach(f ${flags})
    if(f MATCHES "^-L(.+)")
      list(APPEND dirs "${CMAKE_MATCH_1}")
    elseif(f MATCHES "^-l(.+)")
      list(APPEND names "${CMAKE_MATCH_1}")
    endif()
  endforeach()
  list(REMOVE_DUPLICATES names)
  set(archives)
  foreach(n ${names})
    if(NOT n IN_LIST TFP_STATIC_SYSTEM_LIBS)
      tfp_static_archive(${n} "${dirs}" path)
      list(APPEND archives "${path}")
    endif()
  endforeach()
  tfp_static_archive(stdc++ "" stdcxx)
  list(APPEND archives "${stdcxx}")
  list(LENGTH archives n_archives)
  message(STATUS "TFP_STATIC: ${n_archives} static archives")

  # One group, rescanned until nothing is left unresolved: the order of
  # abseil's archives is not something to maintain by hand.
  string(REPLACE ";" "," group "${archives}")
  add_library(tfp_static_deps INTERFACE)
  target_link_libraries(tfp_static_deps INTERFACE "$<LINK_GROUP:RESCAN,${group}>"
                        Threads::Threads m)
  target_link_options(tfp_static_deps INTERFACE -static-libgcc LINKER:--as-needed
                      LINKER:--gc-sections ${TFP_STATIC_LAYOUT_OPTIONS})
  foreach(t GRPC PROTOBUFC MSGPACK JANSSON CURL OPENSSL EXPAT)
    set_property(TARGET PkgConfig::${t} PROPERTY INTERFACE_LINK_LIBRARIES tfp_static_deps)
    set_property(TARGET PkgConfig::${t} PROPERTY INTERFACE_LINK_OPTIONS "")
    set_property(TARGET PkgConfig::${t} PROPERTY INTERFACE_LINK_DIRECTORIES "")
  endforeach()
  set_property(TARGET PkgConfig::CURL PROPERTY INTERFACE_INCLUDE_DIRECTORIES
               "${TFP_CURL_PREFIX}/include")
endfunction()

# The gRPC core version cmake/grpc_server_plugins.c was written for (gRPC
# 1.51, Debian 12): its list of plugin registrations replaces gRPC's own.
set(TFP_GRPC_PLUGINS_VERSION 29.0.0)

# The finishing touches on the provider executable: the glibc compatibility
# definitions (cmake/glibc_compat.c), libm loaded at its first use
# (cmake/libm_lazy.c), no fault-around on its code (cmake/fault_around.c)
# but in the start-up's dense windows (scripts/hot-windows.py),
# the server's gRPC plugins
# (cmake/grpc_server_plugins.c, with the gRPC core it was written for), then
# strip it; its symbols go to <name>.debug, linked back with .gnu_debuglink
# so gdb and addr2line find them.
function(tfp_static_finish target)
  target_sources(${target} PRIVATE ${CMAKE_SOURCE_DIR}/cmake/glibc_compat.c
                 ${CMAKE_SOURCE_DIR}/cmake/libm_lazy.c ${CMAKE_SOURCE_DIR}/cmake/fault_around.c)
  if(GRPC_VERSION STREQUAL TFP_GRPC_PLUGINS_VERSION)
    target_sources(${target} PRIVATE ${CMAKE_SOURCE_DIR}/cmake/grpc_server_plugins.c)
  else()
    message(WARNING "TFP_STATIC: gRPC core ${GRPC_VERSION}, not ${TFP_GRPC_PLUGINS_VERSION}: "
                    "linking gRPC's own plugin registry (cmake/grpc_server_plugins.c lists the "
                    "registrations of ${TFP_GRPC_PLUGINS_VERSION}; about 1.2 MiB more resident)")
  endif()
  set_property(TARGET ${target} APPEND PROPERTY LINK_DEPENDS
               ${CMAKE_SOURCE_DIR}/cmake/startup-order.txt)
  add_custom_command(TARGET ${target} POST_BUILD
    COMMAND ${CMAKE_OBJCOPY} --only-keep-debug $<TARGET_FILE:${target}> $<TARGET_FILE:${target}>.debug
    COMMAND ${CMAKE_STRIP} --strip-all $<TARGET_FILE:${target}>
    COMMAND ${CMAKE_OBJCOPY} --add-gnu-debuglink=$<TARGET_FILE:${target}>.debug $<TARGET_FILE:${target}>
    WORKING_DIRECTORY $<TARGET_FILE_DIR:${target}>
    VERBATIM)
  # The start-up's dense windows, recorded by running the executable once
  # (scripts/hot-windows.py; cmake/fault_around.c says what they are for).
  # Not in a cross build, which cannot run it here: its table stays empty.
  find_program(TFP_PYTHON3 python3)
  if(NOT CMAKE_CROSSCOMPILING AND TFP_PYTHON3)
    add_custom_command(TARGET ${target} POST_BUILD
      COMMAND ${TFP_PYTHON3} ${CMAKE_SOURCE_DIR}/scripts/hot-windows.py $<TARGET_FILE:${target}>
      VERBATIM)
  endif()
endfunction()

# Tests only a static build has: that the compatibility definitions work
# (unwinding through _dl_find_object, randomness), that libm_lazy.c
# answers as libm does and that fault_around.c turns fault-around off.
function(tfp_static_tests)
  add_executable(static_glibc_compat ${CMAKE_SOURCE_DIR}/tests/static/test_glibc_compat.c
                 ${CMAKE_SOURCE_DIR}/cmake/glibc_compat.c)
  target_link_libraries(static_glibc_compat PRIVATE tfp_static_deps)
  target_include_directories(static_glibc_compat PRIVATE ${CMAKE_SOURCE_DIR}/tests)
  add_test(NAME static_glibc_compat COMMAND static_glibc_compat)
  # libm loaded at the first call that needs it, with libm's results.
  add_executable(static_libm_lazy ${CMAKE_SOURCE_DIR}/tests/static/test_libm_lazy.c
                 ${CMAKE_SOURCE_DIR}/cmake/libm_lazy.c)
  target_link_libraries(static_libm_lazy PRIVATE tfp_static_deps)
  target_include_directories(static_libm_lazy PRIVATE ${CMAKE_SOURCE_DIR}/tests)
  add_test(NAME static_libm_lazy COMMAND static_libm_lazy)
  # Pages of code mapped one at a time, not 64 KiB around each.
  add_executable(static_fault_around ${CMAKE_SOURCE_DIR}/tests/static/test_fault_around.c
                 ${CMAKE_SOURCE_DIR}/cmake/fault_around.c)
  target_link_libraries(static_fault_around PRIVATE tfp_static_deps)
  target_include_directories(static_fault_around PRIVATE ${CMAKE_SOURCE_DIR}/tests)
  add_test(NAME static_fault_around COMMAND static_fault_around)
endfunction()
