#!/usr/bin/env python3
"""Regenerates cmake/startup-order.txt, the symbol ordering file the static
release build links with (cmake/static.cmake, lld --symbol-ordering-file).

Maintainer tool, not part of the build or the tests.  It runs the release
binary under valgrind's callgrind three times: up to the go-plugin handshake
line (as bench/bench.py starts it), serving `terraform plan` of the
17-resource configuration (tests/e2e/fixtures/seed17), and serving a plan
of two aliased configurations against the AWS emulator (ConfigureProvider,
a data source read over HTTP).  Every function of the binary that ran is
written out by its linker (mangled) name, the handshake's first, so that lld
puts them together at the start of .text.  Functions of archives compiled
without -ffunction-sections bring their whole object along.

    scripts/gen-startup-order.py [BINARY] [OUT]

BINARY defaults to build-release/terraform-provider-aws (its symbols are
read from BINARY.debug when it is stripped), OUT to cmake/startup-order.txt.
Needs valgrind, nm, c++filt and terraform.  Rebuild the release binary
afterwards; symbols that no longer exist are ignored by the linker.
"""
import collections
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "bench"))
sys.path.insert(0, os.path.join(ROOT, "tests", "e2e"))


def die(msg):
    sys.exit("gen-startup-order: " + msg)


def callgrind_cmd(binary, outdir, tag):
    return ["valgrind", "--tool=callgrind", "--callgrind-out-file=%s/cg.%s.%%p" % (outdir, tag), binary]


def run_handshake(bench, binary, outdir):
    env = dict(os.environ, TF_PLUGIN_MAGIC_COOKIE=bench.COOKIE, PLUGIN_PROTOCOL_VERSIONS="5")
    env["PLUGIN_CLIENT_CERT"] = bench._client_cert()
    with open(os.path.join(outdir, "valgrind.log"), "a") as log:
        p = subprocess.Popen(callgrind_cmd(binary, outdir, "0handshake"), env=env,
                             stdout=subprocess.PIPE, stderr=log)
        line = p.stdout.readline()
        if not line.startswith(b"1|5|"):
            p.kill()
            die("no handshake line from %s under valgrind: %r" % (binary, line[:200]))
        time.sleep(0.5)
        p.terminate()
        p.wait()


def run_plans(bench, binary, outdir):
    import tfharness

    wrapper = os.path.join(outdir, "provider-under-callgrind")
    with open(wrapper, "w") as f:
        f.write("#!/bin/sh\nexec %s \"$@\" 2>>%s/valgrind.log\n"
                % (" ".join(callgrind_cmd(binary, outdir, "1plan")), outdir))
    os.chmod(wrapper, 0o755)
    ws = bench.Workspace("order", wrapper, [bench.SEED17])
    try:
        _, r = ws.tf("plan", "-input=false", "-lock=false")
        if "17 to add" not in r.stdout:
            die("the seed17 plan did not plan 17 creates:\n" + r.stdout[-2000:])
    finally:
        ws.cleanup()
    work = tempfile.mkdtemp(prefix="startup-order-", dir=outdir)
    cfg = os.path.join(work, "main.tf")
    with open(cfg, "w") as f:
        f.write(bench.aliases_config(2))
    emu = tfharness.EmulatorProcess(work, verbose=False).start()
    try:
        ws = bench.Workspace("order2", wrapper, [cfg], extra_env=emu.aws_env())
        try:
            _, r = ws.tf("plan", "-input=false", "-lock=false")
            if "1 to add" not in r.stdout:
                die("the aliases plan did not plan 1 create:\n" + r.stdout[-2000:])
        finally:
            ws.cleanup()
    finally:
        emu.stop()


def functions_run(binary, files):
    """Names (as callgrind prints them, demangled) of the binary's functions
    with a cost, first seen first, over the callgrind outputs in order."""
    seen = collections.OrderedDict()
    real = os.path.realpath(binary)
    for path in files:
        names = {"ob": {}, "fn": {}}
        ob = None
        with open(path, errors="replace") as f:
            for line in f:
                m = re.match(r"^(c?)(ob|fn)=\((\d+)\)(?: (.*))?$", line.rstrip("\n"))
                if not m:
                    continue
                called, kind, ident, name = m.groups()
                if name is not None:
                    names[kind][ident] = name
                if called:
                    continue
                if kind == "ob":
                    ob = os.path.realpath(names["ob"].get(ident, ""))
                elif ob == real:
                    seen.setdefault(names["fn"].get(ident, ""), None)
    return list(seen)


def main():
    binary = os.path.abspath(sys.argv[1] if len(sys.argv) > 1
                             else os.path.join(ROOT, "build-release", "terraform-provider-aws"))
    out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, "cmake", "startup-order.txt")
    for tool in ("valgrind", "nm", "c++filt", "terraform"):
        if not shutil.which(tool):
            die("%s is not on PATH" % tool)
    if not os.access(binary, os.X_OK):
        die("no executable %s (build it: scripts/release.sh, or cmake -DTFP_STATIC=ON)" % binary)
    symfile = binary + ".debug" if os.path.exists(binary + ".debug") else binary
    nm = subprocess.run(["nm", "--defined-only", symfile], capture_output=True, text=True, check=True)
    mangled = sorted({p[2] for p in (l.split() for l in nm.stdout.splitlines())
                      if len(p) == 3 and p[1] in "tTwW"})
    if not mangled:
        die("no function symbols in %s" % symfile)
    demangled = subprocess.run(["c++filt"], input="\n".join(mangled) + "\n", capture_output=True,
                               text=True, check=True).stdout.splitlines()
    by_name = collections.defaultdict(list)
    for m, d in zip(mangled, demangled):
        by_name[d].append(m)

    import bench

    outdir = tempfile.mkdtemp(prefix="startup-order-")
    try:
        run_handshake(bench, binary, outdir)
        run_plans(bench, binary, outdir)
        files = sorted(glob.glob(os.path.join(outdir, "cg.*")))
        names = functions_run(binary, files)
    finally:
        shutil.rmtree(outdir, ignore_errors=True)
    order, unknown = [], 0
    for n in names:
        syms = by_name.get(n) or by_name.get(n.split("'")[0])  # "'2": a recursion level
        if syms:
            order.extend(syms)
        else:
            unknown += 1  # PLT entries, "(below main)", libstdc++ without symbols
    order = list(dict.fromkeys(order))
    if len(order) < 1000:
        die("only %d functions found; is %s the binary that ran?" % (len(order), symfile))
    with open(out, "w") as f:
        f.write("\n".join(order) + "\n")
    print("%s: %d symbols (%d names without a symbol left out) from %d callgrind outputs"
          % (out, len(order), unknown, len(files)))


if __name__ == "__main__":
    main()
