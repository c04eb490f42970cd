#!/usr/bin/python3
"""The production deployment (examples/wordpress-ecs) applied,
re-planned and destroyed by our provider and by hashicorp/aws 5.100.0 in the
same run, each against a fresh AWS emulator: wall time of each step and the
number of AWS calls the provider made in it (the emulator counts every
request it answered, /__emulator/calls).  The re-plan must be clean and the
destroy must leave the emulator empty, for both.

Both providers run through bench.py's dev_overrides wrapper (no plugin
installation or cache gives either a head start).  Our binary is chosen as
bench.py chooses it ($TFP_PROVIDER_BIN_RELEASE, else build-release/, else
build/).

Usage: bench/production.py [--runs 3]   (times: median of the runs; calls:
the median too -- waits that poll make them vary a little)
"""
import argparse
import glob
import os
import re
import shutil
import statistics
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import bench  # noqa: E402

EXAMPLE = os.path.join(bench.ROOT, "examples", "wordpress-ecs")
STEPS = (("apply", ("apply", "-auto-approve", "-input=false")),
         ("replan", ("plan", "-detailed-exitcode", "-input=false")),
         ("destroy", ("destroy", "-auto-approve", "-input=false")))


def one_run(label, binary):
    sys.path.insert(0, os.path.join(bench.ROOT, "tests", "e2e"))
    import tfharness

    work = tempfile.mkdtemp(prefix=f"bench-prod-{label}-")
    emu = tfharness.EmulatorProcess(work, verbose=False).start()
    ws = bench.Workspace(label, binary, sorted(glob.glob(os.path.join(EXAMPLE, "*.tf"))),
                         extra_env=emu.aws_env())
    try:
        row = {}
        for step, args in STEPS:
            before = len(emu.calls())
            dt, r = ws.tf(*args)
            if step == "replan":
                assert r.returncode == 0, f"{label}: re-plan is not clean:\n{r.stdout[-3000:]}"
            if step == "apply":
                m = re.search(r"Apply complete! Resources: (\d+) added", r.stdout)
                assert m, r.stdout[-3000:]
                row["resources"] = int(m.group(1))
            row[step + "_s"] = dt
            row[step + "_calls"] = len(emu.calls()) - before
        assert emu.state()["empty"], f"{label}: destroy left objects behind"
        return row
    finally:
        emu.stop()
        ws.cleanup()
        shutil.rmtree(work, ignore_errors=True)


def production_bench(runs):
    rows = {}
    for label, binary in (("ours", bench.OURS), ("hashicorp", bench.THEIRS)):
        samples = [one_run(label, binary) for _ in range(runs)]
        rows[label] = {k: statistics.median(s[k] for s in samples) for k in samples[0]}
    title = "production (%d resources)" % rows["ours"]["resources"]
    print(f"{title:<28}{'ours':>12}{'hashicorp':>12}{'ratio':>10}")
    for step, _ in STEPS:
        for unit in ("_s", "_calls"):
            key = step + unit
            o, h = rows["ours"][key], rows["hashicorp"][key]
            print(f"{key:<28}{o:>12.2f}{h:>12.2f}{(h / o if o else float('inf')):>9.1f}x")
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    print(f"ours: {bench.OURS}")
    production_bench(args.runs)


if __name__ == "__main__":
    main()
