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
command -v terraform >/dev/null || echo "warning: terraform is not on PATH; end-to-end tests will fail" >&2
