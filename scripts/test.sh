#!/usr/bin/env bash
# The test suite: builds the provider twice (release, and ASan+UBSan), runs
# the C unit tests under both, then the end-to-end tests (real terraform,
# the AWS emulator, hashicorp/aws from the tf-plugins mirror) against the
# sanitizer build, failing on any sanitizer report.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
jobs=${JOBS:-2}
export CHECKPOINT_DISABLE=1
export TFP_TF_PLUGINS=${TFP_TF_PLUGINS:-/opt/tf-plugins}

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$jobs"
cmake -S . -B build-asan -DTFP_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build build-asan -j"$jobs"

export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
(cd build && ctest --output-on-failure -j"$jobs")
(cd build-asan && ctest --output-on-failure -j"$jobs")

# A short libFuzzer run of the msgpack decoder (the longer runs are manual).
CC=clang cmake -S . -B build-fuzz -DTFP_FUZZ=ON -DTFP_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build build-fuzz -j"$jobs" --target fuzz_msgpack
mkdir -p build-fuzz/corpus
build-fuzz/tests/fuzz_msgpack -max_total_time="${FUZZ_SECONDS:-20}" -print_final_stats=1 \
  build-fuzz/corpus 2>&1 | tail -n 12
# The AWS protocol fuzz targets (tests/fuzz/aws_fuzz.h): recorded emulator
# answers, mutated, through the client and every type's read and flatten
# code. New inputs go to build-fuzz/corpus-<protocol>; the committed seeds
# in tests/fuzz/corpus/ are only read. The seed is fixed (FUZZ_SEED) so that
# a CI run explores the same inputs each time; longer runs with fresh seeds
# are manual (the note gives their counts).
cmake --build build-fuzz -j"$jobs" --target fuzz_aws_ec2 fuzz_aws_query fuzz_aws_json fuzz_aws_restxml
for proto in ec2 query json restxml; do
  mkdir -p "build-fuzz/corpus-$proto"
  if ! build-fuzz/tests/fuzz_aws_$proto -max_total_time="${FUZZ_SECONDS:-20}" -print_final_stats=1 \
      -seed="${FUZZ_SEED:-20261208}" -artifact_prefix=build-fuzz/ \
      "build-fuzz/corpus-$proto" "tests/fuzz/corpus/$proto" >"build-fuzz/fuzz_aws_$proto.log" 2>&1; then
    tail -n 80 "build-fuzz/fuzz_aws_$proto.log"
    echo "fuzz_aws_$proto failed (input saved as build-fuzz/crash-*)" >&2
    exit 1
  fi
  echo "fuzz_aws_$proto: $(grep -E '^Done' "build-fuzz/fuzz_aws_$proto.log")"
done

# The release archives (zip, manifest, SHA256SUMS and its signature), which
# tests/e2e/test_install.py installs the ways users install providers.
bash scripts/release.sh 5.100.0 build-release/dist
export TFP_RELEASE_DIR="$root/build-release/dist"
# The static release binary's own checks: its glibc compatibility shims
# (CTest) here, ldd/glibc versions/a plan in tests/e2e/test_static_release.py.
cmake --build build-release -j"$jobs" --target static_glibc_compat static_libm_lazy static_fault_around
(cd build-release && ctest --output-on-failure -R '^static_')
export TFP_PROVIDER_BIN_STATIC="$root/build-release/terraform-provider-aws"

# End-to-end: the provider Terraform launches is the sanitizer build; its
# reports go to files that must stay empty.
asan_dir=$(mktemp -d)
export ASAN_OPTIONS="detect_leaks=1:log_path=$asan_dir/asan"
# Only here, where gRPC's threads do TLS: see the file for why.
export LSAN_OPTIONS="suppressions=$root/tests/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:log_path=$asan_dir/ubsan"
export TFP_PROVIDER_BIN="$root/build-asan/terraform-provider-aws"
export TFP_PROVIDER_BIN_RELEASE="$root/build/terraform-provider-aws"
export TFP_AWS_SMOKE="$root/build-asan/tests/aws_smoke"
# terraform and hashicorp/aws are Go programs: collecting garbage only near
# 1 GiB takes a fifth off the CPU of every one of the suite's hundreds of
# hashicorp/aws starts (seconds each, most of it building its schema).
export GOGC="${GOGC:-off}" GOMEMLIMIT="${GOMEMLIMIT:-1GiB}"
set +e
/usr/bin/python3 -m pytest -q -p no:cacheprovider -n "${PYTEST_WORKERS:-6}" --dist loadfile --durations=30 tests/e2e tests/emulator "$@"
rc=$?
set -e
unset ASAN_OPTIONS UBSAN_OPTIONS
if compgen -G "$asan_dir/*" >/dev/null; then
  echo "sanitizer reports from the provider during end-to-end tests:"
  cat "$asan_dir"/* | head -200
  rc=1
fi
rm -rf "$asan_dir"

# The release zip on a bare machine: a debootstrap minbase root filesystem
# (cached in TFP_ROOTFS_CACHE) with only terraform and the zip in a mirror.
bash scripts/bare-machine.sh || rc=1
exit $rc
