#!/usr/bin/python3
"""Side-by-side benchmark: our provider against hashicorp/aws 5.100.0.

Measured in one run, on the same machine, for both providers:
  * start-up: time from exec to the go-plugin handshake line (median of N);
  * peak RSS of the provider process during `terraform plan` of the
    17-resource seed configuration;
  * wall time of that `terraform plan` (median of N).

With --network it also applies, re-plans and destroys the networking part
of the seed (bench/network/) against the project's AWS emulator, a fresh
emulator per provider, and counts the AWS calls each provider made.

Both providers are run through the same dev_overrides mechanism, each
behind a tiny wrapper that records the provider's own peak RSS (wait4), so
neither gets a head start from plugin installation or caching.

Usage: bench/bench.py [--runs 5] [--network]
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
OURS = os.environ.get("TFP_PROVIDER_BIN_RELEASE", os.path.join(ROOT, "build", "terraform-provider-aws"))
THEIRS = os.path.join(
    PLUGINS, "registry.terraform.io/hashicorp/aws/5.100.0/linux_amd64/terraform-provider-aws_v5.100.0_x5"
)
SEED17 = os.path.join(ROOT, "tests", "e2e", "fixtures", "seed17", "main.tf")

WRAPPER = """#!/usr/bin/python3
import os, sys
pid = os.fork()
if pid == 0:
    os.execv({binary!r}, [{binary!r}] + sys.argv[1:])
_, status, usage = os.wait4(pid, 0)
with open({out!r}, "a") as f:
    f.write(str(usage.ru_maxrss) + "\\n")
sys.exit(os.waitstatus_to_exitcode(status))
"""


def handshake_time(binary, runs):
    times = []
    env = dict(os.environ, TF_PLUGIN_MAGIC_COOKIE=COOKIE, PLUGIN_PROTOCOL_VERSIONS="5")
    env.pop("PLUGIN_CLIENT_CERT", None)
    # A real client certificate so that both do their automatic-mTLS work.
    env["PLUGIN_CLIENT_CERT"] = _client_cert()
    for _ in range(runs):
        t0 = time.perf_counter()
        p = subprocess.Popen([binary], env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        line = p.stdout.readline()
        times.append(time.perf_counter() - t0)
        assert line.startswith(b"1|5|"), line
        p.terminate()
        p.wait()
        p.stdout.close()
    return statistics.median(times)


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
        with open(wrapper, "w") as f:
            f.write(WRAPPER.format(binary=binary, out=self.rss_file))
        os.chmod(wrapper, 0o755)
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

    def peak_rss_kib(self):
        with open(self.rss_file) as f:
            return max(int(x) for x in f.read().split())

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
    ap.add_argument("--network", action="store_true")
    args = ap.parse_args()
    for path in (OURS, THEIRS, SEED17):
        if not os.path.exists(path):
            sys.exit(f"missing {path}")
    hs = {"ours": handshake_time(OURS, args.runs * 2), "hashicorp": handshake_time(THEIRS, args.runs * 2)}
    plan = plan_bench(args.runs)
    result = {
        "handshake_s": hs,
        "plan_17_s": {k: v["plan_s"] for k, v in plan.items()},
        "peak_rss_mib": {k: v["rss_kib"] / 1024 for k, v in plan.items()},
    }
    print(f"{'measure':<28}{'ours':>12}{'hashicorp':>12}{'ratio':>10}")
    for key, unit in (("handshake_s", "s"), ("plan_17_s", "s"), ("peak_rss_mib", "MiB")):
        o, h = result[key]["ours"], result[key]["hashicorp"]
        print(f"{key + ' (' + unit + ')':<28}{o:>12.3f}{h:>12.3f}{h / o:>9.1f}x")
    print("(ratio = hashicorp / ours; above 1 means ours is faster or smaller)")
    if args.network:
        result["network"] = network_bench()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
