#!/usr/bin/env bash
# Builds the release binary and writes the files a Terraform provider
# registry (and any mirror) expects for one version:
#
#   terraform-provider-aws_VERSION_linux_amd64.zip   the binary, named
#                                                    terraform-provider-aws_vVERSION
#   terraform-provider-aws_VERSION_linux_arm64.zip   the same for arm64, when the
#                                                    cross toolchain is installed
#   terraform-provider-aws_VERSION_manifest.json     protocol versions (5.0)
#   terraform-provider-aws_VERSION_SHA256SUMS        sha256 of the files above
#   terraform-provider-aws_VERSION_SHA256SUMS.sig    detached binary GPG signature
#   signing-key.asc                                  the signer's public key
#                                                    (ASCII armor; not a release file)
#
# Usage: scripts/release.sh [VERSION] [OUTDIR]
#   VERSION defaults to 5.100.0, the hashicorp/aws version whose schema the
#   provider matches; OUTDIR defaults to build-release/dist.
#
# TFP_RELEASE_BINARY packages a binary built elsewhere instead of building
# one here (and TFP_RELEASE_BINARY_ARM64 an arm64 one; without it such a
# release is linux_amd64 only).
#
# Signing: TFP_GPG_KEY_ID names the key to sign with, from the caller's
# GNUPGHOME (TFP_GPG_PASSPHRASE, if set, is handed to gpg for a key that has
# one).  Without TFP_GPG_KEY_ID a throwaway key is made in a temporary
# GNUPGHOME: good for tests, useless for publishing.
#
# The archives are reproducible: the binary's mtime is the commit time of
# HEAD (or SOURCE_DATE_EPOCH), zip stores no uid/gid or extra timestamps, so
# the same binary always gives the same checksum.
#
# linux_arm64 is cross-built (cmake/aarch64-linux-gnu.cmake, in
# build-release-arm64 or TFP_RELEASE_BUILD_DIR_ARM64) when Debian's
# aarch64-linux-gnu toolchain and the dependencies' arm64 multiarch -dev
# packages are installed (scripts/install-deps.sh --arm64): with
# TFP_RELEASE_ARM64=auto, the default, it is built when the toolchain is
# there; 1 makes a missing toolchain an error, 0 leaves arm64 out.
# tests/e2e/test_release_arm64.py runs it under qemu-user (README,
# Installing).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

die() { echo "release.sh: $*" >&2; exit 1; }

version=${1:-5.100.0}
outdir=${2:-build-release/dist}
[[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.]+)?$ ]] ||
  die "VERSION must be a semantic version such as 5.100.0, not '$version'"
for tool in cmake zip gpg sha256sum; do
  command -v "$tool" >/dev/null || die "'$tool' is not installed (scripts/install-deps.sh installs it)"
done
if [ -n "${TFP_GPG_KEY_ID:-}" ]; then
  gpg --batch --list-secret-keys "$TFP_GPG_KEY_ID" >/dev/null 2>&1 ||
    die "TFP_GPG_KEY_ID=$TFP_GPG_KEY_ID: no such secret key in ${GNUPGHOME:-~/.gnupg}"
fi

name=terraform-provider-aws
prefix=${name}_${version}
build=${TFP_RELEASE_BUILD_DIR:-build-release}
build_arm64=${TFP_RELEASE_BUILD_DIR_ARM64:-build-release-arm64}
want_arm64=${TFP_RELEASE_ARM64:-auto}
case $want_arm64 in auto|0|1) ;; *) die "TFP_RELEASE_ARM64 must be auto, 0 or 1, not '$want_arm64'" ;; esac

