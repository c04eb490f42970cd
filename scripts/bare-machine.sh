#!/usr/bin/env bash
# The bare-machine check: does the release zip work on a machine that has
# nothing but a minimal Debian and Terraform?
#
# Builds (once, then cached outside the clone) a `debootstrap --variant=minbase
# bookworm` root filesystem, unpacks a fresh copy of it per run, puts only
# `terraform`, the release zip (in a filesystem mirror) and the 17-resource
# deployment of terraform/ in it, and inside it (chroot in a private mount and
# PID namespace, host network) runs `terraform init` from the mirror and
# `terraform plan` against the AWS emulator, which runs outside on loopback.
# Nothing is installed in the root filesystem for the provider's sake: a
# release that needs a shared library minbase lacks fails here.
#
# Environment:
#   TFP_RELEASE_DIR     directory holding terraform-provider-aws_<v>_linux_amd64.zip
#                       (default: scripts/release.sh into a temporary directory)
#   TFP_ROOTFS_CACHE    cache directory (default /var/cache/tfp/bookworm-minbase)
#   TFP_DEBIAN_MIRROR   Debian mirror (default: the bookworm URIs of apt's sources)
#   TERRAFORM           terraform binary to copy (default: the one on PATH)
set -euo pipefail
started=$(date +%s)
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

say() { printf 'bare-machine: [%ss] %s\n' "$(( $(date +%s) - started ))" "$*"; }
die() { printf 'bare-machine: FAIL: %s\n' "$*" >&2; exit 1; }

if [ "$(id -u)" -ne 0 ]; then
  # debootstrap, chroot and mount namespaces need root.
  command -v sudo >/dev/null && exec sudo -n --preserve-env "$0" "$@"
  die "needs root (debootstrap, chroot, mount namespaces) and sudo is not available"
fi
for tool in debootstrap unshare chroot python3 tar; do
  command -v "$tool" >/dev/null || die "$tool not found (scripts/install-deps.sh installs it)"
done

suite=bookworm
cache=${TFP_ROOTFS_CACHE:-/var/cache/tfp/$suite-minbase}
tarball=$cache/rootfs.tar

