#!/bin/sh
# CTest `mpi_sweep_equals_single_process` (label mpi): the same sweep under
# `mpirun -np 3` and in one process must give the same rows (timing columns aside).
# usage: mpi_sweep_test.sh MPIEXEC TIERSIM SOURCE_DIR WORK_DIR
set -eu
mpiexec=$1 tiersim=$2 src=$3 work=$4
rm -rf "$work" && mkdir -p "$work"
cd "$src"
# Single-node sandbox settings: no ssh/rsh launcher, shared-memory transport only.
export OMPI_MCA_plm=isolated OMPI_MCA_btl=self,vader OMPI_MCA_btl_vader_single_copy_mechanism=none
# In the sanitizer build, Open MPI's own start-up allocations (many in plug-ins it unloads, so
# they cannot be suppressed by name) read as leaks at exit: leak checking is off for the MPI
# ranks only. Every other test, the single-process sweep below included, keeps it.
mpi_asan_options="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
ASAN_OPTIONS=$mpi_asan_options "$mpiexec" --allow-run-as-root --oversubscribe -np 3 -x ASAN_OPTIONS "$tiersim" sweep scenarios/tests/sweep_small.yaml \
  --store "$work/mpi.sqlite" --quiet > "$work/mpi.out"
grep -q "3 MPI ranks" "$work/mpi.out" || { echo "not run over 3 ranks:"; cat "$work/mpi.out"; exit 1; }
env -u OMPI_MCA_plm "$tiersim" sweep scenarios/tests/sweep_small.yaml --store "$work/one.sqlite" --threads 2 --quiet > /dev/null
dump() {
  sqlite3 "$1" "SELECT point, parameters FROM points ORDER BY point;
    SELECT point, replication, status, seed, stream_seed, error FROM runs ORDER BY point, replication;
    SELECT point, replication, metric, quote(value) FROM results ORDER BY point, replication, metric;"
}
if ! command -v sqlite3 > /dev/null; then
  dump() {
    python3 -c "import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
for q in ['SELECT point, parameters FROM points ORDER BY point',
          'SELECT point, replication, status, seed, stream_seed, error FROM runs ORDER BY point, replication',
          'SELECT point, replication, metric, quote(value) FROM results ORDER BY point, replication, metric']:
    for row in c.execute(q): print('|'.join(str(x) for x in row))" "$1"
  }
fi
dump "$work/mpi.sqlite" > "$work/mpi.txt"
dump "$work/one.sqlite" > "$work/one.txt"
test "$(grep -c '|ok|' "$work/mpi.txt")" -eq 18 || { echo "expected 18 ok runs"; exit 1; }
if ! cmp -s "$work/mpi.txt" "$work/one.txt"; then
  echo "MPI store differs from the single-process store:"; diff "$work/mpi.txt" "$work/one.txt" | head -20; exit 1
fi
# Resuming under MPI finds everything done.
ASAN_OPTIONS=$mpi_asan_options "$mpiexec" --allow-run-as-root --oversubscribe -np 3 -x ASAN_OPTIONS "$tiersim" sweep scenarios/tests/sweep_small.yaml \
  --store "$work/mpi.sqlite" --quiet > "$work/again.out"
grep -q "0 runs done now (0 failed), 18 already done" "$work/again.out" || { cat "$work/again.out"; exit 1; }
rm -rf "$work"
echo "MPI sweep equals the single-process sweep"
