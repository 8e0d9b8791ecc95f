#!/usr/bin/env python3
"""Runs one command as a whole process and prints what it cost, for tools/bench.

Usage: timed.py [--stdout FILE] -- COMMAND [ARGS...]
Prints one line: `wall_s=X cpu_s=Y maxrss_mib=Z rc=R`: wall-clock time from start to exit,
CPU time of the process (user + system, all its threads; children it waited for included),
from wait4(2), and its peak resident memory, from GNU time's %M when /usr/bin/time is there (a
forked Python's own pages would otherwise count; without it the figure is wait4's, an upper bound). The command's standard
output goes to FILE (default: discarded); its standard error passes through. Exits with the
command's status. Python's own start-up is not counted: only the child is measured.
"""
import os
import subprocess
import sys
import tempfile
import time


def main():
    args = sys.argv[1:]
    out = os.devnull
    if len(args) >= 2 and args[0] == "--stdout":
        out, args = args[1], args[2:]
    if args[:1] == ["--"]:
        args = args[1:]
    if not args:
        sys.exit(__doc__)
    gnu_time = "/usr/bin/time"
    rss_file = None
    if os.access(gnu_time, os.X_OK):
        fd, rss_file = tempfile.mkstemp(prefix="timed.")
        os.close(fd)
        args = [gnu_time, "-q", "-f", "%M", "-o", rss_file] + args
    with open(out, "wb") as sink:
        start = time.perf_counter()
        child = subprocess.Popen(args, stdout=sink)
        _, status, usage = os.wait4(child.pid, 0)  # CPU of the child and of what it waited for
        wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    rss_kib = usage.ru_maxrss
    if rss_file:
        with open(rss_file, encoding="ascii") as f:
            lines = [line for line in f.read().split() if line.isdigit()]
        os.unlink(rss_file)
        if lines:
            rss_kib = int(lines[-1])
    print(f"wall_s={wall:.4f} cpu_s={cpu:.4f} maxrss_mib={rss_kib / 1024:.1f} rc={child.returncode}")
    sys.exit(child.returncode if child.returncode >= 0 else 128 - child.returncode)


if __name__ == "__main__":
    main()