# What is missing for the arm64 cross build (empty when nothing is).
arm64_missing() {
  local m=()
  for tool in aarch64-linux-gnu-gcc aarch64-linux-gnu-objcopy aarch64-linux-gnu-strip; do
    command -v "$tool" >/dev/null || m+=("$tool")
  done
  # gen_schema runs under qemu-user at build time (cmake/aarch64-linux-gnu.cmake).
  command -v qemu-aarch64-static >/dev/null || command -v qemu-aarch64 >/dev/null ||
    m+=("qemu-aarch64-static")
  for pc in grpc libprotobuf-c msgpack jansson openssl expat; do
    [ -f "/usr/lib/aarch64-linux-gnu/pkgconfig/$pc.pc" ] || m+=("$pc.pc (arm64)")
  done
  echo "${m[*]}"
}

# The ELF machine of a file: x86_64, aarch64 or what it is.
elf_machine() {
  [ "$(head -c 4 "$1" | od -An -c | tr -d ' ')" = '177ELF' ] || { echo "not-ELF"; return; }
  case $(od -An -tu2 -j18 -N2 "$1" | tr -d ' ') in
    62) echo x86_64 ;;
    183) echo aarch64 ;;
    *) echo "other" ;;
  esac
}

arm64_bin=""
if [ -n "${TFP_RELEASE_BINARY:-}" ]; then
  bin=$TFP_RELEASE_BINARY
  [ -f "$bin" ] || die "TFP_RELEASE_BINARY=$bin: no such file"
  if [ -n "${TFP_RELEASE_BINARY_ARM64:-}" ]; then
    arm64_bin=$TFP_RELEASE_BINARY_ARM64
    [ -f "$arm64_bin" ] || die "TFP_RELEASE_BINARY_ARM64=$arm64_bin: no such file"
  elif [ "$want_arm64" = 1 ]; then
    die "TFP_RELEASE_ARM64=1 with TFP_RELEASE_BINARY needs TFP_RELEASE_BINARY_ARM64"
  fi
else
  echo "release.sh: building $build/$name (TFP_STATIC=ON, Release)" >&2
  cmake -S . -B "$build" -DTFP_STATIC=ON -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$build" -j"${JOBS:-2}" --target "$name"
  bin=$build/$name
  [ -x "$bin" ] || die "the build did not produce $bin"
  if [ "$want_arm64" = 0 ]; then
    echo "release.sh: linux_arm64 left out (TFP_RELEASE_ARM64=0)" >&2
  else
    missing=$(arm64_missing)
    if [ -z "$missing" ]; then
      echo "release.sh: cross-building $build_arm64/$name for linux_arm64" >&2
      cmake -S . -B "$build_arm64" -DTFP_STATIC=ON -DCMAKE_BUILD_TYPE=Release \
        -DCMAKE_TOOLCHAIN_FILE="$root/cmake/aarch64-linux-gnu.cmake" >/dev/null
      cmake --build "$build_arm64" -j"${JOBS:-2}" --target "$name"
      arm64_bin=$build_arm64/$name
      [ -x "$arm64_bin" ] || die "the arm64 build did not produce $arm64_bin"
    elif [ "$want_arm64" = 1 ]; then
      die "TFP_RELEASE_ARM64=1 but the arm64 cross build lacks: $missing (scripts/install-deps.sh --arm64)"
    else
      echo "release.sh: linux_arm64 left out; the cross build lacks: $missing" \
           "(scripts/install-deps.sh --arm64 installs it)" >&2
    fi
  fi
fi
[ "$(elf_machine "$bin")" = x86_64 ] || die "$bin is not an x86_64 ELF executable ($(elf_machine "$bin"))"
if [ -n "$arm64_bin" ]; then
  [ "$(elf_machine "$arm64_bin")" = aarch64 ] ||
    die "$arm64_bin is not an aarch64 ELF executable ($(elf_machine "$arm64_bin"))"
fi

