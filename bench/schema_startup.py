#!/usr/bin/python3
"""Start-up and schema cost of the known types, for one or more binaries.

For each binary, N times: the time from exec to the go-plugin handshake
line and VmRSS at that line (what every provider process Terraform starts
pays), then the time of the first GetProviderSchema (which prepares every
known type's table and packs the answer once per process), of a second one
(served from the packed bytes), the answer's size and the number of resource
types in it, and VmRSS after.  Medians are printed, with the load average,
since timings are only comparable on a quiet machine.

Usage: bench/schema_startup.py [--runs 15] BINARY [BINARY...]
(e.g. a build of the commit before the generated schema, and build-h/).
"""
import argparse
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                "tests", "e2e"))
import test_runtime  # noqa: E402  (Plugin, raw_call, pb_fields)


def rss_kib(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def one_run(binary):
    os.environ["TFP_PROVIDER_BIN"] = binary
    t0 = time.perf_counter()
    p = test_runtime.Plugin()
    handshake_ms = (time.perf_counter() - t0) * 1000
    try:
        rss_handshake = rss_kib(p.proc.pid)
        ch = p.channel()
        t1 = time.perf_counter()
        schema = test_runtime.raw_call(ch, "/tfplugin5.Provider/GetSchema", b"")
        first_ms = (time.perf_counter() - t1) * 1000
        t2 = time.perf_counter()
        test_runtime.raw_call(ch, "/tfplugin5.Provider/GetSchema", b"")
        second_ms = (time.perf_counter() - t2) * 1000
        rss_after = rss_kib(p.proc.pid)
        resources = sum(1 for f, _, _ in test_runtime.pb_fields(schema) if f == 2)
        ch.close()
    finally:
        p.stop()
    return handshake_ms, rss_handshake, first_ms, second_ms, rss_after, len(schema), resources


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("binaries", nargs="+")
    args = ap.parse_args()
    print("load average before: %.2f %.2f %.2f" % os.getloadavg())
    print("%-44s %10s %9s %11s %11s %9s %9s %5s" % (
        "binary", "handshake", "RSS@hs", "1st schema", "2nd schema", "RSS after", "bytes",
        "types"))
    for b in args.binaries:
        runs = [one_run(b) for _ in range(args.runs)]
        med = [statistics.median(r[i] for r in runs) for i in range(7)]
        print("%-44s %8.2fms %7.0fKiB %9.2fms %9.2fms %7.0fKiB %9d %5d" % (
            b[-44:], med[0], med[1], med[2], med[3], med[4], med[5], med[6]))
    print("load average after: %.2f %.2f %.2f" % os.getloadavg())


if __name__ == "__main__":
    main()
