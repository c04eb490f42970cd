#!/usr/bin/env bash
# Installs the Debian packages the build and the tests need.  Idempotent:
# does nothing when everything is already there.
set -euo pipefail
pkgs=(build-essential cmake pkg-config clang libclang-rt-14-dev lld
      libgrpc-dev libprotobuf-c-dev protobuf-c-compiler
      libcurl4-openssl-dev libssl-dev libjansson-dev libmsgpack-dev libexpat1-dev
      python3 python3-pytest python3-pytest-xdist python3-grpcio python3-msgpack python3-cryptography
      debootstrap zip gnupg)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
# The static release build (TFP_STATIC, scripts/build-static-deps.sh) builds
# libcurl from Debian's source package: add deb-src for the same mirrors.
src_list=/etc/apt/sources.list.d/debian-src.sources
if [ -f /etc/apt/sources.list.d/debian.sources ] && [ ! -f "$src_list" ] &&
   ! grep -rqs '^Types:.*deb-src\|^deb-src ' /etc/apt/sources.list /etc/apt/sources.list.d/; then
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources | $sudo_cmd tee "$src_list" >/dev/null
  $sudo_cmd apt-get update -qq
fi
# --arm64 (the release path: .ci/run, before scripts/release.sh): the
# linux_arm64 cross build (cmake/aarch64-linux-gnu.cmake) and its test under
# qemu-user.  The arm64 -dev packages are Multi-Arch: same, so apt may
# upgrade their amd64 twins to the same version; anything it would remove
# instead is refused.
if [ "${1:-}" = --arm64 ]; then
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  arm64=(gcc-aarch64-linux-gnu g++-aarch64-linux-gnu binutils-aarch64-linux-gnu qemu-user-static
         libgrpc-dev:arm64 libabsl-dev:arm64 libssl-dev:arm64 libc-ares-dev:arm64 libre2-dev:arm64
         zlib1g-dev:arm64 libprotobuf-c-dev:arm64 libjansson-dev:arm64 libmsgpack-dev:arm64
         libexpat1-dev:arm64)
  missing=()
  for p in "${arm64[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "installing (arm64 cross build): ${missing[*]}"
    if ! dpkg --print-foreign-architectures | grep -qx arm64; then
      $sudo_cmd dpkg --add-architecture arm64
    fi
    $sudo_cmd apt-get update -qq
    removed=$($sudo_cmd apt-get install -s --no-install-recommends "${missing[@]}" | grep '^Remv' || true)
    if [ -n "$removed" ]; then
      echo "install-deps: the arm64 packages would remove amd64 ones; not installing them:" >&2
      echo "$removed" >&2
      exit 1
    fi
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
fi
command -v terraform >/dev/null || echo "warning: terraform is not on PATH; end-to-end tests will fail" >&2
