#!/usr/bin/python3
"""Writes the start-up's dense windows into a linked release executable.

Usage: scripts/hot-windows.py BINARY

cmake/fault_around.c maps the executable's pages one at a time, so that a
provider process holds only the pages it reads; start-up reads about six
hundred of them, mostly packed together by cmake/startup-order.txt, and one
fault per page costs it about a microsecond each.  This script runs BINARY
once as Terraform starts it (go-plugin's environment, automatic mutual TLS)
with TFP_FAULT_AROUND=record:<file>, which lists the pages of the
executable read up to the handshake line; the 64 KiB-aligned windows of
which start-up reads at least THRESHOLD of the 16 pages are merged into
ranges and written into the executable's table (tfp_hot, found by its
marker), which fault_around.c then leaves to the kernel's fault-around at
start.  Run by the build after linking (cmake/static.cmake); it changes
only the table's bytes, nothing is moved.

Nothing is written, and the exit status is still 0, where the kernel cannot
map pages one at a time (no asynchronous write-protect userfaultfd: then
the record is not made and the table stays empty, as in a cross build), or
where the executable cannot be run here (a warning says why).
"""
import os
import signal
import struct
import subprocess
import sys
import tempfile
import time

MARKER = b"TFP-HOT-WINDOWS\0"
MAX_RANGES = 64
WINDOW = 64 << 10
THRESHOLD = 12  # pages of 16 read at start-up
COOKIE = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2"
# Any certificate does for the record (Terraform's own is made per run):
# the provider only loads it as the root it trusts.  A public certificate,
# its key discarded.
HERE = os.path.dirname(os.path.abspath(__file__))
CLIENT_CERT = os.path.join(HERE, "..", "cmake", "record-client-cert.pem")


def record(binary, out):
    env = dict(os.environ)
    for k in ("TFP_FAULT_AROUND", "TF_LOG", "TF_LOG_PROVIDER"):
        env.pop(k, None)
    with open(CLIENT_CERT) as f:
        cert = f.read()
    env.update(TF_PLUGIN_MAGIC_COOKIE=COOKIE, PLUGIN_PROTOCOL_VERSIONS="5",
               PLUGIN_CLIENT_CERT=cert, TFP_FAULT_AROUND="record:" + out)
    p = subprocess.Popen([binary], env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        line = p.stdout.readline()
        if not line.startswith(b"1|5|"):
            raise SystemExit("hot-windows: %s did not reach the handshake line" % binary)
        deadline = time.monotonic() + 5
        while not os.path.exists(out) and time.monotonic() < deadline:
            time.sleep(0.01)
    finally:
        p.send_signal(signal.SIGTERM)
        try:
            p.wait(10)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
        p.stdout.close()
    if not os.path.exists(out):
        return None
    with open(out) as f:
        return sorted({int(x, 16) for x in f.read().split()})


def windows(pages):
    count = {}
    for addr in pages:
        count[addr // WINDOW] = count.get(addr // WINDOW, 0) + 1
    dense = sorted(w for w, n in count.items() if n >= THRESHOLD)
    ranges = []
    for w in dense:
        if ranges and ranges[-1][1] == w * WINDOW:
            ranges[-1][1] = (w + 1) * WINDOW
        else:
            ranges.append([w * WINDOW, (w + 1) * WINDOW])
    if len(ranges) > MAX_RANGES:
        # Keep the largest; the rest are mapped page by page.
        ranges = sorted(sorted(ranges, key=lambda r: r[0] - r[1])[:MAX_RANGES])
    return ranges


def main():
    if len(sys.argv) != 2:
        raise SystemExit(__doc__.split("\n\n")[1])
    binary = sys.argv[1]
    with open(binary, "rb") as f:
        data = bytearray(f.read())
    at = data.find(MARKER)
    if at < 0 or data.find(MARKER, at + 1) >= 0:
        raise SystemExit("hot-windows: %s has no single tfp_hot table" % binary)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            pages = record(binary, os.path.join(tmp, "pages"))
    except (OSError, SystemExit) as e:
        # The executable works without the table (every page is then mapped
        # on its own): say so, and let the build go on.
        print("hot-windows: warning: no record (%s); the table stays empty" % e)
        return
    if pages is None:
        print("hot-windows: no record (this kernel maps pages with fault-around "
              "regardless); the table stays empty")
        return
    ranges = windows(pages)
    table = struct.pack("<Q", len(ranges)) + b"".join(struct.pack("<QQ", a, b) for a, b in ranges)
    table += b"\0" * (8 + MAX_RANGES * 16 - len(table))
    data[at + len(MARKER):at + len(MARKER) + len(table)] = table
    tmp = binary + ".hot"
    with open(tmp, "wb") as f:
        f.write(data)
    os.chmod(tmp, os.stat(binary).st_mode & 0o7777)
    os.replace(tmp, binary)
    hot = sum(b - a for a, b in ranges) // 4096
    read = sum(1 for p in pages if any(a <= p < b for a, b in ranges))
    print("hot-windows: %d pages read at start-up; %d ranges of dense windows hold %d of them "
          "in %d pages" % (len(pages), len(ranges), read, hot))


if __name__ == "__main__":
    main()
