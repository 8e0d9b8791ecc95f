#!/usr/bin/env python3
"""M/M/1 at utilisation 0.9 in SimPy 4, the peer of `tiersim run bench/scenarios/mm1.yaml`.

The model is written the way SimPy's documentation writes queues: a source process creates
customers at Exp(1/0.9) intervals, each customer is a process that requests a Resource of
capacity 1, holds it for an Exp(1) service and leaves. Customers stop after N arrivals and the
run ends when the last one leaves. tools/bench times this whole process (interpreter start-up,
import and model included) beside tiersim's whole process, with N the number of patients
tiersim created; the times printed here are around the simulation alone, for reference.

Usage: simpy_mm1.py [N]   (default 1,000,000). SimPy is found on PYTHONPATH, or under
$SIMPY_SRC (a SimPy source checkout: $SIMPY_SRC/src or $SIMPY_SRC itself).
Prints one line: `simpy customers=N wall_s=X cpu_s=Y mean_wait=W version=V`.
`simpy_mm1.py --version` prints only SimPy's version (installed metadata; for a source
checkout `git describe --tags` there, else the newest entry of its CHANGES.rst; `unknown`
when none says), and exits 3 when SimPy cannot be imported.
"""
import os
import random
import re
import subprocess
import sys
import time


def import_simpy():
    src = os.environ.get("SIMPY_SRC")
    if src:
        for path in (os.path.join(src, "src"), src):
            if os.path.isdir(os.path.join(path, "simpy")):
                sys.path.insert(0, path)
                break
    import simpy  # noqa: E402  (after the path is set)

    return simpy


def simpy_version(simpy):
    """The version of the SimPy imported, from what says it, never assumed."""
    try:
        from importlib.metadata import version

        ver = version("simpy")
        if ver:
            return ver
    except Exception:  # a source checkout has no installed metadata
        pass
    root = os.path.dirname(os.path.dirname(os.path.abspath(simpy.__file__)))
    if os.path.basename(root) == "src":
        root = os.path.dirname(root)
    try:
        out = subprocess.run(["git", "-C", root, "describe", "--tags", "--exact-match"],
                             capture_output=True, text=True, check=False).stdout.strip()
        if re.fullmatch(r"v?\d+(\.\d+)*", out):
            return out.lstrip("v")
    except OSError:
        pass
    try:
        with open(os.path.join(root, "CHANGES.rst"), encoding="utf-8") as f:
            for line in f:
                m = re.match(r"(\d+\.\d+(\.\d+)?)\s+-\s+\d{4}-\d{2}-\d{2}", line)
                if m:
                    return m.group(1)
    except OSError:
        pass
    return "unknown"


def main():
    if sys.argv[1:] == ["--version"]:
        try:
            simpy = import_simpy()
        except ImportError:
            sys.exit(3)
        print(simpy_version(simpy))
        return
    customers = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    simpy = import_simpy()
    rng = random.Random(1)
    arrival_rate, service_rate = 0.9, 1.0
    waits = [0.0, 0]  # sum, count

    def customer(env, server):
        arrived = env.now
        with server.request() as req:
            yield req
            waits[0] += env.now - arrived
            waits[1] += 1
            yield env.timeout(rng.expovariate(service_rate))

    def source(env, server):
        for _ in range(customers):
            yield env.timeout(rng.expovariate(arrival_rate))
            env.process(customer(env, server))

    wall, cpu = time.perf_counter(), time.process_time()
    env = simpy.Environment()
    server = simpy.Resource(env, capacity=1)
    env.process(source(env, server))
    env.run()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    ver = simpy_version(simpy)
    print(f"simpy customers={customers} wall_s={wall:.3f} cpu_s={cpu:.3f} "
          f"mean_wait={waits[0] / max(waits[1], 1):.3f} version={ver}")


if __name__ == "__main__":
    main()
