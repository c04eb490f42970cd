#!/usr/bin/python3
"""Side-by-side benchmark: our provider against hashicorp/aws 5.100.0.

Measured in one run, on the same machine, for both providers:
  * start-up: time from exec to the go-plugin handshake line (median of N),
    and the process's resident memory (VmRSS) and its peak so far (VmHWM)
    read at that line;
  * peak RSS of the provider process during `terraform plan` of the
    17-resource seed configuration;
  * wall time of that `terraform plan` (median of N);
  * 20 aliased provider configurations (`provider "aws" { alias = ... }`),
    each used by one resource or data source, planned against the project's
    AWS emulator.  Terraform 1.11 starts one provider process for the
    schema, then one per configuration for the validate walk and one per
    configuration for the plan walk (41 for 20); the figure is the sum of
    the peak RSS of every provider process of one `terraform plan` (median
    of N), with the number of processes beside it.

With --network it also applies, re-plans and destroys the networking part
of the seed (bench/network/) against the project's AWS emulator, a fresh
emulator per provider, and counts the AWS calls each provider made.

Both providers are run through the same dev_overrides mechanism, each
behind a tiny wrapper that records the provider's own peak RSS (wait4), so
neither gets a head start from plugin installation or caching.  The wrapper
is a small static C program (compiled by this script with `cc -static`):
wait4's ru_maxrss of a child is the larger of the provider's peak and the
resident size of the wrapper's own copy of itself that fork made before the
exec, so the wrapper must be smaller than either provider.  (It used to be
a Python script; its fork copy, about 9.5 MiB of interpreter, was what
wait4 reported for every provider process smaller than that.)

Our binary: $TFP_PROVIDER_BIN_RELEASE, else build-release/ (the static
release build) when it exists, else build/.

Usage: bench/bench.py [--runs 5] [--aliases 20] [--network]
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
COOKIE = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2"
PLUGINS = os.environ.get("TFP_TF_PLUGINS", "/opt/tf-plugins")


def _our_binary():
    if os.environ.get("TFP_PROVIDER_BIN_RELEASE"):
        return os.environ["TFP_PROVIDER_BIN_RELEASE"]
    for build in ("build-release", "build"):
        path = os.path.join(ROOT, build, "terraform-provider-aws")
        if os.path.exists(path):
            return path
    return os.path.join(ROOT, "build", "terraform-provider-aws")


OURS = _our_binary()
THEIRS = os.path.join(
    PLUGINS, "registry.terraform.io/hashicorp/aws/5.100.0/linux_amd64/terraform-provider-aws_v5.100.0_x5"
)
SEED17 = os.path.join(ROOT, "tests", "e2e", "fixtures", "seed17", "main.tf")

# The dev_overrides wrapper: fork, exec the provider, and append wait4's
# ru_maxrss (KiB) to a file.  BINARY and OUT are compiled in.  A static C
# program because ru_maxrss also counts the child's resident size before
# its exec (the fork's copy of the wrapper): a Python wrapper put a floor
# of about 9.5 MiB under every figure.
WRAPPER_C = r"""
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    (void)argc;
    pid_t pid = fork();
    if (pid < 0)
        return 127;
    if (pid == 0) {
        argv[0] = BINARY;
        execv(BINARY, argv);
        _exit(127);
    }
    int status;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) < 0)
        return 127;
    FILE *f = fopen(OUT, "a");
    if (f) {
        fprintf(f, "%ld\n", ru.ru_maxrss);
        fclose(f);
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
"""


def _c_string(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def build_wrapper(path, binary, out):
    src = path + ".c"
    with open(src, "w") as f:
        f.write(WRAPPER_C)
    subprocess.run(["cc", "-O2", "-static", "-o", path, src,
                    "-DBINARY=" + _c_string(binary), "-DOUT=" + _c_string(out)], check=True)
    os.remove(src)


def _vm_rss_kib(pid, field="VmRSS"):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"no {field} for process {pid}")


def handshake(binary, runs):
    """Median time from exec to the handshake line, median VmRSS read as
    soon as the line has arrived (the process is still serving), and median
    VmHWM read then: the peak up to that moment (our release binary unmaps
    the pages only start-up used right after writing the line, so VmRSS can
    be read before or after that)."""
    times, rss, hwm = [], [], []
    env = dict(os.environ, TF_PLUGIN_MAGIC_COOKIE=COOKIE, PLUGIN_PROTOCOL_VERSIONS="5")
    # A real client certificate so that both do their automatic-mTLS work.
    env["PLUGIN_CLIENT_CERT"] = _client_cert()
    for _ in range(runs):
        t0 = time.perf_counter()
        p = subprocess.Popen([binary], env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        line = p.stdout.readline()
        times.append(time.perf_counter() - t0)
        rss.append(_vm_rss_kib(p.pid))
        hwm.append(_vm_rss_kib(p.pid, "VmHWM"))
        assert line.startswith(b"1|5|"), line
        p.terminate()
        p.wait()
        p.stdout.close()
    return statistics.median(times), statistics.median(rss), statistics.median(hwm)


def _client_cert():
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    import datetime

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(1).not_valid_before(now).not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    return cert.public_bytes(serialization.Encoding.PEM).decode()


class Workspace:
    """A terraform working directory using one provider binary via dev_overrides."""

    def __init__(self, label, binary, config_files, extra_env=None):
        self.label = label
        self.dir = tempfile.mkdtemp(prefix=f"bench-{label}-")
        self.rss_file = os.path.join(self.dir, "rss.txt")
        bindir = os.path.join(self.dir, "bin")
        os.makedirs(bindir)
        wrapper = os.path.join(bindir, "terraform-provider-aws")
        build_wrapper(wrapper, binary, self.rss_file)
        cli = os.path.join(self.dir, "cli.tfrc")
        with open(cli, "w") as f:
            f.write(
                'provider_installation {\n  dev_overrides { "hashicorp/aws" = "%s" }\n'
                "  direct {}\n}\n" % bindir
            )
        self.work = os.path.join(self.dir, "work")
        os.makedirs(self.work)
        for src in config_files:
            shutil.copy(src, self.work)
        self.env = dict(os.environ, TF_CLI_CONFIG_FILE=cli, CHECKPOINT_DISABLE="1", TF_IN_AUTOMATION="1")
        self.env.pop("TF_LOG", None)
        self.env.update(extra_env or {})

    def tf(self, *args, check=True):
        t0 = time.perf_counter()
        r = subprocess.run(["terraform", *args, "-no-color"], cwd=self.work, env=self.env,
                           capture_output=True, text=True)
        dt = time.perf_counter() - t0
        if check and r.returncode not in (0, 2):
            raise RuntimeError(f"{self.label}: terraform {' '.join(args)} failed:\n{r.stdout}\n{r.stderr}")
        return dt, r

    def rss_kib(self):
        """The peak RSS of every provider process since reset_rss()."""
        with open(self.rss_file) as f:
            return [int(x) for x in f.read().split()]

    def peak_rss_kib(self):
        return max(self.rss_kib())

    def reset_rss(self):
        if os.path.exists(self.rss_file):
            os.remove(self.rss_file)

    def cleanup(self):
        shutil.rmtree(self.dir, ignore_errors=True)


def plan_bench(runs):
    rows = {}
    for label, binary in (("ours", OURS), ("hashicorp", THEIRS)):
        ws = Workspace(label, binary, [SEED17])
        try:
            ws.tf("plan", "-refresh=false", "-input=false", "-lock=false")  # warm the page cache
            ws.reset_rss()
            times = []
            for _ in range(runs):
                dt, r = ws.tf("plan", "-input=false", "-lock=false")
                assert "17 to add" in r.stdout, r.stdout[-2000:]
                times.append(dt)
            rows[label] = {"plan_s": statistics.median(times), "rss_kib": ws.peak_rss_kib()}
        finally:
            ws.cleanup()
    return rows


def aliases_config(n):
    """n aliased configurations of the provider, each used by one resource
    (aws_vpc, planned without AWS calls) or one data source
    (aws_availability_zones, read during the plan)."""
    out = ["# %d aliased configurations of hashicorp/aws, one process each." % n]
    for i in range(n):
        out.append('provider "aws" {\n  alias  = "a%d"\n  region = "us-east-1"\n}\n' % i)
        if i % 2 == 0:
            out.append('resource "aws_vpc" "v%d" {\n  provider   = aws.a%d\n'
                       '  cidr_block = "10.%d.0.0/16"\n}\n' % (i, i, i))
        else:
            out.append('data "aws_availability_zones" "z%d" {\n  provider = aws.a%d\n'
                       '  state    = "available"\n}\n' % (i, i))
    return "\n".join(out)


def aliases_bench(runs, n):
    """Summed peak RSS of all provider processes of one `terraform plan` of
    n aliased configurations against the emulator (median of runs)."""
    sys.path.insert(0, os.path.join(ROOT, "tests", "e2e"))
    import tfharness

    work = tempfile.mkdtemp(prefix="bench-aliases-")
    cfg = os.path.join(work, "main.tf")
    with open(cfg, "w") as f:
        f.write(aliases_config(n))
    emu = tfharness.EmulatorProcess(work, verbose=False).start()
    rows = {}
    try:
        for label, binary in (("ours", OURS), ("hashicorp", THEIRS)):
            ws = Workspace(label, binary, [cfg], extra_env=emu.aws_env())
            try:
                sums, procs, times = [], [], []
                for _ in range(runs):
                    ws.reset_rss()
                    dt, r = ws.tf("plan", "-input=false", "-lock=false")
                    want = "%d to add" % ((n + 1) // 2)
                    assert want in r.stdout, r.stdout[-2000:]
                    rss = ws.rss_kib()
                    sums.append(sum(rss))
                    procs.append(len(rss))
                    times.append(dt)
                rows[label] = {"rss_kib": statistics.median(sums), "procs": max(procs),
                               "plan_s": statistics.median(times)}
            finally:
                ws.cleanup()
    finally:
        emu.stop()
        shutil.rmtree(work, ignore_errors=True)
    return rows


def network_bench():
    sys.path.insert(0, os.path.join(ROOT, "tests", "e2e"))
    import tfharness

    rows = {}
    for label, binary in (("ours", OURS), ("hashicorp", THEIRS)):
        work = tempfile.mkdtemp(prefix=f"bench-net-{label}-")
        emu = tfharness.EmulatorProcess(work, verbose=False).start()
        ws = Workspace(label, binary, [os.path.join(ROOT, "bench", "network", "main.tf")],
                       extra_env=emu.aws_env())
        try:
            row = {}
            for step, args in (("apply", ("apply", "-auto-approve", "-input=false")),
                               ("replan", ("plan", "-detailed-exitcode", "-input=false")),
                               ("destroy", ("destroy", "-auto-approve", "-input=false"))):
                before = len(emu.calls())
                dt, r = ws.tf(*args)
                if step == "replan":
                    assert r.returncode == 0, f"{label}: re-plan is not clean:\n{r.stdout[-3000:]}"
                row[step + "_s"] = dt
                row[step + "_calls"] = len(emu.calls()) - before
            assert emu.state()["empty"], f"{label}: destroy left objects behind"
            rows[label] = row
        finally:
            emu.stop()
            ws.cleanup()
            shutil.rmtree(work, ignore_errors=True)
    print(f"{'network part of the seed':<28}{'ours':>12}{'hashicorp':>12}{'ratio':>10}")
    for key in ("apply_s", "apply_calls", "replan_s", "replan_calls", "destroy_s", "destroy_calls"):
        o, h = rows["ours"][key], rows["hashicorp"][key]
        print(f"{key:<28}{o:>12.2f}{h:>12.2f}{(h / o if o else float('inf')):>9.1f}x")
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--aliases", type=int, default=20,
                    help="aliased provider configurations in the memory benchmark (0: skip it)")
    ap.add_argument("--network", action="store_true")
    args = ap.parse_args()
    if args.runs < 1 or args.aliases < 0:
        sys.exit("--runs must be at least 1 and --aliases at least 0")
    for path in (OURS, THEIRS, SEED17):
        if not os.path.exists(path):
            sys.exit(f"missing {path}")
    print(f"ours: {OURS}")
    # Start-up times are only comparable on a quiet machine: say how busy it was.
    print("load average before: %.2f %.2f %.2f" % os.getloadavg())
    hs = {"ours": handshake(OURS, args.runs * 2), "hashicorp": handshake(THEIRS, args.runs * 2)}
    plan = plan_bench(args.runs)
    result = {
        "handshake_s": {k: v[0] for k, v in hs.items()},
        "handshake_rss_mib": {k: v[1] / 1024 for k, v in hs.items()},
        "handshake_hwm_mib": {k: v[2] / 1024 for k, v in hs.items()},
        "plan_17_s": {k: v["plan_s"] for k, v in plan.items()},
        "peak_rss_mib": {k: v["rss_kib"] / 1024 for k, v in plan.items()},
    }
    rows = [("handshake_s", "s"), ("handshake_rss_mib", "MiB"), ("handshake_hwm_mib", "MiB"),
            ("plan_17_s", "s"),
            ("peak_rss_mib", "MiB")]
    if args.aliases:
        al = aliases_bench(args.runs, args.aliases)
        n = args.aliases
        result[f"aliases{n}_rss_mib"] = {k: v["rss_kib"] / 1024 for k, v in al.items()}
        result[f"aliases{n}_processes"] = {k: v["procs"] for k, v in al.items()}
        result[f"aliases{n}_plan_s"] = {k: v["plan_s"] for k, v in al.items()}
        rows += [(f"aliases{n}_rss_mib", "MiB"), (f"aliases{n}_processes", "n"),
                 (f"aliases{n}_plan_s", "s")]
    print(f"{'measure':<28}{'ours':>12}{'hashicorp':>12}{'ratio':>10}")
    for key, unit in rows:
        o, h = result[key]["ours"], result[key]["hashicorp"]
        print(f"{key + ' (' + unit + ')':<28}{o:>12.3f}{h:>12.3f}{h / o:>9.1f}x")
    print("(ratio = hashicorp / ours; above 1 means ours is faster or smaller)")
    print("load average after: %.2f %.2f %.2f" % os.getloadavg())
    if args.network:
        result["network"] = network_bench()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
