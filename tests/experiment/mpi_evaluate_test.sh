#!/bin/sh
# CTest `mpi_evaluator_equals_single_process` (label mpi): `tiersim optimize --store` and
# `tiersim calibrate` (the evaluator's runs) and a sweep on 2 MPI ranks give what one process
# gives, byte for byte (timing fields aside); an optimisation resumed under MPI runs nothing.
# usage: mpi_evaluate_test.sh MPIEXEC TIERSIM SOURCE_DIR WORK_DIR
set -eu
mpiexec=$1 tiersim=$2 src=$3 work=$4
rm -rf "$work" && mkdir -p "$work"
cd "$src"
# Single-node sandbox settings: no ssh/rsh launcher, shared-memory transport only.
export OMPI_MCA_plm=isolated OMPI_MCA_btl=self,vader OMPI_MCA_btl_vader_single_copy_mechanism=none
# Leak checking off for the MPI ranks only (Open MPI's own start-up allocations; see
# mpi_sweep_test.sh).
mpi_asan_options="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
on2() { ASAN_OPTIONS=$mpi_asan_options "$mpiexec" --allow-run-as-root --oversubscribe -np 2 -x ASAN_OPTIONS "$tiersim" "$@"; }
one() { env -u OMPI_MCA_plm "$tiersim" "$@"; }
fail() { echo "$*"; exit 1; }
dump() {
  python3 -c "import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
for q in ['SELECT point, parameters FROM points ORDER BY point',
          'SELECT point, replication, status, seed, stream_seed, error FROM runs ORDER BY point, replication',
          'SELECT point, replication, metric, quote(value) FROM results ORDER BY point, replication, metric',
          \"SELECT key, value FROM meta WHERE key != 'tiersim_version' ORDER BY key\"]:
    for row in c.execute(q): print('|'.join(str(x) for x in row))" "$1"
}
# The JSON outputs without their timing fields.
untimed() { grep -v '"wall_seconds"' "$1"; }

# optimize --store: 2 ranks against one process on 2 threads.
opt=scenarios/tests/optimize_station_opt.yaml
on2 optimize "$opt" --out "$work/opt2" --store "$work/opt2.sqlite" --quiet > "$work/opt2.out"
grep -q ", 2 MPI ranks; results in" "$work/opt2.out" || fail "optimize not run over 2 ranks: $(cat "$work/opt2.out")"
one optimize "$opt" --out "$work/opt1" --store "$work/opt1.sqlite" --threads 2 --quiet > "$work/opt1.out"
for f in best.yaml optimization.html; do
  cmp -s "$work/opt2/$f" "$work/opt1/$f" || fail "optimize on 2 ranks: $f differs from one process"
done
untimed "$work/opt2/optimization.json" > "$work/opt2.json"
untimed "$work/opt1/optimization.json" > "$work/opt1.json"
cmp -s "$work/opt2.json" "$work/opt1.json" || { diff "$work/opt2.json" "$work/opt1.json" | head -20; fail "optimization.json differs"; }
dump "$work/opt2.sqlite" > "$work/opt2.txt"
dump "$work/opt1.sqlite" > "$work/opt1.txt"
test "$(grep -c '|ok|' "$work/opt2.txt")" -eq 90 || fail "expected 90 ok runs in the optimisation store"
cmp -s "$work/opt2.txt" "$work/opt1.txt" || { diff "$work/opt2.txt" "$work/opt1.txt" | head -20; fail "optimisation stores differ"; }
# Resumed under MPI: everything comes from the store.
rm -rf "$work/opt2"
on2 optimize "$opt" --out "$work/opt2" --store "$work/opt2.sqlite" --quiet > "$work/again.out"
grep -q "90 replications (0 simulated now, 90 from the store)" "$work/again.out" || fail "resume: $(cat "$work/again.out")"

# calibrate: 2 ranks against one process.
cal=scenarios/tests/calibrate/worked.yaml
on2 calibrate "$cal" --out "$work/cal2" > "$work/cal2.out" 2> "$work/cal2.err"
grep -q "on 2 MPI ranks" "$work/cal2.err" || fail "calibrate not run over 2 ranks: $(cat "$work/cal2.err")"
one calibrate "$cal" --out "$work/cal1" --threads 2 --quiet > /dev/null
for f in calibrated.yaml calibration.html; do
  cmp -s "$work/cal2/$f" "$work/cal1/$f" || fail "calibrate on 2 ranks: $f differs from one process"
done
untimed "$work/cal2/calibration.json" > "$work/cal2.json"
untimed "$work/cal1/calibration.json" > "$work/cal1.json"
cmp -s "$work/cal2.json" "$work/cal1.json" || { diff "$work/cal2.json" "$work/cal1.json" | head -20; fail "calibration.json differs"; }

# A sweep on 2 ranks (one worker) against one thread.
on2 sweep scenarios/tests/sweep_small.yaml --store "$work/sweep2.sqlite" --quiet > "$work/sweep2.out"
grep -q "2 MPI ranks" "$work/sweep2.out" || fail "sweep not run over 2 ranks: $(cat "$work/sweep2.out")"
one sweep scenarios/tests/sweep_small.yaml --store "$work/sweep1.sqlite" --threads 1 --quiet > /dev/null
dump "$work/sweep2.sqlite" > "$work/sweep2.txt"
dump "$work/sweep1.sqlite" > "$work/sweep1.txt"
cmp -s "$work/sweep2.txt" "$work/sweep1.txt" || { diff "$work/sweep2.txt" "$work/sweep1.txt" | head -20; fail "sweep stores differ"; }
rm -rf "$work"
echo "optimize, calibrate and a sweep on 2 MPI ranks equal one process"
