# Cross-compiling for linux_arm64 on a Debian amd64 machine:
#   cmake -S . -B build-release-arm64 -DTFP_STATIC=ON -DCMAKE_BUILD_TYPE=Release \
#         -DCMAKE_TOOLCHAIN_FILE=cmake/aarch64-linux-gnu.cmake
# with Debian's cross compilers (gcc-aarch64-linux-gnu, g++-aarch64-linux-gnu,
# binutils-aarch64-linux-gnu) and the dependencies' arm64 multiarch -dev
# packages (scripts/install-deps.sh --arm64).  Build tools (protoc-c) stay
# the machine's own.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(TFP_HOST_TRIPLET aarch64-linux-gnu)

set(CMAKE_C_COMPILER ${TFP_HOST_TRIPLET}-gcc)
set(CMAKE_CXX_COMPILER ${TFP_HOST_TRIPLET}-g++)

# Libraries and headers: the multiarch directories of the arm64 packages
# (/usr/lib/aarch64-linux-gnu, /usr/include) and the cross toolchain's own
# sysroot (/usr/aarch64-linux-gnu); programs: the build machine's.
set(CMAKE_FIND_ROOT_PATH /usr/${TFP_HOST_TRIPLET})
set(CMAKE_LIBRARY_ARCHITECTURE ${TFP_HOST_TRIPLET})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)

# Programs built here and run at build time (gen_schema, which writes the
# schema tables) and CTest's tests run under qemu-user, with the cross
# toolchain's arm64 C library (libc6-arm64-cross).  -L makes qemu look for
# the dynamic loader under /usr/aarch64-linux-gnu, but that loader, reading
# the machine's /etc/ld.so.cache, would load libc.so.6 from
# /lib/aarch64-linux-gnu when the arm64 multiarch libc6 is installed too
# (install-deps.sh --arm64 installs it with the -dev packages): a loader
# and a C library of two Debian revisions, whose private structures differ
# (the first pthread_create then loops forever walking the loader's stack
# cache list).  LD_LIBRARY_PATH keeps both from the cross toolchain.
find_program(TFP_QEMU_AARCH64 qemu-aarch64-static qemu-aarch64)
if(NOT TFP_QEMU_AARCH64)
  message(FATAL_ERROR "cross-compiling for aarch64 needs qemu-user (qemu-user-static) to run gen_schema at build time; scripts/install-deps.sh --arm64 installs it")
endif()
set(CMAKE_CROSSCOMPILING_EMULATOR ${TFP_QEMU_AARCH64} -L /usr/${TFP_HOST_TRIPLET}
    -E LD_LIBRARY_PATH=/usr/${TFP_HOST_TRIPLET}/lib)

# pkg-config reads only the arm64 .pc files (never the amd64 ones).
set(ENV{PKG_CONFIG_LIBDIR} /usr/lib/${TFP_HOST_TRIPLET}/pkgconfig:/usr/share/pkgconfig)
set(ENV{PKG_CONFIG_SYSROOT_DIR} "")
