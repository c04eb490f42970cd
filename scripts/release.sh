#!/usr/bin/env bash
# Builds the release binary and writes the files a Terraform provider
# registry (and any mirror) expects for one version:
#
#   terraform-provider-aws_VERSION_linux_amd64.zip   the binary, named
#                                                    terraform-provider-aws_vVERSION
#   terraform-provider-aws_VERSION_manifest.json     protocol versions (5.0)
#   terraform-provider-aws_VERSION_SHA256SUMS        sha256 of the two above
#   terraform-provider-aws_VERSION_SHA256SUMS.sig    detached binary GPG signature
#   signing-key.asc                                  the signer's public key
#                                                    (ASCII armor; not a release file)
#
# Usage: scripts/release.sh [VERSION] [OUTDIR]
#   VERSION defaults to 5.100.0, the hashicorp/aws version whose schema the
#   provider matches; OUTDIR defaults to build-release/dist.
#
# TFP_RELEASE_BINARY packages a binary built elsewhere instead of building
# one here.
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
# linux_arm64 is not built: cross-building needs every dependency (gRPC and
# its abseil/re2/c-ares/protobuf stack, OpenSSL, libcurl, jansson, msgpack,
# expat) as Debian arm64 multiarch packages plus the static libcurl build,
# which is more than this project's CI budget allows (see README, Installing).
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

if [ -n "${TFP_RELEASE_BINARY:-}" ]; then
  bin=$TFP_RELEASE_BINARY
  [ -f "$bin" ] || die "TFP_RELEASE_BINARY=$bin: no such file"
else
  echo "release.sh: building $build/$name (TFP_STATIC=ON, Release)" >&2
  cmake -S . -B "$build" -DTFP_STATIC=ON -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$build" -j"${JOBS:-2}" --target "$name"
  bin=$build/$name
  [ -x "$bin" ] || die "the build did not produce $bin"
fi
echo "release.sh: linux_amd64 only; linux_arm64 needs a cross build of every dependency (README, Installing)" >&2
[ "$(head -c 4 "$bin" | od -An -c | tr -d ' ')" = '177ELF' ] || die "$bin is not an ELF executable"

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

# ---- the archive: one file, fixed metadata ----
epoch=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 315532800)}
inner=${name}_v${version}
install -m 0755 "$bin" "$work/$inner"
touch -d "@$epoch" "$work/$inner"
zipfile=${prefix}_linux_amd64.zip
rm -f "$outdir/$zipfile"
(cd "$work" && TZ=UTC zip -q -X -9 "$outdir/$zipfile" "$inner")

# ---- the manifest: the plugin protocol this binary speaks ----
manifest=${prefix}_manifest.json
printf '{\n  "version": 1,\n  "metadata": {\n    "protocol_versions": ["5.0"]\n  }\n}\n' \
  >"$outdir/$manifest"

# ---- checksums of everything published ----
sums=${prefix}_SHA256SUMS
(cd "$outdir" && sha256sum "$zipfile" "$manifest") >"$outdir/$sums"

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
(cd "$outdir" && ls -l "$zipfile" "$manifest" "$sums" "$sums.sig" signing-key.asc) >&2