mkdir -p "$outdir"
outdir=$(cd "$outdir" && pwd)
work=$(mktemp -d)
gnupg_tmp=""
cleanup() {
  if [ -n "$gnupg_tmp" ]; then
    GNUPGHOME=$gnupg_tmp gpgconf --kill gpg-agent 2>/dev/null || true
    rm -rf "$gnupg_tmp"
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# ---- the archives: one file each, fixed metadata ----
epoch=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 315532800)}
inner=${name}_v${version}
# pack BINARY PLATFORM: writes ${prefix}_PLATFORM.zip
pack() {
  mkdir -p "$work/$2"
  install -m 0755 "$1" "$work/$2/$inner"
  touch -d "@$epoch" "$work/$2/$inner"
  rm -f "$outdir/${prefix}_$2.zip"
  (cd "$work/$2" && TZ=UTC zip -q -X -9 "$outdir/${prefix}_$2.zip" "$inner")
}
zips=("${prefix}_linux_amd64.zip")
pack "$bin" linux_amd64
rm -f "$outdir/${prefix}_linux_arm64.zip"
if [ -n "$arm64_bin" ]; then
  pack "$arm64_bin" linux_arm64
  zips+=("${prefix}_linux_arm64.zip")
fi

# ---- the manifest: the plugin protocol this binary speaks ----
manifest=${prefix}_manifest.json
printf '{\n  "version": 1,\n  "metadata": {\n    "protocol_versions": ["5.0"]\n  }\n}\n' \
  >"$outdir/$manifest"

# ---- checksums of everything published ----
sums=${prefix}_SHA256SUMS
(cd "$outdir" && sha256sum "${zips[@]}" "$manifest") >"$outdir/$sums"

# ---- the signature ----
gpg_args=(--batch --yes --quiet)
if [ -n "${TFP_GPG_KEY_ID:-}" ]; then
  key=$TFP_GPG_KEY_ID
  if [ -n "${TFP_GPG_PASSPHRASE:-}" ]; then
    gpg_args+=(--pinentry-mode loopback --passphrase-fd 3)
  fi
else
  gnupg_tmp=$(mktemp -d)
  chmod 700 "$gnupg_tmp"
  export GNUPGHOME=$gnupg_tmp
  {
    echo "################################################################"
    echo "release.sh: WARNING: TFP_GPG_KEY_ID is not set; signing with a"
    echo "THROWAWAY TEST KEY made just now. Do not publish this release:"
    echo "set TFP_GPG_KEY_ID to your own key (README, Installing)."
    echo "################################################################"
  } >&2
  gpg --batch --passphrase '' --quick-gen-key \
    "terraform-provider-aws release test key (throwaway) <release-test@invalid>" \
    rsa3072 sign never 2>/dev/null
  key=$(gpg --batch --with-colons --list-secret-keys 2>/dev/null | awk -F: '$1 == "fpr" { print $10; exit }')
fi
rm -f "$outdir/$sums.sig"
if [ -n "${TFP_GPG_KEY_ID:-}" ] && [ -n "${TFP_GPG_PASSPHRASE:-}" ]; then
  gpg "${gpg_args[@]}" --local-user "$key" --detach-sign --output "$outdir/$sums.sig" \
    "$outdir/$sums" 3<<<"$TFP_GPG_PASSPHRASE"
else
  gpg "${gpg_args[@]}" --local-user "$key" --detach-sign --output "$outdir/$sums.sig" \
    "$outdir/$sums"
fi
gpg --batch --armor --export "$key" >"$outdir/signing-key.asc"
[ -s "$outdir/signing-key.asc" ] || die "could not export the public key of $key"

# ---- check what was written ----
gpg --batch --verify "$outdir/$sums.sig" "$outdir/$sums" 2>/dev/null ||
  die "the signature of $sums does not verify"
(cd "$outdir" && sha256sum --quiet -c "$sums") || die "$sums does not match the files"

echo "release.sh: wrote to $outdir (signed by $key):" >&2
(cd "$outdir" && ls -l "${zips[@]}" "$manifest" "$sums" "$sums.sig" signing-key.asc) >&2