# The Debian mirror apt uses: the URIs of the deb822 stanza listing the suite.
debian_mirror() {
  local m=""
  if [ -r /etc/apt/sources.list.d/debian.sources ]; then
    m=$(awk -v suite="$suite" 'BEGIN { RS = "" }
      { uris = ""; ok = 0
        n = split($0, line, "\n")
        for (i = 1; i <= n; i++) {
          if (line[i] ~ /^URIs:/) { split(line[i], f, /[ \t]+/); uris = f[2] }
          if (line[i] ~ /^Suites:/ && (" " line[i] " ") ~ (" " suite " ")) ok = 1
        }
        if (ok && uris != "") { print uris; exit } }' /etc/apt/sources.list.d/debian.sources)
  fi
  if [ -z "$m" ] && [ -r /etc/apt/sources.list ]; then
    m=$(awk -v suite="$suite" '$1 == "deb" && $3 == suite { print $2; exit }' /etc/apt/sources.list)
  fi
  echo "${m:-http://deb.debian.org/debian}"
}

work=$(mktemp -d "${TMPDIR:-/var/tmp}/tfp-bare.XXXXXX")
rootfs=$work/rootfs
emu_pid=""
cleanup() {
  [ -n "$emu_pid" ] && kill "$emu_pid" 2>/dev/null
  # The mounts live in the run's own mount namespace and die with it; never
  # delete through one that is somehow still there.
  if grep -qs " $rootfs/" /proc/self/mounts; then
    echo "bare-machine: $rootfs still has mounts; leaving $work in place" >&2
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT

# ---- the release zip ---------------------------------------------------------
release_dir=${TFP_RELEASE_DIR:-}
if [ -z "$release_dir" ]; then
  [ -f scripts/release.sh ] || die "no release: set TFP_RELEASE_DIR or provide scripts/release.sh"
  release_dir=$work/release
  say "building the release (scripts/release.sh) into $release_dir"
  bash scripts/release.sh 5.100.0 "$release_dir"
fi
shopt -s nullglob
zips=("$release_dir"/terraform-provider-aws_*_linux_amd64.zip)
shopt -u nullglob
[ ${#zips[@]} -eq 1 ] || die "expected one terraform-provider-aws_*_linux_amd64.zip in $release_dir, found ${#zips[@]}"
zip=${zips[0]}
zip_name=$(basename "$zip")
version=${zip_name#terraform-provider-aws_}
version=${version%_linux_amd64.zip}
sums=$release_dir/terraform-provider-aws_${version}_SHA256SUMS
if [ -f "$sums" ]; then
  (cd "$release_dir" && sha256sum --quiet --ignore-missing -c "$sums") || die "$zip_name does not match $(basename "$sums")"
fi
say "release: $zip ($version)"

tf_bin=${TERRAFORM:-$(command -v terraform || true)}
[ -x "$tf_bin" ] || die "terraform not found (set TERRAFORM)"

# ---- the root filesystem: cached pristine tarball, fresh copy per run -------
mkdir -p "$cache"
exec 9>"$cache/.lock"
flock 9   # one builder at a time; readers wait for a complete tarball
if [ ! -s "$tarball" ]; then
  mirror=${TFP_DEBIAN_MIRROR:-$(debian_mirror)}
  say "no cached root filesystem in $cache: debootstrap --variant=minbase $suite from $mirror"
  t0=$(date +%s)
  # Under the lock nobody else is building: a build.* left here is from an
  # interrupted run.
  for stale in "$cache"/build.*; do
    [ -d "$stale" ] && ! grep -qs " $stale/" /proc/self/mounts && rm -rf "$stale"
  done
  build=$cache/build.$$
  if ! debootstrap --variant=minbase "$suite" "$build" "$mirror" >"$cache/debootstrap.log" 2>&1; then
    tail -n 30 "$cache/debootstrap.log" >&2
    grep -qs " $build/" /proc/self/mounts || rm -rf "$build"
    die "debootstrap failed (log: $cache/debootstrap.log)"
  fi
  # Drop the downloaded .debs: the cache keeps the system, not its archives.
  rm -f "$build"/var/cache/apt/archives/*.deb
  tar -C "$build" --numeric-owner -cf "$tarball.tmp" .
  mv "$tarball.tmp" "$tarball"
  rm -rf "$build"
  say "debootstrap + cache: $(( $(date +%s) - t0 ))s, cached $(du -h "$tarball" | cut -f1) at $tarball"
else
  say "using the cached root filesystem $tarball"
fi
mkdir "$rootfs"
tar -C "$rootfs" --numeric-owner -xf "$tarball"
flock -u 9
say "root filesystem: $(du -sh "$rootfs" | cut -f1), $(chroot "$rootfs" dpkg-query -W | wc -l) packages"

# What the provider would need from a fuller machine is not there.
for lib in libcurl.so.4 libgrpc.so.29 libjansson.so.4 libprotobuf-c.so.1; do
  [ -z "$(find "$rootfs/usr/lib" "$rootfs/lib" -name "$lib*" -print -quit 2>/dev/null)" ] ||
    die "the root filesystem unexpectedly has $lib: it is not a bare machine"
done

# ---- terraform, the mirror, the deployment ---------------------------------
install -m 0755 "$tf_bin" "$rootfs/usr/local/bin/terraform"
# The packed layout `terraform providers mirror` writes.
mkdir -p "$rootfs/mirror/registry.terraform.io/hashicorp/aws"
cp "$zip" "$rootfs/mirror/registry.terraform.io/hashicorp/aws/"
cat > "$rootfs/etc/terraformrc" <<'TFRC'
provider_installation {
  filesystem_mirror {
    path    = "/mirror"
    include = ["registry.terraform.io/hashicorp/aws"]
  }
}
TFRC
cp -r terraform "$rootfs/deploy"
rm -rf "$rootfs/deploy/.terraform" "$rootfs/deploy/.terraform.lock.hcl" "$rootfs"/deploy/terraform.tfstate*

# ---- the emulator, outside, on loopback ------------------------------------
access_key=AKIDBAREMACHINE00001 secret_key=bare-machine-secret region=us-east-1
python3 tests/emulator/server.py --port 0 --port-file "$work/port" \
  --access-key "$access_key" --secret-key "$secret_key" --region "$region" \
  2>"$work/emulator.log" &
emu_pid=$!
for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.1; done
[ -s "$work/port" ] || { cat "$work/emulator.log" >&2; die "the emulator did not start"; }
endpoint="http://127.0.0.1:$(cat "$work/port")"
say "emulator on $endpoint"

# ---- inside: init from the mirror, plan ------------------------------------
# The inner script runs as PID 1 of a new PID namespace with its own mount
# namespace (mounts are private and vanish with it), network shared with the
# host so the emulator on 127.0.0.1 answers.
cat > "$rootfs/bare-run.sh" <<'INNER'
set -eu
cd /deploy
echo "== inside: $(. /etc/os-release; echo "$PRETTY_NAME"), $(terraform version | head -n 1)"
terraform init -input=false -no-color
bin=$(find .terraform/providers -type f -name 'terraform-provider-aws*' | head -n 1)
echo "== installed: $bin"
echo "== ldd $bin (inside the root filesystem):"
ldd "$bin" 2>&1 | sed 's/^/   /' || true
if ldd "$bin" 2>&1 | grep -q 'not found'; then
  echo "the provider needs shared libraries this machine does not have" >&2
  exit 3
fi
if ! terraform plan -input=false -no-color -out=/deploy/tfplan >/deploy/plan.txt 2>&1; then
  cat /deploy/plan.txt
  exit 4
fi
echo "== plan:"
grep -E '^  # |^Plan:' /deploy/plan.txt
terraform show -json /deploy/tfplan >/deploy/plan.json
INNER

say "inside the root filesystem: terraform init (filesystem mirror), terraform plan"
set +e
# shellcheck disable=SC2016  # expanded by the inner shell, from its arguments
timeout 600 unshare --mount --pid --fork --kill-child --propagation private /bin/sh -c '
    set -e
    r=$1
    mount --rbind /dev "$r/dev"
    mount -t proc proc "$r/proc"
    exec chroot "$r" /usr/bin/env -i \
      PATH=/usr/local/bin:/usr/bin:/bin HOME=/root TERM=dumb \
      TF_CLI_CONFIG_FILE=/etc/terraformrc CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1 \
      AWS_ENDPOINT_URL="$2" AWS_ACCESS_KEY_ID="$3" AWS_SECRET_ACCESS_KEY="$4" AWS_REGION="$5" \
      TF_VAR_ami_id=ami-0a9e8b4c3d2f1e0a7 \
      /bin/sh /bare-run.sh' bare "$rootfs" "$endpoint" "$access_key" "$secret_key" "$region"
rc=$?
set -e
if [ $rc -ne 0 ]; then
  echo "--- emulator log (tail) ---" >&2
  tail -n 20 "$work/emulator.log" >&2
  die "the run inside the root filesystem failed (exit $rc)"
fi

# ---- checks, outside ---------------------------------------------------------
grep -q '^Plan: 17 to add, 0 to change, 0 to destroy\.$' "$rootfs/deploy/plan.txt" ||
  die "the plan is not 17 to add, 0 to change, 0 to destroy"
python3 - "$rootfs" "$zip" "$version" "$endpoint" <<'PY' || die "the plan, the emulator's calls or the installed provider are not what was expected"
import hashlib, json, os, sys, urllib.request, zipfile
rootfs, zip_path, version, endpoint = sys.argv[1:5]
# The provider inside talked to the emulator outside, and only read.
with urllib.request.urlopen(endpoint + '/__emulator/calls', timeout=10) as r:
    calls = json.load(r)
ops = sorted({c['operation'] for c in calls if c['operation']})
if not any(c['operation'] == 'DescribeAvailabilityZones' and c['status'] == 200 for c in calls):
    sys.exit(f'the emulator answered no DescribeAvailabilityZones; calls: {ops}')
writes = [op for op in ops if not op.startswith(('Describe', 'List', 'Get'))]
if writes:
    sys.exit(f'a plan made write calls: {writes}')
plan = json.load(open(os.path.join(rootfs, 'deploy/plan.json')))
creates = sorted(rc['address'] for rc in plan.get('resource_changes', [])
                 if rc['mode'] == 'managed' and rc['change']['actions'] == ['create'])
if len(creates) != 17:
    sys.exit(f'{len(creates)} resources to create, expected 17: {creates}')
# The provider Terraform installed is the release's binary, byte for byte.
with zipfile.ZipFile(zip_path) as z:
    binary = f'terraform-provider-aws_v{version}'
    if binary not in z.namelist():
        sys.exit(f'{binary} is not in the zip: {z.namelist()}')
    want = hashlib.sha256(z.read(binary)).hexdigest()
inst = os.path.join(rootfs, 'deploy/.terraform/providers/registry.terraform.io/hashicorp/aws',
                    version, 'linux_amd64', binary)
got = hashlib.sha256(open(inst, 'rb').read()).hexdigest()
if got != want:
    sys.exit(f'installed provider {inst} differs from the release zip')
print(f'bare-machine: plan creates 17 resources; the provider used is the release binary '
      f'(sha256 {want[:16]}...); emulator calls: {", ".join(ops)}')
PY
say "OK in $(( $(date +%s) - started ))s"
